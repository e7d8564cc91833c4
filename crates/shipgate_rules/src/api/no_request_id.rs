//! api/no-request-id: no request id generated or passed along anywhere in the server.

use crate::delivery::repo_loc;
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Apps with API routes where nothing generates or forwards a request id: no
    /// `x-request-id` / `x-correlation-id` / `traceparent` header, no `requestId` or
    /// `correlationId` in code outside tests, and no tracing library (OpenTelemetry,
    /// `@vercel/otel`, Sentry, Datadog, New Relic) that attaches one.
    ///
    /// ## Why it matters
    /// A customer reports "it failed at 14:02". Without an id on the response and in every
    /// log line of that request, the team greps timestamps across instances and guesses.
    ///
    /// ## How to fix
    /// Generate an id in middleware (`crypto.randomUUID()`, or reuse the platform's
    /// `x-vercel-id`), return it as `x-request-id`, pass it to the logger for every line
    /// of the request, and show it in error messages users can quote.
    ///
    /// ## Example
    /// ```ts
    /// // middleware.ts
    /// const id = req.headers.get("x-request-id") ?? crypto.randomUUID();
    /// const res = NextResponse.next({ request: { headers: new Headers({ ...req.headers, "x-request-id": id }) } });
    /// res.headers.set("x-request-id", id);
    /// ```
    pub struct NoRequestId {
        id: "api/no-request-id",
        category: Api,
        severity: Low,
        effort: Small,
        summary: "no request id generated or propagated",
        problem: "errors cannot be traced from a user's report to the logs",
    }
}

const MARKERS: &[&str] = &[
    "x-request-id",
    "X-Request-Id",
    "X-Request-ID",
    "x-correlation-id",
    "X-Correlation-Id",
    "X-Correlation-ID",
    "traceparent",
    "requestId",
    "request_id",
    "correlationId",
    "correlation_id",
    "x-vercel-id",
];

fn is_tracing(dep: &str) -> bool {
    dep.starts_with("@opentelemetry/")
        || dep == "@vercel/otel"
        || dep.starts_with("@sentry/")
        || dep == "dd-trace"
        || dep == "newrelic"
        || dep == "@highlight-run/next"
        || dep == "pino-http"
        || dep == "express-request-id"
        || dep == "cls-rtracer"
}

impl Rule for NoRequestId {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let api = model
            .routes
            .iter()
            .any(|r| r.path.starts_with('/') || r.framework == shipgate_model::Framework::Trpc);
        if !api {
            return Outcome::not_applicable("no API routes");
        }
        if let Some(dep) = model.depends_on(is_tracing) {
            return Outcome::from_findings(Vec::new(), format!("`{dep}` attaches trace ids"));
        }
        let code = model.files.iter().find(|f| {
            let js = [".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx"]
                .iter()
                .any(|e| f.path.ends_with(e));
            js && !shipgate_model::paths::is_test_path(&f.path)
                && MARKERS.iter().any(|m| f.text.contains(m))
        });
        if let Some(f) = code {
            return Outcome::from_findings(Vec::new(), format!("request ids in `{}`", f.path));
        }
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                Self::META.severity,
                "Nothing generates or forwards a request id (`x-request-id`, a trace id): an error a user reports cannot be matched to the log lines of that request".to_string(),
                repo_loc(model),
                "repo request id".into(),
                "Generate an id in middleware (or reuse `x-vercel-id`), return it as `x-request-id`, and log it on every line of the request.".to_string(),
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoRequestId::META.id);
    }
}
