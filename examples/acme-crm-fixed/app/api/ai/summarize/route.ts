import { NextResponse } from "next/server";
import { z } from "zod";
import { requireUser } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";
import { openai } from "@/lib/openai";
import { rateLimit } from "@/lib/rate-limit";

const SummarizeInput = z.object({ notes: z.string().min(1).max(20_000) });

export async function POST(request: Request) {
  try {
    const { user, supabase } = await requireUser();
    const limited = await rateLimit("ai", user.id);
    if (limited) return limited;
    const { notes } = SummarizeInput.parse(await request.json());

    const completion = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      max_tokens: 500,
      messages: [{ role: "user", content: `Summarise these call notes:\n${notes}` }],
    });

    await supabase.from("ai_usage").insert({ user_id: user.id, tokens: completion.usage?.total_tokens ?? 0 });
    return NextResponse.json({ summary: completion.choices[0]?.message.content });
  } catch (err) {
    return errorResponse(err);
  }
}
