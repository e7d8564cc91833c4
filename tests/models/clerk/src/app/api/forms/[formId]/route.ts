import { NextResponse } from "next/server";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { forms } from "@/db/schema";

// Signed-in check comes from clerkMiddleware (auth.protect()); no ownership check yet.
export async function DELETE(_req: Request, { params }: { params: Promise<{ formId: string }> }) {
  const { formId } = await params;
  await db.delete(forms).where(eq(forms.id, formId));
  return new NextResponse(null, { status: 204 });
}
