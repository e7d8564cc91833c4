import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth";

export async function GET() {
  const { user, supabase } = await requireUser();
  const { data } = await supabase.from("profiles").select("id, full_name, avatar_url, role").eq("id", user.id).single();
  return NextResponse.json(data);
}

export async function PATCH(request: Request) {
  const { user, supabase } = await requireUser();
  const updates = await request.json();

  const { data, error } = await supabase
    .from("profiles")
    .update({ ...updates, updated_at: new Date().toISOString() })
    .eq("id", user.id)
    .select()
    .single();

  if (error) return NextResponse.json({ error: "Could not save profile" }, { status: 500 });
  return NextResponse.json(data);
}
