"use client";

import * as Sentry from "@sentry/nextjs";
import { useEffect } from "react";

export default function Error({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    Sentry.captureException(error);
  }, [error]);
  return (
    <main>
      <h1>Something went wrong</h1>
      <p>We have been notified. Reference: {error.digest}</p>
      <button type="button" onClick={() => reset()}>
        Try again
      </button>
    </main>
  );
}
