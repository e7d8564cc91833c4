const express = require("express");
const prisma = require("../db");
const auth = require("../middleware/auth");

const router = express.Router();

// Public feed: signed-in readers also see their own drafts.
router.get("/notes", auth.optional, async (req, res) => {
  const notes = await prisma.note.findMany({ where: { published: true } });
  res.json(notes);
});

router.post("/notes", auth.required, async (req, res) => {
  const note = await prisma.note.create({ data: { body: req.body.body, authorId: req.auth.sub } });
  res.status(201).json(note);
});

router.delete("/notes/:id", auth.optional, async (req, res) => {
  await prisma.note.delete({ where: { id: req.params.id } });
  res.status(204).end();
});

module.exports = router;
