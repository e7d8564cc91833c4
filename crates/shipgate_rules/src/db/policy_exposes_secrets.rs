//! db/policy-exposes-secrets: stored secrets that every user (or anyone) can read.

use super::{exposed_tables, supabase_api};
use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::names::{Sensitive, is_redeemable_code, sensitive_column};
use shipgate_model::schema::{PolicyCommand, PolicyScope};
use shipgate_model::{AppModel, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Tables in Supabase's `public` schema with columns that hold secrets (by name:
    /// `api_key`, `*_token`, `secret`, `password`, `private_key`, and the `code` of a
    /// coupon, gift card, voucher or invitation table) whose rows every user can read:
    /// a `select` (or `all`) policy for `anon`, `authenticated` or `public` whose condition
    /// is `true` or only "is signed in", or no row level security at all. When no code in
    /// the repository writes the table, it may be empty today: `medium`.
    ///
    /// Supabase's advisor grades the no-RLS case as lint 0023 `sensitive_columns_exposed`,
    /// ERROR (security); shipgate's critical matches it and also covers open policies.
    ///
    /// ## Why it matters
    /// The Data API returns whole rows: anyone with the public anon key (or any account,
    /// when anyone can sign up) lists every stored OpenAI key, OAuth token or gift-card
    /// code with one request, and spends them.
    ///
    /// ## How to fix
    /// Tie the read policy to the owner (`using ((select auth.uid()) = user_id)`), move
    /// the secret into a table only the service role reads (or Supabase Vault), or revoke
    /// `select` on the secret columns from `anon` and `authenticated`.
    ///
    /// ## Example
    /// ```sql
    /// -- flagged
    /// create policy "read" on public.integrations for select to authenticated using (true);
    /// -- fixed
    /// create policy "read own" on public.integrations for select to authenticated
    ///   using ((select auth.uid()) = owner_id);
    /// ```
    pub struct PolicyExposesSecrets {
        id: "db/policy-exposes-secrets",
        category: Db,
        severity: Critical,
        effort: Medium,
        summary: "Stored secrets (API keys, tokens, redeemable codes) readable by every user",
        problem: "stored secrets are readable by every user",
    }
}

impl Rule for PolicyExposesSecrets {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if !supabase_api(model) {
            return Outcome::not_applicable("no Supabase migrations");
        }
        let mut findings = Vec::new();
        let mut holding = 0;
        for t in exposed_tables(model) {
            let secrets: Vec<String> = t
                .columns
                .iter()
                .filter(|c| {
                    sensitive_column(&c.name) == Some(Sensitive::Secret)
                        || is_redeemable_code(&t.name, &c.name)
                })
                .map(|c| format!("`{}`", c.name))
                .collect();
            if secrets.is_empty() {
                continue;
            }
            holding += 1;
            let open_read = t.policies.iter().find(|p| {
                p.permissive
                    && p.applies_to_users()
                    && matches!(p.command, PolicyCommand::Select | PolicyCommand::All)
                    && p.using.as_ref().is_some_and(|e| {
                        matches!(e.scope, PolicyScope::Everyone | PolicyScope::SignedIn)
                    })
            });
            let (who, at, how) = match (t.rls, open_read) {
                (None, _) => (
                    "anyone with the public anon key",
                    t.at,
                    "the table has no row level security".to_string(),
                ),
                (Some(_), Some(p)) => {
                    let anyone = p
                        .using
                        .as_ref()
                        .is_some_and(|e| e.scope == PolicyScope::Everyone)
                        && p.roles.iter().any(|r| r == "anon" || r == "public");
                    (
                        if anyone {
                            "anyone with the public anon key"
                        } else {
                            "every signed-in user"
                        },
                        p.at,
                        format!("policy \"{}\" admits every row", p.name),
                    )
                }
                (Some(_), None) => continue,
            };
            // Secrets are there only if something stores them: a table no code here
            // writes may be empty today.
            let written = model
                .table_uses(&t.name)
                .iter()
                .any(|(_, op)| op.op.is_write());
            let (severity, today) = if written {
                (Self::META.severity, "")
            } else {
                (
                    Severity::Medium,
                    " (no code here writes the table, so it may be empty today)",
                )
            };
            let mut f = finding(
                &Self::META,
                severity,
                format!(
                    "`{}` stores {} and {how}: {who} can list every row's secrets through the Data API and use them{today}",
                    t.qualified(),
                    secrets.join(", ")
                ),
                Some(at),
                format!("table {}", t.qualified()),
                format!(
                    "Tie reads of `{}` to the owner, or keep the secrets where only the service role reads them (a separate table, Supabase Vault), or revoke `select` on those columns from `anon` and `authenticated`.",
                    t.qualified()
                ),
            );
            if at != t.at {
                f.related.push(related(t.at, "table created here"));
            }
            findings.push(f);
        }
        if holding == 0 {
            return Outcome::not_applicable("no exposed table has secret columns");
        }
        Outcome::from_findings(
            findings,
            format!("{holding} table(s) with secret columns keep their reads to the owner"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::PolicyExposesSecrets::META.id);
    }
}
