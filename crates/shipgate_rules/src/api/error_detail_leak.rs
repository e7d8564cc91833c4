//! api/error-detail-leak: responses that send error messages, stacks or raw database
//! errors to the client.

use crate::util::{backticked, finding, related};
use crate::webhook::webhook_signal;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta, Severity};
use std::collections::{BTreeMap, BTreeSet};

declare_rule! {
    /// ## What it checks
    /// Response bodies (`NextResponse.json`, `Response.json`, `res.json`/`res.send`, Hono
    /// `c.json`, `new Response`) that carry an error's internals: `err.stack`,
    /// `error.message`, PostgREST `error.details`/`error.hint`, Prisma `error.meta`, or
    /// the error object itself, also inside template strings and `String(err)`; and
    /// `debug` / `received` / `receivedKeys` fields that echo the request or internals
    /// back. Errors
    /// the app makes for users (`apiError`, `validationError`) and webhook receivers
    /// (they answer the provider) are left out. One finding per file, or one for the
    /// app when more than five files do it. A stack trace is high; messages and error
    /// objects are medium.
    ///
    /// ## Why it matters
    /// Error text is written for developers. Postgres messages name tables, columns and
    /// constraints; Prisma messages quote the failing query; stacks show file paths and
    /// library versions. Attackers read them to map the system and tune injection
    /// attempts, and users see gibberish.
    ///
    /// ## How to fix
    /// Log the error server-side (with a request id) and return a generic message and a
    /// stable error code. Return specific text only for errors you raise on purpose,
    /// such as validation failures.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// if (error) return NextResponse.json({ error: error.message }, { status: 500 });
    /// // fixed
    /// if (error) { logger.error({ err: error }, "insert contact failed"); return NextResponse.json({ error: "Could not save the contact" }, { status: 500 }); }
    /// ```
    pub struct ErrorDetailLeak {
        id: "api/error-detail-leak",
        category: Api,
        severity: High,
        effort: Small,
        summary: "responses that return error.message/stack/details to the client",
        problem: "error details and internals are sent back to callers",
    }
}

impl Rule for ErrorDetailLeak {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.routes.is_empty() {
            return Outcome::not_applicable("no HTTP endpoints");
        }
        // Webhook receivers answer the provider, not a user: Stripe's own examples
        // return `Webhook Error: ${err.message}`.
        let webhook_files: BTreeSet<_> = model
            .routes
            .iter()
            .filter(|r| webhook_signal(r).is_some())
            .map(|r| r.at.file)
            .collect();
        let mut by_file: BTreeMap<_, Vec<_>> = BTreeMap::new();
        for leak in &model.error_leaks {
            if !webhook_files.contains(&leak.at.file) {
                by_file.entry(leak.at.file).or_default().push(leak);
            }
        }
        let severity_of = |what: &[String]| {
            if what.iter().any(|w| w.ends_with(".stack")) {
                Self::META.severity
            } else {
                Severity::Medium
            }
        };
        let fix = "Log the error server-side and return a generic message with a stable error code; keep specific text for errors you raise on purpose (validation).";
        let mut findings = Vec::new();
        if by_file.len() > MAX_FILES {
            // Many files doing the same thing is one habit to fix, not dozens of findings.
            let all: Vec<_> = by_file.values().flatten().collect();
            let mut what: Vec<String> = all.iter().flat_map(|l| l.what.iter().cloned()).collect();
            what.sort();
            what.dedup();
            let mut f = finding(
                &Self::META,
                severity_of(&what),
                format!(
                    "{} responses in {} files send {} to the client: error internals (tables, constraints, queries) or debug echoes reach whoever triggers the error",
                    all.len(),
                    by_file.len(),
                    backticked(&what)
                ),
                Some(all[0].at),
                "repo".into(),
                fix.into(),
            );
            for l in all.iter().skip(1).take(10) {
                f.related
                    .push(related(l.at, format!("sends {}", backticked(&l.what))));
            }
            findings.push(f);
            return Outcome::from_findings(findings, "");
        }
        for (file, leaks) in by_file {
            let path = model.path(file);
            let mut what: Vec<String> = leaks.iter().flat_map(|l| l.what.iter().cloned()).collect();
            what.sort();
            what.dedup();
            let places = if leaks.len() == 1 {
                "A response".to_string()
            } else {
                format!("{} responses", leaks.len())
            };
            let verb = if leaks.len() == 1 { "sends" } else { "send" };
            let mut f = finding(
                &Self::META,
                severity_of(&what),
                format!(
                    "{places} in `{path}` {verb} {} to the client: error internals (tables, constraints, queries) or debug echoes reach whoever triggers the error",
                    backticked(&what),
                ),
                Some(leaks[0].at),
                path.to_string(),
                fix.into(),
            );
            for l in leaks.iter().skip(1).take(5) {
                f.related
                    .push(related(l.at, format!("also sends {}", backticked(&l.what))));
            }
            findings.push(f);
        }
        Outcome::from_findings(
            findings,
            "no response sends error messages, stacks or raw errors",
        )
    }
}

/// Beyond this many files, one finding for the whole app.
const MAX_FILES: usize = 5;

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::ErrorDetailLeak::META.id);
    }
}
