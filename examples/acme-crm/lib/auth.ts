import { redirect } from "next/navigation";
import { createClient } from "@/utils/supabase/server";

export class AuthError extends Error {
  status = 401;
}

/** Returns the signed-in user or throws: use at the top of every API handler. */
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

/** For server components: sends anonymous visitors to the login page. */
export async function requireUserOrRedirect() {
  const supabase = await createClient();
  const { data } = await supabase.auth.getUser();
  if (!data.user) redirect("/login");
  return data.user;
}
