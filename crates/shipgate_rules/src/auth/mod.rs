//! Authentication and authorization rules.

pub mod admin_route_without_role_check;
pub mod client_supplied_identity;
pub mod demo_credentials;
pub mod email_verification_disabled;
pub mod fail_open_secret;
pub mod inconsistent_patterns;
pub mod middleware_only;
pub mod privilege_escalation;
pub mod unguarded_expensive_endpoint;
pub mod unprotected_route;
pub mod unverified_session;
