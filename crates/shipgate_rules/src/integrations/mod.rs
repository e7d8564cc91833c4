//! Integration rules: how the app talks to its customers' third-party workspaces.

pub mod global_env_token;
