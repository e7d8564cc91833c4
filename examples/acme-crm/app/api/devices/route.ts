import { NextResponse } from "next/server";
import { getSupabaseAdmin } from "@/utils/supabase/admin";

// Registers a push-notification token for the mobile app.
export async function POST(request: Request) {
  const { userId, token, platform } = await request.json();
  if (!userId || !token) {
    return NextResponse.json({ error: "userId and token are required" }, { status: 400 });
  }

  const admin = getSupabaseAdmin();
  const { error } = await admin
    .from("device_tokens")
    .upsert({ user_id: userId, token, platform }, { onConflict: "token" });

  if (error) return NextResponse.json({ error: "Could not register device" }, { status: 500 });
  return NextResponse.json({ ok: true });
}
