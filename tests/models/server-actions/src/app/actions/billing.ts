"use server";

import { z } from "zod";
import { authActionClient } from "@/lib/safe-action";
import { db } from "@/lib/db";

export const changePlan = authActionClient
  .schema(z.object({ plan: z.enum(["free", "pro", "team"]) }))
  .action(async ({ parsedInput: { plan }, ctx: { user } }) => {
    await db.subscription.update({ where: { userId: user.id }, data: { plan } });
    return { plan };
  });
