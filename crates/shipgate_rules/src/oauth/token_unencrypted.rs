//! oauth/token-unencrypted: OAuth access and refresh tokens stored in the database as
//! they are.

use crate::util::route_finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::names::is_oauth_token_column;
use shipgate_model::{AppModel, RuleMeta, ValueOrigin, ValueRole};

declare_rule! {
    /// ## What it checks
    /// Writes (insert, upsert, update) from request handlers, server actions and the
    /// helpers they call that store an OAuth token column (`access_token`,
    /// `refresh_token`, `provider_refresh_token`, `slack_bot_token`...) with a value that
    /// did not go through an encryption call first (`encrypt(...)`, `kms.encrypt(...)`,
    /// `seal...`, a cipher, Supabase Vault's `create_secret`). Clearing a token (`null`)
    /// and columns named as hashes or ciphertext pass.
    ///
    /// ## Why it matters
    /// A refresh token is a standing key to the customer's account at the provider
    /// (their Google Drive, Slack, GitHub). Anyone who reads the table, through a leaked
    /// backup, a SQL injection, a too-open policy or a support tool, can act as every
    /// connected customer until each one revokes access.
    ///
    /// ## How to fix
    /// Encrypt tokens before storing them (AES-GCM with a key from your secret manager,
    /// Supabase Vault, or your platform's KMS) and decrypt only where a request to the
    /// provider is made; keep the key out of the database. Plan for rotation and for
    /// revoking tokens when a customer disconnects.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// await db.insert(connections).values({ userId, refreshToken: tokens.refresh_token });
    /// // fixed
    /// await db.insert(connections).values({ userId, refreshToken: encrypt(tokens.refresh_token) });
    /// ```
    pub struct TokenUnencrypted {
        id: "oauth/token-unencrypted",
        category: Integrations,
        severity: Medium,
        effort: Medium,
        summary: "OAuth access/refresh tokens stored in the database as plain text",
        problem: "OAuth tokens are stored in plain text",
    }
}

impl Rule for TokenUnencrypted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let mut findings = Vec::new();
        let mut writes = 0;
        let mut seen = std::collections::BTreeSet::new();
        for route in &model.routes {
            for op in route.facts.data_ops.iter().filter(|d| d.op.is_write()) {
                let plain: Vec<&str> = op
                    .values
                    .iter()
                    .filter(|v| v.role == ValueRole::Payload && is_oauth_token_column(&v.column))
                    .filter(|v| v.origin != ValueOrigin::Literal)
                    .inspect(|_| writes += 1)
                    .filter(|v| !v.encrypted)
                    .map(|v| v.column.as_str())
                    .collect();
                if plain.is_empty() {
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
                        "`{}` stores `{}` in `{table}` as it is: anyone who reads the table (a leaked backup, an injection, an open policy) can act as every connected customer at the provider",
                        route.entity(),
                        plain.join("`, `")
                    ),
                    op.at,
                    format!(
                        "Encrypt `{}` before writing it (AES-GCM with a key kept outside the database, Supabase Vault or a KMS) and decrypt only where the provider is called.",
                        plain.join("`, `")
                    ),
                );
                f.entity = format!("{} {table}", route.entity());
                findings.push(f);
            }
        }
        if writes == 0 {
            return Outcome::not_applicable("no handler stores OAuth tokens");
        }
        Outcome::from_findings(
            findings,
            format!("{writes} OAuth token write(s) are encrypted first"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::TokenUnencrypted::META.id);
    }
}
