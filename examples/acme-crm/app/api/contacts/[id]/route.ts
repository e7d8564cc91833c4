import { NextResponse } from "next/server";
import { getSupabaseAdmin } from "@/utils/supabase/admin";
import { requireUser } from "@/lib/auth";

// Reassigns a contact to another owner.
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const { id } = await params;
  const body = await request.json();

  const admin = getSupabaseAdmin();
  const { data, error } = await admin
    .from("contacts")
    .update({ owner_id: body.ownerId, name: body.name })
    .eq("id", id)
    .select()
    .single();
  if (error) return NextResponse.json({ error: "Could not update contact" }, { status: 500 });
  return NextResponse.json(data);
}
