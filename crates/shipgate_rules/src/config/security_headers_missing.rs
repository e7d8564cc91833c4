//! config/security-headers-missing: a web app that does not set CSP, HSTS, frame
//! protection, nosniff or Referrer-Policy.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Framework, HeaderKind, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Whether the app sets the five headers browsers rely on: Content-Security-Policy,
    /// Strict-Transport-Security, X-Frame-Options (or CSP `frame-ancestors`),
    /// `X-Content-Type-Options: nosniff` and Referrer-Policy. Looked for in
    /// `next.config.*` `headers()`, middleware and other code that sets headers
    /// (`response.headers.set`, `res.setHeader`, `c.header`), `vercel.json`,
    /// `netlify.toml`, `_headers`, and libraries that set them (helmet, Hono
    /// `secureHeaders`, nosecone, next-secure-headers). One finding names the missing
    /// ones. On Vercel, which adds HSTS to every deployment, HSTS is not required.
    ///
    /// ## Why it matters
    /// Without CSP one injected script can read every page; without frame protection the
    /// app can be framed for clickjacking; without HSTS the first request can be
    /// downgraded to plain HTTP; without nosniff browsers may run uploads as scripts;
    /// without a Referrer-Policy full URLs (with tokens in them) leak to other sites.
    ///
    /// ## How to fix
    /// Set them once for every path, for example in `next.config.js`:
    /// `async headers() { return [{ source: "/(.*)", headers: securityHeaders }] }`, or
    /// `app.use(helmet())` in Express, `app.use(secureHeaders())` in Hono.
    ///
    /// ## Example
    /// ```js
    /// const securityHeaders = [
    ///   { key: "Content-Security-Policy", value: "default-src 'self'; frame-ancestors 'none'" },
    ///   { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" },
    ///   { key: "X-Content-Type-Options", value: "nosniff" },
    ///   { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    /// ];
    /// ```
    pub struct SecurityHeadersMissing {
        id: "config/security-headers-missing",
        category: Config,
        severity: High,
        summary: "CSP, HSTS, frame protection, nosniff or Referrer-Policy not set",
    }
}

impl Rule for SecurityHeadersMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        // Pages, or a server framework that can serve them; edge functions and API-only
        // handlers of a platform are left to the platform.
        let web = !model.pages.is_empty()
            || model.routes.iter().any(|r| {
                matches!(
                    r.framework,
                    Framework::Express
                        | Framework::Hono
                        | Framework::NextApp
                        | Framework::NextPages
                )
            });
        if !web {
            return Outcome::not_applicable("no pages or web server");
        }
        let set = |k: HeaderKind| model.security_headers.iter().find(|h| h.kind == k);
        let missing: Vec<HeaderKind> = HeaderKind::ALL
            .into_iter()
            .filter(|k| set(*k).is_none())
            .filter(|k| !(*k == HeaderKind::Hsts && model.on_vercel))
            .collect();
        if missing.is_empty() {
            let mut how: Vec<String> = model
                .security_headers
                .iter()
                .map(|h| h.via.clone())
                .collect();
            how.sort();
            how.dedup();
            let vercel = if set(HeaderKind::Hsts).is_none() {
                " (HSTS from Vercel)"
            } else {
                ""
            };
            return Outcome::from_findings(
                Vec::new(),
                format!("all five set via {}{vercel}", how.join(", ")),
            );
        }
        // Point where headers are configured, else at the Next config, else at the first
        // page or route.
        let at = model
            .security_headers
            .first()
            .map(|h| h.at)
            .or_else(|| {
                model
                    .files
                    .iter()
                    .position(|f| {
                        let name = f.path.rsplit('/').next().unwrap_or(&f.path);
                        name.starts_with("next.config.")
                    })
                    .map(|i| {
                        shipgate_model::Loc::new(
                            shipgate_model::FileId(i as u32),
                            shipgate_model::Span::new(0, 0),
                        )
                    })
            })
            .or_else(|| model.routes.first().map(|r| r.at));
        let names: Vec<&str> = missing.iter().map(|k| k.name()).collect();
        let severity = if missing
            .iter()
            .all(|k| matches!(k, HeaderKind::ReferrerPolicy | HeaderKind::Nosniff))
        {
            Severity::Medium
        } else {
            Self::META.severity
        };
        let set_names: Vec<String> = HeaderKind::ALL
            .into_iter()
            .filter(|k| !missing.contains(k))
            .map(|k| {
                if set(k).is_none() {
                    format!("{} (Vercel adds it)", k.name())
                } else {
                    k.name().to_string()
                }
            })
            .collect();
        let message = if model.security_headers.is_empty() {
            let vercel = if model.on_vercel {
                " (Strict-Transport-Security comes from Vercel)"
            } else {
                ""
            };
            format!("No security headers are set: {}{vercel}", names.join(", "))
        } else {
            format!(
                "Security headers missing: {} (set: {})",
                names.join(", "),
                set_names.join(", ")
            )
        };
        let f = finding(
            &Self::META,
            severity,
            message,
            at,
            "repo".into(),
            "Set the missing headers for every path: `headers()` in next.config, `helmet()` in Express, `secureHeaders()` in Hono, or your host's headers config.".into(),
        );
        Outcome::from_findings(vec![f], "")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::SecurityHeadersMissing::META.id);
    }
}
