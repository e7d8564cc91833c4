"use server";

import { z } from "zod";
import { prisma } from "@/lib/prisma";
import { actionClient, authActionClient, guestActionClient } from "@/lib/safe-action";

export const renameProject = authActionClient
  .schema(z.object({ id: z.string(), name: z.string().min(1) }))
  .action(async ({ parsedInput, ctx }) => {
    await prisma.project.update({ where: { id: parsedInput.id, ownerId: ctx.userId }, data: { name: parsedInput.name } });
  });

export const createAccount = guestActionClient
  .schema(z.object({ email: z.string().email() }))
  .action(async ({ parsedInput }) => {
    await prisma.user.create({ data: { email: parsedInput.email } });
  });

export const acceptInviteLink = actionClient
  .schema(z.object({ token: z.string().min(32) }))
  .action(async ({ parsedInput }) => {
    const invite = await prisma.invite.findUnique({ where: { token: parsedInput.token } });
    if (!invite) throw new Error("Invalid invite");
    await prisma.invite.delete({ where: { token: parsedInput.token } });
  });

export const wipeProjects = actionClient
  .schema(z.object({ ownerId: z.string() }))
  .action(async ({ parsedInput }) => {
    await prisma.project.deleteMany({ where: { ownerId: parsedInput.ownerId } });
  });
