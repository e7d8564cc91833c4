//! `npx shipgate` from the npm packages built out of this binary: `scripts/npm-smoke.sh`
//! packs the Linux x64 platform package and the launcher, installs both tarballs into a
//! scratch project and runs `npx shipgate audit` on the example app. Needs node and npm;
//! without them the test says so and passes, except under `CI`, where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn npx_shipgate_audits_the_example_app() {
    if !(cfg!(target_os = "linux") && cfg!(target_arch = "x86_64")) {
        eprintln!("skipped: the smoke test builds the Linux x64 package");
        return;
    }
    if !have("npm") || !have("node") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs node and npm for the npm package test (scripts/setup.sh --tests)"
        );
        eprintln!("skipped: node and npm are not installed");
        return;
    }
    let o = Command::new("bash")
        .arg("scripts/npm-smoke.sh")
        .arg(env!("CARGO_BIN_EXE_shipgate"))
        .current_dir(repo_root())
        .output()
        .expect("bash runs");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "npm smoke failed:\n{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("exit 1, NOT READY"), "{out}");
}

#[test]
fn npm_package_versions_follow_cargo() {
    let root = repo_root();
    let cargo = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let version = cargo
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("workspace version");
    let pkg = std::fs::read_to_string(root.join("npm/shipgate/package.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&pkg).unwrap();
    assert_eq!(v["version"], version);
    for (name, dep) in v["optionalDependencies"].as_object().unwrap() {
        assert_eq!(dep, version, "{name}");
    }
    assert_eq!(v["bin"]["shipgate"], "bin/shipgate.js");
}
