//! Product rules about what users see: links and requests that go nowhere, controls that
//! do nothing, images without alt text, legal pages and files for search engines.

pub mod dead_control;
pub mod fetch_to_missing_route;
pub mod img_missing_alt;
pub mod link_to_missing_page;
pub mod missing_legal_pages;
pub mod no_seo_files;

use shipgate_model::ui::{ServedPath, UrlRef, UrlRefKind, pattern_matches};
use shipgate_model::{AppModel, Finding, Loc};
use std::collections::BTreeMap;

/// What answers paths for code in the Next.js app `root`: its own pages, handlers,
/// files and rewrites, and servers outside any Next.js app.
pub fn served_for<'m>(model: &'m AppModel, root: &'m str) -> impl Iterator<Item = &'m ServedPath> {
    model
        .served
        .iter()
        .filter(move |s| s.root.as_deref().is_none_or(|r| r == root))
}

/// The entries among `served` that answer `r`'s path.
pub fn matching<'m>(
    served: impl Iterator<Item = &'m ServedPath>,
    r: &UrlRef,
) -> Vec<&'m ServedPath> {
    served
        .filter(|s| pattern_matches(&s.segs, &r.segs))
        .collect()
}

/// References grouped by (root, path as written, method): one finding per broken path,
/// at its first use, with the other uses as related locations.
pub fn group(refs: Vec<&UrlRef>) -> Vec<(&UrlRef, Vec<Loc>)> {
    type Key<'a> = (Option<&'a str>, &'a str, Option<&'a str>);
    let mut by: BTreeMap<Key, Vec<&UrlRef>> = BTreeMap::new();
    for r in refs {
        by.entry((r.root.as_deref(), r.target.as_str(), r.method.as_deref()))
            .or_default()
            .push(r);
    }
    by.into_values()
        .map(|mut v| {
            v.sort_by_key(|r| r.at);
            let first = v[0];
            (first, v[1..].iter().map(|r| r.at).collect())
        })
        .collect()
}

/// `" (and 2 more places)"`.
pub fn more_uses(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => " (and 1 more place)".to_string(),
        n => format!(" (and {n} more places)"),
    }
}

/// Same-origin references in Next.js apps: requests (`fetch`) or navigation (the rest).
pub fn refs_in_next_apps(model: &AppModel, requests: bool) -> Vec<&UrlRef> {
    model
        .url_refs
        .iter()
        .filter(|r| (r.kind == UrlRefKind::Fetch) == requests && r.root.is_some())
        .collect()
}

/// The finding for a grouped reference, with its other uses as related locations.
pub fn with_other_uses(mut f: Finding, others: Vec<Loc>, what: &str) -> Finding {
    f.related = others
        .into_iter()
        .map(|at| crate::util::related(at, what))
        .collect();
    f
}
