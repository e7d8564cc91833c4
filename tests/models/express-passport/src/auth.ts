import type { NextFunction, Request, Response } from "express";

export function ensureAuthenticated(req: Request, res: Response, next: NextFunction) {
  if (req.isAuthenticated()) {
    return next();
  }
  res.status(401).json({ error: "Sign in first" });
}

export function ensureAdmin(req: Request, res: Response, next: NextFunction) {
  if (req.user?.role === "admin") return next();
  return res.status(403).json({ error: "Admins only" });
}
