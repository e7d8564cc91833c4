import { Hono } from "hono";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import { posts } from "../db/schema";
import { requireEditor, sessionAuth } from "../middleware/session";
import type { AppEnv } from "../types";

export const postsApp = new Hono<AppEnv>();

postsApp.get("/", async (c) => {
  const db = drizzle(c.env.DB);
  const rows = await db.select().from(posts).where(eq(posts.published, true));
  return c.json(rows);
});

postsApp.get("/:id", async (c) => {
  const db = drizzle(c.env.DB);
  const [row] = await db.select().from(posts).where(and(eq(posts.id, c.req.param("id")), eq(posts.published, true)));
  return row ? c.json(row) : c.notFound();
});

postsApp.post("/", sessionAuth, async (c) => {
  const { title, body } = await c.req.json<{ title: string; body: string }>();
  const db = drizzle(c.env.DB);
  const id = crypto.randomUUID();
  await db.insert(posts).values({ id, title, body, authorId: c.get("user").id });
  return c.json({ id }, 201);
});

postsApp.patch("/:id/publish", sessionAuth, requireEditor, async (c) => {
  const db = drizzle(c.env.DB);
  await db.update(posts).set({ published: true }).where(eq(posts.id, c.req.param("id")));
  return c.body(null, 204);
});
