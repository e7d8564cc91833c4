//! `--baseline-ref`: the tree of a git ref (a branch, tag, remote branch or full commit
//! id), read from the repository's object database and written to a temporary directory,
//! without running git or touching the working tree, so it can be audited as the
//! baseline.

use std::path::{Path, PathBuf};

/// The most files written from a ref's tree; a larger tree is refused, not truncated
/// (a truncated baseline would make findings look new).
const MAX_FILES: usize = 200_000;
/// Blobs above this are not written: the walker skips files this large anyway.
const MAX_BLOB: usize = 4 * 1024 * 1024;
/// The most bytes written in all.
const MAX_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// The audited directory as it is at a ref, in a temporary directory removed on drop.
pub struct RefTree {
    /// Holds the directory until the baseline is read.
    pub _dir: tempfile::TempDir,
    /// The audited path's counterpart inside `dir`.
    pub root: PathBuf,
    /// The commit the ref names, in hex.
    pub commit: String,
}

struct Budget {
    files: usize,
    bytes: u64,
}

/// Writes the tree of `refname` for the directory `path` (the repository root or a
/// directory inside it) to a temporary directory.
pub fn tree_at(path: &Path, refname: &str) -> Result<RefTree, String> {
    let repo = gix::discover(path).map_err(|e| {
        format!(
            "--baseline-ref needs a git repository at `{}`: {e}",
            path.display()
        )
    })?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| "--baseline-ref needs a repository with a working tree".to_string())?;
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let rel = canon(path)
        .strip_prefix(canon(workdir))
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let id = resolve(&repo, refname)?;
    let commit = repo
        .find_object(id)
        .and_then(|o| o.peel_to_commit())
        .map_err(|e| format!("--baseline-ref `{refname}` does not name a commit: {e}"))?;
    let mut tree = commit
        .tree()
        .map_err(|e| format!("--baseline-ref `{refname}`: cannot read its tree: {e}"))?;
    if !rel.as_os_str().is_empty() {
        let entry = tree
            .lookup_entry_by_path(&rel)
            .map_err(|e| format!("--baseline-ref `{refname}`: {e}"))?;
        tree = match entry {
            Some(e) if e.mode().is_tree() => e
                .object()
                .and_then(|o| o.peel_to_tree())
                .map_err(|e| format!("--baseline-ref `{refname}`: {e}"))?,
            // The directory did not exist then: everything found now is new.
            _ => repo.empty_tree(),
        };
    }
    let dir =
        tempfile::tempdir().map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    let root = dir.path().join("tree");
    std::fs::create_dir(&root).map_err(|e| format!("cannot write the ref's tree: {e}"))?;
    let mut budget = Budget { files: 0, bytes: 0 };
    write_tree(&repo, &tree, &root, &mut budget, refname)?;
    Ok(RefTree {
        _dir: dir,
        root,
        commit: commit.id().to_string(),
    })
}

/// A reference by name (`main`, `origin/main`, `v1.2`, `refs/heads/x`) or a full commit
/// id.
fn resolve(repo: &gix::Repository, refname: &str) -> Result<gix::ObjectId, String> {
    if let Ok(mut r) = repo.find_reference(refname)
        && let Ok(id) = r.peel_to_id()
    {
        return Ok(id.detach());
    }
    gix::ObjectId::from_hex(refname.as_bytes()).map_err(|_| {
        format!(
            "--baseline-ref `{refname}` names no branch, tag or remote branch, and is not a full commit id"
        )
    })
}

/// A tree entry's name as a file name, when it is a safe one: not `.`, `..` or `.git`,
/// no separators, no NUL.
fn safe_name(name: &[u8]) -> Option<&str> {
    let name = std::str::from_utf8(name).ok()?;
    let bad = name.is_empty()
        || name == "."
        || name == ".."
        || name.eq_ignore_ascii_case(".git")
        || name.contains(['/', '\\', '\0']);
    (!bad).then_some(name)
}

fn write_tree(
    repo: &gix::Repository,
    tree: &gix::Tree<'_>,
    dir: &Path,
    budget: &mut Budget,
    refname: &str,
) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| format!("--baseline-ref `{refname}`: {e}");
    for entry in tree.iter() {
        let entry = entry.map_err(|e| err(&e))?;
        let mode = entry.mode();
        // Links are never followed (they could point anywhere); submodules are other
        // repositories.
        if mode.is_link() || mode.is_commit() {
            continue;
        }
        let Some(name) = safe_name(entry.filename()) else {
            continue;
        };
        let target = dir.join(name);
        if mode.is_tree() {
            let sub = entry
                .object()
                .and_then(|o| o.peel_to_tree())
                .map_err(|e| err(&e))?;
            std::fs::create_dir(&target).map_err(|e| err(&e))?;
            write_tree(repo, &sub, &target, budget, refname)?;
            continue;
        }
        budget.files += 1;
        if budget.files > MAX_FILES {
            return Err(err(&format!("its tree has more than {MAX_FILES} files")));
        }
        let object = repo.find_object(entry.object_id()).map_err(|e| err(&e))?;
        let data = &object.data;
        if data.len() > MAX_BLOB {
            continue;
        }
        budget.bytes += data.len() as u64;
        if budget.bytes > MAX_BYTES {
            return Err(err(&format!("its tree holds more than {MAX_BYTES} bytes")));
        }
        std::fs::write(&target, data).map_err(|e| err(&e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn only_plain_names_are_written() {
        assert_eq!(safe_name(b"route.ts"), Some("route.ts"));
        assert_eq!(safe_name(b"[id]"), Some("[id]"));
        for bad in [
            &b".."[..],
            b".",
            b".git",
            b".GIT",
            b"a/b",
            b"a\\b",
            b"a\0",
            b"",
            b"\xff",
        ] {
            assert_eq!(safe_name(bad), None, "{bad:?}");
        }
    }
}
