import { NextResponse } from "next/server";
import { createClient } from "@/utils/supabase/server";
import { openai } from "@/lib/openai";

export async function POST(request: Request) {
  const supabase = await createClient();
  const {
    data: { user },
  } = await supabase.auth.getUser();
  const { notes } = await request.json();

  const completion = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: `Summarise these call notes:\n${notes}` }],
  });

  await supabase.from("ai_usage").insert({ user_id: user?.id, tokens: completion.usage?.total_tokens ?? 0 });
  return NextResponse.json({ summary: completion.choices[0]?.message.content });
}
