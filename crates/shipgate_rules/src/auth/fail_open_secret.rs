//! auth/fail-open-secret: a secret check that lets every request through when its secret
//! is unset.

use crate::util::{guard_finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Guard, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Routes whose only guard is a shared-secret check (a cron secret, an internal API
    /// key, a webhook token) written so that it rejects only when the secret is set:
    /// `if (process.env.CRON_SECRET && auth !== \`Bearer ${process.env.CRON_SECRET}\`)`.
    /// The check is found in the handler or in a helper it calls.
    ///
    /// ## Why it matters
    /// A deployment that forgot the variable (a preview, a new environment, a renamed
    /// secret) serves the route to anyone, and nothing fails loudly to say so: whoever
    /// finds the path runs the job or reads what it returns.
    ///
    /// ## How to fix
    /// Treat a missing secret as a refusal: check that it is set and that it matches, in
    /// one condition.
    ///
    /// ## Example
    /// ```ts
    /// // flagged: passes when CRON_SECRET is unset
    /// if (process.env.CRON_SECRET && auth !== `Bearer ${process.env.CRON_SECRET}`) {
    ///   return new Response("unauthorized", { status: 401 });
    /// }
    /// // fixed
    /// const secret = process.env.CRON_SECRET;
    /// if (!secret || auth !== `Bearer ${secret}`) {
    ///   return new Response("unauthorized", { status: 401 });
    /// }
    /// ```
    pub struct FailOpenSecret {
        id: "auth/fail-open-secret",
        category: Auth,
        severity: High,
        effort: Small,
        summary: "A secret check that passes every request when the secret is unset",
        problem: "the secret check lets everyone in when the secret is unset",
    }
}

impl Rule for FailOpenSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let verified: Vec<_> = model
            .routes
            .iter()
            .filter(|r| r.guard == Guard::Verified)
            .collect();
        if verified.is_empty() {
            return Outcome::not_applicable("no route is guarded by a secret or signature");
        }
        let mut findings = Vec::new();
        for route in &verified {
            let Some((at, var)) = &route.fails_open else {
                continue;
            };
            let mut f = guard_finding(
                &Self::META,
                Self::META.severity,
                route,
                format!(
                    "`{}` rejects a request only when `{var}` is set ({}): on a deployment where the variable is missing, every request passes",
                    route.entity(),
                    model.describe(*at)
                ),
                route.at,
                format!(
                    "Refuse when the secret is missing: `if (!{var} || given !== {var}) return 401`, in one condition."
                ),
            );
            f.related
                .push(related(*at, "the check that is skipped without the secret"));
            findings.push(f);
        }
        Outcome::from_findings(
            findings,
            format!(
                "{} secret-guarded route(s) refuse requests when the secret is missing",
                verified.len()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::FailOpenSecret::META.id);
    }
}
