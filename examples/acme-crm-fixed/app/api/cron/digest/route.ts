import { NextResponse } from "next/server";
import { isCronRequest } from "@/lib/cron";
import { sendDigestEmail } from "@/lib/email";
import { logger } from "@/lib/logger";
import { openai } from "@/lib/openai";
import { getSupabaseAdmin } from "@/utils/supabase/admin";

export const maxDuration = 300;

// Weekly digest, triggered by Vercel Cron with CRON_SECRET.
export async function GET(request: Request) {
  if (!isCronRequest(request)) {
    return NextResponse.json({ error: "Unauthorized" }, { status: 401 });
  }

  const admin = getSupabaseAdmin();
  const { data: owners } = await admin.from("profiles").select("id, email, full_name").eq("digest_opt_in", true);

  let sent = 0;
  for (const owner of owners ?? []) {
    try {
      const { data: deals } = await admin.from("deals").select("title, stage, value_cents").eq("owner_id", owner.id);
      const completion = await openai.chat.completions.create({
        model: "gpt-4o-mini",
        max_tokens: 400,
        messages: [{ role: "user", content: `Summarise this pipeline: ${JSON.stringify(deals)}` }],
      });
      await sendDigestEmail(owner.email, completion.choices[0]?.message.content ?? "");
      sent += 1;
    } catch (err) {
      logger.error({ err, ownerId: owner.id }, "digest failed");
    }
  }

  return NextResponse.json({ sent });
}
