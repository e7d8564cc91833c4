//! Security headers: where the app sets CSP, HSTS, frame protection, nosniff and
//! Referrer-Policy (next.config `headers()`, middleware, vercel.json, netlify.toml,
//! `_headers`, helmet, Hono `secureHeaders`), found by the header names written there.

use super::project::{Project, is_test_path};
use shipgate_model::{FileId, HeaderKind, Loc, SecurityHeader, Span};

const NAMES: &[(&str, HeaderKind)] = &[
    ("content-security-policy", HeaderKind::Csp),
    ("strict-transport-security", HeaderKind::Hsts),
    ("x-frame-options", HeaderKind::FrameOptions),
    ("frame-ancestors", HeaderKind::FrameOptions),
    ("x-content-type-options", HeaderKind::Nosniff),
    ("referrer-policy", HeaderKind::ReferrerPolicy),
];

/// Files where headers are configured, other than code: hosting configs.
pub fn is_header_config(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(name, "vercel.json" | "netlify.toml" | "_headers")
}

fn is_next_config(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.starts_with("next.config.")
}

/// Libraries that set a bundle of headers by default, and which kinds.
fn library_headers(src: &str) -> Option<(&'static str, &'static [HeaderKind])> {
    use HeaderKind::*;
    match src {
        "helmet" | "@fastify/helmet" | "koa-helmet" => Some((
            "helmet",
            &[Csp, Hsts, FrameOptions, Nosniff, ReferrerPolicy],
        )),
        // Hono's defaults leave CSP out unless `contentSecurityPolicy` is passed.
        "hono/secure-headers" => Some((
            "Hono secureHeaders",
            &[Hsts, FrameOptions, Nosniff, ReferrerPolicy],
        )),
        "nosecone" | "@nosecone/next" | "next-secure-headers" | "@next-safe/middleware" => Some((
            "secure-headers library",
            &[Csp, Hsts, FrameOptions, Nosniff, ReferrerPolicy],
        )),
        _ => None,
    }
}

fn find_all(file: FileId, text: &str, source: &str, out: &mut Vec<SecurityHeader>) {
    let lower = text.to_ascii_lowercase();
    for (name, kind) in NAMES {
        if let Some(i) = lower.find(name) {
            out.push(SecurityHeader {
                kind: *kind,
                at: Loc::new(file, Span::new(i as u32, (i + name.len()) as u32)),
                via: source.to_string(),
            });
        }
    }
}

pub fn collect(project: &Project) -> Vec<SecurityHeader> {
    let mut out = Vec::new();
    for (i, f) in project.files.iter().enumerate() {
        let id = FileId(i as u32);
        let path = f.path.as_str();
        if is_test_path(path) {
            continue;
        }
        if is_header_config(path) {
            find_all(
                id,
                &f.text,
                path.rsplit('/').next().unwrap_or(path),
                &mut out,
            );
            continue;
        }
        let Some(facts) = project.facts(id) else {
            continue;
        };
        if is_next_config(path) {
            find_all(id, &f.text, "next.config headers()", &mut out);
            continue;
        }
        for dep in &facts.module_deps {
            if let Some((via, kinds)) = library_headers(dep) {
                let at = facts
                    .imports
                    .iter()
                    .find(|imp| &imp.source == dep)
                    .map_or(Span::new(0, 0), |imp| imp.span);
                for kind in kinds {
                    out.push(SecurityHeader {
                        kind: *kind,
                        at: Loc::new(id, at),
                        via: via.to_string(),
                    });
                }
            }
        }
        // Headers set in code (`response.headers.set('X-Frame-Options', 'DENY')`). Every
        // spelling contains "eader"; most files do not.
        if !f.text.contains("eader") {
            continue;
        }
        let lower = f.text.to_ascii_lowercase();
        if lower.contains("headers.set(")
            || lower.contains("setheader(")
            || lower.contains("c.header(")
            || lower.contains("headers:")
        {
            find_all(id, &f.text, "set in code", &mut out);
        }
    }
    out.sort_by_key(|h| (h.kind, h.at));
    out
}
