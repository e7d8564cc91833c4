//! webhook/unverified-signature: a webhook handler that acts on the payload without
//! verifying who sent it.

use super::webhook_signal;
use crate::auth::unprotected_route::{Exposure, exposure};
use crate::util::{guard_finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Guard, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Routes that receive webhooks (a `webhook` path segment, or a provider signature
    /// header such as `stripe-signature`, `svix-signature` or `x-hub-signature-256` read in
    /// the handler) that no signature or shared-secret check guards: no Stripe
    /// `webhooks.constructEvent`, no svix `Webhook.verify`, no HMAC compared with the
    /// header, no provider SDK verify helper, in the handler or the helpers it calls. The
    /// severity follows what the handler does with the payload: writes and paid or
    /// outgoing calls are `critical`; a handler that touches nothing shipgate can see is
    /// `info`. Such routes are reported here instead of under `auth/unprotected-route`.
    ///
    /// ## Why it matters
    /// The URL of a webhook is not a secret. Without the signature check anyone can post a
    /// forged `checkout.session.completed` or `invoice.paid` and get a plan for free, or
    /// replay events to corrupt data.
    ///
    /// ## How to fix
    /// Read the raw body and verify it with the provider's library before parsing it
    /// (`stripe.webhooks.constructEvent(body, sig, secret)`, `new Webhook(secret).verify(...)`),
    /// or compute the HMAC and compare it with `crypto.timingSafeEqual`. Return 400 when it
    /// does not match.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// export async function POST(req: Request) {
    ///   const event = await req.json();
    ///   if (event.type === "checkout.session.completed") await activatePlan(event.data.object);
    /// }
    /// // fixed
    /// export async function POST(req: Request) {
    ///   const body = await req.text();
    ///   const event = stripe.webhooks.constructEvent(body, req.headers.get("stripe-signature")!, process.env.STRIPE_WEBHOOK_SECRET!);
    /// }
    /// ```
    pub struct UnverifiedSignature {
        id: "webhook/unverified-signature",
        category: Integrations,
        severity: Critical,
        effort: Small,
        summary: "A webhook handler that acts on the payload without verifying its signature",
        problem: "anyone can forge webhook events",
    }
}

impl Rule for UnverifiedSignature {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let mut findings = Vec::new();
        let mut verified = 0;
        for route in &model.routes {
            let Some(signal) = webhook_signal(route) else {
                continue;
            };
            if route.guard != Guard::Public {
                if route.guard == Guard::Verified {
                    verified += 1;
                }
                continue;
            }
            // A GET/HEAD with nothing behind it is the provider's URL check.
            let Some(Exposure {
                severity,
                what,
                unresolved,
            }) = exposure(model, route).or_else(|| {
                route.is_mutating().then(|| Exposure {
                    severity: Severity::Info,
                    what: String::new(),
                    unresolved: Vec::new(),
                })
            })
            else {
                continue;
            };
            let mut message = format!(
                "`{}` receives webhooks ({signal}) but verifies no signature or shared secret",
                route.entity()
            );
            if what.is_empty() {
                message.push_str(
                    ": anyone can post to it; shipgate found no data access or side effect here to judge the risk by",
                );
            } else {
                message.push_str(&format!(": anyone can post a forged event, and it {what}"));
            }
            let mut f = guard_finding(
                &Self::META,
                severity,
                route,
                message,
                route.at,
                "Verify the raw body before using it: `stripe.webhooks.constructEvent(body, signature, secret)`, svix `new Webhook(secret).verify(body, headers)`, or an HMAC compared with `crypto.timingSafeEqual`; return 400 when it does not match.".into(),
            );
            if !unresolved.is_empty() {
                f = f.resting_on(shipgate_model::Confidence::Possible, &unresolved);
            }
            if let Some(i) = route.facts.inputs.first() {
                f.related.push(related(i.at, "payload read here"));
            }
            findings.push(f);
        }
        if findings.is_empty() && verified == 0 {
            return Outcome::not_applicable("no webhook routes found");
        }
        Outcome::from_findings(
            findings,
            format!("{verified} webhook route(s) verify a signature or shared secret"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::UnverifiedSignature::META.id);
    }
}
