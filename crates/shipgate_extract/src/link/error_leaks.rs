//! Responses that send error internals to the client: `error.message`, `err.stack`,
//! PostgREST `details`/`hint`, or the whole error object.

use super::project::{Project, is_test_path};
use crate::js::facts::{CallFact, JsFacts, Val};
use shipgate_model::{ErrorLeak, Loc};

/// A name that holds an unexpected error: `err`, `error`, `e`, or a database or I/O
/// error (`insertError`, `dbErr`, `prismaError`). App-made errors (`apiError`,
/// `safeError`, `validationError`) carry messages meant for users.
fn is_error_name(name: &str) -> bool {
    if matches!(name, "err" | "error" | "e" | "ex" | "exception") {
        return true;
    }
    let Some(prefix) = name
        .strip_suffix("Error")
        .or_else(|| name.strip_suffix("Err"))
    else {
        return false;
    };
    let p = prefix.to_ascii_lowercase();
    [
        "insert", "select", "update", "delete", "upsert", "query", "db", "database", "prisma",
        "supabase", "pg", "sql", "fetch", "storage", "upload", "rpc", "auth",
    ]
    .iter()
    .any(|w| p.starts_with(w))
}

/// `error.message` → `Some("error.message")`; the whole `error` → `Some("error")`.
fn leaked(path: &str) -> Option<String> {
    let mut parts = path.split('.');
    let root = parts.next()?;
    if !is_error_name(root) {
        return None;
    }
    match (parts.next(), parts.next()) {
        (None, _) => Some(root.to_string()),
        (Some(field @ ("message" | "stack" | "details" | "hint" | "meta")), None) => {
            Some(format!("{root}.{field}"))
        }
        _ => None,
    }
}

fn is_debug_key(key: &str) -> bool {
    matches!(
        key.to_ascii_lowercase().as_str(),
        "debug"
            | "_debug"
            | "debuginfo"
            | "received"
            | "receivedkeys"
            | "receivedbody"
            | "receivedpayload"
    )
}

/// What a response argument leaks, looking into objects, templates and `String(err)`.
fn leaks_in(facts: &JsFacts, v: &Val, depth: u32, out: &mut Vec<String>) {
    if depth > 3 {
        return;
    }
    match v {
        Val::Path(p) => out.extend(leaked(p)),
        Val::Object(props, spreads) => {
            for (k, x) in props {
                // `debug: { received: body, receivedKeys: Object.keys(body) }`: the request
                // or internals echoed back for debugging (`received: true`, the usual
                // webhook answer, is a literal).
                if is_debug_key(k)
                    && matches!(
                        x,
                        Val::Path(_) | Val::Object(..) | Val::Input(..) | Val::Call { .. }
                    )
                {
                    out.push(k.clone());
                    continue;
                }
                leaks_in(facts, x, depth + 1, out);
            }
            for x in spreads {
                leaks_in(facts, x, depth + 1, out);
            }
        }
        Val::Template(_, vals) | Val::Array(vals) => {
            for x in vals {
                leaks_in(facts, x, depth + 1, out);
            }
        }
        Val::Call { callee, span } if matches!(callee.as_str(), "String" | "JSON.stringify") => {
            if let Some(c) = facts.call_at(*span) {
                for a in &c.args {
                    leaks_in(facts, a, depth + 1, out);
                }
            }
        }
        _ => {}
    }
}

/// `NextResponse.json(...)`, `Response.json(...)`, `res.status(500).json(...)`,
/// `res.send(...)`, `c.json(...)`, `new Response(...)`.
fn is_response(c: &CallFact) -> bool {
    let root = c.root();
    let method = c.method();
    (matches!(
        root,
        "NextResponse" | "Response" | "res" | "c" | "ctx" | "reply" | "response"
    ) && matches!(method, "json" | "send" | "text"))
        || (c.is_new && c.callee == "Response")
}

pub fn collect(project: &Project) -> Vec<ErrorLeak> {
    let mut out = Vec::new();
    for (id, facts) in project.js_files() {
        if is_test_path(project.path(id)) {
            continue;
        }
        for c in facts.calls.iter().filter(|c| is_response(c)) {
            // The body is the first argument (`res.status(500).json(body)` too).
            let Some(body) = c.args.first() else {
                continue;
            };
            let mut what = Vec::new();
            leaks_in(facts, body, 0, &mut what);
            what.sort();
            what.dedup();
            if !what.is_empty() {
                out.push(ErrorLeak {
                    at: Loc::new(id, c.span),
                    what,
                });
            }
        }
    }
    out
}
