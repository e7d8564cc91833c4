import type { NextApiRequest, NextApiResponse } from "next";

const entries = [
  { version: "1.2.0", date: "2025-01-14", notes: "Task export" },
  { version: "1.1.0", date: "2024-11-02", notes: "Projects" },
];

export default function handler(_req: NextApiRequest, res: NextApiResponse) {
  res.setHeader("Cache-Control", "s-maxage=3600");
  res.status(200).json(entries);
}
