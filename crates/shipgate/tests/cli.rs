//! End-to-end tests of the `shipgate` binary: exit codes, stdout/stderr discipline,
//! determinism, snapshots of all four formats on the example app, and the rule docs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

fn shipgate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(args)
        .current_dir(repo_root())
        .env_remove("NO_COLOR")
        .output()
        .expect("shipgate runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

const EXAMPLE: &str = "examples/acme-crm";

/// The report with the audited commit (which changes with every commit of this
/// repository) replaced by `[commit]`.
fn without_commit(report: &str) -> String {
    let o = shipgate(&["audit", EXAMPLE, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    match json["commit"].as_str() {
        Some(c) => report.replace(c, "[commit]").replace(&c[..12], "[commit]"),
        None => report.to_string(),
    }
}

#[test]
fn example_app_fails_on_critical_and_exits_one() {
    let o = shipgate(&["audit", EXAMPLE]);
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(&o));
    assert!(
        stderr(&o).is_empty(),
        "nothing on stderr for a normal run: {}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("NOT READY"));
}

#[test]
fn fail_on_none_exits_zero() {
    let o = shipgate(&["audit", EXAMPLE, "--fail-on", "none"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn fail_on_thresholds() {
    // The example has critical findings, so every threshold fails.
    for t in ["critical", "high", "medium", "low"] {
        assert_eq!(
            shipgate(&["audit", EXAMPLE, "--fail-on", t]).status.code(),
            Some(1),
            "--fail-on {t}"
        );
    }
}

#[test]
fn bad_path_is_a_one_line_error_with_exit_two() {
    let o = shipgate(&["audit", "does/not/exist"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("shipgate: cannot read `does/not/exist`"),
        "{err}"
    );
}

#[test]
fn a_file_is_not_a_directory() {
    let o = shipgate(&["audit", "Cargo.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a directory"));
}

#[test]
fn bad_config_is_a_one_line_error_with_exit_two() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("shipgate.toml");
    std::fs::write(&cfg, "public_routes = \"not-a-list\"\n").expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .arg("audit")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("shipgate.toml:1"), "{err}");

    std::fs::write(&cfg, "[rules]\n\"auth/no-such-rule\" = \"off\"\n").expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .arg("audit")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown rule `auth/no-such-rule`"));

    let o = shipgate(&["audit", EXAMPLE, "--config", "no/such/shipgate.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read config"));
}

#[test]
fn usage_errors_exit_two_in_one_line() {
    for args in [
        &["audit", EXAMPLE, "--format", "yaml"][..],
        &["frobnicate"],
        &["audit", EXAMPLE, "--formt", "json"],
        &["audit", EXAMPLE, "--fail-on"],
    ] {
        let o = shipgate(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("shipgate: "), "{err}");
    }
    let o = shipgate(&["audit", EXAMPLE, "--formt", "json"]);
    assert!(stderr(&o).contains("'--format'"), "the tip stays");
}

#[test]
fn a_baseline_is_never_overwritten_by_the_report_nor_read_from_the_future() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("baseline.json");
    std::fs::write(&file, "{}").expect("write");
    let same = dir.path().join(".").join("baseline.json");
    let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(["audit", EXAMPLE, "--write-baseline"])
        .arg(&file)
        .arg("--output")
        .arg(&same)
        .current_dir(repo_root())
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("would overwrite the baseline"));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "{}");
    std::fs::write(&file, r#"{"schema_version": 7, "findings": []}"#).expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(["audit", EXAMPLE, "--baseline"])
        .arg(&file)
        .current_dir(repo_root())
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("schema_version 7"), "{}", stderr(&o));
}

#[test]
fn config_turns_rules_off_and_changes_severity() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("cfg.toml");
    std::fs::write(
        &cfg,
        "[rules]\n\"auth/unprotected-route\" = \"off\"\n\"auth/client-supplied-identity\" = \"low\"\n\"auth/privilege-escalation\" = \"low\"\n\"db/rls-disabled\" = \"high\"\n",
    )
    .expect("write");
    let o = shipgate(&[
        "audit",
        EXAMPLE,
        "--format",
        "json",
        "--config",
        cfg.to_str().expect("utf-8"),
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let findings = v["findings"].as_array().expect("findings");
    assert!(
        findings
            .iter()
            .all(|f| f["rule"] != "auth/unprotected-route")
    );
    assert!(
        findings
            .iter()
            .filter(|f| f["rule"] == "auth/client-supplied-identity")
            .all(|f| f["severity"] == "low")
    );
    assert_eq!(v["verdict"], "ready-with-risks");
    let check = v["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["rule"] == "auth/unprotected-route")
        .cloned()
        .expect("check");
    assert_eq!(check["status"], "not-applicable");
}

#[test]
fn output_file_gets_the_report_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.sarif");
    let o = shipgate(&[
        "audit",
        EXAMPLE,
        "--format",
        "sarif",
        "--output",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    // The CI log still says what the report says, in one line.
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("shipgate: NOT READY 25/100: 8 critical") && err.contains("report.sarif"),
        "{err}"
    );
    let text = std::fs::read_to_string(&out).expect("report written");
    let v: serde_json::Value = serde_json::from_str(&text).expect("sarif is json");
    assert_eq!(v["version"], "2.1.0");
}

#[test]
fn a_public_routes_entry_that_matches_nothing_is_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    tiny_app(dir.path(), "");
    std::fs::write(
        dir.path().join("shipgate.toml"),
        "public_routes = [\"POST /api/items\", \"GET /api/nothing/*\"]\n",
    )
    .expect("write");
    let o = audit_dir(dir.path(), &["--fail-on", "none"]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(
        err.contains("public_routes entry `GET /api/nothing/*` matches no route"),
        "{err}"
    );
    assert!(!err.contains("POST /api/items"), "{err}");
}

#[test]
fn a_suppression_of_an_unknown_rule_is_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    tiny_app(dir.path(), "");
    std::fs::write(
        dir.path().join("lib/note.ts"),
        "// shipgate-ignore auth/unprotected-rout: public on purpose\nexport const a = 1;\n",
    )
    .expect("write");
    let o = audit_dir(dir.path(), &["--fail-on", "none"]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(
        err.contains("lib/note.ts:1 suppresses unknown rule `auth/unprotected-rout` (did you mean `auth/unprotected-route`?)"),
        "{err}"
    );
    // The report says it too, in every format that people or machines read.
    let text = stdout(&o);
    assert!(
        text.contains("warning: lib/note.ts:1 suppresses unknown rule"),
        "{text}"
    );
    let o = audit_dir(dir.path(), &["--fail-on", "none", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        json["warnings"][0]
            .as_str()
            .unwrap()
            .contains("suppresses unknown rule")
    );
    let o = audit_dir(dir.path(), &["--fail-on", "none", "--format", "markdown"]);
    assert!(stdout(&o).contains("## Warnings"));
}

#[test]
fn a_tree_without_a_web_app_gets_no_verdict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = audit_dir(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no web app found"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"x\"\n").expect("write");
    std::fs::create_dir_all(dir.path().join("src")).expect("mkdir");
    std::fs::write(dir.path().join("src/lib.rs"), "pub fn f() {}\n").expect("write");
    let o = audit_dir(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn writing_a_baseline_prints_one_line_not_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("baseline.json");
    let o = shipgate(&[
        "audit",
        EXAMPLE,
        "--write-baseline",
        file.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("findings to the baseline"), "{out}");
    assert!(file.exists());
}

#[test]
fn two_runs_give_the_same_bytes() {
    for format in ["json", "markdown", "sarif", "text"] {
        let a = shipgate(&["audit", EXAMPLE, "--format", format]);
        let b = shipgate(&["audit", EXAMPLE, "--format", format]);
        assert_eq!(a.stdout, b.stdout, "--format {format} is not deterministic");
    }
}

#[test]
fn json_follows_the_contract() {
    let o = shipgate(&["audit", EXAMPLE, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["name"], "shipgate");
    assert_eq!(v["root"], EXAMPLE);
    assert_eq!(v["verdict"], "not-ready");
    for f in v["findings"].as_array().expect("findings") {
        for key in [
            "rule", "category", "severity", "file", "line", "column", "message", "evidence",
            "route", "fix",
        ] {
            assert!(f.get(key).is_some(), "finding lacks `{key}`: {f}");
        }
    }
    for r in v["inventory"]["routes"].as_array().expect("routes") {
        let g = r["guard"].as_str().expect("guard");
        assert!(
            ["in-route", "middleware", "verified", "public"].contains(&g),
            "{g}"
        );
    }
    // Findings are sorted by file, line, rule.
    let keys: Vec<(String, u64, String)> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or("~").to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["rule"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // Every finding belongs to exactly one problem, named by its id; a problem's severity
    // is its worst finding's, and problems come worst first.
    let findings = v["findings"].as_array().expect("findings");
    let by_id: std::collections::HashMap<&str, &serde_json::Value> = findings
        .iter()
        .map(|f| (f["id"].as_str().expect("id"), f))
        .collect();
    assert_eq!(by_id.len(), findings.len(), "finding ids are unique");
    let rank = |s: &str| {
        ["critical", "high", "medium", "low", "info"]
            .iter()
            .position(|x| *x == s)
    };
    let mut seen = std::collections::HashSet::new();
    let mut last = 0;
    for p in v["problems"].as_array().expect("problems") {
        let ids = p["findings"].as_array().expect("problem findings");
        let worst = ids
            .iter()
            .map(|id| {
                rank(
                    by_id[id.as_str().expect("id")]["severity"]
                        .as_str()
                        .unwrap(),
                )
            })
            .min()
            .expect("a problem has findings");
        assert_eq!(rank(p["severity"].as_str().unwrap()), worst, "{p}");
        assert!(worst >= Some(last), "problems are worst first");
        last = worst.unwrap();
        for id in ids {
            assert!(
                seen.insert(id.as_str().unwrap().to_string()),
                "{id} in two problems"
            );
        }
        for key in ["id", "title", "kind", "entity", "rules"] {
            assert!(p.get(key).is_some(), "problem lacks `{key}`: {p}");
        }
    }
    assert_eq!(seen.len(), findings.len(), "every finding is in a problem");
    let devices = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["entity"] == "POST /api/devices")
        .expect("the device registration route is one problem");
    assert_eq!(devices["kind"], "route");
    assert!(devices["findings"].as_array().unwrap().len() >= 2);
}

#[test]
fn snapshots_of_all_formats_on_the_example_app() {
    for (format, name) in [
        ("text", "example_text"),
        ("markdown", "example_markdown"),
        ("json", "example_json"),
        ("sarif", "example_sarif"),
        ("github", "example_github"),
        ("summary", "example_summary"),
    ] {
        let o = shipgate(&["audit", EXAMPLE, "--format", format, "--no-color"]);
        let out = without_commit(&stdout(&o)).replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn github_annotations_name_repository_paths_and_respect_limits() {
    let o = shipgate(&["audit", EXAMPLE, "--format", "github"]);
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    for level in ["error", "warning", "notice"] {
        let n = lines
            .iter()
            .filter(|l| l.starts_with(&format!("::{level} ")))
            .count();
        assert!(n <= 10, "{n} {level} annotations: GitHub shows 10 per step");
    }
    // Audited from the repository root: paths are the repository's.
    assert!(
        lines
            .iter()
            .filter(|l| l.contains("file="))
            .all(|l| l.contains("file=examples/acme-crm/")),
        "{out}"
    );
    let last = lines.last().expect("a summary notice");
    assert!(
        last.starts_with("::notice title=shipgate::shipgate: NOT READY"),
        "{last}"
    );
    assert!(last.contains("not annotated"), "{last}");
    // One command per line: messages cannot break out of their annotation.
    assert!(lines.iter().all(|l| l.starts_with("::")), "{out}");
}

#[test]
fn rules_and_rule_docs_come_from_metadata() {
    let o = shipgate(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let list = stdout(&o);
    assert!(list.contains("auth/unprotected-route"));
    assert!(list.contains("tenancy/service-role-in-request-path"));
    let o = shipgate(&["rule", "auth/unprotected-route"]);
    assert_eq!(o.status.code(), Some(0));
    let doc = stdout(&o);
    for section in [
        "## What it checks",
        "## Why it matters",
        "## How to fix",
        "## Example",
    ] {
        assert!(doc.contains(section), "{section}");
    }
    let o = shipgate(&["rule", "auth/nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown rule"));
}

#[test]
fn generated_rule_docs_are_current() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(["debug", "docs"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0));
    let committed = repo_root().join("docs/rules");
    let mut generated: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    generated.sort();
    for name in &generated {
        let fresh = std::fs::read_to_string(dir.path().join(name)).expect("generated");
        let old = std::fs::read_to_string(committed.join(name)).unwrap_or_default();
        assert_eq!(
            fresh,
            old,
            "docs/rules/{} is stale: run `cargo run -- debug docs docs/rules`",
            name.to_string_lossy()
        );
    }
    let committed_count = std::fs::read_dir(&committed)
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(
        committed_count,
        generated.len(),
        "docs/rules has files no rule generates"
    );
}

#[test]
fn hostile_trees_do_not_stop_the_audit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("app/api/x")).expect("mkdir");
    std::fs::write(
        root.join("package.json"),
        r#"{"dependencies":{"next":"15.0.0"}}"#,
    )
    .expect("write");
    // Does not parse.
    std::fs::write(
        root.join("app/api/x/route.ts"),
        "export async function GET( {{{{ ",
    )
    .expect("write");
    // Not UTF-8.
    std::fs::write(
        root.join("app/latin1.ts"),
        b"export const s = '\xe9t\xe9';\n",
    )
    .expect("write");
    // Too large.
    std::fs::write(root.join("app/big.ts"), "// x\n".repeat(400_000)).expect("write");
    // Minified.
    std::fs::write(
        root.join("app/vendor.js"),
        format!("var a={};", "x".repeat(20_000)),
    )
    .expect("write");
    // Pathological nesting, and a long operator chain (deep AST, no brackets).
    let ifs = format!(
        "export function g(x) {{\n{}return 1;\n{}}}\n",
        "if (x) {\n".repeat(3000),
        "}\n".repeat(3000)
    );
    std::fs::write(root.join("app/nested.ts"), ifs).expect("write");
    let chain = format!(
        "export const s =\n{};\n",
        vec!["\"a\""; 50_000].join(" +\n")
    );
    std::fs::write(root.join("app/chain.ts"), chain).expect("write");
    // Skipped directories.
    std::fs::create_dir_all(root.join("node_modules/pkg")).expect("mkdir");
    std::fs::write(root.join("node_modules/pkg/index.js"), "syntax error (((").expect("write");
    // A symlink loop and a symlink out of the root.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root, root.join("app/loop")).expect("symlink");
        std::os::unix::fs::symlink("/etc", root.join("etc-link")).expect("symlink");
    }
    let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(["audit", "--format", "json", "--fail-on", "none"])
        .arg(root)
        .output()
        .expect("runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let skipped: Vec<String> = v["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["path"].as_str().unwrap_or(""),
                s["reason"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        skipped
            .iter()
            .any(|s| s.starts_with("app/api/x/route.ts parse error")),
        "{skipped:?}"
    );
    assert!(
        skipped
            .iter()
            .any(|s| s.starts_with("app/big.ts larger than")),
        "{skipped:?}"
    );
    assert!(
        skipped
            .iter()
            .any(|s| s.starts_with("app/vendor.js minified")),
        "{skipped:?}"
    );
    assert!(
        skipped
            .iter()
            .any(|s| s.starts_with("app/nested.ts nesting too deep")),
        "{skipped:?}"
    );
    assert!(
        !skipped.iter().any(|s| s.contains("chain.ts")),
        "{skipped:?}"
    );
    assert!(
        !skipped.iter().any(|s| s.contains("node_modules")),
        "{skipped:?}"
    );
    assert!(
        !skipped.iter().any(|s| s.contains("latin1")),
        "non-UTF-8 source is read lossily: {skipped:?}"
    );
    assert!(
        v["stats"]["files_walked"].as_u64().unwrap_or(0) < 10,
        "symlinks must not be followed"
    );
}

/// `shipgate audit DIR` with `extra` arguments.
fn audit_dir(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .arg("audit")
        .args(extra)
        .arg(dir)
        .output()
        .expect("runs")
}

/// Writes a tiny Next.js app with one unguarded route into a temp dir.
fn tiny_app(dir: &Path, route_prefix: &str) {
    std::fs::create_dir_all(dir.join("app/api/items")).expect("mkdir");
    std::fs::create_dir_all(dir.join("lib")).expect("mkdir");
    std::fs::write(
        dir.join("package.json"),
        r#"{"dependencies":{"next":"15.0.0","@prisma/client":"6.0.0"}}"#,
    )
    .expect("write");
    std::fs::write(dir.join("lib/db.ts"), "import { PrismaClient } from \"@prisma/client\";\nexport const prisma = new PrismaClient();\n").expect("write");
    std::fs::write(
        dir.join("lib/guard.ts"),
        "export async function ensureMember(req: Request) {\n  // checks a header against an internal service (not visible to shipgate)\n  return fetch(\"http://auth.internal/check\", { headers: req.headers });\n}\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("app/api/items/route.ts"),
        format!(
            "import {{ prisma }} from \"@/lib/db\";\n{route_prefix}export async function POST(req: Request) {{\n  const body = await req.json();\n  await prisma.item.create({{ data: {{ name: body.name }} }});\n  return Response.json({{ ok: true }});\n}}\n"
        ),
    )
    .expect("write");
}

fn audit_json(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--format", "json", "--fail-on", "none"];
    args.extend_from_slice(extra);
    let o = audit_dir(dir, &args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("json")
}

fn rules_of(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .expect("array")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn inline_suppressions_are_listed_not_dropped() {
    let dir = tempfile::tempdir().expect("tempdir");
    tiny_app(dir.path(), "");
    let v = audit_json(dir.path(), &[]);
    assert!(rules_of(&v, "findings").contains(&"auth/unprotected-route".to_string()));

    let dir = tempfile::tempdir().expect("tempdir");
    tiny_app(
        dir.path(),
        "// shipgate-ignore auth/unprotected-route: internal network only, behind the VPN\n",
    );
    let v = audit_json(dir.path(), &[]);
    assert!(!rules_of(&v, "findings").contains(&"auth/unprotected-route".to_string()));
    let suppressed = v["suppressed"].as_array().expect("suppressed");
    assert_eq!(suppressed.len(), 1, "{suppressed:?}");
    assert_eq!(suppressed[0]["rule"], "auth/unprotected-route");
    assert_eq!(
        suppressed[0]["reason"],
        "internal network only, behind the VPN"
    );
    assert_eq!(suppressed[0]["suppressed_by"], "app/api/items/route.ts:2");
    // The check passes because nothing unsuppressed remains, and says why.
    let check = v["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["rule"] == "auth/unprotected-route")
        .cloned()
        .expect("check");
    assert_eq!(check["status"], "pass");
    // A suppression for another rule does not hide this one.
    let dir = tempfile::tempdir().expect("tempdir");
    tiny_app(
        dir.path(),
        "// shipgate-ignore auth/middleware-only: unrelated\n",
    );
    let v = audit_json(dir.path(), &[]);
    assert!(rules_of(&v, "findings").contains(&"auth/unprotected-route".to_string()));
}

#[test]
fn config_public_routes_auth_helpers_and_ignore() {
    let dir = tempfile::tempdir().expect("tempdir");
    tiny_app(dir.path(), "");
    std::fs::write(
        dir.path().join("shipgate.toml"),
        "public_routes = [\"POST /api/items\"]\n",
    )
    .expect("write");
    let v = audit_json(dir.path(), &[]);
    assert!(!rules_of(&v, "findings").contains(&"auth/unprotected-route".to_string()));
    let route = v["inventory"]["routes"][0].clone();
    assert_eq!(route["guard"], "public");
    assert!(
        route["intended_public"]
            .as_str()
            .unwrap_or("")
            .contains("shipgate.toml"),
        "{route}"
    );

    // A project helper shipgate cannot see into, declared in config.
    let dir = tempfile::tempdir().expect("tempdir");
    tiny_app(dir.path(), "");
    let route = dir.path().join("app/api/items/route.ts");
    let text = std::fs::read_to_string(&route).expect("read");
    let text = text
        .replace(
            "import { prisma }",
            "import { ensureMember } from \"@/lib/guard\";\nimport { prisma }",
        )
        .replace("  const body", "  await ensureMember(req);\n  const body");
    std::fs::write(&route, text).expect("write");
    std::fs::write(
        dir.path().join("shipgate.toml"),
        "auth_helpers = [\"ensureMember\"]\n",
    )
    .expect("write");
    let v = audit_json(dir.path(), &[]);
    assert_eq!(
        v["inventory"]["routes"][0]["guard"], "in-route",
        "{}",
        v["inventory"]["routes"][0]
    );

    // Ignored paths are not audited at all.
    let dir = tempfile::tempdir().expect("tempdir");
    tiny_app(dir.path(), "");
    std::fs::write(dir.path().join("shipgate.toml"), "ignore = [\"app/api\"]\n").expect("write");
    let v = audit_json(dir.path(), &[]);
    assert!(
        v["inventory"]["routes"]
            .as_array()
            .expect("routes")
            .is_empty()
    );
}

/// Every credential-shaped string in the secrets fixture: none may reach any output.
fn fixture_secrets(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || "_-.+/".contains(c))) {
                let word = word.trim_matches('.');
                let keyish = ["sk_live_", "eyJ", "AKIA", "ghp_", "MII"]
                    .iter()
                    .any(|p| word.starts_with(p))
                    || word.len() >= 60;
                if keyish && word.len() >= 20 {
                    out.push(word.to_string());
                }
            }
            if text.contains("superSecretKey123") {
                out.push("superSecretKey123".into());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn secrets_are_redacted_in_every_format() {
    let case =
        repo_root().join("tests/fixtures/secrets/hardcoded/fail/stripe-service-role-and-fallback");
    let secrets = fixture_secrets(&case);
    assert!(secrets.len() >= 6, "{secrets:?}");
    let case = case.to_string_lossy().to_string();
    let mut outputs = Vec::new();
    for fmt in ["text", "markdown", "json", "sarif"] {
        outputs.push((fmt, stdout(&shipgate(&["audit", &case, "--format", fmt]))));
    }
    outputs.push(("debug model", stdout(&shipgate(&["debug", "model", &case]))));
    for (fmt, out) in &outputs {
        assert!(out.contains("secrets/hardcoded") || *fmt == "debug model");
        for s in &secrets {
            // Neither the key nor its middle may appear.
            let middle = &s[s.len() / 3..s.len() - s.len() / 4];
            assert!(!out.contains(middle), "{fmt} output leaks `{middle}`");
        }
    }
}

/// A copy of the example app in a temporary directory: (the directory, the app root).
fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = dir.path().join("app");
    copy_tree(&repo_root().join(EXAMPLE), &app);
    (dir, app)
}

/// Copies a directory tree (no symlinks in the example app).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let dest = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

#[test]
fn baselines_fail_only_on_new_findings_and_survive_moved_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = dir.path().join("app");
    copy_tree(&repo_root().join(EXAMPLE), &app);
    let app_s = app.to_str().expect("utf-8");
    let base = dir.path().join("baseline.json");
    let base_s = base.to_str().expect("utf-8");

    // Writing a baseline accepts every current finding.
    let o = shipgate(&["audit", app_s, "--write-baseline", base_s]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&base).expect("baseline")).expect("json");
    let listed = doc["findings"].as_array().expect("findings").len();
    assert!(listed > 10, "{listed} findings in the baseline");

    // Move code: lines added at the top of a flagged file shift every line below.
    let route = app.join("app/api/devices/route.ts");
    let text = std::fs::read_to_string(&route).expect("route");
    std::fs::write(&route, format!("// moved\n\n\n{text}")).expect("write");
    let o = shipgate(&["audit", app_s, "--baseline", base_s, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["baseline"]["new"], 0);
    assert!(v["baseline"]["known"].as_u64().expect("known") > 10);

    // A finding the baseline does not list fails the run again.
    let mut doc = doc;
    let first = doc["findings"].as_array_mut().expect("findings").remove(0);
    std::fs::write(&base, doc.to_string()).expect("write");
    let o = shipgate(&[
        "audit",
        app_s,
        "--baseline",
        base_s,
        "--fail-on",
        "low",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["baseline"]["new"], 1);
    let new: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f.get("baselined").is_none())
        .collect();
    assert_eq!(new.len(), 1);
    assert_eq!(new[0]["fingerprint"], first["fingerprint"]);

    // A file that is not a baseline is a one-line error.
    std::fs::write(&base, "[1, 2]").expect("write");
    let o = shipgate(&["audit", app_s, "--baseline", base_s]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
}

/// A change to a copy of the example app that fixes one finding (the open cron route goes
/// away) and adds another (a new open route that deletes profiles through the service
/// role).
fn fix_cron_open_export(app: &Path) {
    std::fs::remove_file(app.join("app/api/cron/digest/route.ts")).unwrap();
    std::fs::create_dir_all(app.join("app/api/export")).unwrap();
    std::fs::write(
        app.join("app/api/export/route.ts"),
        "import { getSupabaseAdmin } from \"@/utils/supabase/admin\";\n\
         export async function POST(req: Request) {\n\
           const { table } = await req.json();\n\
           const { data } = await getSupabaseAdmin().from(\"profiles\").delete().eq(\"id\", table);\n\
           return Response.json(data);\n\
         }\n",
    )
    .unwrap();
}

#[test]
fn baseline_round_trip_names_new_and_fixed_findings() {
    let (dir, app) = example_copy();
    let baseline = dir.path().join("baseline.json");
    let o = shipgate(&[
        "audit",
        app.to_str().unwrap(),
        "--write-baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    fix_cron_open_export(&app);
    let args = |format: &str| {
        vec![
            "audit".to_string(),
            app.to_str().unwrap().to_string(),
            "--baseline".to_string(),
            baseline.to_str().unwrap().to_string(),
            "--format".to_string(),
            format.to_string(),
            "--no-color".to_string(),
        ]
    };
    let run = |a: Vec<String>| shipgate(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let text = run(args("text"));
    assert_eq!(
        text.status.code(),
        Some(1),
        "the new critical fails the run"
    );
    let text = stdout(&text);
    assert!(
        text.lines()
            .any(|l| l.contains("app/api/export/route.ts") && l.ends_with(" NEW")),
        "{text}"
    );
    assert!(
        text.contains("fixed: auth/unprotected-route app/api/cron/digest/route.ts (critical)"),
        "{text}"
    );
    let md = stdout(&run(args("markdown")));
    assert!(md.contains("**(new)**"), "{md}");
    assert!(md.contains("Fixed since the baseline:"), "{md}");
    assert!(md.contains("`app/api/cron/digest/route.ts`"), "{md}");
    // --new-only: only what the change added.
    let mut only = args("json");
    only.push("--new-only".into());
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(only))).unwrap();
    let files: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert!(!files.is_empty());
    assert!(
        files.iter().all(|f| *f == "app/api/export/route.ts"),
        "{files:?}"
    );
    // --new-only without a baseline is a usage error.
    let o = shipgate(&["audit", EXAMPLE, "--new-only"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn sql_and_config_suppressions_work_and_unused_ones_are_named() {
    let (_dir, app) = example_copy();
    let migration = app.join("supabase/migrations/20250101000000_init.sql");
    let sql = std::fs::read_to_string(&migration).unwrap();
    let sql = sql.replacen(
        "create table public.contacts (",
        "-- shipgate-ignore db/rls-disabled: contacts are served only through the API routes\ncreate table public.contacts (",
        1,
    );
    let sql =
        format!("{sql}\n-- shipgate-ignore db/rls-disabled: nothing here to silence\nselect 1;\n");
    std::fs::write(&migration, sql).unwrap();
    let o = shipgate(&[
        "audit",
        app.to_str().unwrap(),
        "--format",
        "json",
        "--report-unused-suppressions",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let open: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["rule"] == "db/rls-disabled"
                && f["message"].as_str().unwrap().contains("public.contacts")
        })
        .collect();
    assert!(
        open.is_empty(),
        "the contacts finding is suppressed: {open:?}"
    );
    let suppressed = json["suppressed"].to_string();
    assert!(
        suppressed.contains("served only through the API routes"),
        "{suppressed}"
    );
    let err = stderr(&o);
    assert!(
        err.contains("shipgate-ignore db/rls-disabled silences nothing"),
        "{err}"
    );
    assert_eq!(err.matches("silences nothing").count(), 1, "{err}");
}

#[test]
fn sarif_severity_tags_fingerprints_and_paths_are_per_result() {
    let o = shipgate(&["audit", EXAMPLE, "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    // Every result's descriptor carries the result's own severity.
    for r in results {
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
        assert_eq!(
            rule["properties"]["severity"], r["properties"]["severity"],
            "{}",
            r["ruleId"]
        );
        if let Some(s) = rule["properties"].get("security-severity") {
            assert_eq!(Some(s), r["properties"].get("security-severity"));
        }
    }
    // A rule reported below its default severity has a descriptor of its own.
    assert!(
        rules
            .iter()
            .any(|r| r["id"].as_str().unwrap().contains('@'))
    );
    // Only security rules are tagged security.
    for r in rules {
        let tags = r["properties"]["tags"].to_string();
        let id = r["id"].as_str().unwrap();
        if id.starts_with("ux/")
            || id.starts_with("delivery/")
            || id.starts_with("db/missing-fk-index")
        {
            assert!(!tags.contains("security"), "{id}: {tags}");
        }
    }
    // Fingerprints are unique per result; paths are the repository's.
    let fps: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| {
            r["partialFingerprints"]["shipgateFingerprint/v1"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(fps.len(), results.len());
    assert!(results.iter().all(|r| {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .is_none_or(|u| u.starts_with("examples/acme-crm/"))
    }));
    assert!(run["properties"]["commit"].is_string());
}

#[test]
fn init_writes_a_starter_config_that_loads_and_never_overwrites() {
    let (_dir, app) = example_copy();
    let o = shipgate(&["init", app.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let toml = std::fs::read_to_string(app.join("shipgate.toml")).unwrap();
    assert!(toml.contains("next-app-router"), "{toml}");
    assert!(toml.contains("#   \"GET /api/cron/digest\","), "{toml}");
    // Uncommenting a candidate gives a working entry.
    let decided = toml.replace(
        "#   \"GET /api/cron/digest\",",
        "  \"GET /api/cron/digest\",",
    );
    std::fs::write(app.join("shipgate.toml"), decided).unwrap();
    let o = shipgate(&[
        "audit",
        app.to_str().unwrap(),
        "--format",
        "json",
        "--fail-on",
        "none",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stdout(&o).contains("`GET /api/cron/digest` accepts requests from anyone"));
    std::fs::write(app.join("shipgate.toml"), &toml).unwrap();
    // The written file is a valid config for an audit.
    let o = shipgate(&["audit", app.to_str().unwrap(), "--fail-on", "none"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A second init refuses to replace it.
    let o = shipgate(&["init", app.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"));
}

#[test]
fn rules_filter_by_category_and_severity_and_suggest_ids() {
    let o = shipgate(&[
        "rules",
        "--category",
        "db",
        "--severity",
        "critical",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let list = list.as_array().unwrap();
    assert!(!list.is_empty());
    assert!(
        list.iter()
            .all(|r| r["category"] == "db" && r["severity"] == "critical")
    );
    let o = shipgate(&["rules", "--category", "ux"]);
    assert!(
        stdout(&o).lines().all(|l| l.starts_with("ux/")),
        "{}",
        stdout(&o)
    );
    let o = shipgate(&["rules", "--category", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    let o = shipgate(&["rule", "auth/unprotected-rout"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `auth/unprotected-route`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rule_switches_by_glob_group_and_path() {
    let (_dir, app) = example_copy();
    std::fs::write(
        app.join("shipgate.toml"),
        r#"
[rules]
"ux/*" = "off"
"db" = "low"

[[overrides]]
paths = ["app/api/cron/**"]
rules = { "auth/unprotected-route" = "off" }
"#,
    )
    .unwrap();
    let o = shipgate(&[
        "audit",
        app.to_str().unwrap(),
        "--format",
        "json",
        "--fail-on",
        "none",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .all(|f| !f["rule"].as_str().unwrap().starts_with("ux/"))
    );
    assert!(
        findings
            .iter()
            .filter(|f| f["rule"].as_str().unwrap().starts_with("db/"))
            .all(|f| f["severity"] == "low")
    );
    assert!(findings.iter().any(|f| f["rule"] == "db/rls-disabled"));
    assert!(!findings.iter().any(|f| {
        f["rule"] == "auth/unprotected-route"
            && f["file"]
                .as_str()
                .unwrap_or("")
                .starts_with("app/api/cron/")
    }));
    // A key that names no rule is an error, with a suggestion.
    std::fs::write(app.join("shipgate.toml"), "[rules]\n\"uxx/*\" = \"off\"\n").unwrap();
    let o = shipgate(&["audit", app.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown rule `uxx/*`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn examples_and_fixtures_are_not_the_product_unless_included() {
    let (_dir, app) = example_copy();
    let sample = app.join("examples/starter/app/api/open");
    std::fs::create_dir_all(&sample).unwrap();
    std::fs::write(
        app.join("examples/starter/package.json"),
        r#"{ "name": "starter", "dependencies": { "next": "15.1.0", "@supabase/supabase-js": "^2.47.0" } }"#,
    )
    .unwrap();
    std::fs::write(
        sample.join("route.ts"),
        "import { createClient } from \"@supabase/supabase-js\";\n\
         const admin = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!);\n\
         export async function POST(req: Request) {\n\
           const { id } = await req.json();\n\
           await admin.from(\"profiles\").delete().eq(\"id\", id);\n\
           return Response.json({ ok: true });\n\
         }\n",
    )
    .unwrap();
    let run = || audit_json(&app, &[]);
    let json = run();
    let files = json["findings"].to_string();
    assert!(!files.contains("examples/starter"), "examples are left out");
    assert!(
        json["skipped"].to_string().contains("examples/"),
        "{}",
        json["skipped"]
    );
    std::fs::write(app.join("shipgate.toml"), "include = [\"examples\"]\n").unwrap();
    let json = run();
    assert!(
        json["findings"]
            .to_string()
            .contains("examples/starter/app/api/open/route.ts")
    );
}

#[test]
fn rule_docs_are_linked_from_sarif_and_markdown_when_docs_url_is_set() {
    let (_dir, app) = example_copy();
    std::fs::write(
        app.join("shipgate.toml"),
        "docs_url = \"https://example.org/shipgate/blob/v1/docs/rules/\"\n",
    )
    .expect("write");
    let sarif = stdout(&audit_dir(&app, &["--format", "sarif"]));
    let v: serde_json::Value = serde_json::from_str(&sarif).expect("sarif");
    let rules = v["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let open = rules
        .iter()
        .find(|r| r["id"] == "auth/unprotected-route")
        .expect("descriptor");
    assert_eq!(
        open["helpUri"],
        "https://example.org/shipgate/blob/v1/docs/rules/auth--unprotected-route.md"
    );
    assert!(rules.iter().all(|r| r["helpUri"].is_string()));
    let md = stdout(&audit_dir(&app, &["--format", "markdown"]));
    assert!(md.contains(
        "[the rule's docs](https://example.org/shipgate/blob/v1/docs/rules/auth--client-supplied-identity.md)"
    ));
    // A URL that could break out of a link is refused.
    std::fs::write(
        app.join("shipgate.toml"),
        "docs_url = \"https://x.org/a) [click](https://evil\"\n",
    )
    .expect("write");
    let o = audit_dir(&app, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("docs_url must be an http(s) URL"));
}

/// Runs git in `dir` for a test fixture (shipgate itself never runs git).
fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn baseline_ref_reports_what_the_working_tree_adds_and_fixes() {
    let (dir, app) = example_copy();
    git(&app, &["init", "-q", "-b", "main"]);
    git(&app, &["add", "-A"]);
    git(&app, &["commit", "-q", "-m", "base"]);
    // The same change as the file round trip, not committed.
    fix_cron_open_export(&app);
    let app_s = app.to_str().unwrap();
    let o = shipgate(&["audit", app_s, "--baseline-ref", "main", "--no-color"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("shipgate: baseline: `main` (commit "),
        "{}",
        stderr(&o)
    );
    let text = stdout(&o);
    assert!(
        text.lines()
            .any(|l| l.contains("app/api/export/route.ts") && l.ends_with(" NEW")),
        "{text}"
    );
    assert!(
        text.contains("fixed: auth/unprotected-route app/api/cron/digest/route.ts (critical)"),
        "{text}"
    );
    // Only the export route is new; the working tree was never touched by the audit.
    let o = shipgate(&[
        "audit",
        app_s,
        "--baseline-ref",
        "main",
        "--new-only",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let files: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert!(!files.is_empty());
    assert!(
        files.iter().all(|f| *f == "app/api/export/route.ts"),
        "{files:?}"
    );
    assert!(app.join("app/api/export/route.ts").exists());
    assert!(!app.join("app/api/cron/digest/route.ts").exists());
    // A subdirectory of the repository is compared with the same subdirectory at the ref.
    let o = shipgate(&[
        "audit",
        app.join("app").to_str().unwrap(),
        "--baseline-ref",
        "main",
        "--fail-on",
        "none",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Unknown refs, a non-repository and --baseline with --baseline-ref are one-line errors.
    let o = shipgate(&["audit", app_s, "--baseline-ref", "no-such-branch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("names no branch, tag or remote branch"),
        "{}",
        stderr(&o)
    );
    let (_plain, plain) = example_copy();
    let o = shipgate(&["audit", plain.to_str().unwrap(), "--baseline-ref", "main"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = shipgate(&[
        "audit",
        app_s,
        "--baseline-ref",
        "main",
        "--baseline",
        "x.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    drop(dir);
}

#[test]
fn a_documentation_site_is_not_the_product_unless_included() {
    let (_dir, app) = example_copy();
    // A Nextra docs site with an open API route of its own, under apps/handbook-docs.
    let site = app.join("apps/handbook-docs");
    std::fs::create_dir_all(site.join("pages/api")).unwrap();
    std::fs::write(
        site.join("package.json"),
        r#"{ "name": "handbook", "dependencies": { "next": "14.2.0", "nextra": "2.13.0", "nextra-theme-docs": "2.13.0" } }"#,
    )
    .unwrap();
    std::fs::write(
        site.join("pages/api/search.ts"),
        "import { PrismaClient } from \"@prisma/client\";\n\
         const db = new PrismaClient();\n\
         export default async function handler(req, res) {\n\
           await db.page.deleteMany({ where: { slug: req.body.slug } });\n\
           res.json({ ok: true });\n\
         }\n",
    )
    .unwrap();
    // A `docs` folder of Markdown with a package.json for a linter is not a site.
    std::fs::create_dir_all(app.join("docs")).unwrap();
    std::fs::write(
        app.join("docs/package.json"),
        r#"{ "devDependencies": { "markdownlint-cli": "0.41.0" } }"#,
    )
    .unwrap();
    let run = || audit_json(&app, &[]);
    let json = run();
    assert!(!json["findings"].to_string().contains("apps/handbook-docs"));
    let skipped = json["skipped"].to_string();
    assert!(
        skipped.contains("apps/handbook-docs/") && skipped.contains("a documentation site"),
        "{skipped}"
    );
    assert!(!skipped.contains("\"docs/\""), "{skipped}");
    std::fs::write(
        app.join("shipgate.toml"),
        "include = [\"apps/handbook-docs\"]\n",
    )
    .unwrap();
    assert!(
        run()["findings"]
            .to_string()
            .contains("apps/handbook-docs/pages/api/search.ts")
    );
}
