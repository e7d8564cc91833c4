import { NextResponse } from "next/server";
import { createClient } from "@/lib/supabase/server";

// Shared between /api/reports and the legacy /api/v1/reports endpoint.
export async function GET(request: Request) {
  const supabase = await createClient();
  const month = new URL(request.url).searchParams.get("month") ?? new Date().toISOString().slice(0, 7);
  const { data, error } = await supabase.from("pin_stats").select("board_id, pins, views").eq("month", month);
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  return NextResponse.json(data);
}
