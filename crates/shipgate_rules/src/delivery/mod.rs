//! Delivery rules: tests, CI, lockfiles and dependency updates, read from the file tree
//! and the package manifests.

pub mod no_ci;
pub mod no_dependency_updates;
pub mod no_lockfile;
pub mod no_tenant_isolation_tests;
pub mod no_tests;

use shipgate_model::paths::test_kind;
use shipgate_model::{AppModel, FileId, Loc, Span};

/// Test files in the tree, by kind.
pub(crate) fn test_files(model: &AppModel) -> (Vec<&str>, Vec<&str>) {
    let mut unit = Vec::new();
    let mut e2e = Vec::new();
    for p in &model.all_paths {
        match test_kind(p) {
            Some("unit") => unit.push(p.as_str()),
            Some(_) => e2e.push(p.as_str()),
            None => {}
        }
    }
    (unit, e2e)
}

/// Test runners the packages depend on or their scripts call, sorted.
pub(crate) fn test_runners(model: &AppModel) -> Vec<&'static str> {
    const RUNNERS: &[(&str, &str)] = &[
        ("vitest", "vitest"),
        ("jest", "jest"),
        ("mocha", "mocha"),
        ("ava", "ava"),
        ("@playwright/test", "playwright"),
        ("playwright", "playwright"),
        ("cypress", "cypress"),
        ("uvu", "uvu"),
        ("tap", "tap"),
        ("jasmine", "jasmine"),
        ("karma", "karma"),
        ("@japa/runner", "japa"),
    ];
    let mut out: Vec<&'static str> = RUNNERS
        .iter()
        .filter(|(dep, _)| {
            model
                .packages
                .iter()
                .any(|p| p.deps.iter().any(|d| d == dep))
        })
        .map(|(_, name)| *name)
        .collect();
    for p in &model.packages {
        for (_, cmd) in &p.scripts {
            if cmd.contains("node --test") {
                out.push("node --test");
            }
            if cmd.contains("bun test") {
                out.push("bun test");
            }
            if cmd.contains("deno test") {
                out.push("deno test");
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Where a repository-level finding points: the root `package.json`, else the shallowest
/// one, else nowhere in particular.
pub(crate) fn repo_loc(model: &AppModel) -> Option<Loc> {
    let shallowest = || {
        model
            .packages
            .iter()
            .min_by_key(|p| (p.dir.matches('/').count(), p.dir.len(), p.dir.as_str()))
            .map(|p| p.file)
    };
    model
        .package_json
        .or_else(shallowest)
        .map(|f: FileId| Loc::new(f, Span::new(0, 0)))
}

/// CI pipeline definitions the model holds the text of.
pub(crate) fn ci_files(model: &AppModel) -> Vec<(&str, &str)> {
    model
        .files
        .iter()
        .filter(|f| shipgate_model::is_ci_pipeline(&f.path))
        .map(|f| (f.path.as_str(), &*f.text))
        .collect()
}
