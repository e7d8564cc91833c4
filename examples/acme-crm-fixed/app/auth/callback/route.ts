import { NextResponse } from "next/server";
import { createClient } from "@/utils/supabase/server";

// Supabase's PKCE flow: the code verifier stored in a cookie when sign-in started must
// match, so a code from another browser cannot be exchanged here.
export async function GET(request: Request) {
  const { searchParams, origin } = new URL(request.url);
  const code = searchParams.get("code");
  const requested = searchParams.get("next") ?? "/dashboard";
  // Only same-site paths: `//evil.example` and absolute URLs fall back to the dashboard.
  const next = requested.startsWith("/") && !requested.startsWith("//") ? requested : "/dashboard";

  if (code) {
    const supabase = await createClient();
    const { error } = await supabase.auth.exchangeCodeForSession(code);
    if (!error) return NextResponse.redirect(`${origin}${next}`);
  }
  return NextResponse.redirect(`${origin}/login?error=auth`);
}
