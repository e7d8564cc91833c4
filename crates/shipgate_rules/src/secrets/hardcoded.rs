//! secrets/hardcoded: live-looking keys in source, and literals used when a secret is unset.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Every text file in the tree (code, config, `.env` files, docs, key files) for
    /// credentials with a recognisable shape: Stripe `sk_live_`/`rk_live_` keys and
    /// `whsec_` signing secrets, Supabase service-role JWTs (the payload is decoded and
    /// its `role` read, so anon keys are not reported) and `sb_secret_` keys, AWS access
    /// key ids, GitHub and Slack tokens, Slack webhook URLs, OpenAI and Anthropic keys,
    /// and PEM private keys. Placeholders (`sk_live_xxx…`, `YOUR_KEY`), the Supabase CLI's
    /// public local key, tests, fixtures and `.env.example` files are left out.
    ///
    /// It also reports hard-coded fallbacks for secrets the app signs or verifies with:
    /// `process.env.JWT_SECRET || 'dev-secret'`.
    ///
    /// Keys are always shown redacted: the middle never appears in any output.
    ///
    /// ## Why it matters
    /// A key in the repository is a key in every clone, fork, CI log and laptop, and in
    /// git history after it is deleted. A fallback secret is worse than none: when the
    /// variable is missing in production the app keeps running, signing sessions or
    /// accepting webhooks with a value anyone can read.
    ///
    /// ## How to fix
    /// Revoke and rotate the key with the provider first: deleting the line does not
    /// remove it from history. Then read it from the environment or a secret manager, and
    /// fail at start-up when a required secret is missing instead of falling back.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// const stripe = new Stripe('sk_live_51Hx…');
    /// const secret = process.env.JWT_SECRET || 'superSecret';
    /// // fixed
    /// const stripe = new Stripe(env.STRIPE_SECRET_KEY); // validated at start-up
    /// ```
    pub struct Hardcoded {
        id: "secrets/hardcoded",
        category: Config,
        severity: Critical,
        effort: Medium,
        summary: "live-looking keys in source, and hard-coded fallbacks for secrets",
        problem: "a live-looking secret is in the source",
    }
}

impl Rule for Hardcoded {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let mut findings = Vec::new();
        for leak in model.secrets.iter().filter(|l| !l.in_test) {
            let path = model.path(leak.at.file);
            findings.push(finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "{} `{}` is committed in `{}`",
                    leak.kind.describe(),
                    leak.redacted,
                    path
                ),
                Some(leak.at),
                format!("{path} {}", leak.redacted),
                "Revoke and rotate this key with the provider now (it stays in git history), then load it from the environment or a secret manager.".into(),
            ));
        }
        for f in &model.secret_fallbacks {
            findings.push(finding(
                &Self::META,
                Severity::High,
                format!(
                    "`{}` falls back to the literal `{}` when unset: a deployment missing the variable signs and verifies with a value anyone with the code knows",
                    f.env, f.value
                ),
                Some(f.at),
                format!("{} {}", model.path(f.at.file), f.env),
                format!(
                    "Remove the fallback and fail at start-up when `{}` is missing (validate env with a schema).",
                    f.env
                ),
            ));
        }
        let in_tests = model.secrets.iter().filter(|l| l.in_test).count();
        let pass = if in_tests > 0 {
            format!(
                "no live-looking keys outside tests and examples ({in_tests} in test or example files left out)"
            )
        } else {
            "no live-looking keys or hard-coded secret fallbacks".to_string()
        };
        Outcome::from_findings(findings, pass)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::Hardcoded::META.id);
    }
}
