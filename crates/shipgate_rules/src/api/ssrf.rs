//! api/ssrf: server-side requests to a URL the caller chose, with no check of the host.

use crate::util::{keep_worst, request_value_severity, route_finding};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Confidence, RuleMeta};
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it checks
    /// Request handlers, server actions and tRPC procedures (and the helpers they call)
    /// that make an HTTP request from the server (`fetch`, axios, got, ky, undici) to a
    /// URL whose host comes from the request: the body, the query string, route params, a
    /// form, server action arguments. A URL whose host is written in the code
    /// (`` `https://api.example.com/${id}` ``) passes, and so does one tested before the
    /// request by a rejecting branch (an allow-list of hosts, a parsed hostname compared)
    /// or handed to a project helper that rejects.
    ///
    /// Severity: `high` when the URL is the request's own; `medium`, marked as needing
    /// review, when it went through a schema check (shipgate does not read whether the
    /// schema limits hosts) or the sender is verified (a webhook).
    ///
    /// ## Why it matters
    /// The server makes the request from inside your network: a caller points it at the
    /// cloud metadata address (`169.254.169.254`, which hands out credentials), at
    /// `localhost` admin ports or at private services, and reads the answer when the
    /// handler returns or stores it.
    ///
    /// ## How to fix
    /// Parse the URL, require `https:`, and compare its hostname with a fixed list of hosts
    /// you expect; reject everything else before the request. When any public URL must be
    /// allowed, resolve the host and refuse private, loopback and link-local addresses,
    /// and do not follow redirects blindly.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// const { imageUrl } = await req.json();
    /// const img = await fetch(imageUrl);
    /// // fixed
    /// const url = new URL(imageUrl);
    /// if (url.protocol !== "https:" || !IMAGE_HOSTS.includes(url.hostname)) {
    ///   return Response.json({ error: "host not allowed" }, { status: 400 });
    /// }
    /// const img = await fetch(url);
    /// ```
    pub struct Ssrf {
        id: "api/ssrf",
        category: Api,
        severity: High,
        effort: Small,
        summary: "A server-side request to a URL the caller chose, with no allow-list of hosts",
        problem: "a caller can make the server fetch any URL, internal ones included",
    }
}

impl Rule for Ssrf {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.routes.is_empty() {
            return Outcome::not_applicable("no request handlers");
        }
        // One finding per request call, at the worst severity any route gives it.
        let mut worst: BTreeMap<shipgate_model::Loc, shipgate_model::Finding> = BTreeMap::new();
        for route in &model.routes {
            for r in &route.facts.request_fetches {
                let Some((severity, whence, review)) = request_value_severity(
                    Self::META.severity,
                    route,
                    &r.origin,
                    "whether the schema limits the URL to known hosts",
                    "whether the verified sender can choose any host",
                ) else {
                    continue;
                };
                let mut f = route_finding(
                    &Self::META,
                    severity,
                    route,
                    format!(
                        "`{}` makes a server-side `{}()` request to `{}`, taken {whence}, and checks no allow-list of hosts first: a caller points it at the cloud metadata address, `localhost` or private services inside your network",
                        route.entity(),
                        r.call,
                        r.url
                    ),
                    r.at,
                    format!(
                        "Parse `{}` with `new URL()`, require `https:` and a hostname from a fixed list, and reject anything else before the request.",
                        r.url
                    ),
                );
                if let Some(what) = review {
                    f = f.resting_on(Confidence::Possible, &[what]);
                }
                keep_worst(&mut worst, r.at, f);
            }
        }
        Outcome::from_findings(
            worst.into_values().collect(),
            "no server-side request goes to a host the caller chose",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::Ssrf::META.id);
    }
}
