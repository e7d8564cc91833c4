import { NextResponse, type NextRequest } from "next/server";
import type { User } from "@supabase/supabase-js";
import { createClient } from "@/lib/supabase/server";

type Handler = (req: NextRequest, user: User) => Promise<Response>;

/** Wraps a route handler: 401 for anonymous callers, otherwise passes the user along. */
export function withAuth(handler: Handler) {
  return async (req: NextRequest) => {
    const supabase = await createClient();
    const {
      data: { user },
    } = await supabase.auth.getUser();
    if (!user) {
      return NextResponse.json({ error: "Unauthorized" }, { status: 401 });
    }
    return handler(req, user);
  };
}
