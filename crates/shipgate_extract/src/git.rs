//! Which files git tracks, read from the index file directly (never by running git).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The enclosing repository's work tree and git directory: `root` itself or the nearest
/// parent with a `.git` directory, or a `.git` file (a linked worktree or a submodule)
/// whose `gitdir:` line names a directory inside some repository's `.git`.
fn repository_of(root: &Path) -> Option<(PathBuf, PathBuf)> {
    let root = root.canonicalize().ok()?;
    let mut dir: &Path = &root;
    loop {
        let git = dir.join(".git");
        match std::fs::symlink_metadata(&git) {
            Ok(m) if m.is_dir() => return Some((dir.to_path_buf(), git)),
            Ok(m) if m.is_file() => {
                return linked_git_dir(dir, &git).map(|g| (dir.to_path_buf(), g));
            }
            _ => {}
        }
        dir = dir.parent()?;
    }
}

/// The git directory a `.git` file points at (`gitdir: ../main/.git/worktrees/x`).
/// Only a directory under a `.git` directory is accepted, so a planted file cannot send
/// the reader anywhere else on the machine.
fn linked_git_dir(dir: &Path, file: &Path) -> Option<PathBuf> {
    let text = crate::walk::read_regular(file, 4096, false).ok()?;
    let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
    let target = dir.join(target).canonicalize().ok()?;
    let under_git = target
        .ancestors()
        .skip(1)
        .any(|a| a.file_name().is_some_and(|n| n == ".git"));
    (under_git && target.is_dir()).then_some(target)
}

/// The commit checked out in the repository that holds `root` (40 hex digits), read from
/// `HEAD` and the ref it names (loose or packed); `None` when there is no repository or
/// the files do not say.
pub fn head_commit(root: &Path) -> Option<String> {
    let (_, git) = repository_of(root)?;
    let is_sha = |s: &str| s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit());
    let head = crate::walk::read_regular(&git.join("HEAD"), 4096, false).ok()?;
    let head = head.trim();
    if is_sha(head) {
        return Some(head.to_ascii_lowercase());
    }
    let name = head.strip_prefix("ref:")?.trim();
    if !name.starts_with("refs/") || name.split('/').any(|seg| seg == ".." || seg.is_empty()) {
        return None;
    }
    // A linked worktree keeps HEAD itself and shares refs with the main git directory.
    // Only a `.git` directory is accepted, so a planted file cannot send the reader
    // elsewhere on the machine.
    let common = crate::walk::read_regular(&git.join("commondir"), 4096, false)
        .ok()
        .and_then(|c| git.join(c.trim()).canonicalize().ok())
        .filter(|c| c.file_name().is_some_and(|n| n == ".git") && c.is_dir())
        .unwrap_or_else(|| git.clone());
    for dir in [&git, &common] {
        if let Ok(text) = crate::walk::read_regular(&dir.join(name), 4096, false)
            && is_sha(text.trim())
        {
            return Some(text.trim().to_ascii_lowercase());
        }
        if let Ok(packed) = crate::walk::read_regular(&dir.join("packed-refs"), 16 << 20, false) {
            for line in packed.lines() {
                if let Some((sha, r)) = line.split_once(' ')
                    && r.trim() == name
                    && is_sha(sha)
                {
                    return Some(sha.to_ascii_lowercase());
                }
            }
        }
    }
    None
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
mod head_tests {
    #[test]
    fn reads_the_checked_out_commit_from_loose_and_packed_refs() {
        let dir = tempfile::tempdir().unwrap();
        let git = dir.path().join(".git");
        std::fs::create_dir_all(git.join("refs/heads")).unwrap();
        let sha = "0123456789abcdef0123456789abcdef01234567";
        std::fs::write(git.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::write(
            git.join("packed-refs"),
            format!("# pack-refs\n{sha} refs/heads/main\n"),
        )
        .unwrap();
        assert_eq!(super::head_commit(dir.path()).as_deref(), Some(sha));
        let loose = "fedcba9876543210fedcba9876543210fedcba98";
        std::fs::write(git.join("refs/heads/main"), format!("{loose}\n")).unwrap();
        assert_eq!(super::head_commit(dir.path()).as_deref(), Some(loose));
        // A ref name that climbs out of the git directory is not followed.
        std::fs::write(git.join("HEAD"), "ref: refs/../../secret\n").unwrap();
        assert_eq!(super::head_commit(dir.path()), None);
    }
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

    #[test]
    fn follows_a_worktree_git_file() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let Some((_, git)) = repository_of(&repo) else {
            return;
        };
        let tmp = std::env::temp_dir().join(format!("shipgate-wt-{}", std::process::id()));
        let linked = tmp.join("main/.git/worktrees/feature");
        std::fs::create_dir_all(&linked).unwrap();
        std::fs::copy(git.join("index"), linked.join("index")).unwrap();
        let work = tmp.join("feature");
        std::fs::create_dir_all(&work).unwrap();
        std::fs::write(
            work.join(".git"),
            "gitdir: ../main/.git/worktrees/feature\n",
        )
        .unwrap();
        let tracked = tracked_paths(&work);
        // A `.git` file pointing outside any `.git` directory is ignored.
        std::fs::write(work.join(".git"), "gitdir: ../main\n").unwrap();
        let refused = tracked_paths(&work);
        std::fs::remove_dir_all(&tmp).unwrap();
        let tracked = tracked.expect("the linked index is read");
        assert!(tracked.contains("Cargo.toml"));
        assert!(refused.is_none());
    }
}
