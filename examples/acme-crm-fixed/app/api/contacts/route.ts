import { NextResponse } from "next/server";
import { requireMembership } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";

export async function GET(request: Request) {
  try {
    const { supabase, orgId } = await requireMembership();
    const search = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
    const { data, error } = await supabase
      .from("contacts")
      .select("id, name, email, company")
      .eq("org_id", orgId)
      .ilike("name", `%${search}%`)
      .limit(50);
    if (error) throw error;
    return NextResponse.json(data);
  } catch (err) {
    return errorResponse(err);
  }
}
