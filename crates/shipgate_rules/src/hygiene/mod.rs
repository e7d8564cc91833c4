//! Hygiene rules: markers and type escapes, counted across the app's own source and
//! reported once per kind with the files that have the most.

pub mod todo;
pub mod type_escape;

use shipgate_model::paths::test_kind;
use shipgate_model::{AppModel, FileId, Loc, Span};

/// The app's own JS/TS source: no tests, fixtures, mocks, declarations or generated code.
fn own_source(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let code = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs"]
        .iter()
        .any(|e| lower.ends_with(e));
    code && !lower.ends_with(".d.ts")
        && test_kind(path).is_none()
        && ![
            "/fixtures/",
            "/__mocks__/",
            "/mocks/",
            "/generated/",
            "/__generated__/",
            "/gen/",
            "/migrations/",
            "/vendor/",
            "/public/",
        ]
        .iter()
        .any(|d| lower.contains(d) || lower.starts_with(&d[1..]))
        && !lower.contains(".generated.")
        && !lower.contains(".min.")
}

/// Per-file counts of lines a matcher accepts, with the first hit of each file; files
/// sorted by count (most first), then path.
pub(crate) struct Tally {
    pub total: usize,
    pub files: Vec<(FileId, usize, Loc)>,
}

/// `needles`: a file that contains none of them is skipped without reading its lines.
pub(crate) fn tally(
    model: &AppModel,
    needles: &[&str],
    hits_in_line: impl Fn(&str) -> usize + Sync,
) -> Tally {
    use rayon::prelude::*;
    let mut files: Vec<(FileId, usize, Loc)> = model
        .files
        .par_iter()
        .enumerate()
        .filter(|(_, f)| own_source(&f.path) && needles.iter().any(|n| f.text.contains(n)))
        .filter_map(|(i, f)| {
            let mut n = 0;
            let mut first = None;
            let mut offset = 0u32;
            for line in f.text.split_inclusive('\n') {
                if needles.iter().any(|nd| line.contains(nd)) {
                    let k = hits_in_line(line);
                    if k > 0 {
                        n += k;
                        first.get_or_insert(offset);
                    }
                }
                offset += line.len() as u32;
            }
            let id = FileId(i as u32);
            first.map(|at| (id, n, Loc::new(id, Span::new(at, at))))
        })
        .collect();
    let total = files.iter().map(|f| f.1).sum();
    files.sort_by(|a, b| b.1.cmp(&a.1).then(model.path(a.0).cmp(model.path(b.0))));
    Tally { total, files }
}

/// "`a.ts` (12), `b.ts` (3)" for the top files.
pub(crate) fn top_files(model: &AppModel, t: &Tally, n: usize) -> String {
    let mut s: Vec<String> = t
        .files
        .iter()
        .take(n)
        .map(|(f, c, _)| format!("`{}` ({c})", model.path(*f)))
        .collect();
    if t.files.len() > n {
        s.push(format!("and {} more files", t.files.len() - n));
    }
    s.join(", ")
}

/// "1 file", "3 files".
pub(crate) fn files_word(n: usize) -> String {
    if n == 1 {
        "1 file".to_string()
    } else {
        format!("{n} files")
    }
}
