import { auth } from "@clerk/nextjs/server";
import { NextResponse } from "next/server";
import { db } from "@/db";
import { forms } from "@/db/schema";

export async function GET() {
  await auth.protect({ role: "org:admin" });
  const all = await db.select().from(forms);
  return NextResponse.json(all);
}
