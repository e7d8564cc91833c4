//! Project functions whose names say they keep tenants apart (`enforceTenantIsolation`,
//! `requireOrgMember`, `withWorkspace`): the helpers tenancy/guard-defined-not-applied
//! expects data routes to call.

use super::project::{Project, Symbol, is_test_path};
use crate::js::facts::ExportFact;
use shipgate_model::{FileId, Loc, TenantGuard};
use std::collections::HashSet;

use shipgate_model::names::words;

const TENANT_WORDS: &[&str] = &[
    "tenant",
    "tenants",
    "org",
    "orgs",
    "organization",
    "organizations",
    "organisation",
    "organisations",
    "workspace",
    "workspaces",
    "team",
    "teams",
];

/// Verbs a guard's name starts with.
const GUARD_VERBS: &[&str] = &[
    "enforce",
    "validate",
    "verify",
    "assert",
    "require",
    "check",
    "ensure",
    "guard",
    "authorize",
    "authorise",
    "protect",
    "with",
    "can",
    "has",
    "is",
];

/// Words that make a tenant name a guard wherever they appear (`tenantIsolation`,
/// `orgGuard`).
const STRONG_WORDS: &[&str] = &["isolation", "isolate", "guard"];

/// Words that make a tenant name a guard after a guard verb (`validateTenantAccess`,
/// `isTeamMember`), but not elsewhere (`syncOrgRulesForNewMember`).
const ACCESS_WORDS: &[&str] = &[
    "access",
    "member",
    "membership",
    "permission",
    "permissions",
];

/// Whether a function name says it keeps tenants apart.
pub fn is_tenant_guard_name(name: &str) -> bool {
    let w = words(name);
    let Some(first) = w.first() else {
        return false;
    };
    // Components (`OrgMemberDialog`), classes and React hooks (`useOrgAccess`) are not
    // route guards.
    if name.starts_with(|c: char| c.is_ascii_uppercase()) || first == "use" {
        return false;
    }
    let tenant = w.iter().any(|x| TENANT_WORDS.contains(&x.as_str()));
    let has = |list: &[&str]| w.iter().any(|x| list.contains(&x.as_str()));
    // `isTeamPaused`, `hasOrgPlan`, `isSameOrganization` ask other questions: a question
    // is a guard only when it asks about access or membership.
    let question = matches!(first.as_str(), "is" | "has" | "can");
    // A bare verb counts only with a name about nothing but the tenant (`withWorkspace`,
    // `requireOrg`, `enforceCurrentTenant`): `assertOrgRateLimits` checks something else.
    let only_tenant = w[1..].iter().all(|x| {
        TENANT_WORDS.contains(&x.as_str())
            || matches!(
                x.as_str(),
                "id" | "user" | "current" | "context" | "ctx" | "scope"
            )
    });
    let verb = GUARD_VERBS.contains(&first.as_str());
    let guard =
        has(STRONG_WORDS) || (verb && has(ACCESS_WORDS)) || (verb && !question && only_tenant);
    let getter = matches!(
        first.as_str(),
        "get" | "fetch" | "load" | "list" | "create" | "update" | "delete" | "set" | "find"
    );
    tenant && guard && !getter
}

fn exported(facts: &crate::js::facts::JsFacts, name: &str) -> bool {
    facts.exports.iter().any(|e| match e {
        ExportFact::Local { local, .. } => local == name,
        _ => false,
    })
}

/// The exported tenant guards of the project, outside tests and outside packages that
/// serve no route, and whether global middleware calls each.
pub fn collect(
    project: &Project,
    middleware_files: &[FileId],
    route_files: &[FileId],
) -> Vec<TenantGuard> {
    // A guard in a package that serves no route (a seed script, a CLI) guards nothing.
    let package = |f: FileId| project.package_of(project.path(f)).map(|p| p.dir.clone());
    let served: HashSet<Option<String>> = route_files.iter().map(|&f| package(f)).collect();
    // Files of other packages that the served packages import (shared libraries), found
    // only when a guard candidate lives outside them.
    let mut imported: Option<HashSet<FileId>> = None;
    let mut imported_by_served = |file: FileId| {
        imported
            .get_or_insert_with(|| {
                project
                    .js_files()
                    .filter(|(f, _)| served.contains(&package(*f)))
                    .flat_map(|(f, facts)| {
                        facts
                            .imports
                            .iter()
                            .filter_map(move |i| project.resolve_import(f, &i.source))
                    })
                    .collect()
            })
            .contains(&file)
    };
    let mut out = Vec::new();
    for (file, facts) in project.js_files() {
        if is_test_path(project.path(file)) {
            continue;
        }
        for f in &facts.functions {
            let Some(name) = f.name.as_deref() else {
                continue;
            };
            if !f.top_level || !is_tenant_guard_name(name) || !exported(facts, name) {
                continue;
            }
            if !served.contains(&package(file)) && !imported_by_served(file) {
                continue;
            }
            let in_middleware = middleware_files.iter().any(|&m| {
                project.facts(m).is_some_and(|mf| {
                    mf.calls.iter().any(|c| {
                        matches!(project.resolve_callee(m, &c.callee),
                            Some(Symbol::Function(ff, s)) if ff == file && s == f.span)
                    })
                })
            });
            out.push(TenantGuard {
                name: name.to_string(),
                at: Loc::new(file, f.span),
                in_middleware,
            });
        }
    }
    out.sort_by(|a, b| (a.at, &a.name).cmp(&(b.at, &b.name)));
    out
}

#[cfg(test)]
mod tests {
    use super::is_tenant_guard_name;

    #[test]
    fn guard_names() {
        for yes in [
            "enforceTenantIsolation",
            "validateTenantAccess",
            "requireOrgMember",
            "withWorkspace",
            "assert_team_access",
            "checkOrganizationPermissions",
            "tenantGuard",
            "isTeamMember",
            "canAccessWorkspace",
            "requireCurrentOrg",
            "withTeam",
        ] {
            assert!(is_tenant_guard_name(yes), "{yes}");
        }
        for no in [
            "getUserTenantId",
            "createOrganization",
            "forgotPassword",
            "withAuth",
            "listTeams",
            "teamName",
            "storageAccess",
            "isTeamPaused",
            "isSameOrganization",
            "assertOrganisationRatesAndLimits",
            "assertRuleIsNotOrgManaged",
            "useOrgAccess",
            "syncOrganizationRulesForNewMember",
            "AdminOrganisationMemberDeleteDialog",
        ] {
            assert!(!is_tenant_guard_name(no), "{no}");
        }
    }
}
