import { Hono } from "hono";
import { env } from "../lib/env";
import { db, projects } from "../lib/db";

// Built by a factory so tests can mount it with their own config.
export function createJobsRouter() {
  const jobs = new Hono();
  jobs.use("*", async (c, next) => {
    if (c.req.header("authorization") !== `Bearer ${env().JOBS_SECRET}`) {
      return c.json({ error: "unauthorized" }, 401);
    }
    await next();
  });
  jobs.post("/cleanup", async (c) => {
    await db.delete(projects);
    return c.json({ ok: true });
  });
  return jobs;
}
