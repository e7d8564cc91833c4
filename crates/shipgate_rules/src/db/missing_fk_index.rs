//! db/missing-fk-index: foreign-key and owner/tenant columns with no index.

use crate::util::{finding, is_identity_column};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::schema::Table;
use shipgate_model::{AppModel, Loc, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Columns of tables the migrations create that reference another table (foreign
    /// keys) or name an owner or tenant (`user_id`, `org_id`, ...), where no index starts
    /// with that column. A primary key or unique constraint that starts with it counts.
    /// One finding per table, listing the columns.
    ///
    /// Supabase's advisor grades unindexed foreign keys as lint 0001
    /// `unindexed_foreign_keys`, INFO (performance); shipgate reports them at `info` to
    /// match, and not as a security finding.
    ///
    /// ## Why it matters
    /// Every page that lists "my rows", every RLS policy such as `user_id = auth.uid()`,
    /// and every delete of a parent row scans the whole table without one. Fast with a
    /// hundred rows, a timeout with a million.
    ///
    /// ## How to fix
    /// Add an index per column in a migration: `create index on public.tickets (org_id);`.
    ///
    /// ## Example
    /// ```sql
    /// create index tickets_org_id_idx on public.tickets (org_id);
    /// ```
    pub struct MissingFkIndex {
        id: "db/missing-fk-index",
        category: Db,
        severity: Info,
        effort: Small,
        summary: "A foreign-key or owner/tenant column without an index",
        problem: "lookups and deletes by owner scan the whole table",
    }
}

/// Whether some index (or key) starts with these columns.
fn indexed(t: &Table, cols: &[String]) -> bool {
    t.indexes
        .iter()
        .any(|i| i.columns.len() >= cols.len() && i.columns[..cols.len()] == *cols)
}

impl Rule for MissingFkIndex {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let tables: Vec<&Table> = model.schema.tables.iter().filter(|t| !t.external).collect();
        if tables.is_empty() {
            if !model.schema.prisma_models.is_empty() {
                return prisma_models(model);
            }
            return Outcome::not_applicable("no tables in the migrations");
        }
        let mut findings = Vec::new();
        let mut checked = 0;
        for t in tables {
            let mut missing: Vec<(String, Loc)> = Vec::new();
            for fk in &t.foreign_keys {
                checked += 1;
                if !fk.columns.is_empty() && !indexed(t, &fk.columns) {
                    missing.push((fk.columns.join(", "), fk.at));
                }
            }
            for c in t.columns.iter().filter(|c| is_identity_column(&c.name)) {
                if t.foreign_keys
                    .iter()
                    .any(|f| f.columns.first() == Some(&c.name))
                {
                    continue;
                }
                checked += 1;
                if !indexed(t, std::slice::from_ref(&c.name)) {
                    missing.push((c.name.clone(), c.at));
                }
            }
            missing.dedup_by(|a, b| a.0 == b.0);
            let Some((_, at)) = missing.first() else {
                continue;
            };
            let cols: Vec<String> = missing.iter().map(|(c, _)| format!("`{c}`")).collect();
            findings.push(finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "`{}` has no index on {}: lookups by owner, policies and cascading deletes scan the whole table",
                    t.qualified(),
                    cols.join(", ")
                ),
                Some(*at),
                format!("table {}", t.qualified()),
                format!(
                    "Add `create index on {} ({});` in a migration (one per column).",
                    t.qualified(),
                    missing[0].0
                ),
            ));
        }
        if checked == 0 {
            return Outcome::not_applicable("no foreign keys or owner columns");
        }
        Outcome::from_findings(
            findings,
            format!("{checked} key and owner column(s) are indexed"),
        )
    }
}

/// Without SQL migrations, the Prisma schema says which indexes exist.
fn prisma_models(model: &AppModel) -> Outcome {
    let mut findings = Vec::new();
    let mut checked = 0;
    for m in model.schema.prisma_models.iter().filter(|m| !m.view) {
        let mut keys: Vec<Vec<String>> = m.indexes.clone();
        keys.extend(m.uniques.iter().cloned());
        keys.push(m.id.clone());
        for f in m.fields.iter().filter(|f| f.id || f.unique) {
            keys.push(vec![f.name.clone()]);
        }
        let covered = |cols: &[String]| {
            keys.iter()
                .any(|k| k.len() >= cols.len() && k[..cols.len()] == *cols)
        };
        let mut missing: Vec<(String, Loc)> = Vec::new();
        let mut relation_missing = false;
        for f in m.fields.iter().filter(|f| !f.relation_fields.is_empty()) {
            checked += 1;
            if !covered(&f.relation_fields) {
                missing.push((f.relation_fields.join(", "), f.at));
                relation_missing = true;
            }
        }
        for f in m
            .fields
            .iter()
            .filter(|f| !f.relation && is_identity_column(&f.name))
        {
            if m.fields
                .iter()
                .any(|r| r.relation_fields.first() == Some(&f.name))
            {
                continue;
            }
            checked += 1;
            if !covered(std::slice::from_ref(&f.name)) {
                missing.push((f.name.clone(), f.at));
            }
        }
        let Some((_, at)) = missing.first() else {
            continue;
        };
        let cols: Vec<String> = missing.iter().map(|(c, _)| format!("`{c}`")).collect();
        let why = if model.schema.prisma_relation_mode && relation_missing {
            " (`relationMode = \"prisma\"` creates no foreign keys, so nothing indexes them for you)"
        } else {
            ""
        };
        findings.push(finding(
            &MissingFkIndex::META,
            MissingFkIndex::META.severity,
            format!(
                "Prisma model `{}` has no index on {}{why}: lookups by owner and relation queries scan the whole table",
                m.name,
                cols.join(", ")
            ),
            Some(*at),
            format!("model {}", m.name),
            format!("Add `@@index([{}])` to the model.", missing[0].0),
        ));
    }
    if checked == 0 {
        return Outcome::not_applicable("no relations or owner fields in the Prisma schema");
    }
    Outcome::from_findings(
        findings,
        format!("{checked} relation and owner field(s) are indexed"),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::MissingFkIndex::META.id);
    }
}
