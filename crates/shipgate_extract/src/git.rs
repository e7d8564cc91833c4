//! Which files git tracks, read from the index file directly (never by running git).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The enclosing repository's work tree and git directory: `root` itself or the nearest
/// parent with a `.git` directory. Worktrees and submodules (`.git` files) are not
/// followed.
fn repository_of(root: &Path) -> Option<(PathBuf, PathBuf)> {
    let root = root.canonicalize().ok()?;
    let mut dir: &Path = &root;
    loop {
        let git = dir.join(".git");
        if std::fs::symlink_metadata(&git).is_ok_and(|m| m.is_dir()) {
            return Some((dir.to_path_buf(), git));
        }
        dir = dir.parent()?;
    }
}

/// Paths tracked by git under `root`, relative to `root` with forward slashes. `None`
/// when `root` is not in a git work tree or the index cannot be read.
pub fn tracked_paths(root: &Path) -> Option<BTreeSet<String>> {
    let (top, git) = repository_of(root)?;
    let index = git.join("index");
    if !std::fs::symlink_metadata(&index).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let file = gix_index::File::at(
        &index,
        gix_hash::Kind::Sha1,
        false,
        gix_index::decode::Options::default(),
    )
    .ok()?;
    let canon = root.canonicalize().ok()?;
    let prefix = crate::walk::rel_path(&top, &canon)?;
    let prefix = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}/")
    };
    let mut out = BTreeSet::new();
    for e in file.entries() {
        let path = String::from_utf8_lossy(e.path(&file));
        if let Some(rel) = path.strip_prefix(prefix.as_str()) {
            out.insert(rel.to_string());
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_this_repository() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        // A clean checkout of shipgate is a git work tree; a source tarball is not.
        let Some(tracked) = tracked_paths(root) else {
            assert!(!root.join("../../.git").exists());
            return;
        };
        assert!(
            tracked.contains("Cargo.toml"),
            "paths are relative to the root"
        );
        assert!(tracked.contains("src/lib.rs"));
        assert!(!tracked.iter().any(|p| p.starts_with("crates/")));
    }
}
