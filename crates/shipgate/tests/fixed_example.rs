//! The fixed twin of the example app (`examples/acme-crm-fixed`): the same product with
//! every blocker remedied. It must be rated `ready` with nothing above `low`, so a rule
//! that starts firing on correct code fails here.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

fn audit(format: &str) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(["audit", "examples/acme-crm-fixed", "--format", format])
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .output()
        .expect("shipgate runs");
    assert!(
        o.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.code(), String::from_utf8(o.stdout).expect("utf-8"))
}

#[test]
fn fixed_twin_is_ready_with_nothing_above_low() {
    let (code, out) = audit("json");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let above_low: Vec<String> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| !matches!(f["severity"].as_str(), Some("low" | "info")))
        .map(|f| {
            format!(
                "{} {} {}:{}: {}",
                f["severity"], f["rule"], f["file"], f["line"], f["message"]
            )
        })
        .collect();
    assert!(
        above_low.is_empty(),
        "rules fire above low on the fixed example (false alarms, or the twin regressed):\n{}",
        above_low.join("\n")
    );
    assert_eq!(v["verdict"], "ready");
    assert_eq!(code, Some(0));
    // The twin exercises the rules: most of the catalogue applies to it and passes.
    let passed = v["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["status"] == "pass")
        .count();
    assert!(passed >= 45, "only {passed} checks passed");
}

#[test]
fn fixed_twin_text_report() {
    let (_, out) = audit("text");
    let (_, json) = audit("json");
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    // The audited commit changes with every commit of this repository.
    let out = match json["commit"].as_str() {
        Some(c) => out.replace(&c[..12], "[commit]"),
        None => out,
    };
    insta::assert_snapshot!(out.replace(env!("CARGO_PKG_VERSION"), "[version]"));
}

#[test]
fn readme_shows_both_verdicts_as_they_are() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README");
    for app in ["examples/acme-crm", "examples/acme-crm-fixed"] {
        let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
            .args(["audit", app])
            .current_dir(repo_root())
            .env("NO_COLOR", "1")
            .output()
            .expect("shipgate runs");
        let text = String::from_utf8(o.stdout).expect("utf-8");
        let counts = text
            .lines()
            .find_map(|l| l.strip_prefix("findings: "))
            .and_then(|l| l.split(" in ").next())
            .expect("findings line");
        assert!(
            readme.contains(counts),
            "README.md does not show `{counts}` for {app}"
        );
    }
}
