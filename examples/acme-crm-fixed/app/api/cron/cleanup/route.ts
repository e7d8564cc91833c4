import { NextResponse } from "next/server";
import { isCronRequest } from "@/lib/cron";
import { getSupabaseAdmin } from "@/utils/supabase/admin";

// Nightly cleanup of expired invites, triggered by Vercel Cron with CRON_SECRET.
export async function GET(request: Request) {
  if (!isCronRequest(request)) {
    return NextResponse.json({ error: "Unauthorized" }, { status: 401 });
  }

  const admin = getSupabaseAdmin();
  const { count } = await admin
    .from("invites")
    .delete({ count: "exact" })
    .lt("expires_at", new Date().toISOString());

  return NextResponse.json({ deleted: count ?? 0 });
}
