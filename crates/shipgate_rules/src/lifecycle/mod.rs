//! Data lifecycle rules: deleting accounts and the files records own.

pub mod no_account_deletion;
pub mod orphaned_storage;
