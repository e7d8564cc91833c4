// Runs against a local Supabase (`supabase start`): signs in as members of two
// organisations and checks one never reaches the other's data through the Data API.
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const url = process.env.SUPABASE_TEST_URL ?? "http://127.0.0.1:54321";
const anonKey = process.env.SUPABASE_TEST_ANON_KEY ?? "";
const serviceKey = process.env.SUPABASE_TEST_SERVICE_ROLE_KEY ?? "";
const admin = createClient(url, serviceKey, { auth: { persistSession: false } });

async function member(email: string, orgName: string) {
  const password = `pw-${crypto.randomUUID()}`;
  const { data: created } = await admin.auth.admin.createUser({ email, password, email_confirm: true });
  const userId = created.user!.id;
  const { data: org } = await admin.from("organizations").insert({ name: orgName }).select("id").single();
  await admin.from("memberships").insert({ org_id: org!.id, user_id: userId, role: "owner" });
  const client = createClient(url, anonKey, { auth: { persistSession: false } });
  await client.auth.signInWithPassword({ email, password });
  return { client, userId, orgId: org!.id as string };
}

describe.skipIf(!serviceKey)("tenant isolation", () => {
  let alice: Awaited<ReturnType<typeof member>>;
  let bob: Awaited<ReturnType<typeof member>>;

  beforeAll(async () => {
    alice = await member(`alice-${Date.now()}@a.test`, "Org A");
    bob = await member(`bob-${Date.now()}@b.test`, "Org B");
    await alice.client.from("deals").insert({ org_id: alice.orgId, owner_id: alice.userId, title: "A only" });
  });

  afterAll(async () => {
    await admin.auth.admin.deleteUser(alice.userId);
    await admin.auth.admin.deleteUser(bob.userId);
  });

  it("does not show another org's deals", async () => {
    const { data } = await bob.client.from("deals").select("id");
    expect(data).toEqual([]);
  });

  it("does not let a member write into another org", async () => {
    const { error } = await bob.client
      .from("deals")
      .insert({ org_id: alice.orgId, owner_id: bob.userId, title: "intruder" });
    expect(error?.code).toBe("42501");
  });

  it("does not let a user make themselves an admin", async () => {
    const { error } = await bob.client.from("profiles").update({ role: "admin" }).eq("id", bob.userId);
    expect(error).not.toBeNull();
  });
});
