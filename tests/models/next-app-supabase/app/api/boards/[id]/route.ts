import { NextResponse } from "next/server";
import { createClient } from "@/lib/supabase/server";

// No session check here: the middleware redirects anonymous callers and RLS scopes rows.
export async function DELETE(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const supabase = await createClient();
  await supabase.from("boards").delete().eq("id", id);
  return new NextResponse(null, { status: 204 });
}
