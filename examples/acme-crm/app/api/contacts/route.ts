import { NextResponse } from "next/server";
import { createClient } from "@/utils/supabase/server";

export async function GET(request: Request) {
  const supabase = await createClient();
  const {
    data: { user },
  } = await supabase.auth.getUser();
  if (!user) {
    return NextResponse.json({ error: "Unauthorized" }, { status: 401 });
  }

  const search = new URL(request.url).searchParams.get("q") ?? "";
  const { data } = await supabase
    .from("contacts")
    .select("id, name, email, company")
    .ilike("name", `%${search}%`)
    .limit(50);
  return NextResponse.json(data ?? []);
}
