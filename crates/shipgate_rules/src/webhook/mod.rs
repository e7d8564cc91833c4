//! Webhook rules: handlers that providers call with signed payloads.

pub mod no_idempotency;
pub mod timing_unsafe_compare;
pub mod unverified_signature;

use shipgate_model::{InputSource, Route};

/// Headers providers sign their webhook deliveries with.
const SIGNATURE_HEADERS: &[&str] = &[
    "stripe-signature",
    "x-hub-signature",
    "x-hub-signature-256",
    "svix-signature",
    "svix-id",
    "webhook-signature",
    "x-slack-signature",
    "x-shopify-hmac-sha256",
    "paddle-signature",
    "x-razorpay-signature",
    "x-twilio-signature",
    "x-line-signature",
    "x-signature",
    "x-webhook-signature",
    "x-zm-signature",
    "teller-signature",
    "plaid-verification",
    "x-plaid-signature",
    "x-resend-signature",
    "x-postmark-signature",
    "x-mailgun-signature",
    "x-goog-channel-token",
];

/// Why a route looks like a webhook receiver, if it does: a `webhook` path segment, or a
/// provider signature header it reads.
pub fn webhook_signal(route: &Route) -> Option<String> {
    if let Some(h) = route.facts.inputs.iter().find_map(|i| {
        let f = i.field.as_deref()?.to_ascii_lowercase();
        (i.source == InputSource::Headers && SIGNATURE_HEADERS.contains(&f.as_str())).then_some(f)
    }) {
        return Some(format!("reads the `{h}` header"));
    }
    // A server action is called by the app's own pages (`getWebhook` is a lookup).
    if route.framework == shipgate_model::Framework::ServerAction {
        return None;
    }
    route
        .path
        .split(['/', '.'])
        .any(|s| s.to_ascii_lowercase().contains("webhook"))
        .then(|| "its path names a webhook".to_string())
}
