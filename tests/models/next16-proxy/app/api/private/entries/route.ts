import { NextResponse } from "next/server";
import { entries } from "@/lib/store";

// The proxy only lets requests with a session cookie get here.
export async function GET() {
  return NextResponse.json(entries.slice(-50));
}

export async function POST(request: Request) {
  const { amount, memo, userId } = await request.json();
  const entry = { id: crypto.randomUUID(), userId, amount: Number(amount), memo: String(memo) };
  entries.push(entry);
  return NextResponse.json(entry, { status: 201 });
}
