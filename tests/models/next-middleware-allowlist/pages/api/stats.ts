import type { NextApiRequest, NextApiResponse } from "next";
import { prisma } from "@/lib/prisma";

export default async function handler(_req: NextApiRequest, res: NextApiResponse) {
  const [teams, members] = await Promise.all([prisma.team.count(), prisma.member.count()]);
  res.setHeader("Cache-Control", "s-maxage=3600");
  return res.status(200).json({ teams, members });
}
