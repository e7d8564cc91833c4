//! Extraction and linking: walk the tree once, parse each file once (in parallel), collect
//! plain facts, then link them into the [`shipgate_model::AppModel`] that rules read.

pub mod git;
pub mod js;
pub mod link;
pub mod load;
pub mod prisma;
pub mod progress;
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

/// `.env` files that git tracks although `.gitignore` now lists them (added before the
/// ignore rule): the walk skipped them, but they are in every clone.
fn add_tracked_env_files(
    root: &Path,
    config: &Config,
    tracked: Option<&BTreeSet<String>>,
    walked: &mut walk::Walk,
) {
    let Some(tracked) = tracked else {
        return;
    };
    let seen: BTreeSet<&str> = walked.files.iter().map(|f| f.rel.as_str()).collect();
    let mut extra = Vec::new();
    for rel in tracked {
        if !shipgate_model::secrets::is_env_file(rel)
            || seen.contains(rel.as_str())
            || config.is_ignored(rel)
            || rel.split('/').any(|seg| walk::SKIPPED_DIRS.contains(&seg))
        {
            continue;
        }
        let abs = root.join(rel);
        // Never through a symlink: it could point outside the root.
        let Ok(meta) = std::fs::symlink_metadata(&abs) else {
            continue;
        };
        if meta.is_file() {
            extra.push(walk::WalkedFile {
                rel: rel.clone(),
                abs,
                size: meta.len(),
            });
        }
    }
    walked.files.extend(extra);
    walked.files.sort_by(|a, b| a.rel.cmp(&b.rel));
}

pub fn build_model(root: &Path, display_root: &str, config: Config) -> Result<AppModel, String> {
    build_model_with_progress(root, display_root, config, &progress::Progress::default())
}

/// [`build_model`], updating `progress` as it goes.
pub fn build_model_with_progress(
    root: &Path,
    display_root: &str,
    config: Config,
    progress: &progress::Progress,
) -> Result<AppModel, String> {
    let meta = std::fs::metadata(root).map_err(|e| format!("cannot read `{display_root}`: {e}"))?;
    if !meta.is_dir() {
        return Err(format!("`{display_root}` is not a directory"));
    }
    // SHIPGATE_TIMINGS=1 prints phase times to stderr (for profiling; off by default).
    let timings = std::env::var_os("SHIPGATE_TIMINGS").is_some();
    let t0 = std::time::Instant::now();
    let mut walked = walk::walk(root, &config);
    let tracked = git::tracked_paths(root);
    add_tracked_env_files(root, &config, tracked.as_ref(), &mut walked);
    let all_paths: BTreeSet<String> = walked.files.iter().map(|f| f.rel.clone()).collect();
    progress
        .total
        .store(walked.files.len(), std::sync::atomic::Ordering::Relaxed);
    progress.set_phase(progress::Phase::Reading);
    let t1 = std::time::Instant::now();
    let (loaded, mut skipped) = with_big_stacks(|| load::load(&walked.files, &progress.read));
    progress.set_phase(progress::Phase::Linking);
    skipped.extend(walked.skipped);
    let t2 = std::time::Instant::now();
    let mut project = link::project::Project::new(loaded, all_paths, config);
    project.tracked = tracked;
    let mut model = link::link(project, display_root, walked.files.len(), skipped);
    model.commit = git::head_commit(root);
    progress.set_phase(progress::Phase::Done);
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
