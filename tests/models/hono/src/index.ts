import { Hono } from "hono";
import { jwt } from "hono/jwt";
import { env } from "cloudflare:workers";
import { postsApp } from "./routes/posts";
import type { AppEnv } from "./types";

const app = new Hono<AppEnv>().basePath("/api");

app.get("/health", (c) => c.json({ ok: true }));

// API tokens for the CLI and integrations.
app.use("/me/*", jwt({ secret: env.JWT_SECRET }));

app.get("/me", (c) => {
  const payload = c.get("jwtPayload");
  return c.json({ id: payload.sub, handle: payload.handle });
});

// Older style from before top-level `env` existed: builds the middleware per request.
app.use("/tokens/*", (c, next) => jwt({ secret: c.env.JWT_SECRET })(c, next));

app.get("/tokens", (c) => {
  const payload = c.get("jwtPayload");
  return c.json({ tokens: [], owner: payload.sub });
});

app.route("/posts", postsApp);

app.notFound((c) => c.json({ error: "Not found" }, 404));

export default app;
