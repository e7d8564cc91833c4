//! hygiene/todo: TODO, FIXME, HACK and XXX markers in the app's source, counted.

use super::{tally, top_files};
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Counts `TODO`, `FIXME`, `HACK` and `XXX` markers in comments of the app's own
    /// JS/TS source (tests, fixtures, mocks, generated code and declarations left out),
    /// and reports one finding with the total and the files that have the most.
    ///
    /// ## Why it matters
    /// Each marker is a known gap someone meant to close. Before a launch the ones in
    /// auth, billing and data paths deserve a look: "TODO: check ownership" is a bug
    /// report written by the author.
    ///
    /// ## How to fix
    /// Read the markers in the listed files, turn the real ones into issues, fix those
    /// on sensitive paths before launch, and delete the stale ones.
    ///
    /// ## Example
    /// ```ts
    /// // TODO: verify the user owns this project   <- flagged; fix it or file it
    /// ```
    pub struct Todo {
        id: "hygiene/todo",
        category: Product,
        severity: Info,
        effort: Medium,
        summary: "TODO/FIXME/HACK markers (count)",
        problem: "unfinished work is marked in the code",
    }
}

/// Markers in a line's comment part: `// TODO`, `/* FIXME:`, `* HACK`.
fn markers(line: &str) -> usize {
    let Some(idx) = line.find("//").or_else(|| line.find("/*")).or_else(|| {
        let t = line.trim_start();
        t.starts_with('*').then(|| line.len() - t.len())
    }) else {
        return 0;
    };
    let comment = &line[idx..];
    ["TODO", "FIXME", "HACK", "XXX"]
        .iter()
        .filter(|m| {
            comment.match_indices(*m).any(|(i, _)| {
                let before = comment[..i].chars().next_back();
                let after = comment[i + m.len()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_alphanumeric())
                    && !after.is_some_and(|c| c.is_ascii_alphanumeric())
            })
        })
        .count()
}

impl Rule for Todo {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let t = tally(model, &["TODO", "FIXME", "HACK", "XXX"], markers);
        if t.files.is_empty() {
            return Outcome::from_findings(
                Vec::new(),
                "no TODO/FIXME/HACK markers in the app's source",
            );
        }
        let at = t.files[0].2;
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "{} TODO/FIXME/HACK markers in {}; most in {}",
                    t.total,
                    super::files_word(t.files.len()),
                    top_files(model, &t, 5)
                ),
                Some(at),
                "repo todo".into(),
                "Review the markers in the listed files: fix the ones on auth, billing and data paths before launch, file the rest as issues, delete the stale ones.".to_string(),
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::markers;

    #[test]
    fn counts_markers_in_comments_only() {
        assert_eq!(markers("  // TODO: check ownership"), 1);
        assert_eq!(markers("/* FIXME and HACK */"), 2);
        assert_eq!(markers("   * XXX remove"), 1);
        assert_eq!(markers("const todoList = ['TODO'];"), 0);
        assert_eq!(markers("// TODOS are fine"), 0);
    }

    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::Todo::META.id);
    }
}
