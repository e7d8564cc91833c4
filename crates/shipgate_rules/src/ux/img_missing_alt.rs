//! ux/img-missing-alt: `<img>` and `next/image` elements without an `alt` attribute.

use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it checks
    /// `<img>` elements and `<Image>` from `next/image`, outside tests and stories, with
    /// no `alt` attribute and no spread props that could carry one. One finding per file,
    /// at its first such image, with the others listed. `alt=""` marks a decorative image
    /// and passes.
    ///
    /// ## Why it matters
    /// Screen readers read the file name instead, search engines index nothing, and
    /// accessibility audits (WCAG 1.1.1) that enterprise buyers ask for fail on it.
    ///
    /// ## How to fix
    /// Describe what the image shows in `alt`, or write `alt=""` when it is decoration.
    ///
    /// ## Example
    /// ```tsx
    /// <img src={user.avatarUrl} className="h-8 w-8 rounded-full" />
    /// ```
    pub struct ImgMissingAlt {
        id: "ux/img-missing-alt",
        category: Product,
        severity: Low,
        effort: Small,
        summary: "images without alt text",
        problem: "images have no alt text",
    }
}

impl Rule for ImgMissingAlt {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.images.is_empty() {
            return Outcome::not_applicable("no <img> or next/image elements");
        }
        let mut by_file: BTreeMap<_, Vec<_>> = BTreeMap::new();
        for i in model.images.iter().filter(|i| !i.has_alt && !i.spread) {
            by_file.entry(i.at.file).or_default().push(i);
        }
        let mut findings = Vec::new();
        for (file, mut imgs) in by_file {
            imgs.sort_by_key(|i| i.at);
            let first = imgs[0];
            let message = if imgs.len() == 1 {
                format!("`<{}>` has no `alt` text", first.element)
            } else {
                format!(
                    "{} images in this file have no `alt` text, starting with this `<{}>`",
                    imgs.len(),
                    first.element
                )
            };
            let mut f = finding(
                &Self::META,
                Self::META.severity,
                message,
                Some(first.at),
                format!("images in {}", model.path(file)),
                "Add `alt` describing the image, or `alt=\"\"` for decoration.".to_string(),
            );
            f.related = imgs[1..]
                .iter()
                .map(|i| related(i.at, "also without alt"))
                .collect();
            findings.push(f);
        }
        Outcome::from_findings(
            findings,
            format!("{} image(s), all with alt text", model.images.len()),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::ImgMissingAlt::META.id);
    }
}
