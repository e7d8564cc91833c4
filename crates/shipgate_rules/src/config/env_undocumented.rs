//! config/env-undocumented: env vars the code reads that `.env.example` does not list.

use super::app_env_names;
use crate::util::{backticked, finding};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};
use std::collections::BTreeSet;

declare_rule! {
    /// ## What it checks
    /// The env vars the code reads (`process.env.X`, `import.meta.env.X`; test code and
    /// platform-provided variables such as `NODE_ENV` and `VERCEL_URL` left out) against
    /// the names in the repository's example env files (`.env.example`, `.env.sample`,
    /// `.env.template`, `.env-example`, in any folder) and committed `.env` files of
    /// defaults. One finding lists the missing names; with no
    /// example file at all, one finding says so.
    ///
    /// ## Why it matters
    /// The example file is how the next developer, and the next deployment, learns what
    /// to set. A variable missing from it is found by a crash in production.
    ///
    /// ## How to fix
    /// Add every variable to `.env.example` with an empty or placeholder value and a
    /// comment on where to get it.
    ///
    /// ## Example
    /// ```sh
    /// # .env.example
    /// # Stripe dashboard > Developers > Webhooks
    /// STRIPE_WEBHOOK_SECRET=
    /// ```
    pub struct EnvUndocumented {
        id: "config/env-undocumented",
        category: Config,
        severity: Low,
        effort: Small,
        summary: "env vars read by code but absent from .env.example",
        problem: "settings the code needs are not documented",
    }
}

impl Rule for EnvUndocumented {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let names = app_env_names(model);
        if names.is_empty() {
            return Outcome::not_applicable("the code reads no env vars of its own");
        }
        let examples: Vec<_> = model.env_files.iter().filter(|e| e.example).collect();
        // Committed `.env` files with defaults (the Next.js convention) document their
        // names too.
        let documented: BTreeSet<&str> = model
            .env_files
            .iter()
            .filter(|e| e.example || e.tracked == Some(true))
            .flat_map(|e| e.entries.iter().map(|x| x.key.as_str()))
            .collect();
        let missing: Vec<_> = names
            .iter()
            .filter(|(n, _)| !documented.contains(n))
            .collect();
        let Some((_, first)) = missing.first() else {
            return Outcome::from_findings(
                Vec::new(),
                format!(
                    "all {} env vars the code reads are in the example env file(s)",
                    names.len()
                ),
            );
        };
        let listed: Vec<String> = missing
            .iter()
            .take(12)
            .map(|(n, _)| n.to_string())
            .collect();
        let more = missing.len().saturating_sub(12);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        let message = if documented.is_empty() {
            format!(
                "There is no `.env.example`: the code reads {} env vars ({}{more}) that a new developer or deployment has to discover by failure",
                names.len(),
                backticked(&listed)
            )
        } else {
            format!(
                "{} the code reads {} not in {}: {}{more}",
                if missing.len() == 1 {
                    "1 env var".to_string()
                } else {
                    format!("{} env vars", missing.len())
                },
                if missing.len() == 1 { "is" } else { "are" },
                examples
                    .first()
                    .map_or("the committed env files".to_string(), |e| {
                        format!("the example env file (`{}`)", model.path(e.file))
                    }),
                backticked(&listed)
            )
        };
        let f = finding(
            &Self::META,
            Self::META.severity,
            message,
            Some(*first),
            "repo".into(),
            "List every variable in `.env.example` with an empty or placeholder value and a comment on where to get it.".into(),
        );
        Outcome::from_findings(vec![f], "")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::EnvUndocumented::META.id);
    }
}
