//! `--format json`: the contract in output.md. Field order is fixed by construction and all
//! arrays are sorted, so two runs on the same tree give the same bytes.

use crate::{Report, ReportFinding, TOOL_NAME, TOOL_VERSION};
use serde_json::{Map, Value, json};
use shipgate_model::Severity;

fn obj(pairs: Vec<(&str, Value)>) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
}

pub fn finding_json(r: &Report, f: &ReportFinding) -> Value {
    let related: Vec<Value> = f
        .finding
        .related
        .iter()
        .map(|rel| {
            let src = r.model.file(rel.at.file);
            let (line, column) = src.line_col(rel.at.span.start);
            obj(vec![
                ("file", json!(src.path)),
                ("line", json!(line)),
                ("column", json!(column)),
                ("message", json!(rel.message)),
            ])
        })
        .collect();
    let mut v = obj(vec![
        ("rule", json!(f.finding.rule)),
        ("category", json!(f.category.id())),
        ("severity", json!(f.finding.severity.as_str())),
        ("file", json!(f.file)),
        (
            "line",
            if f.file.is_some() {
                json!(f.line)
            } else {
                Value::Null
            },
        ),
        (
            "column",
            if f.file.is_some() {
                json!(f.column)
            } else {
                Value::Null
            },
        ),
        ("message", json!(f.finding.message)),
        ("evidence", json!(f.snippet)),
        ("route", json!(f.finding.route)),
        ("fix", json!(f.finding.fix)),
        ("confidence", json!(f.finding.confidence.as_str())),
        ("related", Value::Array(related)),
        ("points", json!(f.points)),
        ("fingerprint", json!(f.fingerprint)),
    ]);
    if !f.finding.unresolved.is_empty() {
        v["unresolved"] = json!(f.finding.unresolved);
    }
    if f.baselined {
        v["baselined"] = json!(true);
    }
    v
}

pub fn render(r: &Report) -> String {
    let m = r.model;
    let categories: Vec<Value> = r
        .categories
        .iter()
        .map(|c| {
            let counts = obj(Severity::ALL
                .iter()
                .enumerate()
                .map(|(i, s)| (s.as_str(), json!(c.counts[i])))
                .collect());
            obj(vec![
                ("id", json!(c.category.id())),
                ("title", json!(c.category.title())),
                ("score", json!(c.score)),
                ("counts", counts),
            ])
        })
        .collect();
    let routes: Vec<Value> = m
        .routes
        .iter()
        .map(|rt| {
            let src = m.file(rt.at.file);
            let mut pairs = vec![
                ("method", json!(rt.method)),
                ("path", json!(rt.path)),
                ("file", json!(src.path)),
                ("line", json!(src.line_col(rt.at.span.start).0)),
                ("framework", json!(rt.framework.as_str())),
                ("guard", json!(rt.guard.as_str())),
                ("confidence", json!(rt.confidence.as_str())),
                ("evidence", json!(rt.evidence)),
                ("intended_public", json!(rt.intended_public)),
                ("auth_idiom", json!(rt.auth_idiom)),
                ("role_check", json!(rt.role_check.map(|l| m.describe(l)))),
            ];
            if !rt.unresolved.is_empty() {
                pairs.push(("unresolved", json!(rt.unresolved)));
            }
            obj(pairs)
        })
        .collect();
    let pages: Vec<Value> = m
        .pages
        .iter()
        .map(|p| {
            obj(vec![
                ("path", json!(p.path)),
                ("file", json!(m.path(p.file))),
                ("dynamic", json!(p.dynamic)),
                ("middleware_guarded", json!(p.middleware_guarded)),
            ])
        })
        .collect();
    let middleware: Vec<Value> = m
        .middleware
        .iter()
        .map(|mw| {
            obj(vec![
                ("file", json!(m.path(mw.at.file))),
                (
                    "line",
                    json!(m.file(mw.at.file).line_col(mw.at.span.start).0),
                ),
                ("kind", json!(mw.kind)),
                ("matchers", json!(mw.matchers)),
                ("enforces", json!(mw.enforces)),
                ("evidence", json!(mw.evidence)),
            ])
        })
        .collect();
    let checks: Vec<Value> = r
        .checks
        .iter()
        .map(|c| {
            let mut pairs = vec![
                ("rule", json!(c.meta.id)),
                ("status", json!(c.status.as_str())),
            ];
            if let Some(e) = &c.evidence
                && !e.is_empty()
            {
                pairs.push(("evidence", json!(e)));
            }
            obj(pairs)
        })
        .collect();
    // Findings carry the F-number the human formats show; problems name them by it.
    let numbers = crate::roadmap::numbers(r);
    let findings: Vec<Value> = r
        .findings
        .iter()
        .zip(&numbers)
        .map(|(f, n)| {
            let mut v = finding_json(r, f);
            if let Value::Object(map) = &mut v {
                let mut with_id = Map::new();
                with_id.insert("id".into(), json!(format!("F{n}")));
                with_id.extend(std::mem::take(map));
                *map = with_id;
            }
            v
        })
        .collect();
    let problems: Vec<Value> = crate::problems::build(r)
        .iter()
        .map(|p| {
            obj(vec![
                ("id", json!(p.id)),
                ("title", json!(p.title)),
                ("severity", json!(p.severity.as_str())),
                ("kind", json!(p.subject.kind())),
                ("entity", json!(p.subject.name())),
                (
                    "rules",
                    json!(p.rules.iter().map(|m| m.id).collect::<Vec<_>>()),
                ),
                (
                    "findings",
                    json!(
                        p.findings
                            .iter()
                            .map(|(n, _)| format!("F{n}"))
                            .collect::<Vec<_>>()
                    ),
                ),
            ])
        })
        .collect();
    let suppressed: Vec<Value> = r
        .suppressed
        .iter()
        .map(|s| {
            let mut v = finding_json(r, &s.finding);
            if let Value::Object(map) = &mut v {
                map.insert("suppressed_by".into(), json!(s.at));
                map.insert("reason".into(), json!(s.reason));
            }
            v
        })
        .collect();
    let mut skipped: Vec<Value> = m
        .skipped
        .iter()
        .map(|s| obj(vec![("path", json!(s.path)), ("reason", json!(s.reason))]))
        .collect();
    // SQL statements the parser could not read: listed, never dropped silently.
    for s in &m.schema.skipped {
        skipped.push(obj(vec![
            ("path", json!(m.path(s.at.file))),
            (
                "reason",
                json!(format!(
                    "SQL statement at line {} not parsed: {}",
                    m.file(s.at.file).line_col(s.at.span.start).0,
                    s.reason
                )),
            ),
        ]));
    }
    let tables: Vec<Value> = m
        .schema
        .tables
        .iter()
        .filter(|t| !t.external)
        .map(|t| {
            let mut commands: Vec<&str> = t.policies.iter().map(|p| p.command.as_str()).collect();
            commands.sort();
            commands.dedup();
            obj(vec![
                ("name", json!(t.qualified())),
                ("file", json!(m.path(t.at.file))),
                ("line", json!(m.file(t.at.file).line_col(t.at.span.start).0)),
                ("rls", json!(t.rls.is_some())),
                ("policies", json!(commands)),
            ])
        })
        .collect();
    let doc = obj(vec![
        ("schema_version", json!(1)),
        (
            "tool",
            obj(vec![
                ("name", json!(TOOL_NAME)),
                ("version", json!(TOOL_VERSION)),
            ]),
        ),
        ("commit", json!(m.commit)),
        ("warnings", json!(r.warnings)),
        ("root", json!(m.root)),
        ("verdict", json!(r.verdict.as_str())),
        ("score", json!(r.score)),
        ("stack", json!(m.stack)),
        ("categories", Value::Array(categories)),
        (
            "inventory",
            obj(vec![
                ("routes", Value::Array(routes)),
                ("pages", Value::Array(pages)),
                ("tables", Value::Array(tables)),
                ("middleware", Value::Array(middleware)),
            ]),
        ),
        ("checks", Value::Array(checks)),
        ("findings", Value::Array(findings)),
        ("problems", Value::Array(problems)),
        ("suppressed", Value::Array(suppressed)),
        ("skipped", Value::Array(skipped)),
        (
            "stats",
            obj(vec![
                ("files_walked", json!(m.stats.files_walked)),
                ("files_parsed", json!(m.stats.files_parsed)),
                ("lines_parsed", json!(m.stats.lines_parsed)),
            ]),
        ),
    ]);
    let mut doc = doc;
    if let Some(b) = r.baseline {
        doc["baseline"] = json!({ "known": b.known, "new": b.new });
    }
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
