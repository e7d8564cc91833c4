//! `--format sarif`: SARIF 2.1.0 for code scanning. Rules come from rule metadata;
//! results carry stable fingerprints built from rule + path + entity, not the line
//! (numbered when one file has several findings with the same entity). Code scanning
//! reads `security-severity` from the rule, so a rule reported below its default severity
//! gets a descriptor of its own (`auth/unprotected-route@medium`) and a medium finding
//! never shows as critical. Only security rules carry the `security` tag.

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

/// The descriptor id a finding's result refers to: the rule's own id at its default
/// severity, `rule@severity` otherwise.
fn descriptor_id(meta: &shipgate_model::RuleMeta, sev: Severity) -> String {
    if sev == meta.severity {
        meta.id.to_string()
    } else {
        format!("{}@{}", meta.id, sev.as_str())
    }
}

fn location(r: &Report, prefix: &str, loc: shipgate_model::Loc, message: Option<&str>) -> Value {
    let src = r.model.file(loc.file);
    let (line, col) = src.line_col(loc.span.start);
    let mut v = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": format!("{prefix}{}", src.path), "uriBaseId": "%SRCROOT%" },
            "region": { "startLine": line, "startColumn": col }
        }
    });
    if let Some(m) = message {
        v["message"] = json!({ "text": m });
    }
    v
}

struct Ctx<'a> {
    prefix: &'a str,
    /// Descriptor ids in `rules` order.
    ids: Vec<String>,
}

fn result(
    r: &Report,
    ctx: &Ctx,
    f: &ReportFinding,
    fingerprint: &str,
    suppression: Option<&str>,
) -> Value {
    let meta = r.rules.iter().find(|m| m.id == f.finding.rule);
    let id = meta
        .map(|m| descriptor_id(m, f.finding.severity))
        .unwrap_or_else(|| f.finding.rule.to_string());
    let rule_index = ctx.ids.iter().position(|i| *i == id).unwrap_or(0);
    let mut v = json!({
        "ruleId": id,
        "ruleIndex": rule_index,
        "level": level(f.finding.severity),
        "message": { "text": format!("{} Fix: {}", f.finding.message, f.finding.fix) },
        "partialFingerprints": { "shipgateFingerprint/v1": fingerprint },
        "properties": { "rule": f.finding.rule, "severity": f.finding.severity.as_str(), "category": f.category.id(), "entity": f.finding.entity, "confidence": f.finding.confidence.as_str() },
    });
    if shipgate_rules::is_security(f.finding.rule) {
        v["properties"]["security-severity"] = json!(security_severity(f.finding.severity));
    }
    if !f.finding.unresolved.is_empty() {
        v["properties"]["unresolved"] = json!(f.finding.unresolved);
    }
    if r.baseline.is_some() {
        v["baselineState"] = json!(if f.baselined { "unchanged" } else { "new" });
    }
    if let Some(loc) = f.finding.at {
        let mut l = location(r, ctx.prefix, loc, None);
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
                let mut l = location(r, ctx.prefix, rel.at, Some(&rel.message));
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

/// `prefix` is put before every path, so URIs are relative to the repository root when
/// a subdirectory was audited (`apps/web/`).
pub fn render(r: &Report, prefix: &str) -> String {
    // One descriptor per rule, plus one per other severity a rule was reported at.
    let mut descriptors: Vec<(String, &shipgate_model::RuleMeta, Severity)> = r
        .rules
        .iter()
        .map(|m| (m.id.to_string(), *m, m.severity))
        .collect();
    for f in r
        .findings
        .iter()
        .chain(r.suppressed.iter().map(|s| &s.finding))
    {
        if let Some(m) = r.rules.iter().find(|m| m.id == f.finding.rule) {
            let id = descriptor_id(m, f.finding.severity);
            if !descriptors.iter().any(|(d, ..)| *d == id) {
                descriptors.push((id, *m, f.finding.severity));
            }
        }
    }
    descriptors.sort_by(|a, b| a.0.cmp(&b.0));
    let rules: Vec<Value> = descriptors
        .iter()
        .map(|(id, m, sev)| {
            let help = m
                .docs
                .lines()
                .map(|l| l.strip_prefix(' ').unwrap_or(l))
                .collect::<Vec<_>>()
                .join("\n");
            let mut tags = vec![m.category.id()];
            let mut props = json!({
                "category": m.category.id(),
                "precision": "high",
                "severity": sev.as_str(),
            });
            if shipgate_rules::is_security(m.id) {
                tags.insert(0, "security");
                props["security-severity"] = json!(security_severity(*sev));
            }
            props["tags"] = json!(tags);
            let mut d = json!({
                "id": id,
                "name": id.replace(['/', '-', '@'], "_"),
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": m.summary },
                "help": { "text": help, "markdown": help },
                "defaultConfiguration": { "level": level(*sev) },
                "properties": props
            });
            if let Some(url) = r.model.config.rule_doc_url(m.id) {
                d["helpUri"] = json!(url);
            }
            d
        })
        .collect();
    let ctx = Ctx {
        prefix,
        ids: descriptors.into_iter().map(|(id, ..)| id).collect(),
    };
    // Fingerprints are per rule, path and entity; several findings sharing one are
    // numbered in report order so each stays its own alert.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut numbered = |fp: &str| -> String {
        let n = seen.entry(fp.to_string()).or_insert(0);
        *n += 1;
        if *n == 1 {
            fp.to_string()
        } else {
            format!("{fp}:{n}")
        }
    };
    let mut results: Vec<Value> = Vec::new();
    for f in &r.findings {
        let fp = numbered(&f.fingerprint);
        results.push(result(r, &ctx, f, &fp, None));
    }
    for s in &r.suppressed {
        let reason = if s.reason.is_empty() {
            format!("shipgate-ignore at {}", s.at)
        } else {
            s.reason.clone()
        };
        let fp = numbered(&s.finding.fingerprint);
        results.push(result(r, &ctx, &s.finding, &fp, Some(&reason)));
    }
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
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The directory shipgate ran in (the repository root in CI)" } } },
            "properties": { "verdict": r.verdict.as_str(), "score": r.score, "commit": r.model.commit }
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}
