import { NextResponse } from "next/server";
import type Stripe from "stripe";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { stripe } from "@/lib/stripe";
import { getSupabaseAdmin } from "@/utils/supabase/admin";

export async function POST(request: Request) {
  const body = await request.text();
  const signature = request.headers.get("stripe-signature");
  if (!signature) return NextResponse.json({ error: "Missing signature" }, { status: 400 });

  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, env.STRIPE_WEBHOOK_SECRET);
  } catch {
    return NextResponse.json({ error: "Invalid signature" }, { status: 400 });
  }

  const admin = getSupabaseAdmin();
  // Stripe retries deliveries: record each event id once and skip the ones already seen.
  const { error: seen } = await admin.from("stripe_events").insert({ id: event.id, type: event.type });
  if (seen?.code === "23505") return NextResponse.json({ received: true, duplicate: true });
  if (seen) return NextResponse.json({ error: "Could not record event" }, { status: 500 });

  switch (event.type) {
    case "checkout.session.completed": {
      const session = event.data.object as Stripe.Checkout.Session;
      await admin
        .from("subscriptions")
        .upsert({ id: String(session.subscription), org_id: session.client_reference_id, customer_id: String(session.customer), status: "active" });
      break;
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted": {
      const sub = event.data.object as Stripe.Subscription;
      await admin.from("subscriptions").update({ status: sub.status }).eq("id", sub.id);
      break;
    }
    case "invoice.payment_failed": {
      const invoice = event.data.object as Stripe.Invoice;
      await admin.from("subscriptions").update({ status: "past_due" }).eq("customer_id", String(invoice.customer));
      break;
    }
    default:
      logger.info({ type: event.type }, "stripe event ignored");
  }
  return NextResponse.json({ received: true });
}
