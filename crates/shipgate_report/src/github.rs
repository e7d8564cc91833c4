//! `--format github`: GitHub Actions workflow commands, one annotation per finding
//! (`::error file=…,line=…,title=…::message`), so findings show on the pull request's
//! files without code scanning. GitHub shows at most 10 annotations of each level per
//! step: the worst findings go first, new ones before baselined ones, and a closing notice
//! says how many were left out and where to read them.

use crate::{Report, ReportFinding};
use shipgate_model::Severity;
use std::fmt::Write;

/// Annotations of one level GitHub shows per step.
const PER_LEVEL: usize = 10;

/// Escapes the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

fn annotation(f: &ReportFinding, prefix: &str) -> String {
    let mut props = Vec::new();
    if let Some(file) = &f.file {
        props.push(format!("file={}", property(&format!("{prefix}{file}"))));
        if f.line > 0 {
            props.push(format!("line={}", f.line));
        }
        if f.column > 0 {
            props.push(format!("col={}", f.column));
        }
    }
    props.push(format!(
        "title={}",
        property(&format!(
            "shipgate {} ({})",
            f.finding.rule,
            f.finding.severity.as_str()
        ))
    ));
    let mut message = f.finding.message.clone();
    if !f.finding.fix.is_empty() {
        message.push_str("\nFix: ");
        message.push_str(&f.finding.fix);
    }
    format!(
        "::{} {}::{}",
        level(f.finding.severity),
        props.join(","),
        data(&message)
    )
}

/// The workflow commands for `report`. `prefix` is put before every file path, so paths
/// are relative to the repository root when a subdirectory was audited (`apps/web/`).
pub fn render(report: &Report, prefix: &str) -> String {
    let mut order: Vec<&ReportFinding> = report.findings.iter().collect();
    // Findings are already sorted worst first; new ones go before baselined ones.
    order.sort_by_key(|f| (f.baselined, f.finding.severity));
    let mut shown = [0usize; 3];
    let mut left_out = 0usize;
    let mut out = String::new();
    for f in order {
        if f.baselined {
            left_out += 1;
            continue;
        }
        let slot = match level(f.finding.severity) {
            "error" => 0,
            "warning" => 1,
            _ => 2,
        };
        // One notice is kept for the summary.
        let cap = if slot == 2 { PER_LEVEL - 1 } else { PER_LEVEL };
        if shown[slot] >= cap {
            left_out += 1;
            continue;
        }
        shown[slot] += 1;
        let _ = writeln!(out, "{}", annotation(f, prefix));
    }
    let mut summary = format!(
        "shipgate: {} ({})",
        report.summary_line(),
        report.provenance()
    );
    if left_out > 0 {
        let baselined = report.findings.iter().filter(|f| f.baselined).count();
        let _ = write!(
            summary,
            "; {left_out} finding(s) not annotated ({baselined} already in the baseline, the rest over GitHub's 10 per level): see the full report"
        );
    }
    let _ = writeln!(out, "::notice title=shipgate::{}", data(&summary));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_commands() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
