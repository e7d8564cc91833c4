//! db/schema-drift-table: a table the code queries that no migration defines.

use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, ClientKind, DataOp, DbOp, Route, RuleMeta, Severity};
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it checks
    /// Tables that route handlers query by name (Supabase `.from('t')`, raw SQL) that the
    /// replayed migrations never create: not a table, not a view, not a platform table
    /// such as `auth.users`. When most of the tables the code uses are missing, the
    /// migrations are clearly incomplete and one repository-level finding says how many,
    /// instead of one per table. When database types generated from the live database
    /// (`supabase gen types`) list the table, production has it and the finding is
    /// `medium`: the migrations are incomplete and its row level security is unreviewed.
    /// When the code ignores every failure on the table (results thrown away, errors at
    /// most logged), the finding is `low`: the requests go on without it.
    ///
    /// ## Why it matters
    /// The table exists only in someone's database. A fresh environment built from the
    /// migrations fails on first use, and nobody can review its row level security.
    ///
    /// ## How to fix
    /// Capture the table in a migration (`supabase db diff -f add_<table>`), or fix the
    /// name in the code if it is a typo.
    ///
    /// ## Example
    /// ```ts
    /// // flagged: no migration creates `team_invites`
    /// await supabase.from("team_invites").insert({ email, team_id });
    /// ```
    pub struct SchemaDriftTable {
        id: "db/schema-drift-table",
        category: Db,
        severity: Critical,
        effort: Medium,
        summary: "A table/model used in code but defined by no migration or schema",
        problem: "the code uses a table no migration creates",
    }
}

/// Schemas whose tables exist without a migration here.
const PLATFORM: &[&str] = &[
    "auth",
    "storage",
    "realtime",
    "extensions",
    "graphql",
    "vault",
    "pg_catalog",
    "information_schema",
    "cron",
    "net",
    "supabase_functions",
    "pgmq",
];

/// Whether the schema defines what the code calls `name` (a table or a view).
pub fn defined(model: &AppModel, name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let (schema, bare) = match lower.split_once('.') {
        Some((s, n)) => (Some(s), n),
        None => (None, lower.as_str()),
    };
    if schema.is_some_and(|s| PLATFORM.contains(&s)) || bare.starts_with("pg_") {
        return true;
    }
    model.schema.table(&lower).is_some()
        || model.schema.views.iter().any(|v| {
            let (vs, vn) = v.split_once('.').unwrap_or(("public", v));
            vn == bare && schema.is_none_or(|s| s == vs)
        })
}

/// The tables the code names through clients whose table names are real table names.
pub fn named_uses(model: &AppModel) -> BTreeMap<String, Vec<(&Route, &DataOp)>> {
    let mut out: BTreeMap<String, Vec<(&Route, &DataOp)>> = BTreeMap::new();
    for r in &model.routes {
        for op in &r.facts.data_ops {
            if op.op == DbOp::Rpc
                || !matches!(
                    op.client,
                    ClientKind::UserScoped | ClientKind::ServiceRole | ClientKind::RawSql
                )
            {
                continue;
            }
            let Some(t) = op.table.as_deref() else {
                continue;
            };
            out.entry(t.to_ascii_lowercase()).or_default().push((r, op));
        }
    }
    out
}

impl Rule for SchemaDriftTable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let prisma = prisma_drift(model);
        if model.schema.is_empty() {
            return match prisma {
                Some((f, n)) => Outcome::from_findings(
                    f,
                    format!("all {n} Prisma model(s) the code uses are defined"),
                ),
                None => Outcome::not_applicable(
                    "no migrations or Prisma schema to compare with (see db/no-migrations)",
                ),
            };
        }
        let used = named_uses(model);
        if used.is_empty() {
            return match prisma {
                Some((f, n)) => Outcome::from_findings(
                    f,
                    format!("all {n} Prisma model(s) the code uses are defined"),
                ),
                None => Outcome::not_applicable("no route queries a table by name"),
            };
        }
        let missing: Vec<(&String, &Vec<(&Route, &DataOp)>)> =
            used.iter().filter(|(t, _)| !defined(model, t)).collect();
        let mut findings = Vec::new();
        if missing.len() >= 3 && missing.len() * 2 > used.len() {
            let (first_table, first_uses) = missing[0];
            let names: Vec<String> = missing
                .iter()
                .take(8)
                .map(|(t, _)| format!("`{t}`"))
                .collect();
            let more = missing.len().saturating_sub(8);
            let f = finding(
                &Self::META,
                Severity::High,
                format!(
                    "The migrations define only part of the database: {} of the {} tables the code queries are created by no migration ({}{}). The real schema, and its row level security, live elsewhere",
                    missing.len(),
                    used.len(),
                    names.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ),
                Some(first_uses[0].1.at),
                "repo".into(),
                "Pull the live schema into migrations (`supabase db pull`) so every table, policy and function is versioned.".into(),
            );
            let _ = first_table;
            findings.push(f);
        } else {
            for (table, uses) in missing {
                let (route, op) = uses[0];
                // Types generated from the live database have it: production works, but
                // the table and its row level security are not versioned.
                if let Some((live, _)) = model.schema.generated_table(table) {
                    let mut f = finding(
                        &Self::META,
                        Severity::Medium,
                        format!(
                            "`{}` queries `{table}`, which no migration creates; the generated database types ({}) show the live database has it, so production works, but a database built from the migrations fails here and the table's row level security is unreviewed",
                            route.entity(),
                            model.describe(live)
                        ),
                        Some(op.at),
                        format!("table {table}"),
                        format!(
                            "Pull the live schema into a migration (`supabase db pull`) so `{table}` and its policies are versioned."
                        ),
                    );
                    f.related
                        .push(related(live, "generated from the live database"));
                    findings.push(f);
                    continue;
                }
                // The code ignores every failure on it: the request goes on without it.
                let (severity, outcome) = if uses.iter().all(|(_, o)| o.failure_ignored) {
                    (
                        Severity::Low,
                        "; the code ignores the failure, so the request goes on and only this write or read is silently lost",
                    )
                } else {
                    (Self::META.severity, "")
                };
                let mut f = finding(
                    &Self::META,
                    severity,
                    format!(
                        "`{}` queries `{table}`, which no migration creates: a database built from the migrations fails here, and the table's security is unreviewed{outcome}",
                        route.entity()
                    ),
                    Some(op.at),
                    format!("table {table}"),
                    format!(
                        "Add a migration that creates `{table}` (with row level security), or correct the table name."
                    ),
                );
                for (r, o) in uses.iter().skip(1).take(2) {
                    f.related
                        .push(related(o.at, format!("also used by {}", r.entity())));
                }
                findings.push(f);
            }
        }
        let models = match prisma {
            Some((f, n)) => {
                findings.extend(f);
                format!(", and all {n} Prisma model(s) it uses,")
            }
            None => String::new(),
        };
        Outcome::from_findings(
            findings,
            format!(
                "all {} table(s) the code queries{models} are defined",
                used.len()
            ),
        )
    }
}

/// Prisma client accessors (`prisma.workItem`) with no model in the Prisma schema.
fn prisma_drift(model: &AppModel) -> Option<(Vec<shipgate_model::Finding>, usize)> {
    if model.schema.prisma_models.is_empty() {
        return None;
    }
    let mut used: BTreeMap<&str, Vec<(&Route, &DataOp)>> = BTreeMap::new();
    for r in &model.routes {
        for op in &r.facts.data_ops {
            if op.client == ClientKind::Prisma
                && let Some(t) = op.table.as_deref()
            {
                used.entry(t).or_default().push((r, op));
            }
        }
    }
    if used.is_empty() {
        return None;
    }
    let mut findings = Vec::new();
    for (accessor, uses) in &used {
        if model.schema.prisma_model(accessor).is_some() {
            continue;
        }
        let (route, op) = uses[0];
        let mut f = finding(
            &SchemaDriftTable::META,
            SchemaDriftTable::META.severity,
            format!(
                "`{}` uses `prisma.{accessor}`, but no model in the Prisma schema is named `{accessor}`: the generated client has no such property and the call fails",
                route.entity()
            ),
            Some(op.at),
            format!("model {accessor}"),
            format!(
                "Add the `{accessor}` model to the Prisma schema (and a migration), or use the model's real name."
            ),
        );
        for (r, o) in uses.iter().skip(1).take(2) {
            f.related
                .push(related(o.at, format!("also used by {}", r.entity())));
        }
        findings.push(f);
    }
    Some((findings, used.len()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::SchemaDriftTable::META.id);
    }
}
