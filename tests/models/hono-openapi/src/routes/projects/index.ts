import { OpenAPIHono } from "@hono/zod-openapi";
import { registerDeleteProject } from "./delete";
import { registerGetProject } from "./get";

export const projectsApi = new OpenAPIHono<{ Variables: { ownerId: string } }>();

registerGetProject(projectsApi);
registerDeleteProject(projectsApi);
