//! ux/missing-legal-pages: an app where people sign up, with no terms or privacy page.

use crate::delivery::repo_loc;
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Apps with a sign-up (a page or endpoint named `signup`, `sign-up`, `register` or
    /// `join`) with no terms of service or privacy policy: no page at a legal path
    /// (`/privacy`, `/terms`, `/legal`, `/imprint`...), no content file named for one
    /// (`privacy.mdx`), and no link to one in the code (`href="/privacy"`, or a URL on
    /// another site ending in `/terms`).
    ///
    /// ## Why it matters
    /// Collecting e-mail addresses and payment details without a privacy policy breaks
    /// GDPR and CCPA, and Stripe, app stores and OAuth providers (Google's consent
    /// screen) require links to both documents before they approve an app.
    ///
    /// ## How to fix
    /// Publish `/terms` and `/privacy`, link them from the sign-up form and the footer,
    /// and record which version a user accepted.
    ///
    /// ## Example
    /// ```tsx
    /// <p>By signing up you agree to our <Link href="/terms">Terms</Link> and <Link href="/privacy">Privacy Policy</Link>.</p>
    /// ```
    pub struct MissingLegalPages {
        id: "ux/missing-legal-pages",
        category: Product,
        severity: Low,
        effort: Medium,
        summary: "no terms/privacy pages in an app with sign-up",
        problem: "sign-up has no terms or privacy pages",
    }
}

fn segments(path: &str) -> impl Iterator<Item = String> + '_ {
    path.split(['/', '.', '(', ')', '[', ']'])
        .map(|s| s.to_ascii_lowercase())
}

fn is_signup(path: &str) -> bool {
    segments(path).any(|s| {
        matches!(
            s.as_str(),
            "signup" | "sign-up" | "register" | "join" | "sign_up"
        )
    })
}

const LEGAL: &[&str] = &[
    "privacy",
    "privacy-policy",
    "privacypolicy",
    "terms",
    "terms-of-service",
    "terms-of-use",
    "terms-and-conditions",
    "tos",
    "legal",
    "imprint",
    "impressum",
];

/// A page at a legal path (`/privacy`, `/(legal)/terms`), or a content file named for
/// one (`content/pages/privacy.mdx`).
fn legal_page(model: &AppModel) -> Option<String> {
    if let Some(p) = model
        .pages
        .iter()
        .find(|p| segments(&p.path).any(|s| LEGAL.contains(&s.as_str())))
    {
        return Some(format!("page `{}`", p.path));
    }
    model
        .all_paths
        .iter()
        .find(|p| {
            let name = p.rsplit('/').next().unwrap_or(p).to_ascii_lowercase();
            let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
            matches!(ext, "md" | "mdx" | "html" | "astro" | "vue" | "svelte")
                && LEGAL.contains(&stem)
        })
        .map(|p| format!("`{p}`"))
}

/// A link to a legal page, possibly on another site: `href="/privacy"`,
/// `"https://acme.com/terms"`.
fn legal_link(model: &AppModel) -> Option<String> {
    model.files.iter().find_map(|f| {
        let text: &str = &f.text;
        ["/privacy", "/terms", "/legal"]
            .iter()
            .any(|l| {
                text.match_indices(l).any(|(i, _)| {
                    let after = text[i + l.len()..].chars().next();
                    after.is_none_or(|c| matches!(c, '"' | '\'' | '`' | '-' | '/' | '#' | '?'))
                })
            })
            .then(|| format!("a link in `{}`", f.path))
    })
}

impl Rule for MissingLegalPages {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let signup = model
            .pages
            .iter()
            .map(|p| p.path.as_str())
            .chain(model.routes.iter().map(|r| r.path.as_str()))
            .find(|p| is_signup(p));
        let Some(signup) = signup else {
            return Outcome::not_applicable("no sign-up page or endpoint");
        };
        if let Some(legal) = legal_page(model).or_else(|| legal_link(model)) {
            return Outcome::from_findings(Vec::new(), format!("legal page: {legal}"));
        }
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "People can sign up (`{signup}`) but the repository has no terms of service or privacy policy page; if they live on another site, link them from the sign-up form"
                ),
                repo_loc(model),
                "repo legal".into(),
                "Publish `/terms` and `/privacy` and link them from the sign-up form and the footer.".to_string(),
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::MissingLegalPages::META.id);
    }
}
