import { z } from "zod";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "~/server/api/trpc";

export const postRouter = createTRPCRouter({
  latest: publicProcedure.query(({ ctx }) => {
    return ctx.db.post.findMany({ where: { published: true }, orderBy: { createdAt: "desc" }, take: 10 });
  }),

  byId: publicProcedure.input(z.object({ id: z.string() })).query(({ ctx, input }) => {
    return ctx.db.post.findFirst({ where: { id: input.id, published: true } });
  }),

  create: protectedProcedure
    .input(z.object({ title: z.string().min(1), body: z.string() }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.post.create({
        data: { title: input.title, body: input.body, authorId: ctx.session.user.id },
      });
    }),

  // Oops: anyone can delete any post.
  remove: publicProcedure.input(z.object({ id: z.string() })).mutation(async ({ ctx, input }) => {
    await ctx.db.post.delete({ where: { id: input.id } });
    return { ok: true };
  }),
});
