import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/env", () => ({ env: { CRON_SECRET: "s".repeat(40) } }));

let isCronRequest: (request: Request) => boolean;

beforeAll(async () => {
  ({ isCronRequest } = await import("@/lib/cron"));
});

describe("isCronRequest", () => {
  it("accepts the cron secret", () => {
    const request = new Request("https://acme.test/api/cron/digest", {
      headers: { authorization: `Bearer ${"s".repeat(40)}` },
    });
    expect(isCronRequest(request)).toBe(true);
  });

  it("rejects a missing or wrong secret", () => {
    expect(isCronRequest(new Request("https://acme.test/api/cron/digest"))).toBe(false);
    const wrong = new Request("https://acme.test/api/cron/digest", { headers: { authorization: "Bearer nope" } });
    expect(isCronRequest(wrong)).toBe(false);
  });
});
