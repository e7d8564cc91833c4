//! The prioritised roadmap: findings grouped by rule into P0 (blockers), P1 (before
//! launch) and P2 (soon) items, each with an effort hint, shared by the Markdown and HTML
//! reports. Findings are numbered F1, F2, … in display order (most severe first).

use crate::{Report, ReportFinding};
use shipgate_model::{Effort, RuleMeta, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    P0,
    P1,
    P2,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::P0, Priority::P1, Priority::P2];

    pub const fn as_str(self) -> &'static str {
        match self {
            Priority::P0 => "P0",
            Priority::P1 => "P1",
            Priority::P2 => "P2",
        }
    }

    pub const fn title(self) -> &'static str {
        match self {
            Priority::P0 => "P0 · blockers: fix before any deploy",
            Priority::P1 => "P1 · before launch",
            Priority::P2 => "P2 · soon after launch",
        }
    }

    /// The priority of a finding; informational findings are not on the roadmap.
    pub const fn of(sev: Severity) -> Option<Priority> {
        match sev {
            Severity::Critical => Some(Priority::P0),
            Severity::High => Some(Priority::P1),
            Severity::Medium | Severity::Low => Some(Priority::P2),
            Severity::Info => None,
        }
    }
}

/// One roadmap item: every finding of one rule at one severity.
#[derive(Debug, Clone)]
pub struct Item<'r> {
    pub priority: Priority,
    pub severity: Severity,
    pub rule: &'static RuleMeta,
    /// The findings with their display numbers (F-numbers), in display order.
    pub findings: Vec<(usize, &'r ReportFinding)>,
}

impl Item<'_> {
    pub fn points(&self) -> u32 {
        self.findings.iter().map(|(_, f)| f.points).sum()
    }

    /// "small: under an hour per site, 3 sites".
    pub fn effort_hint(&self) -> String {
        let e = self.rule.effort;
        let n = self.findings.len();
        match e {
            Effort::Small if n > 1 => format!("{}: {}, {n} sites", e.as_str(), e.hint()),
            _ => format!("{}: {}", e.as_str(), e.hint()),
        }
    }
}

/// Indices into `report.findings` in display order: most severe first, then by place.
pub fn display_order(r: &Report) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..r.findings.len()).collect();
    // A stable sort keeps the report's path order inside each severity.
    idx.sort_by_key(|&i| r.findings[i].finding.severity);
    idx
}

/// The F-number of every finding, by index into `report.findings`.
pub fn numbers(r: &Report) -> Vec<usize> {
    let mut num = vec![0; r.findings.len()];
    for (n, i) in display_order(r).into_iter().enumerate() {
        num[i] = n + 1;
    }
    num
}

pub fn build<'r>(r: &'r Report) -> Vec<Item<'r>> {
    let mut items: Vec<Item<'r>> = Vec::new();
    for (n, i) in display_order(r).into_iter().enumerate() {
        let f = &r.findings[i];
        let Some(priority) = Priority::of(f.finding.severity) else {
            continue;
        };
        let existing = items
            .iter_mut()
            .find(|it| it.rule.id == f.finding.rule && it.severity == f.finding.severity);
        match existing {
            Some(it) => it.findings.push((n + 1, f)),
            None => {
                let Some(rule) = r.rules.iter().find(|m| m.id == f.finding.rule) else {
                    continue;
                };
                items.push(Item {
                    priority,
                    severity: f.finding.severity,
                    rule,
                    findings: vec![(n + 1, f)],
                });
            }
        }
    }
    // Most severe first; inside a severity the item that costs most, then the cheaper
    // fix, then by id so the order is stable.
    items.sort_by(|a, b| {
        (
            a.priority,
            a.severity,
            std::cmp::Reverse(a.points()),
            a.rule.effort,
            a.rule.id,
        )
            .cmp(&(
                b.priority,
                b.severity,
                std::cmp::Reverse(b.points()),
                b.rule.effort,
                b.rule.id,
            ))
    });
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipgate_model::{AppModel, Finding};
    use shipgate_rules::{Outcome, RULES, RuleResult};

    fn run(id: &str, sevs: &[Severity]) -> RuleResult {
        let meta = RULES.iter().find(|r| r.meta().id == id).unwrap().meta();
        let findings = sevs
            .iter()
            .enumerate()
            .map(|(i, s)| Finding {
                rule: meta.id,
                severity: *s,
                message: "m".into(),
                at: None,
                related: Vec::new(),
                route: None,
                entity: format!("e{i}"),
                fix: "f".into(),
                confidence: Default::default(),
                unresolved: Vec::new(),
            })
            .collect();
        RuleResult {
            meta,
            outcome: Outcome::from_findings(findings, ""),
            disabled: false,
        }
    }

    #[test]
    fn items_group_by_rule_and_severity_and_sort_by_priority() {
        let model = AppModel::default();
        let r = Report::build(
            &model,
            vec![
                run("delivery/no-ci", &[Severity::Medium]),
                run(
                    "auth/unprotected-route",
                    &[Severity::Critical, Severity::Critical, Severity::High],
                ),
                run("ops/no-health-endpoint", &[Severity::Info]),
            ],
        );
        let items = build(&r);
        let got: Vec<(Priority, &str, usize)> = items
            .iter()
            .map(|it| (it.priority, it.rule.id, it.findings.len()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Priority::P0, "auth/unprotected-route", 2),
                (Priority::P1, "auth/unprotected-route", 1),
                (Priority::P2, "delivery/no-ci", 1),
            ]
        );
        // F-numbers follow display order: the two criticals, the high, the medium.
        assert_eq!(items[0].findings[0].0, 1);
        assert_eq!(items[1].findings[0].0, 3);
        assert_eq!(items[2].findings[0].0, 4);
        assert_eq!(
            items[0].effort_hint(),
            "small: under an hour per site, 2 sites"
        );
    }
}
