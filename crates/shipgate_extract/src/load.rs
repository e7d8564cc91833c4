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

/// How deeply a file nests, outside strings and comments: by brackets, and by brackets
/// plus the operators that nest without them. Real code stays in the tens; thousands of
/// levels only come from generated or hostile files, and would exhaust the stack of any
/// recursive parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nesting {
    pub brackets: usize,
    /// Brackets plus right-nesting operators within one expression: assignments
    /// (`a = a = …`), arrows (`a => a => …`), conditionals (`a ? b : c ? …`) and prefix
    /// operators (`!`, `~`, `typeof`, `await`, `new`, …). Left-nesting chains (`a + b + …`)
    /// are parsed in a loop and do not count.
    pub expression: usize,
}

impl Nesting {
    /// Why a file nests too deeply to parse safely, if it does.
    pub fn too_deep(self) -> Option<String> {
        if self.brackets > MAX_NESTING {
            return Some(format!("nesting too deep ({} levels)", self.brackets));
        }
        (self.expression > MAX_EXPRESSION_NESTING).then(|| {
            format!(
                "expression nested too deep ({} levels without brackets)",
                self.expression
            )
        })
    }
}

pub fn nesting(text: &str) -> Nesting {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut brackets = 0usize;
    // Right-nesting operators in the current expression, and in each enclosing bracket's.
    let mut run = 0usize;
    let mut outer: Vec<usize> = Vec::new();
    let mut outer_sum = 0usize;
    let mut expression = 0usize;
    // The last significant byte: an expression ends at a line break only after an operand,
    // and only when the next line does not start with an operator.
    let mut last = b';';
    let mut pending_end = false;
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            if last.is_ascii_alphanumeric()
                || matches!(last, b'_' | b'$' | b')' | b']' | b'"' | b'\'' | b'`')
            {
                pending_end = true;
            }
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if pending_end {
            pending_end = false;
            if !b"=?:!~><+-*/%&|^.,".contains(&c) {
                run = 0;
            }
        }
        match c {
            b'(' | b'[' | b'{' => {
                depth += 1;
                brackets = brackets.max(depth);
                outer.push(run);
                outer_sum += run;
                run = 0;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                run = outer.pop().unwrap_or(0);
                outer_sum = outer_sum.saturating_sub(run);
            }
            // A statement or a list item ends the expression.
            b';' | b',' => run = 0,
            q @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < b.len() && b[i] != q && (q == b'`' || b[i] != b'\n') {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            // `=` and `=>`, and the `=` of `+=`, but not `==`, `!=`, `<=` or `>=`.
            b'=' if b.get(i + 1) == Some(&b'=') => i += 1,
            b'=' if !matches!(last, b'=' | b'!' | b'<' | b'>') || i > 0 && b[i - 1] != last => {
                run += 1
            }
            // A conditional, not `?.` or `??`.
            b'?' if !matches!(b.get(i + 1), Some(b'.' | b'?')) && last != b'?' => run += 1,
            b'!' | b'~' if b.get(i + 1) != Some(&b'=') => run += 1,
            _ if c.is_ascii_alphabetic() => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$')
                {
                    i += 1;
                }
                let word = &b[start..i];
                last = b[i - 1];
                if matches!(
                    word,
                    b"typeof" | b"void" | b"await" | b"new" | b"delete" | b"yield"
                ) {
                    run += 1;
                    // A prefix operator, not an operand: a line break after it goes on.
                    last = b'~';
                }
                expression = expression.max(depth + outer_sum + run);
                continue;
            }
            _ => {}
        }
        expression = expression.max(depth + outer_sum + run);
        last = b.get(i).copied().unwrap_or(c);
        i += 1;
    }
    Nesting {
        brackets,
        expression,
    }
}

/// Bracket nesting beyond this is skipped (see [`nesting`]).
pub const MAX_NESTING: usize = 400;

/// Nesting with operators beyond this is skipped (see [`nesting`]). Parsers recurse on
/// each level; a few thousand stay far inside the stack extraction runs on.
pub const MAX_EXPRESSION_NESTING: usize = 2_000;

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
                if let Some(why) = nesting(&text).too_deep() {
                    return skip(why);
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
                // The JSON5 parser recurses on nesting, and so does dropping the value.
                let depth = nesting(&text).brackets;
                if depth > MAX_NESTING {
                    return skip(format!("nesting too deep ({depth} levels)"));
                }
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
    use super::{decode, nesting};

    #[test]
    fn nesting_counts_brackets_and_operators_that_nest_without_them() {
        let ordinary = "export const handler = async (req) => {\n  const a = b === c ? d : e;\n  if (!ok && x != y) return a ?? b?.c;\n  let n = typeof v === 'string' ? await f(new URL(v)) : null;\n};\n";
        let n = nesting(ordinary);
        assert!(n.brackets <= 3 && n.expression < 12, "{n:?}");
        // Right-nesting chains, across lines that end or start with the operator.
        let assign = format!("let a; a{}1;", "=a\n".repeat(3000));
        assert!(nesting(&assign).expression >= 3000);
        let arrows = format!("f = {}1;", "x =>\n".repeat(3000));
        assert!(nesting(&arrows).expression >= 3000);
        let conds = format!("v = {}1;", "a ? b :\n".repeat(3000));
        assert!(nesting(&conds).expression >= 3000);
        let awaits = format!("v = {}1;", "await\n".repeat(3000));
        assert!(nesting(&awaits).expression >= 3000);
        let leading = format!("v = a{};", "\n= a".repeat(3000));
        assert!(nesting(&leading).expression >= 3000);
        // Commas, semicolons and finished lines end an expression; left-nesting chains,
        // comparisons, strings and comments do not count.
        let members = format!(
            "enum E {{ {} }}",
            (0..3000)
                .map(|i| format!("M{i} = {i},\n"))
                .collect::<String>()
        );
        assert!(nesting(&members).expression < 10, "{:?}", nesting(&members));
        let statements = "a = 1\nb = !c\n".repeat(3000);
        assert!(nesting(&statements).expression < 10);
        let sum = format!("s = {}1;", "x +\n".repeat(3000));
        assert!(nesting(&sum).expression < 10);
        let compare = format!("t = {}1;", "x == y && z !== w && u >= v &&\n".repeat(1000));
        assert!(nesting(&compare).expression < 10);
        let quoted = format!(
            "s = '{}' /* {} */ // {}\n",
            "=".repeat(3000),
            "!".repeat(3000),
            "?".repeat(3000)
        );
        assert!(nesting(&quoted).expression < 10, "{:?}", nesting(&quoted));
        // Operators inside brackets add to the brackets around them.
        let mixed = "(a = (b = (c = 1)))".to_string();
        assert_eq!(nesting(&mixed).brackets, 3);
        assert!(nesting(&mixed).expression >= 6);
    }

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
