//! api/no-rate-limit: endpoints that most need a rate limit (sign-in, AI, e-mail/SMS,
//! public forms) without one, named one by one.

use crate::auth::unguarded_expensive_endpoint::is_cron_like;
use crate::util::{backticked, finding, related};
use crate::webhook::webhook_signal;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, EffectKind, Framework, Guard, Route, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Which endpoints a rate limiter covers: @upstash/ratelimit, rate-limiter-flexible,
    /// express-rate-limit, hono-rate-limiter, Arcjet (`aj.protect`), @unkey/ratelimit, or
    /// a project helper named for it (`checkRateLimit`, `loginLimiter`), called in the
    /// handler's file, by a helper, as route or app middleware, or in global Next.js
    /// middleware. Then it names the endpoints that need one most and lack it:
    /// - sign-in, sign-up, password reset, OTP and magic-link endpoints (brute force,
    ///   credential stuffing, e-mail bombing);
    /// - endpoints that call an AI model (cost);
    /// - endpoints that send e-mail or SMS (cost, spam, sender reputation);
    /// - public forms: endpoints anyone can post to that write data.
    ///
    /// Sign-in endpoints are recognised by their own name (`/login`, `signInWithEmail`,
    /// `forgot-password`, `verify-otp`, NextAuth's `[...nextauth]`); sign-out is not one.
    /// Webhooks, cron jobs, signature-verified callers and admin-only endpoints are left
    /// out, and so are server actions as public forms. With no limiter anywhere the finding is at
    /// the repository level and lists every such endpoint; otherwise one finding per kind.
    ///
    /// ## Why it matters
    /// Without a limit, one script can try a million passwords, run up an OpenAI bill
    /// overnight, or send thousands of e-mails from your domain until your provider
    /// suspends it.
    ///
    /// ## How to fix
    /// Add a limiter keyed by IP for anonymous endpoints and by user for signed-in ones,
    /// e.g. `@upstash/ratelimit` with `Ratelimit.slidingWindow(5, "1 m")` on sign-in, and
    /// return 429 when it refuses.
    ///
    /// ## Example
    /// ```ts
    /// const ratelimit = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.slidingWindow(5, "1 m") });
    /// export async function POST(req: Request) {
    ///   const { success } = await ratelimit.limit(req.headers.get("x-forwarded-for") ?? "anon");
    ///   if (!success) return new Response("Too many requests", { status: 429 });
    ///   // ...
    /// }
    /// ```
    pub struct NoRateLimit {
        id: "api/no-rate-limit",
        category: Api,
        severity: High,
        effort: Medium,
        summary: "no rate limiting anywhere, or none on auth/AI/e-mail/public endpoints",
        problem: "callers can repeat requests without limit (guessing, spam, spend)",
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Need {
    Auth,
    Ai,
    Messaging,
    PublicForm,
}

impl Need {
    fn title(self) -> &'static str {
        match self {
            Need::Auth => "sign-in and account endpoints",
            Need::Ai => "AI endpoints",
            Need::Messaging => "e-mail/SMS endpoints",
            Need::PublicForm => "public forms",
        }
    }

    fn severity(self) -> Severity {
        match self {
            Need::Auth | Need::Ai => Severity::High,
            Need::Messaging | Need::PublicForm => Severity::Medium,
        }
    }
}

/// The words of a route's own name: its last path segment (or server action / procedure
/// name), split at `-`, `_`, `.` and camelCase humps, lower-cased.
fn name_words(route: &Route) -> Vec<String> {
    let path = route.path.as_str();
    let last = path
        .rsplit(['#', '/'])
        .find(|s| {
            !s.is_empty() && !s.starts_with('[') && !s.starts_with('{') && !s.starts_with(':')
        })
        .unwrap_or(path);
    let last = last.rsplit('.').next().unwrap_or(last);
    shipgate_model::names::words(last)
}

/// `/register` under an account-ish parent (`/api/auth/register`, `/users/register`), not
/// `/domains/register`.
fn account_parent(route: &Route) -> bool {
    if route.path.contains('#') {
        return true;
    }
    let mut segs = route.path.rsplit('/').filter(|s| !s.is_empty());
    segs.next();
    matches!(
        segs.next().unwrap_or(""),
        "" | "api" | "auth" | "user" | "users" | "account" | "accounts" | "v1"
    )
}

/// Sign-in, sign-up, password and one-time-code endpoints: where guessing pays.
fn is_auth_endpoint(route: &Route) -> bool {
    if route.path.contains("[...nextauth]") {
        return true;
    }
    let w = name_words(route);
    let has = |x: &str| w.iter().any(|y| y == x);
    let pair = |a: &str, b: &str| w.windows(2).any(|p| p[0] == a && p[1] == b);
    if pair("sign", "out") || pair("log", "out") || has("logout") || has("signout") {
        return false;
    }
    let joined = w.join("");
    has("login")
        || has("signin")
        || has("signup")
        || pair("sign", "in")
        || pair("sign", "up")
        || pair("log", "in")
        || matches!(
            joined.as_str(),
            "register" | "registration" | "registeruser"
        ) && account_parent(route)
        || has("forgot")
        || has("password") && !has("protection")
        || has("otp")
        || has("totp")
        || has("magic")
        || has("2fa")
        || has("mfa") && (has("verify") || has("challenge"))
}

fn need(route: &Route) -> Option<Need> {
    // Webhooks, cron jobs and signature-verified callers are machines, not visitors.
    if !route.is_mutating()
        || route.guard == Guard::Verified
        || webhook_signal(route).is_some()
        || is_cron_like(route)
    {
        return None;
    }
    // Admin-only endpoints are trusted callers.
    if route.role_check.is_some() || route.path.split('/').any(|s| s == "admin") {
        return None;
    }
    if is_auth_endpoint(route) {
        return Some(Need::Auth);
    }
    let kinds: Vec<EffectKind> = route.facts.effects.iter().map(|e| e.kind).collect();
    if kinds.contains(&EffectKind::Ai) {
        return Some(Need::Ai);
    }
    if kinds.contains(&EffectKind::Email) || kinds.contains(&EffectKind::Sms) {
        return Some(Need::Messaging);
    }
    // Probes: `/health`, `/ready`, `/ping` answer load balancers.
    let last = route.path.rsplit('/').next().unwrap_or_default();
    if matches!(
        last.to_ascii_lowercase().as_str(),
        "health"
            | "healthz"
            | "healthcheck"
            | "ready"
            | "readyz"
            | "live"
            | "livez"
            | "ping"
            | "status"
            | "version"
    ) {
        return None;
    }
    let writes = route.facts.data_ops.iter().any(|d| d.op.is_write());
    (route.guard == Guard::Public && route.framework != Framework::ServerAction && writes)
        .then_some(Need::PublicForm)
}

impl Rule for NoRateLimit {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.routes.is_empty() {
            return Outcome::not_applicable("no HTTP endpoints");
        }
        let mut open: Vec<(Need, &Route)> = Vec::new();
        let mut covered = 0;
        for r in &model.routes {
            let Some(n) = need(r) else {
                continue;
            };
            if r.rate_limited {
                covered += 1;
            } else {
                open.push((n, r));
            }
        }
        open.sort_by_key(|(n, r)| (*n, r.path.clone(), r.method.clone()));
        let mut findings = Vec::new();
        if !model.has_rate_limiter && !open.is_empty() {
            let mut parts = Vec::new();
            for n in [Need::Auth, Need::Ai, Need::Messaging, Need::PublicForm] {
                let mut names: Vec<String> = open
                    .iter()
                    .filter(|(k, _)| *k == n)
                    .map(|(_, r)| r.entity())
                    .collect();
                names.dedup();
                if !names.is_empty() {
                    parts.push(format!("{}: {}", n.title(), list(&names)));
                }
            }
            // Severities sort most severe first.
            let worst = open
                .iter()
                .map(|(n, _)| n.severity())
                .min()
                .unwrap_or(Severity::Medium);
            let mut f = finding(
                &Self::META,
                worst,
                format!(
                    "No rate limiting anywhere in the app; the endpoints that need it most are {}",
                    parts.join("; ")
                ),
                Some(open[0].1.at),
                "repo".into(),
                "Add a rate limiter (e.g. `@upstash/ratelimit`) keyed by IP for anonymous endpoints and by user for signed-in ones, starting with sign-in and AI endpoints; return 429 when it refuses.".into(),
            );
            for (_, r) in open.iter().skip(1).take(5) {
                f.related
                    .push(related(r.at, format!("`{}` has no limit", r.entity())));
            }
            findings.push(f);
        } else {
            for n in [Need::Auth, Need::Ai, Need::Messaging, Need::PublicForm] {
                let routes: Vec<&Route> = open
                    .iter()
                    .filter(|(k, _)| *k == n)
                    .map(|(_, r)| *r)
                    .collect();
                let Some(first) = routes.first() else {
                    continue;
                };
                let mut names: Vec<String> = routes.iter().map(|r| r.entity()).collect();
                names.dedup();
                let mut f = finding(
                    &Self::META,
                    n.severity(),
                    format!(
                        "The app has a rate limiter, but these {} do not use it: {}",
                        n.title(),
                        list(&names)
                    ),
                    Some(first.at),
                    format!("{} without limit", n.title()),
                    "Apply the limiter the app already has to these endpoints (keyed by IP before sign-in, by user after), and return 429 when it refuses.".into(),
                );
                for r in routes.iter().skip(1).take(4) {
                    f.related
                        .push(related(r.at, format!("`{}` has no limit", r.entity())));
                }
                findings.push(f);
            }
        }
        Outcome::from_findings(
            findings,
            if covered > 0 {
                format!("{covered} sign-in/AI/e-mail/public endpoint(s), all rate limited")
            } else {
                "no sign-in, AI, e-mail or public form endpoints".to_string()
            },
        )
    }
}

/// Up to eight names in backticks, then how many more.
fn list(names: &[String]) -> String {
    let shown = backticked(&names[..names.len().min(8)]);
    if names.len() > 8 {
        format!("{shown} and {} more", names.len() - 8)
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoRateLimit::META.id);
    }
}
