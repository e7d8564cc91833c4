import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { db, projects } from "../../lib/db";

const getRoute = createRoute({
  method: "get",
  path: "/{id}",
  request: { params: z.object({ id: z.string().uuid() }) },
  responses: { 200: { description: "The project" } },
});

export function registerGetProject(api: OpenAPIHono<{ Variables: { ownerId: string } }>) {
  return api.openapi(getRoute, async (c) => {
    const { id } = c.req.valid("param");
    const [row] = await db.select().from(projects).where(eq(projects.id, id));
    return c.json(row ?? null);
  });
}
