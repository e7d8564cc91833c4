import { NextResponse } from "next/server";
import { z } from "zod";
import { createClient } from "@/lib/supabase/server";
import { withAuth } from "@/lib/with-auth";

export async function GET() {
  const supabase = await createClient();
  const {
    data: { user },
  } = await supabase.auth.getUser();
  if (!user) {
    return NextResponse.json({ error: "Unauthorized" }, { status: 401 });
  }
  const { data } = await supabase.from("boards").select("id, title").eq("owner_id", user.id);
  return NextResponse.json(data ?? []);
}

const NewBoard = z.object({ title: z.string().min(1).max(80) });

export const POST = withAuth(async (req, user) => {
  const body = NewBoard.parse(await req.json());
  const supabase = await createClient();
  const { data, error } = await supabase
    .from("boards")
    .insert({ title: body.title, owner_id: user.id })
    .select()
    .single();
  if (error) return NextResponse.json({ error: error.message }, { status: 400 });
  return NextResponse.json(data, { status: 201 });
});
