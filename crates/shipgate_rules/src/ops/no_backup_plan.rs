//! ops/no-backup-plan: a database with no backup or restore plan written down in the
//! repository.

use super::has_database;
use crate::delivery::repo_loc;
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Apps with a database (migrations, a Prisma or Drizzle schema, Supabase) where
    /// nothing in the repository says how data is backed up and restored: no document
    /// (`.md`, `.mdx`, `.txt`) that mentions backups, restores, point-in-time recovery or
    /// `pg_dump`, and no script or workflow named for backups or running `pg_dump`.
    ///
    /// ## Why it matters
    /// Backups nobody has restored are a hope, not a plan. When a migration drops the
    /// wrong column or a bug deletes a customer's data, the team needs to know where the
    /// backups are, how old they can be, and the steps to restore, before the incident.
    ///
    /// ## How to fix
    /// Write a short runbook (`docs/runbook.md`): where backups live (the provider's
    /// daily backups or PITR, or a scheduled `pg_dump`), the recovery point and time you
    /// accept, and the restore steps; rehearse a restore once.
    ///
    /// ## Example
    /// ```md
    /// ## Backups and restore
    /// Supabase PITR (7 days) on the production project. Restore: Dashboard → Database →
    /// Backups → pick a time; then run `supabase db push` for migrations newer than it.
    /// ```
    pub struct NoBackupPlan {
        id: "ops/no-backup-plan",
        category: Ops,
        severity: Low,
        effort: Small,
        summary: "a database with no backup/restore runbook in the repo",
        problem: "nothing says how the database is restored",
    }
}

const WORDS: &[&str] = &[
    "backup",
    "back up",
    "backed up",
    "restore",
    "point-in-time",
    "point in time",
    "pitr",
    "pg_dump",
    "disaster recovery",
];

fn mentions_backups(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    WORDS.iter().any(|w| lower.contains(w))
}

impl Rule for NoBackupPlan {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if !has_database(model) {
            return Outcome::not_applicable("no database");
        }
        let named = model.all_paths.iter().find(|p| {
            let name = p.rsplit('/').next().unwrap_or(p).to_ascii_lowercase();
            ["backup", "restore", "runbook", "disaster"]
                .iter()
                .any(|w| name.contains(w))
        });
        if let Some(p) = named {
            return Outcome::from_findings(Vec::new(), format!("`{p}`"));
        }
        let documented = model.files.iter().find(|f| {
            let ext = f.path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
            let doc = matches!(ext, "md" | "mdx" | "txt" | "adoc" | "rst");
            let script = matches!(ext, "sh" | "yml" | "yaml") && f.text.contains("pg_dump");
            (doc && mentions_backups(&f.text)) || script
        });
        if let Some(f) = documented {
            return Outcome::from_findings(
                Vec::new(),
                format!("backups described in `{}`", f.path),
            );
        }
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                Self::META.severity,
                "The app keeps its data in a database, but nothing in the repository says how it is backed up or restored: no runbook, no backup script, no mention of point-in-time recovery".to_string(),
                repo_loc(model),
                "repo backups".into(),
                "Write a runbook (`docs/runbook.md`) naming where backups live, how old they may be, and the restore steps; rehearse a restore once.".to_string(),
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoBackupPlan::META.id);
    }
}
