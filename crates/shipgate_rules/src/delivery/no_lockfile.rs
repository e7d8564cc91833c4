//! delivery/no-lockfile: JavaScript packages installed without a lockfile.

use super::repo_loc;
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Whether the repository has a package lockfile at its root or next to a
    /// `package.json`: `package-lock.json`, `npm-shrinkwrap.json`, `yarn.lock`,
    /// `pnpm-lock.yaml`, `bun.lock` or `bun.lockb`.
    ///
    /// ## Why it matters
    /// Without a lockfile every install resolves version ranges again: production runs
    /// dependency versions nobody tested, builds differ from one day to the next, and a
    /// compromised patch release is picked up automatically.
    ///
    /// ## How to fix
    /// Commit the lockfile your package manager writes, and install with
    /// `npm ci` / `pnpm install --frozen-lockfile` / `yarn install --immutable` in CI and
    /// deployments.
    ///
    /// ## Example
    /// ```sh
    /// npm install && git add package-lock.json
    /// ```
    pub struct NoLockfile {
        id: "delivery/no-lockfile",
        category: Delivery,
        severity: Medium,
        effort: Small,
        summary: "no package lockfile",
        problem: "every install may resolve different dependency versions",
    }
}

const LOCKFILES: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    "bun.lockb",
];

impl Rule for NoLockfile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.packages.is_empty() {
            return Outcome::not_applicable("no package.json: not a JavaScript project");
        }
        let dirs: Vec<&str> = model.packages.iter().map(|p| p.dir.as_str()).collect();
        let found = model.all_paths.iter().find(|p| {
            let (dir, name) = p.rsplit_once('/').unwrap_or(("", p));
            LOCKFILES.contains(&name) && (dir.is_empty() || dirs.contains(&dir))
        });
        if let Some(lock) = found {
            return Outcome::from_findings(Vec::new(), format!("`{lock}` is committed"));
        }
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                Self::META.severity,
                "No lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock, bun.lock): every install resolves dependency versions again, so production can run versions nobody tested".to_string(),
                repo_loc(model),
                "repo".into(),
                "Commit the lockfile your package manager writes, and install with `npm ci` / `pnpm install --frozen-lockfile` in CI and deployments.".to_string(),
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoLockfile::META.id);
    }
}
