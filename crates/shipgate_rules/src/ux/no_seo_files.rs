//! ux/no-seo-files: a public web app with no robots.txt or sitemap.

use crate::delivery::repo_loc;
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Apps with pages that have neither a robots file nor a sitemap: `robots.txt` or
    /// `sitemap.xml` in a `public/` or `static/` folder, Next.js `app/robots.ts` /
    /// `app/sitemap.ts` (any extension), or a `next-sitemap` config.
    ///
    /// ## Why it matters
    /// Without `robots.txt`, crawlers index whatever they find, including sign-in and
    /// dashboard URLs; without a sitemap, the pages you want found are found late. Both
    /// are a few lines.
    ///
    /// ## How to fix
    /// Add `app/robots.ts` (disallow `/dashboard`, `/api`) and `app/sitemap.ts` listing
    /// the public pages, or static files in `public/`.
    ///
    /// ## Example
    /// ```ts
    /// // app/robots.ts
    /// export default function robots() {
    ///   return { rules: { userAgent: "*", allow: "/", disallow: ["/dashboard", "/api"] }, sitemap: "https://example.com/sitemap.xml" };
    /// }
    /// ```
    pub struct NoSeoFiles {
        id: "ux/no-seo-files",
        category: Product,
        severity: Low,
        effort: Small,
        summary: "no robots/sitemap",
        problem: "search engines get no robots.txt or sitemap",
    }
}

fn is_seo_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let dir_ok = path.contains("public/") || path.contains("static/") || path.contains("app/");
    (dir_ok && matches!(stem, "robots" | "sitemap"))
        || name.starts_with("next-sitemap.config")
        || name.starts_with("sitemap") && name.ends_with(".xml")
}

impl Rule for NoSeoFiles {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.pages.is_empty() {
            return Outcome::not_applicable("no pages");
        }
        if let Some(p) = model.all_paths.iter().find(|p| is_seo_file(p)) {
            return Outcome::from_findings(Vec::new(), format!("`{p}`"));
        }
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                Self::META.severity,
                "No robots.txt and no sitemap (`public/robots.txt`, `app/robots.ts`, `app/sitemap.ts`): crawlers index sign-in and dashboard URLs, and public pages are found late".to_string(),
                repo_loc(model),
                "repo seo".into(),
                "Add `app/robots.ts` disallowing private paths and `app/sitemap.ts` listing the public pages (or static files in `public/`).".to_string(),
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoSeoFiles::META.id);
    }
}
