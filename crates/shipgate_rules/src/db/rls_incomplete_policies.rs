//! db/rls-incomplete-policies: the code does something through the user's client that no
//! policy allows.

use super::{exposed_tables, supabase_api};
use crate::util::{related, route_finding};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::schema::PolicyCommand;
use shipgate_model::{AppModel, ClientKind, DbOp, RuleMeta};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it checks
    /// Tables with row level security and some policies, where a route performs a command
    /// (`select`, `insert`, `update`, `delete`; an upsert needs insert and update) through
    /// the user's own Supabase client that no policy covers.
    ///
    /// ## Why it matters
    /// Postgres denies what no policy allows: the insert fails with "new row violates row
    /// level security policy", the update silently changes nothing. Teams then "fix" it by
    /// switching to the service role, which drops every check at once.
    ///
    /// ## How to fix
    /// Add a policy for the missing command, tied to the caller, in a migration.
    ///
    /// ## Example
    /// ```sql
    /// -- the route inserts into public.comments, but only a select policy exists
    /// create policy "insert own" on public.comments for insert to authenticated
    ///   with check ((select auth.uid()) = author_id);
    /// ```
    pub struct RlsIncompletePolicies {
        id: "db/rls-incomplete-policies",
        category: Db,
        severity: High,
        effort: Medium,
        summary: "RLS enabled, but policies cover only some commands while the code performs the others through a user-scoped client",
        problem: "some operations the app performs are refused by row level security",
    }
}

fn needs(op: DbOp) -> &'static [PolicyCommand] {
    match op {
        DbOp::Select => &[PolicyCommand::Select],
        DbOp::Insert => &[PolicyCommand::Insert],
        DbOp::Update => &[PolicyCommand::Update],
        DbOp::Upsert => &[PolicyCommand::Insert, PolicyCommand::Update],
        DbOp::Delete => &[PolicyCommand::Delete],
        _ => &[],
    }
}

impl Rule for RlsIncompletePolicies {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if !supabase_api(model) {
            return Outcome::not_applicable("no Supabase migrations");
        }
        let mut findings = Vec::new();
        let mut checked = 0;
        for t in exposed_tables(model) {
            if t.rls.is_none() || t.policies.is_empty() {
                continue;
            }
            let mut seen = BTreeSet::new();
            for (route, op) in model.table_uses(&t.name) {
                if op.client != ClientKind::UserScoped {
                    continue;
                }
                checked += 1;
                for cmd in needs(op.op) {
                    // Only permissive policies grant; restrictive ones only narrow.
                    if t.policies.iter().any(|p| {
                        p.permissive
                            && p.applies_to_users()
                            && (p.command == *cmd || p.command == PolicyCommand::All)
                    }) {
                        continue;
                    }
                    if !seen.insert((route.entity(), cmd.as_str())) {
                        continue;
                    }
                    let covered: Vec<&str> = PolicyCommand::EACH
                        .iter()
                        .filter(|c| t.covers(**c))
                        .map(|c| c.as_str())
                        .collect();
                    let mut f = route_finding(
                        &Self::META,
                        Self::META.severity,
                        route,
                        format!(
                            "`{}` runs `{}` on `{}` with the user's client, but its policies only cover {}: Postgres will refuse it",
                            route.entity(),
                            op.op.as_str(),
                            t.qualified(),
                            covered.join(", ")
                        ),
                        op.at,
                        format!(
                            "Add a `for {}` policy on `{}` tied to the caller (e.g. `(select auth.uid()) = user_id`).",
                            cmd.as_str(),
                            t.qualified()
                        ),
                    );
                    f.entity = format!("{} {} {}", route.entity(), t.qualified(), cmd.as_str());
                    if let Some(p) = t.policies.first() {
                        f.related.push(related(
                            p.at,
                            format!("policies on `{}` start here", t.qualified()),
                        ));
                    }
                    findings.push(f);
                }
            }
        }
        if checked == 0 {
            return Outcome::not_applicable("no user-scoped queries on tables with policies");
        }
        Outcome::from_findings(
            findings,
            format!("{checked} user-scoped queries are covered by policies"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::RlsIncompletePolicies::META.id);
    }
}
