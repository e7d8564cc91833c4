//! config/env-validation-not-called: an env validation that nothing runs.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Env validations (t3-env `createEnv`, `schema.parse(process.env)`, envalid
    /// `cleanEnv`) that never run: a `validateEnv()` function that no code calls, or a
    /// module validating at load time that no file imports. Test code does not count as
    /// a caller.
    ///
    /// ## Why it matters
    /// A validation that never runs gives the confidence of a check without the check.
    /// The app boots with a missing secret and fails on the first request that needs it,
    /// which is what the validation was written to prevent.
    ///
    /// ## How to fix
    /// Run it at start-up: import the env module from `next.config` or
    /// `instrumentation.ts`, call `validateEnv()` first thing in the server entry, and
    /// read variables from its result instead of `process.env`.
    ///
    /// ## Example
    /// ```ts
    /// // lib/env.ts: flagged, nothing calls it
    /// export function validateEnv() { return envSchema.parse(process.env); }
    /// // instrumentation.ts: fixed
    /// export async function register() { (await import("./lib/env")).validateEnv(); }
    /// ```
    pub struct EnvValidationNotCalled {
        id: "config/env-validation-not-called",
        category: Config,
        severity: High,
        effort: Small,
        summary: "an env validation function or module that nothing runs at start-up",
        problem: "the settings check exists but never runs",
    }
}

impl Rule for EnvValidationNotCalled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.env_schemas.is_empty() {
            return Outcome::not_applicable("no env validation in the code");
        }
        let mut findings = Vec::new();
        let mut runs = Vec::new();
        for s in &model.env_schemas {
            let path = model.path(s.at.file);
            match (&s.runs_from, &s.function) {
                (Some(by), Some(f)) => runs.push(format!("`{f}()` called from `{by}`")),
                (Some(by), None) => runs.push(format!("`{path}` imported by `{by}`")),
                (None, Some(f)) => findings.push(finding(
                    &Self::META,
                    Self::META.severity,
                    format!(
                        "`{f}()` validates the environment with {} but nothing calls it: the app starts with whatever is set",
                        s.kind
                    ),
                    Some(s.at),
                    format!("{path} {f}"),
                    format!("Call `{f}()` at start-up (in `instrumentation.ts` `register()`, `next.config`, or first thing in the server entry)."),
                )),
                (None, None) => findings.push(finding(
                    &Self::META,
                    Self::META.severity,
                    format!(
                        "`{path}` validates the environment with {} when loaded, but no file imports it",
                        s.kind
                    ),
                    Some(s.at),
                    path.to_string(),
                    format!("Import `{path}` from `next.config` or the server entry so the check runs at start-up, and read variables from it."),
                )),
            }
        }
        Outcome::from_findings(findings, runs.join(", "))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::EnvValidationNotCalled::META.id);
    }
}
