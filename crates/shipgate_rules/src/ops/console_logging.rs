//! ops/console-logging: `console.*` in request handlers instead of a structured logger.

use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, FileId, Loc, RuleMeta, Span};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it checks
    /// `console.log` / `error` / `warn` / `info` / `debug` calls in server code: the files
    /// that define route handlers, server actions, tRPC procedures and middleware. One
    /// finding for the whole app, counted, with the files that call it most; reported
    /// when there are at least three such calls. Comment lines are not counted.
    ///
    /// ## Why it matters
    /// Console lines carry no level, request id, user or route; a log platform cannot
    /// filter or alert on them, and they are where tokens and personal data end up when
    /// someone logs a whole request or error object.
    ///
    /// ## How to fix
    /// Use one structured logger (pino, winston, next-axiom) with a request id and levels,
    /// and log objects with named fields; keep `console` for scripts.
    ///
    /// ## Example
    /// ```ts
    /// console.log("checkout", session);              // flagged
    /// logger.info({ userId, plan }, "checkout");      // structured
    /// ```
    pub struct ConsoleLogging {
        id: "ops/console-logging",
        category: Ops,
        severity: Low,
        effort: Medium,
        summary: "console.* in server code instead of a structured logger",
        problem: "server logs are unstructured console output",
    }
}

const LOGGERS: &[&str] = &[
    "pino",
    "winston",
    "bunyan",
    "consola",
    "log4js",
    "tslog",
    "roarr",
    "next-axiom",
    "@axiomhq/js",
    "@axiomhq/nextjs",
    "@logtail/node",
    "@logtail/next",
    "@google-cloud/logging",
    "@opentelemetry/api-logs",
];

const METHODS: &[&str] = &["log", "error", "warn", "info", "debug", "trace"];

/// `console.x(` calls on a file's non-comment lines, as spans of their starts.
fn console_calls(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut offset = 0u32;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if !(trimmed.starts_with("//") || trimmed.starts_with('*') || trimmed.starts_with("/*")) {
            for (i, _) in line.match_indices("console.") {
                let rest = &line[i + "console.".len()..];
                if METHODS
                    .iter()
                    .any(|m| rest.starts_with(m) && rest[m.len()..].starts_with('('))
                {
                    let start = offset + i as u32;
                    out.push(Span::new(start, start + "console".len() as u32));
                }
            }
        }
        offset += line.len() as u32;
    }
    out
}

impl Rule for ConsoleLogging {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let server: BTreeSet<FileId> = model
            .routes
            .iter()
            .map(|r| r.at.file)
            .chain(model.middleware.iter().map(|m| m.at.file))
            .collect();
        if server.is_empty() {
            return Outcome::not_applicable("no server code (routes, actions, middleware)");
        }
        let logger = model.depends_on(|d| LOGGERS.contains(&d) || d.starts_with("@logtail/"));
        let mut per_file: Vec<(usize, FileId, Vec<Span>)> = server
            .iter()
            .map(|&f| {
                let calls = console_calls(&model.file(f).text);
                (calls.len(), f, calls)
            })
            .filter(|(n, _, _)| *n > 0)
            .collect();
        let total: usize = per_file.iter().map(|(n, _, _)| n).sum();
        if total < 3 {
            return Outcome::from_findings(
                Vec::new(),
                format!("{total} console call(s) in {} server file(s)", server.len()),
            );
        }
        // Most calls first; ties by path.
        per_file.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| model.path(a.1).cmp(model.path(b.1)))
        });
        let top: Vec<String> = per_file
            .iter()
            .take(3)
            .map(|(n, f, _)| format!("`{}` ({n})", model.path(*f)))
            .collect();
        let (_, first_file, first_calls) = &per_file[0];
        let at = Loc::new(*first_file, first_calls[0]);
        let mut message = format!(
            "{total} `console.*` calls in {} server file(s), most in {}",
            per_file.len(),
            top.join(", ")
        );
        match logger {
            Some(l) => {
                message.push_str(&format!(": they bypass the `{l}` logger the app installs"))
            }
            None => message.push_str(
                ": no structured logger is installed, so logs carry no level, request id or fields",
            ),
        }
        let mut f = finding(
            &Self::META,
            Self::META.severity,
            message,
            Some(at),
            "console in server code".into(),
            match logger {
                Some(l) => format!("Log through `{l}` with named fields and a request id."),
                None => "Install a structured logger (pino, winston, next-axiom), log objects with named fields and a request id, and replace `console` in server code.".to_string(),
            },
        );
        f.related = per_file
            .iter()
            .skip(1)
            .take(4)
            .map(|(n, file, calls)| related(Loc::new(*file, calls[0]), format!("{n} call(s)")))
            .collect();
        Outcome::from_findings(vec![f], "")
    }
}

#[cfg(test)]
mod tests {
    use super::console_calls;

    #[test]
    fn comments_do_not_count() {
        let text = "// console.log(x)\n  console.error(e);\n/* console.log */\nconsole.table(x)\n";
        assert_eq!(console_calls(text).len(), 1);
    }

    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::ConsoleLogging::META.id);
    }
}
