//! Documentation rules: docs that no longer match the code.

pub mod drift;
