//! Baselines: the fingerprints of findings a team has accepted, so CI fails only on new
//! ones. Fingerprints are built from rule, path and entity, not lines, so a baseline
//! survives code moving within a file.

use crate::Report;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The baseline document for a report: every finding's fingerprint with its rule, file
/// and severity (for people reading the file), sorted and deduplicated.
pub fn write(report: &Report) -> String {
    let mut entries: Vec<(&str, &str, Option<&str>, &str)> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.fingerprint.as_str(),
                f.finding.rule,
                f.file.as_deref(),
                f.finding.severity.as_str(),
            )
        })
        .collect();
    entries.sort();
    entries.dedup_by_key(|e| e.0);
    let findings: Vec<Value> = entries
        .iter()
        .map(|(fp, rule, file, sev)| json!({ "fingerprint": fp, "rule": rule, "file": file, "severity": sev }))
        .collect();
    let doc = json!({
        "schema_version": 1,
        "tool": "shipgate",
        "findings": findings,
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

/// One finding a baseline lists: its fingerprint, and what was written beside it for
/// people (rule, file, severity), used to name findings fixed since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    pub file: Option<String>,
    pub severity: String,
}

/// The findings a baseline document lists.
pub fn read_entries(text: &str) -> Result<Vec<Entry>, String> {
    let fingerprints = read(text)?;
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let text_of = |f: &Value, k: &str| f.get(k).and_then(Value::as_str).map(str::to_string);
    let mut out: Vec<Entry> = v["findings"]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|f| {
            Some(Entry {
                fingerprint: text_of(f, "fingerprint")?,
                rule: text_of(f, "rule").unwrap_or_default(),
                file: text_of(f, "file"),
                severity: text_of(f, "severity").unwrap_or_default(),
            })
        })
        .collect();
    out.retain(|e| fingerprints.contains(&e.fingerprint));
    out.sort_by(|a, b| a.fingerprint.cmp(&b.fingerprint));
    out.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    Ok(out)
}

/// The fingerprints a baseline document lists.
pub fn read(text: &str) -> Result<BTreeSet<String>, String> {
    let v: Value =
        serde_json::from_str(text).map_err(|e| format!("not a shipgate baseline: {e}"))?;
    match v.get("schema_version").and_then(Value::as_u64) {
        Some(1) => {}
        Some(n) => {
            return Err(format!(
                "baseline schema_version {n} is not one this shipgate reads (it reads 1)"
            ));
        }
        None => return Err("not a shipgate baseline: no `schema_version`".to_string()),
    }
    let findings = v
        .get("findings")
        .and_then(|f| f.as_array())
        .ok_or("not a shipgate baseline: no `findings` array")?;
    findings
        .iter()
        .map(|f| {
            f.get("fingerprint")
                .and_then(|x| x.as_str())
                .map(str::to_string)
                .ok_or_else(|| {
                    "not a shipgate baseline: a finding has no `fingerprint`".to_string()
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{read, read_entries};

    #[test]
    fn reads_entries_for_fixed_findings() {
        let e = read_entries(
            r#"{"schema_version":1,"findings":[{"fingerprint":"ab","rule":"db/rls-disabled","file":"x.sql","severity":"critical"},{"fingerprint":"ab"},{"fingerprint":"cd","rule":"r","file":null,"severity":"low"}]}"#,
        )
        .unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].rule, "db/rls-disabled");
        assert_eq!(e[1].file, None);
    }

    #[test]
    fn reads_fingerprints_and_rejects_other_json() {
        let set = read(
            r#"{"schema_version":1,"findings":[{"fingerprint":"ab12"},{"fingerprint":"cd34"}]}"#,
        )
        .unwrap();
        assert_eq!(set.len(), 2);
        assert!(set.contains("ab12"));
        assert!(read("[]").is_err());
        assert!(read("not json").is_err());
        assert!(read(r#"{"findings":[{"rule":"x"}]}"#).is_err());
        let future = read(r#"{"schema_version":99,"findings":[]}"#).unwrap_err();
        assert!(future.contains("schema_version 99"), "{future}");
        assert!(read(r#"{"findings":[]}"#).is_err());
    }
}
