//! api/cors-wildcard-credentials: CORS that lets any origin (or the request's own origin)
//! make credentialed requests.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, CorsOrigin, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// CORS policies that send `Access-Control-Allow-Credentials: true` together with an
    /// origin that is not restricted: the request's own `Origin` echoed back
    /// (`origin: true` in `cors` or `@fastify/cors`, an `origin` callback that accepts
    /// everything, `res.setHeader('Access-Control-Allow-Origin', req.headers.origin)`),
    /// or `*`. Read from `cors()`, Hono's `cors()` from `hono/cors`, `@fastify/cors`,
    /// headers set in route handlers, middleware and server code, `next.config`
    /// headers and `vercel.json`. Origins checked against an allowlist, and `*` without
    /// credentials, are not reported. A reflected origin is high; `*` with credentials is
    /// medium, because browsers refuse that combination (the config is broken rather
    /// than open).
    ///
    /// ## Why it matters
    /// With a reflected origin and credentials, any website a signed-in user visits can
    /// call your API with the user's cookies and read the answers: their data, their API
    /// keys, CSRF tokens. It is the same as having no same-origin policy.
    ///
    /// ## How to fix
    /// Check the origin against a list of your own front ends and only echo it when it
    /// matches: `cors({ origin: ['https://app.example.com'], credentials: true })`, or
    /// `origin: (o, cb) => cb(null, allowed.includes(o))`. Drop `credentials` for APIs
    /// that are meant to be public.
    ///
    /// ## Example
    /// ```js
    /// // flagged
    /// app.use(cors({ origin: true, credentials: true }));
    /// // fixed
    /// app.use(cors({ origin: ['https://app.example.com'], credentials: true }));
    /// ```
    pub struct CorsWildcardCredentials {
        id: "api/cors-wildcard-credentials",
        category: Api,
        severity: High,
        effort: Small,
        summary: "CORS with credentials for any origin (reflected or *)",
    }
}

impl Rule for CorsWildcardCredentials {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.cors.is_empty() {
            return Outcome::not_applicable("no CORS configuration found");
        }
        let mut findings = Vec::new();
        for c in &model.cors {
            let Some(cred) = c.credentials else {
                continue;
            };
            let cred_line = model.describe(cred);
            let (severity, message) = match c.origin {
                CorsOrigin::Reflected => (
                    Self::META.severity,
                    format!(
                        "{} echoes back whatever origin the request names and allows credentials (`true` at {cred_line}): any website can make requests with the user's cookies and read the responses",
                        c.via
                    ),
                ),
                CorsOrigin::Any => (
                    Severity::Medium,
                    format!(
                        "{} allows origin `*` with credentials (`true` at {cred_line}): browsers refuse credentialed responses with `*`, so this is broken, and the usual \"fix\" of echoing the origin opens the API to every site",
                        c.via
                    ),
                ),
                CorsOrigin::Restricted => continue,
            };
            findings.push(finding(
                &Self::META,
                severity,
                message,
                Some(c.at),
                format!("{} CORS", model.path(c.at.file)),
                "Allow credentials only for origins you list: check the request's Origin against your own front ends before echoing it (`cors({ origin: ['https://app.example.com'], credentials: true })`).".into(),
            ));
        }
        Outcome::from_findings(
            findings,
            format!(
                "{} CORS setting(s); none allows credentials for any origin",
                model.cors.len()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::CorsWildcardCredentials::META.id);
    }
}
