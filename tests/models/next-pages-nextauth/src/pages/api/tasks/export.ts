import type { NextApiRequest, NextApiResponse } from "next";
import { getServerSession } from "next-auth/next";
import { authOptions } from "@/lib/auth";
import { prisma } from "@/lib/prisma";

// Reads the session only to pick a default project; never rejects.
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getServerSession(req, res, authOptions);
  const projectId = (req.query.projectId as string) ?? session?.user?.defaultProjectId;
  const tasks = await prisma.task.findMany({ where: { projectId } });
  res.setHeader("Content-Type", "text/csv");
  res.status(200).send(tasks.map((t) => `${t.id},${t.title}`).join("\n"));
}
