//! OAuth rules: callbacks and the tokens they store.

pub mod missing_state;
