//! Reads and parses the walked files in parallel. Each file is read once and parsed once;
//! anything that cannot be read or parsed becomes a skipped entry with a reason.

use crate::js;
use crate::js::facts::JsFacts;
use crate::walk::WalkedFile;
use rayon::prelude::*;
use shipgate_model::SkippedFile;
use std::sync::Arc;

/// Files larger than this are skipped (and reported): real source files are far smaller,
/// and bundles, dumps and fixtures of this size only cost time.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

#[derive(Debug)]
pub enum Content {
    Js(Box<JsFacts>),
    Json(serde_json::Value),
    Text,
}

#[derive(Debug)]
pub struct LoadedFile {
    pub rel: String,
    pub text: Arc<str>,
    pub content: Content,
}

pub fn is_js(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name.ends_with(".d.ts") || name.ends_with(".d.mts") || name.ends_with(".d.cts") {
        return false;
    }
    matches!(
        name.rsplit('.').next(),
        Some("js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "mts" | "cts")
    )
}

fn is_json_config(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name == "package.json"
        || (name.starts_with("tsconfig") || name.starts_with("jsconfig")) && name.ends_with(".json")
}

/// Non-code files whose text the model keeps (read by later phases and rules).
fn wants_text(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name == "shipgate.toml"
}

fn generated_or_minified(rel: &str, text: &str) -> Option<&'static str> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name.contains(".min.") || name.contains(".bundle.") || name.ends_with("-bundle.js") {
        return Some("minified");
    }
    let mut cut = text.len().min(600);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    if head.contains("@generated")
        || head.contains("DO NOT EDIT")
        || head.contains("auto-generated")
        || head.contains("automatically generated")
    {
        return Some("generated");
    }
    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
    if text.len() > 4000 && text.len() / lines > 400 {
        return Some("minified");
    }
    None
}

pub fn load(files: &[WalkedFile]) -> (Vec<LoadedFile>, Vec<SkippedFile>) {
    let results: Vec<Result<Option<LoadedFile>, SkippedFile>> = files
        .par_iter()
        .map(|f| {
            let js = is_js(&f.rel);
            let json = is_json_config(&f.rel);
            if !(js || json || wants_text(&f.rel)) {
                return Ok(None);
            }
            let skip = |reason: String| {
                Err(SkippedFile {
                    path: f.rel.clone(),
                    reason,
                })
            };
            if f.size > MAX_FILE_BYTES {
                return skip(format!(
                    "larger than {} KiB ({} KiB)",
                    MAX_FILE_BYTES / 1024,
                    f.size / 1024
                ));
            }
            let bytes = match std::fs::read(&f.abs) {
                Ok(b) => b,
                Err(e) => return skip(format!("unreadable: {e}")),
            };
            if bytes.len() as u64 > MAX_FILE_BYTES {
                return skip(format!("larger than {} KiB", MAX_FILE_BYTES / 1024));
            }
            let text: Arc<str> = match String::from_utf8(bytes) {
                Ok(s) => Arc::from(s),
                Err(e) => Arc::from(String::from_utf8_lossy(e.as_bytes()).into_owned()),
            };
            if js {
                if let Some(why) = generated_or_minified(&f.rel, &text) {
                    return skip(why.to_string());
                }
                // A bug in extraction must cost one file, never the audit.
                let result = std::panic::catch_unwind(|| js::extract(&f.rel, &text));
                return match result {
                    Ok(Ok(facts)) => Ok(Some(LoadedFile {
                        rel: f.rel.clone(),
                        text,
                        content: Content::Js(Box::new(facts)),
                    })),
                    Ok(Err(reason)) => skip(reason),
                    Err(_) => {
                        skip("internal error while extracting facts (please report)".to_string())
                    }
                };
            }
            if json {
                return match json5::from_str::<serde_json::Value>(&text) {
                    Ok(v) => Ok(Some(LoadedFile {
                        rel: f.rel.clone(),
                        text,
                        content: Content::Json(v),
                    })),
                    Err(e) => skip(format!(
                        "invalid JSON: {}",
                        crate::js::collect::shorten(&e.to_string(), 120)
                    )),
                };
            }
            Ok(Some(LoadedFile {
                rel: f.rel.clone(),
                text,
                content: Content::Text,
            }))
        })
        .collect();
    let mut loaded = Vec::new();
    let mut skipped = Vec::new();
    for r in results {
        match r {
            Ok(Some(f)) => loaded.push(f),
            Ok(None) => {}
            Err(s) => skipped.push(s),
        }
    }
    (loaded, skipped)
}
