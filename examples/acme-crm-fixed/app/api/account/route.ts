import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";

// Deletes the signed-in user's account. `delete_own_account()` removes the auth user;
// profiles, memberships, device tokens and usage rows go with it (on delete cascade).
export async function DELETE() {
  try {
    const { supabase } = await requireUser();
    const { error } = await supabase.rpc("delete_own_account");
    if (error) throw error;
    await supabase.auth.signOut();
    return new NextResponse(null, { status: 204 });
  } catch (err) {
    return errorResponse(err);
  }
}
