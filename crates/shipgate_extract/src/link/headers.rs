//! Security and CORS headers across the project: the JS facts placed by where they run
//! (next.config, middleware, route handlers, other server code, header libraries), plus
//! `vercel.json`, `netlify.toml` and `_headers` files.

use super::project::{Project, is_test_path};
use crate::js::facts::{HVal, Piece};
use crate::js::headers::canonical;
use shipgate_model::{
    CorsOrigin, CorsSetting, FileId, HOLE, HeaderSetting, HeaderSource, HeaderValue, Loc, Span,
};
use std::collections::BTreeSet;

pub struct Headers {
    pub headers: Vec<HeaderSetting>,
    pub cors: Vec<CorsSetting>,
}

/// One header read from a file, before it is placed in the model.
struct Raw {
    at: Span,
    name: &'static str,
    value: HeaderValue,
    value_at: Option<Span>,
    source: HeaderSource,
    via: Option<String>,
    /// Settings made together (one function, one config entry); `None` for file level.
    group: Option<Span>,
}

/// `middleware_files`: Next.js middleware; `route_files`: Next.js route handlers and API
/// routes.
pub fn collect(project: &Project, middleware_files: &[FileId], route_files: &[FileId]) -> Headers {
    let next_config: Vec<FileId> = project
        .js_files()
        .map(|(f, _)| f)
        .filter(|f| file_name(project.path(*f)).starts_with("next.config."))
        .collect();
    let config_side = imported_closure(project, &next_config, 1);
    let middleware_side = imported_closure(project, middleware_files, 2);
    let routes: BTreeSet<FileId> = route_files.iter().copied().collect();

    let mut headers = Vec::new();
    let mut cors = Vec::new();
    for (file, facts) in project.js_files() {
        let path = project.path(file);
        if is_test_path(path) || (facts.header_sets.is_empty() && facts.cors.is_empty()) {
            continue;
        }
        let place = if config_side.contains(&file) {
            HeaderSource::NextConfig
        } else if middleware_side.contains(&file) {
            HeaderSource::Middleware
        } else if routes.contains(&file) {
            HeaderSource::RouteHandler
        } else {
            HeaderSource::Code
        };
        let raws: Vec<Raw> = facts
            .header_sets
            .iter()
            .map(|h| {
                let (value, value_at) = value_of(&h.value);
                Raw {
                    at: h.span,
                    name: h.name,
                    value,
                    value_at,
                    source: if h.via.is_some() {
                        HeaderSource::Library
                    } else {
                        place
                    },
                    via: h.via.map(str::to_string),
                    group: (h.group.end > 0).then_some(h.group),
                }
            })
            .collect();
        place_all(file, raws, &mut headers, &mut cors);
        for c in &facts.cors {
            cors.push(CorsSetting {
                at: Loc::new(file, c.span),
                via: c.lib.to_string(),
                origin: c.origin,
                credentials: c.credentials.map(|s| Loc::new(file, s)),
            });
        }
    }
    for (i, f) in project.files.iter().enumerate() {
        let file = FileId(i as u32);
        if is_test_path(&f.path) {
            continue;
        }
        let raws = match file_name(&f.path) {
            "vercel.json" => project.json[i].as_ref().map(|v| vercel(&f.text, v)),
            "netlify.toml" => Some(netlify(&f.text)),
            "_headers" => Some(headers_file(&f.text)),
            _ => None,
        };
        if let Some(raws) = raws {
            place_all(file, raws, &mut headers, &mut cors);
        }
    }
    headers.sort_by(|a, b| (a.at, &a.name).cmp(&(b.at, &b.name)));
    cors.sort_by_key(|c| c.at);
    Headers { headers, cors }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The files and the project modules they import, `depth` imports deep.
fn imported_closure(project: &Project, roots: &[FileId], depth: u32) -> BTreeSet<FileId> {
    let mut seen: BTreeSet<FileId> = roots.iter().copied().collect();
    let mut frontier: Vec<FileId> = roots.to_vec();
    for _ in 0..depth {
        let mut next = Vec::new();
        for f in frontier {
            let Some(facts) = project.facts(f) else {
                continue;
            };
            for spec in &facts.module_deps {
                if let Some(t) = project.resolve_import(f, spec)
                    && seen.insert(t)
                {
                    next.push(t);
                }
            }
        }
        frontier = next;
    }
    seen
}

/// Turns raw settings into model headers, and pairs `Access-Control-Allow-Origin` with
/// `Access-Control-Allow-Credentials` made together.
fn place_all(
    file: FileId,
    raws: Vec<Raw>,
    headers: &mut Vec<HeaderSetting>,
    cors: &mut Vec<CorsSetting>,
) {
    for r in &raws {
        if r.name != "Access-Control-Allow-Origin" {
            continue;
        }
        let origin = match &r.value {
            HeaderValue::RequestOrigin => CorsOrigin::Reflected,
            HeaderValue::Text(t) if t.trim() == "*" => CorsOrigin::Any,
            _ => CorsOrigin::Restricted,
        };
        let credentials = raws
            .iter()
            .find(|c| {
                c.name == "Access-Control-Allow-Credentials"
                    && matches!(&c.value, HeaderValue::Text(t) if t.trim().eq_ignore_ascii_case("true"))
                    && (c.group == r.group || c.group.is_none() || r.group.is_none())
            })
            .map(|c| Loc::new(file, c.at));
        cors.push(CorsSetting {
            at: Loc::new(file, r.at),
            via: format!("`Access-Control-Allow-Origin` in {}", r.source.describe()),
            origin,
            credentials,
        });
    }
    for r in raws {
        headers.push(HeaderSetting {
            at: Loc::new(file, r.at),
            name: r.name.to_string(),
            value: r.value,
            value_at: r.value_at.map(|s| Loc::new(file, s)),
            source: r.source,
            via: r.via,
        });
    }
}

/// The model value of a JS value, and where its text is written: for a CSP, the piece
/// that holds `script-src` (else `default-src`).
fn value_of(v: &HVal) -> (HeaderValue, Option<Span>) {
    let pieces = match v {
        HVal::Origin => return (HeaderValue::RequestOrigin, None),
        HVal::Unknown => return (HeaderValue::Unknown, None),
        HVal::Text(p) => p,
    };
    let mut text = String::new();
    let mut starts = Vec::with_capacity(pieces.len());
    for p in pieces {
        starts.push(text.len());
        match p {
            Piece::Lit(s, _) => text.push_str(s),
            Piece::Hole => text.push_str(HOLE),
        }
    }
    let lower = text.to_ascii_lowercase();
    let pos = lower
        .find("script-src")
        .or_else(|| lower.find("default-src"))
        .unwrap_or(0);
    // The piece holding `pos`, else the nearest located piece before it, else after it.
    let idx = starts.iter().rposition(|s| *s <= pos).unwrap_or(0);
    let located = |i: usize| match &pieces[i] {
        Piece::Lit(_, Some(off)) => Some((i, *off)),
        _ => None,
    };
    let at = located(idx)
        .map(|(i, off)| off + (pos - starts[i]) as u32)
        .or_else(|| (0..idx).rev().find_map(located).map(|(_, off)| off))
        .or_else(|| (idx..pieces.len()).find_map(located).map(|(_, off)| off))
        .map(|off| Span::new(off, off + 1));
    (HeaderValue::Text(text), at)
}

/// The span of `needle` in `text` at or after `from`.
fn find_from(text: &str, needle: &str, from: usize) -> Option<Span> {
    let i = text.get(from..)?.find(needle)? + from;
    Some(Span::new(i as u32, (i + needle.len()) as u32))
}

/// `vercel.json`: `headers: [{ source, headers: [{ key, value }] }]`.
fn vercel(text: &str, json: &serde_json::Value) -> Vec<Raw> {
    let mut out = Vec::new();
    let Some(entries) = json.get("headers").and_then(|h| h.as_array()) else {
        return out;
    };
    let mut cursor = 0usize;
    for (i, entry) in entries.iter().enumerate() {
        let Some(list) = entry.get("headers").and_then(|h| h.as_array()) else {
            continue;
        };
        for h in list {
            let (Some(key), Some(value)) = (
                h.get("key").and_then(|k| k.as_str()),
                h.get("value").and_then(|v| v.as_str()),
            ) else {
                continue;
            };
            let Some(name) = canonical(key) else {
                continue;
            };
            let Some(at) = find_from(text, key, cursor) else {
                continue;
            };
            cursor = at.end as usize;
            let value_at = find_from(text, value, cursor).filter(|_| !value.is_empty());
            out.push(Raw {
                at,
                name,
                value: HeaderValue::Text(value.to_string()),
                value_at: value_at.map(|s| csp_spot(value, s)),
                source: HeaderSource::VercelJson,
                via: None,
                group: Some(Span::new(i as u32, i as u32 + 1)),
            });
        }
    }
    out
}

/// Within a value written verbatim at `at`, the spot of its `script-src` (else
/// `default-src`) directive.
fn csp_spot(value: &str, at: Span) -> Span {
    let lower = value.to_ascii_lowercase();
    let off = lower
        .find("script-src")
        .or_else(|| lower.find("default-src"))
        .unwrap_or(0) as u32;
    Span::new(at.start + off, at.start + off + 1)
}

/// `netlify.toml`: `[[headers]] for = "/*"` with `[headers.values]`.
fn netlify(text: &str) -> Vec<Raw> {
    let mut out = Vec::new();
    let Ok(table) = text.parse::<toml::Table>() else {
        return out;
    };
    let Some(entries) = table.get("headers").and_then(|h| h.as_array()) else {
        return out;
    };
    let mut cursor = 0usize;
    for (i, entry) in entries.iter().enumerate() {
        let Some(values) = entry.get("values").and_then(|v| v.as_table()) else {
            continue;
        };
        // Entries appear in file order; start each one's search at its `[[headers]]`.
        if let Some(s) = find_from(text, "[[headers]]", cursor) {
            cursor = s.end as usize;
        }
        let mut local = cursor;
        for (key, value) in values {
            let Some(name) = canonical(key) else {
                continue;
            };
            let Some(value) = value.as_str() else {
                continue;
            };
            let Some(at) = find_from(text, key, local) else {
                continue;
            };
            local = at.end as usize;
            // Multi-line strings may be written differently; locate the first line only.
            let first_line = value.lines().next().unwrap_or("");
            let value_at = find_from(text, first_line, local).filter(|_| !first_line.is_empty());
            out.push(Raw {
                at,
                name,
                value: HeaderValue::Text(value.split_whitespace().collect::<Vec<_>>().join(" ")),
                value_at: value_at.map(|s| csp_spot(first_line, s)),
                source: HeaderSource::NetlifyToml,
                via: None,
                group: Some(Span::new(i as u32, i as u32 + 1)),
            });
        }
    }
    out
}

/// A `_headers` file: a path line, then indented `Name: value` lines.
fn headers_file(text: &str) -> Vec<Raw> {
    let mut out = Vec::new();
    let mut offset = 0usize;
    let mut block = 0u32;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            block += 1;
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        let Some(name) = canonical(key) else {
            continue;
        };
        let value = value.trim();
        let lead = line.len() - line.trim_start().len();
        let at = Span::new((start + lead) as u32, (start + lead + trimmed.len()) as u32);
        let value_at = line
            .find(value)
            .filter(|_| !value.is_empty())
            .map(|i| Span::new((start + i) as u32, (start + i + value.len()) as u32));
        out.push(Raw {
            at,
            name,
            value: HeaderValue::Text(value.to_string()),
            value_at: value_at.map(|s| csp_spot(value, s)),
            source: HeaderSource::HeadersFile,
            via: None,
            group: Some(Span::new(block, block + 1)),
        });
    }
    out
}
