import { NextResponse } from "next/server";
import { z } from "zod";
import { requireUser } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";

// What a user may change about themselves; `role` is not here, and column grants in the
// migrations keep it out of reach of the Data API too.
const ProfileUpdate = z
  .object({
    full_name: z.string().min(1).max(100),
    avatar_url: z.string().url().max(500).nullable(),
  })
  .partial()
  .strict();

export async function GET() {
  try {
    const { user, supabase } = await requireUser();
    const { data } = await supabase.from("profiles").select("id, full_name, avatar_url, role").eq("id", user.id).single();
    return NextResponse.json(data);
  } catch (err) {
    return errorResponse(err);
  }
}

export async function PATCH(request: Request) {
  try {
    const { user, supabase } = await requireUser();
    const updates = ProfileUpdate.parse(await request.json());
    const { data, error } = await supabase
      .from("profiles")
      .update({ ...updates, updated_at: new Date().toISOString() })
      .eq("id", user.id)
      .select()
      .single();
    if (error) throw error;
    return NextResponse.json(data);
  } catch (err) {
    return errorResponse(err);
  }
}
