import { NextResponse } from "next/server";
import { SignJWT } from "jose";

const key = new TextEncoder().encode(process.env.SESSION_SECRET);

export async function POST(request: Request) {
  const form = await request.formData();
  const email = String(form.get("email"));
  if (form.get("password") !== process.env.DEMO_PASSWORD) {
    return NextResponse.redirect(new URL("/login?error=1", request.url), 303);
  }
  const token = await new SignJWT({ email }).setProtectedHeader({ alg: "HS256" }).setSubject(email).sign(key);
  const res = NextResponse.redirect(new URL("/dashboard", request.url), 303);
  res.cookies.set("ledgerly_session", token, { httpOnly: true, secure: true, sameSite: "lax" });
  return res;
}
