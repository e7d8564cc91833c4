import type { NextFunction, Request, Response } from "express";
import jwt from "jsonwebtoken";

export type TokenUser = { id: string; email: string; role: "admin" | "member"; orgId: string };

export function requireAuth(req: Request, res: Response, next: NextFunction) {
  const header = req.headers.authorization;
  if (!header?.startsWith("Bearer ")) {
    return res.status(401).json({ error: "Missing bearer token" });
  }
  try {
    req.user = jwt.verify(header.slice(7), process.env.JWT_SECRET!) as TokenUser;
    return next();
  } catch {
    return res.status(401).json({ error: "Invalid or expired token" });
  }
}

export function requireRole(role: TokenUser["role"]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const user = req.user as TokenUser | undefined;
    if (!user || user.role !== role) {
      return res.status(403).json({ error: "Forbidden" });
    }
    return next();
  };
}
