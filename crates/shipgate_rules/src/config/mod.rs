//! Configuration rules: env files, env validation, secrets exposed to the browser,
//! security headers.

pub mod csp_unsafe;
pub mod env_file_committed;
pub mod public_secret;
pub mod security_headers_missing;
