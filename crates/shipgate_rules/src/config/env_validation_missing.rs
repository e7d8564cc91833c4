//! config/env-validation-missing: an app that reads its configuration from the
//! environment without validating it anywhere.

use super::app_env_names;
use crate::util::{backticked, finding};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Apps that read three or more of their own env vars (platform-provided ones such as
    /// `NODE_ENV` and `VERCEL_URL` do not count) and validate none of them against a
    /// schema: no t3-env `createEnv`, no zod/valibot/yup `parse(process.env)`, no envalid
    /// `cleanEnv`.
    ///
    /// ## Why it matters
    /// A missing or misspelled variable then shows up as `undefined` deep inside a
    /// request: a Stripe call with no key, a database URL of `"undefined"`, a webhook
    /// secret that makes every signature check fail. Validation at start-up turns that
    /// into one clear error before the deployment goes live.
    ///
    /// ## How to fix
    /// Declare the variables once with a schema and import the result everywhere
    /// instead of `process.env`; with t3-env, import the env module from
    /// `next.config` so the build fails when one is missing.
    ///
    /// ## Example
    /// ```ts
    /// // src/env.ts
    /// export const env = createEnv({
    ///   server: { DATABASE_URL: z.string().url(), STRIPE_SECRET_KEY: z.string().startsWith("sk_") },
    ///   runtimeEnv: process.env,
    /// });
    /// ```
    pub struct EnvValidationMissing {
        id: "config/env-validation-missing",
        category: Config,
        severity: Medium,
        effort: Medium,
        summary: "no env schema validation",
        problem: "a missing setting shows up only when a request fails",
    }
}

impl Rule for EnvValidationMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let names = app_env_names(model);
        if names.len() < 3 {
            return Outcome::not_applicable("the app reads fewer than three env vars");
        }
        if let Some(s) = model.env_schemas.first() {
            return Outcome::from_findings(
                Vec::new(),
                format!("env validated with {} at {}", s.kind, model.describe(s.at)),
            );
        }
        let listed: Vec<String> = names.iter().take(10).map(|(n, _)| n.to_string()).collect();
        let more = names.len().saturating_sub(10);
        let first = names[0].1;
        let f = finding(
            &Self::META,
            Self::META.severity,
            format!(
                "{} env vars are read ({}{}) and none is validated: a missing one surfaces as `undefined` inside a request instead of failing the deployment",
                names.len(),
                backticked(&listed),
                if more > 0 { format!(" and {more} more") } else { String::new() }
            ),
            Some(first),
            "repo".into(),
            "Validate the environment once with a schema (t3-env `createEnv`, zod `parse(process.env)`, envalid) and import the validated object instead of reading `process.env`.".into(),
        );
        Outcome::from_findings(vec![f], "")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::EnvValidationMissing::META.id);
    }
}
