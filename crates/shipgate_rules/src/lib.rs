//! The rule catalogue. Each rule lives in its own file with its metadata, its docs (What
//! it checks / Why it matters / How to fix / Example), its check and its tests. Rules read
//! the [`AppModel`] only, never parser types, and run independently (in parallel).

pub mod api;
pub mod auth;
pub mod billing;
pub mod config;
pub mod db;
pub mod delivery;
pub mod docs;
pub mod hygiene;
pub mod integrations;
pub mod lifecycle;
pub mod oauth;
pub mod ops;
pub mod secrets;
pub mod storage;
pub mod tenancy;
pub mod util;
pub mod ux;
pub mod webhook;

#[cfg(test)]
pub mod testing;

use rayon::prelude::*;
use shipgate_model::{AppModel, CheckStatus, Confidence, Finding, RuleMeta, RuleSetting, Severity};

/// What one rule concluded about the whole app.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: CheckStatus,
    pub findings: Vec<Finding>,
    /// Why it passed or did not apply (shown in the report's checks).
    pub evidence: Option<String>,
}

impl Outcome {
    pub fn not_applicable(why: impl Into<String>) -> Self {
        Self {
            status: CheckStatus::NotApplicable,
            findings: Vec::new(),
            evidence: Some(why.into()),
        }
    }

    /// Pass when there are no findings, fail otherwise.
    pub fn from_findings(findings: Vec<Finding>, pass_evidence: impl Into<String>) -> Self {
        if findings.is_empty() {
            Self {
                status: CheckStatus::Pass,
                findings,
                evidence: Some(pass_evidence.into()),
            }
        } else {
            Self {
                status: CheckStatus::Fail,
                findings,
                evidence: None,
            }
        }
    }
}

pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, model: &AppModel) -> Outcome;
}

/// Declares a rule type and its static metadata. The doc comment is the rule's
/// documentation and must hold the four sections (checked by a test).
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            id: $id:literal,
            category: $cat:ident,
            severity: $sev:ident,
            effort: $effort:ident,
            summary: $summary:literal,
            problem: $problem:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: shipgate_model::RuleMeta = shipgate_model::RuleMeta {
                id: $id,
                category: shipgate_model::Category::$cat,
                severity: shipgate_model::Severity::$sev,
                effort: shipgate_model::Effort::$effort,
                summary: $summary,
                problem: $problem,
                docs: concat!($($doc, "\n"),*),
            };
        }
    };
}

/// Rules whose findings are security weaknesses (an outsider, another tenant or a signed-in
/// user can do something they should not), as opposed to reliability, hygiene, product
/// and delivery findings. SARIF tags only these `security`, so code scanning does not
/// list a missing robots.txt as a security alert.
const SECURITY_RULES: &[&str] = &[
    "api/cors-wildcard-credentials",
    "api/error-detail-leak",
    "api/mock-in-production",
    "api/no-rate-limit",
    "api/sql-injection",
    "api/ssrf",
    "api/unsafe-html",
    "auth/admin-route-without-role-check",
    "auth/client-supplied-identity",
    "auth/demo-credentials",
    "auth/email-verification-disabled",
    "auth/fail-open-secret",
    "auth/middleware-only",
    "auth/privilege-escalation",
    "auth/unguarded-expensive-endpoint",
    "auth/unprotected-route",
    "auth/unverified-session",
    "billing/client-set-price",
    "config/csp-unsafe",
    "config/env-file-committed",
    "config/public-secret",
    "config/security-headers-missing",
    "db/definer-function-exposed",
    "db/grants-to-anon",
    "db/permissive-policy",
    "db/policy-exposes-secrets",
    "db/rls-disabled",
    "db/rls-incomplete-policies",
    "db/security-definer-search-path",
    "db/storage-bucket-public",
    "db/storage-objects-no-policy",
    "integrations/global-env-token",
    "oauth/global-token-storage",
    "oauth/missing-state",
    "secrets/hardcoded",
    "storage/path-traversal",
    "tenancy/best-effort-scoping",
    "tenancy/guard-defined-not-applied",
    "tenancy/service-role-in-request-path",
    "tenancy/unscoped-query",
    "webhook/timing-unsafe-compare",
    "webhook/unverified-signature",
];

/// Whether findings of rule `id` are security weaknesses (see [`SECURITY_RULES`]).
pub fn is_security(id: &str) -> bool {
    SECURITY_RULES.binary_search(&id).is_ok()
}

/// Every rule, sorted by id.
pub static RULES: &[&dyn Rule] = &[
    &api::cors_wildcard_credentials::CorsWildcardCredentials,
    &api::error_detail_leak::ErrorDetailLeak,
    &api::mock_in_production::MockInProduction,
    &api::no_input_validation::NoInputValidation,
    &api::no_rate_limit::NoRateLimit,
    &api::no_request_id::NoRequestId,
    &api::outbound_fetch_no_timeout::OutboundFetchNoTimeout,
    &api::sql_injection::SqlInjection,
    &api::ssrf::Ssrf,
    &api::unhandled_errors::UnhandledErrors,
    &api::unsafe_html::UnsafeHtml,
    &auth::admin_route_without_role_check::AdminRouteWithoutRoleCheck,
    &auth::client_supplied_identity::ClientSuppliedIdentity,
    &auth::demo_credentials::DemoCredentials,
    &auth::email_verification_disabled::EmailVerificationDisabled,
    &auth::fail_open_secret::FailOpenSecret,
    &auth::inconsistent_patterns::InconsistentPatterns,
    &auth::middleware_only::MiddlewareOnly,
    &auth::privilege_escalation::PrivilegeEscalation,
    &auth::unguarded_expensive_endpoint::UnguardedExpensiveEndpoint,
    &auth::unprotected_route::UnprotectedRoute,
    &auth::unverified_session::UnverifiedSession,
    &billing::client_set_price::ClientSetPrice,
    &billing::no_idempotency_key::NoIdempotencyKey,
    &billing::unhandled_stripe_events::UnhandledStripeEvents,
    &config::csp_unsafe::CspUnsafe,
    &config::env_file_committed::EnvFileCommitted,
    &config::env_undocumented::EnvUndocumented,
    &config::env_validation_missing::EnvValidationMissing,
    &config::env_validation_not_called::EnvValidationNotCalled,
    &config::public_secret::PublicSecret,
    &config::security_headers_missing::SecurityHeadersMissing,
    &db::definer_function_exposed::DefinerFunctionExposed,
    &db::grants_to_anon::GrantsToAnon,
    &db::missing_fk_index::MissingFkIndex,
    &db::no_audit_log::NoAuditLog,
    &db::no_migrations::NoMigrations,
    &db::permissive_policy::PermissivePolicy,
    &db::policy_exposes_secrets::PolicyExposesSecrets,
    &db::policy_recursion::PolicyRecursion,
    &db::rls_disabled::RlsDisabled,
    &db::rls_enabled_no_policy::RlsEnabledNoPolicy,
    &db::rls_incomplete_policies::RlsIncompletePolicies,
    &db::schema_drift_column::SchemaDriftColumn,
    &db::schema_drift_table::SchemaDriftTable,
    &db::security_definer_search_path::SecurityDefinerSearchPath,
    &db::storage_bucket_public::StorageBucketPublic,
    &db::storage_objects_no_policy::StorageObjectsNoPolicy,
    &delivery::no_ci::NoCi,
    &delivery::no_dependency_updates::NoDependencyUpdates,
    &delivery::no_lockfile::NoLockfile,
    &delivery::no_tenant_isolation_tests::NoTenantIsolationTests,
    &delivery::no_tests::NoTests,
    &docs::drift::Drift,
    &hygiene::todo::Todo,
    &hygiene::type_escape::TypeEscape,
    &integrations::global_env_token::GlobalEnvToken,
    &lifecycle::no_account_deletion::NoAccountDeletion,
    &lifecycle::orphaned_storage::OrphanedStorage,
    &oauth::global_token_storage::GlobalTokenStorage,
    &oauth::missing_state::MissingState,
    &oauth::token_unencrypted::TokenUnencrypted,
    &ops::console_logging::ConsoleLogging,
    &ops::dockerfile::Dockerfile,
    &ops::no_backup_plan::NoBackupPlan,
    &ops::no_error_boundary::NoErrorBoundary,
    &ops::no_error_tracking::NoErrorTracking,
    &ops::no_health_endpoint::NoHealthEndpoint,
    &ops::shallow_health_check::ShallowHealthCheck,
    &secrets::hardcoded::Hardcoded,
    &storage::path_traversal::PathTraversal,
    &storage::proxied_large_upload::ProxiedLargeUpload,
    &tenancy::best_effort_scoping::BestEffortScoping,
    &tenancy::guard_defined_not_applied::GuardDefinedNotApplied,
    &tenancy::no_tenant_model::NoTenantModel,
    &tenancy::service_role_in_request_path::ServiceRoleInRequestPath,
    &tenancy::unscoped_query::UnscopedQuery,
    &ux::dead_control::DeadControl,
    &ux::fetch_to_missing_route::FetchToMissingRoute,
    &ux::img_missing_alt::ImgMissingAlt,
    &ux::link_to_missing_page::LinkToMissingPage,
    &ux::missing_legal_pages::MissingLegalPages,
    &ux::no_seo_files::NoSeoFiles,
    &webhook::no_idempotency::NoIdempotency,
    &webhook::timing_unsafe_compare::TimingUnsafeCompare,
    &webhook::unverified_signature::UnverifiedSignature,
];

pub fn find(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().id == id)
}

/// Critical and high need proof: a finding whose path shipgate could not follow all the
/// way is reported at medium, says it needs review, and names what it could not follow.
pub fn cap_unproven(f: &mut Finding) {
    if f.severity > Severity::High || f.confidence == Confidence::Proven {
        return;
    }
    f.severity = Severity::Medium;
    let what = if f.unresolved.is_empty() {
        "part of the path".to_string()
    } else {
        f.unresolved
            .iter()
            // A bare name is code; a phrase brings its own code marks.
            .map(|u| {
                if u.contains('`') {
                    u.clone()
                } else {
                    format!("`{u}`")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    f.message.push_str(&format!(
        " (needs review: shipgate could not follow {what}, so this is not proven)"
    ));
}

/// A rule's result after configuration is applied.
#[derive(Debug, Clone)]
pub struct RuleResult {
    pub meta: &'static RuleMeta,
    pub outcome: Outcome,
    /// Set when `[rules]` turned the rule off.
    pub disabled: bool,
}

/// Runs every rule over the model, in parallel, honouring `[rules]` in the config.
pub fn run(model: &AppModel) -> Vec<RuleResult> {
    let mut results: Vec<RuleResult> = RULES
        .par_iter()
        .map(|rule| {
            let meta = rule.meta();
            match model.config.rule_setting(meta.id, meta.category.id()) {
                Some(RuleSetting::Off) => RuleResult {
                    meta,
                    outcome: Outcome::not_applicable("turned off in shipgate.toml"),
                    disabled: true,
                },
                setting => {
                    let start = std::time::Instant::now();
                    let mut outcome = rule.check(model);
                    // SHIPGATE_TIMINGS=1: rules that take long enough to matter.
                    let took = start.elapsed();
                    if took.as_millis() >= 5 && std::env::var_os("SHIPGATE_TIMINGS").is_some() {
                        eprintln!("  rule {}: {took:?}", meta.id);
                    }
                    if let Some(RuleSetting::Severity(sev)) = setting {
                        for f in &mut outcome.findings {
                            f.severity = *sev;
                        }
                    }
                    // `[[overrides]]`: settings for findings in some paths.
                    if !model.config.overrides.is_empty() {
                        outcome.findings.retain_mut(|f| {
                            let Some(at) = f.at else { return true };
                            match model.config.rule_setting_at(
                                meta.id,
                                meta.category.id(),
                                model.path(at.file),
                            ) {
                                Some(RuleSetting::Off) => false,
                                Some(RuleSetting::Severity(sev)) => {
                                    f.severity = *sev;
                                    true
                                }
                                None => true,
                            }
                        });
                        if outcome.findings.is_empty() && outcome.status == CheckStatus::Fail {
                            outcome = Outcome::from_findings(
                                Vec::new(),
                                "every finding was turned off for its path in shipgate.toml",
                            );
                        }
                    }
                    for f in &mut outcome.findings {
                        cap_unproven(f);
                    }
                    RuleResult {
                        meta,
                        outcome,
                        disabled: false,
                    }
                }
            }
        })
        .collect();
    results.sort_by_key(|r| r.meta.id);
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unproven_critical_and_high_become_medium_and_say_why() {
        let mut f = util::finding(
            &auth::unprotected_route::UnprotectedRoute::META,
            Severity::Critical,
            "`POST /x` accepts requests from anyone".into(),
            None,
            "POST /x".into(),
            "fix".into(),
        )
        .resting_on(
            Confidence::Likely,
            &["withTeam (from @acme/auth, not found in the repository)".to_string()],
        );
        cap_unproven(&mut f);
        assert_eq!(f.severity, Severity::Medium);
        assert!(f.message.contains("needs review"));
        assert!(f.message.contains("withTeam"));
        // Proven findings and low ones keep their severity.
        let mut proven = util::finding(
            &auth::unprotected_route::UnprotectedRoute::META,
            Severity::High,
            "m".into(),
            None,
            "e".into(),
            "f".into(),
        );
        cap_unproven(&mut proven);
        assert_eq!(proven.severity, Severity::High);
        let mut low = proven.clone().resting_on(Confidence::Possible, &[]);
        low.severity = Severity::Low;
        cap_unproven(&mut low);
        assert_eq!(low.severity, Severity::Low);
    }

    #[test]
    fn every_rule_states_its_impact_in_one_sentence() {
        for r in super::RULES {
            let m = r.meta();
            let impact = m
                .impact()
                .unwrap_or_else(|| panic!("{}: no impact sentence", m.id));
            assert!(impact.ends_with('.'), "{}: {impact}", m.id);
            assert!(impact.len() < 400, "{}: {impact}", m.id);
        }
    }

    #[test]
    fn security_rules_exist_and_are_sorted() {
        let mut sorted = super::SECURITY_RULES.to_vec();
        sorted.sort();
        assert_eq!(sorted, super::SECURITY_RULES);
        for id in super::SECURITY_RULES {
            assert!(super::find(id).is_some(), "{id}");
        }
        assert!(super::is_security("auth/unprotected-route"));
        assert!(!super::is_security("ux/no-seo-files"));
        assert!(!super::is_security("db/missing-fk-index"));
    }

    #[test]
    fn ids_are_unique_sorted_and_well_formed() {
        let ids: Vec<&str> = RULES.iter().map(|r| r.meta().id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted, "RULES must be sorted by id with no duplicates");
        for id in ids {
            let (group, name) = id.split_once('/').expect("group/name");
            assert!(!group.is_empty() && !name.is_empty());
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c == '/'),
                "{id}"
            );
        }
    }

    #[test]
    fn docs_have_the_four_sections() {
        for r in RULES {
            let m = r.meta();
            for section in [
                "## What it checks",
                "## Why it matters",
                "## How to fix",
                "## Example",
            ] {
                assert!(m.docs.contains(section), "{} docs lack `{section}`", m.id);
            }
            assert!(!m.summary.is_empty());
        }
    }

    #[test]
    fn every_rule_has_pass_and_fail_fixtures() {
        for r in RULES {
            let dir = testing::fixture_dir(r.meta().id);
            for kind in ["pass", "fail"] {
                let cases = testing::cases(&dir.join(kind));
                assert!(
                    !cases.is_empty(),
                    "{} has no {kind} fixtures in {}",
                    r.meta().id,
                    dir.display()
                );
            }
        }
    }
}
