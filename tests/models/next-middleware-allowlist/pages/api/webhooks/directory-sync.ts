import type { NextApiRequest, NextApiResponse } from "next";
import { prisma } from "@/lib/prisma";
import { isValidSignature } from "@/lib/signature";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (!isValidSignature(JSON.stringify(req.body), req.headers["x-hooks-signature"] as string)) {
    return res.status(401).json({ error: "bad signature" });
  }
  await prisma.member.deleteMany({ where: { email: req.body.email } });
  return res.status(204).end();
}
