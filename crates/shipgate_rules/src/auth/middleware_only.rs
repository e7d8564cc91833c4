//! auth/middleware-only: a handler whose only protection is global middleware.

use crate::util::{guard_finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Guard, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// API handlers and server actions whose guard is `middleware`: Next.js `middleware.ts`
    /// (or `proxy.ts`) rejects anonymous requests for the path, but the handler itself never
    /// checks the session. Handlers with nothing behind them (no data access, no paid or
    /// outbound call, no service-role client) are left out: losing the middleware would
    /// expose nothing.
    ///
    /// ## Why it matters
    /// The protection lives in a matcher and an allowlist far from the handler. One edit to
    /// `config.matcher`, a new public prefix, or a path served by a second app, and the
    /// handler is open. Middleware also cannot tell the handler *who* the caller is, so
    /// handlers that trust middleware often trust request fields instead.
    ///
    /// ## How to fix
    /// Keep the middleware, and also check the session in the handler (or in a wrapper such
    /// as `withAuth(handler)`), using the user id from the session for every query.
    ///
    /// ## Example
    /// ```ts
    /// // flagged: relies on middleware.ts alone
    /// export async function DELETE(_req: Request, { params }) {
    ///   await supabase.from("deals").delete().eq("id", (await params).id);
    /// }
    /// // fixed
    /// export async function DELETE(_req: Request, { params }) {
    ///   const { user, supabase } = await requireUser();
    ///   await supabase.from("deals").delete().eq("id", (await params).id).eq("owner_id", user.id);
    /// }
    /// ```
    pub struct MiddlewareOnly {
        id: "auth/middleware-only",
        category: Auth,
        severity: Medium,
        effort: Small,
        summary: "A handler guarded only by global middleware: one matcher change exposes it",
        problem: "only global middleware guards it; one matcher change opens it",
    }
}

impl Rule for MiddlewareOnly {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.middleware.is_empty() {
            return Outcome::not_applicable("no global middleware");
        }
        let mut findings = Vec::new();
        for route in model
            .routes
            .iter()
            .filter(|r| r.guard == Guard::Middleware && r.intended_public.is_none())
        {
            // Nothing behind it to protect (no data access, no costly call).
            let f = &route.facts;
            if f.data_ops.is_empty() && f.effects.is_empty() && f.service_role_uses.is_empty() {
                continue;
            }
            let mw = route
                .guard_at
                .map(|l| model.describe(l))
                .unwrap_or_else(|| "global middleware".into());
            let mut f = guard_finding(
                &Self::META,
                Self::META.severity,
                route,
                format!("`{}` relies on global middleware alone ({mw}); the handler never checks the session", route.entity()),
                route.at,
                "Check the session in the handler as well (or wrap it in your auth helper) and take the user id from it.".into(),
            );
            if let Some(g) = route.guard_at {
                f.related.push(related(g, "the only check, in middleware"));
            }
            findings.push(f);
        }
        Outcome::from_findings(findings, "no handler relies on middleware alone")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::MiddlewareOnly::META.id);
    }
}
