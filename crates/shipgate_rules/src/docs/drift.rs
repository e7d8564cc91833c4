//! docs/drift: Markdown docs that name project files the repository does not have.

use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, FileId, Loc, RuleMeta, SourceFile, Span};

declare_rule! {
    /// ## What it checks
    /// Markdown files (`README.md`, `docs/**/*.md`) whose inline code names a project file
    /// (`` `lib/auth.ts` ``, `` `supabase/migrations/0001_init.sql` ``) that does not
    /// exist. A file counts as existing at the repository root, next to the document, or
    /// at the end of any path in the tree; only paths whose top folder exists at the root
    /// or next to the document are checked. API routes named in docs are not checked:
    /// docs sites describe servers shipgate may not read (a separate API, Remix, a
    /// gateway). Fenced code blocks, placeholders (`<name>`, `[id]`, `*`, `YYYY`, `my-provider`), hidden folders
    /// (`.env`, `.agents/` plans), blog posts, changelogs, plans and design records, and
    /// lines that tell the reader to create, add or rename something are skipped. One
    /// finding per document.
    ///
    /// ## Why it matters
    /// Docs that point at files and endpoints that moved send new engineers and the
    /// on-call person to the wrong place, and are the first sign that the rest of the
    /// document (setup steps, architecture) is stale too.
    ///
    /// ## How to fix
    /// Update the names to the current paths, or delete the section; keep docs that name
    /// code next to that code.
    ///
    /// ## Example
    /// ```md
    /// Auth lives in `lib/auth.ts`   <!-- moved to `src/server/auth.ts` -->
    /// ```
    pub struct Drift {
        id: "docs/drift",
        category: Delivery,
        severity: Low,
        effort: Small,
        summary: "docs that name files that do not exist",
        problem: "the docs name files that do not exist",
    }
}

const FILE_EXT: &[&str] = &[
    ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".sql", ".prisma", ".json", ".yml", ".yaml",
    ".toml", ".md", ".mdx", ".css", ".sh", ".py",
];

const CREATE_WORDS: &[&str] = &[
    "create", "add ", "adding", "new ", "rename", "generate", "copy", "will ", "todo", "should",
    "example", "e.g.", "would", "could",
];

/// Inline code spans outside fenced blocks: `(byte offset of the content, content)`.
fn inline_code(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut fenced = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
        } else if !fenced && !trimmed.starts_with("    ") {
            let lower = line.to_ascii_lowercase();
            if !CREATE_WORDS.iter().any(|w| lower.contains(w)) {
                let mut rest = line;
                let mut base = offset;
                while let Some(start) = rest.find('`') {
                    let after = &rest[start + 1..];
                    let Some(end) = after.find('`') else { break };
                    if end > 0 && !after[..end].contains('`') {
                        out.push((base + start + 1, &after[..end]));
                    }
                    let consumed = start + 1 + end + 1;
                    base += consumed;
                    rest = &rest[consumed..];
                }
            }
        }
        offset += line.len();
    }
    out
}

fn file_like(code: &str) -> bool {
    code.contains('/')
        && FILE_EXT.iter().any(|e| code.ends_with(e))
        && !code.starts_with('/')
        && !code.starts_with('~')
        && !code.starts_with('.')
        && !code.contains("://")
        && !code.contains("node_modules")
        && !code.chars().any(|c| {
            c.is_whitespace()
                || matches!(
                    c,
                    '<' | '>' | '[' | ']' | '{' | '}' | '*' | '$' | '(' | ')' | '…'
                )
        })
        && !code.contains("...")
        && !code
            .split('/')
            .any(|seg| seg.starts_with('.') || is_placeholder(seg))
}

/// `YYYY-MM-DD.mdx`, `NAME.ts`, `XXX`: a name the reader fills in.
fn is_placeholder(seg: &str) -> bool {
    let stem = seg.split('.').next().unwrap_or(seg);
    let lower = stem.to_ascii_lowercase();
    lower.starts_with("my")
        || lower.starts_with("your")
        || ["example", "sample", "foo", "bar"]
            .iter()
            .any(|w| lower.contains(w))
        || stem.contains("YYYY")
        || stem.contains("XXX")
        || (stem.len() > 1
            && stem
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-'))
}

fn file_exists(model: &AppModel, doc: &SourceFile, path: &str) -> bool {
    let dir = doc.path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let beside = if dir.is_empty() {
        path.to_string()
    } else {
        format!("{dir}/{path}")
    };
    let suffix = format!("/{path}");
    model
        .all_paths
        .binary_search_by(|p| p.as_str().cmp(path))
        .is_ok()
        || model
            .all_paths
            .binary_search_by(|p| p.as_str().cmp(beside.as_str()))
            .is_ok()
        || model.all_paths.iter().any(|p| p.ends_with(&suffix))
}

/// The top folder of a path exists at the root or next to the document: the doc is
/// talking about this repository's layout.
fn top_folder_exists(model: &AppModel, doc: &SourceFile, path: &str) -> bool {
    let top = path.split('/').next().unwrap_or("");
    let dir = doc.path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let at_root = format!("{top}/");
    let beside = format!("{dir}/{top}/");
    model
        .all_paths
        .iter()
        .any(|p| p.starts_with(&at_root) || (!dir.is_empty() && p.starts_with(&beside)))
}

fn is_doc(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    // Agent plans and tool folders (`.agents/`, `.claude/`) describe work to come; blog
    // posts, changelogs and design records describe the code as it was.
    if lower.split('/').any(|s| {
        s.starts_with('.')
            || matches!(
                s,
                "blog" | "posts" | "changelog" | "changelogs" | "adr" | "adrs" | "rfcs" | "plans"
            )
    }) {
        return false;
    }
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    if ["plan", "rfc", "proposal"].iter().any(|w| name.contains(w)) {
        return false;
    }
    (lower.ends_with(".md") || lower.ends_with(".mdx"))
        && !lower.ends_with("changelog.md")
        && !lower.contains("fixtures/")
        && !lower.contains("/test")
}

impl Rule for Drift {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let docs: Vec<(FileId, &SourceFile)> = model
            .files
            .iter()
            .enumerate()
            .filter(|(_, f)| is_doc(&f.path))
            .map(|(i, f)| (FileId(i as u32), f))
            .collect();
        if docs.is_empty() {
            return Outcome::not_applicable("no Markdown docs");
        }
        let mut findings = Vec::new();
        let mut checked = 0;
        for (id, doc) in docs {
            let mut missing: Vec<(usize, &str)> = Vec::new();
            for (at, code) in inline_code(&doc.text) {
                if file_like(code) && top_folder_exists(model, doc, code) {
                    checked += 1;
                    if !file_exists(model, doc, code) {
                        missing.push((at, code));
                    }
                }
            }
            missing.dedup_by(|a, b| a.1 == b.1);
            let Some(&(first_at, _)) = missing.first() else {
                continue;
            };
            let loc = |at: usize| Loc::new(id, Span::new(at as u32, at as u32));
            let names: Vec<String> = missing
                .iter()
                .take(5)
                .map(|(_, c)| format!("`{c}`"))
                .collect();
            let mut f = finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "This document names {} in the repository: {}{}",
                    if missing.len() == 1 {
                        "a file that does not exist"
                    } else {
                        "files that do not exist"
                    },
                    names.join(", "),
                    if missing.len() > 5 { ", ..." } else { "" }
                ),
                Some(loc(first_at)),
                format!("docs {}", doc.path),
                "Update the names to the current paths, or remove the stale section.".to_string(),
            );
            f.related = missing[1..]
                .iter()
                .take(9)
                .map(|(at, c)| related(loc(*at), format!("`{c}`")))
                .collect();
            findings.push(f);
        }
        Outcome::from_findings(
            findings,
            format!("{checked} file and route name(s) in docs exist"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{file_like, inline_code};

    #[test]
    fn reads_inline_code_outside_fences() {
        let md = "See `lib/auth.ts`.\n```\n`lib/x.ts`\n```\nCreate `lib/env.ts` first.\n";
        let codes: Vec<&str> = inline_code(md).into_iter().map(|(_, c)| c).collect();
        assert_eq!(codes, vec!["lib/auth.ts"]);
        assert!(file_like("src/server/db.ts"));
        assert!(!file_like("app/[id]/page.tsx"));
        assert!(!file_like("/etc/hosts.json"));
        assert!(!file_like("package.json"));
    }

    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::Drift::META.id);
    }
}
