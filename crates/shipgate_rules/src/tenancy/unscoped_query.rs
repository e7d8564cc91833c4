//! tenancy/unscoped-query: a row picked by a request-supplied id, through a client that
//! bypasses row level security, with nothing tying it to the caller.

use crate::util::{guard_finding, is_identity_column, member_route, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, ClientKind, DataOp, DbOp, RuleMeta, ValueOrigin, ValueRole};

declare_rule! {
    /// ## What it checks
    /// Reads, updates and deletes in signed-in routes (no role check) on tables that have
    /// an owner or tenant column (`user_id`, `org_id`, `workspaceId`, ...), through a
    /// client that row level security does not protect (Supabase service role, Prisma,
    /// Drizzle, raw SQL), where every filter comes from the request (`where: { id:
    /// params.id }`) and nothing ties the row to the caller: no filter from the session,
    /// and no earlier lookup or later check that compares the row's owner with the
    /// session. Filters on the owner column itself are `auth/client-supplied-identity`'s.
    /// Queries whose filters shipgate cannot see (a `where` built elsewhere) are not
    /// judged.
    ///
    /// ## Why it matters
    /// This is the classic insecure direct object reference: any signed-in user reads or
    /// changes another customer's row by changing the id in the URL. With the service
    /// role or an ORM, the database will not stop it.
    ///
    /// ## How to fix
    /// Add the owner or tenant to the filter (`where: { id, orgId: session.orgId }`), or
    /// fetch the row and return 403/404 when its owner is not the caller.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// const doc = await prisma.document.findUnique({ where: { id: params.id } });
    /// // fixed
    /// const doc = await prisma.document.findFirst({ where: { id: params.id, teamId: session.teamId } });
    /// ```
    pub struct UnscopedQuery {
        id: "tenancy/unscoped-query",
        category: Tenancy,
        severity: High,
        effort: Small,
        summary: "A read/write on a table with an owner/tenant column, through a client that bypasses RLS, without a filter on that column from the session",
        problem: "a caller can reach other users' records by id",
    }
}

/// The owner/tenant columns of the table an operation names, when the schema knows it.
fn owner_columns(model: &AppModel, op: &DataOp) -> Option<Vec<String>> {
    let name = op.table.as_deref()?;
    let schema = &model.schema;
    let from_sql = |n: &str| {
        schema.table(n).map(|t| {
            t.columns
                .iter()
                .filter(|c| is_identity_column(&c.name))
                .map(|c| c.name.clone())
                .collect::<Vec<_>>()
        })
    };
    match op.client {
        ClientKind::Prisma => {
            if let Some(m) = schema.prisma_model(name) {
                return Some(
                    m.fields
                        .iter()
                        .filter(|f| !f.relation && is_identity_column(&f.name))
                        .map(|f| f.name.clone())
                        .collect(),
                );
            }
            from_sql(name)
        }
        ClientKind::Drizzle => schema.drizzle_table(name).map(|t| {
            t.columns
                .iter()
                .filter(|c| is_identity_column(&c.field))
                .map(|c| c.field.clone())
                .collect()
        }),
        ClientKind::ServiceRole | ClientKind::RawSql => from_sql(name),
        _ => None,
    }
}

impl Rule for UnscopedQuery {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let mut findings = Vec::new();
        let mut checked = 0;
        for route in model.routes.iter().filter(|r| member_route(r)) {
            for op in &route.facts.data_ops {
                if !op.client.bypasses_rls()
                    || op.filter_hidden
                    || !matches!(op.op, DbOp::Select | DbOp::Update | DbOp::Delete)
                {
                    continue;
                }
                let Some(owners) = owner_columns(model, op) else {
                    continue;
                };
                if owners.is_empty() {
                    continue;
                }
                let filters: Vec<_> = op
                    .values
                    .iter()
                    .filter(|v| v.role == ValueRole::Filter)
                    .collect();
                if filters.is_empty() {
                    continue;
                }
                checked += 1;
                // Scoped by the session, or by a value shipgate cannot trace (a row read
                // earlier, a constant): not judged.
                let all_from_request = filters.iter().all(|v| {
                    matches!(
                        v.origin,
                        ValueOrigin::Request { .. } | ValueOrigin::Validated { .. }
                    )
                });
                if !all_from_request || filters.iter().any(|v| is_identity_column(&v.column)) {
                    continue;
                }
                let checked_ids = filters.iter().any(|v| match &v.origin {
                    ValueOrigin::Request { field, name, .. } => route
                        .facts
                        .identity_checks
                        .iter()
                        .any(|c| Some(c) == field.as_ref() || c == name),
                    ValueOrigin::Validated { field, .. } => {
                        route.facts.identity_checks.contains(&v.column)
                            || field
                                .as_ref()
                                .is_some_and(|f| route.facts.identity_checks.contains(f))
                    }
                    _ => false,
                });
                if checked_ids {
                    continue;
                }
                let table = op.table.as_deref().unwrap_or("a table");
                let by: Vec<String> = filters.iter().map(|v| format!("`{}`", v.column)).collect();
                let source = match &filters[0].origin {
                    ValueOrigin::Request { source, .. } | ValueOrigin::Validated { source, .. } => {
                        source.as_str()
                    }
                    _ => "request",
                };
                let verb = match op.op {
                    DbOp::Select => "reads",
                    DbOp::Update => "updates",
                    _ => "deletes",
                };
                let client = match op.client {
                    ClientKind::ServiceRole => "the service role",
                    ClientKind::RawSql => "raw SQL",
                    ClientKind::Drizzle => "Drizzle",
                    _ => "Prisma",
                };
                let mut f = guard_finding(
                    &Self::META,
                    Self::META.severity,
                    route,
                    format!(
                        "`{}` {verb} `{table}` by {} from the request {source} through {client}, with no filter on its owner ({}) and no check against the session: any signed-in user can reach other users' rows by changing the id",
                        route.entity(),
                        by.join(", "),
                        owners
                            .iter()
                            .map(|o| format!("`{o}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    op.at,
                    format!(
                        "Add the owner to the filter (e.g. `{}: session.user.id`), or load the row and return 404 when it is not the caller's.",
                        owners[0]
                    ),
                );
                f.entity = format!("{} {table}", route.entity());
                if let Some(i) = route.facts.inputs.first() {
                    f.related.push(related(i.at, "request input read here"));
                }
                findings.push(f);
            }
        }
        if checked == 0 {
            return Outcome::not_applicable(
                "no signed-in query on an owned table through an RLS-bypassing client",
            );
        }
        Outcome::from_findings(
            findings,
            format!("{checked} queries on owned tables are tied to the caller"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::UnscopedQuery::META.id);
    }
}
