//! Express and Hono: app and router objects, their registrations in order, mounts with
//! prefixes (`app.use('/api', router)`, Hono `route()` and `basePath`), and path-scoped
//! middleware (`app.use('/me/*', requireAuth)`) applied to the routes registered after it.

use super::project::{Project, Symbol};
use super::routes::{Candidate, Gate, gate_of, unwrap_handler};
use crate::js::facts::{RouteRegFact, RouterKind, Val};
use shipgate_model::{FileId, Framework};
use std::collections::{HashMap, HashSet};

type RouterKey = (FileId, String);

struct RouterInfo {
    kind: RouterKind,
    base_path: String,
    regs: Vec<RouteRegFact>,
}

#[derive(Clone)]
struct ScopedGate {
    /// Absolute path prefix/pattern the middleware applies to; `None` = everything below.
    scope: Option<String>,
    gate: Gate,
}

fn join_paths(a: &str, b: &str) -> String {
    let a = a.trim_end_matches('/');
    let b = b.trim_start_matches('/');
    let joined = if b.is_empty() {
        a.to_string()
    } else {
        format!("{a}/{b}")
    };
    if joined.is_empty() {
        "/".to_string()
    } else if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

fn scope_matches(scope: &str, path: &str, kind: RouterKind) -> bool {
    if scope == "*" || scope == "/*" || scope == "/" && kind != RouterKind::Hono {
        return true;
    }
    if let Some(prefix) = scope.strip_suffix("/*").or_else(|| scope.strip_suffix('*')) {
        return path == prefix || path.starts_with(&format!("{}/", prefix.trim_end_matches('/')));
    }
    match kind {
        // Hono: exact path unless a wildcard is given.
        RouterKind::Hono => path == scope,
        // Express: a mount path matches itself and everything below it.
        _ => path == scope || path.starts_with(&format!("{}/", scope.trim_end_matches('/'))),
    }
}

fn router_key(
    project: &Project,
    file: FileId,
    name: &str,
    routers: &HashMap<RouterKey, RouterInfo>,
) -> Option<RouterKey> {
    if routers.contains_key(&(file, name.to_string())) {
        return Some((file, name.to_string()));
    }
    if name.contains('.') {
        return None;
    }
    // An imported default export that is itself a router (`export default Router()...`).
    if let Some(imp) = project.facts(file).and_then(|f| f.import_of(name))
        && imp.imported == crate::js::facts::Imported::Default
        && let Some(target) = project.resolve_import(file, &imp.source)
        && routers.contains_key(&(target, "default".to_string()))
    {
        return Some((target, "default".to_string()));
    }
    match project.resolve_local(file, name, 0)? {
        Symbol::Binding {
            file: f, name: n, ..
        } if routers.contains_key(&(f, n.clone())) => Some((f, n)),
        // `export const tagsRouter = app;`
        Symbol::Binding {
            file: f,
            index,
            name: n,
        } if matches!(&project.facts(f)?.bindings.get(index)?.init, Val::Path(p) if *p != n) => {
            let Val::Path(p) = &project.facts(f)?.bindings.get(index)?.init else {
                return None;
            };
            router_key(project, f, p, routers)
        }
        // `export const slackRoute = createSlackRoute(config)`.
        Symbol::Binding { file: f, index, .. } => {
            match &project.facts(f)?.bindings.get(index)?.init {
                Val::Call { callee, .. } => router_from_factory(project, f, callee, routers),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The items of an array of middleware held in a top-level constant, with the file they
/// are written in: `export const protectedMiddleware = [withDatabase, withAuth]`.
fn middleware_list(project: &Project, file: FileId, name: &str) -> Option<Vec<(FileId, Val)>> {
    let Symbol::Binding { file: f, index, .. } = project.resolve_local(file, name, 0)? else {
        return None;
    };
    match &project.facts(f)?.bindings.get(index)?.init {
        Val::Array(items) => Some(items.iter().map(|v| (f, v.clone())).collect()),
        _ => None,
    }
}

pub fn collect(project: &Project) -> Vec<Candidate> {
    let mut routers: HashMap<RouterKey, RouterInfo> = HashMap::new();
    for (file, facts) in project.js_files() {
        if super::project::is_test_path(project.path(file)) {
            continue;
        }
        for r in &facts.routers {
            routers.entry((file, r.name.clone())).or_insert(RouterInfo {
                kind: r.kind,
                base_path: r.base_path.clone().unwrap_or_default(),
                regs: Vec::new(),
            });
        }
    }
    if routers.is_empty() {
        return Vec::new();
    }
    for (file, facts) in project.js_files() {
        if super::project::is_test_path(project.path(file)) {
            continue;
        }
        for reg in &facts.route_regs {
            let root = reg.target.split('.').next().unwrap_or(&reg.target);
            if reg.target.contains('.') {
                continue;
            }
            if let Some(key) = router_key(project, file, root, &routers)
                && let Some(info) = routers.get_mut(&key)
            {
                let mut reg = reg.clone();
                // Keep the registering file with the args so values resolve there.
                reg.target = format!("{}\u{0}{}", file.0, reg.target);
                info.regs.push(reg);
            }
        }
    }
    // Routes registered by helpers the router is handed to: `registerGetMonitor(api)` where
    // `function registerGetMonitor(api) { api.openapi(route, handler) }`.
    for (file, facts) in project.js_files() {
        if super::project::is_test_path(project.path(file)) {
            continue;
        }
        for c in &facts.calls {
            for (i, a) in c.args.iter().enumerate() {
                let Val::Path(p) = a else { continue };
                let Some(key) = router_key(project, file, p, &routers) else {
                    continue;
                };
                let Some(Symbol::Function(f, span)) = project.resolve_callee(file, &c.callee)
                else {
                    continue;
                };
                let Some(param) = project
                    .function(f, span)
                    .and_then(|func| func.params.get(i))
                    .and_then(|p| p.names.first())
                    .cloned()
                else {
                    continue;
                };
                let Some(ffacts) = project.facts(f) else {
                    continue;
                };
                let regs: Vec<RouteRegFact> = ffacts
                    .route_regs
                    .iter()
                    .filter(|r| span.contains(r.span) && r.target == param)
                    .map(|r| {
                        let mut r = r.clone();
                        r.target = format!("{}\u{0}{}", f.0, r.target);
                        r
                    })
                    .collect();
                if let Some(info) = routers.get_mut(&key) {
                    info.regs.extend(regs);
                }
            }
        }
    }
    // Mount edges decide the roots: routers nobody mounts.
    let mut mounted: HashSet<RouterKey> = HashSet::new();
    for info in routers.values() {
        for reg in &info.regs {
            if matches!(reg.method.as_str(), "use" | "route") {
                let file = reg_file(reg);
                for a in &reg.args {
                    let child = match a {
                        Val::Path(p) => router_key(project, file, p, &routers),
                        Val::Call { callee, .. } => {
                            router_from_factory(project, file, callee, &routers)
                        }
                        _ => None,
                    };
                    if let Some(k) = child {
                        mounted.insert(k);
                    }
                }
            }
        }
    }
    let mut roots: Vec<RouterKey> = routers
        .keys()
        .filter(|k| !mounted.contains(*k))
        .cloned()
        .collect();
    roots.sort();
    let mut out = Vec::new();
    for root in roots {
        let mut visiting = HashSet::new();
        walk(project, &routers, &root, "", &[], &mut visiting, &mut out);
    }
    out
}

/// `createRoute({ method: "get", path: "/users/{id}", middleware: [auth] })`, inline or
/// bound to a name: method, path and route-level middleware.
fn openapi_route(project: &Project, file: FileId, cfg: &Val) -> Option<(String, String, Vec<Val>)> {
    let (cfg_file, call_span) = match cfg {
        Val::Call { span, .. } => (file, *span),
        Val::Path(p) if !p.contains('.') => match project.resolve_local(file, p, 0)? {
            Symbol::Binding {
                file: bf, index, ..
            } => match &project.facts(bf)?.bindings.get(index)?.init {
                Val::Call { span, .. } => (bf, *span),
                _ => return None,
            },
            _ => return None,
        },
        _ => return None,
    };
    let obj = project
        .facts(cfg_file)?
        .call_at(call_span)?
        .args
        .first()?
        .clone();
    let method = obj.prop("method")?.as_str()?.to_ascii_uppercase();
    let path = obj.prop("path")?.as_str()?.to_string();
    let middleware = match obj.prop("middleware") {
        Some(Val::Array(items)) => items.clone(),
        Some(v) => vec![v.clone()],
        None => Vec::new(),
    };
    Some((method, path, middleware))
}

/// A router returned by a factory function: `function createSlackRouter() { const slack =
/// new Hono(); ...; return slack }`.
fn router_from_factory(
    project: &Project,
    file: FileId,
    callee: &str,
    routers: &HashMap<RouterKey, RouterInfo>,
) -> Option<RouterKey> {
    let Symbol::Function(f, span) = project.resolve_callee(file, callee)? else {
        return None;
    };
    let facts = project.facts(f)?;
    super::summary::range(&facts.returns, span, |r| r.span.start)
        .iter()
        .find_map(|r| match &r.val {
            Val::Path(name) if routers.contains_key(&(f, name.clone())) => Some((f, name.clone())),
            _ => None,
        })
}

fn reg_file(reg: &RouteRegFact) -> FileId {
    let id = reg
        .target
        .split('\u{0}')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    FileId(id)
}

fn walk(
    project: &Project,
    routers: &HashMap<RouterKey, RouterInfo>,
    key: &RouterKey,
    prefix: &str,
    inherited: &[ScopedGate],
    visiting: &mut HashSet<RouterKey>,
    out: &mut Vec<Candidate>,
) {
    if !visiting.insert(key.clone()) || visiting.len() > 32 {
        return;
    }
    let Some(info) = routers.get(key) else { return };
    let prefix = join_paths(prefix, &info.base_path);
    let framework = if info.kind == RouterKind::Hono {
        Framework::Hono
    } else {
        Framework::Express
    };
    let mut gates: Vec<ScopedGate> = inherited.to_vec();
    let mut regs: Vec<&RouteRegFact> = info.regs.iter().collect();
    // In a chain (`new Hono().use(auth).post(...)`) every call starts where the chain does;
    // the inner registration ends first and runs first.
    // Registrations in the router's own file run first (the code that creates it, such
    // as a `getApp()` factory that adds auth middleware); helpers it is handed to later
    // (`registerRoutes(app)`) add theirs after.
    regs.sort_by_key(|r| (reg_file(r) != key.0, reg_file(r), r.span.start, r.span.end));
    for reg in regs {
        let file = reg_file(reg);
        match reg.method.as_str() {
            "use" | "route" => {
                let base = reg.path.as_deref().map(|p| join_paths(&prefix, p));
                let mut local = Vec::new();
                for a in &reg.args {
                    let child = match a {
                        Val::Path(p) => router_key(project, file, p, routers),
                        // `app.route('/slack', createSlackRouter(config))`.
                        Val::Call { callee, .. } => {
                            router_from_factory(project, file, callee, routers)
                        }
                        _ => None,
                    };
                    if let Some(child) = child {
                        let mut inh = gates.clone();
                        inh.extend(local.iter().cloned());
                        walk(
                            project,
                            routers,
                            &child,
                            base.as_deref().unwrap_or(&prefix),
                            &inh,
                            visiting,
                            out,
                        );
                        continue;
                    }
                    if reg.method != "use" {
                        continue;
                    }
                    // A list of middleware held in a constant (`app.use(...protected)`).
                    let items = match a {
                        Val::Path(p) => middleware_list(project, file, p),
                        _ => None,
                    };
                    let items = items.unwrap_or_else(|| vec![(file, a.clone())]);
                    for (f, item) in &items {
                        if let Some(g) = gate_of(project, *f, item, reg.span) {
                            local.push(ScopedGate {
                                scope: base.clone(),
                                gate: g,
                            });
                        }
                    }
                }
                gates.extend(local);
            }
            verb => {
                // The method, path and route-level middleware of this registration.
                let (method, path, middleware): (String, String, Vec<Val>) = if verb == "openapi" {
                    let Some(route) = openapi_route(project, file, &reg.args[0]) else {
                        continue;
                    };
                    route
                } else {
                    let Some(path) = &reg.path else { continue };
                    let method = match verb {
                        "all" => "ANY".to_string(),
                        "del" => "DELETE".to_string(),
                        v => v.to_ascii_uppercase(),
                    };
                    let before = reg
                        .args
                        .split_last()
                        .map(|(_, b)| b.to_vec())
                        .unwrap_or_default();
                    (method, path.clone(), before)
                };
                let Some(last) = reg.args.last() else {
                    continue;
                };
                let full = join_paths(&prefix, &path);
                let mut route_gates: Vec<Gate> = gates
                    .iter()
                    .filter(|g| {
                        g.scope
                            .as_deref()
                            .is_none_or(|s| scope_matches(s, &full, info.kind))
                    })
                    .map(|g| g.gate.clone())
                    .collect();
                for m in &middleware {
                    if let Some(g) = gate_of(project, file, m, reg.span) {
                        route_gates.push(g);
                    }
                }
                let handler = unwrap_handler(project, file, last, reg.span, &mut route_gates, 0);
                out.push(Candidate {
                    method,
                    path: full,
                    framework,
                    file,
                    at: reg.span,
                    handler,
                    gates: route_gates,
                    next_root: None,
                    action: false,
                });
            }
        }
    }
    visiting.remove(key);
}
