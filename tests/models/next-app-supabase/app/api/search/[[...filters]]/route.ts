import { NextResponse } from "next/server";
import { createClient } from "@/lib/supabase/server";

// Public search over boards marked as shared.
export async function GET(request: Request, { params }: { params: Promise<{ filters?: string[] }> }) {
  const { filters = [] } = await params;
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const supabase = await createClient();
  let query = supabase.from("public_boards").select("id, title, tags").ilike("title", `%${q}%`);
  if (filters[0]) query = query.contains("tags", [filters[0]]);
  const { data } = await query.limit(20);
  return NextResponse.json(data ?? []);
}
