//! auth/unverified-session: server-side sign-in checks that trust a session cookie
//! nobody verified (Supabase `auth.getSession()`).

use crate::util::{finding, guard_finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Guard, Route, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Server code that decides who the caller is from Supabase `auth.getSession()`
    /// alone: a route handler, server action or helper whose sign-in (or role) check
    /// rests on it, and global middleware whose redirect to sign-in does. It counts only
    /// when no `getUser()` or `getClaims()` runs on the way and the session's access
    /// token is not handed on to something that verifies it.
    ///
    /// Severity follows what a forged session reaches: `high` when the route acts with
    /// more than the caller's own token (the service role, Prisma or another client that
    /// skips row level security, a role check, e-mail, AI or payment calls), or when the
    /// middleware is the only guard of such routes; `medium` otherwise, because queries
    /// through the user's own Supabase client are checked again by the database.
    ///
    /// ## Why it matters
    /// `getSession()` decodes whatever the cookie holds without checking the token's
    /// signature or asking the auth server, and Supabase's documentation says never to
    /// trust it in server code: anyone can write a cookie that claims to be another
    /// user, or an admin, and the check lets them in.
    ///
    /// ## How to fix
    /// Call `supabase.auth.getUser()` (asks the auth server) or `supabase.auth.getClaims()`
    /// (verifies the JWT signature) in server code, and take the user id and roles from
    /// its result.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// const { data: { session } } = await supabase.auth.getSession();
    /// if (!session?.user.app_metadata.staff) return new Response("no", { status: 403 });
    /// // fixed
    /// const { data: { user } } = await supabase.auth.getUser();
    /// if (!user?.app_metadata.staff) return new Response("no", { status: 403 });
    /// ```
    pub struct UnverifiedSession {
        id: "auth/unverified-session",
        category: Auth,
        severity: High,
        effort: Small,
        summary: "A server-side sign-in check that trusts an unverified session cookie (getSession)",
        problem: "the sign-in check trusts a cookie it never verifies",
    }
}

/// What the route does beyond what the caller's own token lets the database allow, in
/// words, if anything.
fn acts_beyond_token(route: &Route) -> Option<String> {
    let f = &route.facts;
    if route.role_check.is_some() {
        return Some("its role check reads the same unverified claims".into());
    }
    if let Some(u) = f.service_role_uses.first() {
        return Some(format!("it then acts with the service role ({})", u.via));
    }
    if f.data_ops.iter().any(|d| d.client.bypasses_rls()) {
        return Some("it then queries with a client that skips row level security".into());
    }
    if let Some(e) = f.effects.first() {
        return Some(format!(
            "it then makes a {} (`{}`)",
            e.kind.as_str(),
            e.callee
        ));
    }
    None
}

impl Rule for UnverifiedSession {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let checked = model
            .routes
            .iter()
            .filter(|r| r.guard == Guard::InRoute)
            .count();
        let enforcing = model.middleware.iter().filter(|m| m.enforces).count();
        if checked + enforcing == 0 {
            return Outcome::not_applicable("no route or middleware checks a session");
        }
        let mut findings = Vec::new();
        for route in model.routes.iter().filter(|r| r.guard == Guard::InRoute) {
            let Some(read) = route.unverified_session else {
                continue;
            };
            let (severity, reach) = match acts_beyond_token(route) {
                Some(what) => (Severity::High, format!("; {what}")),
                None => (
                    Severity::Medium,
                    "; its queries go through the caller's own client, which the database checks again, so the forged session gets no further than the handler's own logic".to_string(),
                ),
            };
            let mut f = guard_finding(
                &Self::META,
                severity,
                route,
                format!(
                    "`{}` decides who the caller is from `supabase.auth.getSession()` ({}), which decodes the cookie without verifying it: a hand-written cookie passes as any user{reach}",
                    route.entity(),
                    model.describe(read)
                ),
                read,
                "Use `supabase.auth.getUser()` or `supabase.auth.getClaims()` for the check and take the user id and roles from its result.".to_string(),
            );
            if route.guard_at.is_some_and(|g| g != read) {
                f.related.push(related(
                    route.guard_at.unwrap_or(read),
                    "the check that trusts it",
                ));
            }
            findings.push(f);
        }
        for mw in model.middleware.iter().filter(|m| m.enforces) {
            let Some(read) = mw.unverified_session else {
                continue;
            };
            // Routes with no check of their own rely on this middleware alone.
            let reliant: Vec<&Route> = if model.middleware.len() == 1 {
                model
                    .routes
                    .iter()
                    .filter(|r| r.guard == Guard::Middleware && acts_beyond_token(r).is_some())
                    .collect()
            } else {
                Vec::new()
            };
            let (severity, reach) = match reliant.first() {
                Some(r) => (
                    Severity::High,
                    format!(
                        "; {} route(s) have no check of their own and act beyond the caller's token, such as `{}`",
                        reliant.len(),
                        r.entity()
                    ),
                ),
                None => (
                    Severity::Medium,
                    "; pages behind it open to a forged cookie, though their queries through the user's own client are checked again by the database".to_string(),
                ),
            };
            let mut f = finding(
                &Self::META,
                severity,
                format!(
                    "The middleware's sign-in check trusts `supabase.auth.getSession()` ({}), which decodes the cookie without verifying it: a hand-written cookie gets past it{reach}",
                    model.describe(read)
                ),
                Some(read),
                format!("middleware {}", model.path(mw.at.file)),
                "Call `supabase.auth.getUser()` (or `getClaims()`) in the middleware and redirect when it returns no user.".to_string(),
            );
            for r in reliant.iter().take(3) {
                f.related.push(related(
                    r.at,
                    format!("`{}` relies on the middleware alone", r.entity()),
                ));
            }
            findings.push(f);
        }
        Outcome::from_findings(
            findings,
            format!(
                "{checked} route check(s) and {enforcing} middleware verify the session (getUser, getClaims or a verified token)"
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::UnverifiedSession::META.id);
    }
}
