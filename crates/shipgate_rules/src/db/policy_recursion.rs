//! db/policy-recursion: read policies that select from their own table, directly or
//! through another table's policy, so Postgres refuses every query (error 42P17).

use super::supabase_api;
use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::schema::{Policy, PolicyCommand, Table};
use shipgate_model::{AppModel, RuleMeta};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it checks
    /// Row level security policies that read (`select`, `all`) a table and whose `using`
    /// condition selects from a table whose own read policies lead back to the first:
    /// `team_members` checked with `team_id in (select team_id from team_members …)`, or
    /// two tables whose policies look each other up. A sub-query inside a policy runs
    /// under the policies of the table it reads, so the check never ends. Each API role
    /// (`anon`, `authenticated`) is followed on its own, through the policies that apply
    /// to it.
    ///
    /// ## Why it matters
    /// Postgres stops the query with `infinite recursion detected in policy for relation`
    /// (error 42P17): every read of the table through the Data API or a user-scoped client
    /// fails, and so does the feature built on it. It often ships unnoticed because
    /// migrations and the service role (which skips row level security) work.
    ///
    /// ## How to fix
    /// Move the lookup into a `security definer` function with a fixed `search_path`,
    /// which reads the table without its policies, and call it from the policy; or look
    /// the membership up in a different table.
    ///
    /// ## Example
    /// ```sql
    /// -- flagged
    /// create policy "members read" on public.crew for select to authenticated
    ///   using (ship_id in (select ship_id from public.crew where person = auth.uid()));
    /// -- fixed
    /// create function public.my_ships() returns setof uuid language sql stable
    ///   security definer set search_path = '' as
    ///   $$ select ship_id from public.crew where person = auth.uid() $$;
    /// create policy "members read" on public.crew for select to authenticated
    ///   using (ship_id in (select public.my_ships()));
    /// ```
    pub struct PolicyRecursion {
        id: "db/policy-recursion",
        category: Db,
        severity: High,
        effort: Small,
        summary: "A policy that selects from its own table, so every query on it fails (42P17)",
        problem: "every query on it fails (infinite policy recursion)",
    }
}

/// The API roles whose queries run under row level security.
const API_ROLES: [&str; 2] = ["anon", "authenticated"];

/// Read policies on `t` that apply to `role`.
fn read_policies<'a>(t: &'a Table, role: &'a str) -> impl Iterator<Item = &'a Policy> + 'a {
    t.policies.iter().filter(move |p| {
        matches!(p.command, PolicyCommand::Select | PolicyCommand::All)
            && p.roles.iter().any(|r| r == role || r == "public")
    })
}

/// The tables under row level security that `p`'s read condition selects from.
fn policed_reads<'a>(model: &'a AppModel, p: &'a Policy) -> impl Iterator<Item = &'a Table> + 'a {
    p.using
        .iter()
        .flat_map(|e| e.reads.iter())
        .filter_map(|name| model.schema.table(name))
        .filter(|t| t.rls.is_some())
}

/// A chain of policies from `start` back to `start` for `role`, if there is one: the
/// policies in order, shortest first found (breadth-first, so the report is the
/// simplest loop).
fn cycle<'a>(
    model: &'a AppModel,
    start: &'a Table,
    role: &'a str,
) -> Option<Vec<(&'a Table, &'a Policy)>> {
    let key = |t: &Table| t.qualified();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut frontier: Vec<(&Table, Vec<(&Table, &Policy)>)> = vec![(start, Vec::new())];
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for (t, path) in frontier {
            for p in read_policies(t, role) {
                for u in policed_reads(model, p) {
                    let mut chain = path.clone();
                    chain.push((t, p));
                    if key(u) == key(start) {
                        return Some(chain);
                    }
                    if seen.insert(key(u)) {
                        next.push((u, chain));
                    }
                }
            }
        }
        frontier = next;
    }
    None
}

impl Rule for PolicyRecursion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if !supabase_api(model) {
            return Outcome::not_applicable("no Supabase migrations");
        }
        let policed: Vec<&Table> = model
            .schema
            .tables
            .iter()
            .filter(|t| t.rls.is_some() && !t.policies.is_empty())
            .collect();
        if policed.is_empty() {
            return Outcome::not_applicable("no table has row level security policies");
        }
        let mut findings = Vec::new();
        for t in &policed {
            // One finding per table, with the loop of the first role that has one.
            let loops: Vec<(&str, Vec<(&Table, &Policy)>)> = API_ROLES
                .iter()
                .filter_map(|role| cycle(model, t, role).map(|c| (*role, c)))
                .collect();
            let Some((_, chain)) = loops.first().cloned() else {
                continue;
            };
            let roles: Vec<String> = loops.iter().map(|(r, _)| format!("`{r}`")).collect();
            let role = roles.join(" and ");
            let (_, first) = chain[0];
            let how = if chain.len() == 1 {
                format!("selects from `{}` itself", t.qualified())
            } else {
                let names: Vec<String> = chain
                    .iter()
                    .skip(1)
                    .map(|(u, p)| format!("`{}` (policy \"{}\")", u.qualified(), p.name))
                    .collect();
                format!(
                    "selects from {}, whose read policy selects from `{}` again",
                    names.join(", then "),
                    t.qualified()
                )
            };
            let mut f = finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "Policy \"{}\" on `{}` {how}: Postgres stops every {role} query on the table with error 42P17 (infinite recursion detected in policy), so the feature that reads it fails",
                    first.name,
                    t.qualified()
                ),
                Some(first.at),
                format!("table {}", t.qualified()),
                format!(
                    "Move the lookup of `{}` into a `security definer` function with a fixed `search_path` and call it from the policy, or look the membership up in another table.",
                    t.qualified()
                ),
            );
            for (u, p) in chain.iter().skip(1) {
                f.related.push(related(
                    p.at,
                    format!("policy \"{}\" on `{}`", p.name, u.qualified()),
                ));
            }
            findings.push(f);
        }
        Outcome::from_findings(
            findings,
            format!(
                "the read policies of {} table(s) never select from their own table",
                policed.len()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::PolicyRecursion::META.id);
    }
}
