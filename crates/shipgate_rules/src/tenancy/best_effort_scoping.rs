//! tenancy/best-effort-scoping: a query retried without its owner/tenant filter when the
//! scoped attempt fails.

use crate::util::{is_identity_column, related, route_finding};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, DataOp, DbOp, RuleMeta, ValueRole};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it checks
    /// A data operation scoped by an owner or tenant column (`.eq('owner_id', user.id)`,
    /// `where: { orgId }`, `insert({ ..., owner_id })`) followed, in the same handler, by
    /// the same operation on the same table that runs only when something failed (in a
    /// `catch`, or under `if (error)`) and no longer names that column. This is the code
    /// that "falls back" when the column is missing or the scoped query errors.
    ///
    /// ## Why it matters
    /// Isolation that holds only while the first query succeeds is best-effort. When the
    /// column is missing in one environment, or the scoped query fails for any reason,
    /// the fallback returns every tenant's rows, or writes rows that belong to nobody.
    ///
    /// ## How to fix
    /// Delete the fallback. When the scoped query fails, return an error. If the column
    /// is missing somewhere, add it in a migration instead of working around it.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// let { data, error } = await supabase.from("projects").select("*").eq("owner_id", user.id);
    /// if (error) ({ data, error } = await supabase.from("projects").select("*"));
    /// // fixed
    /// const { data, error } = await supabase.from("projects").select("*").eq("owner_id", user.id);
    /// if (error) return NextResponse.json({ error: "Could not load projects" }, { status: 500 });
    /// ```
    pub struct BestEffortScoping {
        id: "tenancy/best-effort-scoping",
        category: Tenancy,
        severity: High,
        effort: Medium,
        summary: "Code that retries or falls back without the owner/tenant filter",
        problem: "when the owner filter fails it retries without it",
    }
}

/// Reads, updates and deletes are scoped by filters; inserts by the columns they write.
fn scope_role(op: DbOp) -> Option<ValueRole> {
    match op {
        DbOp::Select | DbOp::Update | DbOp::Delete => Some(ValueRole::Filter),
        DbOp::Insert | DbOp::Upsert => Some(ValueRole::Payload),
        DbOp::Rpc => None,
    }
}

/// The owner/tenant columns that scope an operation.
fn scoped_by(op: &DataOp) -> Vec<&str> {
    let Some(role) = scope_role(op.op) else {
        return Vec::new();
    };
    op.values
        .iter()
        .filter(|v| v.role == role && is_identity_column(&v.column))
        .map(|v| v.column.as_str())
        .collect()
}

/// The owner column `retry` drops from `first`, when it visibly does. A write whose
/// payload shipgate cannot see (`insert(row)`) is not judged.
fn dropped<'a>(first: &'a DataOp, retry: &DataOp) -> Option<&'a str> {
    let role = scope_role(retry.op)?;
    if retry.filter_hidden
        || role == ValueRole::Payload && (retry.values.is_empty() || retry.payload.is_some())
    {
        return None;
    }
    scoped_by(first)
        .into_iter()
        .find(|col| !retry.values.iter().any(|v| v.column == *col))
}

impl Rule for BestEffortScoping {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let mut findings = Vec::new();
        let mut reported = BTreeSet::new();
        let mut scoped = BTreeSet::new();
        for route in &model.routes {
            let ops = &route.facts.data_ops;
            for op in ops {
                if !op.fallback && !scoped_by(op).is_empty() {
                    scoped.insert(op.at);
                }
            }
            for retry in ops.iter().filter(|o| o.fallback) {
                let Some(table) = retry.table.as_deref() else {
                    continue;
                };
                // The closest earlier attempt on the same table in the same file.
                let first = ops
                    .iter()
                    .filter(|a| {
                        !a.fallback
                            && a.op == retry.op
                            && a.at.file == retry.at.file
                            && a.at.span.start < retry.at.span.start
                            && a.table
                                .as_deref()
                                .is_some_and(|t| t.eq_ignore_ascii_case(table))
                    })
                    .max_by_key(|a| a.at.span.start);
                let Some(first) = first else {
                    continue;
                };
                let Some(column) = dropped(first, retry) else {
                    continue;
                };
                if !reported.insert(retry.at) {
                    continue;
                }
                let (what, effect) = match retry.op {
                    DbOp::Insert | DbOp::Upsert => (
                        format!("writes `{table}` again without `{column}`"),
                        "rows are created that belong to nobody, or to whoever the default says",
                    ),
                    DbOp::Select => (
                        format!("reads `{table}` again without the `{column}` filter"),
                        "every tenant's rows are returned",
                    ),
                    _ => (
                        format!(
                            "runs the {} on `{table}` again without the `{column}` filter",
                            retry.op.as_str()
                        ),
                        "it reaches every tenant's rows",
                    ),
                };
                let mut f = route_finding(
                    &Self::META,
                    Self::META.severity,
                    route,
                    format!(
                        "`{}` {what} when the scoped attempt fails: whenever the column is missing or the query errors, {effect}. Isolation here is best-effort, not guaranteed",
                        route.entity()
                    ),
                    retry.at,
                    "Remove the fallback and return an error when the scoped query fails; if the column is missing in some database, add it in a migration.".into(),
                );
                f.entity = format!("{} {table}.{column}", route.entity());
                f.related
                    .push(related(first.at, format!("scoped by `{column}` here")));
                findings.push(f);
            }
        }
        if scoped.is_empty() {
            return Outcome::not_applicable("no query scoped by an owner or tenant column");
        }
        Outcome::from_findings(
            findings,
            format!(
                "{} owner/tenant-scoped operation(s), none retried without the filter",
                scoped.len()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::BestEffortScoping::META.id);
    }
}
