//! Walks the audited tree once: honours .gitignore, skips vendored and build output, never
//! follows symlinks (so nothing outside the root is read), and applies `ignore` globs.
//! Ignore files are read here too, and only when they are regular files of bounded size:
//! one linked to `/dev/zero`, a FIFO or a file outside the tree is skipped, not read.

use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use shipgate_model::{Config, SkippedFile};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The most shipgate reads of an ignore file or a configuration file.
pub const SMALL_FILE_CAP: u64 = 1024 * 1024;

/// Why a file that shipgate reads by name was not read.
#[derive(Debug)]
pub enum Unread {
    Missing,
    /// A symbolic link, a directory, a device, a FIFO or a socket; or larger than the cap.
    Refused(String),
    Failed(std::io::Error),
}

impl std::fmt::Display for Unread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unread::Missing => f.write_str("not found"),
            Unread::Refused(why) => f.write_str(why),
            Unread::Failed(e) => write!(f, "{e}"),
        }
    }
}

/// Reads a file only when it is a regular file of at most `cap` bytes. A symbolic link
/// is refused unless `follow` (a path the user named), and what it points at must be a
/// regular file too: never a device, FIFO or socket, which could block or never end.
pub fn read_regular(path: &Path, cap: u64, follow: bool) -> Result<String, Unread> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        // `.git/info/exclude` when `.git` is a file (a worktree) is simply not there.
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Err(Unread::Missing);
        }
        Err(e) => return Err(Unread::Failed(e)),
    };
    let meta = if meta.file_type().is_symlink() {
        if !follow {
            return Err(Unread::Refused(
                "is a symbolic link; shipgate reads only regular files inside the root".into(),
            ));
        }
        std::fs::metadata(path).map_err(Unread::Failed)?
    } else {
        meta
    };
    if !meta.is_file() {
        return Err(Unread::Refused(
            "is not a regular file (a directory, device, FIFO or socket)".into(),
        ));
    }
    if meta.len() > cap {
        return Err(Unread::Refused(format!(
            "is larger than {} KiB ({} KiB)",
            cap / 1024,
            meta.len() / 1024
        )));
    }
    let file = std::fs::File::open(path).map_err(Unread::Failed)?;
    let mut bytes = Vec::new();
    // The file may have grown since it was measured: read no more than the cap.
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(Unread::Failed)?;
    if bytes.len() as u64 > cap {
        return Err(Unread::Refused(format!(
            "is larger than {} KiB",
            cap / 1024
        )));
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The ignore rules of each directory walked so far (`.gitignore`, then `.ignore`, and at
/// the root `.git/info/exclude` beneath both), read safely and once.
struct IgnoreRules {
    root: PathBuf,
    by_dir: Mutex<HashMap<PathBuf, Option<Arc<Gitignore>>>>,
    skipped: Mutex<Vec<SkippedFile>>,
}

impl IgnoreRules {
    fn new(root: &Path) -> Self {
        IgnoreRules {
            root: root.to_path_buf(),
            by_dir: Mutex::new(HashMap::new()),
            skipped: Mutex::new(Vec::new()),
        }
    }

    fn rules_of(&self, dir: &Path) -> Option<Arc<Gitignore>> {
        if let Some(r) = self.by_dir.lock().ok()?.get(dir) {
            return r.clone();
        }
        let mut sources = Vec::new();
        if dir == self.root {
            sources.push(dir.join(".git").join("info").join("exclude"));
        }
        sources.push(dir.join(".gitignore"));
        sources.push(dir.join(".ignore"));
        let mut builder = GitignoreBuilder::new(dir);
        let mut any = false;
        for file in sources {
            match read_regular(&file, SMALL_FILE_CAP, false) {
                Ok(text) => {
                    for line in text.lines() {
                        // A malformed glob is ignored, as git does.
                        let _ = builder.add_line(Some(file.clone()), line);
                    }
                    any = true;
                }
                Err(Unread::Missing) => {}
                Err(why) => {
                    if let (Some(rel), Ok(mut skipped)) =
                        (rel_path(&self.root, &file), self.skipped.lock())
                    {
                        skipped.push(SkippedFile {
                            path: rel,
                            reason: format!("ignore file not read: {why}"),
                        });
                    }
                }
            }
        }
        let rules = any.then(|| builder.build().ok().map(Arc::new)).flatten();
        if let Ok(mut map) = self.by_dir.lock() {
            map.insert(dir.to_path_buf(), rules.clone());
        }
        rules
    }

    /// Whether the nearest directory whose rules decide about `path` ignores it.
    fn ignores(&self, path: &Path, is_dir: bool) -> bool {
        for dir in path.ancestors().skip(1) {
            if let Some(rules) = self.rules_of(dir) {
                let m = rules.matched(path, is_dir);
                if m.is_ignore() {
                    return true;
                }
                if m.is_whitelist() {
                    return false;
                }
            }
            if dir == self.root {
                break;
            }
        }
        false
    }
}

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
    let rules = Arc::new(IgnoreRules::new(root));
    let filter_rules = Arc::clone(&rules);
    // Sample apps and fixtures are not the product: left out (and listed) unless the
    // config's `include` names them.
    let left_out: Arc<std::sync::Mutex<Vec<(String, &'static str)>>> = Arc::default();
    let left_out_in = Arc::clone(&left_out);
    let include = config.include_matcher();
    let root_buf = root.to_path_buf();
    // The walker reads no ignore file itself (it would follow a link to a device);
    // `IgnoreRules` reads them.
    let walker = WalkBuilder::new(root)
        .hidden(false)
        .ignore(false)
        .git_ignore(false)
        .git_exclude(false)
        .git_global(false)
        .parents(false)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            if e.depth() == 0 {
                return true;
            }
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            if is_dir && SKIPPED_DIRS.iter().any(|d| e.file_name() == *d) {
                return false;
            }
            let not_product = if !is_dir {
                None
            } else if shipgate_model::paths::is_not_product_dir(&e.file_name().to_string_lossy()) {
                Some("examples or fixtures")
            } else if is_docs_site(e.path()) {
                Some("a documentation site")
            } else {
                None
            };
            if let Some(what) = not_product
                && let Some(rel) = rel_path(&root_buf, e.path())
                && !include.is_match(&rel)
            {
                if let Ok(mut l) = left_out_in.lock() {
                    l.push((rel, what));
                }
                return false;
            }
            !filter_rules.ignores(e.path(), is_dir)
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
    if let Ok(mut skipped) = rules.skipped.lock() {
        out.skipped.append(&mut skipped);
    }
    out.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut dirs = left_out.lock().map(|l| l.clone()).unwrap_or_default();
    dirs.sort();
    for (d, what) in dirs {
        out.skipped.push(SkippedFile {
            reason: format!(
                "{what}, not the product (to audit it: include = [\"{d}\"] in shipgate.toml)"
            ),
            path: format!("{d}/"),
        });
    }
    out
}

/// A directory that holds a documentation site of its own: named like one (`docs`,
/// `website`, `*-docs`) with a package.json that depends on a docs framework. Its pages
/// and API routes are not the product's.
fn is_docs_site(dir: &Path) -> bool {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !shipgate_model::paths::is_docs_dir_name(&name) {
        return false;
    }
    match read_regular(&dir.join("package.json"), 1 << 20, false) {
        Ok(text) => crate::link::known::names_docs_framework(&text),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_rules_apply_per_directory_and_a_worktree_git_file_is_no_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, text).expect("write");
        };
        // A linked worktree: `.git` is a file, so `.git/info/exclude` cannot exist.
        write(".git", "gitdir: ../main/.git/worktrees/x\n");
        write(".gitignore", "*.log\n!keep.log\n");
        write("app/.gitignore", "secret.ts\n");
        write("app/page.ts", "x");
        write("app/secret.ts", "x");
        write("app/debug.log", "x");
        write("app/keep.log", "x");
        write("lib/secret.ts", "x");
        let w = walk(root, &Config::default());
        let files: Vec<&str> = w.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            files,
            [
                ".git",
                ".gitignore",
                "app/.gitignore",
                "app/keep.log",
                "app/page.ts",
                "lib/secret.ts"
            ]
        );
        assert!(w.skipped.is_empty(), "{:?}", w.skipped);
    }
}
