import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";

// Everything the app holds about the signed-in user, as one JSON download.
export async function GET() {
  try {
    const { user, supabase } = await requireUser();
    const [profile, deals, contacts] = await Promise.all([
      supabase.from("profiles").select("*").eq("id", user.id).single(),
      supabase.from("deals").select("*").eq("owner_id", user.id),
      supabase.from("contacts").select("*").eq("owner_id", user.id),
    ]);
    return NextResponse.json(
      { profile: profile.data, deals: deals.data, contacts: contacts.data },
      { headers: { "Content-Disposition": 'attachment; filename="acme-crm-export.json"' } },
    );
  } catch (err) {
    return errorResponse(err);
  }
}
