//! The app model that rules read: routes and their guards, pages, middleware, source files,
//! findings and configuration. Plain data only; nothing here depends on a parser.

pub mod app;
pub mod config;
pub mod finding;
pub mod names;
pub mod paths;
pub mod schema;
pub mod secrets;
pub mod source;
pub mod ui;

pub use app::*;
pub use config::{Config, ConfigError, RuleSetting};
pub use finding::*;
pub use schema::Schema;
pub use source::{FileId, SourceFile, Span};
