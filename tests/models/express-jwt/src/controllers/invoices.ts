import type { Request, Response } from "express";
import { prisma } from "../db";
import type { TokenUser } from "../middleware/auth";

export async function listInvoices(req: Request, res: Response) {
  const user = req.user as TokenUser;
  const invoices = await prisma.invoice.findMany({ where: { orgId: user.orgId } });
  res.json(invoices);
}

export async function createInvoice(req: Request, res: Response) {
  const user = req.user as TokenUser;
  const invoice = await prisma.invoice.create({
    data: { orgId: user.orgId, customer: req.body.customer, totalCents: req.body.totalCents },
  });
  res.status(201).json(invoice);
}

export async function getInvoice(req: Request, res: Response) {
  const user = req.user as TokenUser;
  const invoice = await prisma.invoice.findFirst({ where: { id: req.params.id, orgId: user.orgId } });
  if (!invoice) return res.status(404).end();
  res.json(invoice);
}

export async function updateInvoice(req: Request, res: Response) {
  const user = req.user as TokenUser;
  await prisma.invoice.updateMany({
    where: { id: req.params.id, orgId: user.orgId },
    data: { status: req.body.status },
  });
  res.status(204).end();
}
