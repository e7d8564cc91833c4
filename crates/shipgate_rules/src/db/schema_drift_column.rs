//! db/schema-drift-column: a column the code filters on or writes that the table lacks.

use super::schema_drift_table::named_uses;
use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it checks
    /// Columns that route handlers filter on (`.eq('col', v)`, `.match({...})`) or write
    /// (`.insert({ col })`, `.update({ col })`) on a table the migrations define, where
    /// the final table has no such column. JSON paths (`data->>key`) and tables with
    /// unknown columns are skipped.
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
        summary: "A column used in code that the table lacks",
    }
}

impl Rule for SchemaDriftColumn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.schema.is_empty() {
            return Outcome::not_applicable("no migrations to compare with");
        }
        let mut findings = Vec::new();
        let mut seen = BTreeSet::new();
        let mut checked = 0;
        for (name, uses) in named_uses(model) {
            let Some(t) = model.schema.table(&name).filter(|t| !t.columns.is_empty()) else {
                continue;
            };
            for (route, op) in uses {
                for v in &op.values {
                    let col = v.column.as_str();
                    if col.is_empty()
                        || col.contains("->")
                        || col.contains('.')
                        || col.contains('(')
                        || col == "*"
                    {
                        continue;
                    }
                    checked += 1;
                    if t.column(col).is_some() || !seen.insert((t.qualified(), col.to_string())) {
                        continue;
                    }
                    let mut f = finding(
                        &Self::META,
                        Self::META.severity,
                        format!(
                            "`{}` uses column `{col}` of `{}`, which the table does not have once the migrations have run (never added, renamed or dropped): the query fails with \"column does not exist\"",
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
        if checked == 0 {
            return Outcome::not_applicable("no column uses on tables the migrations define");
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
