//! `shipgate debug model`: the app model as stable, readable JSON (locations as
//! `path:line`), used for model snapshots so extraction bugs show up in one place.

use serde_json::{Value, json};
use shipgate_model::schema::PolicyExpr;
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
        ValueOrigin::Validated { source, .. } => format!("validated {}", source.as_str()),
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
            let mut route = json!({
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
                "fails_open": r.fails_open.as_ref().map(|(l, var)| json!({ "at": loc(m, *l), "env": var })),
                "middleware_matches": r.middleware_matches,
                "ui_referenced": r.ui_referenced,
                "rate_limited": r.rate_limited,
                "data_ops": r.facts.data_ops.iter().map(|d| {
                    let mut op = json!({
                        "at": loc(m, d.at),
                        "table": d.table,
                        "op": d.op.as_str(),
                        "client": format!("{:?}", d.client),
                        "values": d.values.iter().map(|v| value(m, v)).collect::<Vec<_>>(),
                        "payload": d.payload.as_ref().map(origin),
                    });
                    if !d.columns.is_empty() {
                        op["columns"] = json!(d.columns);
                    }
                    if d.fallback {
                        op["fallback"] = json!(true);
                    }
                    if d.filter_hidden {
                        op["filter_hidden"] = json!(true);
                    }
                    op
                }).collect::<Vec<_>>(),
                "effects": r.facts.effects.iter().map(|e| json!(format!("{} `{}` at {}{}", e.kind.as_str(), e.callee, loc(m, e.at), if e.in_loop { " (in a loop)" } else { "" }))).collect::<Vec<_>>(),
                "inputs": r.facts.inputs.iter().map(|i| json!(format!("{} {} as `{}` at {}", i.source.as_str(), i.field.as_deref().unwrap_or("(whole)"), i.name, loc(m, i.at)))).collect::<Vec<_>>(),
                "identity_checks": r.facts.identity_checks,
                "service_role_uses": r.facts.service_role_uses.iter().map(|u| json!(format!("{} via {}", loc(m, u.at), u.via))).collect::<Vec<_>>(),
            });
            if !r.facts.sql_splices.is_empty() {
                route["sql_splices"] = r
                    .facts
                    .sql_splices
                    .iter()
                    .map(|s| json!(format!("`{}` into `{}()` at {} <- {}", s.value, s.call, loc(m, s.at), origin(&s.origin))))
                    .collect();
            }
            if !r.facts.request_fetches.is_empty() {
                route["request_fetches"] = r
                    .facts
                    .request_fetches
                    .iter()
                    .map(|f| json!(format!("`{}()` to `{}` at {} <- {}", f.call, f.url, loc(m, f.at), origin(&f.origin))))
                    .collect();
            }
            if let Some(l) = r.unverified_session {
                route["unverified_session"] = json!(loc(m, l));
            }
            if !r.facts.storage_ops.is_empty() {
                route["storage_ops"] = r
                    .facts
                    .storage_ops
                    .iter()
                    .map(|o| {
                        json!(format!(
                            "{} `{}` {:?} at {}{}",
                            o.method,
                            o.bucket.as_deref().unwrap_or("?"),
                            o.client,
                            loc(m, o.at),
                            o.path.as_ref().map(|p| format!(", path <- {}", origin(p))).unwrap_or_default()
                        ))
                    })
                    .collect();
            }
            route
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
        .map(|mw| {
            let mut v = json!({ "at": loc(m, mw.at), "kind": mw.kind, "matchers": mw.matchers, "enforces": mw.enforces, "evidence": mw.evidence });
            if let Some(l) = mw.unverified_session {
                v["unverified_session"] = json!(loc(m, l));
            }
            v
        })
        .collect();
    let suppressions: Vec<Value> = m
        .suppressions
        .iter()
        .map(|s| json!({ "at": format!("{}:{}", m.path(s.file), s.line), "rule": s.rule, "reason": s.reason }))
        .collect();
    let mut out = json!({
        "root": m.root,
        "stack": m.stack,
        "routes": routes,
        "pages": pages,
        "middleware": middleware,
        "suppressions": suppressions,
        "skipped": m.skipped,
        "served": m.served.iter().map(|s| json!({
            "root": s.root,
            "pattern": s.pattern,
            "kind": s.kind,
            "methods": s.methods,
        })).collect::<Vec<_>>(),
        "url_refs": m.url_refs.iter().map(|r| json!({
            "at": loc(m, r.at),
            "kind": r.kind.as_str(),
            "via": r.via,
            "method": r.method,
            "target": r.target,
            "root": r.root,
        })).collect::<Vec<_>>(),
    });
    if !m.html_writes.is_empty() {
        out["html_writes"] = m
            .html_writes
            .iter()
            .map(|w| {
                json!(
                    format!(
                        "{} `{}` at {} <- {:?}",
                        w.sink,
                        w.value,
                        loc(m, w.at),
                        w.source
                    )
                    .to_lowercase()
                )
            })
            .collect();
    }
    if !m.schema.is_empty() {
        out["schema"] = schema_json(m);
    }
    if !m.schema.prisma_models.is_empty() {
        out["prisma_models"] = m
            .schema
            .prisma_models
            .iter()
            .map(|pm| {
                json!({
                    "name": pm.name,
                    "table": pm.table,
                    "view": pm.view,
                    "at": loc(m, pm.at),
                    "fields": pm.fields.iter().map(|f| format!(
                        "{}{} {}{}{}{}{}",
                        f.name,
                        if f.column != f.name { format!(" ({})", f.column) } else { String::new() },
                        f.type_name,
                        if f.list { "[]" } else if f.optional { "?" } else { "" },
                        if f.id { " id" } else if f.unique { " unique" } else { "" },
                        if f.relation { " relation" } else { "" },
                        if f.relation_fields.is_empty() { String::new() } else { format!(" by ({})", f.relation_fields.join(", ")) },
                    )).collect::<Vec<_>>(),
                    "id": pm.id,
                    "uniques": pm.uniques,
                    "indexes": pm.indexes,
                })
            })
            .collect();
    }
    if m.schema.prisma_relation_mode {
        out["prisma_relation_mode"] = json!(true);
    }
    if !m.schema.drizzle_tables.is_empty() {
        out["drizzle_tables"] = m
            .schema
            .drizzle_tables
            .iter()
            .map(|t| {
                json!({
                    "var": t.var,
                    "name": t.name,
                    "open": t.open,
                    "at": loc(m, t.at),
                    "columns": t.columns.iter().map(|c| match &c.column {
                        Some(col) if *col != c.field => format!("{} ({col})", c.field),
                        _ => c.field.clone(),
                    }).collect::<Vec<_>>(),
                })
            })
            .collect();
    }
    out
}

fn policy_expr(e: Option<&PolicyExpr>) -> Value {
    match e {
        Some(e) => json!(format!(
            "{} [{}]",
            e.text,
            json!(e.scope).as_str().unwrap_or("")
        )),
        None => Value::Null,
    }
}

fn schema_json(m: &AppModel) -> Value {
    let s = &m.schema;
    let tables: Vec<Value> = s
        .tables
        .iter()
        .map(|t| {
            json!({
                "name": t.qualified(),
                "at": loc(m, t.at),
                "external": t.external,
                "columns": t.columns.iter().map(|c| format!("{} {}{}", c.name, c.data_type, if c.not_null { " not null" } else { "" })).collect::<Vec<_>>(),
                "primary_key": t.primary_key,
                "foreign_keys": t.foreign_keys.iter().map(|f| format!("({}) -> {}", f.columns.join(", "), f.references)).collect::<Vec<_>>(),
                "indexes": t.indexes.iter().map(|i| format!("{}({})", if i.unique { "unique " } else { "" }, i.columns.join(", "))).collect::<Vec<_>>(),
                "rls": t.rls.map(|l| loc(m, l)),
                "rls_forced": t.rls_forced,
                "update_triggers": t.update_triggers,
                "policies": t.policies.iter().map(|p| json!({
                    "name": p.name,
                    "at": loc(m, p.at),
                    "command": p.command.as_str(),
                    "roles": p.roles,
                    "permissive": p.permissive,
                    "using": policy_expr(p.using.as_ref()),
                    "with_check": policy_expr(p.with_check.as_ref()),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "sources": s.sources,
        "tables": tables,
        "views": s.views,
        "functions": s.functions.iter().map(|f| format!("{}.{} at {}{}{}", f.schema, f.name, loc(m, f.at), if f.security_definer { " security definer" } else { "" }, if f.search_path_set { " search_path set" } else { "" })).collect::<Vec<_>>(),
        "buckets": s.buckets.iter().map(|b| format!("{} at {}{}", b.id, loc(m, b.at), if b.public { " public" } else { "" })).collect::<Vec<_>>(),
        "grants": s.grants.iter().map(|g| format!("{}{} on {} to {} at {}", g.privileges.join(", "), if g.columns.is_empty() { String::new() } else { format!(" ({})", g.columns.join(", ")) }, g.object, g.roles.join(", "), loc(m, g.at))).collect::<Vec<_>>(),
        "revokes": s.revokes.iter().map(|g| format!("{} on {} from {} at {}", g.privileges.join(", "), g.object, g.roles.join(", "), loc(m, g.at))).collect::<Vec<_>>(),
        "skipped": s.skipped.iter().map(|k| format!("{}: {}", loc(m, k.at), k.reason)).collect::<Vec<_>>(),
    })
}
