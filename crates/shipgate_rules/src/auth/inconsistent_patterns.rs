//! auth/inconsistent-patterns: several different auth idioms across routes.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Guard, RuleMeta};
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it checks
    /// The idioms that guarded routes use to check the caller: a project helper
    /// (`requireUser()`), a wrapper (`withAuth()`), a library call checked inline
    /// (`supabase.auth.getUser()`, `getServerSession()`), route middleware. When guarded
    /// routes use more than one, it lists each idiom with its count. Informational.
    ///
    /// ## Why it matters
    /// Every extra idiom is another place to get wrong and another thing a reviewer must
    /// recognise. Audits of real apps keep finding the one route that used a different
    /// pattern and forgot the rejection.
    ///
    /// ## How to fix
    /// Pick one helper or wrapper and use it in every handler; make it throw or return 401
    /// itself so callers cannot forget to check.
    ///
    /// ## Example
    /// ```ts
    /// // three idioms in one app
    /// const ctx = await requireAuth(); if (ctx instanceof NextResponse) return ctx;
    /// const session = await getServerSession(authOptions); if (!session) return 401;
    /// export const GET = withAuth(async (req, user) => { ... });
    /// // one idiom
    /// export const GET = withAuth(async (req, user) => { ... });
    /// ```
    pub struct InconsistentPatterns {
        id: "auth/inconsistent-patterns",
        category: Auth,
        severity: Info,
        effort: Large,
        summary: "Several different auth idioms across routes (listed with counts)",
        problem: "auth is written several ways, so one route is easy to miss",
    }
}

impl Rule for InconsistentPatterns {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let guarded: Vec<_> = model
            .routes
            .iter()
            .filter(|r| r.guard == Guard::InRoute && r.auth_idiom.is_some())
            .collect();
        if guarded.is_empty() {
            return Outcome::not_applicable("no routes check the session in the handler");
        }
        let mut counts: BTreeMap<&str, Vec<&shipgate_model::Route>> = BTreeMap::new();
        for r in &guarded {
            counts
                .entry(r.auth_idiom.as_deref().unwrap_or_default())
                .or_default()
                .push(r);
        }
        if counts.len() < 2 {
            let idiom = counts.keys().next().copied().unwrap_or_default();
            return Outcome::from_findings(
                Vec::new(),
                format!("all {} guarded routes use `{idiom}`", guarded.len()),
            );
        }
        let mut by_count: Vec<(&str, usize)> = counts.iter().map(|(k, v)| (*k, v.len())).collect();
        by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let listed = by_count
            .iter()
            .map(|(k, n)| format!("`{k}` ×{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        // The rarest idiom (ties: alphabetically first) is the odd one out to point at.
        let min = by_count.iter().map(|(_, n)| *n).min().unwrap_or(0);
        let (rarest, _) = *by_count
            .iter()
            .filter(|(_, n)| *n == min)
            .min_by_key(|(k, _)| *k)
            .expect("at least two idioms");
        let at = counts[rarest][0].at;
        let f = finding(
            &Self::META,
            Self::META.severity,
            format!(
                "{} auth idioms across {} guarded routes: {listed}",
                by_count.len(),
                guarded.len()
            ),
            Some(at),
            "repo".into(),
            format!(
                "Use one helper or wrapper everywhere (the most common here is `{}`).",
                by_count[0].0
            ),
        );
        Outcome::from_findings(vec![f], "")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::InconsistentPatterns::META.id);
    }
}
