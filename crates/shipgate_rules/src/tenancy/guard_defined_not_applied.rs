//! tenancy/guard-defined-not-applied: a tenant-isolation helper exists, but data routes
//! reach tenant tables without calling it.

use crate::util::{finding, is_tenant_column, member_route, related, route_finding};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, ClientKind, DataOp, DbOp, Route, RuleMeta, ValueOrigin, ValueRole};
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it checks
    /// The project defines an exported tenant-isolation helper, named like
    /// `enforceTenantIsolation`, `validateTenantAccess`, `requireOrgMember` or
    /// `withWorkspace`. A signed-in route (no admin check) then reads or writes a table
    /// keyed by a tenant column (`tenant_id`, `org_id`, `workspaceId`, `team_id`, ...)
    /// through a client that row level security does not protect, and:
    /// - neither it, its wrappers, its route middleware, nor the helpers it calls (a few
    ///   calls deep) call the helper;
    /// - global middleware that calls the helper does not cover it;
    /// - it makes no membership check of its own;
    /// - it filters or writes no owner/tenant column with a value from the session.
    ///
    /// Routes through a user-scoped Supabase client are left out: there the policies decide.
    ///
    /// ## Why it matters
    /// The team built the guard, so everyone believes isolation is handled. Each route
    /// that skips it is a place where one customer reaches another's data, and reviews
    /// miss it because "we have a tenant guard".
    ///
    /// ## How to fix
    /// Call the helper at the top of the handler (or wrap the handler with it), and filter
    /// every query by the tenant id it returns.
    ///
    /// ## Example
    /// ```ts
    /// // flagged: lib/tenant.ts exports enforceTenantIsolation(), this route skips it
    /// export async function GET() {
    ///   await requireUser();
    ///   return NextResponse.json(await prisma.invoice.findMany());
    /// }
    /// // fixed
    /// export async function GET() {
    ///   const { tenantId } = await enforceTenantIsolation();
    ///   return NextResponse.json(await prisma.invoice.findMany({ where: { tenantId } }));
    /// }
    /// ```
    pub struct GuardDefinedNotApplied {
        id: "tenancy/guard-defined-not-applied",
        category: Tenancy,
        severity: High,
        effort: Small,
        summary: "A tenant-isolation helper exists but data routes do not call it",
        problem: "the tenant check exists but data routes skip it",
    }
}

/// The tenant column of the table an operation names, from the schema, or from the
/// operation itself when the schema does not know the table.
fn tenant_column(model: &AppModel, op: &DataOp) -> Option<String> {
    let name = op.table.as_deref()?;
    let schema = &model.schema;
    if op.client == ClientKind::Prisma
        && let Some(m) = schema.prisma_model(name)
    {
        return m
            .fields
            .iter()
            .find(|f| !f.relation && is_tenant_column(&f.name))
            .map(|f| f.name.clone());
    }
    if op.client == ClientKind::Drizzle
        && let Some(t) = schema.drizzle_table(name)
    {
        return t
            .columns
            .iter()
            .find(|c| is_tenant_column(&c.field))
            .map(|c| c.field.clone());
    }
    if let Some(t) = schema.table(name) {
        return t
            .columns
            .iter()
            .find(|c| is_tenant_column(&c.name))
            .map(|c| c.name.clone());
    }
    op.values
        .iter()
        .find(|v| is_tenant_column(&v.column))
        .map(|v| v.column.clone())
}

/// `teamId` in code and `team_id` in SQL name the same column.
fn same_column(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.replace('_', "").to_ascii_lowercase();
    norm(a) == norm(b)
}

/// Whether nothing ties the operation to the caller: reads, updates and deletes with no
/// filter, or only filters from the request or literals; writes whose tenant column is
/// missing or from the request. Values shipgate cannot trace (a row read earlier) are
/// given the benefit of the doubt.
fn unscoped(op: &DataOp, column: &str) -> bool {
    let loose = |o: &ValueOrigin| {
        matches!(
            o,
            ValueOrigin::Request { .. } | ValueOrigin::Validated { .. } | ValueOrigin::Literal
        )
    };
    if op.values.iter().any(|v| v.origin == ValueOrigin::Session) {
        return false;
    }
    match op.op {
        DbOp::Insert | DbOp::Upsert => {
            op.payload.is_none()
                && !op.values.is_empty()
                && op
                    .values
                    .iter()
                    .filter(|v| same_column(&v.column, column))
                    .all(|v| loose(&v.origin))
        }
        DbOp::Rpc => false,
        _ if op.filter_hidden => false,
        _ => op
            .values
            .iter()
            .filter(|v| v.role == ValueRole::Filter)
            .all(|v| loose(&v.origin)),
    }
}

impl Rule for GuardDefinedNotApplied {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.tenant_guards.is_empty() {
            return Outcome::not_applicable("no tenant-isolation helper in the project");
        }
        let applied = |route: &Route| -> Vec<&str> {
            model
                .tenant_guards
                .iter()
                .filter(|g| {
                    route.facts.helpers.contains(&g.name)
                        || (g.in_middleware && route.middleware_matches)
                })
                .map(|g| g.name.as_str())
                .collect()
        };
        // How many routes run each guard: the message names the one the team uses.
        let mut calls: BTreeMap<&str, usize> = BTreeMap::new();
        for route in &model.routes {
            for g in applied(route) {
                *calls.entry(g).or_default() += 1;
            }
        }
        let mut data_routes = 0;
        let mut misses = Vec::new();
        for route in model.routes.iter().filter(|r| member_route(r)) {
            let tenant_ops: Vec<(&DataOp, String)> = route
                .facts
                .data_ops
                .iter()
                .filter(|op| op.client != ClientKind::UserScoped)
                .filter_map(|op| tenant_column(model, op).map(|c| (op, c)))
                .collect();
            if tenant_ops.is_empty() {
                continue;
            }
            data_routes += 1;
            if !applied(route).is_empty() || !route.facts.identity_checks.is_empty() {
                continue;
            }
            if let Some((op, column)) = tenant_ops.iter().find(|(op, c)| unscoped(op, c)) {
                misses.push((route, *op, column.clone()));
            }
        }
        if data_routes == 0 {
            return Outcome::not_applicable(
                "no signed-in route touches a tenant-keyed table outside row level security",
            );
        }
        let guard = model
            .tenant_guards
            .iter()
            .max_by_key(|g| {
                (
                    calls.get(g.name.as_str()).copied().unwrap_or(0),
                    std::cmp::Reverse(g.at),
                )
            })
            .expect("tenant guards are not empty");
        let used = calls.get(guard.name.as_str()).copied().unwrap_or(0);
        let mut findings = Vec::new();
        if used == 0 && !misses.is_empty() {
            // Built and never wired in: one finding at the guard, with the routes.
            let mut f = finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "`{}` is defined but no route calls it, and {} signed-in route(s) reach tenant-keyed tables without any tenant filter from the session: the isolation helper exists, but nothing uses it",
                    guard.name,
                    misses.len()
                ),
                Some(guard.at),
                format!("guard {}", guard.name),
                format!(
                    "Call `{}` in every data route (or wrap the handlers with it), and filter each query by the tenant it returns.",
                    guard.name
                ),
            );
            for (route, op, column) in &misses {
                let table = op.table.as_deref().unwrap_or("a table");
                f.related.push(related(
                    op.at,
                    format!("`{}` uses `{table}` (keyed by `{column}`)", route.entity()),
                ));
            }
            findings.push(f);
        } else {
            for (route, op, column) in misses {
                let table = op.table.as_deref().unwrap_or("a table");
                let verb = if op.op.is_write() { "writes" } else { "reads" };
                let mut f = route_finding(
                    &Self::META,
                    Self::META.severity,
                    route,
                    format!(
                        "`{}` {verb} `{table}` (keyed by `{column}`) without calling `{}` ({}, run by {used} other route(s)) and without a tenant filter from the session: the isolation helper exists, but this route does not use it",
                        route.entity(),
                        guard.name,
                        model.describe(guard.at),
                    ),
                    op.at,
                    format!(
                        "Call `{}` at the top of the handler (or wrap it), and filter by the `{column}` it gives you.",
                        guard.name
                    ),
                );
                f.entity = format!("{} {table}", route.entity());
                f.related
                    .push(related(guard.at, "tenant guard defined here"));
                findings.push(f);
            }
        }
        Outcome::from_findings(
            findings,
            format!(
                "{data_routes} data route(s) on tenant tables call a tenant guard or scope by the session"
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::GuardDefinedNotApplied::META.id);
    }
}
