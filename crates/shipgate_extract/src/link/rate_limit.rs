//! Rate limiting: which routes pass through a limiter (a library such as
//! @upstash/ratelimit, express-rate-limit or Arcjet, or a project helper named for it),
//! in the handler, its helpers, route middleware, app-level middleware or global
//! Next.js middleware.

use super::project::Project;
use crate::js::facts::{JsFacts, Val};
use shipgate_model::{FileId, Framework, Route};
use std::collections::BTreeSet;

/// Packages that limit request rates.
fn is_limiter_package(src: &str) -> bool {
    [
        "@upstash/ratelimit",
        "rate-limiter-flexible",
        "express-rate-limit",
        "express-slow-down",
        "hono-rate-limiter",
        "@hono-rate-limiter/",
        "@arcjet/",
        "next-rate-limit",
        "@nestjs/throttler",
        "@fastify/rate-limit",
        "@unkey/ratelimit",
        "limiter",
        "@convex-dev/rate-limiter",
    ]
    .iter()
    .any(|p| {
        src == *p || (p.ends_with('/') && src.starts_with(p)) || src.starts_with(&format!("{p}/"))
    })
}

/// A name that says it limits rates: `ratelimit`, `rateLimiter`, `checkRateLimit`,
/// `throttle`, `loginLimiter`.
pub fn is_limiter_name(name: &str) -> bool {
    ["ratelimit", "rate_limit", "limiter", "throttl"]
        .iter()
        .any(|w| contains_ignore_case(name, w))
}

/// `needle` (lower-case ASCII) in `hay`, ignoring ASCII case, without allocating.
fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    hay.len() >= needle.len()
        && hay
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn val_mentions_limiter(v: &Val) -> bool {
    match v {
        Val::Path(p) => is_limiter_name(p),
        Val::Call { callee, .. } => is_limiter_name(callee),
        Val::Other(paths) => paths.iter().any(|p| is_limiter_name(p)),
        Val::Array(vals) => vals.iter().any(val_mentions_limiter),
        _ => false,
    }
}

/// The file calls a limiter: a callee named for one, `protect()` on an Arcjet client, or
/// a hand-made counter in Vercel KV / Redis (`incr` and `expire` on the same store).
fn calls_limiter(facts: &JsFacts) -> bool {
    let arcjet = facts.module_deps.iter().any(|d| d.starts_with("@arcjet/"));
    facts
        .calls
        .iter()
        .any(|c| is_limiter_name(&c.callee) || arcjet && c.method() == "protect")
        || kv_counter(facts)
}

/// A method called on an object a limiter package built, wherever it was built:
/// `perIp.limit(ip)` where `lib/limits.ts` holds `perIp = new Ratelimit(...)` from
/// `@upstash/ratelimit`. The package decides, not the object's name.
fn calls_limiter_object(project: &Project, file: FileId, facts: &JsFacts) -> bool {
    facts.calls.iter().any(|c| {
        c.root() != c.callee
            && (project
                .built_by(file, &c.callee)
                .is_some_and(|(_, src)| is_limiter_package(src))
                || project
                    .import_source(file, &c.callee)
                    .is_some_and(is_limiter_package))
    })
}

/// `await kv.incr(key)` then `await kv.expire(key, 60)`: a fixed-window counter.
fn kv_counter(facts: &JsFacts) -> bool {
    let store = |root: &str| {
        facts.calls.iter().any(|c| {
            c.root() == root && c.method() == "incr" || c.root() == root && c.method() == "incrby"
        })
    };
    facts
        .calls
        .iter()
        .filter(|c| matches!(c.method(), "expire" | "pexpire"))
        .any(|c| store(c.root()))
}

/// What the project shows about rate limiting.
pub struct Limits {
    /// Files whose code calls a limiter.
    files: BTreeSet<FileId>,
    /// Express/Hono apps register a limiter with `use()`: their routes are treated as
    /// limited, since shipgate cannot tell which paths it covers.
    app_level: bool,
    /// `app.post('/login', loginLimiter, handler)`: the file and path registered.
    per_route: BTreeSet<(FileId, String)>,
    /// Global Next.js middleware calls a limiter.
    in_middleware: bool,
    /// Any file imports a limiter package.
    pub any: bool,
}

impl Limits {
    pub fn new(project: &Project, middleware_files: &[FileId]) -> Self {
        let mut files = BTreeSet::new();
        let mut app_level = false;
        let mut any = false;
        let mut per_route = BTreeSet::new();
        for (id, facts) in project.js_files() {
            if facts.module_deps.iter().any(|d| is_limiter_package(d)) {
                any = true;
            }
            if calls_limiter(facts) || calls_limiter_object(project, id, facts) {
                files.insert(id);
            }
            for r in &facts.route_regs {
                if !r.args.iter().any(val_mentions_limiter) {
                    continue;
                }
                if r.method == "use" {
                    app_level = true;
                } else if let Some(path) = &r.path {
                    per_route.insert((id, path.clone()));
                }
            }
        }
        let in_middleware = middleware_files.iter().any(|f| files.contains(f));
        Limits {
            any: any || !files.is_empty() || app_level || !per_route.is_empty(),
            files,
            app_level,
            per_route,
            in_middleware,
        }
    }

    pub fn covers(&self, route: &Route) -> bool {
        let registered = self
            .per_route
            .iter()
            .any(|(file, path)| *file == route.at.file && route.path.ends_with(path.as_str()));
        registered
            || self.files.contains(&route.at.file)
            || route.facts.helpers.iter().any(|h| is_limiter_name(h))
            || self.in_middleware && route.middleware_matches
            || self.app_level && matches!(route.framework, Framework::Express | Framework::Hono)
    }
}
