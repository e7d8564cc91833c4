import crypto from "crypto";

export function isValidSignature(payload: string, header: string | undefined) {
  if (!header) return false;
  const expected = crypto
    .createHmac("sha256", process.env.HOOKS_SECRET as string)
    .update(payload)
    .digest("hex");
  return header === expected;
}
