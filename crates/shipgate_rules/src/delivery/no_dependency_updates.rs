//! delivery/no-dependency-updates: no Dependabot or Renovate configuration.

use super::repo_loc;
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Whether the repository configures automated dependency updates:
    /// `.github/dependabot.yml`, or Renovate (`renovate.json`, `renovate.json5`,
    /// `.renovaterc`, `.github/renovate.json`).
    ///
    /// ## Why it matters
    /// Security fixes in dependencies (Next.js middleware bypasses, auth library
    /// advisories) only help if someone upgrades. Without a bot, upgrades happen when
    /// someone remembers, usually long after the advisory.
    ///
    /// ## How to fix
    /// Add `.github/dependabot.yml` with an `npm` ecosystem entry (weekly is enough), or
    /// install Renovate; group minor updates so the pull requests stay few.
    ///
    /// ## Example
    /// ```yaml
    /// version: 2
    /// updates:
    ///   - package-ecosystem: npm
    ///     directory: /
    ///     schedule: { interval: weekly }
    /// ```
    pub struct NoDependencyUpdates {
        id: "delivery/no-dependency-updates",
        category: Delivery,
        severity: Low,
        effort: Small,
        summary: "no Dependabot/Renovate config",
        problem: "dependency security fixes arrive only by hand",
    }
}

fn is_update_config(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(
        path,
        ".github/dependabot.yml"
            | ".github/dependabot.yaml"
            | ".github/renovate.json"
            | ".github/renovate.json5"
    ) || !path.contains('/')
        && matches!(
            name,
            "renovate.json" | "renovate.json5" | ".renovaterc" | ".renovaterc.json"
        )
}

impl Rule for NoDependencyUpdates {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.packages.is_empty() {
            return Outcome::not_applicable("no package.json: not a JavaScript project");
        }
        if let Some(p) = model.all_paths.iter().find(|p| is_update_config(p)) {
            return Outcome::from_findings(
                Vec::new(),
                format!("dependency updates configured in `{p}`"),
            );
        }
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                Self::META.severity,
                "No Dependabot or Renovate configuration: dependency security fixes arrive only when someone upgrades by hand".to_string(),
                repo_loc(model),
                "repo".into(),
                "Add `.github/dependabot.yml` with an `npm` entry on a weekly schedule, or install Renovate.".to_string(),
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoDependencyUpdates::META.id);
    }
}
