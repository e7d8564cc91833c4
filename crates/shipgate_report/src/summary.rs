//! `--format summary`: a short Markdown summary for a CI job page (`$GITHUB_STEP_SUMMARY`)
//! or a pull-request comment: verdict, score, counts, and the ten worst problems (new
//! ones first), each a row with its findings counted. Always well under GitHub's limits (60 KB here; GitHub allows 1 MiB).

use crate::Report;
use crate::escape::md_code;
use shipgate_model::Severity;
use std::fmt::Write;

/// Findings listed by name.
const TOP: usize = 10;
/// The most a summary may take.
pub const MAX_BYTES: usize = 60_000;

/// One problem as a table row: severity (marked new), title, how many findings, where the
/// worst one is.
fn row(report: &Report, p: &crate::problems::Problem) -> String {
    let title = crate::markdown::problem_title(p, 120);
    let new = if report.baseline.is_some() && !p.baselined() {
        "**new** "
    } else {
        ""
    };
    format!(
        "| {new}{} | {} | {} | {} |",
        p.severity.as_str(),
        title.replace('|', "\\|"),
        p.findings.len(),
        md_code(&p.findings[0].1.location()).replace('|', "\\|")
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
    if report.findings.is_empty() {
        let _ = writeln!(out, "No findings.\n\n_{}_", report.provenance());
        return out;
    }
    // Problems, new ones first: the findings about one route, table or file are one row.
    let mut problems = crate::problems::build(report);
    problems.sort_by_key(|p| report.baseline.is_some() && p.baselined());
    let title = if report.baseline.is_some() {
        "Top problems (new first)"
    } else {
        "Top problems"
    };
    let _ = writeln!(out, "### {title}\n");
    let _ = writeln!(out, "| Severity | Problem | Findings | Where |");
    let _ = writeln!(out, "|---|---|---|---|");
    let mut listed = 0;
    for p in problems.iter().take(TOP) {
        let line = row(report, p);
        if out.len() + line.len() + 200 > MAX_BYTES {
            break;
        }
        let _ = writeln!(out, "{line}");
        listed += 1;
    }
    if problems.len() > listed {
        let _ = writeln!(
            out,
            "\n…and {} more problems ({} findings in all): the full report is `shipgate audit --format markdown` (or `html`).",
            problems.len() - listed,
            report.findings.len()
        );
    }
    let _ = writeln!(out, "\n_{}_", report.provenance());
    out
}
