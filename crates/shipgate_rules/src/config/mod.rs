//! Configuration rules: env files, env validation, secrets exposed to the browser,
//! security headers.

pub mod csp_unsafe;
pub mod env_file_committed;
pub mod env_undocumented;
pub mod env_validation_missing;
pub mod env_validation_not_called;
pub mod public_secret;
pub mod security_headers_missing;

use shipgate_model::{AppModel, Loc};

/// Variables the platform or toolchain sets, not the app's own configuration.
fn platform_provided(name: &str) -> bool {
    matches!(
        name,
        "NODE_ENV"
            | "CI"
            | "PORT"
            | "HOST"
            | "HOSTNAME"
            | "HOME"
            | "PWD"
            | "TZ"
            | "DEBUG"
            | "NEXT_RUNTIME"
            | "NEXT_PHASE"
            | "NEXT_TELEMETRY_DISABLED"
            | "ANALYZE"
            | "SKIP_ENV_VALIDATION"
            | "VERCEL"
            | "NETLIFY"
            | "DEV"
            | "PROD"
            | "MODE"
            | "SSR"
            | "BASE_URL"
    ) || [
        "VERCEL_",
        "NEXT_PUBLIC_VERCEL_",
        "npm_",
        "GITHUB_",
        "RAILWAY_",
        "RENDER_",
        "FLY_",
        "CF_PAGES",
        "AWS_LAMBDA_",
        "AWS_EXECUTION_",
        "NETLIFY_",
        "HEROKU_",
        "KUBERNETES_",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

/// The app's own env var names read in code, each with its first read, sorted by name.
pub(crate) fn app_env_names(model: &AppModel) -> Vec<(&str, Loc)> {
    let mut out: std::collections::BTreeMap<&str, Loc> = std::collections::BTreeMap::new();
    for r in &model.env_reads {
        if platform_provided(&r.name) {
            continue;
        }
        out.entry(r.name.as_str())
            .and_modify(|l| *l = (*l).min(r.at))
            .or_insert(r.at);
    }
    out.into_iter().collect()
}
