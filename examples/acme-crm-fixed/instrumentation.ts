import * as Sentry from "@sentry/nextjs";

export async function register() {
  // Validates the environment before the first request.
  await import("@/lib/env");
  if (process.env.NEXT_RUNTIME === "nodejs" || process.env.NEXT_RUNTIME === "edge") {
    Sentry.init({ dsn: process.env.SENTRY_DSN, tracesSampleRate: 0.1 });
  }
}

export const onRequestError = Sentry.captureRequestError;
