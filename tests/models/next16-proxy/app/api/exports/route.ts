import { NextResponse } from "next/server";
import { entries } from "@/lib/store";

// Added later, outside /api/private: nothing checks the caller.
export async function GET(request: Request) {
  const userId = new URL(request.url).searchParams.get("userId");
  const rows = entries.filter((e) => e.userId === userId);
  return new NextResponse(rows.map((r) => `${r.id},${r.amount},${r.memo}`).join("\n"), {
    headers: { "Content-Type": "text/csv" },
  });
}
