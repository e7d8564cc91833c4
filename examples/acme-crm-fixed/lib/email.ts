import { Resend } from "resend";
import { env } from "@/lib/env";

const resend = new Resend(env.RESEND_API_KEY);

export async function sendDigestEmail(to: string, html: string) {
  return resend.emails.send({ from: "Acme CRM <digest@acme.test>", to, subject: "Your weekly digest", html });
}
