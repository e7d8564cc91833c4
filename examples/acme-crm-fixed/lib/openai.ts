import OpenAI from "openai";
import { env } from "@/lib/env";

// The SDK retries twice and times out after 30 s per request.
export const openai = new OpenAI({ apiKey: env.OPENAI_API_KEY, timeout: 30_000, maxRetries: 2 });
