//! tenancy/no-tenant-model: user data with no organisation, workspace or team above it.

use crate::util::{finding, is_identity_column, is_tenant_column};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Loc, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Whether the schema (SQL migrations, Prisma models or Drizzle tables) has a tenant:
    /// a table named like `organizations`, `workspaces`, `teams`, `tenants` or
    /// `companies`, a membership table joining users to something with a role
    /// (`account_user (account_id, user_id, account_role)`), or tables keyed by `org_id`,
    /// `workspace_id`, `team_id`, `tenant_id`, `company_id`. When the
    /// data is owned only by single users (`user_id`, `owner_id`), the finding is `info`
    /// (right for a consumer app), and `medium` when the schema already talks about
    /// sharing (`members`, `invites`, `invitations`, `memberships` tables) with nothing to
    /// share it in.
    ///
    /// ## Why it matters
    /// B2B customers need several people on one account, roles, and data that belongs to
    /// the company rather than to whoever created it. Retro-fitting a tenant key onto
    /// every table, query and policy later is one of the most expensive migrations a
    /// SaaS does.
    ///
    /// ## How to fix
    /// Add an `organizations` table and a `memberships` (org, user, role) table, key
    /// business tables by `org_id`, and scope queries and policies by membership.
    ///
    /// ## Example
    /// ```sql
    /// create table public.organizations (id uuid primary key default gen_random_uuid(), name text not null);
    /// create table public.memberships (org_id uuid references public.organizations, user_id uuid references auth.users, role text not null, primary key (org_id, user_id));
    /// ```
    pub struct NoTenantModel {
        id: "tenancy/no-tenant-model",
        category: Tenancy,
        severity: Medium,
        effort: Large,
        summary: "Multi-user data with no organisation/workspace/tenant model",
        problem: "data belongs to single users with no organisation model",
    }
}

fn norm(s: &str) -> String {
    s.to_ascii_lowercase().replace(['_', '-'], "")
}

fn is_tenant_table(name: &str) -> bool {
    let n = norm(name);
    [
        "organization",
        "organisation",
        "org",
        "orgs",
        "workspace",
        "team",
        "tenant",
        "company",
        "companies",
    ]
    .iter()
    .any(|k| {
        n == *k || n == format!("{k}s") || n.ends_with(&format!("{k}s")) && n.len() <= k.len() + 4
    })
}

/// A membership table: a user column, another `<thing>_id` and a role
/// (`account_user (account_id, user_id, account_role)`): what it joins users to is a
/// tenant, whatever it is called. Returns that key and the role column.
fn membership(cols: &[String]) -> Option<(&str, &str)> {
    let user = cols
        .iter()
        .find(|c| matches!(norm(c).as_str(), "userid" | "memberid" | "profileid"))?;
    let role = cols.iter().find(|c| norm(c).contains("role"))?;
    let key = cols.iter().find(|c| {
        let n = norm(c);
        *c != user && n.len() > 2 && n.ends_with("id") && !n.starts_with("invited")
    })?;
    Some((key.as_str(), role.as_str()))
}

fn is_sharing_table(name: &str) -> bool {
    let n = norm(name);
    [
        "member",
        "members",
        "membership",
        "memberships",
        "invite",
        "invites",
        "invitation",
        "invitations",
    ]
    .contains(&n.as_str())
}

impl Rule for NoTenantModel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let tables: Vec<(String, Vec<String>, Loc)> = crate::db::all_tables(model)
            .into_iter()
            .map(|t| (t.name, t.columns, t.at))
            .collect();
        if tables.is_empty() {
            return Outcome::not_applicable("no tables in the migrations or Prisma schema");
        }
        if let Some((name, _, _)) = tables.iter().find(|(n, _, _)| is_tenant_table(n)) {
            return Outcome::from_findings(Vec::new(), format!("tenant table `{name}`"));
        }
        if let Some((name, key, role)) = tables
            .iter()
            .find_map(|(n, cols, _)| membership(cols).map(|(k, r)| (n, k, r)))
        {
            return Outcome::from_findings(
                Vec::new(),
                format!(
                    "membership table `{name}` (`{key}`, user, `{role}`): accounts are shared between users"
                ),
            );
        }
        for (name, cols, _) in &tables {
            if let Some(c) = cols.iter().find(|c| is_tenant_column(c)) {
                return Outcome::from_findings(
                    Vec::new(),
                    format!("tables are keyed by tenant (`{name}.{c}`)"),
                );
            }
        }
        let owned: Vec<&(String, Vec<String>, Loc)> = tables
            .iter()
            .filter(|(_, cols, _)| cols.iter().any(|c| is_identity_column(c)))
            .collect();
        let Some((first, _, at)) = owned.first().copied() else {
            return Outcome::not_applicable("no user-owned tables");
        };
        let sharing: Vec<&String> = tables
            .iter()
            .filter(|(n, _, _)| is_sharing_table(n))
            .map(|(n, _, _)| n)
            .collect();
        let (severity, note) = match sharing.first() {
            Some(s) => (
                Severity::Medium,
                format!("yet `{s}` suggests accounts are meant to be shared"),
            ),
            None => (
                Severity::Info,
                "fine for a consumer app; a B2B product will need one".to_string(),
            ),
        };
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                severity,
                format!(
                    "{} table(s) belong to single users (such as `{first}`) and no organisation, workspace or team table exists: {note}",
                    owned.len()
                ),
                Some(*at),
                "repo".into(),
                "Add organisations and memberships (org, user, role), key business tables by `org_id`, and scope queries and policies by membership.".into(),
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoTenantModel::META.id);
    }
}
