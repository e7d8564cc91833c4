//! billing/client-set-price: an amount sent to Stripe that the request chose.

use crate::util::route_finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta, Severity};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it checks
    /// Stripe calls in request handlers (Checkout sessions, payment intents, invoice items,
    /// prices, payment links, charges, subscriptions, coupons) whose `amount`,
    /// `unit_amount`, `amount_off` or `percent_off` is computed from the request: a body,
    /// form or query field (also after `Number()`, `Math.round(x * 100)` and schema
    /// validation), or a field of each item of a cart the browser sent
    /// (`items.map((i) => ({ price_data: { unit_amount: i.price } }))`). Prices named by a
    /// Stripe price id and amounts read from your database are not the request's. When
    /// the chosen amount is also passed in the call's `metadata` (the fulfilment is told
    /// the amount: a top-up, a donation), the finding is `medium`: it holds only if what
    /// is granted does not follow what Stripe charged.
    ///
    /// ## Why it matters
    /// The buyer sets what they pay: one edited request buys anything for one cent, or
    /// creates a 100 % coupon. Stripe charges exactly what it is told.
    ///
    /// ## How to fix
    /// Take only what is bought from the request (product ids and quantities), and look
    /// the price up on the server: pass Stripe price ids from your own catalogue, or read
    /// the amount from your database.
    ///
    /// ## Example
    /// ```ts
    /// // flagged: the cart carries its own prices
    /// line_items: cart.map((i) => ({ quantity: i.qty,
    ///   price_data: { currency: "eur", unit_amount: i.price, product_data: { name: i.name } } })),
    /// // fixed: the server knows the price
    /// const products = await db.product.findMany({ where: { id: { in: cart.map((i) => i.id) } } });
    /// line_items: products.map((p) => ({ price: p.stripePriceId, quantity: qty[p.id] })),
    /// ```
    pub struct ClientSetPrice {
        id: "billing/client-set-price",
        category: Integrations,
        severity: Critical,
        effort: Medium,
        summary: "An amount, price or discount sent to Stripe that the request chose",
        problem: "the buyer sets the price",
    }
}

impl Rule for ClientSetPrice {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if !model.has_stack("stripe") {
            return Outcome::not_applicable("no Stripe in the project");
        }
        let mut findings = Vec::new();
        let mut seen = BTreeSet::new();
        for route in &model.routes {
            for p in &route.facts.client_prices {
                if !seen.insert((route.entity(), p.at, p.field.clone())) {
                    continue;
                }
                // The amount chosen is also what the fulfilment is told: the purchase is
                // the amount itself (a top-up, a donation), fine if what is granted
                // follows what Stripe charged.
                let f = if p.echoed_in_metadata {
                    route_finding(
                        &Self::META,
                        Severity::Medium,
                        route,
                        format!(
                            "`{}` lets the buyer choose `{}` for `{}()` (`{}`) and passes the same value in `metadata`: a top-up or donation is fine only if what you grant follows the amount Stripe charged (`amount_total`), not the metadata, and a minimum is enforced",
                            route.entity(),
                            p.field,
                            p.call,
                            p.from
                        ),
                        p.at,
                        "Enforce a minimum and maximum on the amount, and grant from `session.amount_total` in the webhook rather than from metadata the request chose.".into(),
                    )
                } else {
                    route_finding(
                        &Self::META,
                        Self::META.severity,
                        route,
                        format!(
                            "`{}` sends `{}` to `{}()` computed from the request (`{}`): the buyer sets what they pay, so one edited request buys anything for a cent",
                            route.entity(),
                            p.field,
                            p.call,
                            p.from
                        ),
                        p.at,
                        "Take only product ids and quantities from the request and look the price up on the server: Stripe price ids from your catalogue, or the amount from your database.".into(),
                    )
                };
                findings.push(f);
            }
        }
        Outcome::from_findings(
            findings,
            "no Stripe amount in a request handler comes from the request",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::ClientSetPrice::META.id);
    }
}
