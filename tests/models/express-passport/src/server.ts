import express from "express";
import passport from "passport";
import { ensureAdmin, ensureAuthenticated } from "./auth";
import { Invoice } from "./models";

const app = express();
app.use(express.json());
app.use(passport.initialize());
app.use(passport.session());

app.post("/login", passport.authenticate("local"), (req, res) => res.json({ ok: true }));
app.get("/invoices", ensureAuthenticated, async (req, res) => {
  res.json(await Invoice.find({ owner: req.user!.id }));
});
app.delete("/invoices/:id", ensureAuthenticated, ensureAdmin, async (req, res) => {
  await Invoice.deleteOne({ _id: req.params.id });
  res.status(204).end();
});
app.get("/status", (req, res) => res.json({ up: true }));

export default app;
