import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth";
import { getSupabaseAdmin } from "@/utils/supabase/admin";

// Admin console: lists every account.
export async function GET() {
  await requireUser();
  const admin = getSupabaseAdmin();
  const { data } = await admin.from("profiles").select("id, email, full_name, role, created_at");
  return NextResponse.json(data ?? []);
}
