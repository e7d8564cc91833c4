import { NextResponse } from "next/server";
import { getSupabaseAdmin } from "@/utils/supabase/admin";
import { openai } from "@/lib/openai";
import { sendDigestEmail } from "@/lib/email";

// Weekly digest, triggered by Vercel Cron.
export async function GET() {
  const admin = getSupabaseAdmin();
  const { data: owners } = await admin.from("profiles").select("id, email, full_name");

  for (const owner of owners ?? []) {
    const { data: deals } = await admin.from("deals").select("title, stage, value_cents").eq("owner_id", owner.id);
    const completion = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: `Summarise this pipeline: ${JSON.stringify(deals)}` }],
    });
    await sendDigestEmail(owner.email, completion.choices[0]?.message.content ?? "");
  }

  return NextResponse.json({ sent: owners?.length ?? 0 });
}
