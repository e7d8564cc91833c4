//! ux/fetch-to-missing-route: client requests to `/api/...` paths, or methods, that no
//! route of the app serves.

use super::{group, matching, more_uses, refs_in_next_apps, served_for, with_other_uses};
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::ui::{ServedKind, ServedPath, UrlRef};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Same-origin requests in a Next.js app, `fetch("/api/...")`, `axios.post(...)` and
    /// `useSWR("/api/...")`, whose path no route handler, page, `public/` file or rewrite
    /// answers, or whose method the matching route file does not export. Template paths
    /// (`` `/api/deals/${id}` ``) match dynamic segments (`[id]`, `[...slug]`); rewrites
    /// in `next.config` and `vercel.json`, and middleware that rewrites, count as served.
    /// Apps with no route handlers at all (a separate backend) are not checked.
    ///
    /// ## Why it matters
    /// The button works in the demo and fails in production with a 404 or 405: a route
    /// renamed, a handler deleted, a `POST` the route file never exported. Users see a
    /// spinner or a generic error, and nothing in the build complains.
    ///
    /// ## How to fix
    /// Point the call at the route that exists, or add the route file and export the
    /// method (`export async function POST(req: Request)`).
    ///
    /// ## Example
    /// ```ts
    /// // app/api/deals/[id]/route.ts exports GET and DELETE only
    /// await fetch(`/api/deals/${id}`, { method: "PATCH", body }); // 405
    /// ```
    pub struct FetchToMissingRoute {
        id: "ux/fetch-to-missing-route",
        category: Product,
        severity: High,
        effort: Small,
        summary: "client requests to API paths or methods no route serves",
        problem: "the UI calls an API that does not exist",
    }
}

enum Problem {
    NoRoute,
    /// The methods the matching route files export.
    NoMethod(Vec<String>),
}

fn allows(methods: &[String], method: &str) -> bool {
    methods.iter().any(|m| m == method)
        || (method == "HEAD" && methods.iter().any(|m| m == "GET"))
        || method == "OPTIONS"
}

fn problem(model: &AppModel, r: &UrlRef) -> Option<Problem> {
    let root = r.root.as_deref()?;
    let served: Vec<&ServedPath> = served_for(model, root).collect();
    if !served.iter().any(|s| s.kind == ServedKind::Handler) {
        return None;
    }
    let hits = matching(served.into_iter(), r);
    if hits.is_empty() {
        return Some(Problem::NoRoute);
    }
    let method = r.method.as_deref()?;
    let mut exported = Vec::new();
    for s in &hits {
        match (&s.kind, &s.methods) {
            (ServedKind::Handler, Some(ms)) if !allows(ms, method) => {
                exported.extend(ms.iter().cloned())
            }
            _ => return None,
        }
    }
    exported.sort();
    exported.dedup();
    Some(Problem::NoMethod(exported))
}

impl Rule for FetchToMissingRoute {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let refs = refs_in_next_apps(model, true);
        if refs.is_empty() {
            return Outcome::not_applicable("no same-origin requests in a Next.js app");
        }
        let total = refs.len();
        let broken: Vec<&UrlRef> = refs
            .into_iter()
            .filter(|r| problem(model, r).is_some())
            .collect();
        let mut findings = Vec::new();
        for (r, others) in group(broken) {
            let Some(p) = problem(model, r) else { continue };
            let method = r.method.as_deref().unwrap_or("GET");
            let (message, fix) = match p {
                Problem::NoRoute => (
                    format!(
                        "`{}` requests `{}`, which no route handler, page, public file or rewrite serves: it answers 404",
                        r.via, r.target
                    ),
                    format!(
                        "Point the request at an existing route, or add a route file for `{}` that exports `{method}`.",
                        r.target
                    ),
                ),
                Problem::NoMethod(exported) => (
                    format!(
                        "`{}` sends {method} to `{}`, but the route there exports only {}: Next.js answers 405",
                        r.via,
                        r.target,
                        exported.join(", ")
                    ),
                    format!(
                        "Export `{method}` from the route file, or send {} instead.",
                        if exported.len() == 1 {
                            exported[0].clone()
                        } else {
                            format!("one of {}", exported.join(", "))
                        }
                    ),
                ),
            };
            let mut message = message;
            if !others.is_empty() {
                message.push_str(&more_uses(others.len()));
            }
            let f = finding(
                &Self::META,
                Self::META.severity,
                message,
                Some(r.at),
                format!("{method} {}", r.target),
                fix,
            );
            findings.push(with_other_uses(f, others, "the same request"));
        }
        Outcome::from_findings(
            findings,
            format!("{total} same-origin request(s) reach a route"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::FetchToMissingRoute::META.id);
    }
}
