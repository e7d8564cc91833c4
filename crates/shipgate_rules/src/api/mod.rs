//! API hardening rules: rate limits, CORS, error responses.

pub mod no_rate_limit;
