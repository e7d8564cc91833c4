import micromatch from "micromatch";
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { sessionStrategy } from "@/lib/config";

// Paths anyone can open without signing in.
const unauthenticatedRoutes = [
  "/api/auth/**",
  "/api/webhooks/*",
  "/api/public/**",
  "/api/stats",
  "/auth/**",
];

export async function middleware(req: NextRequest) {
  const { pathname } = req.nextUrl;

  if (micromatch.isMatch(pathname, unauthenticatedRoutes)) {
    return NextResponse.next();
  }

  if (sessionStrategy === "jwt") {
    const token = await getToken({ req });
    if (!token) {
      return NextResponse.redirect(new URL("/auth/login", req.url));
    }
  } else if (sessionStrategy === "database") {
    const res = await fetch(new URL("/api/auth/session", req.url), {
      headers: { cookie: req.headers.get("cookie") ?? "" },
    });
    const session = await res.json();
    if (!session?.user) {
      return NextResponse.redirect(new URL("/auth/login", req.url));
    }
  }

  return NextResponse.next();
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
