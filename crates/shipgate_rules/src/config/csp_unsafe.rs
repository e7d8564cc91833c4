//! config/csp-unsafe: a Content-Security-Policy whose script sources let injected
//! scripts run.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, HOLE, HeaderValue, RuleMeta};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it checks
    /// Content-Security-Policy values shipgate can read (string literals, templates, `+`,
    /// `[...].join('; ')`, helmet and Hono directive objects, config files) whose
    /// `script-src` (or `default-src` when there is no `script-src`) allows
    /// `'unsafe-eval'`, `'unsafe-inline'` without a nonce or hash, or any script from
    /// `*`, `https:`, `http:` or `data:`. With a nonce or hash and `'strict-dynamic'`,
    /// browsers ignore `'unsafe-inline'` and host sources, so those are not reported.
    /// Parts of a value that cannot be read are never guessed at.
    ///
    /// ## Why it matters
    /// The point of a CSP is that an injected `<script>` or `onerror=` attribute does not
    /// run. `'unsafe-inline'` lets it run, `'unsafe-eval'` lets injected strings become
    /// code, and `https:` or `data:` let an attacker load a script from anywhere: the
    /// policy is there, but it no longer stops cross-site scripting.
    ///
    /// ## How to fix
    /// Use a per-request nonce (`'nonce-…' 'strict-dynamic'`, set in middleware) or
    /// hashes for the inline scripts you need, drop `'unsafe-eval'` in production, and
    /// list the script hosts you load from instead of a scheme.
    ///
    /// ## Example
    /// ```js
    /// // flagged
    /// { key: 'Content-Security-Policy', value: "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'" }
    /// // fixed (nonce from middleware)
    /// `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`
    /// ```
    pub struct CspUnsafe {
        id: "config/csp-unsafe",
        category: Config,
        severity: Medium,
        effort: Medium,
        summary: "Content-Security-Policy allows unsafe-inline, unsafe-eval or any script source",
        problem: "the Content-Security-Policy still lets injected script run",
    }
}

/// What is wrong with a policy's script sources, if anything can be read.
pub fn problems(policy: &str) -> Vec<String> {
    let mut script = None;
    let mut default = None;
    let mut unreadable_directive = false;
    for directive in policy.split(';') {
        let mut tokens = directive.split_whitespace();
        let Some(name) = tokens.next() else {
            continue;
        };
        let sources: Vec<&str> = tokens.collect();
        match name.to_ascii_lowercase().as_str() {
            "script-src" if script.is_none() => script = Some(sources),
            "default-src" if default.is_none() => default = Some(sources),
            n if n.contains(HOLE) => unreadable_directive = true,
            _ => {}
        }
    }
    let (directive, sources) = match (script, default) {
        (Some(s), _) => ("script-src", s),
        // The hole might be the script-src.
        (None, Some(_)) if unreadable_directive => return Vec::new(),
        (None, Some(d)) => ("default-src", d),
        (None, None) => return Vec::new(),
    };
    let lower: Vec<String> = sources.iter().map(|s| s.to_ascii_lowercase()).collect();
    let has = |t: &str| lower.iter().any(|s| s == t);
    // A hole could be a nonce or hash.
    let nonce_or_hash = lower.iter().any(|s| {
        s.starts_with("'nonce-")
            || s.starts_with("'sha256-")
            || s.starts_with("'sha384-")
            || s.starts_with("'sha512-")
            || s.contains(HOLE)
    });
    let strict = nonce_or_hash && has("'strict-dynamic'");
    let mut out = Vec::new();
    if has("'unsafe-inline'") && !nonce_or_hash {
        out.push(format!(
            "`'unsafe-inline'` in {directive} (no nonce or hash)"
        ));
    }
    if has("'unsafe-eval'") {
        out.push(format!("`'unsafe-eval'` in {directive}"));
    }
    if !strict {
        let wild: Vec<&str> = ["*", "https:", "http:", "data:"]
            .into_iter()
            .filter(|w| has(w))
            .collect();
        if !wild.is_empty() {
            let list: Vec<String> = wild.iter().map(|w| format!("`{w}`")).collect();
            out.push(format!("scripts from {} in {directive}", list.join(", ")));
        }
    }
    out
}

impl Rule for CspUnsafe {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let policies: Vec<_> = model
            .headers
            .iter()
            .filter(|h| h.name == "Content-Security-Policy")
            .collect();
        if policies.is_empty() {
            return Outcome::not_applicable("no Content-Security-Policy is set");
        }
        let mut seen = BTreeSet::new();
        let mut findings = Vec::new();
        let mut readable = 0;
        for h in &policies {
            let HeaderValue::Text(policy) = &h.value else {
                continue;
            };
            readable += 1;
            let found = problems(policy);
            let at = h.value_at.unwrap_or(h.at);
            if found.is_empty() || !seen.insert(at) {
                continue;
            }
            findings.push(finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "The Content-Security-Policy allows {}: injected scripts can still run",
                    found.join(", ")
                ),
                Some(at),
                format!("{} Content-Security-Policy", model.path(at.file)),
                "Use a per-request nonce or hashes (`'nonce-…' 'strict-dynamic'`) instead of 'unsafe-inline', drop 'unsafe-eval' in production, and list script hosts instead of schemes or `*`.".into(),
            ));
        }
        Outcome::from_findings(
            findings,
            format!("{readable} readable Content-Security-Policy value(s) restrict scripts"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::problems;

    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::CspUnsafe::META.id);
    }

    #[test]
    fn judges_script_sources() {
        assert_eq!(problems("default-src 'self'; script-src 'self'").len(), 0);
        assert_eq!(
            problems("default-src 'self' 'unsafe-inline'"),
            vec!["`'unsafe-inline'` in default-src (no nonce or hash)"]
        );
        // script-src decides, not default-src.
        assert!(problems("default-src * 'unsafe-inline'; script-src 'self'").is_empty());
        assert!(problems("script-src 'self' 'nonce-abc' 'unsafe-inline'").is_empty());
        assert!(
            problems("script-src 'nonce-${}' 'strict-dynamic' https: 'unsafe-inline'").is_empty()
        );
        assert_eq!(
            problems("script-src 'self' 'unsafe-eval' 'nonce-${}'").len(),
            1
        );
        assert_eq!(problems("script-src 'self' https: data:").len(), 1);
        assert!(problems("${}; default-src 'unsafe-inline'").is_empty());
        assert!(problems("script-src 'wasm-unsafe-eval'").is_empty());
    }
}
