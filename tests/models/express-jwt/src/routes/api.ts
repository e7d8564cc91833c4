import { Router } from "express";
import bcrypt from "bcryptjs";
import jwt from "jsonwebtoken";
import passport from "passport";
import { prisma } from "../db";
import { requireAuth, requireRole } from "../middleware/auth";
import { createInvoice, getInvoice, listInvoices, updateInvoice } from "../controllers/invoices";
import adminRouter from "./admin";

const router = Router();

// --- public ---------------------------------------------------------------
router.post("/auth/login", async (req, res) => {
  const user = await prisma.user.findUnique({ where: { email: req.body.email } });
  if (!user || !(await bcrypt.compare(req.body.password, user.passwordHash))) {
    return res.status(401).json({ error: "Invalid credentials" });
  }
  const token = jwt.sign({ sub: user.id, email: user.email, role: user.role, orgId: user.orgId }, process.env.JWT_SECRET!, {
    expiresIn: "1h",
  });
  res.json({ token });
});

router.get("/plans", async (_req, res) => {
  res.json(await prisma.plan.findMany({ where: { public: true } }));
});

// Integrations use passport's JWT strategy (kept from v1).
router.get("/exports/:id", passport.authenticate("jwt", { session: false }), async (req, res) => {
  const file = await prisma.exportFile.findUnique({ where: { id: req.params.id } });
  if (!file) return res.status(404).end();
  res.json(file);
});

// --- everything below needs a token ----------------------------------------
router.use(requireAuth);

router.get("/me", (req, res) => {
  res.json(req.user);
});

router.get("/invoices", listInvoices);
router.post("/invoices", createInvoice);
router.route("/invoices/:id").get(getInvoice).patch(updateInvoice);

router.use("/admin", requireRole("admin"), adminRouter);

export default router;
