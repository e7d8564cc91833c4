const express = require("express");
const bcrypt = require("bcryptjs");
const jwt = require("jsonwebtoken");
const prisma = require("../db");

const router = express.Router();

router.post("/users", async (req, res) => {
  const passwordHash = await bcrypt.hash(req.body.password, 12);
  const user = await prisma.user.create({ data: { email: req.body.email, passwordHash } });
  res.status(201).json({ id: user.id });
});

router.post("/users/login", async (req, res) => {
  const user = await prisma.user.findUnique({ where: { email: req.body.email } });
  if (!user || !(await bcrypt.compare(req.body.password, user.passwordHash))) {
    return res.status(401).json({ error: "invalid credentials" });
  }
  res.json({ token: jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: "1h" }) });
});

module.exports = router;
