import type { SupabaseClient } from "@supabase/supabase-js";

/** Records who did what to which record; row level security lets members insert only. */
export async function audit(
  supabase: SupabaseClient,
  entry: { orgId: string; actorId: string; action: string; entity: string; entityId: string },
) {
  await supabase.from("audit_log").insert({
    org_id: entry.orgId,
    actor_id: entry.actorId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
  });
}
