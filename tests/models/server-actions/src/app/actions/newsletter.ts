"use server";

import { db } from "@/lib/db";

// Footer form on the marketing site: public on purpose.
export async function joinNewsletter(formData: FormData) {
  const email = String(formData.get("email") ?? "").trim().toLowerCase();
  if (!email.includes("@")) return { error: "Enter a valid e-mail" };
  await db.subscriber.upsert({ where: { email }, create: { email }, update: {} });
  return { ok: true };
}
