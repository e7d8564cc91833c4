import { NextResponse, type NextRequest } from "next/server";
import { createAdminClient } from "@/lib/supabase/admin";

export async function GET(request: NextRequest) {
  const auth = request.headers.get("authorization");
  if (auth !== `Bearer ${process.env.CRON_SECRET}`) {
    return NextResponse.json({ error: "Unauthorized" }, { status: 401 });
  }
  const cutoff = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const { error } = await createAdminClient().from("boards").delete().lt("deleted_at", cutoff);
  return NextResponse.json({ ok: !error });
}
