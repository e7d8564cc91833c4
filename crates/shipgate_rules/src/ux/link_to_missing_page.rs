//! ux/link-to-missing-page: links, navigations and redirects to paths no page serves.

use super::{group, matching, more_uses, refs_in_next_apps, served_for, with_other_uses};
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::ui::{ServedKind, UrlRef, UrlRefKind};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// In a Next.js app: `<Link href>` (from `next/link`), `<a href>`, `router.push` /
    /// `replace` / `prefetch`, `redirect()` and `NextResponse.redirect(new URL(...))` to a
    /// same-origin path that no page, route handler, `public/` file or rewrite serves.
    /// Dynamic segments (`[id]`, `[...slug]`, `[[...slug]]`) and template paths
    /// (`` `/deals/${id}` ``) are matched by shape; route groups and parallel routes are
    /// left out of paths as Next.js does; rewrites and redirects in `next.config` and
    /// `vercel.json`, middleware that rewrites and localised trees (`app/[locale]`)
    /// count as served. External URLs are not checked.
    ///
    /// ## Why it matters
    /// A link to a page that was never built, or was moved, is a 404 in front of a user:
    /// the pricing link in the header, the "settings" item in the menu, the redirect
    /// after sign-in.
    ///
    /// ## How to fix
    /// Build the page, correct the path, or remove the link until the page exists.
    ///
    /// ## Example
    /// ```tsx
    /// <Link href="/settings/billing">Billing</Link> // no app/settings/billing/page.tsx
    /// ```
    pub struct LinkToMissingPage {
        id: "ux/link-to-missing-page",
        category: Product,
        severity: Medium,
        effort: Small,
        summary: "links and redirects to pages that do not exist",
        problem: "links lead to pages that do not exist",
    }
}

fn broken(model: &AppModel, r: &UrlRef) -> bool {
    let Some(root) = r.root.as_deref() else {
        return false;
    };
    let served: Vec<_> = served_for(model, root).collect();
    // Without pages shipgate can read, it cannot tell what is missing.
    if !served.iter().any(|s| s.kind == ServedKind::Page) {
        return false;
    }
    matching(served.into_iter(), r).is_empty()
}

impl Rule for LinkToMissingPage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let refs = refs_in_next_apps(model, false);
        if refs.is_empty() {
            return Outcome::not_applicable("no internal links or redirects in a Next.js app");
        }
        let total = refs.len();
        let bad: Vec<&UrlRef> = refs.into_iter().filter(|r| broken(model, r)).collect();
        let mut findings = Vec::new();
        for (r, others) in group(bad) {
            let what = match r.kind {
                UrlRefKind::Link => format!("`<{} href>`", r.via),
                _ => format!("`{}()`", r.via),
            };
            let mut message = format!(
                "{what} goes to `{}`, which no page, route, public file or rewrite serves: users get a 404",
                r.target
            );
            if !others.is_empty() {
                message.push_str(&more_uses(others.len()));
            }
            let f = finding(
                &Self::META,
                Self::META.severity,
                message,
                Some(r.at),
                format!("{} {}", r.kind.as_str(), r.target),
                format!(
                    "Add the page for `{}`, or point the {} at the page that exists.",
                    r.target,
                    r.kind.as_str()
                ),
            );
            findings.push(with_other_uses(f, others, "the same path"));
        }
        Outcome::from_findings(
            findings,
            format!("{total} internal link(s) and redirect(s) reach a page"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::LinkToMissingPage::META.id);
    }
}
