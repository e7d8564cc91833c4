//! ops/shallow-health-check: a health endpoint that answers "ok" without checking any
//! dependency.

use super::has_database;
use super::no_health_endpoint::is_health_route;
use crate::util::route_finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Route, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Health and readiness endpoints (`/api/health`, `/healthz`, `/ready`...) in an app
    /// with a database, whose handler touches no dependency: no query (`select 1`,
    /// `$queryRaw`, a Supabase or Drizzle call), no `ping()`, no outbound `fetch`, and no
    /// helper named for a check (`checkDatabase()`). Liveness probes (`/live`, `/livez`,
    /// `/ping`) are meant to be shallow and are left alone, and so is every shallow
    /// endpoint when another health endpoint checks a dependency.
    ///
    /// ## Why it matters
    /// The endpoint answers 200 while the database is down or the connection pool is
    /// exhausted: the load balancer keeps sending traffic to a broken instance and the
    /// uptime monitor stays green during the outage.
    ///
    /// ## How to fix
    /// Query the database with a short timeout (`select 1`) and answer 503 when it fails;
    /// keep a separate shallow liveness probe if the platform restarts on failures.
    ///
    /// ## Example
    /// ```ts
    /// export async function GET() {
    ///   const { error } = await supabase.from("profiles").select("id").limit(1);
    ///   if (error) return NextResponse.json({ status: "degraded" }, { status: 503 });
    ///   return NextResponse.json({ status: "ok" });
    /// }
    /// ```
    pub struct ShallowHealthCheck {
        id: "ops/shallow-health-check",
        category: Ops,
        severity: Low,
        effort: Small,
        summary: "a health endpoint that checks no dependency",
        problem: "the health check passes while the database is down",
    }
}

/// Text in a handler's file that probes a dependency.
const PROBES: &[&str] = &[
    "$queryRaw",
    "$executeRaw",
    "select 1",
    "SELECT 1",
    ".ping(",
    "ping()",
    ".query(",
    ".execute(",
    "sql`",
    "fetch(",
    ".from(",
    ".rpc(",
    "redis",
    "Redis",
];

fn is_liveness(route: &Route) -> bool {
    let last = route
        .path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    matches!(last.as_str(), "live" | "livez" | "liveness" | "ping")
}

fn probes_something(model: &AppModel, route: &Route) -> bool {
    if !route.facts.data_ops.is_empty() || !route.facts.storage_ops.is_empty() {
        return true;
    }
    let helper_checks = route.facts.helpers.iter().any(|h| {
        let l = h.to_ascii_lowercase();
        [
            "check", "ping", "db", "database", "redis", "probe", "health",
        ]
        .iter()
        .any(|w| l.contains(w))
    });
    let text: &str = &model.file(route.at.file).text;
    helper_checks || PROBES.iter().any(|p| text.contains(p))
}

impl Rule for ShallowHealthCheck {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let health: Vec<&Route> = model
            .routes
            .iter()
            .filter(|r| is_health_route(r) && !is_liveness(r))
            .collect();
        if health.is_empty() {
            return Outcome::not_applicable("no health or readiness endpoint");
        }
        if !has_database(model) {
            return Outcome::not_applicable("no database to check");
        }
        // A deep readiness check next to a shallow one: the shallow one is the liveness
        // probe.
        if let Some(deep) = health.iter().find(|r| probes_something(model, r)) {
            return Outcome::from_findings(
                Vec::new(),
                format!("`{}` checks a dependency", deep.entity()),
            );
        }
        let findings = health
            .iter()
            .map(|r| {
                route_finding(
                    &Self::META,
                    Self::META.severity,
                    r,
                    format!(
                        "`{}` answers without checking the database or any other dependency: it reports healthy during an outage",
                        r.entity()
                    ),
                    r.at,
                    "Query the database (`select 1`, with a short timeout) and answer 503 when it fails.".to_string(),
                )
            })
            .collect();
        Outcome::from_findings(
            findings,
            format!("{} health endpoint(s) check a dependency", health.len()),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::ShallowHealthCheck::META.id);
    }
}
