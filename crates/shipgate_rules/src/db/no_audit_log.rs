//! db/no-audit-log: no audit trail of who changed what.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Whether the schema (SQL migrations or Prisma models) has an audit-log table:
    /// a name with `audit`, or an activity/event/change log (`activity_log`,
    /// `event_logs`, `AuditEvent`, ...). With none, `medium`. With one that no route
    /// handler writes, `low` (it may be written by triggers or jobs shipgate does not
    /// follow).
    ///
    /// ## Why it matters
    /// When a customer asks who deleted their records, or a key leaks, an audit trail is
    /// the only way to answer. B2B buyers and SOC 2 reviews ask for it.
    ///
    /// ## How to fix
    /// Add an append-only table (`actor_id`, `action`, `entity`, `entity_id`, `metadata`,
    /// `created_at`) and write to it from the routes that change data (or from a trigger).
    ///
    /// ## Example
    /// ```sql
    /// create table public.audit_log (
    ///   id bigint generated always as identity primary key,
    ///   actor_id uuid, action text not null, entity text not null, entity_id text,
    ///   metadata jsonb, created_at timestamptz not null default now()
    /// );
    /// ```
    pub struct NoAuditLog {
        id: "db/no-audit-log",
        category: Db,
        severity: Medium,
        effort: Large,
        summary: "No audit-log table/model, or one that nothing writes",
        problem: "nothing records who changed or deleted what",
    }
}

fn is_audit_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace(['_', '-'], "");
    n.contains("audit")
        || [
            "activitylog",
            "eventlog",
            "changelog",
            "actionlog",
            "historylog",
            "activityevent",
        ]
        .iter()
        .any(|k| n.contains(k))
}

impl Rule for NoAuditLog {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let tables = super::all_tables(model);
        let Some(first) = tables.first().map(|t| t.at) else {
            return Outcome::not_applicable("no tables in the migrations or Prisma schema");
        };
        let audits: Vec<&super::SchemaTable> =
            tables.iter().filter(|t| is_audit_name(&t.name)).collect();
        if audits.is_empty() {
            return Outcome::from_findings(
                vec![finding(
                    &Self::META,
                    Self::META.severity,
                    format!(
                        "None of the {} tables is an audit log: nothing records who changed or deleted what",
                        tables.len()
                    ),
                    Some(first),
                    "repo".into(),
                    "Add an append-only `audit_log` table (actor, action, entity, entity id, time) and write to it from every route that changes data.".into(),
                )],
                "",
            );
        }
        let written = audits.iter().any(|t| {
            model
                .table_uses(&t.name)
                .iter()
                .any(|(_, op)| op.op.is_write())
        });
        if written {
            let names: Vec<String> = audits.iter().map(|t| format!("`{}`", t.name)).collect();
            return Outcome::from_findings(
                Vec::new(),
                format!("{} is written by route handlers", names.join(", ")),
            );
        }
        let (name, at) = (&audits[0].name, &audits[0].at);
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                Severity::Low,
                format!(
                    "`{name}` looks like an audit log, but no route handler writes to it (triggers and background jobs are not followed)"
                ),
                Some(*at),
                format!("table {name}"),
                format!("Write a row to `{name}` from the routes that change or delete data."),
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoAuditLog::META.id);
    }
}
