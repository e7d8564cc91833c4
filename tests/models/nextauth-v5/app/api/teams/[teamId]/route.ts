import { NextResponse } from "next/server";
import { prisma } from "@/lib/prisma";

// Covered by the `authorized` callback in auth.ts (/api/teams prefix).
export async function DELETE(_req: Request, { params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  await prisma.team.delete({ where: { id: teamId } });
  return new NextResponse(null, { status: 204 });
}
