//! config/env-file-committed: `.env` files with real secret values tracked by git.

use crate::util::{backticked, finding};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::secrets::is_secret_env_name;
use shipgate_model::{AppModel, EnvFile, EnvValue, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// `.env` files (`.env`, `.env.production`, `.env.local`, `prod.env`) that git tracks,
    /// read from the git index (so a file committed before `.gitignore` listed it is
    /// found too), and that assign a real value to a secret: a name with `SECRET`,
    /// `PASSWORD`, `_TOKEN`, `API_KEY`, `PRIVATE_KEY`, `SERVICE_ROLE` or `DATABASE_URL`.
    /// Empty values, placeholders (`your-key`, `changeme`, `<secret>`) and local
    /// development values (`localhost`) do not count, and neither do `.env.example`,
    /// `.env.sample`, `.env.template` or test env files. Public values
    /// (`NEXT_PUBLIC_SITE_URL`) are fine to commit, as Next.js intends.
    ///
    /// A secret-holding `.env` that git does not ignore yet, but does not track either,
    /// is reported at medium: the next `git add .` commits it.
    ///
    /// Values are never printed: the report masks every value of an env file.
    ///
    /// ## Why it matters
    /// Everything in git is in every clone, fork and CI cache, and stays in history after
    /// the file is deleted. A committed production `.env` hands over the database and
    /// every third-party account it names.
    ///
    /// ## How to fix
    /// Rotate every secret the file holds, then `git rm --cached <file>`, add it to
    /// `.gitignore`, and keep an `.env.example` with empty values instead. Set real values
    /// in the hosting platform's environment settings.
    ///
    /// ## Example
    /// ```sh
    /// # flagged: tracked by git
    /// # .env.production
    /// STRIPE_SECRET_KEY=sk_live_51H…
    /// # fixed: .env.example (tracked), real values only in the platform's settings
    /// STRIPE_SECRET_KEY=
    /// ```
    pub struct EnvFileCommitted {
        id: "config/env-file-committed",
        category: Config,
        severity: Critical,
        effort: Medium,
        summary: ".env files with real secret values tracked by git",
        problem: "secrets are committed to git",
    }
}

/// `.env.test`, `.env.ci`, `.env.e2e`: test configuration, with throwaway values.
fn is_test_env(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name.split('.')
        .any(|part| matches!(part, "test" | "testing" | "ci" | "e2e" | "playwright"))
}

/// The secret names a file gives real values, in file order.
fn secrets_set(env: &EnvFile) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in &env.entries {
        if e.value == EnvValue::Set && is_secret_env_name(&e.key) && !out.contains(&e.key) {
            out.push(e.key.clone());
        }
    }
    out
}

impl Rule for EnvFileCommitted {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.env_files.is_empty() {
            return Outcome::not_applicable("no .env files in the tree");
        }
        if model.env_files.iter().all(|e| e.tracked.is_none()) {
            return Outcome::not_applicable(
                "not a git work tree: cannot tell which env files are committed",
            );
        }
        let mut findings = Vec::new();
        let mut tracked = 0;
        for env in &model.env_files {
            let path = model.path(env.file);
            if env.example || is_test_env(path) {
                continue;
            }
            if env.tracked == Some(true) {
                tracked += 1;
            }
            let secrets = secrets_set(env);
            let Some(first) = env.entries.iter().find(|e| secrets.first() == Some(&e.key)) else {
                continue;
            };
            let (severity, message) = match env.tracked {
                Some(true) => (
                    Self::META.severity,
                    format!(
                        "`{path}` is tracked by git and sets {}: every clone has these values",
                        backticked(&secrets)
                    ),
                ),
                Some(false) => (
                    Severity::Medium,
                    format!(
                        "`{path}` sets {} and git does not ignore it: the next `git add .` commits it",
                        backticked(&secrets)
                    ),
                ),
                None => continue,
            };
            let fix = match env.tracked {
                Some(true) => format!(
                    "Rotate {}, then `git rm --cached {path}`, add it to `.gitignore` and keep an `.env.example` without values.",
                    backticked(&secrets)
                ),
                _ => format!("Add `{path}` to `.gitignore`."),
            };
            findings.push(finding(
                &Self::META,
                severity,
                message,
                Some(first.at),
                path.to_string(),
                fix,
            ));
        }
        Outcome::from_findings(
            findings,
            format!("{tracked} tracked env file(s) hold no real secret values"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::EnvFileCommitted::META.id);
    }
}
