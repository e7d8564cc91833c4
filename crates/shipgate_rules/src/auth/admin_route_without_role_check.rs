//! auth/admin-route-without-role-check: admin endpoints and pages that check a session
//! but not a role.

use crate::util::{finding, guard_finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Guard, Loc, Route, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Routes and pages under an admin path (`/admin`, `/api/admin/...`, `admin-*`,
    /// `/backoffice`, a tRPC `admin.*` router) that require a session but never test a
    /// role or permission: no `role`/`isAdmin`/`permissions` check that rejects, in the
    /// handler, the helpers and wrappers it calls, or global middleware. A wrapper or
    /// helper named for the role (`withAdmin`, `requireAdmin`, `adminProcedure`) counts
    /// as a check. Pages are reported only when they (or their layouts) read the
    /// database on the server. Routes open to anyone are `auth/unprotected-route`'s.
    ///
    /// ## Why it matters
    /// "Signed in" is not "admin". Any user who creates a free account can call the
    /// endpoint or open the page: list every customer, change plans, delete accounts.
    ///
    /// ## How to fix
    /// Check the role on the server in every admin handler or in one helper they all
    /// call (`requireAdmin()`), and return 403 to everyone else; keep roles in a table
    /// or in app metadata users cannot write.
    ///
    /// ## Example
    /// ```ts
    /// export async function GET() {
    ///   const user = await requireUser();          // signed in...
    ///   if (user.app_metadata.role !== "admin") {  // ...and an admin
    ///     return NextResponse.json({ error: "Forbidden" }, { status: 403 });
    ///   }
    ///   return NextResponse.json(await listAllUsers());
    /// }
    /// ```
    pub struct AdminRouteWithoutRoleCheck {
        id: "auth/admin-route-without-role-check",
        category: Auth,
        severity: High,
        effort: Small,
        summary: "admin routes and pages that check a session but no role",
        problem: "any signed-in user can use admin functions",
    }
}

/// Whether a path names an admin area: `/admin`, `/api/admin/users`, `admin.users`.
pub fn is_admin_path(path: &str) -> bool {
    // A server action (`action:lib/stripe/admin.ts#checkout`) is in an admin area when its
    // module sits in one: a file named `admin.ts` in `lib/` is a module of admin-client
    // helpers, not a page of the back office.
    let path = match path.strip_prefix("action:") {
        Some(module) => module.rsplit_once('/').map_or("", |(dir, _)| dir),
        None => path,
    };
    path.split(['/', '.', '#'])
        .map(|s| s.to_ascii_lowercase())
        .any(|s| {
            s == "admin"
                || s == "superadmin"
                || s == "backoffice"
                || s.starts_with("admin-")
                || s.starts_with("admin_")
                || s.ends_with("-admin")
        })
}

/// A wrapper or helper whose name says it checks the role: `requireAdmin`, `withRole`,
/// `adminProcedure`, `isAdmin`; not one that merely builds an admin client
/// (`getSupabaseAdmin`).
pub fn is_role_helper(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    let about_role = ["admin", "role", "permission", "staff", "superuser"]
        .iter()
        .any(|w| l.contains(w));
    let checks = [
        "require",
        "assert",
        "ensure",
        "check",
        "is",
        "has",
        "with",
        "verify",
        "only",
        "protect",
        "guard",
        "authorize",
        "can",
    ]
    .iter()
    .any(|p| l.starts_with(p))
        || ["procedure", "guard", "middleware", "only", "action"]
            .iter()
            .any(|s| l.ends_with(s));
    about_role && checks
}

fn role_helper(route: &Route) -> Option<&str> {
    route
        .facts
        .helpers
        .iter()
        .find(|h| is_role_helper(h))
        .map(String::as_str)
}

fn middleware_role(model: &AppModel) -> Option<Loc> {
    model.middleware.iter().find_map(|m| m.role_check)
}

impl Rule for AdminRouteWithoutRoleCheck {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let routes: Vec<&Route> = model
            .routes
            .iter()
            .filter(|r| is_admin_path(&r.path))
            .collect();
        let pages: Vec<_> = model
            .pages
            .iter()
            .filter(|p| is_admin_path(&p.path))
            .collect();
        if routes.is_empty() && pages.is_empty() {
            return Outcome::not_applicable("no admin routes or pages");
        }
        let mw_role = middleware_role(model);
        let mut findings = Vec::new();
        for r in &routes {
            let signed_in = matches!(r.guard, Guard::InRoute | Guard::Middleware);
            if !signed_in || r.intended_public.is_some() || r.role_check.is_some() {
                continue;
            }
            if role_helper(r).is_some() || (r.middleware_matches && mw_role.is_some()) {
                continue;
            }
            let mut f = guard_finding(
                &Self::META,
                Self::META.severity,
                r,
                format!(
                    "`{}` requires a session but checks no role: any signed-in user can call this admin endpoint",
                    r.entity()
                ),
                r.at,
                "Check the caller's role on the server (`if (user.role !== \"admin\") return 403`), in the handler or one `requireAdmin()` helper every admin route calls.".to_string(),
            );
            if let Some(g) = r.guard_at {
                f.related.push(related(g, "the session check"));
            }
            findings.push(f);
        }
        for p in &pages {
            if p.role_check.is_some() || mw_role.is_some() {
                continue;
            }
            let Some(op) = p.data_ops.first() else {
                continue;
            };
            let table = op
                .table
                .as_deref()
                .map(|t| format!("`{t}`"))
                .unwrap_or_else(|| "the database".to_string());
            let mut f = finding(
                &Self::META,
                Self::META.severity,
                format!(
                    "Admin page `{}` reads {table} on the server and checks no role, in the page or its layouts: any user who reaches it sees the data",
                    p.path
                ),
                Some(Loc::new(p.file, Default::default())),
                format!("page {}", p.path),
                "Check the role in the admin layout (`if (profile.role !== \"admin\") notFound()`) so every admin page inherits it.".to_string(),
            );
            f.related.push(related(op.at, "the read"));
            findings.push(f);
        }
        Outcome::from_findings(
            findings,
            format!(
                "{} admin route(s) and {} admin page(s) check a role",
                routes.len(),
                pages.len()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{is_admin_path, is_role_helper};

    #[test]
    fn role_helpers() {
        assert!(is_role_helper("requireAdmin"));
        assert!(is_role_helper("adminProcedure"));
        assert!(is_role_helper("withRole"));
        assert!(is_role_helper("isAdmin"));
        assert!(!is_role_helper("getSupabaseAdmin"));
        assert!(!is_role_helper("createAdminClient"));
        assert!(!is_role_helper("requireUser"));
    }

    #[test]
    fn admin_paths() {
        assert!(is_admin_path("/api/admin/users"));
        assert!(is_admin_path("/admin"));
        assert!(is_admin_path("action:app/admin/users/actions.ts#ban"));
        assert!(!is_admin_path(
            "action:utils/stripe/admin.ts#checkoutWithStripe"
        ));
        assert!(is_admin_path("admin.listUsers"));
        assert!(is_admin_path("/super-admin/plans"));
        assert!(!is_admin_path("/api/administrators-guide"));
        assert!(!is_admin_path("/api/users"));
    }

    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::AdminRouteWithoutRoleCheck::META.id);
    }
}
