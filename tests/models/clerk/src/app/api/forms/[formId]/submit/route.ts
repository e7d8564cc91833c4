import { NextResponse } from "next/server";
import { db } from "@/db";
import { submissions } from "@/db/schema";

// Public: anyone with the link can submit a response.
export async function POST(req: Request, { params }: { params: Promise<{ formId: string }> }) {
  const { formId } = await params;
  const data = await req.json();
  await db.insert(submissions).values({ formId, data });
  return NextResponse.json({ ok: true });
}
