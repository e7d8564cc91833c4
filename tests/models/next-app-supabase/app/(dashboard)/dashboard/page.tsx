import { createClient } from "@/lib/supabase/server";

export default async function DashboardPage() {
  const supabase = await createClient();
  const { data: boards } = await supabase.from("boards").select("id, title").order("updated_at", { ascending: false });
  return (
    <ul>
      {(boards ?? []).map((b) => (
        <li key={b.id}>{b.title}</li>
      ))}
    </ul>
  );
}
