//! db/grants-to-anon: write privileges granted to `anon` or `public` on tables row level
//! security does not protect.

use super::supabase_api;
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// `grant insert/update/delete/all ... to anon` (or `to public`) in the migrations, on a
    /// table without row level security, or on all tables of a schema where some table has
    /// none. Supabase's own migrations grant these on every table; with RLS on, policies
    /// decide, so those grants are not reported.
    ///
    /// ## Why it matters
    /// The grant lets anyone holding the public anon key write to the table, and without
    /// RLS nothing narrows it.
    ///
    /// ## How to fix
    /// Enable RLS on the table, or revoke the grant:
    /// `revoke insert, update, delete on public.x from anon;`
    ///
    /// ## Example
    /// ```sql
    /// -- flagged (public.leads has no RLS)
    /// grant all on table public.leads to anon;
    /// ```
    pub struct GrantsToAnon {
        id: "db/grants-to-anon",
        category: Db,
        severity: High,
        effort: Small,
        summary: "GRANT of write privileges to anon/public",
        problem: "anonymous callers are granted write access",
    }
}

impl Rule for GrantsToAnon {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let schema = &model.schema;
        let risky: Vec<_> = schema
            .grants
            .iter()
            .filter(|g| g.writes() && g.roles.iter().any(|r| r == "anon" || r == "public"))
            .collect();
        if risky.is_empty() {
            return Outcome::not_applicable("no write grants to anon or public");
        }
        let supabase = supabase_api(model);
        let mut findings = Vec::new();
        for g in risky {
            let unprotected: Vec<String> =
                if let Some(s) = g.object.strip_prefix("all tables in schema ") {
                    schema
                        .tables
                        .iter()
                        .filter(|t| !t.external && t.schema == s && t.rls.is_none())
                        .map(|t| t.qualified())
                        .collect()
                } else {
                    match schema.table(&g.object) {
                        Some(t) if t.rls.is_none() => vec![t.qualified()],
                        // Grants on tables outside the migrations (or with RLS) are judged by
                        // their policies.
                        _ => Vec::new(),
                    }
                };
            if unprotected.is_empty() {
                continue;
            }
            let role = if g.roles.iter().any(|r| r == "anon") {
                "anon"
            } else {
                "public"
            };
            let who = if supabase && role == "anon" {
                "anyone with the public anon key"
            } else {
                "every database role"
            };
            let shown: Vec<String> = unprotected
                .iter()
                .take(5)
                .map(|t| format!("`{t}`"))
                .collect();
            let more = unprotected.len().saturating_sub(5);
            findings.push(finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "`grant {} on {} to {role}` lets {who} write to {}{} without row level security",
                    g.privileges.join(", "),
                    g.object,
                    shown.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ),
                Some(g.at),
                format!("grant {} {role}", g.object),
                format!("Enable row level security on those tables, or `revoke insert, update, delete on {} from {role};`.", g.object),
            ));
        }
        Outcome::from_findings(findings, "write grants to anon only cover tables with RLS")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::GrantsToAnon::META.id);
    }
}
