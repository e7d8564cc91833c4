//! ops/no-error-boundary: a Next.js App Router app without `error.tsx` or
//! `global-error.tsx`.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Framework, Loc, RuleMeta, Span};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it checks
    /// For each Next.js App Router `app/` directory that has pages, whether an error
    /// boundary exists anywhere in it: `error.tsx` (or `.jsx`/`.js`/`.ts`) in any
    /// segment, or `global-error.tsx` at the root.
    ///
    /// ## Why it matters
    /// Without one, an exception while rendering shows Next.js's bare "Application
    /// error: a client-side exception has occurred" page (or a blank screen) with no way
    /// back, and nothing reports it. A boundary shows a recovery screen and is the place
    /// to send the error to your tracker.
    ///
    /// ## How to fix
    /// Add `app/error.tsx` (a client component with a retry button) and
    /// `app/global-error.tsx` for errors in the root layout; report the error there.
    ///
    /// ## Example
    /// ```tsx
    /// 'use client';
    /// export default function Error({ error, reset }: { error: Error; reset: () => void }) {
    ///   useEffect(() => { Sentry.captureException(error); }, [error]);
    ///   return <div><h2>Something went wrong.</h2><button onClick={reset}>Try again</button></div>;
    /// }
    /// ```
    pub struct NoErrorBoundary {
        id: "ops/no-error-boundary",
        category: Ops,
        severity: Medium,
        effort: Small,
        summary: "a Next.js app without app/error.tsx or global-error.tsx",
        problem: "a rendering error shows a blank error page",
    }
}

/// The `app/` directory a page file lives in: `apps/web/src/app/`.
fn app_root(path: &str) -> Option<String> {
    let mut acc = String::new();
    for seg in path.split('/') {
        acc.push_str(seg);
        acc.push('/');
        if seg == "app" {
            return Some(acc);
        }
    }
    None
}

fn is_boundary(path: &str, root: &str) -> bool {
    let Some(rest) = path.strip_prefix(root) else {
        return false;
    };
    let name = rest.rsplit('/').next().unwrap_or(rest);
    let stem = name.split('.').next().unwrap_or(name);
    let code = [".tsx", ".jsx", ".js", ".ts"]
        .iter()
        .any(|e| name.ends_with(e));
    code && (stem == "error" || stem == "global-error" && !rest.contains('/'))
}

impl Rule for NoErrorBoundary {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let roots: BTreeSet<String> = model
            .pages
            .iter()
            .filter(|p| p.router == Framework::NextApp)
            .filter_map(|p| app_root(model.path(p.file)))
            .collect();
        if roots.is_empty() {
            return Outcome::not_applicable("no Next.js App Router pages");
        }
        let mut findings = Vec::new();
        let mut covered = Vec::new();
        for root in &roots {
            if let Some(b) = model.all_paths.iter().find(|p| is_boundary(p, root)) {
                covered.push(format!("`{b}`"));
                continue;
            }
            let layout = ["layout.tsx", "layout.jsx", "layout.js"]
                .iter()
                .find_map(|l| model.find_file(&format!("{root}{l}")));
            let first_page = model
                .pages
                .iter()
                .filter(|p| model.path(p.file).starts_with(root.as_str()))
                .map(|p| p.file)
                .min();
            let at = layout.or(first_page).map(|f| Loc::new(f, Span::new(0, 0)));
            findings.push(finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "`{root}` has no `error.tsx` or `global-error.tsx`: a rendering exception shows Next.js's bare error screen with no way back, and nothing reports it"
                ),
                at,
                root.trim_end_matches('/').to_string(),
                format!("Add `{root}error.tsx` (a client component with a retry button that reports the error) and `{root}global-error.tsx`."),
            ));
        }
        Outcome::from_findings(
            findings,
            format!("error boundaries: {}", covered.join(", ")),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoErrorBoundary::META.id);
    }
}
