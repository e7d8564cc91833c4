//! api/outbound-fetch-no-timeout: server requests to other services that can wait forever.

use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, OutboundCall, RuleMeta};
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it checks
    /// `fetch` and `axios` calls in server code (not client components or hooks), outside
    /// tests, to another host (`https://...`, or a URL built from an env var or a base-URL
    /// constant) with no abort `signal` and no `timeout` option. Calls whose options are a
    /// variable or a spread are left alone, and so are axios calls when
    /// `axios.defaults.timeout` is set. One finding per file, at its first such call; when
    /// more than five files have such calls, one finding for the app, with the files that
    /// have the most.
    ///
    /// ## Why it matters
    /// `fetch` has no timeout: when the provider hangs, the request holds a connection and
    /// a serverless instance until the platform kills it, users wait on a spinner, and a
    /// slow dependency becomes your outage.
    ///
    /// ## How to fix
    /// Pass `signal: AbortSignal.timeout(10_000)` to `fetch` (or `timeout` to axios), and
    /// handle the abort as a failure the user can retry.
    ///
    /// ## Example
    /// ```ts
    /// const res = await fetch("https://api.resend.com/emails", {
    ///   method: "POST",
    ///   headers,
    ///   body,
    ///   signal: AbortSignal.timeout(10_000),
    /// });
    /// ```
    pub struct OutboundFetchNoTimeout {
        id: "api/outbound-fetch-no-timeout",
        category: Api,
        severity: Low,
        effort: Small,
        summary: "calls to third-party APIs without a timeout",
        problem: "a slow third-party API can hang requests",
    }
}

impl OutboundFetchNoTimeout {
    /// Many files: one finding for the app, at the file with the most calls.
    fn summary(
        &self,
        model: &AppModel,
        by_file: BTreeMap<shipgate_model::FileId, Vec<&OutboundCall>>,
    ) -> shipgate_model::Finding {
        let total: usize = by_file.values().map(Vec::len).sum();
        let mut files: Vec<_> = by_file.into_values().collect();
        for calls in &mut files {
            calls.sort_by_key(|c| c.at);
        }
        files.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a[0].at.cmp(&b[0].at)));
        let first = files[0][0];
        let top: Vec<String> = files
            .iter()
            .take(3)
            .map(|c| format!("`{}` ({})", model.path(c[0].at.file), c.len()))
            .collect();
        let mut f = finding(
            &Self::META,
            Self::META.severity,
            format!(
                "{total} server requests to other services in {} files have no timeout, most in {}: when a provider hangs, requests wait until the platform kills them",
                files.len(),
                top.join(", ")
            ),
            Some(first.at),
            "outbound requests without timeout".into(),
            "Give every outbound request a deadline: a shared `fetchWithTimeout` helper passing `signal: AbortSignal.timeout(10_000)`, or `timeout` on an axios instance.".to_string(),
        );
        f.related = files
            .iter()
            .skip(1)
            .take(9)
            .map(|c| related(c[0].at, format!("`{}` to `{}`", c[0].via, c[0].target)))
            .collect();
        f
    }
}

impl Rule for OutboundFetchNoTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.outbound_calls.is_empty() {
            return Outcome::not_applicable("no server-side requests to other services");
        }
        let mut by_file: BTreeMap<_, Vec<&OutboundCall>> = BTreeMap::new();
        for c in model.outbound_calls.iter().filter(|c| !c.has_timeout) {
            by_file.entry(c.at.file).or_default().push(c);
        }
        if by_file.len() > 5 {
            return Outcome::from_findings(vec![self.summary(model, by_file)], "");
        }
        let mut findings = Vec::new();
        for (_, mut calls) in by_file {
            calls.sort_by_key(|c| c.at);
            let first = calls[0];
            let mut message = format!(
                "`{}` to `{}` has no timeout: if the service hangs, the request waits until the platform kills it",
                first.via, first.target
            );
            if calls.len() > 1 {
                message.push_str(&format!(" ({} more call(s) in this file)", calls.len() - 1));
            }
            let mut f = finding(
                &Self::META,
                Self::META.severity,
                message,
                Some(first.at),
                format!("{} {}", first.via, first.target),
                "Pass `signal: AbortSignal.timeout(10_000)` (axios: `timeout: 10_000`) and treat the abort as a retryable failure.".to_string(),
            );
            f.related = calls[1..]
                .iter()
                .map(|c| related(c.at, format!("`{}` to `{}`", c.via, c.target)))
                .collect();
            findings.push(f);
        }
        Outcome::from_findings(
            findings,
            format!(
                "{} outbound request(s), all with a timeout",
                model.outbound_calls.len()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::OutboundFetchNoTimeout::META.id);
    }
}
