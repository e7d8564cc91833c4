//! Billing rules: Stripe calls and webhooks.

pub mod client_set_price;
pub mod no_idempotency_key;
pub mod unhandled_stripe_events;
