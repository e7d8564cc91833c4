//! `--format summary`: a short Markdown summary for a CI job page (`$GITHUB_STEP_SUMMARY`)
//! or a pull-request comment: verdict, score, counts, and the ten worst findings (new
//! ones first). Always well under GitHub's limits (60 KB here; GitHub allows 1 MiB).

use crate::escape::{md_code, md_prose};
use crate::{Report, ReportFinding};
use shipgate_model::Severity;
use std::fmt::Write;

/// Findings listed by name.
const TOP: usize = 10;
/// The most a summary may take.
pub const MAX_BYTES: usize = 60_000;

fn short(s: &str, max: usize) -> String {
    let one_line = s.replace(['\n', '\r'], " ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut out: String = one_line.chars().take(max).collect();
    out.push('…');
    out
}

fn row(f: &ReportFinding) -> String {
    format!(
        "| {} | `{}` | {} | {} |",
        f.finding.severity.as_str(),
        f.finding.rule,
        md_code(&f.location()).replace('|', "\\|"),
        md_prose(&short(&f.finding.message, 220)).replace('|', "\\|")
    )
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## shipgate: {} ({}/100)\n",
        report.verdict.label(),
        report.score
    );
    let _ = writeln!(out, "| critical | high | medium | low | info |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    let counts: Vec<String> = Severity::ALL
        .iter()
        .map(|s| report.count(*s).to_string())
        .collect();
    let _ = writeln!(out, "| {} |\n", counts.join(" | "));
    if let Some(b) = report.baseline {
        let _ = writeln!(
            out,
            "{} new since the baseline, {} already in it (only new findings count for `--fail-on`).\n",
            b.new, b.known
        );
    }
    let mut order: Vec<&ReportFinding> = report.findings.iter().collect();
    order.sort_by_key(|f| (f.baselined, f.finding.severity));
    if order.is_empty() {
        let _ = writeln!(out, "No findings.\n\n_{}_", report.provenance());
        return out;
    }
    let title = if report.baseline.is_some() {
        "Top findings (new first)"
    } else {
        "Top findings"
    };
    let _ = writeln!(out, "### {title}\n");
    let _ = writeln!(out, "| Severity | Rule | Where | What |");
    let _ = writeln!(out, "|---|---|---|---|");
    let mut listed = 0;
    for f in order.iter().take(TOP) {
        let line = row(f);
        if out.len() + line.len() + 200 > MAX_BYTES {
            break;
        }
        let mark = if report.baseline.is_some() && !f.baselined {
            line.replacen("| ", "| **new** ", 1)
        } else {
            line
        };
        let _ = writeln!(out, "{mark}");
        listed += 1;
    }
    if order.len() > listed {
        let _ = writeln!(
            out,
            "\n…and {} more: the full report is `shipgate audit --format markdown` (or `html`).",
            order.len() - listed
        );
    }
    let _ = writeln!(out, "\n_{}_", report.provenance());
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn shortens_on_one_line() {
        assert_eq!(super::short("a\nb", 10), "a b");
        assert_eq!(super::short("abcdef", 3), "abc…");
    }
}
