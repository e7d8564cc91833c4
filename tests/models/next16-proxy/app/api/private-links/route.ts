import { NextResponse } from "next/server";

// Shares an entry by link. Matched by the "/api/private" prefix in proxy.ts.
export async function POST(request: Request) {
  const { entryId } = await request.json();
  return NextResponse.json({ url: `https://ledgerly.app/s/${entryId}` });
}
