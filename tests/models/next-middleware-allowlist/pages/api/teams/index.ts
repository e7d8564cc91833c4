import type { NextApiRequest, NextApiResponse } from "next";
import { prisma } from "@/lib/prisma";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method === "POST") {
    const team = await prisma.team.create({ data: { name: req.body.name } });
    return res.status(201).json(team);
  }
  const teams = await prisma.team.findMany();
  return res.status(200).json(teams);
}
