//! Extraction and linking: walk the tree once, parse each file once (in parallel), collect
//! plain facts, then link them into the [`shipgate_model::AppModel`] that rules read.

pub mod js;
pub mod link;
pub mod load;
pub mod walk;
