import type { DrizzleD1Database } from "drizzle-orm/d1";

export type SessionUser = { id: string; handle: string; role: "author" | "editor" };

export type AppEnv = {
  Bindings: { DB: D1Database; JWT_SECRET: string; SESSION_SECRET: string };
  Variables: { user: SessionUser; db: DrizzleD1Database };
};
