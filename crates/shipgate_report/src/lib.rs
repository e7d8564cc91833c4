//! The report: verdict, per-category scores, checks and findings, and their renderings
//! (text, Markdown, JSON, SARIF). Also the app-model dump used by `shipgate debug model`.

pub mod debug;
