import { Router } from "express";
import { prisma } from "../db";

const adminRouter = Router();

adminRouter.get("/users", async (_req, res) => {
  res.json(await prisma.user.findMany({ select: { id: true, email: true, role: true } }));
});

adminRouter.delete("/users/:id", async (req, res) => {
  await prisma.user.delete({ where: { id: req.params.id } });
  res.status(204).end();
});

export default adminRouter;
