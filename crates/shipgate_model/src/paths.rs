//! Which files are tests, fixtures, mocks and end-to-end suites: one answer that extract,
//! rules and report share, so "is this a test file?" never has two replies.

/// Test, fixture and end-to-end files: never part of the deployed app's surface.
/// Directories of sample apps and test fixtures: code that ships with the repository but
/// is not the product, so an audit leaves them out unless `include` asks for them.
pub fn is_not_product_dir(name: &str) -> bool {
    matches!(
        name,
        "examples" | "example" | "fixtures" | "__fixtures__" | "test-fixtures"
    )
}

/// A directory name a documentation site lives under: `docs`, `doc`, `documentation`,
/// `website`, `docs-site`, `api-docs`. Only a docs framework in its package.json makes
/// it one (see the walker).
pub fn is_docs_dir_name(name: &str) -> bool {
    matches!(name, "docs" | "doc" | "documentation" | "website" | "site")
        || name.starts_with("docs-")
        || name.ends_with("-docs")
}

pub fn is_test_path(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.contains(".test.")
        || name.contains(".spec.")
        || name.contains(".e2e.")
        || [
            "playwright.config.",
            "vitest.config.",
            "vitest.setup.",
            "vitest.workspace.",
            "jest.config.",
            "jest.setup.",
            "cypress.config.",
        ]
        .iter()
        .any(|p| name.starts_with(p))
        || path.split('/').any(|seg| {
            matches!(
                seg,
                "__tests__"
                    | "__mocks__"
                    | "test"
                    | "tests"
                    | "e2e"
                    | "cypress"
                    | "playwright"
                    | "__fixtures__"
                    | "fixtures"
            )
        })
}

const CODE_EXT: &[&str] = &[".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];

/// What kind of test a path holds, if it is one: `unit` (`*.test.ts`, `__tests__/`) or
/// `e2e` (Playwright, Cypress, `e2e/` folders). Fixtures and mocks are not tests.
pub fn test_kind(path: &str) -> Option<&'static str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tests_fixtures_and_suites() {
        assert!(is_test_path("src/lib/auth.test.ts"));
        assert!(is_test_path("apps/web/__tests__/page.tsx"));
        assert!(is_test_path("e2e/sign-in.spec.ts"));
        assert!(is_test_path("packages/db/fixtures/seed.ts"));
        assert!(is_test_path("vitest.config.ts"));
        assert!(!is_test_path("app/api/testimonials/route.ts"));
        assert!(!is_test_path("src/lib/contest.ts"));
        assert_eq!(test_kind("src/lib/auth.test.ts"), Some("unit"));
        assert_eq!(test_kind("e2e/sign-in.spec.ts"), Some("e2e"));
        assert_eq!(test_kind("tests/fixtures/a.test.ts"), None);
        assert_eq!(test_kind("README.md"), None);
    }
}
