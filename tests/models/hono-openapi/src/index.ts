import { OpenAPIHono } from "@hono/zod-openapi";
import { apiKeyAuth } from "./lib/auth";
import { projectsApi } from "./routes/projects";
import { createJobsRouter } from "./routes/jobs";

const app = new OpenAPIHono().basePath("/v1");

app.get("/health", (c) => c.json({ ok: true }));
app.use("/projects/*", apiKeyAuth);
app.route("/projects", projectsApi);
app.route("/jobs", createJobsRouter());

export default app;
