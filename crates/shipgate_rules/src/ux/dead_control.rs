//! ux/dead-control: buttons and links that do nothing when clicked.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::ui::DeadReason;
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Controls in components, outside tests and stories, that do nothing: a click
    /// handler written in place with an empty body (`onClick={() => {}}`) or one that
    /// only logs or alerts (`onClick={() => console.log("clicked")}`,
    /// `alert("Coming soon")`), and links to `#` or `javascript:void(0)` with no click
    /// handler. Elements that take their behaviour from elsewhere (spread props, a
    /// parent with `asChild`) are left alone.
    ///
    /// ## Why it matters
    /// A button that does nothing is the first thing a new user finds and the fastest way
    /// to lose their trust. Hand-written audits list these as "dead buttons"; they are
    /// usually scaffolding that shipped.
    ///
    /// ## How to fix
    /// Wire the control to its action, or remove it (or render it disabled with a
    /// "coming soon" label) until the feature exists.
    ///
    /// ## Example
    /// ```tsx
    /// <Button onClick={() => console.log("export")}>Export CSV</Button>
    /// ```
    pub struct DeadControl {
        id: "ux/dead-control",
        category: Product,
        severity: Medium,
        effort: Small,
        summary: "buttons and links that do nothing",
        problem: "buttons and links do nothing",
    }
}

impl Rule for DeadControl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.dead_controls.is_empty() && model.images.is_empty() && model.url_refs.is_empty() {
            return Outcome::not_applicable("no JSX components");
        }
        let mut findings = Vec::new();
        for c in &model.dead_controls {
            let name = if c.label.is_empty() {
                format!("`<{}>`", c.element)
            } else {
                format!("`<{}>` \"{}\"", c.element, c.label)
            };
            let (why, fix) = match c.reason {
                DeadReason::PlaceholderHref => (
                    "links to `#` and has no click handler: clicking it does nothing",
                    "Link it to the real page, give it a handler, or remove it until the feature exists.",
                ),
                DeadReason::EmptyHandler => (
                    "has an empty click handler: clicking it does nothing",
                    "Wire the handler to the action, or remove the control (or disable it) until it exists.",
                ),
                DeadReason::LogOnlyHandler => (
                    "only logs or alerts when clicked: the action behind it was never built",
                    "Wire the handler to the action, or remove the control (or disable it) until it exists.",
                ),
            };
            findings.push(finding(
                &Self::META,
                Self::META.severity,
                format!("{name} {why}"),
                Some(c.at),
                format!("{} {}", c.element, c.label),
                fix.to_string(),
            ));
        }
        Outcome::from_findings(findings, "no empty handlers or placeholder links")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::DeadControl::META.id);
    }
}
