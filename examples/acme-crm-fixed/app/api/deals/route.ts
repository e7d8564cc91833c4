import { NextResponse } from "next/server";
import { z } from "zod";
import { requireMembership } from "@/lib/auth";
import { audit } from "@/lib/audit";
import { errorResponse } from "@/lib/errors";
import { rateLimit } from "@/lib/rate-limit";

const DealInput = z.object({
  title: z.string().min(1).max(200),
  value_cents: z.number().int().nonnegative(),
  stage: z.enum(["lead", "qualified", "won", "lost"]),
});

export async function GET() {
  try {
    const { supabase, orgId } = await requireMembership();
    const { data, error } = await supabase
      .from("deals")
      .select("id, title, value_cents, stage, updated_at")
      .eq("org_id", orgId)
      .order("updated_at", { ascending: false });
    if (error) throw error;
    return NextResponse.json(data);
  } catch (err) {
    return errorResponse(err);
  }
}

export async function POST(request: Request) {
  try {
    const { user, supabase, orgId } = await requireMembership();
    const limited = await rateLimit("api", user.id);
    if (limited) return limited;
    const input = DealInput.parse(await request.json());
    const { data, error } = await supabase
      .from("deals")
      .insert({ ...input, org_id: orgId, owner_id: user.id })
      .select()
      .single();
    if (error) throw error;
    await audit(supabase, { orgId, actorId: user.id, action: "deal.create", entity: "deals", entityId: data.id });
    return NextResponse.json(data, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
