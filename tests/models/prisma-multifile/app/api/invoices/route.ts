import { getServerSession } from "next-auth";
import { NextResponse } from "next/server";
import { authOptions } from "@/lib/auth";
import { prisma } from "@/lib/prisma";

export async function GET(req: Request) {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) return NextResponse.json({ error: "Unauthorized" }, { status: 401 });
  const teamId = new URL(req.url).searchParams.get("team") ?? "";
  const invoices = await prisma.invoice.findMany({
    where: { teamId, team: { members: { some: { userId: session.user.id } } } },
    include: { lines: true },
    orderBy: { number: "desc" },
  });
  return NextResponse.json(invoices);
}
