import { cookies } from "next/headers";
import { jwtVerify } from "jose";

const key = new TextEncoder().encode(process.env.SESSION_SECRET);

export type Session = { userId: string; email: string };

/** The verified session from the cookie, or null. */
export async function getSession(): Promise<Session | null> {
  const token = (await cookies()).get("ledgerly_session")?.value;
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"] });
    return { userId: String(payload.sub), email: String(payload.email) };
  } catch {
    return null;
  }
}
