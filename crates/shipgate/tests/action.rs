//! The GitHub Action's audit step (`action/run.sh`), run here with the `GITHUB_*` files
//! pointed at temporary files, as a runner would: the job summary, the annotations, the
//! outputs, SARIF, a baseline round trip and an input error.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

struct Run {
    out: Output,
    summary: String,
    outputs: String,
}

fn run_action(dir: &Path, inputs: &[(&str, &str)]) -> Run {
    let summary = dir.join("summary.md");
    let outputs = dir.join("outputs.txt");
    std::fs::write(&summary, "").unwrap();
    std::fs::write(&outputs, "").unwrap();
    let mut cmd = Command::new("bash");
    cmd.arg("action/run.sh")
        .current_dir(repo_root())
        .env("SHIPGATE_BIN", env!("CARGO_BIN_EXE_shipgate"))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("CI", "true");
    for (k, v) in inputs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash runs");
    Run {
        out,
        summary: std::fs::read_to_string(&summary).unwrap(),
        outputs: std::fs::read_to_string(&outputs).unwrap(),
    }
}

#[test]
fn audit_step_writes_summary_annotations_outputs_and_sarif() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("shipgate.sarif");
    let r = run_action(
        dir.path(),
        &[
            ("INPUT_PATH", "examples/acme-crm"),
            ("INPUT_FAIL_ON", "high"),
            ("INPUT_SARIF", sarif.to_str().unwrap()),
        ],
    );
    assert_eq!(r.out.status.code(), Some(0), "the step itself never fails");
    let log = String::from_utf8_lossy(&r.out.stdout);
    assert!(
        r.summary.starts_with("## shipgate: NOT READY (25/100)"),
        "{}",
        r.summary
    );
    assert!(r.summary.len() < 60_000);
    assert!(r.summary.contains("### Top problems"));
    assert!(log.contains("::error file=examples/acme-crm/"), "{log}");
    assert!(
        log.lines()
            .last()
            .unwrap_or("")
            .starts_with("::notice title=shipgate::")
    );
    for line in [
        "verdict=not-ready",
        "score=25",
        "exit-code=1",
        "sarif-written=true",
    ] {
        assert!(
            r.outputs.lines().any(|l| l == line),
            "{line} in {}",
            r.outputs
        );
    }
    let sarif = std::fs::read_to_string(&sarif).unwrap();
    assert!(sarif.contains("\"version\": \"2.1.0\""));
}

#[test]
fn baseline_round_trip_passes_until_something_new_appears() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(["audit", "examples/acme-crm", "--write-baseline"])
        .arg(&baseline)
        .current_dir(repo_root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let r = run_action(
        dir.path(),
        &[
            ("INPUT_PATH", "examples/acme-crm"),
            ("INPUT_FAIL_ON", "low"),
            ("INPUT_BASELINE", baseline.to_str().unwrap()),
        ],
    );
    let log = String::from_utf8_lossy(&r.out.stdout);
    assert!(
        r.outputs.lines().any(|l| l == "exit-code=0"),
        "{}",
        r.outputs
    );
    assert!(
        r.summary.contains("0 new since the baseline"),
        "{}",
        r.summary
    );
    // Known findings are not annotated again.
    assert!(!log.contains("::error file="), "{log}");
}

#[test]
fn input_errors_are_one_annotation_and_exit_code_two() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_action(dir.path(), &[("INPUT_PATH", "no/such/dir")]);
    let log = String::from_utf8_lossy(&r.out.stdout);
    assert!(
        r.outputs.lines().any(|l| l == "exit-code=2"),
        "{}",
        r.outputs
    );
    assert!(log.starts_with("::error title=shipgate::"), "{log}");
    assert!(r.summary.starts_with("## shipgate could not run"));
}

#[test]
fn action_metadata_names_its_inputs_and_scripts() {
    let yml = std::fs::read_to_string(repo_root().join("action.yml")).unwrap();
    for input in ["path:", "fail-on:", "baseline:", "config:", "sarif:"] {
        assert!(yml.contains(&format!("\n  {input}")), "input {input}");
    }
    for script in ["action/install.sh", "action/run.sh"] {
        assert!(yml.contains(script), "{script}");
        assert!(repo_root().join(script).is_file(), "{script}");
    }
}
