import { NextResponse } from "next/server";
import { createClient } from "@/lib/supabase/server";

async function handler(request: Request, { params }: { params: Promise<{ key: string[] }> }) {
  const supabase = await createClient();
  const {
    data: { user },
  } = await supabase.auth.getUser();
  if (!user) return NextResponse.json({ error: "Unauthorized" }, { status: 401 });

  const { key } = await params;
  const path = `${user.id}/${key.join("/")}`;
  if (request.method === "POST") {
    const { error } = await supabase.storage.from("attachments").upload(path, await request.blob(), { upsert: true });
    if (error) return NextResponse.json({ error: error.message }, { status: 400 });
    return NextResponse.json({ path }, { status: 201 });
  }
  const { data } = await supabase.storage.from("attachments").createSignedUrl(path, 60);
  return NextResponse.json({ url: data?.signedUrl });
}

export { handler as GET, handler as POST };
