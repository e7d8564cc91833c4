//! api/unsafe-html: raw HTML put into a page from its URL or from unsanitised markup.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Confidence, HtmlSource, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// HTML written into a page without escaping (`dangerouslySetInnerHTML`, `innerHTML
    /// =`, `insertAdjacentHTML`, `document.write`) from a value shipgate can trace:
    /// the page's own URL (page `searchParams` and `params`, `useSearchParams()`,
    /// `location.hash`, `router.query`), or Markdown turned into HTML (`marked`,
    /// markdown-it, showdown) with no sanitiser (DOMPurify, sanitize-html, `xss`) on the
    /// way. Literal HTML, sanitised values and `JSON.stringify` output pass; values whose
    /// origin is not followed are not reported.
    ///
    /// Severity: `high` for the URL (a link is enough to attack); `medium`, marked as
    /// needing review, for converted markup (an attack when users write the text).
    ///
    /// ## Why it matters
    /// Script in the value runs in the victim's browser as your site: it reads what the
    /// page shows, calls your API with their session, and changes their account. For the
    /// URL, the attacker only has to get someone to open a link.
    ///
    /// ## How to fix
    /// Render text as text (`{value}` in JSX). When HTML is really needed, pass it through
    /// DOMPurify (`DOMPurify.sanitize(html)`) or sanitize-html first, or have the
    /// Markdown renderer drop raw HTML.
    ///
    /// ## Example
    /// ```tsx
    /// // flagged
    /// <div dangerouslySetInnerHTML={{ __html: searchParams.get("msg") ?? "" }} />
    /// // fixed
    /// <div>{searchParams.get("msg")}</div>
    /// ```
    pub struct UnsafeHtml {
        id: "api/unsafe-html",
        category: Api,
        severity: High,
        effort: Small,
        summary: "Raw HTML put into a page from its URL or from unsanitised markup",
        problem: "a crafted link can run script in the page (XSS)",
    }
}

impl Rule for UnsafeHtml {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.pages.is_empty() && model.html_writes.is_empty() {
            return Outcome::not_applicable("no pages");
        }
        let findings = model
            .html_writes
            .iter()
            .map(|w| {
                let (severity, what, fix) = match w.source {
                    HtmlSource::Url => (
                        Self::META.severity,
                        "comes from the page's URL: anyone who gets a user to open a crafted link runs script in their browser as your site",
                        "Render it as text, or pass it through DOMPurify (`DOMPurify.sanitize(html)`) before writing it as HTML.",
                    ),
                    HtmlSource::Markup => (
                        Severity::Medium,
                        "is Markdown turned into HTML with no sanitiser: whoever writes the text can put script in it, and it runs in every reader's browser",
                        "Sanitise the HTML the converter returns (DOMPurify, sanitize-html) or configure it to drop raw HTML.",
                    ),
                };
                let f = finding(
                    &Self::META,
                    severity,
                    format!("`{}` writes `{}` into the page as HTML, and it {what}", w.sink, w.value),
                    Some(w.at),
                    format!("{} {}", w.sink, model.path(w.at.file)),
                    fix.to_string(),
                );
                if w.source == HtmlSource::Markup {
                    f.resting_on(Confidence::Possible, &["whether users write the text that is converted".to_string()])
                } else {
                    f
                }
            })
            .collect();
        Outcome::from_findings(
            findings,
            "no raw HTML comes from the URL or from unsanitised markup",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::UnsafeHtml::META.id);
    }
}
