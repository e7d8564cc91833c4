import { Resend } from "resend";

const resend = new Resend(process.env.RESEND_API_KEY);

export async function sendDigestEmail(to: string, html: string) {
  return resend.emails.send({ from: "Acme CRM <digest@acme.test>", to, subject: "Your weekly digest", html });
}
