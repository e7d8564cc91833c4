//! Secrets rules: credentials written into the repository.

pub mod hardcoded;
