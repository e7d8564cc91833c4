//! db/schema-drift-column: a column the code filters on or writes that the table lacks.

use super::schema_drift_table::named_uses;
use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::schema::PrismaModel;
use shipgate_model::{AppModel, ClientKind, RuleMeta, Severity, ValueRole};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it checks
    /// Columns that route handlers select (`.select('id, title')`), filter on
    /// (`.eq('col', v)`, `.match({...})`) or write (`.insert({ col })`, `.update({ col })`)
    /// on a table the migrations define, where the final table has no such column;
    /// fields of a Prisma query (the top-level keys of `where`, `select`, `include`,
    /// `orderBy` and `data`) that the model does not define; and keys a Drizzle
    /// `.values({...})` or `.set({...})` writes that the `pgTable` definition lacks.
    /// Embedded relations, JSON paths (`data->>key`), tables with unknown columns,
    /// Drizzle tables that spread shared columns, and models defined by two schemas in
    /// one repository are skipped, and so are queries that run only after another failed
    /// (in a `catch`, or the `else` of `if (!error && data)`): the code's own fallback.
    ///
    /// When database types generated from the live database (`supabase gen types`, the
    /// `Tables: { t: { Row: {...} } }` shape, UTF-8 or UTF-16) list the column, production
    /// has it and only a database built from the migrations lacks it: that is reported
    /// at `low`. So is a query whose outcome the code ignores (its result is thrown away,
    /// or its error is at most logged): the request goes on and only that record is lost.
    ///
    /// ## Why it matters
    /// The query fails at run time ("column does not exist"), usually on a path the happy
    /// test never takes; or the column was added by hand in production and the
    /// migrations no longer describe the database.
    ///
    /// ## How to fix
    /// Add the column in a migration, or fix the name in the code.
    ///
    /// ## Example
    /// ```ts
    /// // flagged: the migration names it `owner_id`
    /// await supabase.from("projects").select("*").eq("user_id", user.id);
    /// ```
    pub struct SchemaDriftColumn {
        id: "db/schema-drift-column",
        category: Db,
        severity: High,
        effort: Medium,
        summary: "A column used in code that the table lacks",
        problem: "the code uses columns the table does not have",
    }
}

/// A name the column check cannot judge: JSON paths, expressions, `*`.
fn unjudgeable(col: &str) -> bool {
    col.is_empty() || col.contains("->") || col.contains('.') || col.contains('(') || col == "*"
}

/// Whether a top-level key of a Prisma query names something the model has: a field,
/// a compound key (`userId_teamId`), a logical operator or a `_count`-style aggregate.
fn prisma_key_known(m: &PrismaModel, key: &str) -> bool {
    if matches!(key, "AND" | "OR" | "NOT") || key.starts_with('_') {
        return true;
    }
    if m.fields.iter().any(|f| f.name == key) {
        return true;
    }
    // Compound keys are named after their fields, or by a `name:` shipgate does not keep.
    let compound = std::iter::once(&m.id)
        .chain(m.uniques.iter())
        .any(|k| k.len() > 1);
    compound && key.contains('_')
}

impl Rule for SchemaDriftColumn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let in_code =
            !model.schema.prisma_models.is_empty() || !model.schema.drizzle_tables.is_empty();
        if model.schema.is_empty() && !in_code {
            return Outcome::not_applicable("no migrations or Prisma schema to compare with");
        }
        let mut findings = Vec::new();
        let mut seen = BTreeSet::new();
        let mut checked = 0;
        for (name, uses) in named_uses(model) {
            let Some(t) = model.schema.table(&name).filter(|t| !t.columns.is_empty()) else {
                continue;
            };
            // A query that runs only after another failed is the code's own fallback; one
            // whose failure the code ignores is judged after those it acts on.
            let mut uses: Vec<_> = uses.into_iter().filter(|(_, op)| !op.fallback).collect();
            uses.sort_by_key(|(_, op)| op.failure_ignored);
            for (route, op) in uses {
                let named = op.values.iter().map(|v| v.column.as_str());
                for col in named.chain(op.columns.iter().map(String::as_str)) {
                    if unjudgeable(col) {
                        continue;
                    }
                    checked += 1;
                    if t.column(col).is_some() || !seen.insert((t.qualified(), col.to_string())) {
                        continue;
                    }
                    // Types generated from the live database have it: production works,
                    // a database built from the migrations alone does not.
                    if let Some(live) = model.schema.generated_column(&t.qualified(), col) {
                        let mut f = finding(
                            &Self::META,
                            Severity::Low,
                            format!(
                                "`{}` uses column `{col}` of `{}`, which no migration adds; the generated database types ({}) show the live database has it, so only a database built from the migrations lacks it",
                                route.entity(),
                                t.qualified(),
                                model.describe(live)
                            ),
                            Some(op.at),
                            format!("column {}.{col}", t.qualified()),
                            format!(
                                "Pull the live schema into a migration (`supabase db diff`) so `{}.{col}` is versioned.",
                                t.qualified()
                            ),
                        );
                        f.related
                            .push(related(live, "generated from the live database"));
                        findings.push(f);
                        continue;
                    }
                    // The code ignores this query's failure: the request goes on and
                    // only that one read or write is lost.
                    let (severity, outcome) = if op.failure_ignored {
                        (
                            Severity::Low,
                            "; the code ignores its failure, so the request goes on and only this write or read is silently lost",
                        )
                    } else {
                        (Self::META.severity, "")
                    };
                    let mut f = finding(
                        &Self::META,
                        severity,
                        format!(
                            "`{}` uses column `{col}` of `{}`, which the table does not have once the migrations have run (never added, renamed or dropped): the query fails with \"column does not exist\"{outcome}",
                            route.entity(),
                            t.qualified()
                        ),
                        Some(op.at),
                        format!("column {}.{col}", t.qualified()),
                        format!(
                            "Add `{col}` to `{}` in a migration, or use the column the table has.",
                            t.qualified()
                        ),
                    );
                    f.related.push(related(t.at, "table created here"));
                    findings.push(f);
                }
            }
        }
        for route in &model.routes {
            for op in &route.facts.data_ops {
                if op.client != ClientKind::Prisma {
                    continue;
                }
                let Some(name) = op.table.as_deref() else {
                    continue;
                };
                // Two schemas in one repo may both define the model: not judged.
                let mut models = model
                    .schema
                    .prisma_models
                    .iter()
                    .filter(|m| m.name.eq_ignore_ascii_case(name));
                let (Some(m), None) = (models.next(), models.next()) else {
                    continue;
                };
                let written = op
                    .values
                    .iter()
                    .filter(|v| v.role == ValueRole::Payload)
                    .map(|v| v.column.as_str());
                for key in op.columns.iter().map(String::as_str).chain(written) {
                    if unjudgeable(key) {
                        continue;
                    }
                    checked += 1;
                    if prisma_key_known(m, key) || !seen.insert((m.name.clone(), key.to_string())) {
                        continue;
                    }
                    let mut f = finding(
                        &Self::META,
                        Self::META.severity,
                        format!(
                            "`{}` uses field `{key}` of Prisma model `{}`, which the schema does not define (never added, renamed or removed): the generated client rejects it, or the query fails at run time",
                            route.entity(),
                            m.name
                        ),
                        Some(op.at),
                        format!("field {}.{key}", m.name),
                        format!(
                            "Add `{key}` to model `{}` and create a migration, or use the field the model has.",
                            m.name
                        ),
                    );
                    f.related.push(related(m.at, "model defined here"));
                    findings.push(f);
                }
            }
        }
        // Drizzle: the keys written by `.values({...})` / `.set({...})` are the table's
        // fields. Filters may name joined tables' columns, so they are not judged here.
        for route in &model.routes {
            for op in &route.facts.data_ops {
                if op.client != ClientKind::Drizzle {
                    continue;
                }
                let Some(t) = op
                    .table
                    .as_deref()
                    .and_then(|n| model.schema.drizzle_table(n))
                    .filter(|t| !t.open)
                else {
                    continue;
                };
                for v in op.values.iter().filter(|v| v.role == ValueRole::Payload) {
                    let key = v.column.as_str();
                    if unjudgeable(key) {
                        continue;
                    }
                    checked += 1;
                    if t.columns.iter().any(|c| c.field == key)
                        || !seen.insert((format!("drizzle:{}", t.var), key.to_string()))
                    {
                        continue;
                    }
                    let mut f = finding(
                        &Self::META,
                        Self::META.severity,
                        format!(
                            "`{}` writes `{key}` to Drizzle table `{}` (`{}`), which its definition does not have: the insert or update fails, or the value is silently dropped",
                            route.entity(),
                            t.var,
                            t.name
                        ),
                        Some(op.at),
                        format!("field {}.{key}", t.var),
                        format!(
                            "Add `{key}` to `{}` and generate a migration, or use the field the table has.",
                            t.var
                        ),
                    );
                    f.related.push(related(t.at, "table defined here"));
                    findings.push(f);
                }
            }
        }
        if checked == 0 {
            return Outcome::not_applicable("no column uses on tables the schema defines");
        }
        Outcome::from_findings(
            findings,
            format!("{checked} column use(s) match the schema"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::SchemaDriftColumn::META.id);
    }
}
