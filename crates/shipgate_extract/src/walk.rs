//! Walks the audited tree once: honours .gitignore, skips vendored and build output, never
//! follows symlinks (so nothing outside the root is read), and applies `ignore` globs.

use ignore::WalkBuilder;
use shipgate_model::{Config, SkippedFile};
use std::path::{Path, PathBuf};

/// Directories that hold dependencies or build output, never source under audit.
pub const SKIPPED_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    ".next",
    "dist",
    "build",
    "coverage",
    "vendor",
    ".turbo",
    ".vercel",
    ".svelte-kit",
    ".nuxt",
    ".output",
    ".cache",
    ".yarn",
    ".pnpm-store",
    "bower_components",
    "storybook-static",
    ".expo",
    ".wrangler",
    ".netlify",
    ".serverless",
    ".amplify",
    "__pycache__",
    ".venv",
    "target",
];

#[derive(Debug, Clone)]
pub struct WalkedFile {
    /// Root-relative, forward slashes.
    pub rel: String,
    pub abs: PathBuf,
    pub size: u64,
}

#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<WalkedFile>,
    pub skipped: Vec<SkippedFile>,
}

pub fn rel_path(root: &Path, p: &Path) -> Option<String> {
    let rel = p.strip_prefix(root).ok()?;
    let mut out = String::new();
    for (i, c) in rel.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&c.as_os_str().to_string_lossy());
    }
    Some(out)
}

pub fn walk(root: &Path, config: &Config) -> Walk {
    let mut out = Walk::default();
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .parents(false)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            !(is_dir && e.depth() > 0 && SKIPPED_DIRS.iter().any(|d| e.file_name() == *d))
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let msg = err.to_string();
                out.skipped.push(SkippedFile {
                    path: String::new(),
                    reason: format!("walk error: {msg}"),
                });
                continue;
            }
        };
        let Some(ft) = entry.file_type() else {
            continue;
        };
        if !ft.is_file() {
            continue;
        }
        let Some(rel) = rel_path(root, entry.path()) else {
            continue;
        };
        if config.is_ignored(&rel) {
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        out.files.push(WalkedFile {
            rel,
            abs: entry.into_path(),
            size,
        });
    }
    out.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}
