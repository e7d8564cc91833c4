import { NextResponse } from "next/server";
import { z } from "zod";
import { requireUser } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";
import { rateLimit } from "@/lib/rate-limit";

const Device = z.object({
  token: z.string().min(10).max(4096),
  platform: z.enum(["ios", "android"]),
});

// Registers a push-notification token for the signed-in user's mobile app.
export async function POST(request: Request) {
  try {
    const { user, supabase } = await requireUser();
    const limited = await rateLimit("api", user.id);
    if (limited) return limited;
    const { token, platform } = Device.parse(await request.json());
    const { error } = await supabase
      .from("device_tokens")
      .upsert({ user_id: user.id, token, platform }, { onConflict: "token" });
    if (error) throw error;
    return NextResponse.json({ ok: true });
  } catch (err) {
    return errorResponse(err);
  }
}
