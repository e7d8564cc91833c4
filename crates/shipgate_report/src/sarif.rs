//! `--format sarif`: SARIF 2.1.0 for code scanning. Rules come from rule metadata;
//! results carry stable fingerprints built from rule + path + entity, not the line.

use crate::{Report, ReportFinding, TOOL_NAME, TOOL_VERSION};
use serde_json::{Value, json};
use shipgate_model::Severity;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

fn location(r: &Report, loc: shipgate_model::Loc, message: Option<&str>) -> Value {
    let src = r.model.file(loc.file);
    let (line, col) = src.line_col(loc.span.start);
    let mut v = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": src.path, "uriBaseId": "%SRCROOT%" },
            "region": { "startLine": line, "startColumn": col }
        }
    });
    if let Some(m) = message {
        v["message"] = json!({ "text": m });
    }
    v
}

fn result(r: &Report, f: &ReportFinding, rule_index: usize, suppression: Option<&str>) -> Value {
    let mut v = json!({
        "ruleId": f.finding.rule,
        "ruleIndex": rule_index,
        "level": level(f.finding.severity),
        "message": { "text": format!("{} Fix: {}", f.finding.message, f.finding.fix) },
        "partialFingerprints": { "shipgateFingerprint/v1": f.fingerprint },
        "properties": { "severity": f.finding.severity.as_str(), "category": f.category.id(), "entity": f.finding.entity, "confidence": f.finding.confidence.as_str() },
    });
    if !f.finding.unresolved.is_empty() {
        v["properties"]["unresolved"] = json!(f.finding.unresolved);
    }
    if r.baseline.is_some() {
        v["baselineState"] = json!(if f.baselined { "unchanged" } else { "new" });
    }
    if let Some(loc) = f.finding.at {
        let mut l = location(r, loc, None);
        if let Some(snippet) = &f.snippet {
            l["physicalLocation"]["region"]["snippet"] = json!({ "text": snippet });
        }
        v["locations"] = json!([l]);
    }
    if !f.finding.related.is_empty() {
        let rel: Vec<Value> = f
            .finding
            .related
            .iter()
            .enumerate()
            .map(|(i, rel)| {
                let mut l = location(r, rel.at, Some(&rel.message));
                l["id"] = json!(i + 1);
                l
            })
            .collect();
        v["relatedLocations"] = json!(rel);
    }
    if let Some(route) = &f.finding.route {
        v["properties"]["route"] = json!(route);
    }
    if let Some(reason) = suppression {
        v["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
    }
    v
}

pub fn render(r: &Report) -> String {
    let rules: Vec<Value> = r
        .rules
        .iter()
        .map(|m| {
            let help = m
                .docs
                .lines()
                .map(|l| l.strip_prefix(' ').unwrap_or(l))
                .collect::<Vec<_>>()
                .join("\n");
            json!({
                "id": m.id,
                "name": m.id.replace(['/', '-'], "_"),
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": m.summary },
                "help": { "text": help, "markdown": help },
                "defaultConfiguration": { "level": level(m.severity) },
                "properties": {
                    "category": m.category.id(),
                    "precision": "high",
                    "security-severity": security_severity(m.severity),
                    "tags": ["security", m.category.id()]
                }
            })
        })
        .collect();
    let index = |id: &str| r.rules.iter().position(|m| m.id == id).unwrap_or(0);
    let mut results: Vec<Value> = r
        .findings
        .iter()
        .map(|f| result(r, f, index(f.finding.rule), None))
        .collect();
    results.extend(r.suppressed.iter().map(|s| {
        let reason = if s.reason.is_empty() {
            format!("shipgate-ignore at {}", s.at)
        } else {
            s.reason.clone()
        };
        result(r, &s.finding, index(s.finding.finding.rule), Some(&reason))
    }));
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": TOOL_NAME,
                "version": TOOL_VERSION,
                "semanticVersion": TOOL_VERSION,
                "rules": rules
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": { "verdict": r.verdict.as_str(), "score": r.score }
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
