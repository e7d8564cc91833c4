import { NextResponse } from "next/server";
import { auth } from "@/auth";

export const GET = auth((req) => {
  if (!req.auth) {
    return NextResponse.json({ message: "Not authenticated" }, { status: 401 });
  }
  return NextResponse.json({ name: req.auth.user?.name, email: req.auth.user?.email });
});
