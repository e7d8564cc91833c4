//! config/security-headers-missing: CSP, HSTS, frame protection, nosniff or
//! Referrer-Policy set nowhere the app's responses get them from.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{
    AppModel, Framework, HOLE, HeaderSetting, HeaderSource, HeaderValue, Loc, RuleMeta, Severity,
    Span,
};

declare_rule! {
    /// ## What it checks
    /// Whether the app sets five response headers anywhere shipgate can read them:
    /// `Content-Security-Policy`, `Strict-Transport-Security`, frame protection
    /// (`X-Frame-Options` or a CSP `frame-ancestors`), `X-Content-Type-Options: nosniff`
    /// and `Referrer-Policy`. Places read: `headers()` in `next.config.*`, Next.js
    /// middleware (and modules it imports), other server code (`res.setHeader`,
    /// `c.header`), `vercel.json`, `netlify.toml`, `_headers` files, and the defaults of
    /// `helmet()`, `@fastify/helmet` and Hono's `secureHeaders()` (which sets no CSP
    /// unless given one). Headers set by a single route handler do not count. One finding
    /// names the missing headers. Repos without a web app are not judged. On Vercel,
    /// which sends HSTS on the domains it serves, HSTS is not counted against the app;
    /// when only nosniff or Referrer-Policy is missing, the finding is medium.
    ///
    /// ## Why it matters
    /// Without a CSP, one injected script runs with the user's session. Without HSTS, the
    /// first request can be downgraded to plain HTTP. Without frame protection, pages can
    /// be framed for clickjacking; without `nosniff`, uploads can be run as scripts; and
    /// without a Referrer-Policy, full URLs (tokens in query strings included) leak to
    /// other sites.
    ///
    /// ## How to fix
    /// Set them once for every path: `headers()` in `next.config.js` with
    /// `source: '/(.*)'`, `app.use(helmet())` in Express, `app.use(secureHeaders())` in
    /// Hono, or the host's header config.
    ///
    /// ## Example
    /// ```js
    /// // next.config.mjs, fixed
    /// async headers() {
    ///   return [{ source: '/(.*)', headers: [
    ///     { key: 'Content-Security-Policy', value: "default-src 'self'; frame-ancestors 'none'" },
    ///     { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains; preload' },
    ///     { key: 'X-Content-Type-Options', value: 'nosniff' },
    ///     { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    ///   ] }];
    /// }
    /// ```
    pub struct SecurityHeadersMissing {
        id: "config/security-headers-missing",
        category: Config,
        severity: High,
        effort: Small,
        summary: "Security headers (CSP, HSTS, frame protection, nosniff, Referrer-Policy) not set",
        problem: "pages lack browser protections (CSP, HSTS, framing)",
    }
}

const CSP: &str = "Content-Security-Policy";
const HSTS: &str = "Strict-Transport-Security";
const FRAME: &str = "X-Frame-Options";
const NOSNIFF: &str = "X-Content-Type-Options";
const REFERRER: &str = "Referrer-Policy";

/// The repo serves web pages or an HTTP API.
fn has_web_app(model: &AppModel) -> bool {
    model.routes.iter().any(|r| {
        matches!(
            r.framework,
            Framework::NextApp | Framework::NextPages | Framework::Express | Framework::Hono
        )
    }) || !model.pages.is_empty()
        || ["next-app-router", "next-pages-router", "express", "hono"]
            .iter()
            .any(|s| model.has_stack(s))
        || next_config(model).is_some()
}

fn next_config(model: &AppModel) -> Option<shipgate_model::FileId> {
    let mut configs: Vec<&str> = model
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| {
            p.rsplit('/')
                .next()
                .unwrap_or(p)
                .starts_with("next.config.")
        })
        .collect();
    configs.sort_by_key(|p| (p.matches('/').count(), *p));
    configs.first().and_then(|p| model.find_file(p))
}

fn value_text(h: &HeaderSetting) -> Option<&str> {
    match &h.value {
        HeaderValue::Text(t) => Some(t),
        _ => None,
    }
}

/// Which of the five a setting provides.
fn provides(h: &HeaderSetting, header: &str) -> bool {
    let named = h.name == header;
    match header {
        // A CSP shipgate cannot read in full may hold `frame-ancestors`: never claim it
        // does not.
        FRAME => {
            named
                || h.name == CSP
                    && value_text(h).is_none_or(|t| {
                        t.to_ascii_lowercase().contains("frame-ancestors") || t.contains(HOLE)
                    })
        }
        NOSNIFF => {
            named
                && value_text(h)
                    .is_none_or(|t| t.to_ascii_lowercase().contains("nosniff") || t.contains(HOLE))
        }
        _ => named,
    }
}

/// "A", "A or B", "A, B or C".
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {}", rest.join(", "), last),
    }
}

fn rank(source: HeaderSource) -> u8 {
    match source {
        HeaderSource::NextConfig => 0,
        HeaderSource::VercelJson => 1,
        HeaderSource::Middleware => 2,
        HeaderSource::NetlifyToml => 3,
        HeaderSource::HeadersFile => 4,
        HeaderSource::Library => 5,
        HeaderSource::Code => 6,
        HeaderSource::RouteHandler => 7,
    }
}

impl Rule for SecurityHeadersMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if !has_web_app(model) {
            return Outcome::not_applicable(
                "no web app: no routes or pages, and no Next.js, Express or Hono",
            );
        }
        let site_wide: Vec<&HeaderSetting> = model
            .headers
            .iter()
            .filter(|h| h.source != HeaderSource::RouteHandler)
            .collect();
        let all = [CSP, HSTS, FRAME, NOSNIFF, REFERRER];
        let missing: Vec<&str> = all
            .iter()
            .copied()
            .filter(|name| !site_wide.iter().any(|h| provides(h, name)))
            .collect();
        if missing.is_empty() {
            let mut places: Vec<&str> = site_wide.iter().map(|h| h.source.describe()).collect();
            places.sort();
            places.dedup();
            return Outcome::from_findings(
                Vec::new(),
                format!("all five security headers are set ({})", places.join(", ")),
            );
        }
        let configured = site_wide
            .iter()
            .filter(|h| all.iter().any(|n| provides(h, n)))
            .min_by_key(|h| (rank(h.source), h.at));
        let at = configured
            .map(|h| h.at)
            .or_else(|| next_config(model).map(|f| Loc::new(f, Span::new(0, 0))))
            // An Express or Hono server: its first route, in the file that builds the app.
            .or_else(|| {
                model
                    .routes
                    .iter()
                    .filter(|r| matches!(r.framework, Framework::Express | Framework::Hono))
                    .map(|r| r.at)
                    .min()
            })
            .or_else(|| model.package_json.map(|f| Loc::new(f, Span::new(0, 0))));
        let names: Vec<&str> = missing
            .iter()
            .map(|m| {
                if *m == FRAME {
                    "X-Frame-Options (or CSP frame-ancestors)"
                } else {
                    m
                }
            })
            .collect();
        let mut message = format!("no {} is set", or_list(&names));
        match configured {
            Some(h) => message.push_str(&format!(
                " where the app sets its other security headers ({})",
                match &h.via {
                    Some(via) => format!("`{via}`"),
                    None => h.source.describe().to_string(),
                }
            )),
            None => message.push_str(" anywhere: not in next.config headers(), middleware, server code, vercel.json, netlify.toml or _headers"),
        }
        let mut severity = Self::META.severity;
        if missing.contains(&HSTS) && model.has_stack("vercel") {
            message.push_str(". The app deploys to Vercel, which sends Strict-Transport-Security on the domains it serves, so HSTS is likely covered there (not on other hosts)");
        }
        // What is left once Vercel's HSTS is counted: only nosniff or Referrer-Policy (or
        // nothing) is a smaller gap than a missing CSP or frame protection.
        let minor = missing
            .iter()
            .all(|m| [NOSNIFF, REFERRER].contains(m) || *m == HSTS && model.has_stack("vercel"));
        if minor {
            severity = Severity::Medium;
        }
        let entity = at
            .map(|l| model.path(l.file).to_string())
            .unwrap_or_else(|| "repo".into());
        let fix = "Set the missing headers once for every path: `headers()` in next.config with `source: '/(.*)'`, `app.use(helmet())` (Express), `secureHeaders()` (Hono), or your host's header config.".to_string();
        Outcome::from_findings(
            vec![finding(&Self::META, severity, message, at, entity, fix)],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::SecurityHeadersMissing::META.id);
    }
}
