//! Link phase: turns per-file facts into the app model. Resolves imports, summarises
//! functions, finds routes for each framework and decides who guards each one.

pub mod known;
pub mod project;
pub mod summary;
