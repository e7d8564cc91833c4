import { notFound } from "next/navigation";
import { createClient } from "@/utils/supabase/server";

export default async function DealPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const supabase = await createClient();
  const { data: deal } = await supabase.from("deals").select("*").eq("id", id).single();
  if (!deal) notFound();
  return (
    <main>
      <h1>{deal.title}</h1>
      <p>Stage: {deal.stage}</p>
    </main>
  );
}
