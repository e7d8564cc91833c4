//! ops/dockerfile: container images that run as root, are built in one stage, or have no
//! HEALTHCHECK.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Loc, RuleMeta, Severity, Span};

declare_rule! {
    /// ## What it checks
    /// Each `Dockerfile` (also `Dockerfile.*`, `*.Dockerfile`) outside development
    /// setups (`.devcontainer/`, `dev/` and `development/` folders, `Dockerfile.dev`,
    /// `*.dev.Dockerfile`) and docs:
    /// - whether the final stage switches to a non-root `USER` (or starts from a
    ///   `nonroot` distroless image); without one the app runs as root. Datastore and
    ///   proxy images (postgres, mysql, redis, nginx...) drop privileges themselves;
    /// - whether an image that installs or builds something has more than one `FROM`
    ///   (a multi-stage build keeps compilers, dev dependencies and source out of the
    ///   final image);
    /// - whether it declares a `HEALTHCHECK`.
    ///
    /// One finding per file names what is missing: medium when the image runs as root,
    /// low otherwise.
    ///
    /// ## Why it matters
    /// A process running as root turns any remote-code bug into root in the container,
    /// one step from the host. Single-stage images ship build tools and dev packages
    /// that widen the attack surface and slow deploys. Without a health check the
    /// platform keeps routing to a hung container.
    ///
    /// ## How to fix
    /// Build in one stage and copy only the output into a slim final stage, add
    /// `USER node` (or another unprivileged user), and a `HEALTHCHECK` that calls your
    /// health endpoint. (Kubernetes ignores HEALTHCHECK; use its probes there.)
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-alpine AS build
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci && npm run build
    ///
    /// FROM node:22-alpine
    /// WORKDIR /app
    /// COPY --from=build /app/.next/standalone ./
    /// USER node
    /// HEALTHCHECK CMD wget -qO- http://localhost:3000/api/health || exit 1
    /// CMD ["node", "server.js"]
    /// ```
    pub struct Dockerfile {
        id: "ops/dockerfile",
        category: Ops,
        severity: Medium,
        effort: Small,
        summary: "Dockerfile running as root, single stage, or without HEALTHCHECK",
        problem: "the container runs as root or without a health check",
    }
}

fn is_dockerfile(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = path.to_ascii_lowercase();
    let docker = name == "Dockerfile"
        || name.starts_with("Dockerfile.")
        || name.ends_with(".Dockerfile")
        || name.ends_with(".dockerfile");
    let dev = lower.contains(".devcontainer/")
        || lower.starts_with(".cursor/")
        || lower.starts_with("dev/")
        || lower.contains("/dev/")
        || lower.starts_with("development/")
        || lower.contains("/development/")
        || lower.starts_with("docs/")
        || lower.ends_with(".dev")
        || lower.contains(".dev.")
        || lower.ends_with("dockerfile.test")
        || lower.contains("/test/")
        || lower.contains("/tests/")
        || lower.contains("/fixtures/")
        || lower.contains("/examples/");
    docker && !dev
}

/// Instructions with the byte offset of their line: continuation lines joined, comments
/// dropped.
fn instructions(text: &str) -> Vec<(u32, String, String)> {
    let mut out = Vec::new();
    let mut offset = 0u32;
    let mut pending: Option<(u32, String)> = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len() as u32;
        let body = line.trim();
        if body.starts_with('#') && pending.is_none() || body.is_empty() && pending.is_none() {
            continue;
        }
        let (at, mut acc) = pending.take().unwrap_or((start, String::new()));
        let cont = body.ends_with('\\');
        acc.push_str(body.trim_end_matches('\\'));
        acc.push(' ');
        if cont {
            pending = Some((at, acc));
            continue;
        }
        let acc = acc.trim().to_string();
        let (kw, rest) = acc.split_once(char::is_whitespace).unwrap_or((&acc, ""));
        out.push((at, kw.to_ascii_uppercase(), rest.trim().to_string()));
    }
    out
}

impl Rule for Dockerfile {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let files: Vec<_> = model
            .files
            .iter()
            .enumerate()
            .filter(|(_, f)| is_dockerfile(&f.path))
            .collect();
        if files.is_empty() {
            return Outcome::not_applicable("no Dockerfile");
        }
        let mut findings = Vec::new();
        let mut good = Vec::new();
        for (i, f) in files {
            let file = shipgate_model::FileId(i as u32);
            let ins = instructions(&f.text);
            let froms: Vec<&(u32, String, String)> =
                ins.iter().filter(|(_, k, _)| k == "FROM").collect();
            let Some(last_from) = froms.last() else {
                continue;
            };
            // The final stage: instructions after the last FROM.
            let last_at = last_from.0;
            let final_user = ins
                .iter()
                .filter(|(at, k, _)| *at > last_at && k == "USER")
                .map(|(_, _, v)| v.as_str())
                .next_back();
            let base = last_from.2.to_ascii_lowercase();
            let nonroot_base = base.contains("nonroot")
                || base.contains("distroless") && base.contains(":nonroot");
            // Datastore and proxy images drop privileges in their own entrypoints.
            let own_user = [
                "postgres",
                "mysql",
                "mariadb",
                "clickhouse",
                "redis",
                "mongo",
                "nginx",
                "gotenberg",
                "minio",
                "elasticsearch",
                "rabbitmq",
            ]
            .iter()
            .any(|b| base.split(['/', ':', ' ']).any(|part| part.starts_with(b)));
            let root = !own_user
                && match final_user {
                    Some(u) => {
                        let name = u.split(':').next().unwrap_or(u).trim();
                        name == "root" || name == "0"
                    }
                    None => !nonroot_base,
                };
            // One stage matters when the image builds or installs something.
            let builds = ins.iter().any(|(_, k, v)| {
                k == "RUN"
                    && [
                        "install", "build", "npm ci", "pnpm i", "yarn", "bun i", "compile",
                    ]
                    .iter()
                    .any(|w| v.contains(w))
            });
            let single = froms.len() == 1 && builds;
            let healthcheck = ins
                .iter()
                .any(|(_, k, v)| k == "HEALTHCHECK" && !v.eq_ignore_ascii_case("NONE"));
            let mut missing = Vec::new();
            if root {
                missing.push("runs as root (no `USER` in the final stage)");
            }
            if single {
                missing.push("is built in a single stage (build tools and dev dependencies ship in the image)");
            }
            if !healthcheck {
                missing.push("has no `HEALTHCHECK`");
            }
            if missing.is_empty() {
                good.push(format!("`{}`", f.path));
                continue;
            }
            let severity = if root {
                Self::META.severity
            } else {
                Severity::Low
            };
            findings.push(finding(
                &Self::META,
                severity,
                format!("The image from `{}` {}", f.path, missing.join(", ")),
                Some(Loc::new(file, Span::new(last_at, last_at))),
                f.path.clone(),
                "Copy only the build output into a slim final stage, add `USER node` (or another unprivileged user) and a `HEALTHCHECK` that calls the health endpoint.".to_string(),
            ));
        }
        Outcome::from_findings(
            findings,
            format!(
                "non-root, multi-stage, with HEALTHCHECK: {}",
                good.join(", ")
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::instructions;

    #[test]
    fn joins_continuations() {
        let ins = instructions(
            "# base\nFROM node:22 AS build\nRUN npm ci \\\n  && npm run build\nUSER node\n",
        );
        let kws: Vec<&str> = ins.iter().map(|(_, k, _)| k.as_str()).collect();
        assert_eq!(kws, ["FROM", "RUN", "USER"]);
        assert_eq!(ins[1].2, "npm ci  && npm run build");
    }

    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::Dockerfile::META.id);
    }
}
