//! Findings, severities, categories and rule metadata: the vocabulary shared by rules and
//! the report.

use crate::app::Loc;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    // Ordered most severe first, so sorting puts blockers on top.
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }

    /// The weight of this severity in its category's score: the first finding costs this
    /// many points, and each doubling of the count costs it again (see docs/scoring.md).
    pub const fn points(self) -> u32 {
        match self {
            Severity::Critical => 40,
            Severity::High => 20,
            Severity::Medium => 6,
            Severity::Low => 2,
            Severity::Info => 0,
        }
    }

    /// Whether `self` is at least as severe as `threshold`.
    pub fn at_least(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str() == s)
            .ok_or_else(|| {
                format!("unknown severity `{s}` (expected critical, high, medium, low or info)")
            })
    }
}

/// How sure a conclusion is: `proven` when every call on the path was resolved and the
/// conclusion follows; `likely` when a step is a library call shipgate does not model;
/// `possible` when part of the path could not be read at all (a missing file, a package
/// outside the repository, dynamic dispatch). Ordered most certain first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    #[default]
    Proven,
    Likely,
    Possible,
}

impl Confidence {
    pub const fn as_str(self) -> &'static str {
        match self {
            Confidence::Proven => "proven",
            Confidence::Likely => "likely",
            Confidence::Possible => "possible",
        }
    }

    /// The weaker of two confidences: a conclusion is as sure as its least sure step.
    pub fn and(self, other: Confidence) -> Confidence {
        self.max(other)
    }
}

/// How much work fixing a rule's findings typically takes: a hint for the roadmap, not
/// an estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Effort {
    /// A local change: a guard, a header, a config line. Under an hour per site.
    Small,
    /// A change across a few files, or secrets to rotate: about a day.
    Medium,
    /// A design change: a data model, a test suite, a new subsystem. Several days.
    Large,
}

impl Effort {
    pub const fn as_str(self) -> &'static str {
        match self {
            Effort::Small => "small",
            Effort::Medium => "medium",
            Effort::Large => "large",
        }
    }

    /// The hint shown next to a roadmap item.
    pub const fn hint(self) -> &'static str {
        match self {
            Effort::Small => "under an hour per site",
            Effort::Medium => "about a day",
            Effort::Large => "several days",
        }
    }
}

/// Report categories; each rule belongs to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Auth,
    Tenancy,
    Db,
    Integrations,
    Api,
    Config,
    Storage,
    Ops,
    Delivery,
    Product,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::Auth,
        Category::Tenancy,
        Category::Db,
        Category::Integrations,
        Category::Api,
        Category::Config,
        Category::Storage,
        Category::Ops,
        Category::Delivery,
        Category::Product,
    ];

    pub const fn id(self) -> &'static str {
        match self {
            Category::Auth => "auth",
            Category::Tenancy => "tenancy",
            Category::Db => "db",
            Category::Integrations => "integrations",
            Category::Api => "api",
            Category::Config => "config",
            Category::Storage => "storage",
            Category::Ops => "ops",
            Category::Delivery => "delivery",
            Category::Product => "product",
        }
    }

    /// How much the category counts in the app's health: 3 where an outsider reaches
    /// data or accounts directly, 2 for the defences and money around them, 1 for what is
    /// unfinished (operations, delivery, product). See docs/scoring.md.
    pub const fn weight(self) -> u32 {
        match self {
            Category::Auth | Category::Tenancy | Category::Db => 3,
            Category::Integrations | Category::Api | Category::Config | Category::Storage => 2,
            Category::Ops | Category::Delivery | Category::Product => 1,
        }
    }

    pub const fn title(self) -> &'static str {
        match self {
            Category::Auth => "Authentication & authorization",
            Category::Tenancy => "Tenant isolation & data access",
            Category::Db => "Database & row level security",
            Category::Integrations => "Webhooks, OAuth & billing",
            Category::Api => "API hardening",
            Category::Config => "Configuration & secrets",
            Category::Storage => "Storage & data lifecycle",
            Category::Ops => "Observability & operations",
            Category::Delivery => "Tests & delivery",
            Category::Product => "Product completeness",
        }
    }
}

/// Static metadata of a rule; the single source for `shipgate rules`, SARIF and docs.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// `group/name`, exactly as in rules.md.
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// How much work a typical fix takes, for the roadmap.
    pub effort: Effort,
    /// One line: what the rule detects.
    pub summary: &'static str,
    /// What an outsider can do, or what fails, in plain words, as a clause that follows
    /// the thing it is about: "`POST /api/devices`: anyone on the internet can call it".
    /// Reports build problem titles from it.
    pub problem: &'static str,
    /// Markdown with the sections What it checks / Why it matters / How to fix / Example.
    pub docs: &'static str,
}

impl RuleMeta {
    /// The first sentence of the rule's "Why it matters": what an attacker or a failure
    /// gets, for reports to show beside serious findings.
    pub fn impact(&self) -> Option<String> {
        let section = self.docs.split("## Why it matters").nth(1)?;
        let text: Vec<&str> = section
            .lines()
            .map(str::trim)
            .take_while(|l| !l.starts_with("## "))
            .filter(|l| !l.is_empty())
            .collect();
        let text = text.join(" ");
        let end = text
            .char_indices()
            .find(|&(i, c)| {
                c == '.' && text[i + 1..].starts_with(' ') && !text[..i].ends_with("e.g")
            })
            .map(|(i, _)| i + 1)
            .unwrap_or(text.len());
        let sentence = text[..end].trim().to_string();
        (!sentence.is_empty()).then(|| {
            if sentence.ends_with('.') {
                sentence
            } else {
                format!("{sentence}.")
            }
        })
    }
}

/// Evidence elsewhere that helps explain a finding ("handler defined here").
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    pub at: Loc,
    pub message: String,
}

/// One problem a rule found, with its evidence.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// Specific; code in backticks.
    pub message: String,
    /// Primary evidence; `None` only for repo-level findings with nowhere to point.
    pub at: Option<Loc>,
    pub related: Vec<Related>,
    /// `METHOD path` when the finding is about a route.
    pub route: Option<String>,
    /// What the finding is about, for the fingerprint: a route, a table, a file, `repo`.
    pub entity: String,
    /// What to do, in the imperative.
    pub fix: String,
    /// How sure the finding is. Critical and high require `proven`: the rule runner lowers
    /// anything less to medium, marked as needing review.
    pub confidence: Confidence,
    /// What could not be followed, when not proven (`withTeam (from @acme/auth, not in
    /// the repository)`).
    pub unresolved: Vec<String>,
}

/// What a finding is about, for grouping findings into problems: the findings that share
/// a subject share a root and one fix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// An entry point: `METHOD path` or a server action.
    Route(String),
    /// A database table (or view), schema-qualified as the migrations name it.
    Table(String),
    /// A database function.
    Function(String),
    /// A configuration or environment file.
    File(String),
    /// Nothing narrower than the rule itself: every finding of the rule is one problem
    /// (no tests, no CI, dead controls across the UI).
    Rule(&'static str),
}

impl Subject {
    pub const fn kind(&self) -> &'static str {
        match self {
            Subject::Route(_) => "route",
            Subject::Table(_) => "table",
            Subject::Function(_) => "function",
            Subject::File(_) => "file",
            Subject::Rule(_) => "rule",
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Subject::Route(s) | Subject::Table(s) | Subject::Function(s) | Subject::File(s) => s,
            Subject::Rule(s) => s,
        }
    }
}

impl Finding {
    /// What the finding is about: its route; else the table, policy's table, column's
    /// table or function its entity names (`table public.x`, `policy public.x name`,
    /// `column public.x.c`, `function public.f`); else, for configuration and secret
    /// findings about one file, that file; else the rule (repository-wide findings).
    pub fn subject(&self, file: Option<&str>) -> Subject {
        if let Some(r) = &self.route {
            return Subject::Route(r.clone());
        }
        let mut words = self.entity.split(' ');
        let head = words.next().unwrap_or("");
        let name = words.next().filter(|n| !n.is_empty());
        match (head, name) {
            ("table" | "policy", Some(t)) => return Subject::Table(t.to_string()),
            ("column", Some(c)) => {
                let table = c.rsplit_once('.').map_or(c, |(t, _)| t);
                return Subject::Table(table.to_string());
            }
            ("function", Some(f)) => return Subject::Function(f.to_string()),
            _ => {}
        }
        let group = self.rule.split('/').next().unwrap_or("");
        match file {
            Some(path) if matches!(group, "config" | "secrets") && self.entity != "repo" => {
                Subject::File(path.to_string())
            }
            _ => Subject::Rule(self.rule),
        }
    }

    /// Takes the confidence of the evidence the finding rests on.
    pub fn resting_on(mut self, confidence: Confidence, unresolved: &[String]) -> Self {
        self.confidence = self.confidence.and(confidence);
        for u in unresolved {
            if !self.unresolved.contains(u) {
                self.unresolved.push(u.clone());
            }
        }
        self
    }
}

/// Outcome of one rule over the whole app, for the report's `checks`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckStatus {
    Pass,
    Fail,
    NotApplicable,
}

impl CheckStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Fail => "fail",
            CheckStatus::NotApplicable => "not-applicable",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(rule: &'static str, route: Option<&str>, entity: &str) -> Finding {
        Finding {
            rule,
            severity: Severity::High,
            message: String::new(),
            at: None,
            related: Vec::new(),
            route: route.map(str::to_string),
            entity: entity.into(),
            fix: String::new(),
            confidence: Confidence::Proven,
            unresolved: Vec::new(),
        }
    }

    #[test]
    fn subject_is_the_route_then_the_table_or_function_then_the_file_then_the_rule() {
        let cases = [
            (
                f("a/b", Some("GET /x"), "GET /x id"),
                None,
                Subject::Route("GET /x".into()),
            ),
            (
                f("db/x", None, "table public.t"),
                None,
                Subject::Table("public.t".into()),
            ),
            (
                f("db/x", None, "policy public.t Users can read"),
                None,
                Subject::Table("public.t".into()),
            ),
            (
                f("db/x", None, "column public.t.c"),
                None,
                Subject::Table("public.t".into()),
            ),
            (
                f("db/x", None, "column t.c"),
                None,
                Subject::Table("t".into()),
            ),
            (
                f("db/x", None, "function public.f"),
                None,
                Subject::Function("public.f".into()),
            ),
            (
                f("config/x", None, "next.config.js"),
                Some("next.config.js"),
                Subject::File("next.config.js".into()),
            ),
            (
                f("config/y", None, "repo"),
                Some("lib/env.ts"),
                Subject::Rule("config/y"),
            ),
            (
                f("delivery/z", None, "repo"),
                Some("package.json"),
                Subject::Rule("delivery/z"),
            ),
            (f("db/x", None, "table"), None, Subject::Rule("db/x")),
        ];
        for (finding, file, want) in cases {
            assert_eq!(finding.subject(file), want, "{}", finding.entity);
        }
    }
}
