//! Storage rules: object paths and uploads.

pub mod path_traversal;
pub mod proxied_large_upload;
