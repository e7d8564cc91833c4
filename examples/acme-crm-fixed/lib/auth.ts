import { redirect } from "next/navigation";
import { createClient } from "@/utils/supabase/server";
import { AuthError, ForbiddenError } from "@/lib/errors";

/** Returns the signed-in user or throws: call at the top of every API handler. */
export async function requireUser() {
  const supabase = await createClient();
  const {
    data: { user },
    error,
  } = await supabase.auth.getUser();
  if (error || !user) {
    throw new AuthError("Not signed in");
  }
  return { user, supabase };
}

/** The signed-in user's organisation: every CRM record belongs to one. */
export async function requireMembership() {
  const { user, supabase } = await requireUser();
  const { data: membership } = await supabase
    .from("memberships")
    .select("org_id, role")
    .eq("user_id", user.id)
    .single();
  if (!membership) throw new ForbiddenError("No organisation");
  return { user, supabase, orgId: membership.org_id as string, role: membership.role as string };
}

/** Staff-only endpoints: a signed-in user whose profile says admin, or 403. */
export async function requireAdmin() {
  const { user, supabase } = await requireUser();
  const { data: profile } = await supabase.from("profiles").select("role").eq("id", user.id).single();
  if (profile?.role !== "admin") {
    throw new ForbiddenError("Admins only");
  }
  return { user, supabase };
}

/** For server components: sends anonymous visitors to the login page. */
export async function requireUserOrRedirect() {
  const supabase = await createClient();
  const { data } = await supabase.auth.getUser();
  if (!data.user) redirect("/login");
  return data.user;
}
