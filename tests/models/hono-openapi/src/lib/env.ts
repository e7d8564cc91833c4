import { z } from "zod";

const schema = z.object({ JOBS_SECRET: z.string().min(32), DATABASE_URL: z.string().url() });

export function env() {
  return schema.parse(process.env);
}
