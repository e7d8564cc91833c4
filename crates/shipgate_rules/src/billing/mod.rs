//! Billing rules: Stripe calls and webhooks.

pub mod no_idempotency_key;
pub mod unhandled_stripe_events;
