import { NextResponse } from "next/server";
import { requireAdmin } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";
import { getSupabaseAdmin } from "@/utils/supabase/admin";

// Staff console: lists every account. Admins only.
export async function GET() {
  try {
    await requireAdmin();
    const admin = getSupabaseAdmin();
    const { data, error } = await admin.from("profiles").select("id, email, full_name, role, updated_at").limit(500);
    if (error) throw error;
    return NextResponse.json(data);
  } catch (err) {
    return errorResponse(err);
  }
}
