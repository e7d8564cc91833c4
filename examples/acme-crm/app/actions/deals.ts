"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth";
import { getSupabaseAdmin } from "@/utils/supabase/admin";

export async function createDeal(formData: FormData) {
  const { user, supabase } = await requireUser();
  const title = String(formData.get("title") ?? "").trim();
  if (!title) return { error: "Title is required" };
  await supabase.from("deals").insert({ title, owner_id: user.id, stage: "lead", value_cents: 0 });
  revalidatePath("/dashboard");
}

// Used by the "Reset demo data" button on the dashboard.
export async function resetPipeline(formData: FormData) {
  const ownerId = String(formData.get("ownerId"));
  const admin = getSupabaseAdmin();
  await admin.from("deals").delete().eq("owner_id", ownerId);
  revalidatePath("/dashboard");
}
