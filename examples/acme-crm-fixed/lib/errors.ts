import * as Sentry from "@sentry/nextjs";
import { NextResponse } from "next/server";
import { z } from "zod";

export class AuthError extends Error {
  status = 401;
}

export class ForbiddenError extends Error {
  status = 403;
}

/** Maps a failure to a response: the status the caller can act on, never internals. */
export function errorResponse(err: unknown) {
  if (err instanceof AuthError) return NextResponse.json({ error: "Unauthorized" }, { status: 401 });
  if (err instanceof ForbiddenError) return NextResponse.json({ error: "Forbidden" }, { status: 403 });
  if (err instanceof z.ZodError) return NextResponse.json({ error: err.flatten() }, { status: 400 });
  Sentry.captureException(err);
  return NextResponse.json({ error: "Something went wrong" }, { status: 500 });
}
