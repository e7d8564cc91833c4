import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { db, projects } from "../../lib/db";

export function registerDeleteProject(api: OpenAPIHono<{ Variables: { ownerId: string } }>) {
  return api.openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      request: { params: z.object({ id: z.string().uuid() }) },
      responses: { 204: { description: "Deleted" } },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await db.delete(projects).where(eq(projects.id, id));
      return c.body(null, 204);
    },
  );
}
