//! Reads and parses the walked files in parallel. Each file is read once and parsed once;
//! anything that cannot be read or parsed becomes a skipped entry with a reason.

use crate::js;
use crate::js::facts::JsFacts;
use crate::sql::facts::SqlFacts;
use crate::walk::WalkedFile;
use rayon::prelude::*;
use shipgate_model::SkippedFile;
use shipgate_model::secrets::{self, SecretMatch};
use std::sync::Arc;

/// Files larger than this are skipped (and reported): real source files are far smaller,
/// and bundles, dumps and fixtures of this size only cost time.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Schema dumps run larger than code; a `supabase db dump` of a big app is a few MiB.
pub const MAX_SQL_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug)]
pub enum Content {
    Js(Box<JsFacts>),
    Sql(Box<SqlFacts>),
    Prisma(Box<crate::prisma::PrismaFacts>),
    Json(serde_json::Value),
    Text,
}

#[derive(Debug)]
pub struct LoadedFile {
    pub rel: String,
    pub text: Arc<str>,
    pub content: Content,
    /// Live-looking credentials in the text (see [`shipgate_model::secrets::scan`]).
    pub secrets: Vec<SecretMatch>,
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
        || name == "vercel.json"
        || (name.starts_with("tsconfig") || name.starts_with("jsconfig")) && name.ends_with(".json")
}

/// CI pipelines, Dockerfiles and dependency-update configs: read by the delivery and
/// operations rules.
pub fn is_delivery_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    shipgate_model::is_ci_pipeline(rel)
        || matches!(
            name,
            "renovate.json" | "renovate.json5" | ".renovaterc" | ".renovaterc.json"
        )
        || (rel == ".github/dependabot.yml" || rel == ".github/dependabot.yaml")
        || name == "Dockerfile"
        || name.starts_with("Dockerfile.")
        || name.ends_with(".Dockerfile")
        || name.ends_with(".dockerfile")
}

/// Non-code files whose text the model keeps (read by later phases and rules).
fn wants_text(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name == "shipgate.toml"
        || secrets::is_env_file(rel)
        || name.ends_with(".prisma")
        || name == "netlify.toml"
        || name == "_headers"
        || is_delivery_file(rel)
        || name == "config.toml" && rel.ends_with("supabase/config.toml")
        || is_doc_or_script(name)
}

/// Documentation and shell scripts: runbooks, READMEs and backup jobs that rules read.
fn is_doc_or_script(name: &str) -> bool {
    matches!(
        name.rsplit_once('.').map(|(_, e)| e),
        Some("md" | "mdx" | "txt" | "adoc" | "rst" | "sh")
    ) && !name.eq_ignore_ascii_case("CHANGELOG.md")
        && !name.eq_ignore_ascii_case("LICENSE.txt")
}

/// Files read only to look for committed credentials: configuration, scripts, docs and
/// key files. Lockfiles, media and archives are never read.
fn may_hold_secrets(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if secrets::is_env_file(rel) {
        return true;
    }
    if matches!(
        name,
        "package-lock.json" | "pnpm-lock.yaml" | "composer.lock" | "Gemfile.lock" | "poetry.lock"
    ) {
        return false;
    }
    if matches!(
        name,
        "Dockerfile" | "Procfile" | ".npmrc" | ".netrc" | ".yarnrc" | ".pypirc" | "Makefile"
    ) {
        return true;
    }
    matches!(
        name.rsplit_once('.').map(|(_, e)| e),
        Some(
            "json"
                | "yml"
                | "yaml"
                | "toml"
                | "ini"
                | "cfg"
                | "conf"
                | "properties"
                | "xml"
                | "md"
                | "mdx"
                | "txt"
                | "py"
                | "rb"
                | "go"
                | "php"
                | "java"
                | "kt"
                | "cs"
                | "rs"
                | "sh"
                | "bash"
                | "zsh"
                | "ps1"
                | "tf"
                | "tfvars"
                | "pem"
                | "key"
                | "html"
                | "vue"
                | "svelte"
                | "astro"
                | "graphql"
                | "sql"
        )
    )
}

/// Deepest bracket nesting outside strings and comments. Real code stays in the tens;
/// thousands of levels only come from generated or hostile files, and would exhaust the
/// stack of any recursive parser.
pub fn max_nesting(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    max
}

/// Nesting beyond this is skipped (see [`max_nesting`]).
pub const MAX_NESTING: usize = 400;

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

/// A file's text: UTF-8, or UTF-16 when it starts with a byte-order mark (what Windows
/// shells write for `supabase gen types > types.ts`); invalid sequences are replaced.
fn decode(bytes: Vec<u8>) -> Arc<str> {
    let utf16 = |big_endian: bool| {
        let units = bytes[2..].chunks_exact(2).map(|p| {
            if big_endian {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                u16::from_le_bytes([p[0], p[1]])
            }
        });
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        Arc::from(text)
    };
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => utf16(false),
        Some([0xFE, 0xFF]) => utf16(true),
        _ => match String::from_utf8(bytes) {
            Ok(s) => Arc::from(s),
            Err(e) => Arc::from(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        },
    }
}

/// A file read only for its credentials: kept (as text, for evidence) when it holds one.
/// Binary files (a NUL byte near the start) are passed over.
fn secrets_only(rel: &str, bytes: &[u8]) -> Option<LoadedFile> {
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let found = secrets::scan(&text);
    if found.is_empty() {
        return None;
    }
    Some(LoadedFile {
        rel: rel.to_string(),
        text: Arc::from(text.into_owned()),
        content: Content::Text,
        secrets: found,
    })
}

pub fn load(
    files: &[WalkedFile],
    read: &std::sync::atomic::AtomicUsize,
) -> (Vec<LoadedFile>, Vec<SkippedFile>) {
    let results: Vec<Result<Option<LoadedFile>, SkippedFile>> = files
        .par_iter()
        .map(|f| {
            read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let js = is_js(&f.rel);
            let json = is_json_config(&f.rel);
            let sql = crate::sql::sql_file_kind(&f.rel).is_some();
            let code = js || json || sql || wants_text(&f.rel);
            if !code && !may_hold_secrets(&f.rel) {
                return Ok(None);
            }
            let cap = if sql { MAX_SQL_BYTES } else { MAX_FILE_BYTES };
            let skip = |reason: String| {
                Err(SkippedFile {
                    path: f.rel.clone(),
                    reason,
                })
            };
            if f.size > cap {
                return skip(format!(
                    "larger than {} KiB ({} KiB)",
                    cap / 1024,
                    f.size / 1024
                ));
            }
            let bytes = match std::fs::read(&f.abs) {
                Ok(b) => b,
                Err(e) => return skip(format!("unreadable: {e}")),
            };
            if bytes.len() as u64 > cap {
                return skip(format!("larger than {} KiB", cap / 1024));
            }
            if !code {
                return Ok(secrets_only(&f.rel, &bytes));
            }
            let text = decode(bytes);
            let found = secrets::scan(&text);
            if js {
                if let Some(why) = generated_or_minified(&f.rel, &text) {
                    return skip(why.to_string());
                }
                let depth = max_nesting(&text);
                if depth > MAX_NESTING {
                    return skip(format!("nesting too deep ({depth} levels)"));
                }
                // A bug in extraction must cost one file, never the audit.
                let result = std::panic::catch_unwind(|| js::extract(&f.rel, &text));
                return match result {
                    Ok(Ok(facts)) => Ok(Some(LoadedFile {
                        rel: f.rel.clone(),
                        text,
                        content: Content::Js(Box::new(facts)),
                        secrets: found,
                    })),
                    Ok(Err(reason)) => skip(reason),
                    Err(_) => {
                        skip("internal error while extracting facts (please report)".to_string())
                    }
                };
            }
            if f.rel.ends_with(".prisma") {
                let result = std::panic::catch_unwind(|| crate::prisma::parse(&text));
                return match result {
                    Ok(facts) => Ok(Some(LoadedFile {
                        rel: f.rel.clone(),
                        text,
                        content: Content::Prisma(Box::new(facts)),
                        secrets: found,
                    })),
                    Err(_) => skip(
                        "internal error while reading the Prisma schema (please report)"
                            .to_string(),
                    ),
                };
            }
            if sql {
                let result = std::panic::catch_unwind(|| crate::sql::extract(&text));
                return match result {
                    Ok(facts) => Ok(Some(LoadedFile {
                        rel: f.rel.clone(),
                        text,
                        content: Content::Sql(Box::new(facts)),
                        secrets: found,
                    })),
                    Err(_) => skip("internal error while reading SQL (please report)".to_string()),
                };
            }
            if json {
                return match json5::from_str::<serde_json::Value>(&text) {
                    Ok(v) => Ok(Some(LoadedFile {
                        rel: f.rel.clone(),
                        text,
                        content: Content::Json(v),
                        secrets: found,
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
                secrets: found,
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

#[cfg(test)]
mod tests {
    use super::decode;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for u in text.encode_utf16() {
            out.extend(if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn decodes_utf16_with_a_byte_order_mark() {
        let src = "export type Db = { public: {} }\r\n// é\r\n";
        assert_eq!(&*decode(utf16(src, false)), src);
        assert_eq!(&*decode(utf16(src, true)), src);
        assert_eq!(&*decode(src.as_bytes().to_vec()), src);
        // An odd trailing byte and a lone surrogate are replaced, not fatal.
        let mut odd = utf16("ab", false);
        odd.extend([0x00, 0xD8, 0x41]);
        assert_eq!(&*decode(odd), "ab\u{FFFD}");
    }
}
