//! auth/email-verification-disabled: Supabase sign-up without e-mail confirmation.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// `enable_confirmations = false` under `[auth.email]` in `supabase/config.toml`. The
    /// Supabase CLI writes `false` in every new project for local development, and the
    /// hosted project keeps its own setting, so the finding is `info` unless the file is
    /// clearly the production configuration: `site_url` is not a localhost address, or
    /// the file has `[remotes.*]` sections (used with `supabase config push`). Then it is
    /// `medium`.
    ///
    /// ## Why it matters
    /// Without confirmation anyone can sign up with an address they do not own: they
    /// inherit invitations and domain-based team membership sent to it, and your e-mails
    /// go to people who never asked for them.
    ///
    /// ## How to fix
    /// Set `enable_confirmations = true` for production (and check Authentication →
    /// Providers → Email → "Confirm email" in the dashboard).
    ///
    /// ## Example
    /// ```toml
    /// [auth.email]
    /// enable_signup = true
    /// enable_confirmations = true
    /// ```
    pub struct EmailVerificationDisabled {
        id: "auth/email-verification-disabled",
        category: Auth,
        severity: Medium,
        effort: Small,
        summary: "Supabase enable_confirmations = false or equivalent auto-confirm",
        problem: "anyone can sign up with an address they do not own",
    }
}

impl Rule for EmailVerificationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.supabase_configs.is_empty() {
            return Outcome::not_applicable("no supabase/config.toml");
        }
        let mut findings = Vec::new();
        for cfg in &model.supabase_configs {
            let Some((false, at)) = cfg.email_confirmations else {
                continue;
            };
            let local = cfg
                .site_url
                .as_deref()
                .is_none_or(|u| u.contains("localhost") || u.contains("127.0.0.1") || u.is_empty());
            let (severity, note) = if cfg.has_remotes {
                (
                    Severity::Medium,
                    "this file also configures hosted projects (`[remotes]`)".to_string(),
                )
            } else if !local {
                (
                    Severity::Medium,
                    format!(
                        "its `site_url` is `{}`, so it describes a deployed app",
                        cfg.site_url.as_deref().unwrap_or("")
                    ),
                )
            } else {
                (
                    Severity::Info,
                    "this is the CLI's local default; check the hosted project's setting"
                        .to_string(),
                )
            };
            findings.push(finding(
                &Self::META,
                severity,
                format!(
                    "`{}` turns e-mail confirmation off: anyone can sign up with an address they do not own ({note})",
                    model.path(cfg.file)
                ),
                Some(at),
                format!("config {}", model.path(cfg.file)),
                "Set `enable_confirmations = true` under `[auth.email]` for production, and make sure \"Confirm email\" is on in the dashboard.".into(),
            ));
        }
        Outcome::from_findings(findings, "e-mail confirmation is on")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::EmailVerificationDisabled::META.id);
    }
}
