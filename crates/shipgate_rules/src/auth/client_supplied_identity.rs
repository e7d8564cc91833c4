//! auth/client-supplied-identity: a user/owner/tenant id taken from the request and used
//! to read or write data without being checked against the session (IDOR).

use crate::util::{guard_finding, is_identity_column, is_user_table, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{
    AppModel, ClientKind, Guard, InputSource, RuleMeta, Severity, ValueOrigin, ValueRole,
};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it checks
    /// Database operations in a request handler (and the helpers it calls) that filter on,
    /// or write, an identity column (`user_id`, `owner_id`, `tenant_id`, `org_id`,
    /// `workspace_id`, ... or `id` of a users/profiles table) with a value that came from
    /// the request body, query string, path or headers, when no rejecting branch compares
    /// that value with the session. Handlers with a role check and verified webhooks are
    /// skipped.
    ///
    /// Severity is `critical` when the client bypasses row level security (service role,
    /// Prisma, Drizzle) or cannot be identified, and `high` when a user-scoped Supabase
    /// client leaves the last word to row level security. An export of a `'use server'`
    /// module that no component imports is `low`: Next.js registers it, but ships no id
    /// for it to browsers.
    ///
    /// ## Why it matters
    /// Whoever sends the request chooses whose data it touches: change `userId` in the
    /// body and you act as someone else. This is the most common authorization bug in
    /// AI-written handlers (insecure direct object reference).
    ///
    /// ## How to fix
    /// Take the identity from the verified session (`supabase.auth.getUser()`,
    /// `auth()`, `getServerSession()`) and ignore the request field, or reject the request
    /// when the two differ.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// const { userId, token } = await req.json();
    /// await admin.from("device_tokens").upsert({ user_id: userId, token });
    /// // fixed
    /// const { data: { user } } = await supabase.auth.getUser();
    /// if (!user) return new Response(null, { status: 401 });
    /// const { token } = await req.json();
    /// await supabase.from("device_tokens").upsert({ user_id: user.id, token });
    /// ```
    pub struct ClientSuppliedIdentity {
        id: "auth/client-supplied-identity",
        category: Auth,
        severity: Critical,
        effort: Medium,
        summary: "A user/tenant/owner id from the request is used to read or write data without a session check",
        problem: "the caller chooses whose data it touches by sending an id",
    }
}

impl Rule for ClientSuppliedIdentity {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let with_data: Vec<_> = model
            .routes
            .iter()
            .filter(|r| !r.facts.data_ops.is_empty())
            .collect();
        if with_data.is_empty() {
            return Outcome::not_applicable("no handler accesses the database");
        }
        let mut findings = Vec::new();
        for route in with_data {
            if route.guard == Guard::Verified || route.role_check.is_some() {
                continue;
            }
            let mut seen = BTreeSet::new();
            for op in &route.facts.data_ops {
                // A filter on the session already scopes the rows to the caller; a request
                // value can only narrow within them.
                if op
                    .values
                    .iter()
                    .any(|v| v.role == ValueRole::Filter && v.origin == ValueOrigin::Session)
                {
                    continue;
                }
                for v in &op.values {
                    let identity = is_identity_column(&v.column)
                        || (v.column == "id" && op.table.as_deref().is_some_and(is_user_table));
                    if !identity {
                        continue;
                    }
                    let (source, field, name) = match &v.origin {
                        ValueOrigin::Request {
                            source,
                            field,
                            name,
                        } => (*source, field.clone(), name.clone()),
                        ValueOrigin::Validated { source, field } => {
                            (*source, field.clone(), v.column.clone())
                        }
                        _ => continue,
                    };
                    if source == InputSource::Cookies {
                        continue;
                    }
                    let shown = field.clone().unwrap_or_else(|| name.clone());
                    if route
                        .facts
                        .identity_checks
                        .iter()
                        .any(|c| c == &shown || c == &name)
                    {
                        continue;
                    }
                    if !seen.insert((v.column.clone(), shown.clone())) {
                        continue;
                    }
                    let table = op.table.clone().unwrap_or_else(|| "a table".into());
                    let verb = match (v.role, op.op.is_write()) {
                        (ValueRole::Payload, _) => format!("written to `{}`", v.column),
                        (ValueRole::Filter, true) => {
                            format!("used to pick the `{}` rows to {}", v.column, op.op.as_str())
                        }
                        (ValueRole::Filter, false) => format!("used to filter on `{}`", v.column),
                    };
                    let (severity, client) = match op.client {
                        ClientKind::UserScoped => (
                            Severity::High,
                            "through a user-scoped client (only row level security stands in the way)",
                        ),
                        ClientKind::ServiceRole => (
                            Severity::Critical,
                            "through a service-role client that bypasses row level security",
                        ),
                        ClientKind::Prisma => {
                            (Severity::Critical, "through Prisma (no row level security)")
                        }
                        ClientKind::Drizzle => (
                            Severity::Critical,
                            "through Drizzle (no row level security)",
                        ),
                        _ => (Severity::Critical, "through a database client"),
                    };
                    // Next.js registers every export of a 'use server' module, but only
                    // actions a component imports get an id shipped to browsers: a helper
                    // nothing imports is hard to reach, so it is a note, not a blocker.
                    let (severity, unreferenced) = if route.ui_referenced == Some(false) {
                        (
                            Severity::Low,
                            ". No component imports it, so it looks like a server-side helper in a 'use server' module; Next.js still registers it as an action",
                        )
                    } else {
                        (severity, "")
                    };
                    let input_at = route
                        .facts
                        .inputs
                        .iter()
                        .find(|i| i.name == name || i.field.as_deref() == Some(shown.as_str()))
                        .map(|i| i.at);
                    let at = input_at.unwrap_or(v.at);
                    let mut f = guard_finding(
                        &Self::META,
                        severity,
                        route,
                        format!(
                            "`{shown}` is read from the request {} and {verb} in `{table}` {client}, with no check against the session{unreferenced}",
                            source.as_str()
                        ),
                        at,
                        fix_for(&v.column),
                    );
                    f.entity = format!("{} {}", route.entity(), v.column);
                    if input_at.is_some() {
                        f.related
                            .push(related(v.at, format!("used in `{table}` here")));
                    }
                    findings.push(f);
                }
            }
        }
        Outcome::from_findings(
            findings,
            "no request-supplied identity reaches a query unchecked",
        )
    }
}

/// The fix for one identity column: the caller's own id comes from the session; a team,
/// org or workspace id needs a membership check.
fn fix_for(column: &str) -> String {
    let c = column.to_ascii_lowercase();
    if ["user", "owner", "author", "creator", "member", "profile"]
        .iter()
        .any(|k| c.contains(k))
    {
        "Take the user id from the verified session and ignore the request field, or return 403 when the two differ.".into()
    } else {
        format!(
            "Check that the caller belongs to that `{column}` first (a lookup filtered by the session user that returns 403/404 when it finds nothing), or take it from the session."
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::ClientSuppliedIdentity::META.id);
    }
}
