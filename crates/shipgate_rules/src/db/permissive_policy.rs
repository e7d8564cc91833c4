//! db/permissive-policy: a policy that lets any user (or anyone) act on every row.

use super::{exposed_tables, supabase_api};
use crate::util::{finding, is_identity_column, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::schema::{Policy, PolicyCommand, PolicyExpr, PolicyScope, Table};
use shipgate_model::{AppModel, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Row level security policies for `anon`, `authenticated` or `public` whose condition
    /// admits every row: `true`, or only "is signed in" (`auth.uid() is not null`,
    /// `auth.role() = 'authenticated'`).
    /// - On `update`, `delete` or `all`: any user can change or delete anyone's rows
    ///   (high).
    /// - On `insert` (or `all` with only `with check`, which shows no existing row) into a
    ///   table with an owner or tenant column (`user_id`, `org_id`, ...): any user can
    ///   create rows in someone else's name (high when a policy lets owners read their own
    ///   rows, so the forged row shows up as the victim's; medium when nothing existing is
    ///   read or changed through it). Other inserts (a feedback form) are reported as `low`.
    /// - On `select` from a table with an owner or tenant column: every user's rows are
    ///   readable by all (medium). Open reads of catalogue tables (`products`, `prices`)
    ///   are deliberate and not reported.
    ///
    /// Supabase's advisor grades always-true write policies as lint 0024
    /// `rls_policy_always_true`, WARN (security). shipgate rates open updates and deletes
    /// high, one step above, because anyone holding the public anon key can change or
    /// remove every row; insert-only and read policies stay at medium or low.
    ///
    /// ## Why it matters
    /// RLS is the only thing between the public anon key and your data. A policy of
    /// `using (true)` on update is the same as no RLS for that command; "signed in" is no
    /// better when anyone can sign up.
    ///
    /// ## How to fix
    /// Tie the condition to the caller: `(select auth.uid()) = user_id`, or a membership
    /// sub-query for team data. Use `with check` with the same condition on writes.
    ///
    /// ## Example
    /// ```sql
    /// -- flagged
    /// create policy "edit" on public.projects for update to authenticated using (true);
    /// -- fixed
    /// create policy "edit own" on public.projects for update to authenticated
    ///   using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
    /// ```
    pub struct PermissivePolicy {
        id: "db/permissive-policy",
        category: Db,
        severity: High,
        effort: Medium,
        summary: "A policy whose USING or WITH CHECK is true (or only 'signed in') for anon/authenticated",
        problem: "its row level security lets every caller through",
    }
}

fn loose(e: Option<&PolicyExpr>) -> Option<&PolicyExpr> {
    e.filter(|e| matches!(e.scope, PolicyScope::Everyone | PolicyScope::SignedIn))
}

fn who(e: &PolicyExpr, p: &Policy) -> &'static str {
    match e.scope {
        PolicyScope::Everyone if p.roles.iter().any(|r| r == "anon" || r == "public") => {
            "anyone, signed in or not,"
        }
        PolicyScope::Everyone => "every signed-in user",
        _ => "every signed-in user",
    }
}

/// Some policy lets users read the rows that are theirs.
fn shown_to_owner(t: &Table) -> bool {
    t.policies.iter().any(|p| {
        p.permissive
            && p.applies_to_users()
            && matches!(p.command, PolicyCommand::Select | PolicyCommand::All)
            && p.using
                .as_ref()
                .is_some_and(|e| e.scope == PolicyScope::Caller)
    })
}

/// A column names who a row belongs to: an identity name, or a reference to a user.
fn has_owner_column(t: &Table) -> bool {
    t.columns.iter().any(|c| is_identity_column(&c.name))
        || t.foreign_keys
            .iter()
            .any(|fk| fk.references.eq_ignore_ascii_case("auth.users"))
}

impl Rule for PermissivePolicy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if !supabase_api(model) {
            return Outcome::not_applicable("no Supabase migrations");
        }
        let mut findings = Vec::new();
        let mut policies = 0;
        for t in exposed_tables(model) {
            for p in t
                .policies
                .iter()
                .filter(|p| p.permissive && p.applies_to_users())
            {
                policies += 1;
                let owner = has_owner_column(t);
                // A policy without USING shows no existing row: an `all` policy with only
                // WITH CHECK admits new rows and nothing else.
                let command = if p.command == PolicyCommand::All && p.using.is_none() {
                    PolicyCommand::Insert
                } else {
                    p.command
                };
                let (expr, severity, what) = match command {
                    PolicyCommand::Update | PolicyCommand::Delete | PolicyCommand::All => {
                        let Some(e) = loose(p.using.as_ref()) else {
                            continue;
                        };
                        let verb = match p.command {
                            PolicyCommand::Update => "update",
                            PolicyCommand::Delete => "delete",
                            _ => "read, change and delete",
                        };
                        (
                            e,
                            Severity::High,
                            format!("lets {} {verb} every row", who(e, p)),
                        )
                    }
                    PolicyCommand::Insert => {
                        let Some(e) = loose(p.with_check.as_ref()) else {
                            continue;
                        };
                        if owner && shown_to_owner(t) {
                            // The forged row lands in the victim's own view.
                            (
                                e,
                                Severity::High,
                                format!(
                                    "lets {} insert rows with any owner, and owners read their rows, so a forged row shows up as theirs",
                                    who(e, p)
                                ),
                            )
                        } else if owner {
                            // Rows in someone else's name, but nothing existing is read or
                            // changed through it.
                            (
                                e,
                                Severity::Medium,
                                format!(
                                    "lets {} insert rows with any owner (forged rows; it reads and changes none)",
                                    who(e, p)
                                ),
                            )
                        } else {
                            (
                                e,
                                Severity::Low,
                                format!("lets {} insert rows (fine for a public form)", who(e, p)),
                            )
                        }
                    }
                    PolicyCommand::Select => {
                        let Some(e) = loose(p.using.as_ref()) else {
                            continue;
                        };
                        if !owner {
                            continue;
                        }
                        (
                            e,
                            Severity::Medium,
                            format!("lets {} read every user's rows", who(e, p)),
                        )
                    }
                };
                let mut f = finding(
                    &Self::META,
                    severity,
                    format!(
                        "Policy `{}` on `{}` ({} to {}) {what}: its condition is `{}`",
                        p.name,
                        t.qualified(),
                        p.command.as_str(),
                        p.roles.join(", "),
                        expr.text
                    ),
                    Some(p.at),
                    format!("policy {} {}", t.qualified(), p.name),
                    if severity == Severity::Low {
                        "Fine for a public form; rate-limit it (or put a captcha in front) so the table cannot be flooded.".into()
                    } else {
                        "Tie the condition to the caller, e.g. `(select auth.uid()) = user_id`, in both `using` and `with check`.".into()
                    },
                );
                f.related.push(related(t.at, "table created here"));
                findings.push(f);
            }
        }
        if policies == 0 {
            return Outcome::not_applicable("no policies for users");
        }
        Outcome::from_findings(
            findings,
            format!("{policies} user-facing policies tie rows to the caller"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::PermissivePolicy::META.id);
    }
}
