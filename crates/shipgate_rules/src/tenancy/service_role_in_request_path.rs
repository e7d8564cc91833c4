//! tenancy/service-role-in-request-path: a service-role (RLS-bypassing) client used while
//! serving a user's request.

use crate::util::{guard_finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::names::sensitive_column;
use shipgate_model::{
    AppModel, ClientKind, Confidence, DataOp, Guard, RuleMeta, Severity, ValueOrigin, ValueRole,
};

declare_rule! {
    /// ## What it checks
    /// Request handlers that use a Supabase service-role client (created with
    /// `SUPABASE_SERVICE_ROLE_KEY`, or a helper such as `getSupabaseAdmin()` that does),
    /// directly or through the helpers they call, for queries that are not tied to the
    /// verified caller. Verified webhooks and shared-secret jobs are skipped (there is no
    /// user to scope to), and so are handlers with a role check and signed-in handlers whose
    /// every service-role query filters on the caller's own id from the session, or on a
    /// request id the handler has checked belongs to the caller (an ownership comparison,
    /// a membership lookup or an access helper that rejects); so are
    /// handlers whose every service-role query is an insert, upsert or database function
    /// call that takes nothing from the request. A handler whose service-role queries only
    /// read shared rows (no user, owner or tenant filter taken from the request) through
    /// a select list whose columns hold no credential, personal data, copy of other rows or
    /// what people wrote is reported medium. A helper in a
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
        problem: "it reaches the database past row level security",
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
            // Nothing a caller sends can aim these queries at anyone else's rows.
            if !privileged.is_empty() && privileged.iter().all(|d| tied_to_caller(d, route)) {
                continue;
            }
            // What the service role can hand an outsider here: when it only reads shared
            // rows (no user or tenant picked by the request) whose columns are known and
            // hold nothing that hurts to leak, the exposure is small.
            let harmless_reads = !privileged.is_empty()
                && privileged.iter().all(|d| {
                    !aimed_by_request(d)
                        && read_columns(model, d)
                            .is_some_and(|cols| cols.iter().all(|c| sensitive_column(c).is_none()))
                });
            let severity = if route.ui_referenced == Some(false) {
                Severity::Low
            } else if harmless_reads {
                Severity::Medium
            } else {
                Self::META.severity
            };
            let reach = if harmless_reads {
                "; it only reads columns that hold no credential, personal data, copy of other rows or what people wrote"
            } else {
                ""
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
                    "`{}` queries through a service-role client that bypasses row level security{more}: {}{reach}",
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
            // For a signed-in caller, "not tied to the caller" is proven only when shipgate
            // could follow the filters: a filter whose value it could not trace (a tenant id
            // read from the caller's own row, say) may well be the caller's.
            let untraced: Vec<String> = privileged
                .iter()
                .filter(|d| !tied_to_caller(d, route))
                .flat_map(|d| {
                    d.values
                        .iter()
                        .filter(|v| v.role == ValueRole::Filter && v.origin == ValueOrigin::Unknown)
                        .map(|v| format!("where the `{}` filter value comes from", v.column))
                })
                .collect();
            let every_untied_untraced = privileged
                .iter()
                .filter(|d| !tied_to_caller(d, route))
                .all(|d| {
                    d.values
                        .iter()
                        .any(|v| v.role == ValueRole::Filter && v.origin == ValueOrigin::Unknown)
                });
            if route.guard != Guard::Public && !privileged.is_empty() && every_untied_untraced {
                f = f.resting_on(Confidence::Likely, &untraced);
            }
            findings.push(f);
        }
        Outcome::from_findings(findings, "no request handler uses the service role")
    }
}

/// Whether the request picks whose rows the query reaches: a user, owner or tenant
/// column filtered on a value the request sent.
fn aimed_by_request(d: &DataOp) -> bool {
    d.values.iter().any(|v| {
        v.role == ValueRole::Filter
            && !matches!(v.origin, ValueOrigin::Session | ValueOrigin::Literal)
            && crate::util::is_identity_column(&v.column)
    })
}

/// The columns a read hands back, when they are known: the ones its select list names,
/// and the table's own for `*`; `None` for writes, embedded relations and lists built
/// elsewhere.
fn read_columns(model: &AppModel, d: &DataOp) -> Option<Vec<String>> {
    if d.op != shipgate_model::DbOp::Select || d.columns.iter().any(|c| c == "()") {
        return None;
    }
    let mut cols: Vec<String> = d.columns.iter().filter(|c| *c != "*").cloned().collect();
    if d.columns.iter().any(|c| c == "*") {
        cols.extend(model.schema.columns_of(d.table.as_deref()?)?);
    }
    (!cols.is_empty()).then_some(cols)
}

/// A query the caller cannot aim at anyone else's rows: it filters on a value from the
/// session (or, for an insert, writes one), or on a request id the handler has already
/// checked belongs to the caller (`if (program.trainer_id !== user.id) return 403`, an
/// access helper), or it is an insert, upsert or database function call that takes
/// nothing from the request (a metrics row, an audit event, rates fetched by the server).
fn tied_to_caller(d: &DataOp, route: &shipgate_model::Route) -> bool {
    let checked = |v: &shipgate_model::DataValue| {
        let ids = &route.facts.identity_checks;
        match &v.origin {
            ValueOrigin::Request { field, name, .. } => {
                ids.contains(name) || field.as_ref().is_some_and(|f| ids.contains(f))
            }
            ValueOrigin::Validated { field, .. } => {
                ids.contains(&v.column) || field.as_ref().is_some_and(|f| ids.contains(f))
            }
            _ => false,
        }
    };
    let request_filters: Vec<&shipgate_model::DataValue> = d
        .values
        .iter()
        .filter(|v| {
            v.role == ValueRole::Filter
                && matches!(
                    v.origin,
                    ValueOrigin::Request { .. } | ValueOrigin::Validated { .. }
                )
        })
        .collect();
    if !request_filters.is_empty() && request_filters.iter().all(|v| checked(v)) {
        return true;
    }
    let from_request = |o: &ValueOrigin| {
        matches!(
            o,
            ValueOrigin::Request { .. } | ValueOrigin::Validated { .. }
        )
    };
    // Keyed to the caller, and no owner, tenant or team column taken from the request
    // beside it (`sent_by: user.id, tenant_id: body.tenantId` still writes into any tenant).
    let session_keyed = d.values.iter().any(|v| {
        v.origin == ValueOrigin::Session
            && (v.role == ValueRole::Filter || d.op == shipgate_model::DbOp::Insert)
    }) && !d
        .values
        .iter()
        .any(|v| from_request(&v.origin) && crate::util::is_identity_column(&v.column));
    let untouched_by_request = matches!(
        d.op,
        shipgate_model::DbOp::Insert | shipgate_model::DbOp::Upsert | shipgate_model::DbOp::Rpc
    ) && !d.values.iter().any(|v| from_request(&v.origin))
        && !d.payload.as_ref().is_some_and(from_request);
    session_keyed || untouched_by_request
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::ServiceRoleInRequestPath::META.id);
    }
}
