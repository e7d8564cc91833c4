//! api/cors-wildcard-credentials: CORS that lets any origin (or the request's own origin)
//! make credentialed requests.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, CorsOrigin, FileId, Guard, InputSource, Route, RuleMeta, Severity};

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
    /// than open). A reflected origin is medium too when none of the handlers it covers
    /// (those in its file, or every handler for an app-wide setting) checks a session or
    /// reads a cookie or the `Authorization` header: their answers are the same for every
    /// caller, so a foreign site reads nothing it could not fetch itself.
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
        problem: "any website can make signed-in requests and read the answers",
    }
}

/// Whether a response the CORS setting covers depends on who is asking: a handler in its
/// file (or, for app-wide settings, any handler) checks a session or reads a cookie or
/// the `Authorization` header. With no handlers known, it is assumed to.
fn serves_the_caller(model: &AppModel, file: FileId) -> bool {
    let in_file: Vec<&Route> = model.routes.iter().filter(|r| r.at.file == file).collect();
    let covered: Vec<&Route> = if in_file.is_empty() {
        model.routes.iter().collect()
    } else {
        in_file
    };
    covered.is_empty()
        || covered.iter().any(|r| {
            matches!(r.guard, Guard::InRoute | Guard::Middleware)
                || r.unenforced_session.is_some()
                || r.facts.inputs.iter().any(|i| {
                    i.source == InputSource::Cookies
                        || (i.source == InputSource::Headers
                            && i.field.as_deref().is_some_and(|f| {
                                f.eq_ignore_ascii_case("authorization")
                                    || f.eq_ignore_ascii_case("cookie")
                            }))
                })
        })
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
                CorsOrigin::Reflected if !serves_the_caller(model, c.at.file) => (
                    Severity::Medium,
                    format!(
                        "{} echoes back whatever origin the request names and allows credentials (`true` at {cred_line}), but the handlers it covers check no session and read no cookie, so their responses look the same to every caller; if they do depend on the caller, any website can read them",
                        c.via
                    ),
                ),
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
