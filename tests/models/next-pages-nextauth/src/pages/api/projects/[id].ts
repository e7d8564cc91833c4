import type { NextApiRequest, NextApiResponse } from "next";
import { prisma } from "@/lib/prisma";

// Relies on the next-auth middleware matcher (/api/projects/:path*) for the session.
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const id = String(req.query.id);
  if (req.method === "DELETE") {
    await prisma.project.delete({ where: { id } });
    return res.status(204).end();
  }
  if (req.method === "PATCH") {
    const project = await prisma.project.update({ where: { id }, data: { name: req.body.name } });
    return res.status(200).json(project);
  }
  const project = await prisma.project.findUnique({ where: { id } });
  return project ? res.status(200).json(project) : res.status(404).end();
}
