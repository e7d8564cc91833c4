//! Extraction and linking: walk the tree once, parse each file once (in parallel), collect
//! plain facts, then link them into the [`shipgate_model::AppModel`] that rules read.

pub mod js;
pub mod link;
pub mod load;
pub mod prisma;
pub mod sql;
pub mod walk;

use shipgate_model::{AppModel, Config};
use std::collections::BTreeSet;
use std::path::Path;

/// Builds the app model of the repository at `root`. `display_root` is how the user named
/// it (for the report). Fails only when `root` is not a readable directory.
/// Parsing and walking ASTs recurse; long operator chains (`a + b + c + ...` in generated
/// code) nest deeply without brackets. Run extraction on threads with generous stacks
/// (virtual memory, only touched when used).
fn with_big_stacks<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    const STACK: usize = 256 * 1024 * 1024;
    match rayon::ThreadPoolBuilder::new().stack_size(STACK).build() {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

pub fn build_model(root: &Path, display_root: &str, config: Config) -> Result<AppModel, String> {
    let meta = std::fs::metadata(root).map_err(|e| format!("cannot read `{display_root}`: {e}"))?;
    if !meta.is_dir() {
        return Err(format!("`{display_root}` is not a directory"));
    }
    // SHIPGATE_TIMINGS=1 prints phase times to stderr (for profiling; off by default).
    let timings = std::env::var_os("SHIPGATE_TIMINGS").is_some();
    let t0 = std::time::Instant::now();
    let walked = walk::walk(root, &config);
    let all_paths: BTreeSet<String> = walked.files.iter().map(|f| f.rel.clone()).collect();
    let t1 = std::time::Instant::now();
    let (loaded, mut skipped) = with_big_stacks(|| load::load(&walked.files));
    skipped.extend(walked.skipped);
    let t2 = std::time::Instant::now();
    let project = link::project::Project::new(loaded, all_paths, config);
    let model = link::link(project, display_root, walked.files.len(), skipped);
    let t3 = std::time::Instant::now();
    if timings {
        eprintln!(
            "shipgate timings: walk {:?}, read+parse {:?}, link {:?}",
            t1 - t0,
            t2 - t1,
            t3 - t2
        );
    }
    Ok(model)
}
