//! Small helpers shared by rules: finding construction and wording.

use shipgate_model::{
    AppModel, Confidence, Finding, Guard, Loc, Related, Route, RuleMeta, Severity,
};

pub fn finding(
    meta: &RuleMeta,
    severity: Severity,
    message: String,
    at: Option<Loc>,
    entity: String,
    fix: String,
) -> Finding {
    Finding {
        rule: meta.id,
        severity,
        message,
        at,
        related: Vec::new(),
        route: None,
        entity,
        fix,
        confidence: Confidence::Proven,
        unresolved: Vec::new(),
    }
}

/// A finding about a route: entity and `route` set from it.
pub fn route_finding(
    meta: &RuleMeta,
    severity: Severity,
    route: &Route,
    message: String,
    at: Loc,
    fix: String,
) -> Finding {
    Finding {
        rule: meta.id,
        severity,
        message,
        at: Some(at),
        related: Vec::new(),
        route: Some(route.entity()),
        entity: route.entity(),
        fix,
        confidence: Confidence::Proven,
        unresolved: Vec::new(),
    }
}

/// A finding that rests on who guards `route` (nothing checks the caller, only middleware
/// does, ...): as sure as that decision is.
pub fn guard_finding(
    meta: &RuleMeta,
    severity: Severity,
    route: &Route,
    message: String,
    at: Loc,
    fix: String,
) -> Finding {
    route_finding(meta, severity, route, message, at, fix)
        .resting_on(route.confidence, &route.unresolved)
}

pub fn related(at: Loc, message: impl Into<String>) -> Related {
    Related {
        at,
        message: message.into(),
    }
}

pub use shipgate_model::names::{is_identity_column, is_tenant_column};

pub fn line_of(model: &AppModel, at: Loc) -> u32 {
    model.file(at.file).line_col(at.span.start).0
}

/// Signed-in routes without an admin check: where one member could reach another
/// tenant's rows. Admin-only wrappers (`withAdmin`) check a role shipgate may not see
/// inside, so they count as an admin check.
pub fn member_route(route: &Route) -> bool {
    let admin_wrapper = route.auth_idiom.as_deref().is_some_and(|i| {
        let i = i.to_ascii_lowercase();
        i.contains("admin") || i.contains("staff") || i.contains("superuser")
    });
    matches!(route.guard, Guard::InRoute | Guard::Middleware)
        && route.role_check.is_none()
        && route.intended_public.is_none()
        && !admin_wrapper
}

/// Tables holding users, profiles or memberships, where privileged fields live.
pub fn is_user_table(table: &str) -> bool {
    let t = table.to_ascii_lowercase();
    let t = t.rsplit('.').next().unwrap_or(&t);
    matches!(
        t,
        "profiles"
            | "profile"
            | "users"
            | "user"
            | "user_profiles"
            | "userprofile"
            | "members"
            | "member"
            | "memberships"
            | "membership"
            | "team_members"
            | "teammember"
            | "organization_members"
            | "org_members"
            | "workspace_members"
            | "accounts"
            | "account"
            | "user_roles"
            | "staff"
            | "employees"
    )
}

/// Fields that grant privileges when a user can set them on their own record.
pub fn is_privileged_field(field: &str) -> bool {
    let f = field.to_ascii_lowercase().replace('_', "");
    matches!(
        f.as_str(),
        "role"
            | "roles"
            | "isadmin"
            | "admin"
            | "issuperadmin"
            | "superadmin"
            | "permissions"
            | "plan"
            | "tier"
            | "armaccess"
            | "credits"
            | "isverified"
            | "verified"
            | "emailverified"
            | "isstaff"
            | "accesslevel"
            | "subscriptionstatus"
            | "stripecustomerid"
            | "banned"
            | "isbanned"
            | "orgrole"
            | "usertype"
    )
}

pub fn backticked(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The source text at a location on one line, shortened to `max` characters.
pub fn excerpt(model: &AppModel, at: Loc, max: usize) -> String {
    let text = &model.file(at.file).text;
    let (start, end) = (at.span.start as usize, at.span.end as usize);
    let raw = text.get(start..end.min(text.len())).unwrap_or("");
    let one_line: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > max {
        let cut: String = one_line.chars().take(max).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// How bad a request value reaching a dangerous call is, by where it comes from: the
/// rule's own severity for raw request input, `medium` with a question for a reviewer
/// when a schema checked it first or the sender is verified (a webhook); `None` for
/// anything else. `review_validated` and `review_verified` are those questions. Returns
/// the severity, "from the request body"-style words, and the question.
pub fn request_value_severity(
    top: Severity,
    route: &Route,
    origin: &shipgate_model::ValueOrigin,
    review_validated: &str,
    review_verified: &str,
) -> Option<(Severity, String, Option<String>)> {
    use shipgate_model::{Guard, ValueOrigin};
    match origin {
        ValueOrigin::Request { source, .. } if route.guard != Guard::Verified => {
            Some((top, format!("from the request {}", source.as_str()), None))
        }
        ValueOrigin::Request { source, .. } => Some((
            Severity::Medium,
            format!(
                "from the {} of a request whose sender is verified",
                source.as_str()
            ),
            Some(review_verified.to_string()),
        )),
        ValueOrigin::Validated { source, .. } => Some((
            Severity::Medium,
            format!("from the request {} after a schema check", source.as_str()),
            Some(review_validated.to_string()),
        )),
        _ => None,
    }
}

/// Keeps one finding per place: the most severe one any route gives it.
pub fn keep_worst(worst: &mut std::collections::BTreeMap<Loc, Finding>, at: Loc, f: Finding) {
    match worst.get(&at) {
        Some(prev) if prev.severity <= f.severity => {}
        _ => {
            worst.insert(at, f);
        }
    }
}
