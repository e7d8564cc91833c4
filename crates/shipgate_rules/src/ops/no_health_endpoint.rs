//! ops/no-health-endpoint: an HTTP app with no health or readiness endpoint.

use super::serves_http;
use crate::delivery::repo_loc;
use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Route, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Whether any route answers a health or readiness probe: a path whose last segment
    /// is `health`, `healthz`, `healthcheck`, `ready`, `readyz`, `live`, `livez` or
    /// `ping`, or a top-level `/status` / `/api/status` (`/api/health`, `/healthz`), served by Next.js, Express, Hono, tRPC or
    /// a Supabase Edge Function. Repositories that serve no HTTP are not judged.
    ///
    /// ## Why it matters
    /// Load balancers, uptime monitors and container platforms decide whether an
    /// instance gets traffic by calling such an endpoint. Without one, a deployment whose
    /// database connection is broken keeps receiving users, and nobody is paged.
    ///
    /// ## How to fix
    /// Add `GET /api/health` that answers 200 quickly, and a readiness check that also
    /// verifies the database (a `select 1`) and answers 503 when it fails. Point your
    /// uptime monitor at it.
    ///
    /// ## Example
    /// ```ts
    /// // app/api/health/route.ts
    /// export async function GET() {
    ///   try { await db.execute(sql`select 1`); return Response.json({ ok: true }); }
    ///   catch { return Response.json({ ok: false }, { status: 503 }); }
    /// }
    /// ```
    pub struct NoHealthEndpoint {
        id: "ops/no-health-endpoint",
        category: Ops,
        severity: Medium,
        effort: Small,
        summary: "no health/readiness endpoint",
        problem: "nothing tells the platform whether the app is healthy",
    }
}

/// A route that answers probes.
pub(crate) fn is_health_route(route: &Route) -> bool {
    // Probes read; `POST /webhook/health-check` answers a provider's test.
    if !matches!(route.method.as_str(), "GET" | "HEAD" | "ANY") {
        return false;
    }
    let path = route.path.trim_end_matches('/').to_ascii_lowercase();
    let last = path
        .rsplit(['/', '.'])
        .next()
        .unwrap_or_default()
        .trim_start_matches("get");
    // `/status` and `/api/status` are probes; `/api/domains/status` is a feature.
    let shallow = path.split('/').filter(|s| !s.is_empty()).count() <= 2;
    matches!(
        last,
        "health"
            | "healthz"
            | "healthcheck"
            | "health-check"
            | "ready"
            | "readyz"
            | "readiness"
            | "live"
            | "livez"
            | "liveness"
            | "ping"
    ) || last == "status" && shallow
}

impl Rule for NoHealthEndpoint {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if !serves_http(model) {
            return Outcome::not_applicable("the repository serves no HTTP");
        }
        let health: Vec<&Route> = model.routes.iter().filter(|r| is_health_route(r)).collect();
        if let Some(first) = health.first() {
            return Outcome::from_findings(
                Vec::new(),
                format!("`{}` at {}", first.entity(), model.describe(first.at)),
            );
        }
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                Self::META.severity,
                "No health or readiness endpoint (`/api/health`, `/healthz`, `/ready`): load balancers and uptime monitors cannot tell a broken deployment from a working one".to_string(),
                repo_loc(model),
                "repo".into(),
                "Add `GET /api/health` that answers 200, and a readiness check that also queries the database and answers 503 when it fails; point your uptime monitor at it.".to_string(),
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoHealthEndpoint::META.id);
    }
}
