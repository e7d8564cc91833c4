//! `--format text`: compact terminal output, problems first with their findings under
//! them; ANSI colour only when asked (on a TTY).

use crate::escape::visible;
use crate::{Report, Verdict};
use shipgate_model::{CheckStatus, Guard, Severity};
use std::fmt::Write;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn sev(&self, sev: Severity) -> String {
        let label = format!("{:<8}", sev.as_str().to_uppercase());
        let code = match sev {
            Severity::Critical => "1;31",
            Severity::High => "31",
            Severity::Medium => "33",
            Severity::Low => "36",
            Severity::Info => "2",
        };
        self.wrap(code, &label)
    }
}

pub fn render(r: &Report, color: bool) -> String {
    let p = Paint { on: color };
    let m = r.model;
    let mut out = String::new();
    let colour = match r.verdict {
        Verdict::NotReady => "1;31",
        Verdict::ReadyWithRisks => "1;33",
        Verdict::Ready => "1;32",
    };
    let verdict = p.wrap(colour, r.verdict.label());
    let _ = writeln!(
        out,
        "shipgate {}  {}",
        p.bold(&visible(&m.root)),
        p.dim(&format!("({})", m.stack.join(", ")))
    );
    let _ = writeln!(out, "{verdict}  score {}/100\n", r.score);
    // Problems, most severe first; under each, its findings (worst first).
    let problems = crate::problems::build(r);
    for (i, problem) in problems.iter().enumerate() {
        if i > 0 {
            let _ = writeln!(out);
        }
        let _ = writeln!(
            out,
            "{} {}",
            p.sev(problem.severity),
            p.bold(&visible(&problem.title))
        );
        for (_, f) in &problem.findings {
            let place = match &f.file {
                Some(path) => format!("{}:{}:{}", visible(path), f.line, f.column),
                None => "(repository)".into(),
            };
            let new = if r.baseline.is_some() && !f.baselined {
                format!(" {}", p.bold("NEW"))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {} {} {place}{new}",
                p.sev(f.finding.severity),
                f.finding.rule,
            );
            let _ = writeln!(out, "           {}", visible(&f.finding.message));
            let _ = writeln!(
                out,
                "           {} {}",
                p.dim("fix:"),
                visible(&f.finding.fix)
            );
        }
    }
    if !r.findings.is_empty() {
        let _ = writeln!(out);
    }
    let counts: Vec<String> = Severity::ALL
        .iter()
        .map(|s| format!("{} {}", r.count(*s), s.as_str()))
        .collect();
    let _ = writeln!(
        out,
        "findings: {} in {} problem(s)",
        counts.join(", "),
        problems.len()
    );
    if let Some(b) = r.baseline {
        let _ = writeln!(
            out,
            "baseline: {} new, {} already in the baseline (not counted for --fail-on), {} fixed since",
            b.new,
            b.known,
            r.fixed.len()
        );
        for e in r.fixed.iter().take(20) {
            let _ = writeln!(
                out,
                "  fixed: {} {} ({})",
                visible(&e.rule),
                visible(e.file.as_deref().unwrap_or("(repository)")),
                visible(&e.severity)
            );
        }
        if r.fixed.len() > 20 {
            let _ = writeln!(out, "  fixed: {} more", r.fixed.len() - 20);
        }
    }
    if !r.suppressed.is_empty() {
        let _ = writeln!(
            out,
            "suppressed: {} (listed in the markdown and json reports)",
            r.suppressed.len()
        );
    }
    let pass = r
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Pass)
        .count();
    let fail = r
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Fail)
        .count();
    let na = r
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::NotApplicable)
        .count();
    let _ = writeln!(
        out,
        "checks: {pass} passed, {fail} failed, {na} not applicable"
    );
    let by_guard = |g: Guard| m.routes.iter().filter(|rt| rt.guard == g).count();
    let _ = writeln!(
        out,
        "routes: {} ({} in-route, {} middleware, {} verified, {} public); pages: {}",
        m.routes.len(),
        by_guard(Guard::InRoute),
        by_guard(Guard::Middleware),
        by_guard(Guard::Verified),
        by_guard(Guard::Public),
        m.pages.len()
    );
    let cats: Vec<String> = r
        .categories
        .iter()
        .map(|c| format!("{} {}", c.category.id(), c.score))
        .collect();
    if !cats.is_empty() {
        let _ = writeln!(out, "scores: {}", cats.join(", "));
    }
    if !m.skipped.is_empty() {
        let _ = writeln!(
            out,
            "skipped: {} file(s) (see the markdown or json report)",
            m.skipped.len()
        );
    }
    for w in &r.warnings {
        let _ = writeln!(out, "warning: {}", visible(w));
    }
    let not_checked = r.not_checked();
    let _ = writeln!(
        out,
        "not checked: {} (see the markdown report)",
        not_checked
            .iter()
            .map(|(what, _)| what.split(':').next().unwrap_or(what).to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join("; ")
    );
    let _ = writeln!(out, "{}", p.dim(&r.provenance()));
    out
}
