//! Priorities and display order, shared by the Markdown and HTML reports: a problem's
//! worst severity puts it under P0 (blockers), P1 (before launch) or P2 (soon), and
//! findings are numbered F1, F2, … in display order (most severe first).

use crate::Report;
use shipgate_model::Severity;

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
