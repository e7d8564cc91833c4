//! billing/no-idempotency-key: Stripe create calls sent without an idempotency key.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Stripe calls that create checkout sessions, payment and setup intents, charges,
    /// subscriptions, refunds, invoices, transfers or payouts
    /// (`stripe.paymentIntents.create(params)`) whose request options carry no
    /// `idempotencyKey`. Calls whose options are built elsewhere (a variable, a spread)
    /// are not judged, and neither is test code.
    ///
    /// ## Why it matters
    /// Networks time out and clients retry. Without an idempotency key, a retried
    /// request creates a second charge, refund or subscription instead of returning the
    /// first one.
    ///
    /// ## How to fix
    /// Pass a key derived from your own record as the second argument:
    /// `stripe.paymentIntents.create(params, { idempotencyKey: \`order-${order.id}\` })`.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// await stripe.refunds.create({ payment_intent: order.paymentIntentId });
    /// // fixed
    /// await stripe.refunds.create({ payment_intent: order.paymentIntentId }, { idempotencyKey: `refund-${order.id}` });
    /// ```
    pub struct NoIdempotencyKey {
        id: "billing/no-idempotency-key",
        category: Integrations,
        severity: Medium,
        effort: Small,
        summary: "Stripe create calls without an idempotency key",
        problem: "a retried request can charge twice",
    }
}

impl Rule for NoIdempotencyKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.stripe_creates.is_empty() {
            return Outcome::not_applicable("no Stripe create calls whose options can be read");
        }
        let with_key = model
            .stripe_creates
            .iter()
            .filter(|c| c.idempotency_key)
            .count();
        let findings = model
            .stripe_creates
            .iter()
            .filter(|c| !c.idempotency_key)
            .map(|c| {
                let what = match c.call.split_once('.').map_or("", |(_, r)| r) {
                    "checkout.sessions.create" => "checkout session",
                    "paymentIntents.create" => "payment intent",
                    "charges.create" => "charge",
                    "subscriptions.create" => "subscription",
                    "refunds.create" => "refund",
                    "invoices.create" => "invoice",
                    "transfers.create" => "transfer",
                    "payouts.create" => "payout",
                    "setupIntents.create" => "setup intent",
                    _ => "object",
                };
                finding(
                    &Self::META,
                    Self::META.severity,
                    format!(
                        "`{}()` is sent without an `idempotencyKey`: a retried request creates a second {}",
                        c.call, what
                    ),
                    Some(c.at),
                    format!("{} {}", model.path(c.at.file), c.call),
                    "Pass `{ idempotencyKey }` as the second argument, derived from your own record (an order, invoice or user id plus the action).".into(),
                )
            })
            .collect();
        Outcome::from_findings(
            findings,
            format!("all {with_key} Stripe create call(s) send an idempotency key"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoIdempotencyKey::META.id);
    }
}
