//! `--format markdown`: the report a person reads. Verdict first, then the scorecard,
//! blockers with code excerpts, evidence and fixes, the rest by severity, what passed, and
//! the route, page and middleware inventories.

use crate::{Report, ReportFinding};
use shipgate_model::{CheckStatus, Guard, Severity};
use std::fmt::Write;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn lang(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("ts" | "mts" | "cts") => "ts",
        Some("tsx") => "tsx",
        Some("js" | "mjs" | "cjs") => "js",
        Some("jsx") => "jsx",
        Some("sql") => "sql",
        Some("toml") => "toml",
        Some("json") => "json",
        _ => "",
    }
}

fn excerpt(r: &Report, f: &ReportFinding, out: &mut String) {
    let (Some(loc), Some(path)) = (f.finding.at, &f.file) else {
        return;
    };
    let src = r.model.file(loc.file);
    let first = f.line.saturating_sub(2).max(1);
    let last = (f.line + 2).min(src.line_count());
    let width = last.to_string().len();
    let _ = writeln!(out, "```{}", lang(path));
    for l in first..=last {
        let marker = if l == f.line { ">" } else { " " };
        let text = shipgate_model::secrets::redact_line(path, src.line_text(l));
        let _ = writeln!(out, "{marker} {l:>width$} | {text}");
    }
    let _ = writeln!(out, "```");
}

fn where_(f: &ReportFinding) -> String {
    match &f.file {
        Some(p) => format!("{p}:{}", f.line),
        None => "repository".to_string(),
    }
}

fn detailed(r: &Report, idx: usize, f: &ReportFinding, out: &mut String) {
    let subject = f.finding.route.clone().unwrap_or_else(|| where_(f));
    let _ = writeln!(out, "### {idx}. `{}`: {}\n", f.finding.rule, cell(&subject));
    let _ = writeln!(out, "{}\n", f.finding.message);
    let _ = writeln!(out, "`{}`\n", where_(f));
    excerpt(r, f, out);
    let _ = writeln!(out);
    for rel in &f.finding.related {
        let _ = writeln!(out, "- {}: {}", r.describe(rel.at), rel.message);
    }
    if !f.finding.related.is_empty() {
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "**Fix:** {}\n", f.finding.fix);
    let _ = writeln!(out, "_Costs {} points in {}._\n", f.points, f.category.id());
}

pub fn render(r: &Report) -> String {
    let m = r.model;
    let mut out = String::new();
    let _ = writeln!(out, "# shipgate audit: `{}`\n", m.root);
    let verdict = match r.verdict {
        crate::Verdict::NotReady => "❌ **NOT READY**",
        crate::Verdict::ReadyWithRisks => "⚠️ **READY WITH RISKS**",
        crate::Verdict::Ready => "✅ **READY**",
    };
    let _ = writeln!(
        out,
        "{verdict}: {}. Score **{}/100**.\n",
        r.verdict.headline().split(": ").nth(1).unwrap_or(""),
        r.score
    );
    if let Some(b) = r.baseline {
        let _ = writeln!(
            out,
            "Baseline: **{} new** finding(s); {} already in the baseline and not counted for `--fail-on`.\n",
            b.new, b.known
        );
    }
    let counts: Vec<String> = Severity::ALL
        .iter()
        .map(|s| format!("{} {}", r.count(*s), s.as_str()))
        .collect();
    let by_guard = |g: Guard| m.routes.iter().filter(|rt| rt.guard == g).count();
    let _ = writeln!(
        out,
        "{}. {} routes ({} in-route, {} middleware-only, {} verified, {} public), {} pages. Stack: {}.\n",
        counts.join(" · "),
        m.routes.len(),
        by_guard(Guard::InRoute),
        by_guard(Guard::Middleware),
        by_guard(Guard::Verified),
        by_guard(Guard::Public),
        m.pages.len(),
        if m.stack.is_empty() {
            "not detected".to_string()
        } else {
            m.stack.join(", ")
        }
    );

    let _ = writeln!(out, "## Scorecard\n");
    let _ = writeln!(
        out,
        "| Category | Score | Critical | High | Medium | Low | Info | Points lost |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|");
    for c in &r.categories {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            c.category.title(),
            c.score,
            c.counts[0],
            c.counts[1],
            c.counts[2],
            c.counts[3],
            c.counts[4],
            c.lost
        );
    }
    let _ = writeln!(
        out,
        "\nEach category starts at 100 and loses 30 per critical, 15 per high, 6 per medium and 2 per low finding (floor 0); the overall score is the mean over every category shipgate checks (100 where no rule applied), capped at 49 while a critical stands and at 79 while a high stands.\n"
    );

    let critical: Vec<&ReportFinding> = r
        .findings
        .iter()
        .filter(|f| f.finding.severity == Severity::Critical)
        .collect();
    let high: Vec<&ReportFinding> = r
        .findings
        .iter()
        .filter(|f| f.finding.severity == Severity::High)
        .collect();
    let _ = writeln!(out, "## Blockers (critical)\n");
    if critical.is_empty() {
        let _ = writeln!(out, "None.\n");
    }
    for (i, f) in critical.iter().enumerate() {
        detailed(r, i + 1, f, &mut out);
    }
    let _ = writeln!(out, "## High\n");
    if high.is_empty() {
        let _ = writeln!(out, "None.\n");
    }
    for (i, f) in high.iter().enumerate() {
        detailed(r, i + 1, f, &mut out);
    }
    for sev in [Severity::Medium, Severity::Low, Severity::Info] {
        let list: Vec<&ReportFinding> = r
            .findings
            .iter()
            .filter(|f| f.finding.severity == sev)
            .collect();
        let title = match sev {
            Severity::Medium => "Medium",
            Severity::Low => "Low",
            _ => "Info",
        };
        let _ = writeln!(out, "## {title}\n");
        if list.is_empty() {
            let _ = writeln!(out, "None.\n");
            continue;
        }
        for f in list {
            let _ = writeln!(
                out,
                "- **`{}`** `{}`: {} **Fix:** {}",
                f.finding.rule,
                where_(f),
                f.finding.message,
                f.finding.fix
            );
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "## What passed\n");
    let passed: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Pass)
        .collect();
    if passed.is_empty() {
        let _ = writeln!(out, "No check passed outright.\n");
    } else {
        let _ = writeln!(out, "| Check | Evidence |\n|---|---|");
        for c in passed {
            let _ = writeln!(
                out,
                "| `{}` | {} |",
                c.meta.id,
                cell(c.evidence.as_deref().unwrap_or(""))
            );
        }
        let _ = writeln!(out);
    }
    let failed: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Fail)
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(
            out,
            "Failed: {}.\n",
            failed
                .iter()
                .map(|c| format!("`{}` ({})", c.meta.id, c.findings))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let na: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::NotApplicable)
        .collect();
    if !na.is_empty() {
        let _ = writeln!(
            out,
            "Not applicable: {}.\n",
            na.iter()
                .map(|c| format!(
                    "`{}` ({})",
                    c.meta.id,
                    c.evidence.as_deref().unwrap_or("n/a")
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    let _ = writeln!(out, "## Route inventory\n");
    if m.routes.is_empty() {
        let _ = writeln!(out, "No API routes found.\n");
    } else {
        let _ = writeln!(
            out,
            "| Method | Path | Guard | Evidence | Handler |\n|---|---|---|---|---|"
        );
        for rt in &m.routes {
            let mut evidence = rt.evidence.clone();
            if let Some(why) = &rt.intended_public {
                evidence = format!("intended public ({why}); {evidence}");
            }
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | `{}` |",
                rt.method,
                cell(&rt.path),
                rt.guard.as_str(),
                cell(&evidence),
                m.describe(rt.at)
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Page inventory\n");
    if m.pages.is_empty() {
        let _ = writeln!(out, "No pages found.\n");
    } else {
        let _ = writeln!(
            out,
            "| Path | Kind | Middleware requires sign-in | File |\n|---|---|---|---|"
        );
        for p in &m.pages {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | `{}` |",
                cell(&p.path),
                if p.dynamic { "dynamic" } else { "static" },
                if p.middleware_guarded { "yes" } else { "no" },
                m.path(p.file)
            );
        }
        let _ = writeln!(out);
    }
    tables_section(&mut out, m);
    if !m.middleware.is_empty() {
        let _ = writeln!(out, "## Middleware\n");
        for mw in &m.middleware {
            let matchers = if mw.matchers.is_empty() {
                "all paths".to_string()
            } else {
                mw.matchers
                    .iter()
                    .map(|x| format!("`{}`", cell(x)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                out,
                "- `{}`: {}. Matcher: {matchers}.",
                m.describe(mw.at),
                mw.evidence
            );
        }
        let _ = writeln!(out);
    }
    if !r.suppressed.is_empty() {
        let _ = writeln!(out, "## Suppressed findings\n");
        for s in &r.suppressed {
            let reason = if s.reason.is_empty() {
                "no reason given".to_string()
            } else {
                s.reason.clone()
            };
            let _ = writeln!(
                out,
                "- `{}` `{}` ({}): {} Suppressed at `{}`: {reason}",
                s.finding.finding.rule,
                where_(&s.finding),
                s.finding.finding.severity,
                s.finding.finding.message,
                s.at
            );
        }
        let _ = writeln!(out);
    }
    if !m.skipped.is_empty() || !m.schema.skipped.is_empty() {
        let _ = writeln!(out, "## Skipped files\n");
        for s in &m.skipped {
            let _ = writeln!(out, "- `{}`: {}", s.path, s.reason);
        }
        for s in &m.schema.skipped {
            let _ = writeln!(
                out,
                "- `{}`: SQL statement not parsed: {}",
                m.describe(s.at),
                cell(&s.reason)
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "---\nshipgate {} · {} files walked, {} JS/TS files parsed ({} lines).",
        crate::TOOL_VERSION,
        m.stats.files_walked,
        m.stats.files_parsed,
        m.stats.lines_parsed
    );
    out
}

/// The database tables the migrations define: RLS, policies per command, and which routes
/// read or write each.
fn tables_section(out: &mut String, m: &shipgate_model::AppModel) {
    use shipgate_model::schema::PolicyCommand;
    let tables: Vec<_> = m.schema.tables.iter().filter(|t| !t.external).collect();
    if tables.is_empty() {
        return;
    }
    let sources: Vec<String> = m
        .schema
        .sources
        .iter()
        .map(|s| format!("`{}` ({}, {} file(s))", s.path, s.kind.as_str(), s.files))
        .collect();
    let _ = writeln!(out, "## Database tables\n");
    let _ = writeln!(out, "From {}.\n", sources.join(", "));
    let _ = writeln!(
        out,
        "| Table | RLS | Select | Insert | Update | Delete | Used by | Defined at |\n|---|---|---|---|---|---|---|---|"
    );
    for t in tables {
        let per = |cmd: PolicyCommand| {
            let n = t
                .policies
                .iter()
                .filter(|p| p.command == cmd || p.command == PolicyCommand::All)
                .count();
            if t.rls.is_none() {
                "n/a".to_string()
            } else if n == 0 {
                "none".to_string()
            } else {
                format!("{n} polic{}", if n == 1 { "y" } else { "ies" })
            }
        };
        let mut users: Vec<String> = m
            .table_uses(&t.name)
            .iter()
            .map(|(r, op)| format!("{} ({})", r.entity(), op.op.as_str()))
            .collect();
        users.sort();
        users.dedup();
        let shown = if users.is_empty() {
            "no route".to_string()
        } else if users.len() > 4 {
            format!("{}, and {} more", users[..4].join(", "), users.len() - 4)
        } else {
            users.join(", ")
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} | `{}` |",
            t.qualified(),
            if t.rls.is_some() { "on" } else { "**off**" },
            per(PolicyCommand::Select),
            per(PolicyCommand::Insert),
            per(PolicyCommand::Update),
            per(PolicyCommand::Delete),
            cell(&shown),
            m.describe(t.at)
        );
    }
    let _ = writeln!(out);
}
