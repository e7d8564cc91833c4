import { NextResponse } from "next/server";
import { z } from "zod";
import { requireMembership } from "@/lib/auth";
import { audit } from "@/lib/audit";
import { errorResponse } from "@/lib/errors";

// Owners change only through the assign flow, which checks the new owner's membership.
const ContactUpdate = z
  .object({
    name: z.string().min(1).max(200),
    email: z.string().email().nullable(),
    company: z.string().max(200).nullable(),
  })
  .partial()
  .strict();

export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { user, supabase, orgId } = await requireMembership();
    const { id } = await params;
    const updates = ContactUpdate.parse(await request.json());
    const { data, error } = await supabase
      .from("contacts")
      .update(updates)
      .eq("id", id)
      .eq("org_id", orgId)
      .select()
      .single();
    if (error || !data) return NextResponse.json({ error: "Not found" }, { status: 404 });
    await audit(supabase, { orgId, actorId: user.id, action: "contact.update", entity: "contacts", entityId: id });
    return NextResponse.json(data);
  } catch (err) {
    return errorResponse(err);
  }
}
