//! api/mock-in-production: fake ids or mock responses returned when configuration is
//! missing (or a mock flag is set), in code that ships.

use crate::util::{excerpt, finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Branches whose condition reads an env var and that return mock-looking data: a
    /// string or template starting a word with `mock`, `fake`, `dummy` or `stub`
    /// (`` `mock-${uuid()}` ``, `'fake_session'`), a `mockData` / `getFakeUser()` value,
    /// or an object or response holding one. `if (!process.env.KEY) return …`,
    /// `process.env.KEY ? await real() : MOCK_RESPONSE`, and conditions on locals bound
    /// to env reads (`const missing = keys.filter((k) => !process.env[k])`) are read.
    /// Conditions on `NODE_ENV`, `VERCEL_ENV` and similar (development and test only) are
    /// left out, and so are tests, mocks, stories, fixtures, seeds and scripts. When the
    /// env var is a mock switch (`USE_MOCKS`), the finding is medium.
    ///
    /// ## Why it matters
    /// In production a missing or misspelled setting then looks like success: calls are
    /// "placed", payments "created" and e-mails "sent" with fake ids, users and the
    /// database record them, and nothing alerts anyone until a customer complains.
    ///
    /// ## How to fix
    /// Fail loudly when configuration is missing: throw (or return a 5xx) and validate
    /// env at start-up. Keep mocks in tests, or behind `NODE_ENV !== 'production'`.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// if (!process.env.SIGNALWIRE_TOKEN) return `mock-${crypto.randomUUID()}`;
    /// // fixed
    /// if (!process.env.SIGNALWIRE_TOKEN) throw new Error('SIGNALWIRE_TOKEN is not set');
    /// ```
    pub struct MockInProduction {
        id: "api/mock-in-production",
        category: Api,
        severity: Critical,
        effort: Small,
        summary: "a production code path that returns fake/mock data when configuration is missing instead of failing",
        problem: "a missing setting makes it serve fake data instead of failing",
    }
}

impl Rule for MockInProduction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let mut findings = Vec::new();
        for m in &model.mock_fallbacks {
            let value = excerpt(model, m.at, 60);
            let names: Vec<String> = m
                .env
                .iter()
                .filter(|n| *n != "?")
                .map(|n| format!("`{n}`"))
                .collect();
            let env = match names.as_slice() {
                [] => "an env var".to_string(),
                [one] => one.clone(),
                [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
            };
            let value = if value.contains('`') {
                value
            } else {
                format!("`{value}`")
            };
            let (severity, message) = if m.flag {
                (
                    Severity::Medium,
                    format!(
                        "mock data ({value}) is returned when the env var {env} is set: one setting copied to production serves fake results there"
                    ),
                )
            } else {
                (
                    Self::META.severity,
                    format!(
                        "mock data ({value}) is returned when {env} is missing, instead of failing: in production a missing setting looks like success"
                    ),
                )
            };
            let mut f = finding(
                &Self::META,
                severity,
                message,
                Some(m.at),
                format!("mock {} {}", model.path(m.at.file), m.env.join(",")),
                "Throw (or return a 5xx) when configuration is missing and validate env at start-up; keep mocks in tests or behind `NODE_ENV !== 'production'`.".to_string(),
            );
            f.related
                .push(related(m.condition, "the condition that picks it"));
            findings.push(f);
        }
        Outcome::from_findings(
            findings,
            "no mock data is returned on a branch that depends on configuration",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::MockInProduction::META.id);
    }
}
