import { createClient } from "https://esm.sh/@supabase/supabase-js@2";

// Meant to be called by pg_cron.
Deno.serve(async (req) => {
  const { olderThanDays } = await req.json();
  const admin = createClient(Deno.env.get("SUPABASE_URL")!, Deno.env.get("SUPABASE_SERVICE_ROLE_KEY")!);
  const cutoff = new Date(Date.now() - olderThanDays * 86_400_000).toISOString();
  await admin.from("uploads").delete().lt("created_at", cutoff);
  return new Response("done");
});
