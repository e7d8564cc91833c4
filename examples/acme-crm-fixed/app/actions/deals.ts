"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireMembership } from "@/lib/auth";
import { audit } from "@/lib/audit";

const NewDeal = z.object({ title: z.string().trim().min(1).max(200) });

export async function createDeal(formData: FormData) {
  const { user, supabase, orgId } = await requireMembership();
  const parsed = NewDeal.safeParse({ title: formData.get("title") });
  if (!parsed.success) return { error: "Title is required" };
  const { data } = await supabase
    .from("deals")
    .insert({ ...parsed.data, org_id: orgId, owner_id: user.id, stage: "lead", value_cents: 0 })
    .select("id")
    .single();
  if (data) await audit(supabase, { orgId, actorId: user.id, action: "deal.create", entity: "deals", entityId: data.id });
  revalidatePath("/dashboard");
}

// "Reset demo data": removes the signed-in user's own deals in their organisation.
export async function resetPipeline() {
  const { user, supabase, orgId } = await requireMembership();
  await supabase.from("deals").delete().eq("org_id", orgId).eq("owner_id", user.id);
  await audit(supabase, { orgId, actorId: user.id, action: "deal.reset", entity: "deals", entityId: user.id });
  revalidatePath("/dashboard");
}
