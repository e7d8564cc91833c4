//! delivery/no-tests: a repository with no test files, or with no runner to run them.

use super::{repo_loc, test_files, test_runners};
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Counts test files (`*.test.*`, `*.spec.*`, `__tests__/`, Cypress `*.cy.*`, and
    /// files under `e2e/`, `cypress/` or `playwright/`; fixtures and mocks do not count)
    /// and looks for a test runner in the package manifests (Vitest, Jest, Mocha, AVA,
    /// Playwright, Cypress, uvu, tap, Jasmine, Karma, `node --test`, `bun test`). It
    /// reports when there are no test files, or test files but nothing to run them, and
    /// says how many of each kind it found.
    ///
    /// ## Why it matters
    /// Without tests every change is verified by hand, or by users in production. The
    /// checks that matter most for a SaaS (sign-in, who can see whose data, billing
    /// webhooks) break silently in refactors.
    ///
    /// ## How to fix
    /// Add a runner (`vitest` for unit tests, `@playwright/test` for end-to-end), a
    /// `test` script, and start with the paths that move money or guard data: the
    /// webhook handlers, the auth checks, tenant isolation.
    ///
    /// ## Example
    /// ```json
    /// { "scripts": { "test": "vitest run", "test:e2e": "playwright test" },
    ///   "devDependencies": { "vitest": "^2.1.0", "@playwright/test": "^1.49.0" } }
    /// ```
    pub struct NoTests {
        id: "delivery/no-tests",
        category: Delivery,
        severity: High,
        effort: Large,
        summary: "no test files or test runner",
        problem: "nothing tests the code",
    }
}

impl Rule for NoTests {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.packages.is_empty() {
            return Outcome::not_applicable("no package.json: not a JavaScript project");
        }
        let (unit, e2e) = test_files(model);
        let runners = test_runners(model);
        let count = format!(
            "{} unit and {} end-to-end test files",
            unit.len(),
            e2e.len()
        );
        let fix = "Add a runner (`vitest`, `@playwright/test`) and a `test` script, and cover the paths that guard data and move money first: auth checks, tenant isolation, billing webhooks.".to_string();
        let message = match (unit.len() + e2e.len(), runners.is_empty()) {
            (0, true) => {
                "The repository has no tests: no test files and no test runner".to_string()
            }
            (0, false) => format!(
                "A test runner is installed (`{}`) but the repository has no test files",
                runners.join("`, `")
            ),
            (_, true) => format!(
                "The repository has {count} but no test runner in any package.json (no Vitest, Jest, Playwright...): nothing runs them"
            ),
            (_, false) => {
                return Outcome::from_findings(
                    Vec::new(),
                    format!("{count}, run by {}", runners.join(", ")),
                );
            }
        };
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                Self::META.severity,
                message,
                repo_loc(model),
                "repo".into(),
                fix,
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    use shipgate_model::paths::test_kind;

    #[test]
    fn test_kinds() {
        assert_eq!(test_kind("src/lib/auth.test.ts"), Some("unit"));
        assert_eq!(test_kind("src/__tests__/billing.ts"), Some("unit"));
        assert_eq!(test_kind("e2e/sign-in.spec.ts"), Some("e2e"));
        assert_eq!(test_kind("cypress/e2e/login.cy.ts"), Some("e2e"));
        assert_eq!(test_kind("tests/fixtures/app/page.test.tsx"), None);
        assert_eq!(test_kind("src/lib/auth.ts"), None);
        assert_eq!(test_kind("docs/testing.md"), None);
    }

    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoTests::META.id);
    }
}
