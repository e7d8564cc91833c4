import { notFound } from "next/navigation";
import { createClient } from "@/lib/supabase/server";

export default async function BoardPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const supabase = await createClient();
  const { data: board } = await supabase.from("boards").select("title, pins(url, note)").eq("id", id).single();
  if (!board) notFound();
  return <h1>{board.title}</h1>;
}
