//! config/public-secret: secrets exposed to the browser by name prefix, or read in code
//! that is bundled for the browser.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::secrets::{is_server_only_env_name, public_prefix};
use shipgate_model::{AppModel, Loc, RuleMeta, Severity};
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it checks
    /// - Env vars whose prefix makes the bundler inline them into browser JavaScript
    ///   (`NEXT_PUBLIC_`, `VITE_`, `EXPO_PUBLIC_`, `REACT_APP_`, `PUBLIC_`) but whose name
    ///   says they are secret: `NEXT_PUBLIC_STRIPE_SECRET_KEY`,
    ///   `VITE_SUPABASE_SERVICE_ROLE_KEY`, `NEXT_PUBLIC_OPENAI_API_KEY`. Read in code or
    ///   set in an env file. Keys meant for browsers (publishable, anon, site, Firebase,
    ///   Maps, analytics keys) are not reported.
    /// - Server-only env vars (service role, Stripe secret, database URL, LLM and e-mail
    ///   provider keys) read in a `'use client'` module or in a module one imports at run
    ///   time. The import graph is followed; `'use server'` modules and modules that
    ///   import `server-only` stop it. Reported at high: Next.js leaves such a variable
    ///   `undefined` in the browser, so the code is broken today and one "fix" away from
    ///   a leak.
    ///
    /// ## Why it matters
    /// Whatever a public-prefixed variable holds is written into the JavaScript every
    /// visitor downloads. A service-role key there bypasses all row level security; an
    /// LLM key there is a bill anyone can run up.
    ///
    /// ## How to fix
    /// Rename the variable without the public prefix, rotate the value (it has shipped),
    /// and move the call that needs it to a route handler, server action or edge
    /// function. Mark server modules with `import 'server-only'` so a client import fails
    /// the build.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// const openai = new OpenAI({ apiKey: process.env.NEXT_PUBLIC_OPENAI_API_KEY, dangerouslyAllowBrowser: true });
    /// // fixed: app/api/chat/route.ts, on the server
    /// const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
    /// ```
    pub struct PublicSecret {
        id: "config/public-secret",
        category: Config,
        severity: Critical,
        effort: Medium,
        summary: "secrets exposed to the browser by a public prefix or read in client code",
        problem: "a secret is shipped to every browser",
    }
}

impl Rule for PublicSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let mut findings = Vec::new();
        // Public-prefixed secret names: one finding per name, at the first read in code,
        // else at the first env file (real files before examples) that sets it.
        let mut public: BTreeMap<&str, Loc> = BTreeMap::new();
        for r in &model.env_reads {
            if public_prefix(&r.name).is_some() && is_server_only_env_name(&r.name) {
                public.entry(r.name.as_str()).or_insert(r.at);
            }
        }
        let mut env_files: Vec<_> = model.env_files.iter().collect();
        env_files.sort_by_key(|e| e.example);
        for env in env_files {
            for e in &env.entries {
                if public_prefix(&e.key).is_some() && is_server_only_env_name(&e.key) {
                    public.entry(e.key.as_str()).or_insert(e.at);
                }
            }
        }
        for (name, at) in public {
            let prefix = public_prefix(name).unwrap_or_default();
            findings.push(finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "`{name}` is a secret with the `{prefix}` prefix: the bundler writes its value into the JavaScript every visitor downloads"
                ),
                Some(at),
                name.to_string(),
                format!(
                    "Rotate the value, rename it without `{prefix}`, and move the code that needs it to the server (route handler, server action)."
                ),
            ));
        }
        // Server-only names read in browser code: in a `'use client'` file itself (high,
        // per name), or in a module one imports (info, one per module: the client may
        // never touch the value).
        let mut direct = BTreeMap::new();
        let mut imported: BTreeMap<(&str, &str), (Loc, Vec<&str>)> = BTreeMap::new();
        for r in &model.env_reads {
            let Some(entry) = r.client else {
                continue;
            };
            if public_prefix(&r.name).is_some() || !is_server_only_env_name(&r.name) {
                continue;
            }
            let path = model.path(r.at.file);
            if entry == r.at.file {
                direct.entry((path, r.name.as_str())).or_insert(r.at);
            } else {
                let names = &mut imported
                    .entry((path, model.path(entry)))
                    .or_insert((r.at, Vec::new()))
                    .1;
                if !names.contains(&r.name.as_str()) {
                    names.push(r.name.as_str());
                }
            }
        }
        for ((path, name), at) in direct {
            findings.push(finding(
                &Self::META,
                Severity::High,
                format!(
                    "`{name}` is read in the client component `{path}`: it is `undefined` in the browser, and exposing it to make the code work would leak it"
                ),
                Some(at),
                format!("{path} {name}"),
                "Move this code to the server (a route handler or server action the client calls).".into(),
            ));
        }
        // A module pulled in by several client files is reported once.
        let mut seen_modules = std::collections::BTreeSet::new();
        for ((path, entry), (at, names)) in imported {
            if !seen_modules.insert(path) {
                continue;
            }
            let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            findings.push(finding(
                &Self::META,
                Severity::Info,
                format!(
                    "`{path}` reads {} and is bundled for the browser (imported by the client module `{entry}`): there the values are `undefined`",
                    crate::util::backticked(&names)
                ),
                Some(at),
                path.to_string(),
                "Keep server secrets in modules that `import 'server-only'`, and import only plain data into client components.".into(),
            ));
        }
        if model.env_reads.is_empty() && model.env_files.is_empty() {
            return Outcome::not_applicable("no env vars read or set");
        }
        Outcome::from_findings(
            findings,
            "no secret has a public prefix, and client code reads no server-only env var",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::PublicSecret::META.id);
    }
}
