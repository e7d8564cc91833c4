import { NextResponse } from "next/server";
import { auth } from "@/auth";
import { prisma } from "@/lib/prisma";

export async function GET() {
  const session = await auth();
  const [notes, teams] = await Promise.all([prisma.note.count(), prisma.team.count()]);
  return NextResponse.json({ notes, teams, viewer: session?.user?.email ?? null });
}
