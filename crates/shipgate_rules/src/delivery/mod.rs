//! Delivery rules: tests, CI, lockfiles and dependency updates, read from the file tree
//! and the package manifests.

pub mod no_ci;
pub mod no_dependency_updates;
pub mod no_lockfile;
pub mod no_tenant_isolation_tests;
pub mod no_tests;

use shipgate_model::{AppModel, FileId, Loc, Span};

const CODE_EXT: &[&str] = &[".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];

/// What kind of test a path holds, if it is one: `unit` (`*.test.ts`, `__tests__/`) or
/// `e2e` (Playwright, Cypress, `e2e/` folders). Fixtures and mocks are not tests.
pub(crate) fn test_kind(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    if !CODE_EXT.iter().any(|e| lower.ends_with(e)) {
        return None;
    }
    let dirs: Vec<&str> = lower.split('/').collect();
    let name = *dirs.last()?;
    let in_dir = |d: &str| dirs[..dirs.len() - 1].contains(&d);
    if [
        "fixtures",
        "__fixtures__",
        "__mocks__",
        "mocks",
        "node_modules",
    ]
    .iter()
    .any(|d| in_dir(d))
    {
        return None;
    }
    let e2e = in_dir("e2e") || in_dir("cypress") || in_dir("playwright") || name.contains(".e2e.");
    let named = name.contains(".test.") || name.contains(".spec.") || name.contains(".cy.");
    if e2e && (named || in_dir("e2e") && !name.ends_with(".config.ts")) {
        return Some("e2e");
    }
    if named || in_dir("__tests__") {
        return Some("unit");
    }
    None
}

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
