import { z } from "zod";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "~/server/api/trpc";

export const userRouter = createTRPCRouter({
  me: protectedProcedure.query(({ ctx }) => {
    return ctx.db.user.findUnique({ where: { id: ctx.session.user.id } });
  }),

  updateProfile: protectedProcedure
    .input(z.object({ name: z.string().max(50), bio: z.string().max(280) }))
    .mutation(({ ctx, input }) => {
      return ctx.db.user.update({ where: { id: ctx.session.user.id }, data: input });
    }),

  list: adminProcedure.query(({ ctx }) => {
    return ctx.db.user.findMany({ select: { id: true, name: true, email: true } });
  }),
});
