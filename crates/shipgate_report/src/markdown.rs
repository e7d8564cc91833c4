//! `--format markdown`: the report a person reads. Verdict first, then the problems
//! (findings that share a route, table, function or file, under P0/P1/P2), the scorecard, every finding (blockers and high
//! ones with code excerpts), the pre-deploy checklist, and the route, page, table and
//! middleware inventories.

use crate::escape::{md_code, md_fence, md_prose, md_text, visible};
use crate::{Report, ReportFinding};
use shipgate_model::{CheckStatus, Guard, Severity};
use std::fmt::Write;

/// Prose from the tree in a table cell.
fn cell(s: &str) -> String {
    md_prose(&s.replace('\n', " "))
}

/// Code from the tree in a table cell (a `|` would end the cell, even in code).
fn code_cell(s: &str) -> String {
    md_code(s).replace('|', "\\|")
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
    let lines = r.excerpt(f);
    let (Some(path), Some(last)) = (&f.file, lines.last()) else {
        return;
    };
    let width = last.number.to_string().len();
    let fence = md_fence(lines.iter().map(|l| l.text.as_str()));
    let _ = writeln!(out, "{fence}{}", lang(path));
    for l in &lines {
        let marker = if l.marked { ">" } else { " " };
        let _ = writeln!(out, "{marker} {:>width$} | {}", l.number, visible(&l.text));
    }
    let _ = writeln!(out, "{fence}");
}

/// Where a finding is, as code.
fn where_(f: &ReportFinding) -> String {
    md_code(&f.location())
}

/// How many places of one rule are listed before the rest go to the appendix.
const REPEAT_SHOWN: usize = 3;
/// How many look-alike problems a folded problem item links to.
const REPEAT_LINKED: usize = 12;

/// One finding on one line: anchor, rule, place, message, fix.
fn compact(r: &Report, n: usize, f: &ReportFinding, out: &mut String) {
    let _ = writeln!(
        out,
        "- <a id=\"f{n}\"></a>F{n}.{} **`{}`** {}: {} **Fix:** {}",
        new_mark(r, f),
        f.finding.rule,
        where_(f),
        md_prose(&f.finding.message),
        md_prose(&f.finding.fix)
    );
}

/// ` (new)` on a finding the baseline does not list, when there is a baseline.
fn new_mark(r: &Report, f: &ReportFinding) -> &'static str {
    if r.baseline.is_some() && !f.baselined {
        " **(new)**"
    } else {
        ""
    }
}

fn detailed(r: &Report, idx: usize, f: &ReportFinding, out: &mut String) {
    let subject = f.finding.route.clone().unwrap_or_else(|| f.location());
    let _ = writeln!(
        out,
        "### <a id=\"f{idx}\"></a>F{idx}. `{}`: {}{}\n",
        f.finding.rule,
        md_code(&subject),
        new_mark(r, f)
    );
    let _ = writeln!(out, "{}\n", md_prose(&f.finding.message));
    if let Some(impact) = r
        .rules
        .iter()
        .find(|m| m.id == f.finding.rule)
        .and_then(|m| m.impact())
    {
        let docs = match r.model.config.rule_doc_url(f.finding.rule) {
            Some(url) => format!("[the rule's docs]({url})"),
            None => format!("`shipgate rule {}`", f.finding.rule),
        };
        let _ = writeln!(out, "**Impact:** {} (More in {docs}.)\n", md_prose(&impact));
    }
    let _ = writeln!(out, "{}\n", where_(f));
    excerpt(r, f, out);
    let _ = writeln!(out);
    for rel in &f.finding.related {
        let _ = writeln!(
            out,
            "- {}: {}",
            md_code(&r.describe(rel.at)),
            md_prose(&rel.message)
        );
    }
    if !f.finding.related.is_empty() {
        let _ = writeln!(out);
    }
    if f.finding.confidence != shipgate_model::Confidence::Proven {
        let _ = writeln!(
            out,
            "**Confidence:** {} (could not follow: {})\n",
            f.finding.confidence.as_str(),
            if f.finding.unresolved.is_empty() {
                "part of the path".to_string()
            } else {
                md_prose(&f.finding.unresolved.join("; "))
            }
        );
    }
    let _ = writeln!(out, "**Fix:** {}\n", md_prose(&f.finding.fix));
    let _ = writeln!(
        out,
        "_Weighs {} points in {} (docs/scoring.md)._\n",
        f.points,
        f.category.id()
    );
}

pub fn render(r: &Report) -> String {
    let m = r.model;
    let mut out = String::new();
    let _ = writeln!(out, "# shipgate audit: {}\n", md_code(&m.root));
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
            "Baseline: **{} new** finding(s), marked **(new)**; {} already in the baseline and not counted for `--fail-on`; {} fixed since.\n",
            b.new,
            b.known,
            r.fixed.len()
        );
        if !r.fixed.is_empty() {
            let _ = writeln!(out, "Fixed since the baseline:\n");
            for e in &r.fixed {
                let _ = writeln!(
                    out,
                    "- `{}` in {} ({})",
                    e.rule,
                    md_code(e.file.as_deref().unwrap_or("(repository)")),
                    md_text(&e.severity)
                );
            }
            let _ = writeln!(out);
        }
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
            md_text(&m.stack.join(", "))
        }
    );

    problems_section(r, &mut out);
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
        "\nEach category starts at 100 and loses, per severity, 40 (critical), 20 (high), 6 (medium) or 2 (low) points for the first finding and as much again for each doubling of the count (floor 0). The health is the mean of the categories, weighted 3 for auth, tenancy and database, 2 for integrations, API, configuration and storage, 1 for the rest. The verdict sets the score's band (not ready 0–49, with risks 50–79, ready 80–100) and the health places the app in it. See docs/scoring.md.\n"
    );

    let order = crate::roadmap::display_order(r);
    let mut repeats: Vec<(&str, Vec<(usize, &ReportFinding)>)> = Vec::new();
    for sev in Severity::ALL {
        let list: Vec<(usize, &ReportFinding)> = order
            .iter()
            .enumerate()
            .map(|(n, &i)| (n + 1, &r.findings[i]))
            .filter(|(_, f)| f.finding.severity == sev)
            .collect();
        let title = match sev {
            Severity::Critical => "Blockers (critical)",
            Severity::High => "High",
            Severity::Medium => "Medium",
            Severity::Low => "Low",
            Severity::Info => "Info",
        };
        let _ = writeln!(out, "## {title}\n");
        if list.is_empty() {
            let _ = writeln!(out, "None.\n");
            continue;
        }
        let serious = matches!(sev, Severity::Critical | Severity::High);
        // A rule is collapsed when it fires in more than a few places, except for
        // blockers (each shown in full) and serious findings on routes (different
        // routes are different open doors, never repeats).
        let collapsed = |rule: &str| {
            let group = list.iter().filter(|(_, f)| f.finding.rule == rule);
            let n = group.clone().count();
            n > REPEAT_SHOWN
                && sev != Severity::Critical
                && !(serious && group.clone().any(|(_, f)| f.finding.route.is_some()))
        };
        let mut done: Vec<&str> = Vec::new();
        for (n, f) in &list {
            let rule = f.finding.rule;
            if !collapsed(rule) {
                if serious {
                    detailed(r, *n, f, &mut out);
                } else {
                    compact(r, *n, f, &mut out);
                }
                continue;
            }
            if done.contains(&rule) {
                continue;
            }
            done.push(rule);
            let group: Vec<(usize, &ReportFinding)> = list
                .iter()
                .filter(|(_, g)| g.finding.rule == rule)
                .map(|(n, g)| (*n, *g))
                .collect();
            let anchor = rule.replace('/', "-");
            if serious {
                detailed(r, *n, f, &mut out);
                let others: Vec<String> = group
                    .iter()
                    .skip(1)
                    .take(REPEAT_SHOWN)
                    .map(|(_, g)| where_(g))
                    .collect();
                let _ = writeln!(
                    out,
                    "_`{rule}` also fires in {} more place(s): {} and [the rest](#repeat-{anchor})._\n",
                    group.len() - 1,
                    others.join(", "),
                );
            } else {
                let places: Vec<String> = group
                    .iter()
                    .take(REPEAT_SHOWN)
                    .map(|(_, g)| where_(g))
                    .collect();
                let _ = writeln!(
                    out,
                    "- <a id=\"f{n}\"></a>F{n}. **`{rule}`** ×{} in {} and [{} more](#repeat-{anchor}): {} **Fix:** {}",
                    group.len(),
                    places.join(", "),
                    group.len() - REPEAT_SHOWN,
                    md_prose(&f.finding.message),
                    md_prose(&f.finding.fix)
                );
            }
            repeats.push((rule, group.into_iter().skip(1).collect()));
        }
        if !serious {
            let _ = writeln!(out);
        }
    }
    if !repeats.is_empty() {
        let _ = writeln!(out, "## Appendix: repeated findings\n");
        for (rule, rest) in &repeats {
            let _ = writeln!(
                out,
                "<a id=\"repeat-{}\"></a>**`{rule}`**, the other places:\n",
                rule.replace('/', "-")
            );
            for (n, f) in rest {
                compact(r, *n, f, &mut out);
            }
            let _ = writeln!(out);
        }
    }
    checklist_section(r, &mut out);
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
                    md_prose(c.evidence.as_deref().unwrap_or("n/a"))
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
            let evidence = crate::route_evidence(rt);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md_text(&rt.method),
                code_cell(&rt.path),
                rt.guard.as_str(),
                cell(&evidence),
                code_cell(&m.describe(rt.at))
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
                "| {} | {} | {} | {} |",
                code_cell(&p.path),
                if p.dynamic { "dynamic" } else { "static" },
                if p.middleware_guarded { "yes" } else { "no" },
                code_cell(m.path(p.file))
            );
        }
        let _ = writeln!(out);
    }
    tables_section(&mut out, m);
    if !m.middleware.is_empty() {
        let _ = writeln!(out, "## Middleware\n");
        for mw in &m.middleware {
            let matchers = crate::matcher_list(mw, md_code);
            let _ = writeln!(
                out,
                "- {}: {}. Matcher: {matchers}.",
                md_code(&m.describe(mw.at)),
                md_prose(&mw.evidence)
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
                "- `{}` {} ({}): {} Suppressed at {}: {}",
                s.finding.finding.rule,
                where_(&s.finding),
                s.finding.finding.severity,
                md_prose(&s.finding.finding.message),
                md_code(&s.at),
                md_prose(&reason)
            );
        }
        let _ = writeln!(out);
    }
    if !m.skipped.is_empty() || !m.schema.skipped.is_empty() {
        let _ = writeln!(out, "## Skipped files\n");
        for s in &m.skipped {
            let _ = writeln!(out, "- {}: {}", md_code(&s.path), md_prose(&s.reason));
        }
        for s in &m.schema.skipped {
            let _ = writeln!(
                out,
                "- {}: SQL statement not parsed: {}",
                md_code(&m.describe(s.at)),
                cell(&s.reason)
            );
        }
        let _ = writeln!(out);
    }
    if !r.warnings.is_empty() {
        let _ = writeln!(out, "## Warnings\n");
        for w in &r.warnings {
            let _ = writeln!(out, "- {}", md_prose(w));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## What was not checked\n");
    let _ = writeln!(
        out,
        "A static read of the repository cannot see these; check them before trusting the verdict:\n"
    );
    for (what, how) in r.not_checked() {
        let _ = writeln!(out, "- {}. Check with {}.", md_prose(&what), md_prose(&how));
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "---\n{} · {} files walked, {} JS/TS files parsed ({} lines).",
        r.provenance(),
        m.stats.files_walked,
        m.stats.files_parsed,
        m.stats.lines_parsed
    );
    out
}

/// A problem's title in Markdown: the subject as code, what it lets happen as text.
/// The subject's name is cut to `name_chars` characters (a tree's route can be any length).
pub(crate) fn problem_title(p: &crate::problems::Problem, name_chars: usize) -> String {
    match p.subject {
        shipgate_model::Subject::Rule(_) => md_text(&p.what),
        _ => {
            let full = p.subject.name();
            let mut name: String = full.chars().take(name_chars).collect();
            if name.len() < full.len() {
                name.push('…');
            }
            format!(
                "{}{}: {}",
                crate::problems::subject_prefix(&p.subject),
                md_code(&name),
                md_text(&p.what)
            )
        }
    }
}

/// A finding as a link from a problem: F-number, rule, severity, place.
fn finding_link(n: usize, f: &ReportFinding) -> String {
    format!(
        "[F{n}](#f{n}) `{}` ({}) {}",
        f.finding.rule,
        f.finding.severity,
        where_(f)
    )
}

/// The problems, worst first, under P0/P1/P2: each with its findings and one fix per rule.
/// Runs of look-alike problems (one rule on many tables or functions) are one item.
fn problems_section(r: &Report, out: &mut String) {
    use crate::problems::{Entry, build, entries, subject_plural};
    use crate::roadmap::Priority;
    let problems = build(r);
    let _ = writeln!(
        out,
        "## Problems
"
    );
    let listed: Vec<_> = problems
        .iter()
        .filter(|p| Priority::of(p.severity).is_some())
        .cloned()
        .collect();
    if listed.is_empty() {
        let _ = writeln!(
            out,
            "Nothing to fix above `info`.
"
        );
        return;
    }
    let findings: usize = listed.iter().map(|p| p.findings.len()).sum();
    let _ = writeln!(
        out,
        "{} problem{} joining {findings} finding{}: the findings about one route, table, function or file are one problem with one fix. Each finding, with its code, follows below.\n",
        listed.len(),
        if listed.len() == 1 { "" } else { "s" },
        if findings == 1 { "" } else { "s" },
    );
    for prio in Priority::ALL {
        let mine: Vec<_> = listed
            .iter()
            .filter(|p| Priority::of(p.severity) == Some(prio))
            .cloned()
            .collect();
        let _ = writeln!(out, "**{}**\n", prio.title());
        if mine.is_empty() {
            let _ = writeln!(out, "None.\n");
            continue;
        }
        for (i, e) in entries(&mine, REPEAT_SHOWN).into_iter().enumerate() {
            match e {
                Entry::One(p) => {
                    let new = if r.baseline.is_some() && !p.baselined() {
                        " **(new)**"
                    } else {
                        ""
                    };
                    let _ = writeln!(
                        out,
                        "{}. **{}** · {}{new}  ",
                        i + 1,
                        problem_title(p, usize::MAX),
                        p.severity
                    );
                    if matches!(p.severity, Severity::Critical | Severity::High)
                        && let Some(impact) = p.impact()
                    {
                        let _ = writeln!(out, "   Impact: {}  ", md_prose(&impact));
                    }
                    let links: Vec<String> = p
                        .findings
                        .iter()
                        .take(6)
                        .map(|(n, f)| finding_link(*n, f))
                        .collect();
                    let more = if p.findings.len() > 6 {
                        format!(", and {} more", p.findings.len() - 6)
                    } else {
                        String::new()
                    };
                    let _ = writeln!(out, "   Findings: {}{more}.  ", links.join(", "));
                    let fixes = p.fixes();
                    let _ = write!(out, "   Fix: {}", md_prose(fixes[0].1));
                    for (rule, fix) in fixes.iter().skip(1) {
                        let _ = write!(out, " Also (`{rule}`): {}", md_prose(fix));
                    }
                    let _ = writeln!(out, " Effort: {}.\n", p.rules[0].effort.as_str());
                }
                Entry::Repeat {
                    rule,
                    severity,
                    problems,
                } => {
                    let shown: Vec<String> = problems
                        .iter()
                        .take(REPEAT_LINKED)
                        .flat_map(|p| p.findings.first())
                        .map(|(n, f)| format!("[F{n}](#f{n}) {}", where_(f)))
                        .collect();
                    let first = problems[0];
                    let _ = writeln!(
                        out,
                        "{}. **`{}` in {} {}: {}** · {severity}  ",
                        i + 1,
                        rule.id,
                        problems.len(),
                        subject_plural(&first.subject),
                        md_text(rule.problem)
                    );
                    let rest = problems.len() - shown.len();
                    let _ = writeln!(
                        out,
                        "   Findings: {}{}.  ",
                        shown.join(", "),
                        if rest > 0 {
                            format!(", and {rest} more (below)")
                        } else {
                            String::new()
                        }
                    );
                    let _ = writeln!(
                        out,
                        "   Fix: {} (and the same in each of the others). Effort: {}.\n",
                        md_prose(&first.findings[0].1.finding.fix),
                        rule.effort.as_str()
                    );
                }
            }
        }
    }
}

/// Every check that ran, as a checklist grouped by category: ticked when it passed, open
/// with its finding count and priority when it failed.
fn checklist_section(r: &Report, out: &mut String) {
    let ran: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.status != CheckStatus::NotApplicable)
        .collect();
    let passed = ran.iter().filter(|c| c.status == CheckStatus::Pass).count();
    let _ = writeln!(out, "## Pre-deploy checklist\n");
    let _ = writeln!(
        out,
        "{} checks applied to this repository: {passed} pass, {} fail.\n",
        ran.len(),
        ran.len() - passed
    );
    for cat in shipgate_model::Category::ALL {
        let mine: Vec<_> = ran.iter().filter(|c| c.meta.category == cat).collect();
        if mine.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{}**\n", cat.title());
        for c in mine {
            if c.status == CheckStatus::Pass {
                let _ = writeln!(
                    out,
                    "- [x] `{}`: {}. Passed: {}",
                    c.meta.id,
                    c.meta.summary,
                    md_prose(c.evidence.as_deref().unwrap_or("no finding"))
                );
                continue;
            }
            let worst = r
                .findings
                .iter()
                .filter(|f| f.finding.rule == c.meta.id)
                .map(|f| f.finding.severity)
                .min();
            let priority = worst
                .and_then(crate::roadmap::Priority::of)
                .map_or(" (info only)".to_string(), |p| format!(" ({})", p.as_str()));
            let _ = writeln!(
                out,
                "- [ ] `{}`: {}. **{} finding{}**{priority}.",
                c.meta.id,
                c.meta.summary,
                c.findings,
                if c.findings == 1 { "" } else { "s" }
            );
        }
        let _ = writeln!(out);
    }
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
        .map(|s| {
            format!(
                "{} ({}, {} file(s))",
                md_code(&s.path),
                s.kind.as_str(),
                s.files
            )
        })
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
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            code_cell(&t.qualified()),
            if t.rls.is_some() { "on" } else { "**off**" },
            per(PolicyCommand::Select),
            per(PolicyCommand::Insert),
            per(PolicyCommand::Update),
            per(PolicyCommand::Delete),
            cell(&shown),
            code_cell(&m.describe(t.at))
        );
    }
    let _ = writeln!(out);
}
