import { createMiddleware } from "hono/factory";
import { getCookie } from "hono/cookie";
import { verify } from "hono/jwt";
import type { AppEnv, SessionUser } from "../types";

/** Reads the signed session cookie; 401 when it is missing or invalid. */
export const sessionAuth = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, "qp_session");
  if (!token) {
    return c.json({ error: "Unauthorized" }, 401);
  }
  try {
    const payload = await verify(token, c.env.SESSION_SECRET);
    c.set("user", payload as unknown as SessionUser);
  } catch {
    return c.json({ error: "Unauthorized" }, 401);
  }
  await next();
});

export const requireEditor = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("user").role !== "editor") {
    return c.json({ error: "Forbidden" }, 403);
  }
  await next();
});
