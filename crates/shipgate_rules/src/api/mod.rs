//! API rules: how the HTTP surface answers browsers from other sites (CORS).

pub mod cors_wildcard_credentials;
