//! Server-side requests to other services, and whether each one can time out.

use super::project::{Project, is_test_path};
use crate::js::facts::Val;
use shipgate_model::{Loc, OutboundCall};

/// A URL on another host: `"https://..."`, `` `https://${host}/x` ``, or a template that
/// starts with an env var or a base-URL constant (`` `${process.env.API_URL}/v1` ``).
fn external_target(v: &Val) -> Option<String> {
    match v {
        Val::Str(s) if s.starts_with("https://") || s.starts_with("http://") => {
            (!is_local(s)).then(|| s.clone())
        }
        Val::Template(parts, vals) => {
            let first = parts.first()?;
            if first.starts_with("https://") || first.starts_with("http://") {
                return (!is_local(first)).then(|| shown(parts, vals));
            }
            let base = first.is_empty()
                && match vals.first()? {
                    Val::Env(_) => true,
                    Val::Path(p) => {
                        let l = p.rsplit('.').next().unwrap_or(p).to_ascii_lowercase();
                        ["url", "base", "endpoint", "host", "origin", "api"]
                            .iter()
                            .any(|w| l.ends_with(w))
                    }
                    _ => false,
                };
            base.then(|| shown(parts, vals))
        }
        _ => None,
    }
}

fn is_local(url: &str) -> bool {
    let rest = url.split("://").nth(1).unwrap_or("");
    rest.starts_with("localhost") || rest.starts_with("127.0.0.1") || rest.starts_with("0.0.0.0")
}

fn shown(parts: &[String], vals: &[Val]) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        out.push_str(p);
        if i + 1 < parts.len() {
            match vals.get(i) {
                Some(Val::Env(n)) => out.push_str(&format!("${{process.env.{n}}}")),
                Some(Val::Path(p)) if p.len() <= 40 => out.push_str(&format!("${{{p}}}")),
                _ => out.push_str("${…}"),
            }
        }
    }
    crate::js::collect::shorten(&out, 80)
}

/// `Some(true)` when the options pass a `signal` or `timeout`, `Some(false)` when they
/// visibly do not, `None` when they cannot be read (a variable, a spread).
fn times_out(options: Option<&Val>) -> Option<bool> {
    match options {
        None => Some(false),
        Some(Val::Object(props, spreads)) => {
            if props.iter().any(|(k, _)| k == "signal" || k == "timeout") {
                Some(true)
            } else if spreads.is_empty() {
                Some(false)
            } else {
                None
            }
        }
        Some(_) => None,
    }
}

pub fn collect(project: &Project) -> Vec<OutboundCall> {
    let mut out = Vec::new();
    let axios_defaults = project
        .files
        .iter()
        .any(|f| f.text.contains("axios.defaults.timeout"));
    for (file, facts) in project.js_files() {
        let path = project.path(file);
        if is_test_path(path)
            || super::is_offline_module(path)
            || super::is_client_code(path, facts)
        {
            continue;
        }
        let axios = facts
            .import_of("axios")
            .is_some_and(|i| i.source == "axios")
            && !axios_defaults;
        for c in &facts.calls {
            let options = match c.callee.as_str() {
                "fetch" | "globalThis.fetch" => c.args.get(1),
                "axios.get" | "axios.delete" | "axios.head" if axios => c.args.get(1),
                "axios.post" | "axios.put" | "axios.patch" if axios => c.args.get(2),
                _ => continue,
            };
            let Some(target) = c.args.first().and_then(external_target) else {
                continue;
            };
            let Some(has_timeout) = times_out(options) else {
                continue;
            };
            out.push(OutboundCall {
                at: Loc::new(file, c.span),
                via: c.callee.clone(),
                target,
                has_timeout,
            });
        }
    }
    out
}
