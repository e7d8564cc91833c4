import { createMiddleware } from "hono/factory";
import { eq } from "drizzle-orm";
import { createHash } from "node:crypto";
import { apiKeys, db } from "./db";

// Looks the caller's API key up and rejects unknown keys.
export const apiKeyAuth = createMiddleware<{ Variables: { ownerId: string } }>(async (c, next) => {
  const key = c.req.header("x-api-key");
  if (!key) return c.json({ error: "missing api key" }, 401);
  const hashed = createHash("sha256").update(key).digest("hex");
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.hashedKey, hashed));
  if (!row) return c.json({ error: "invalid api key" }, 401);
  c.set("ownerId", row.ownerId!);
  await next();
});
