//! Storage rules: object paths and uploads.

pub mod path_traversal;
