import { NextResponse } from "next/server";
import { requireMembership } from "@/lib/auth";
import { audit } from "@/lib/audit";
import { errorResponse } from "@/lib/errors";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const { supabase, orgId } = await requireMembership();
    const { data } = await supabase.from("deals").select("*").eq("id", id).eq("org_id", orgId).single();
    if (!data) return NextResponse.json({ error: "Not found" }, { status: 404 });
    return NextResponse.json(data);
  } catch (err) {
    return errorResponse(err);
  }
}

export async function DELETE(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const { user, supabase, orgId } = await requireMembership();
    const { error } = await supabase.from("deals").delete().eq("id", id).eq("org_id", orgId);
    if (error) throw error;
    await audit(supabase, { orgId, actorId: user.id, action: "deal.delete", entity: "deals", entityId: id });
    return new NextResponse(null, { status: 204 });
  } catch (err) {
    return errorResponse(err);
  }
}
