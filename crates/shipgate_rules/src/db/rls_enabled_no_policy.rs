//! db/rls-enabled-no-policy: row level security on, and no policy at all.

use super::{exposed_tables, supabase_api, user_scoped_use};
use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Supabase `public` tables with row level security enabled and no policy. That is the
    /// right design for tables only the server uses (the service role bypasses RLS), so
    /// this is `info`, unless the code queries the table with the user's own client: then
    /// those queries always come back empty or fail, and it is `medium`.
    ///
    /// Supabase's advisor grades the same thing as lint 0008 `rls_enabled_no_policy`, INFO;
    /// shipgate's info matches it.
    ///
    /// ## Why it matters
    /// With RLS on and no policy, users can do nothing with the table. Deliberate for
    /// server-only tables; a silent bug when a page or route expects rows back.
    ///
    /// ## How to fix
    /// Add policies for what users may do, or move the code that needs the table to the
    /// server behind a session check.
    ///
    /// ## Example
    /// ```sql
    /// alter table public.notes enable row level security;
    /// -- and, if users read their own notes:
    /// create policy "own notes" on public.notes for select using ((select auth.uid()) = user_id);
    /// ```
    pub struct RlsEnabledNoPolicy {
        id: "db/rls-enabled-no-policy",
        category: Db,
        severity: Info,
        effort: Medium,
        summary: "RLS enabled with no policy at all (denies everything to users)",
        problem: "row level security denies everything to users",
    }
}

impl Rule for RlsEnabledNoPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if !supabase_api(model) {
            return Outcome::not_applicable("no Supabase migrations");
        }
        let mut findings = Vec::new();
        for t in exposed_tables(model) {
            let (Some(rls_at), true) = (t.rls, t.policies.is_empty()) else {
                continue;
            };
            let uses = model.table_uses(&t.name);
            let mut f = match user_scoped_use(&uses) {
                Some((r, op)) => {
                    let mut f = finding(
                        &Self::META,
                        Severity::Medium,
                        format!(
                            "`{}` has row level security and no policy, yet `{}` queries it with the user's client: those queries see no rows and writes fail",
                            t.qualified(),
                            r.entity()
                        ),
                        Some(rls_at),
                        format!("table {}", t.qualified()),
                        "Add a policy for what users may do with this table, or query it on the server after checking the session.".into(),
                    );
                    f.related.push(related(
                        op.at,
                        format!("{} {} here", r.entity(), op.op.as_str()),
                    ));
                    f
                }
                None => finding(
                    &Self::META,
                    Severity::Info,
                    format!(
                        "`{}` has row level security and no policy: only the service role can use it (fine for server-only tables)",
                        t.qualified()
                    ),
                    Some(rls_at),
                    format!("table {}", t.qualified()),
                    "Nothing to do if only server code uses this table; otherwise add policies."
                        .into(),
                ),
            };
            f.related.push(related(t.at, "table created here"));
            findings.push(f);
        }
        Outcome::from_findings(findings, "every table with RLS has policies")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::RlsEnabledNoPolicy::META.id);
    }
}
