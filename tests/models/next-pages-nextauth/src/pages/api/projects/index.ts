import type { NextApiRequest, NextApiResponse } from "next";
import { getServerSession } from "next-auth/next";
import { authOptions } from "@/lib/auth";
import { prisma } from "@/lib/prisma";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getServerSession(req, res, authOptions);
  if (!session) {
    return res.status(401).json({ message: "You must be signed in." });
  }

  switch (req.method) {
    case "GET": {
      const projects = await prisma.project.findMany({ where: { ownerId: session.user.id } });
      return res.status(200).json(projects);
    }
    case "POST": {
      const project = await prisma.project.create({
        data: { name: req.body.name, ownerId: session.user.id },
      });
      return res.status(201).json(project);
    }
    default:
      res.setHeader("Allow", ["GET", "POST"]);
      return res.status(405).end(`Method ${req.method} Not Allowed`);
  }
}
