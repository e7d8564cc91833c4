//! The report: verdict, per-category scores, checks and findings, and their renderings
//! (text, Markdown, JSON, SARIF). Also the app-model dump used by `shipgate debug model`.
//!
//! Scoring (also in docs/scoring.md): each category starts at 100 and loses, per severity,
//! [`Severity::points`] (critical 40, high 20, medium 6, low 2, info 0) times
//! log2(1 + count), floored at 0. Only categories with at least one applicable check are
//! scored. The app's health is the mean of every category the catalogue has rules for (100
//! where none applied), weighted by [`Category::weight`]; the verdict sets the score's
//! band (0–49, 50–79, 80–100) and the health places the app inside it.

pub mod baseline;
pub mod debug;
pub mod escape;
pub mod github;
pub mod html;
pub mod json;
pub mod markdown;
pub mod problems;
pub mod roadmap;
pub mod sarif;
pub mod summary;
pub mod text;

use sha2::{Digest, Sha256};
use shipgate_model::secrets::{redact_line, redact_text};
use shipgate_model::{AppModel, Category, CheckStatus, Finding, RuleMeta, Severity};
use shipgate_rules::RuleResult;

pub const TOOL_NAME: &str = "shipgate";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    NotReady,
    ReadyWithRisks,
    Ready,
}

impl Verdict {
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::NotReady => "not-ready",
            Verdict::ReadyWithRisks => "ready-with-risks",
            Verdict::Ready => "ready",
        }
    }

    /// The verdict as every report shows it: `NOT READY`, `READY WITH RISKS`, `READY`.
    pub const fn label(self) -> &'static str {
        match self {
            Verdict::NotReady => "NOT READY",
            Verdict::ReadyWithRisks => "READY WITH RISKS",
            Verdict::Ready => "READY",
        }
    }

    pub const fn headline(self) -> &'static str {
        match self {
            Verdict::NotReady => "Not ready: critical findings stand",
            Verdict::ReadyWithRisks => {
                "Ready with risks: no critical findings, but high ones stand"
            }
            Verdict::Ready => "Ready: no critical or high findings",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ReportFinding {
    pub finding: Finding,
    pub category: Category,
    pub file: Option<String>,
    pub line: u32,
    pub column: u32,
    /// The source line at the finding, trimmed.
    pub snippet: Option<String>,
    pub fingerprint: String,
    pub points: u32,
    /// Listed in the baseline given with `--baseline`: known, not counted for `--fail-on`.
    pub baselined: bool,
}

impl ReportFinding {
    /// `path:line`, or `repository` for repository-level findings.
    pub fn location(&self) -> String {
        match &self.file {
            Some(p) => format!("{p}:{}", self.line),
            None => "repository".to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Suppressed {
    pub finding: ReportFinding,
    pub reason: String,
    /// `path:line` of the suppression comment.
    pub at: String,
}

#[derive(Debug, Clone)]
pub struct CategoryScore {
    pub category: Category,
    pub score: u32,
    pub counts: [usize; 5],
    pub lost: u32,
}

#[derive(Debug, Clone)]
pub struct Check {
    pub meta: &'static RuleMeta,
    pub status: CheckStatus,
    pub evidence: Option<String>,
    pub findings: usize,
}

pub struct Report<'m> {
    pub model: &'m AppModel,
    pub verdict: Verdict,
    pub score: u32,
    pub categories: Vec<CategoryScore>,
    pub checks: Vec<Check>,
    pub findings: Vec<ReportFinding>,
    pub suppressed: Vec<Suppressed>,
    pub rules: Vec<&'static RuleMeta>,
    /// With `--baseline`: how many findings it already lists, and how many are new.
    pub baseline: Option<BaselineCounts>,
    /// With `--baseline`: findings the baseline lists that the code no longer has (neither
    /// reported nor suppressed), by rule and file.
    pub fixed: Vec<baseline::Entry>,
    /// Configuration and comments that do nothing (a `public_routes` entry that matches
    /// no route, a suppression of an unknown rule or one that silenced nothing).
    pub warnings: Vec<String>,
}

/// One line of a code excerpt.
#[derive(Debug, Clone)]
pub struct ExcerptLine {
    pub number: u32,
    /// The finding's own line.
    pub marked: bool,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BaselineCounts {
    pub known: usize,
    pub new: usize,
}

pub fn fingerprint(rule: &str, path: Option<&str>, entity: &str) -> String {
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    h.update([0]);
    h.update(path.unwrap_or("").as_bytes());
    h.update([0]);
    h.update(entity.as_bytes());
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The most characters of one source line a report shows.
const LINE_CHARS: usize = 240;
/// The most characters of a message a report shows (messages quote code).
const MESSAGE_CHARS: usize = 2_000;
/// The most findings of one rule in one file a report lists; the rest are counted.
pub const FINDINGS_PER_RULE_AND_FILE: usize = 50;

/// The byte index of the `n`th character of `s`, or its length.
fn char_index(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// `s` cut to the characters from `from` (0-based) up to `len` of them, with an
/// ellipsis on each side that was cut.
fn window(s: &str, from: usize, len: usize) -> String {
    let start = char_index(s, from);
    let end = start + char_index(&s[start..], len);
    let mut out = String::with_capacity(end - start + 8);
    if start > 0 {
        out.push('…');
    }
    out.push_str(&s[start..end]);
    if end < s.len() {
        out.push('…');
    }
    out
}

/// Text from the audited code, cut to `max` characters.
fn clipped(s: String, max: usize) -> String {
    if s.len() <= max {
        return s;
    }
    window(&s, 0, max)
}

/// A source line as a report shows it: redacted, and when long, cut to a window around
/// column `col` (1-based, in characters). A generated one-line file must not put
/// megabytes into every finding.
fn shown_line(path: &str, line: &str, col: u32) -> String {
    if line.len() <= LINE_CHARS {
        return redact_line(path, line).into_owned();
    }
    let col = col.saturating_sub(1) as usize;
    // Redact a generous window first (a secret is never cut by the final window's
    // edges unredacted), then cut the final one from it.
    const MARGIN: usize = 4 * LINE_CHARS;
    let from = col.saturating_sub(MARGIN);
    let start = char_index(line, from);
    let near = &line[start..start + char_index(&line[start..], 2 * MARGIN)];
    let near = redact_line(path, near);
    let at = col - from;
    let shown = window(&near, at.saturating_sub(LINE_CHARS / 3), LINE_CHARS);
    if start > 0 && !shown.starts_with('…') {
        format!("…{shown}")
    } else {
        shown
    }
}

fn place(model: &AppModel, mut f: Finding, category: Category) -> ReportFinding {
    // Nothing from audited code reaches an output unredacted: messages quote code, and
    // the snippet is the code itself.
    f.message = clipped(redact_text(&f.message).into_owned(), MESSAGE_CHARS);
    f.fix = clipped(redact_text(&f.fix).into_owned(), MESSAGE_CHARS);
    for rel in &mut f.related {
        rel.message = clipped(redact_text(&rel.message).into_owned(), MESSAGE_CHARS);
    }
    let (file, line, column, snippet) = match f.at {
        Some(loc) => {
            let src = model.file(loc.file);
            let (line, col) = src.line_col(loc.span.start);
            let text = shown_line(&src.path, src.line_text(line), col);
            let text = text.trim();
            (
                Some(src.path.clone()),
                line,
                col,
                (!text.is_empty()).then(|| text.to_string()),
            )
        }
        None => (None, 0, 0, None),
    };
    let fingerprint = fingerprint(f.rule, file.as_deref(), &f.entity);
    let points = f.severity.points();
    ReportFinding {
        finding: f,
        category,
        file,
        line,
        column,
        snippet,
        fingerprint,
        points,
        baselined: false,
    }
}

/// One problem in a shared helper reached from several routes is one finding, not one per
/// route: keep the first (by route), and name the others in its message.
fn merge_duplicates(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by(|a, b| (a.at, &a.message, &a.route).cmp(&(b.at, &b.message, &b.route)));
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut extra: Vec<Vec<String>> = Vec::new();
    for f in findings {
        if let Some(last) = out.last()
            && last.at.is_some()
            && last.at == f.at
            && last.message == f.message
        {
            if let Some(r) = f.route {
                extra.last_mut().expect("parallel to out").push(r);
            }
            continue;
        }
        out.push(f);
        extra.push(Vec::new());
    }
    for (f, more) in out.iter_mut().zip(extra) {
        if more.is_empty() {
            continue;
        }
        let shown: Vec<String> = more.iter().take(5).map(|r| format!("`{r}`")).collect();
        let rest = if more.len() > 5 {
            format!(" and {} more", more.len() - 5)
        } else {
            String::new()
        };
        f.message
            .push_str(&format!(" (also reached from {}{rest})", shown.join(", ")));
    }
    out
}

/// At most [`FINDINGS_PER_RULE_AND_FILE`] findings of one rule in one file, the most
/// severe first; the last one listed counts the rest. One generated migration with
/// thousands of tables must not give thousands of findings.
fn cap_per_file(mut findings: Vec<Finding>) -> Vec<Finding> {
    let file = |f: &Finding| f.at.map(|l| l.file);
    let rank = |f: &Finding| Severity::ALL.iter().position(|s| *s == f.severity);
    findings.sort_by_key(|f| (file(f), rank(f), f.at));
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut listed = 0usize;
    let mut unlisted = 0usize;
    let close = |out: &mut Vec<Finding>, unlisted: usize| {
        if unlisted > 0
            && let Some(last) = out.last_mut()
        {
            last.message.push_str(&format!(
                " ({unlisted} more findings of this rule in this file are not listed)"
            ));
        }
    };
    for f in findings {
        let same_file = out.last().is_some_and(|l| file(l) == file(&f));
        if !same_file {
            close(&mut out, unlisted);
            listed = 0;
            unlisted = 0;
        }
        if file(&f).is_some() && listed >= FINDINGS_PER_RULE_AND_FILE {
            unlisted += 1;
            continue;
        }
        listed += 1;
        out.push(f);
    }
    close(&mut out, unlisted);
    out
}

/// Points a category loses for its findings: per severity, the severity's weight times
/// log2(1 + count), so the first finding costs the weight and each doubling of the count
/// costs it again (10 criticals empty a category; 57 mediums cost 35). Rounded.
fn category_loss(counts: &[usize; 5]) -> u32 {
    let lost: f64 = Severity::ALL
        .iter()
        .zip(counts)
        .map(|(s, n)| f64::from(s.points()) * (1.0 + *n as f64).log2())
        .sum();
    lost.round() as u32
}

/// The verdict sets the band (not ready 0–49, ready with risks 50–79, ready 80–100) and
/// the app's health (0–100) places it inside, so the number never reads better than the
/// verdict and still tells two apps with the same verdict apart.
fn score_in_band(verdict: Verdict, health: f64) -> u32 {
    let (lo, hi) = match verdict {
        Verdict::NotReady => (0.0, 49.0),
        Verdict::ReadyWithRisks => (50.0, 79.0),
        Verdict::Ready => (80.0, 100.0),
    };
    (lo + (hi - lo) * health.clamp(0.0, 100.0) / 100.0).round() as u32
}

impl<'m> Report<'m> {
    pub fn build(model: &'m AppModel, runs: Vec<RuleResult>) -> Report<'m> {
        let mut findings = Vec::new();
        let mut suppressed = Vec::new();
        let mut checks = Vec::new();
        let mut rules = Vec::new();
        for RuleResult { meta, outcome, .. } in runs {
            rules.push(meta);
            let mut kept = 0;
            for f in cap_per_file(merge_duplicates(outcome.findings)) {
                let rf = place(model, f, meta.category);
                let sup = rf.finding.at.and_then(|loc| {
                    model
                        .suppressions
                        .iter()
                        .find(|s| s.file == loc.file && s.covers(rf.finding.rule, rf.line))
                });
                match sup {
                    Some(s) => suppressed.push(Suppressed {
                        reason: s.reason.clone(),
                        at: format!("{}:{}", model.path(s.file), s.line),
                        finding: rf,
                    }),
                    None => {
                        kept += 1;
                        findings.push(rf);
                    }
                }
            }
            let status = if outcome.status == CheckStatus::Fail && kept == 0 {
                CheckStatus::Pass
            } else {
                outcome.status
            };
            let evidence = if outcome.status == CheckStatus::Fail && kept == 0 {
                Some("all findings suppressed inline".to_string())
            } else {
                outcome.evidence
            };
            checks.push(Check {
                meta,
                status,
                evidence,
                findings: kept,
            });
        }
        let key = |f: &ReportFinding| {
            (
                f.file.is_none(),
                f.file.clone(),
                f.line,
                f.finding.rule,
                f.column,
                f.finding.entity.clone(),
            )
        };
        findings.sort_by_key(key);
        suppressed.sort_by_key(|s| key(&s.finding));
        checks.sort_by_key(|c| c.meta.id);
        rules.sort_by_key(|r| r.id);

        let mut categories = Vec::new();
        for cat in Category::ALL {
            let applicable = checks
                .iter()
                .any(|c| c.meta.category == cat && c.status != CheckStatus::NotApplicable);
            if !applicable {
                continue;
            }
            let mut counts = [0usize; 5];
            for f in findings.iter().filter(|f| f.category == cat) {
                let idx = Severity::ALL
                    .iter()
                    .position(|s| *s == f.finding.severity)
                    .unwrap_or(4);
                counts[idx] += 1;
            }
            let lost = category_loss(&counts);
            categories.push(CategoryScore {
                category: cat,
                score: 100u32.saturating_sub(lost),
                counts,
                lost,
            });
        }
        // Every category the catalogue checks counts, at 100 when none of its rules
        // applied: a new finding can only lower the score, never raise it by bringing a
        // category into the mean.
        let (weighted, weights) = Category::ALL
            .iter()
            .filter(|cat| rules.iter().any(|r| r.category == **cat))
            .map(|cat| {
                let score = categories
                    .iter()
                    .find(|c| c.category == *cat)
                    .map_or(100, |c| c.score);
                (score * cat.weight(), cat.weight())
            })
            .fold((0, 0), |(s, w), (a, b)| (s + a, w + b));
        let health = if weights == 0 {
            100.0
        } else {
            f64::from(weighted) / f64::from(weights)
        };
        let verdict = if findings
            .iter()
            .any(|f| f.finding.severity == Severity::Critical)
        {
            Verdict::NotReady
        } else if findings
            .iter()
            .any(|f| f.finding.severity == Severity::High)
        {
            Verdict::ReadyWithRisks
        } else {
            Verdict::Ready
        };
        let score = score_in_band(verdict, health);
        Report {
            model,
            verdict,
            score,
            categories,
            checks,
            findings,
            suppressed,
            rules,
            baseline: None,
            fixed: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Marks the findings whose fingerprints a baseline lists: they stay in the report
    /// but no longer fail the run.
    /// Marks the findings `entries` lists as known and records the ones that are gone.
    pub fn apply_baseline_entries(&mut self, entries: &[baseline::Entry]) {
        let known: std::collections::BTreeSet<String> =
            entries.iter().map(|e| e.fingerprint.clone()).collect();
        self.apply_baseline(&known);
        let present: std::collections::BTreeSet<&str> = self
            .findings
            .iter()
            .chain(self.suppressed.iter().map(|s| &s.finding))
            .map(|f| f.fingerprint.as_str())
            .collect();
        self.fixed = entries
            .iter()
            .filter(|e| !present.contains(e.fingerprint.as_str()))
            .cloned()
            .collect();
        self.fixed
            .sort_by(|a, b| (&a.rule, &a.file).cmp(&(&b.rule, &b.file)));
    }

    /// Keeps only findings the baseline does not list (`--new-only`); the verdict and
    /// score still describe the whole app.
    pub fn keep_new_only(&mut self) {
        self.findings.retain(|f| !f.baselined);
    }

    pub fn apply_baseline(&mut self, known: &std::collections::BTreeSet<String>) {
        let mut counts = BaselineCounts { known: 0, new: 0 };
        for f in &mut self.findings {
            f.baselined = known.contains(&f.fingerprint);
            if f.baselined {
                counts.known += 1;
            } else {
                counts.new += 1;
            }
        }
        self.baseline = Some(counts);
    }

    /// `shipgate 0.4.0, commit 1a2b3c4d5e6f`: which tool and which code the report is about.
    pub fn provenance(&self) -> String {
        match &self.model.commit {
            Some(c) => format!(
                "{TOOL_NAME} {TOOL_VERSION}, commit {}",
                &c[..c.len().min(12)]
            ),
            None => format!("{TOOL_NAME} {TOOL_VERSION}, not in a git repository"),
        }
    }

    /// What this static read could not see, as (what, how to check it), so a READY never
    /// claims more than was checked.
    pub fn not_checked(&self) -> Vec<(String, String)> {
        let m = self.model;
        let mut out = Vec::new();
        if m.has_stack("supabase") {
            out.push((
                "Supabase project settings: e-mail confirmation, leaked-password protection, MFA, redirect URLs, and policies or grants changed in the dashboard rather than in migrations".to_string(),
                "the Supabase dashboard (Authentication settings, Security Advisor) and `supabase db diff` against the linked project".to_string(),
            ));
        }
        out.push((
            "Hosting settings: environment variables actually set, firewall and bot protection, preview deployments left public".to_string(),
            "your host's project settings (Vercel, Netlify, Fly, ...)".to_string(),
        ));
        out.push((
            "Known vulnerabilities in dependencies".to_string(),
            "`npm audit --omit=dev` (or pnpm/yarn audit), Dependabot or OSV-Scanner".to_string(),
        ));
        out.push((
            "Behaviour at run time: headers really served, rate limits really enforced, redirects, error pages".to_string(),
            "`curl -sI https://your-app/` for headers, a short burst of requests against sign-in and AI routes".to_string(),
        ));
        let skipped = m.skipped.len() + m.schema.skipped.len();
        if skipped > 0 {
            out.push((
                format!("{skipped} file(s) or SQL statement(s) that could not be read or parsed"),
                "the skipped-files list in the Markdown or JSON report".to_string(),
            ));
        }
        let mut unresolved: Vec<&str> = m
            .routes
            .iter()
            .flat_map(|r| r.unresolved.iter().map(String::as_str))
            .collect();
        unresolved.sort();
        unresolved.dedup();
        if !unresolved.is_empty() {
            let shown: Vec<&str> = unresolved.iter().take(3).copied().collect();
            out.push((
                format!(
                    "{} call(s) into code outside the repository or not found, where a check may hide: {}{}",
                    unresolved.len(),
                    shown.join("; "),
                    if unresolved.len() > 3 { "; ..." } else { "" }
                ),
                "add the code to the audit, or name your helper in `auth_helpers`".to_string(),
            ));
        }
        let na = self
            .checks
            .iter()
            .filter(|c| c.status == shipgate_model::CheckStatus::NotApplicable)
            .count();
        if na > 0 {
            out.push((
                format!("{na} rule(s) that do not apply to this stack"),
                "the not-applicable list under the checklist".to_string(),
            ));
        }
        out
    }

    /// One line for CI logs: `NOT READY 49/100: 2 critical, 20 high (3 new)`.
    pub fn summary_line(&self) -> String {
        let counts: Vec<String> = Severity::ALL
            .iter()
            .map(|s| (self.count(*s), s))
            .filter(|(n, _)| *n > 0)
            .map(|(n, s)| format!("{n} {}", s.as_str()))
            .collect();
        let counts = if counts.is_empty() {
            "no findings".to_string()
        } else {
            counts.join(", ")
        };
        let new = self
            .baseline
            .map(|b| format!(" ({} new)", b.new))
            .unwrap_or_default();
        format!("{} {}/100: {counts}{new}", self.verdict.label(), self.score)
    }

    pub fn count(&self, sev: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.finding.severity == sev)
            .count()
    }

    /// Whether any unsuppressed finding is at or above `threshold`.
    pub fn fails(&self, threshold: Option<Severity>) -> bool {
        match threshold {
            Some(t) => self
                .findings
                .iter()
                .any(|f| !f.baselined && f.finding.severity.at_least(t)),
            None => false,
        }
    }

    /// The finding's line with two lines either side, redacted; empty for repository-level
    /// findings.
    pub fn excerpt(&self, f: &ReportFinding) -> Vec<ExcerptLine> {
        let (Some(loc), Some(path)) = (f.finding.at, &f.file) else {
            return Vec::new();
        };
        let src = self.model.file(loc.file);
        let first = f.line.saturating_sub(2).max(1);
        let last = (f.line + 2).min(src.line_count());
        (first..=last)
            .map(|l| ExcerptLine {
                number: l,
                marked: l == f.line,
                text: shown_line(path, src.line_text(l), f.column),
            })
            .collect()
    }

    pub fn describe(&self, loc: shipgate_model::Loc) -> String {
        self.model.describe(loc)
    }
}

/// A middleware's matchers, each shown by `code`, or "all paths".
pub fn matcher_list(mw: &shipgate_model::Middleware, code: impl Fn(&str) -> String) -> String {
    if mw.matchers.is_empty() {
        "all paths".to_string()
    } else {
        mw.matchers
            .iter()
            .map(|x| code(x))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A route's guard evidence, with why it is meant to be public when it is.
pub fn route_evidence(rt: &shipgate_model::Route) -> String {
    match &rt.intended_public {
        Some(why) => format!("intended public ({why}); {}", rt.evidence),
        None => rt.evidence.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipgate_rules::{Outcome, RULES};

    #[test]
    fn long_lines_are_cut_around_the_match_after_redaction() {
        let secret = "sk_live_51HxQz9aT3stK3yV4lu3Abc123Def456Ghi789";
        let line = format!(
            "{}const key = \"{secret}\"; {}",
            "x".repeat(5000),
            "y".repeat(5000)
        );
        let col = 5000 + 14;
        let shown = shown_line("lib/k.ts", &line, col as u32);
        assert!(shown.chars().count() <= LINE_CHARS + 2, "{}", shown.len());
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.contains("const key"), "{shown}");
        assert!(!shown.contains(secret), "{shown}");
        assert_eq!(shown_line("a.ts", "short line", 3), "short line");
        // Multi-byte characters are cut on their boundaries.
        let wide = "é".repeat(1000);
        assert_eq!(
            shown_line("a.ts", &wide, 500).chars().count(),
            LINE_CHARS + 2
        );
        assert_eq!(
            clipped("ab".repeat(2000), 10),
            format!("{}…", "ab".repeat(5))
        );
    }

    fn result(id: &str, outcome: Outcome) -> RuleResult {
        let rule = RULES
            .iter()
            .find(|r| r.meta().id == id)
            .expect("rule exists");
        RuleResult {
            meta: rule.meta(),
            outcome,
            disabled: false,
        }
    }

    fn low(id: &str) -> Outcome {
        let meta = RULES.iter().find(|r| r.meta().id == id).unwrap().meta();
        Outcome::from_findings(
            vec![shipgate_model::Finding {
                rule: meta.id,
                severity: Severity::Low,
                message: "m".into(),
                at: None,
                related: Vec::new(),
                route: None,
                entity: "repo".into(),
                fix: "f".into(),
                confidence: Default::default(),
                unresolved: Vec::new(),
            }],
            "",
        )
    }

    fn medium(id: &str) -> Outcome {
        let mut o = low(id);
        o.findings[0].severity = Severity::Medium;
        o
    }

    #[test]
    fn a_finding_never_raises_the_score() {
        let model = AppModel::default();
        let na = |id: &str| result(id, Outcome::not_applicable("n/a"));
        // delivery loses 6·log2 3 = 10 points; ops does not apply: health 95, ready.
        let base = Report::build(
            &model,
            vec![
                result("delivery/no-lockfile", medium("delivery/no-lockfile")),
                result("delivery/no-tests", medium("delivery/no-tests")),
                na("ops/no-error-tracking"),
            ],
        )
        .score;
        // A smaller loss in ops must lower the score, not lift it by joining the mean.
        let worse = Report::build(
            &model,
            vec![
                result("delivery/no-lockfile", medium("delivery/no-lockfile")),
                result("delivery/no-tests", medium("delivery/no-tests")),
                result("ops/no-error-tracking", medium("ops/no-error-tracking")),
            ],
        )
        .score;
        assert_eq!(base, 99);
        assert_eq!(worse, 98);
    }

    #[test]
    fn the_verdict_sets_the_band_and_the_health_the_place_in_it() {
        let model = AppModel::default();
        let mut critical = low("delivery/no-tests");
        critical.findings[0].severity = Severity::Critical;
        let report = Report::build(&model, vec![result("delivery/no-tests", critical)]);
        assert_eq!(report.verdict, Verdict::NotReady);
        // delivery at 60, the only category: 49 × 0.6.
        assert_eq!(report.score, 29);
        assert_eq!(score_in_band(Verdict::NotReady, 100.0), 49);
        assert_eq!(score_in_band(Verdict::ReadyWithRisks, 0.0), 50);
        assert_eq!(score_in_band(Verdict::ReadyWithRisks, 100.0), 79);
        assert_eq!(score_in_band(Verdict::Ready, 0.0), 80);
    }

    #[test]
    fn volume_has_diminishing_returns_within_a_category() {
        // [critical, high, medium, low, info]
        assert_eq!(category_loss(&[1, 0, 0, 0, 0]), 40);
        assert_eq!(category_loss(&[3, 0, 0, 0, 0]), 80);
        assert!(
            category_loss(&[10, 0, 0, 0, 0]) >= 100,
            "ten criticals empty it"
        );
        assert_eq!(category_loss(&[0, 0, 57, 0, 0]), 35);
        assert!(category_loss(&[0, 0, 57, 0, 0]) < category_loss(&[2, 0, 0, 0, 0]));
        assert_eq!(category_loss(&[0, 0, 0, 0, 500]), 0);
    }
}
