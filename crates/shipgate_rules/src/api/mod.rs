//! API hardening rules: rate limits, CORS, error responses.

pub mod cors_wildcard_credentials;
pub mod error_detail_leak;
pub mod mock_in_production;
pub mod no_input_validation;
pub mod no_rate_limit;
pub mod no_request_id;
pub mod outbound_fetch_no_timeout;
pub mod sql_injection;
pub mod ssrf;
pub mod unhandled_errors;
pub mod unsafe_html;
