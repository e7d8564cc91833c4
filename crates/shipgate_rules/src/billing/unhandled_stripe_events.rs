//! billing/unhandled-stripe-events: a Stripe webhook that ignores cancellation, plan
//! changes or failed payments.

use crate::util::{backticked, finding, related};
use crate::webhook::webhook_signal;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, InputSource, Route, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Apps that handle Stripe subscription events (any `customer.subscription.*` or
    /// `invoice.*` event type named in code) and do not name the events that end or
    /// change a subscription:
    /// - `customer.subscription.deleted`: the subscription was canceled or ended;
    /// - `customer.subscription.updated`: plan changes, and status changes such as
    ///   `past_due` and `unpaid`;
    /// - a failed renewal: `invoice.payment_failed`, or `customer.subscription.updated`,
    ///   which carries the `past_due` status.
    ///
    /// Event types are read from string literals anywhere outside tests (switch cases,
    /// `if (event.type === …)`, sets and arrays of relevant events); a family prefix
    /// used with `startsWith('customer.subscription.')` covers its events.
    ///
    /// Apps that start trials (`trial_period_days` or `trial_end` in a Stripe create call)
    /// and do not handle `customer.subscription.trial_will_end` get a separate low
    /// finding.
    ///
    /// When access is extended on each paid invoice (`invoice.paid` or
    /// `invoice.payment_succeeded` is handled), access lapses on its own when payments
    /// stop, and the finding is low.
    ///
    /// ## Why it matters
    /// Stripe keeps the subscription's state; the app keeps a copy. If the copy only
    /// learns about sign-ups, customers who cancel or stop paying keep their paid plan
    /// forever, and downgrades never take effect.
    ///
    /// ## How to fix
    /// Handle `customer.subscription.updated` and `customer.subscription.deleted` by
    /// writing the subscription's current status and price to your database, and act on
    /// `invoice.payment_failed` (notify the customer, start a grace period). If you offer
    /// trials, `customer.subscription.trial_will_end` is the moment to remind them.
    ///
    /// ## Example
    /// ```ts
    /// switch (event.type) {
    ///   case "checkout.session.completed": await activate(event.data.object); break;
    ///   // added
    ///   case "customer.subscription.updated":
    ///   case "customer.subscription.deleted": await syncSubscription(event.data.object); break;
    ///   case "invoice.payment_failed": await notifyPaymentFailed(event.data.object); break;
    /// }
    /// ```
    pub struct UnhandledStripeEvents {
        id: "billing/unhandled-stripe-events",
        category: Integrations,
        severity: Medium,
        effort: Medium,
        summary: "a Stripe webhook that ignores payment failure or subscription update/deletion",
        problem: "failed payments and cancelled subscriptions go unnoticed",
    }
}

fn is_stripe_receiver(route: &Route) -> bool {
    let reads_signature = route.facts.inputs.iter().any(|i| {
        i.source == InputSource::Headers
            && i.field
                .as_deref()
                .is_some_and(|f| f.eq_ignore_ascii_case("stripe-signature"))
    });
    reads_signature
        || (webhook_signal(route).is_some() && route.path.to_ascii_lowercase().contains("stripe"))
}

impl Rule for UnhandledStripeEvents {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let covers = |event: &str| {
            model.stripe_events.iter().any(|(name, _)| {
                name == event || (name.ends_with('.') && event.starts_with(name.as_str()))
            })
        };
        let subscriptions = model.stripe_events.iter().any(|(name, _)| {
            name.starts_with("customer.subscription.") || name.starts_with("invoice.")
        });
        if !subscriptions {
            return Outcome::not_applicable("no Stripe subscription events handled in code");
        }
        let mut missing = Vec::new();
        if !covers("customer.subscription.deleted") {
            missing.push("customer.subscription.deleted".to_string());
        }
        if !covers("customer.subscription.updated") {
            missing.push("customer.subscription.updated".to_string());
            if !covers("invoice.payment_failed") {
                missing.push("invoice.payment_failed".to_string());
            }
        }
        let mut handled: Vec<String> = model.stripe_events.iter().map(|(n, _)| n.clone()).collect();
        handled.sort();
        handled.dedup();
        let receiver = model.routes.iter().find(|r| is_stripe_receiver(r));
        let Some(first_event) = model.stripe_events.iter().map(|(_, at)| *at).min() else {
            return Outcome::not_applicable("no Stripe events handled in code");
        };
        let at = receiver.map_or(first_event, |r| r.at);
        let mut findings = Vec::new();
        // Trials: the customer should hear from the app before the first charge.
        let trial = model
            .stripe_creates
            .iter()
            .filter(|c| c.trial)
            .map(|c| c.at)
            .min();
        if let Some(trial_at) = trial
            && !covers("customer.subscription.trial_will_end")
        {
            let mut f = finding(
                &Self::META,
                Severity::Low,
                "The app starts Stripe trials but no code handles `customer.subscription.trial_will_end`: unless Stripe's own trial reminder e-mails are on in the Dashboard, customers get no warning before the first charge, which drives disputes and refunds".to_string(),
                Some(trial_at),
                "stripe-webhook trial".into(),
                "Handle `customer.subscription.trial_will_end` (sent three days before a trial ends) and e-mail the customer, or turn on Stripe's own trial reminder e-mails.".to_string(),
            );
            f.route = receiver.map(|r| r.entity());
            f.related
                .push(related(first_event, "event types handled here"));
            findings.push(f);
        }
        if missing.is_empty() {
            return Outcome::from_findings(findings, format!("handles {}", backticked(&handled)));
        }
        // Apps that extend access on each paid invoice (`invoice.paid` moves a
        // paid-through date) lose access on their own when payments stop; only plan
        // changes and mid-period cancellations go unseen.
        let renews_by_invoice = covers("invoice.paid") || covers("invoice.payment_succeeded");
        let (severity, consequence) = if renews_by_invoice {
            (
                Severity::Low,
                "access follows paid invoices, so it lapses when payments stop, but plan changes, cancellations and failed renewals are not seen until the paid period runs out",
            )
        } else if missing.iter().any(|m| m == "customer.subscription.deleted") {
            (
                Self::META.severity,
                "customers who cancel or whose subscription ends keep their paid access",
            )
        } else {
            (
                Self::META.severity,
                "plan changes and failed renewals never reach the database",
            )
        };
        let mut f = finding(
            &Self::META,
            severity,
            format!(
                "The Stripe webhook handles {} but not {}: {consequence}",
                backticked(&handled),
                backticked(&missing)
            ),
            Some(at),
            "stripe-webhook".into(),
            format!(
                "Handle {}: write the subscription's status and price to your database, and notify the customer when a payment fails.",
                backticked(&missing)
            ),
        );
        f.route = receiver.map(|r| r.entity());
        f.related
            .push(related(first_event, "event types handled here"));
        findings.push(f);
        Outcome::from_findings(findings, "")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::UnhandledStripeEvents::META.id);
    }
}
