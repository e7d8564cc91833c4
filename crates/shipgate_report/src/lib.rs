//! The report: verdict, per-category scores, checks and findings, and their renderings
//! (text, Markdown, JSON, SARIF). Also the app-model dump used by `shipgate debug model`.
//!
//! Scoring (also in docs/scoring.md): each category starts at 100 and loses
//! [`Severity::points`] per unsuppressed finding (critical 30, high 15, medium 6, low 2,
//! info 0), floored at 0. Only categories with at least one applicable check are scored.
//! The overall score is the rounded mean over every category the catalogue has rules for
//! (100 where none applied), capped at 49 when the verdict is not-ready and at 79 when it
//! is ready-with-risks.

pub mod baseline;
pub mod debug;
pub mod html;
pub mod json;
pub mod markdown;
pub mod roadmap;
pub mod sarif;
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

fn place(model: &AppModel, mut f: Finding, category: Category) -> ReportFinding {
    // Nothing from audited code reaches an output unredacted: messages quote code, and
    // the snippet is the code itself.
    f.message = redact_text(&f.message).into_owned();
    f.fix = redact_text(&f.fix).into_owned();
    for rel in &mut f.related {
        rel.message = redact_text(&rel.message).into_owned();
    }
    let (file, line, column, snippet) = match f.at {
        Some(loc) => {
            let src = model.file(loc.file);
            let (line, col) = src.line_col(loc.span.start);
            let text = redact_line(&src.path, src.line_text(line).trim());
            (
                Some(src.path.clone()),
                line,
                col,
                (!text.is_empty()).then(|| text.into_owned()),
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

impl<'m> Report<'m> {
    pub fn build(model: &'m AppModel, runs: Vec<RuleResult>) -> Report<'m> {
        let mut findings = Vec::new();
        let mut suppressed = Vec::new();
        let mut checks = Vec::new();
        let mut rules = Vec::new();
        for RuleResult { meta, outcome, .. } in runs {
            rules.push(meta);
            let mut kept = 0;
            for f in merge_duplicates(outcome.findings) {
                let rf = place(model, f, meta.category);
                let sup = rf.finding.at.and_then(|loc| {
                    model.suppressions.iter().find(|s| {
                        s.file == loc.file
                            && s.rule == rf.finding.rule
                            && (s.line == rf.line || s.line + 1 == rf.line)
                    })
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
            let mut lost = 0;
            for f in findings.iter().filter(|f| f.category == cat) {
                let idx = Severity::ALL
                    .iter()
                    .position(|s| *s == f.finding.severity)
                    .unwrap_or(4);
                counts[idx] += 1;
                lost += f.points;
            }
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
        let checked: Vec<u32> = Category::ALL
            .iter()
            .filter(|cat| rules.iter().any(|r| r.category == **cat))
            .map(|cat| {
                categories
                    .iter()
                    .find(|c| c.category == *cat)
                    .map_or(100, |c| c.score)
            })
            .collect();
        let mean = if checked.is_empty() {
            100
        } else {
            let sum: u32 = checked.iter().sum();
            (sum as f64 / checked.len() as f64).round() as u32
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
        // The number never reads better than the verdict: a critical keeps it below 50, a
        // high below 80.
        let score = match verdict {
            Verdict::NotReady => mean.min(49),
            Verdict::ReadyWithRisks => mean.min(79),
            Verdict::Ready => mean,
        };
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
        }
    }

    /// Marks the findings whose fingerprints a baseline lists: they stay in the report
    /// but no longer fail the run.
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
                text: redact_line(path, src.line_text(l)).into_owned(),
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

    #[test]
    fn a_finding_never_raises_the_score() {
        let model = AppModel::default();
        let na = |id: &str| result(id, Outcome::not_applicable("n/a"));
        // delivery loses 4 points; ops does not apply.
        let base = Report::build(
            &model,
            vec![
                result("delivery/no-lockfile", low("delivery/no-lockfile")),
                result("delivery/no-tests", low("delivery/no-tests")),
                na("ops/no-error-tracking"),
            ],
        )
        .score;
        // A smaller loss in ops must lower the score, not lift it by joining the mean.
        let worse = Report::build(
            &model,
            vec![
                result("delivery/no-lockfile", low("delivery/no-lockfile")),
                result("delivery/no-tests", low("delivery/no-tests")),
                result("ops/no-error-tracking", low("ops/no-error-tracking")),
            ],
        )
        .score;
        assert_eq!(base, 98);
        assert_eq!(worse, 97);
    }

    #[test]
    fn the_score_is_capped_by_the_verdict() {
        let model = AppModel::default();
        let mut critical = low("delivery/no-tests");
        critical.findings[0].severity = Severity::Critical;
        let report = Report::build(&model, vec![result("delivery/no-tests", critical)]);
        assert_eq!(report.verdict, Verdict::NotReady);
        // 100 - 30 = 70 before the cap.
        assert_eq!(report.score, 49);
    }
}
