//! Stripe webhook event type names, to tell which events a handler covers.

/// Event types Stripe sends that apps commonly handle. A literal counts only when it is
/// one of these or a family prefix of them, so i18n keys like `customer.name` do not.
const KNOWN: &[&str] = &[
    "checkout.session.completed",
    "checkout.session.expired",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "customer.created",
    "customer.updated",
    "customer.deleted",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "customer.subscription.paused",
    "customer.subscription.resumed",
    "customer.subscription.pending_update_applied",
    "customer.subscription.pending_update_expired",
    "customer.subscription.trial_will_end",
    "invoice.created",
    "invoice.finalized",
    "invoice.paid",
    "invoice.payment_succeeded",
    "invoice.payment_failed",
    "invoice.payment_action_required",
    "invoice.upcoming",
    "invoice.marked_uncollectible",
    "invoice.voided",
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.canceled",
    "payment_intent.processing",
    "payment_intent.requires_action",
    "charge.succeeded",
    "charge.failed",
    "charge.refunded",
    "charge.dispute.created",
    "charge.dispute.closed",
    "product.created",
    "product.updated",
    "product.deleted",
    "price.created",
    "price.updated",
    "price.deleted",
    "setup_intent.succeeded",
    "payment_method.attached",
    "payment_method.detached",
    "subscription_schedule.canceled",
    "subscription_schedule.completed",
    "account.updated",
    "payout.paid",
    "payout.failed",
    "transfer.created",
    "refund.created",
    "refund.updated",
];

/// A Stripe event type, or a family prefix used with `startsWith` (`customer.subscription.`).
pub fn is_stripe_event(v: &str) -> bool {
    if v.len() < 6 || v.len() > 60 {
        return false;
    }
    if v.ends_with('.') {
        return KNOWN.iter().any(|k| k.starts_with(v) && k.len() > v.len());
    }
    KNOWN.contains(&v)
}
