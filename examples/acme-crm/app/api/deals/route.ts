import { NextResponse } from "next/server";
import { z } from "zod";
import { AuthError, requireUser } from "@/lib/auth";

const DealInput = z.object({
  title: z.string().min(1).max(200),
  value_cents: z.number().int().nonnegative(),
  stage: z.enum(["lead", "qualified", "won", "lost"]),
});

export async function GET() {
  try {
    const { user, supabase } = await requireUser();
    const { data, error } = await supabase
      .from("deals")
      .select("id, title, value_cents, stage, updated_at")
      .eq("owner_id", user.id)
      .order("updated_at", { ascending: false });
    if (error) throw error;
    return NextResponse.json(data);
  } catch (err) {
    if (err instanceof AuthError) return NextResponse.json({ error: "Unauthorized" }, { status: 401 });
    return NextResponse.json({ error: "Could not load deals" }, { status: 500 });
  }
}

export async function POST(request: Request) {
  try {
    const { user, supabase } = await requireUser();
    const input = DealInput.parse(await request.json());
    const { data, error } = await supabase
      .from("deals")
      .insert({ ...input, owner_id: user.id })
      .select()
      .single();
    if (error) throw error;
    return NextResponse.json(data, { status: 201 });
  } catch (err) {
    if (err instanceof AuthError) return NextResponse.json({ error: "Unauthorized" }, { status: 401 });
    if (err instanceof z.ZodError) return NextResponse.json({ error: err.flatten() }, { status: 400 });
    return NextResponse.json({ error: "Could not create deal" }, { status: 500 });
  }
}
