import type { NextApiRequest, NextApiResponse } from "next";
import { prisma } from "@/lib/prisma";

export default async function handler(_req: NextApiRequest, res: NextApiResponse) {
  const plans = await prisma.plan.findMany({ where: { active: true } });
  return res.status(200).json(plans);
}
