//! tenancy/service-role-in-request-path: a service-role (RLS-bypassing) client used while
//! serving a user's request.

use crate::util::{guard_finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{
    AppModel, ClientKind, DataOp, Guard, RuleMeta, Severity, ValueOrigin, ValueRole,
};

declare_rule! {
    /// ## What it checks
    /// Request handlers that use a Supabase service-role client (created with
    /// `SUPABASE_SERVICE_ROLE_KEY`, or a helper such as `getSupabaseAdmin()` that does),
    /// directly or through the helpers they call, for queries that are not tied to the
    /// verified caller. Verified webhooks and shared-secret jobs are skipped (there is no
    /// user to scope to), and so are handlers with a role check and handlers whose every
    /// service-role query filters on the caller's own id from the session. A helper in a
    /// `'use server'` module that no component imports is reported low.
    ///
    /// ## Why it matters
    /// The service role bypasses row level security. Every query in the handler must then
    /// scope itself by the right user or tenant, by hand, forever; one missing `.eq()` leaks
    /// other customers' rows. With the user's own client, the database enforces it.
    ///
    /// ## How to fix
    /// Use the request-scoped client (`createClient()` from `@supabase/ssr` with the user's
    /// cookies) so RLS applies. Keep the service role for webhooks, cron jobs and admin
    /// tasks behind a role check.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// const admin = getSupabaseAdmin();
    /// await admin.from("contacts").update(patch).eq("id", id);
    /// // fixed
    /// const supabase = await createClient();
    /// await supabase.from("contacts").update(patch).eq("id", id); // RLS: owner only
    /// ```
    pub struct ServiceRoleInRequestPath {
        id: "tenancy/service-role-in-request-path",
        category: Tenancy,
        severity: High,
        effort: Medium,
        summary: "A service-role / admin DB client (bypasses RLS) used inside a request handler",
    }
}

impl Rule for ServiceRoleInRequestPath {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if !model.has_stack("supabase")
            && model
                .routes
                .iter()
                .all(|r| r.facts.service_role_uses.is_empty())
        {
            return Outcome::not_applicable("no Supabase client in use");
        }
        let mut findings = Vec::new();
        for route in &model.routes {
            let Some(first) = route.facts.service_role_uses.first() else {
                continue;
            };
            if route.guard == Guard::Verified || route.role_check.is_some() {
                continue;
            }
            // Service role used correctly: every query it makes is tied to the caller
            // (`.eq("user_id", user.id)` with `user` from the verified session).
            let privileged: Vec<&DataOp> = route
                .facts
                .data_ops
                .iter()
                .filter(|d| d.client == ClientKind::ServiceRole)
                .collect();
            if route.guard != Guard::Public
                && !privileged.is_empty()
                && privileged.iter().all(|d| tied_to_caller(d))
            {
                continue;
            }
            let severity = if route.ui_referenced == Some(false) {
                Severity::Low
            } else {
                Self::META.severity
            };
            let n = route.facts.service_role_uses.len();
            let more = if n > 1 {
                format!(" ({n} queries)")
            } else {
                String::new()
            };
            let mut f = guard_finding(
                &Self::META,
                severity,
                route,
                format!(
                    "`{}` queries through a service-role client that bypasses row level security{more}: {}",
                    route.entity(),
                    first.via
                ),
                first.at,
                "Use the user-scoped server client so row level security applies; keep the service role for webhooks, jobs and admin-only routes.".into(),
            );
            if first.at.file != route.at.file
                || first.at.span.start < route.at.span.start
                || first.at.span.start > route.at.span.end
            {
                f.related.push(related(route.at, "handler"));
            }
            findings.push(f);
        }
        Outcome::from_findings(findings, "no request handler uses the service role")
    }
}

/// A query tied to the verified caller: it filters on a value from the session (or, for
/// an insert, writes one).
fn tied_to_caller(d: &DataOp) -> bool {
    d.values.iter().any(|v| {
        v.origin == ValueOrigin::Session
            && (v.role == ValueRole::Filter || d.op == shipgate_model::DbOp::Insert)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::ServiceRoleInRequestPath::META.id);
    }
}
