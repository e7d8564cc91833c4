//! db/rls-disabled: a table the Supabase Data API exposes, with row level security never
//! enabled.

use super::{exposed_tables, supabase_api, user_scoped_use};
use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::names::sensitive_column;
use shipgate_model::{AppModel, ClientKind, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Tables in Supabase's `public` schema, as the migrations leave them, that never get
    /// `alter table ... enable row level security`. Tables revoked from `anon` and
    /// `authenticated` are skipped: the Data API cannot reach them. The message says how
    /// the code uses the table: through the user's own client, only through the service
    /// role, or not at all. A table no code queries and no table references, with no
    /// column that holds a credential, personal data, a copy of other rows or what people
    /// wrote (by name: `email`, `api_key`, `old_values`, `message`), is reported at
    /// `medium`: anyone can still fill, change or empty it.
    ///
    /// Supabase's advisor grades the same thing as lint 0013 `rls_disabled_in_public`, ERROR
    /// (security); shipgate's critical and high match it.
    ///
    /// ## Why it matters
    /// Supabase serves every `public` table over its REST API, and the anon key that
    /// reaches it ships in your JavaScript bundle. Without RLS, anyone can read, change
    /// and delete every row with one `curl`, whatever your API routes check.
    ///
    /// ## How to fix
    /// Enable RLS in a migration and add policies for what users may do. A table only the
    /// server uses needs RLS with no policies (the service role bypasses it).
    ///
    /// ## Example
    /// ```sql
    /// -- flagged
    /// create table public.invoices (id uuid primary key, org_id uuid, total int);
    /// -- fixed
    /// alter table public.invoices enable row level security;
    /// create policy "members read" on public.invoices for select
    ///   using (org_id in (select org_id from members where user_id = (select auth.uid())));
    /// ```
    pub struct RlsDisabled {
        id: "db/rls-disabled",
        category: Db,
        severity: Critical,
        effort: Medium,
        summary: "A table in an API-exposed schema (Supabase public) with row level security never enabled",
        problem: "anyone with the public anon key can read and write every row",
    }
}

impl Rule for RlsDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if !supabase_api(model) {
            return Outcome::not_applicable("no Supabase migrations");
        }
        let mut findings = Vec::new();
        let mut tables = 0;
        for t in exposed_tables(model) {
            tables += 1;
            if t.rls.is_some() {
                continue;
            }
            let uses = model.table_uses(&t.name);
            let user = user_scoped_use(&uses);
            let service_only = !uses.is_empty()
                && uses
                    .iter()
                    .all(|(_, op)| op.client == ClientKind::ServiceRole);
            let (severity, how) = if let Some((r, _)) = user {
                (
                    Severity::Critical,
                    format!(
                        "the app queries it with the user's client in `{}`",
                        r.entity()
                    ),
                )
            } else if service_only {
                (
                    Severity::High,
                    "the code only touches it with the service role, but the anon key still reaches it".to_string(),
                )
            } else if let Some((r, _)) = uses.first() {
                (
                    Severity::Critical,
                    format!("the app queries it in `{}`", r.entity()),
                )
            } else {
                // Nothing here uses it: what it could hold is all there is to judge.
                let telling: Vec<String> = t
                    .columns
                    .iter()
                    .filter(|c| sensitive_column(&c.name).is_some())
                    .map(|c| format!("`{}`", c.name))
                    .collect();
                let depended_on = model.schema.tables.iter().any(|o| {
                    o.foreign_keys
                        .iter()
                        .any(|fk| fk.references.eq_ignore_ascii_case(&t.qualified()))
                });
                if telling.is_empty() && !depended_on {
                    (
                        Severity::Medium,
                        "no code here queries it, no table references it and none of its columns holds a credential, personal data, a copy of other rows or what people wrote, but anyone can fill, change or empty it".to_string(),
                    )
                } else if telling.is_empty() {
                    (
                        Severity::Critical,
                        "no code here queries it, but other tables reference its rows and the anon key reaches it".to_string(),
                    )
                } else {
                    (
                        Severity::Critical,
                        format!(
                            "no code here queries it, but it has {} and the anon key reaches it",
                            telling.join(", ")
                        ),
                    )
                }
            };
            let mut f = finding(
                &Self::META,
                severity,
                format!(
                    "`{}` has no row level security: anyone with the public anon key can read and write every row through the Data API; {how}",
                    t.qualified()
                ),
                Some(t.at),
                format!("table {}", t.qualified()),
                format!(
                    "Add `alter table {} enable row level security;` in a new migration, then policies for what users may do.",
                    t.qualified()
                ),
            );
            for (r, op) in uses.iter().take(3) {
                f.related.push(related(
                    op.at,
                    format!(
                        "{} {} here ({})",
                        r.entity(),
                        op.op.as_str(),
                        client_name(op.client)
                    ),
                ));
            }
            findings.push(f);
        }
        if tables == 0 {
            return Outcome::not_applicable("no tables in the public schema");
        }
        Outcome::from_findings(
            findings,
            format!("all {tables} public table(s) enable row level security"),
        )
    }
}

pub fn client_name(c: ClientKind) -> &'static str {
    match c {
        ClientKind::UserScoped => "user's client",
        ClientKind::ServiceRole => "service role",
        ClientKind::Prisma => "Prisma",
        ClientKind::Drizzle => "Drizzle",
        ClientKind::RawSql => "raw SQL",
        ClientKind::Unknown => "a database client",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::RlsDisabled::META.id);
    }
}
