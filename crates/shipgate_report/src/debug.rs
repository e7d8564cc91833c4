//! `shipgate debug model`: the app model as stable, readable JSON (locations as
//! `path:line`), used for model snapshots so extraction bugs show up in one place.

use serde_json::{Value, json};
use shipgate_model::{AppModel, DataValue, Loc, ValueOrigin};

fn loc(m: &AppModel, l: Loc) -> String {
    m.describe(l)
}

fn origin(o: &ValueOrigin) -> String {
    match o {
        ValueOrigin::Request {
            source,
            field,
            name,
        } => match field {
            Some(f) => format!("request {}: {f}", source.as_str()),
            None => format!("request {} ({name})", source.as_str()),
        },
        ValueOrigin::Validated { source } => format!("validated {}", source.as_str()),
        ValueOrigin::Session => "session".into(),
        ValueOrigin::Literal => "literal".into(),
        ValueOrigin::Unknown => "unknown".into(),
    }
}

fn value(m: &AppModel, v: &DataValue) -> Value {
    let _ = m;
    json!(format!("{} {:?} <- {}", v.column, v.role, origin(&v.origin)).to_lowercase())
}

pub fn model_json(m: &AppModel) -> Value {
    let routes: Vec<Value> = m
        .routes
        .iter()
        .map(|r| {
            json!({
                "route": r.entity(),
                "framework": r.framework.as_str(),
                "at": loc(m, r.at),
                "guard": r.guard.as_str(),
                "evidence": r.evidence,
                "guard_at": r.guard_at.map(|l| loc(m, l)),
                "intended_public": r.intended_public,
                "auth_idiom": r.auth_idiom,
                "role_check": r.role_check.map(|l| loc(m, l)),
                "unenforced_session": r.unenforced_session.map(|l| loc(m, l)),
                "middleware_matches": r.middleware_matches,
                "ui_referenced": r.ui_referenced,
                "data_ops": r.facts.data_ops.iter().map(|d| json!({
                    "at": loc(m, d.at),
                    "table": d.table,
                    "op": d.op.as_str(),
                    "client": format!("{:?}", d.client),
                    "values": d.values.iter().map(|v| value(m, v)).collect::<Vec<_>>(),
                    "payload": d.payload.as_ref().map(origin),
                })).collect::<Vec<_>>(),
                "effects": r.facts.effects.iter().map(|e| json!(format!("{} `{}` at {}{}", e.kind.as_str(), e.callee, loc(m, e.at), if e.in_loop { " (in a loop)" } else { "" }))).collect::<Vec<_>>(),
                "inputs": r.facts.inputs.iter().map(|i| json!(format!("{} {} as `{}` at {}", i.source.as_str(), i.field.as_deref().unwrap_or("(whole)"), i.name, loc(m, i.at)))).collect::<Vec<_>>(),
                "identity_checks": r.facts.identity_checks,
                "service_role_uses": r.facts.service_role_uses.iter().map(|u| json!(format!("{} via {}", loc(m, u.at), u.via))).collect::<Vec<_>>(),
            })
        })
        .collect();
    let pages: Vec<Value> = m
        .pages
        .iter()
        .map(|p| json!({ "path": p.path, "file": m.path(p.file), "dynamic": p.dynamic, "router": p.router.as_str(), "middleware_guarded": p.middleware_guarded }))
        .collect();
    let middleware: Vec<Value> = m
        .middleware
        .iter()
        .map(|mw| json!({ "at": loc(m, mw.at), "kind": mw.kind, "matchers": mw.matchers, "enforces": mw.enforces, "evidence": mw.evidence }))
        .collect();
    let suppressions: Vec<Value> = m
        .suppressions
        .iter()
        .map(|s| json!({ "at": format!("{}:{}", m.path(s.file), s.line), "rule": s.rule, "reason": s.reason }))
        .collect();
    json!({
        "root": m.root,
        "stack": m.stack,
        "routes": routes,
        "pages": pages,
        "middleware": middleware,
        "suppressions": suppressions,
        "skipped": m.skipped,
    })
}
