//! oauth/global-token-storage: integration tokens written to a table that has no user or
//! tenant key, so one connection serves everyone.

use crate::util::{is_identity_column, route_finding};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::names::is_integration_credential;
use shipgate_model::{AppModel, ClientKind, DataOp, RuleMeta, ValueRole};

declare_rule! {
    /// ## What it checks
    /// Writes (insert, upsert, update) that store an integration credential, a column
    /// such as `access_token`, `refresh_token`, `bot_token` or `api_key`, into a table
    /// whose definition (SQL migrations, Prisma model or Drizzle table) has nothing that
    /// ties a row to a user, owner or tenant: no `user_id`, `owner_id`, `org_id`,
    /// `workspace_id`, `team_id`-like column, no foreign key, no Prisma relation. Tables
    /// shipgate cannot see the definition of are not judged.
    ///
    /// ## Why it matters
    /// Such a table holds one row per provider, not per customer: the second customer to
    /// connect Google Drive or Slack overwrites the first, or every customer's requests
    /// go out with the first customer's token and read their data.
    ///
    /// ## How to fix
    /// Add the owner to the table (`user_id` or `org_id`, part of the unique key with the
    /// provider), write it from the session, and look tokens up by it.
    ///
    /// ## Example
    /// ```sql
    /// -- flagged: one row per provider
    /// create table integrations (provider text primary key, access_token text, refresh_token text);
    /// -- fixed
    /// create table integrations (org_id uuid references orgs, provider text, access_token text, refresh_token text, primary key (org_id, provider));
    /// ```
    pub struct GlobalTokenStorage {
        id: "oauth/global-token-storage",
        category: Integrations,
        severity: High,
        effort: Large,
        summary: "integration tokens stored without a user/tenant key",
        problem: "integration tokens are shared across users",
    }
}

/// Whether the table a write targets ties rows to an owner: an identity column
/// (`user_id`, `org_id`), a reference to another record (a foreign key, a Prisma
/// relation, a Drizzle `*_id` column), or `None` when its definition is not in the repo.
fn has_owner_key(model: &AppModel, op: &DataOp) -> Option<bool> {
    let table = op.table.as_deref()?;
    let schema = &model.schema;
    match op.client {
        ClientKind::Prisma => schema.prisma_model(table).map(|m| {
            m.fields
                .iter()
                .any(|f| is_identity_column(&f.name) || f.relation && !f.list)
        }),
        ClientKind::Drizzle => schema.drizzle_table(table).map(|t| {
            t.columns.iter().any(|c| {
                let name = c.column.as_deref().unwrap_or(&c.field);
                is_identity_column(&c.field)
                    || is_identity_column(name)
                    || name.ends_with("_id")
                    || c.field.ends_with("Id")
            })
        }),
        _ => schema.table(table).filter(|t| !t.external).map(|t| {
            !t.foreign_keys.is_empty() || t.columns.iter().any(|c| is_identity_column(&c.name))
        }),
    }
}

impl Rule for GlobalTokenStorage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let mut findings = Vec::new();
        let mut writes = 0;
        let mut seen = std::collections::BTreeSet::new();
        for route in &model.routes {
            for op in &route.facts.data_ops {
                if !op.op.is_write() {
                    continue;
                }
                let tokens: Vec<&str> = op
                    .values
                    .iter()
                    .filter(|v| {
                        v.role == ValueRole::Payload && is_integration_credential(&v.column)
                    })
                    .map(|v| v.column.as_str())
                    .collect();
                if tokens.is_empty() {
                    continue;
                }
                writes += 1;
                if has_owner_key(model, op) != Some(false) {
                    continue;
                }
                let table = op.table.as_deref().unwrap_or("?");
                if !seen.insert((op.at, table.to_string())) {
                    continue;
                }
                let mut f = route_finding(
                    &Self::META,
                    Self::META.severity,
                    route,
                    format!(
                        "`{}` stores `{}` in `{table}`, a table with no user, owner or tenant column: one connection per provider is shared by every customer",
                        route.entity(),
                        tokens.join("`, `")
                    ),
                    op.at,
                    format!(
                        "Add the owner (`user_id` or `org_id`) to `{table}` and to its unique key with the provider, write it from the session, and look tokens up by it."
                    ),
                );
                f.entity = format!("{} {table}", route.entity());
                findings.push(f);
            }
        }
        if writes == 0 {
            return Outcome::not_applicable("no handler stores integration tokens");
        }
        Outcome::from_findings(
            findings,
            format!(
                "{writes} token write(s) go to tables keyed by user or tenant, or to tables shipgate cannot see"
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::GlobalTokenStorage::META.id);
    }
}
