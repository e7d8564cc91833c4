//! OAuth rules: callbacks and the tokens they store.

pub mod global_token_storage;
pub mod missing_state;
pub mod token_unencrypted;
