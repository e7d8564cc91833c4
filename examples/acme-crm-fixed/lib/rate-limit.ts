import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { NextResponse } from "next/server";
import { env } from "@/lib/env";

const redis = new Redis({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN });

const limiters = {
  // AI calls cost money per request.
  ai: new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(20, "1 h"), prefix: "rl:ai" }),
  // Everything else a signed-in user can hammer.
  api: new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(120, "1 m"), prefix: "rl:api" }),
};

/** `null` when the caller may go on, or the 429 to return. */
export async function rateLimit(kind: keyof typeof limiters, key: string) {
  const { success, reset } = await limiters[kind].limit(key);
  if (success) return null;
  return NextResponse.json(
    { error: "Too many requests" },
    { status: 429, headers: { "Retry-After": String(Math.ceil((reset - Date.now()) / 1000)) } },
  );
}
