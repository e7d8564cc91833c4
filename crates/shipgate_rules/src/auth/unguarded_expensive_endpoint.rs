//! auth/unguarded-expensive-endpoint: cron, AI, bulk e-mail/SMS endpoints that any user
//! (or anyone) can trigger.

use crate::util::{guard_finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, EffectKind, Guard, Route, RuleMeta, ValueOrigin};

declare_rule! {
    /// ## What it checks
    /// - Cron and queue endpoints (a path segment such as `cron`, `queue`, `worker`,
    ///   `digest`, `broadcast`) that are not `verified` by a shared secret or signature and
    ///   have no role check: any signed-in user, or anyone, can run them. Words that also
    ///   name user resources (`jobs`, `tasks`, `batch`, `bulk`, `schedule`) count only when
    ///   the handler sends or calls out, or writes rows not keyed by anything from the
    ///   caller (a sweep over every workspace).
    /// - Endpoints that call an AI model, send e-mail, SMS or push notifications, and are
    ///   `public`.
    /// - Endpoints that send e-mail, SMS or push notifications in a loop (bulk sends) with no
    ///   role check, whoever may call them.
    ///
    /// Calls that cost the owner nothing (starting a Stripe Checkout or payment intent) do
    /// not count, and neither do endpoints a rate limiter covers, except scheduled jobs.
    ///
    /// ## Why it matters
    /// These endpoints cost money per call and can reach real people. An open cron route can
    /// be hammered to run the job thousands of times; an open AI route is a free LLM proxy;
    /// an open bulk-send route is a spam cannon with your domain's reputation.
    ///
    /// ## How to fix
    /// Require a shared secret on cron routes (`Authorization: Bearer ${CRON_SECRET}`, which
    /// Vercel Cron sends), require a session on AI routes, and an admin role on bulk sends.
    /// Rate-limit all of them.
    ///
    /// ## Example
    /// ```ts
    /// // flagged: anyone can trigger the weekly digest
    /// export async function GET() { for (const u of users) await resend.emails.send(...) }
    /// // fixed
    /// export async function GET(req: Request) {
    ///   if (req.headers.get("authorization") !== `Bearer ${process.env.CRON_SECRET}`)
    ///     return new Response("Unauthorized", { status: 401 });
    ///   ...
    /// }
    /// ```
    pub struct UnguardedExpensiveEndpoint {
        id: "auth/unguarded-expensive-endpoint",
        category: Auth,
        severity: High,
        effort: Small,
        summary: "Cron, AI/LLM, bulk e-mail/SMS endpoints callable by any user or anyone, with no role check and no secret",
        problem: "callers can run up AI, e-mail or SMS costs",
    }
}

/// Path words that only name a scheduled or queued job.
const JOB_WORDS: &[&str] = &[
    "scheduled",
    "worker",
    "workers",
    "queue",
    "digest",
    "broadcast",
];

/// Path words that name a job in some apps and a user resource in others (`/api/tasks` in
/// a to-do app, `/api/messages/batch`).
const MAYBE_JOB_WORDS: &[&str] = &["jobs", "job", "tasks", "task", "batch", "bulk", "schedule"];

fn segments(route: &Route) -> impl Iterator<Item = String> + '_ {
    route
        .path
        .split(['/', '.', '#', ':'])
        .map(|s| s.to_ascii_lowercase())
}

pub(crate) fn is_cron_like(route: &Route) -> bool {
    if segments(route).any(|s| s.starts_with("cron") || JOB_WORDS.contains(&s.as_str())) {
        return true;
    }
    if !segments(route).any(|s| MAYBE_JOB_WORDS.contains(&s.as_str())) {
        return false;
    }
    // A job sends, calls out or sweeps rows that belong to no one in particular; a user
    // resource reads or writes the caller's own rows.
    let f = &route.facts;
    let writes = f.data_ops.iter().any(|d| d.op.is_write());
    let keyed_by_caller = f.data_ops.iter().any(|d| {
        d.values.iter().any(|v| {
            matches!(
                v.origin,
                ValueOrigin::Session | ValueOrigin::Request { .. } | ValueOrigin::Validated { .. }
            )
        })
    });
    !f.effects.is_empty() || writes && !keyed_by_caller
}

fn who(guard: Guard) -> &'static str {
    match guard {
        Guard::Public => "anyone can trigger it",
        _ => "any signed-in user can trigger it",
    }
}

impl Rule for UnguardedExpensiveEndpoint {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let candidates: Vec<&Route> = model
            .routes
            .iter()
            // Only calls that cost the owner: starting a checkout charges the buyer.
            .filter(|r| is_cron_like(r) || r.facts.effects.iter().any(|e| e.costs_the_owner()))
            .collect();
        if candidates.is_empty() {
            return Outcome::not_applicable("no cron, AI or messaging endpoints");
        }
        let mut findings = Vec::new();
        for route in candidates {
            // An exported helper no component imports is not a user-facing endpoint.
            if route.ui_referenced == Some(false) {
                continue;
            }
            if route.guard == Guard::Verified
                || route.role_check.is_some()
                || route.intended_public.is_some() && !is_cron_like(route)
            {
                continue;
            }
            // A limiter bounds what anyone can spend through it; a job still needs a secret.
            if route.rate_limited && !is_cron_like(route) {
                continue;
            }
            let mut kinds: Vec<&str> = route
                .facts
                .effects
                .iter()
                .filter(|e| e.costs_the_owner())
                .map(|e| e.kind.as_str())
                .collect();
            kinds.sort();
            kinds.dedup();
            let costly = if kinds.is_empty() {
                String::new()
            } else {
                format!(" ({})", kinds.join(", "))
            };
            let bulk = route.facts.effects.iter().find(|e| {
                e.in_loop
                    && matches!(
                        e.kind,
                        EffectKind::Email | EffectKind::Sms | EffectKind::Push
                    )
            });
            let message = if is_cron_like(route) {
                format!(
                    "`{}` is a scheduled job{costly} with no shared-secret check and no role check: {}",
                    route.entity(),
                    who(route.guard)
                )
            } else if route.guard == Guard::Public {
                format!(
                    "`{}` makes costly calls{costly} and {}: no session, secret or role check",
                    route.entity(),
                    who(route.guard)
                )
            } else if let Some(b) = bulk {
                format!(
                    "`{}` sends {} in a loop and {}: no role check",
                    route.entity(),
                    b.kind.noun(),
                    who(route.guard)
                )
            } else {
                continue;
            };
            let mut f = guard_finding(
                &Self::META,
                Self::META.severity,
                route,
                message,
                route.at,
                "Require `Authorization: Bearer ${CRON_SECRET}` on scheduled jobs, a session on AI routes and an admin role on bulk sends; rate-limit them.".into(),
            );
            for e in route.facts.effects.iter().take(3) {
                f.related.push(related(
                    e.at,
                    format!("{} (`{}`)", e.kind.as_str(), e.callee),
                ));
            }
            findings.push(f);
        }
        Outcome::from_findings(findings, "cron, AI and messaging endpoints are protected")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::UnguardedExpensiveEndpoint::META.id);
    }
}
