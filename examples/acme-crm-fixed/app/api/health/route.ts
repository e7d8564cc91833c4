import { NextResponse } from "next/server";
import { createClient } from "@supabase/supabase-js";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

// Readiness: answers 503 when the database does not.
export async function GET() {
  const supabase = createClient(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_ANON_KEY, {
    auth: { persistSession: false },
  });
  const { error } = await supabase.from("organizations").select("id", { head: true, count: "exact" }).limit(1);
  if (error) return NextResponse.json({ status: "degraded" }, { status: 503 });
  return NextResponse.json({ status: "ok" });
}
