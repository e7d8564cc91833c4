//! The fixture harness: each rule has tiny apps under
//! `tests/fixtures/<group>/<name>/{pass,fail}/<case>/`. In `fail` cases every line that
//! must be flagged carries a marker comment `expect: <rule-id>`; the harness requires a
//! finding on every marker and none elsewhere, and snapshots the rendered findings.

use crate::find;
use shipgate_model::{AppModel, Config};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

pub fn fixture_dir(id: &str) -> PathBuf {
    let (group, name) = id.split_once('/').expect("rule id is group/name");
    fixtures_root().join(group).join(name)
}

pub fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// `(path, line)` of every `expect: <id>` marker in a case.
pub fn markers(case: &Path, id: &str) -> BTreeSet<(String, u32)> {
    let mut all = Vec::new();
    files(case, &mut all);
    let mut out = BTreeSet::new();
    for f in all {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let rel = f
            .strip_prefix(case)
            .unwrap_or(&f)
            .to_string_lossy()
            .replace('\\', "/");
        for (i, line) in text.lines().enumerate() {
            if let Some(idx) = line.find("expect:") {
                let ids = &line[idx + "expect:".len()..];
                if ids
                    .split([',', ' '])
                    .map(|s| {
                        s.trim()
                            .trim_end_matches("*/")
                            .trim_end_matches("}")
                            .trim_end_matches('"')
                    })
                    .any(|s| s == id)
                {
                    out.insert((rel.clone(), i as u32 + 1));
                }
            }
        }
    }
    out
}

pub fn model_of(case: &Path) -> AppModel {
    let config = match std::fs::read_to_string(case.join("shipgate.toml")) {
        Ok(text) => Config::parse(&text, "shipgate.toml").expect("fixture shipgate.toml parses"),
        Err(_) => Config::default(),
    };
    shipgate_extract::build_model(case, &case.to_string_lossy(), config).expect("fixture builds")
}

fn render(model: &AppModel, findings: &[shipgate_model::Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let at =
            f.at.map(|l| model.describe(l))
                .unwrap_or_else(|| "(repo)".into());
        let confidence = if f.confidence == shipgate_model::Confidence::Proven {
            String::new()
        } else {
            format!(", {}", f.confidence.as_str())
        };
        out.push_str(&format!(
            "{} [{}{confidence}] {}\n  {}\n  fix: {}\n",
            at, f.severity, f.entity, f.message, f.fix
        ));
        for r in &f.related {
            out.push_str(&format!(
                "  related: {} {}\n",
                model.describe(r.at),
                r.message
            ));
        }
    }
    out
}

/// Runs one rule over all its fixtures and checks markers; snapshots fail-case output.
pub fn check_fixtures(id: &str) {
    let rule = find(id).unwrap_or_else(|| panic!("unknown rule {id}"));
    let dir = fixture_dir(id);
    let fails = cases(&dir.join("fail"));
    let passes = cases(&dir.join("pass"));
    assert!(
        !fails.is_empty() && !passes.is_empty(),
        "{id}: needs pass and fail fixtures in {}",
        dir.display()
    );
    for case in &fails {
        let model = model_of(case);
        // Findings as a run reports them: unproven ones capped at medium.
        let mut outcome = rule.check(&model);
        outcome.findings.iter_mut().for_each(crate::cap_unproven);
        let expected = markers(case, id);
        assert!(
            !expected.is_empty(),
            "{}: fail case has no `expect: {id}` marker",
            case.display()
        );
        let actual: BTreeSet<(String, u32)> = outcome
            .findings
            .iter()
            .filter_map(|f| {
                f.at.map(|l| {
                    (
                        model.path(l.file).to_string(),
                        model.file(l.file).line_col(l.span.start).0,
                    )
                })
            })
            .collect();
        assert_eq!(
            actual,
            expected,
            "{}: findings (left) differ from markers (right)\n{}",
            case.display(),
            render(&model, &outcome.findings)
        );
        assert_eq!(
            outcome.status,
            shipgate_model::CheckStatus::Fail,
            "{}",
            case.display()
        );
        let name = format!(
            "{}__{}",
            id.replace('/', "__"),
            case.file_name().and_then(|n| n.to_str()).unwrap_or("case")
        );
        insta::assert_snapshot!(name, render(&model, &outcome.findings));
    }
    for case in &passes {
        let model = model_of(case);
        let outcome = rule.check(&model);
        assert!(
            outcome.findings.is_empty(),
            "{}: pass case produced findings:\n{}",
            case.display(),
            render(&model, &outcome.findings)
        );
    }
}
