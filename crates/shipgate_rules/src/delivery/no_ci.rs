//! delivery/no-ci: no CI pipeline, or one that never runs the tests.

use super::{ci_files, repo_loc, test_files};
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Loc, RuleMeta, Span};

declare_rule! {
    /// ## What it checks
    /// Whether the repository has a CI pipeline (GitHub Actions workflows, GitLab CI,
    /// CircleCI, Bitbucket Pipelines, Azure Pipelines, Buildkite, Jenkins) and, when it
    /// has tests, whether a pipeline runs them: a test runner called directly (`vitest`,
    /// `jest`, `playwright test`, `cypress run`...), a `test` script
    /// (`pnpm test`, `npm run test:unit`, `turbo run test`), or a script whose command
    /// runs one.
    ///
    /// ## Why it matters
    /// Without CI nothing stops a change that breaks the build or the tests from being
    /// merged and deployed. A pipeline that only lints and builds gives the same false
    /// comfort: the tests exist but nobody runs them.
    ///
    /// ## How to fix
    /// Add a workflow that installs with the lockfile and runs the tests on every pull
    /// request, and make it a required check on the main branch.
    ///
    /// ## Example
    /// ```yaml
    /// # .github/workflows/ci.yml
    /// on: [pull_request]
    /// jobs:
    ///   test:
    ///     runs-on: ubuntu-latest
    ///     steps:
    ///       - uses: actions/checkout@v4
    ///       - uses: actions/setup-node@v4
    ///       - run: npm ci && npm test
    /// ```
    pub struct NoCi {
        id: "delivery/no-ci",
        category: Delivery,
        severity: Medium,
        effort: Small,
        summary: "no CI workflow",
        problem: "nothing checks a change before it ships",
    }
}

/// A command line that runs a test runner by name.
fn runner_call(line: &str) -> bool {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '&' | ';' | '|'))
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    has("vitest")
        || has("jest")
        || has("mocha")
        || has("ava")
        || line.contains("playwright test")
        || line.contains("cypress run")
        || line.contains("cypress-io/github-action")
        || line.contains("node --test")
        || line.contains("bun test")
        || line.contains("deno test")
        || line.contains("pytest")
        || line.contains("go test")
        || line.contains("cargo test")
        || line.contains("make test")
        // `turbo run test`, `nx affected -t test`, `pnpm -r test`.
        || (has("turbo") || has("nx") || has("-r") || has("--recursive") || has("lerna"))
            && words.iter().any(|w| *w == "test" || w.starts_with("test:"))
}

/// Package scripts a command line invokes: `npm run ci`, `pnpm test:unit`, `yarn check`.
fn scripts_called(line: &str) -> Vec<&str> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if !matches!(*w, "npm" | "pnpm" | "yarn" | "bun") {
            continue;
        }
        let mut j = i + 1;
        let mut run = false;
        while words
            .get(j)
            .is_some_and(|x| x.starts_with('-') || *x == "run" || x.starts_with("--filter"))
        {
            run |= words[j] == "run";
            j += 1;
        }
        if let Some(name) = words.get(j) {
            let name = name.trim_matches(|c: char| matches!(c, '"' | '\'' | ';' | '&'));
            // `npm ci`, `pnpm install`: package-manager commands, unless after `run`.
            if run
                || !matches!(
                    name,
                    "ci" | "install" | "i" | "add" | "exec" | "dlx" | "x" | "audit"
                )
            {
                out.push(name);
            }
        }
    }
    out
}

/// Whether a pipeline's text runs tests, directly or through package scripts (one level).
fn runs_tests(model: &AppModel, text: &str) -> bool {
    let script = |name: &str| {
        model
            .packages
            .iter()
            .flat_map(|p| p.scripts.iter())
            .filter(|(n, _)| n == name)
            .map(|(_, c)| c.as_str())
            .collect::<Vec<_>>()
    };
    text.lines().any(|line| {
        let line = line.trim();
        runner_call(line)
            || scripts_called(line).iter().any(|name| {
                name.starts_with("test")
                    || script(name).iter().any(|cmd| {
                        runner_call(cmd)
                            || scripts_called(cmd).iter().any(|n| n.starts_with("test"))
                    })
            })
    })
}

fn test_count(n: usize) -> String {
    if n == 1 {
        "1 test file".to_string()
    } else {
        format!("{n} test files")
    }
}

impl Rule for NoCi {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.files.is_empty() {
            return Outcome::not_applicable("nothing to build");
        }
        let pipelines = ci_files(model);
        let (unit, e2e) = test_files(model);
        let tests = unit.len() + e2e.len();
        if pipelines.is_empty() {
            let has_tests = if tests > 0 {
                format!(": the {} never run automatically", test_count(tests))
            } else {
                String::new()
            };
            return Outcome::from_findings(
                vec![finding(
                    &Self::META,
                    Self::META.severity,
                    format!(
                        "No CI pipeline (no .github/workflows, .gitlab-ci.yml, CircleCI or other){has_tests}; nothing checks a change before it is merged and deployed"
                    ),
                    repo_loc(model),
                    "repo".into(),
                    "Add a workflow that installs with the lockfile and runs the build and tests on every pull request; make it a required check.".to_string(),
                )],
                "",
            );
        }
        let names: Vec<&str> = pipelines.iter().map(|(p, _)| *p).collect();
        if tests == 0 {
            return Outcome::from_findings(Vec::new(), format!("CI: {}", names.join(", ")));
        }
        if let Some((p, _)) = pipelines.iter().find(|(_, t)| runs_tests(model, t)) {
            return Outcome::from_findings(Vec::new(), format!("`{p}` runs the tests"));
        }
        let first = pipelines[0].0;
        let at = model
            .find_file(first)
            .map(|f| Loc::new(f, Span::new(0, 0)))
            .or_else(|| repo_loc(model));
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "CI ({}) never runs the {}: no step calls a test runner or a `test` script",
                    names.join(", "),
                    test_count(tests)
                ),
                at,
                "repo ci".into(),
                "Add a step that runs the tests (`npm test`, `pnpm vitest run`, `npx playwright test`) on every pull request.".to_string(),
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{runner_call, scripts_called};

    #[test]
    fn test_commands() {
        assert!(runner_call("run: pnpm vitest run"));
        assert!(runner_call("run: npx playwright test --project=chromium"));
        assert!(runner_call("run: pnpm turbo run test --filter=web"));
        assert!(!runner_call("run: pnpm lint && pnpm build"));
        assert_eq!(scripts_called("run: pnpm run test:unit"), vec!["test:unit"]);
        assert_eq!(
            scripts_called("run: npm ci && npm run check"),
            vec!["check"]
        );
    }

    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoCi::META.id);
    }
}
