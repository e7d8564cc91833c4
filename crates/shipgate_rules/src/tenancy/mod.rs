//! Tenant isolation and data-access rules.

pub mod best_effort_scoping;
pub mod guard_defined_not_applied;
pub mod no_tenant_model;
pub mod service_role_in_request_path;
pub mod unscoped_query;
