//! hygiene/type-escape: `as any`, `@ts-ignore` and `@ts-expect-error` in the app's
//! TypeScript, counted.

use super::{tally, top_files};
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Counts the places the app's own TypeScript switches the type checker off:
    /// `as any` casts, `@ts-ignore` and `@ts-expect-error` comments (tests, fixtures,
    /// generated code and declarations left out). One finding per kind, with the total
    /// and the files that have the most.
    ///
    /// ## Why it matters
    /// Each escape is a spot where the compiler no longer catches a wrong shape: a
    /// request body cast to `any` flows into a query unchecked, and an ignored error
    /// hides the next breaking change in a dependency.
    ///
    /// ## How to fix
    /// Replace casts with a schema parse (`zod`) or a real type, and each ignore with a
    /// fix; where an escape must stay, prefer `@ts-expect-error` with a reason.
    ///
    /// ## Example
    /// ```ts
    /// const body = (await req.json()) as any;          // flagged
    /// const body = CreateDeal.parse(await req.json()); // fixed
    /// ```
    pub struct TypeEscape {
        id: "hygiene/type-escape",
        category: Product,
        severity: Low,
        effort: Large,
        summary: "`as any`, @ts-ignore, @ts-expect-error (count)",
        problem: "type checks are switched off in places",
    }
}

fn as_any(line: &str) -> usize {
    line.match_indices("as any")
        .filter(|(i, _)| {
            let after = line[i + 6..].chars().next();
            let before = line[..*i].chars().next_back();
            !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                && before.is_some_and(|c| c == ' ' || c == ')' || c == '(')
        })
        .count()
}

/// What is counted: its name, the text that must be present, the counter, the entity.
type Kind = (
    &'static str,
    &'static [&'static str],
    fn(&str) -> usize,
    &'static str,
);

fn ignores(line: &str) -> usize {
    line.matches("@ts-ignore").count() + line.matches("@ts-expect-error").count()
}

impl Rule for TypeEscape {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let ts = model
            .files
            .iter()
            .any(|f| f.path.ends_with(".ts") || f.path.ends_with(".tsx"));
        if !ts {
            return Outcome::not_applicable("no TypeScript source");
        }
        let mut findings = Vec::new();
        let kinds: [Kind; 2] = [
            ("`as any` casts", &["as any"], as_any, "repo as-any"),
            (
                "`@ts-ignore` / `@ts-expect-error` comments",
                &["@ts-ignore", "@ts-expect-error"],
                ignores,
                "repo ts-ignore",
            ),
        ];
        for (kind, needles, count, entity) in kinds {
            let t = tally(model, needles, count);
            if t.files.is_empty() {
                continue;
            }
            findings.push(finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "{} {kind} in {}; most in {}",
                    t.total,
                    super::files_word(t.files.len()),
                    top_files(model, &t, 5)
                ),
                Some(t.files[0].2),
                entity.into(),
                "Replace casts with a schema parse or a real type and fix what the ignores hide, starting with request handlers and data access.".to_string(),
            ));
        }
        Outcome::from_findings(findings, "no `as any` or `@ts-ignore` in the app's source")
    }
}

#[cfg(test)]
mod tests {
    use super::as_any;

    #[test]
    fn finds_casts_not_words() {
        assert_eq!(as_any("const b = (await req.json()) as any;"), 1);
        assert_eq!(as_any("x as any as Foo"), 1);
        assert_eq!(as_any("has anything"), 0);
        assert_eq!(as_any("as anyOf"), 0);
    }

    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::TypeEscape::META.id);
    }
}
