//! api/unhandled-errors: async Express 4 handlers with no error handling.

use crate::util::route_finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Framework, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Async Express route handlers that await work with no `try`/`catch`, no `.catch()`
    /// and no wrapper around them (`asyncHandler(fn)`), in apps on Express 4 without
    /// `express-async-errors`, `express-async-handler` or `express-promise-router`.
    /// Express 5 forwards rejected promises to the error middleware and is not checked;
    /// Next.js and Hono answer an uncaught error with a 500 themselves.
    ///
    /// ## Why it matters
    /// Express 4 does not see a rejected promise: the request hangs until the client
    /// times out, the error middleware never runs, and on Node 15 or later the unhandled
    /// rejection stops the whole process, taking every other request with it.
    ///
    /// ## How to fix
    /// Upgrade to Express 5, or wrap handlers (`express-async-handler`,
    /// `express-async-errors`), or catch in each handler and call `next(err)`.
    ///
    /// ## Example
    /// ```ts
    /// router.get("/invoices", async (req, res, next) => {
    ///   try {
    ///     res.json(await listInvoices(req.user.id));
    ///   } catch (err) {
    ///     next(err);
    ///   }
    /// });
    /// ```
    pub struct UnhandledErrors {
        id: "api/unhandled-errors",
        category: Api,
        severity: Medium,
        effort: Small,
        summary: "async Express 4 handlers with no error handling",
        problem: "a failed async call can crash the request or the server",
    }
}

const CATCHERS: &[&str] = &[
    "express-async-errors",
    "express-async-handler",
    "express-promise-router",
    "@awaitjs/express",
    "express-async-router",
];

/// The Express version range a package asks for: `^4.21.2` → 4; `None` when unread.
fn express_major(model: &AppModel) -> Option<u32> {
    model.packages.iter().find_map(|p| {
        if !p.deps.iter().any(|d| d == "express") {
            return None;
        }
        let text: &str = &model.file(p.file).text;
        let at = text.find("\"express\"")?;
        let rest = text[at + "\"express\"".len()..]
            .trim_start()
            .strip_prefix(':')?;
        let version = rest.trim_start().strip_prefix('"')?;
        let digits: String = version
            .trim_start_matches(['^', '~', '>', '=', 'v', ' '])
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        // `latest`, `*`, a git URL: today that installs Express 5.
        Some(digits.parse().unwrap_or(5))
    })
}

impl Rule for UnhandledErrors {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let express: Vec<_> = model
            .routes
            .iter()
            .filter(|r| r.framework == Framework::Express)
            .collect();
        if express.is_empty() {
            return Outcome::not_applicable("no Express routes");
        }
        match express_major(model) {
            Some(v) if v >= 5 => {
                return Outcome::not_applicable(
                    "Express 5 forwards rejected promises to error middleware",
                );
            }
            None => return Outcome::not_applicable("the Express version cannot be read"),
            _ => {}
        }
        if let Some(dep) = model.depends_on(|d| CATCHERS.contains(&d)) {
            return Outcome::from_findings(
                Vec::new(),
                format!("`{dep}` forwards rejected promises"),
            );
        }
        let findings = express
            .iter()
            .filter(|r| r.errors.is_some_and(|e| e.is_async && !e.catches && !e.wrapped))
            .map(|r| {
                route_finding(
                    &Self::META,
                    Self::META.severity,
                    r,
                    format!(
                        "`{}` is an async Express 4 handler with no try/catch: a rejected await never reaches the error middleware, the request hangs, and Node stops the process on the unhandled rejection",
                        r.entity()
                    ),
                    r.at,
                    "Wrap the handler (`express-async-handler`) or catch and call `next(err)`; or upgrade to Express 5.".to_string(),
                )
            })
            .collect();
        Outcome::from_findings(
            findings,
            format!("{} Express handler(s) handle their errors", express.len()),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::UnhandledErrors::META.id);
    }
}
