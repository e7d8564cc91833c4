//! Problems: the findings that share a root, as one item. One route or server action, one
//! table, one database function, one configuration file, or one repository-wide rule is
//! one problem, titled in plain words from what its rules say an outsider can do, with
//! the findings it joins and one fix per rule. Ordered by the worst finding. Markdown,
//! HTML and text lead with problems; JSON lists them beside `findings[]`.

use crate::{Report, ReportFinding, roadmap};
use shipgate_model::{RuleMeta, Severity, Subject};

#[derive(Debug, Clone)]
pub struct Problem<'r> {
    /// Stable across runs and code changes that keep the subject: a hash of its kind and
    /// name.
    pub id: String,
    pub subject: Subject,
    pub severity: Severity,
    /// One line in plain words: "`POST /api/devices`: the caller chooses whose data it
    /// touches by sending an id, and it reaches the database past row level security".
    pub title: String,
    /// The title without its subject: what an outsider can do, or what fails.
    pub what: String,
    /// The findings it joins with their F-numbers, worst first, then in display order.
    pub findings: Vec<(usize, &'r ReportFinding)>,
    /// The rules of those findings, each once, in the same order.
    pub rules: Vec<&'static RuleMeta>,
}

/// How many rules a title names before it counts the rest.
const TITLE_RULES: usize = 2;

impl Problem<'_> {
    pub fn points(&self) -> u32 {
        self.findings.iter().map(|(_, f)| f.points).sum()
    }

    /// One fix per rule, from that rule's worst finding: the combined fix.
    pub fn fixes(&self) -> Vec<(&'static str, &str)> {
        self.rules
            .iter()
            .filter_map(|m| {
                self.findings
                    .iter()
                    .find(|(_, f)| f.finding.rule == m.id)
                    .map(|(_, f)| (m.id, f.finding.fix.as_str()))
            })
            .collect()
    }

    /// The first sentence of the worst rule's "Why it matters".
    pub fn impact(&self) -> Option<String> {
        self.rules.first().and_then(|m| m.impact())
    }

    /// The subject as a report names it, code in backticks.
    pub fn subject_label(&self) -> String {
        subject_label(&self.subject)
    }

    /// Whether every finding is listed in the baseline.
    pub fn baselined(&self) -> bool {
        self.findings.iter().all(|(_, f)| f.baselined)
    }
}

/// The word a title puts before a subject's name: `Table `, `Function `, or nothing.
pub fn subject_prefix(s: &Subject) -> &'static str {
    match s {
        Subject::Table(_) => "Table ",
        Subject::Function(_) => "Function ",
        Subject::Route(_) | Subject::File(_) | Subject::Rule(_) => "",
    }
}

/// The subject's kind in the plural, for a folded run of look-alike problems.
pub fn subject_plural(s: &Subject) -> &'static str {
    match s {
        Subject::Route(_) => "routes",
        Subject::Table(_) => "tables",
        Subject::Function(_) => "functions",
        Subject::File(_) => "files",
        Subject::Rule(_) => "places",
    }
}

fn subject_label(s: &Subject) -> String {
    format!("{}`{}`", subject_prefix(s), s.name())
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The title: the subject, then what its most severe rules say an outsider can do (or
/// what fails). A rule-wide problem is its phrase, with a count when it is in several
/// places.
fn title(
    subject: &Subject,
    rules: &[&'static RuleMeta],
    findings: &[(usize, &ReportFinding)],
) -> (String, String) {
    // Rules that carry weight name the problem; low and info ones only when nothing else
    // does.
    let serious: Vec<&RuleMeta> = rules
        .iter()
        .copied()
        .filter(|m| {
            findings
                .iter()
                .any(|(_, f)| f.finding.rule == m.id && f.finding.severity <= Severity::Medium)
        })
        .collect();
    let named: &[&RuleMeta] = if serious.is_empty() {
        &rules[..rules.len().min(1)]
    } else {
        &serious
    };
    let shown: Vec<&str> = named.iter().take(TITLE_RULES).map(|m| m.problem).collect();
    let mut what = match shown.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first}, and {}", rest.join(", and ")),
    };
    let more = rules.len().saturating_sub(shown.len());
    if more > 0 {
        what.push_str(&format!(
            " (+{more} more issue{})",
            if more == 1 { "" } else { "s" }
        ));
    }
    match subject {
        Subject::Rule(_) => {
            let places = findings.len();
            let what = if places > 1 {
                format!("{} ({places} places)", capitalised(&what))
            } else {
                capitalised(&what)
            };
            (what.clone(), what)
        }
        _ => (format!("{}: {what}", subject_label(subject)), what),
    }
}

/// Every problem of the report, most severe first; within a severity the one that costs
/// most, then by subject so the order is stable.
pub fn build<'r>(r: &'r Report) -> Vec<Problem<'r>> {
    let mut groups: Vec<(Subject, Vec<(usize, &'r ReportFinding)>)> = Vec::new();
    let mut index: std::collections::HashMap<Subject, usize> = std::collections::HashMap::new();
    for (n, i) in roadmap::display_order(r).into_iter().enumerate() {
        let f = &r.findings[i];
        let subject = f.finding.subject(f.file.as_deref());
        match index.get(&subject) {
            Some(&g) => groups[g].1.push((n + 1, f)),
            None => {
                index.insert(subject.clone(), groups.len());
                groups.push((subject, vec![(n + 1, f)]));
            }
        }
    }
    let mut problems: Vec<Problem<'r>> = groups
        .into_iter()
        .map(|(subject, findings)| {
            let mut rules: Vec<&'static RuleMeta> = Vec::new();
            for (_, f) in &findings {
                if let Some(m) = r.rules.iter().copied().find(|m| m.id == f.finding.rule)
                    && !rules.iter().any(|x| x.id == m.id)
                {
                    rules.push(m);
                }
            }
            // Worst first; at one severity, who can get in (auth and webhook rules)
            // before what they reach, so titles read "anyone can call it, and ...".
            let worst = |id: &str| {
                findings
                    .iter()
                    .filter(|(_, f)| f.finding.rule == id)
                    .map(|(_, f)| f.finding.severity)
                    .min()
            };
            rules.sort_by_key(|m| {
                let door = matches!(m.id.split('/').next(), Some("auth" | "webhook"));
                (worst(m.id), !door)
            });
            let severity = findings
                .iter()
                .map(|(_, f)| f.finding.severity)
                .min()
                .unwrap_or(Severity::Info);
            let (title, what) = title(&subject, &rules, &findings);
            Problem {
                id: crate::fingerprint(subject.kind(), None, subject.name())[..16].to_string(),
                title,
                what,
                subject,
                severity,
                findings,
                rules,
            }
        })
        .collect();
    problems.sort_by(|a, b| {
        (a.severity, std::cmp::Reverse(a.points()), &a.subject).cmp(&(
            b.severity,
            std::cmp::Reverse(b.points()),
            &b.subject,
        ))
    });
    problems
}

/// Problems shown one by one, and runs of look-alike problems (one rule and nothing else,
/// the same severity, below critical; more than `shown` of them) folded into one entry,
/// in order: 24 admin routes that check no role are one item with a count.
pub enum Entry<'p, 'r> {
    One(&'p Problem<'r>),
    Repeat {
        rule: &'static RuleMeta,
        severity: Severity,
        problems: Vec<&'p Problem<'r>>,
    },
}

pub fn entries<'p, 'r>(problems: &'p [Problem<'r>], shown: usize) -> Vec<Entry<'p, 'r>> {
    let key = |p: &Problem| -> Option<(&'static str, Severity)> {
        // Each critical stays in full; a rule-wide problem already holds all its places.
        let foldable = p.rules.len() == 1
            && !matches!(p.subject, Subject::Rule(_))
            && p.severity != Severity::Critical;
        foldable.then(|| (p.rules[0].id, p.severity))
    };
    let mut out: Vec<Entry> = Vec::new();
    let mut folded: Vec<(&'static str, Severity)> = Vec::new();
    for p in problems {
        let Some(k) = key(p) else {
            out.push(Entry::One(p));
            continue;
        };
        if folded.contains(&k) {
            continue;
        }
        let alike: Vec<&Problem> = problems.iter().filter(|q| key(q) == Some(k)).collect();
        if alike.len() > shown {
            folded.push(k);
            out.push(Entry::Repeat {
                rule: p.rules[0],
                severity: k.1,
                problems: alike,
            });
        } else {
            out.push(Entry::One(p));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipgate_model::{AppModel, Finding};
    use shipgate_rules::{Outcome, RULES, RuleResult};

    fn finding(rule: &'static str, sev: Severity, route: Option<&str>, entity: &str) -> Finding {
        Finding {
            rule,
            severity: sev,
            message: "m".into(),
            at: None,
            related: Vec::new(),
            route: route.map(str::to_string),
            entity: entity.into(),
            fix: format!("fix {rule}"),
            confidence: Default::default(),
            unresolved: Vec::new(),
        }
    }

    fn run(id: &str, findings: Vec<Finding>) -> RuleResult {
        let meta = RULES.iter().find(|r| r.meta().id == id).unwrap().meta();
        let findings = findings
            .into_iter()
            .map(|mut f| {
                f.rule = meta.id;
                f.fix = format!("fix {}", meta.id);
                f
            })
            .collect();
        RuleResult {
            meta,
            outcome: Outcome::from_findings(findings, ""),
            disabled: false,
        }
    }

    #[test]
    fn findings_on_one_route_are_one_problem_titled_by_its_worst_rules() {
        let model = AppModel::default();
        let route = Some("POST /api/devices");
        let r = Report::build(
            &model,
            vec![
                run(
                    "auth/client-supplied-identity",
                    vec![finding(
                        "",
                        Severity::Critical,
                        route,
                        "POST /api/devices userId",
                    )],
                ),
                run(
                    "tenancy/service-role-in-request-path",
                    vec![finding("", Severity::High, route, "POST /api/devices")],
                ),
                run(
                    "api/no-input-validation",
                    vec![finding("", Severity::Medium, route, "POST /api/devices")],
                ),
                run(
                    "db/rls-disabled",
                    vec![
                        finding("", Severity::High, None, "table public.invites"),
                        finding("", Severity::Critical, None, "table public.contacts"),
                    ],
                ),
                run(
                    "db/missing-fk-index",
                    vec![finding("", Severity::Low, None, "table public.contacts")],
                ),
                run(
                    "delivery/no-tests",
                    vec![finding("", Severity::High, None, "repo")],
                ),
            ],
        );
        let problems = build(&r);
        let got: Vec<(&str, Severity, usize)> = problems
            .iter()
            .map(|p| (p.subject.name(), p.severity, p.findings.len()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("POST /api/devices", Severity::Critical, 3),
                ("public.contacts", Severity::Critical, 2),
                ("public.invites", Severity::High, 1),
                ("delivery/no-tests", Severity::High, 1),
            ]
        );
        let devices = &problems[0];
        assert_eq!(
            devices.title,
            "`POST /api/devices`: the caller chooses whose data it touches by sending an id, and it reaches the database past row level security (+1 more issue)"
        );
        assert_eq!(devices.fixes().len(), 3);
        assert_eq!(devices.fixes()[0].1, "fix auth/client-supplied-identity");
        assert_eq!(problems[3].title, "Nothing tests the code");
        assert_eq!(
            problems[1].title,
            "Table `public.contacts`: anyone with the public anon key can read and write every row (+1 more issue)"
        );
        // The id names the subject, not the findings.
        assert_eq!(problems[1].id, build(&r)[1].id);
        assert_ne!(problems[0].id, problems[1].id);
    }

    #[test]
    fn look_alike_problems_fold_unless_critical_or_joined_with_others() {
        let model = AppModel::default();
        let functions: Vec<Finding> = (0..5)
            .map(|i| finding("", Severity::High, None, &format!("function public.f{i}")))
            .collect();
        let route = |i: usize, sev| {
            let r = format!("GET /api/r{i}");
            finding("", sev, Some(&r), &r)
        };
        let open: Vec<Finding> = (0..5).map(|i| route(i, Severity::Critical)).collect();
        let admin: Vec<Finding> = (5..10).map(|i| route(i, Severity::High)).collect();
        // The last admin route also uses the service role: a different problem.
        let joined = vec![route(9, Severity::High)];
        let r = Report::build(
            &model,
            vec![
                run("db/security-definer-search-path", functions),
                run("auth/unprotected-route", open),
                run("auth/admin-route-without-role-check", admin),
                run("tenancy/service-role-in-request-path", joined),
            ],
        );
        let problems = build(&r);
        let entries = entries(&problems, 3);
        let ones = entries
            .iter()
            .filter(|e| matches!(e, Entry::One(_)))
            .count();
        let repeats: Vec<usize> = entries
            .iter()
            .filter_map(|e| match e {
                Entry::Repeat { problems, .. } => Some(problems.len()),
                Entry::One(_) => None,
            })
            .collect();
        // Five criticals and the joined route one by one; four admin routes and five
        // functions folded.
        assert_eq!((ones, repeats), (6, vec![4, 5]));
    }
}
