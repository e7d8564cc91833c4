//! ops/no-error-tracking: no Sentry, OpenTelemetry or equivalent in any package.

use super::serves_http;
use crate::delivery::repo_loc;
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Whether any `package.json` depends on an error-tracking or tracing SDK: Sentry
    /// (`@sentry/*`), Bugsnag, Rollbar, Honeybadger, Datadog (`dd-trace`,
    /// `@datadog/browser-rum`), New Relic, AppSignal, Highlight, LogRocket, Baselime,
    /// or OpenTelemetry (`@opentelemetry/*`, `@vercel/otel`). Repositories that serve no
    /// HTTP are not judged.
    ///
    /// ## Why it matters
    /// Without it, exceptions in production end up in a log nobody reads, if anywhere.
    /// The first report of a broken checkout comes from a customer, and there is no stack
    /// trace or request to reproduce it with.
    ///
    /// ## How to fix
    /// Install an error tracker for both the server and the browser (for Next.js,
    /// `npx @sentry/wizard@latest -i nextjs`), set the release and environment, and send
    /// alerts for new issues to the team's channel.
    ///
    /// ## Example
    /// ```ts
    /// // instrumentation.ts
    /// import * as Sentry from "@sentry/nextjs";
    /// export function register() { Sentry.init({ dsn: process.env.SENTRY_DSN, tracesSampleRate: 0.1 }); }
    /// export const onRequestError = Sentry.captureRequestError;
    /// ```
    pub struct NoErrorTracking {
        id: "ops/no-error-tracking",
        category: Ops,
        severity: Medium,
        effort: Small,
        summary: "no Sentry/OpenTelemetry/equivalent",
        problem: "errors in production go unseen",
    }
}

fn is_tracker(dep: &str) -> bool {
    [
        "@sentry/",
        "@bugsnag/",
        "@rollbar/",
        "@honeybadger-io/",
        "@datadog/",
        "@opentelemetry/",
        "@highlight-run/",
        "@appsignal/",
        "@baselime/",
        "@axiomhq/",
        "@logtail/",
        "next-axiom",
    ]
    .iter()
    .any(|p| dep.starts_with(p))
        || matches!(
            dep,
            "rollbar"
                | "bugsnag"
                | "dd-trace"
                | "newrelic"
                | "logrocket"
                | "@vercel/otel"
                | "highlight.run"
                | "elastic-apm-node"
                | "raygun"
        )
}

impl Rule for NoErrorTracking {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if !serves_http(model) {
            return Outcome::not_applicable("the repository serves no HTTP");
        }
        if let Some(dep) = model.depends_on(is_tracker) {
            return Outcome::from_findings(Vec::new(), format!("errors reported with `{dep}`"));
        }
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                Self::META.severity,
                "No error tracking: no package depends on Sentry, OpenTelemetry, Datadog, Bugsnag, Rollbar or a similar SDK, so production exceptions reach nobody".to_string(),
                repo_loc(model),
                "repo".into(),
                "Install an error tracker for the server and the browser (for Next.js: `npx @sentry/wizard@latest -i nextjs`) and route alerts for new issues to the team.".to_string(),
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoErrorTracking::META.id);
    }
}
