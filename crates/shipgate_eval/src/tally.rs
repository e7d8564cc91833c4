//! Scores one app's critical and high findings against its labels, and adds apps up into
//! figures per set and per rule.

use crate::labels::{Label, Verdict};
use shipgate_model::Severity;
use std::collections::{BTreeMap, HashMap};

/// A critical or high finding of today's run.
#[derive(Debug, Clone)]
pub struct Current {
    pub rule: String,
    pub file: String,
    pub entity: String,
    pub severity: Severity,
    /// `path:line`, for the triage list.
    pub location: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub found: usize,
    /// Judged real (at any severity).
    pub real: usize,
    /// Judged real and reported at the severity the judge gave.
    pub right_severity: usize,
    pub fp: usize,
    pub unjudged: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.found += o.found;
        self.real += o.real;
        self.right_severity += o.right_severity;
        self.fp += o.fp;
        self.unjudged += o.unjudged;
    }

    pub fn judged(&self) -> usize {
        self.real + self.fp
    }

    /// Real findings among the judged ones, as a percentage; `None` when none is judged.
    pub fn precision(&self) -> Option<f64> {
        (self.judged() > 0).then(|| 100.0 * self.real as f64 / self.judged() as f64)
    }

    pub fn right_severity_rate(&self) -> Option<f64> {
        (self.judged() > 0).then(|| 100.0 * self.right_severity as f64 / self.judged() as f64)
    }
}

#[derive(Debug, Default)]
pub struct AppScore {
    pub counts: Counts,
    /// Per `(rule, severity)` of today's findings.
    pub by_rule: BTreeMap<(String, Severity), Counts>,
    pub unjudged: Vec<Current>,
    /// Today's findings the labels call false.
    pub false_found: Vec<Current>,
    /// Today's real findings at another severity than the judged one, with that severity.
    pub wrong_severity: Vec<(Current, Option<Severity>)>,
    /// Judged real critical/high findings no longer reported at high or above.
    pub lost: Vec<Label>,
    /// Flaws found by reading (`missed` labels), and how many a finding now catches.
    pub missed: usize,
    pub missed_caught: usize,
}

pub fn score(current: &[Current], labels: &[Label]) -> AppScore {
    let by_key: HashMap<(&str, &str, &str), &Label> = labels.iter().map(|l| (l.key(), l)).collect();
    let mut s = AppScore::default();
    for f in current {
        let mut c = Counts {
            found: 1,
            ..Counts::default()
        };
        match by_key.get(&(f.rule.as_str(), f.file.as_str(), f.entity.as_str())) {
            Some(l) if l.verdict == Verdict::Fp => {
                c.fp = 1;
                s.false_found.push(f.clone());
            }
            Some(l) if l.verdict != Verdict::Unjudged => {
                c.real = 1;
                c.right_severity = usize::from(l.expected == Some(f.severity));
                if c.right_severity == 0 {
                    s.wrong_severity.push((f.clone(), l.expected));
                }
                s.missed_caught += usize::from(l.verdict == Verdict::Missed);
            }
            _ => {
                c.unjudged = 1;
                s.unjudged.push(f.clone());
            }
        }
        s.counts.add(c);
        s.by_rule
            .entry((f.rule.clone(), f.severity))
            .or_default()
            .add(c);
    }
    let reported: std::collections::HashSet<(&str, &str, &str)> = current
        .iter()
        .map(|f| (f.rule.as_str(), f.file.as_str(), f.entity.as_str()))
        .collect();
    for l in labels {
        match l.verdict {
            Verdict::Tp | Verdict::WrongSeverity
                if l.expected.is_some_and(|e| e <= Severity::High)
                    && !reported.contains(&l.key()) =>
            {
                s.lost.push(l.clone());
            }
            Verdict::Missed => s.missed += 1,
            _ => {}
        }
    }
    s
}

/// Adds app scores together.
pub fn total<'a>(
    scores: impl IntoIterator<Item = &'a AppScore>,
) -> (Counts, BTreeMap<(String, Severity), Counts>, usize) {
    let mut counts = Counts::default();
    let mut by_rule: BTreeMap<(String, Severity), Counts> = BTreeMap::new();
    let mut lost = 0;
    for s in scores {
        counts.add(s.counts);
        lost += s.lost.len();
        for (k, v) in &s.by_rule {
            by_rule.entry(k.clone()).or_default().add(*v);
        }
    }
    (counts, by_rule, lost)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::parse;

    fn cur(rule: &str, entity: &str, sev: Severity) -> Current {
        Current {
            rule: rule.into(),
            file: "a.ts".into(),
            entity: entity.into(),
            severity: sev,
            location: "a.ts:1".into(),
            message: String::new(),
        }
    }

    #[test]
    fn counts_real_false_unjudged_and_lost() {
        let labels = parse(
            "tp\tcritical\tauth/x\ta.ts\tPOST /a\t\n\
             ws\thigh\tauth/x\ta.ts\tPOST /b\t\n\
             fp\t-\tauth/x\ta.ts\tPOST /c\t\n\
             tp\thigh\tauth/y\ta.ts\tGET /gone\t\n\
             ws\tmedium\tauth/y\ta.ts\tGET /demoted\t\n\
             missed\thigh\tauth/z\ta.ts\tGET /m\t\n",
            "t",
        )
        .unwrap();
        let current = vec![
            cur("auth/x", "POST /a", Severity::Critical),
            cur("auth/x", "POST /b", Severity::Critical),
            cur("auth/x", "POST /c", Severity::Critical),
            cur("auth/x", "POST /new", Severity::High),
        ];
        let s = score(&current, &labels);
        assert_eq!(s.counts.found, 4);
        assert_eq!(s.counts.real, 2);
        assert_eq!(s.counts.right_severity, 1);
        assert_eq!(s.counts.fp, 1);
        assert_eq!(s.counts.unjudged, 1);
        assert_eq!(s.false_found.len(), 1);
        assert_eq!(s.false_found[0].entity, "POST /c");
        assert_eq!(s.counts.precision(), Some(200.0 / 3.0));
        // The high TP that vanished is lost; the one judged medium is not.
        assert_eq!(s.lost.len(), 1);
        assert_eq!(s.lost[0].entity, "GET /gone");
        assert_eq!((s.missed, s.missed_caught), (1, 0));
    }
}
