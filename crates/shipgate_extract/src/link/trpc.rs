//! tRPC: routers built with `createTRPCRouter({...})` / `router({...})`, their procedures
//! (`publicProcedure.query(...)`, `protectedProcedure.input(...).mutation(...)`) and the
//! `.use(...)` middleware each procedure base carries. Routes are
//! `/api/trpc/<router>.<procedure>`.

use super::project::{Project, Symbol};
use super::routes::{Candidate, Gate, chain_gates, gate_of};
use super::summary::range;
use crate::js::facts::{Val, callee_root};
use shipgate_model::{FileId, Framework, Span};
use std::collections::{HashMap, HashSet};

struct RouterDef {
    file: FileId,
    name: Option<String>,
    span: Span,
    props: Vec<(String, Val)>,
}

fn is_router_factory(callee: &str) -> bool {
    let last = callee.rsplit('.').next().unwrap_or(callee);
    matches!(
        last,
        "createTRPCRouter"
            | "router"
            | "createRouter"
            | "createTRPCRouterWithLogging"
            | "mergeRouters"
    ) && !callee.starts_with("express")
}

pub fn collect(project: &Project) -> Vec<Candidate> {
    let mut defs: Vec<RouterDef> = Vec::new();
    for (file, facts) in project.js_files() {
        if super::project::is_test_path(project.path(file)) {
            continue;
        }
        if !facts.imports.iter().any(|i| i.source.contains("trpc"))
            && !facts.calls.iter().any(|c| c.callee.starts_with("t."))
        {
            continue;
        }
        for c in &facts.calls {
            if !is_router_factory(&c.callee) {
                continue;
            }
            let Some(Val::Object(props, _)) = c.args.first() else {
                continue;
            };
            let name = facts.bindings.iter().find_map(|b| match &b.init {
                Val::Call { span, .. } if *span == c.span => {
                    b.names.first().map(|n| n.name.clone())
                }
                _ => None,
            });
            defs.push(RouterDef {
                file,
                name,
                span: c.span,
                props: props.clone(),
            });
        }
    }
    if defs.is_empty() {
        return Vec::new();
    }
    // Which definitions are nested inside others (by name reference)?
    let mut referenced: HashSet<(FileId, String)> = HashSet::new();
    for d in &defs {
        for (_, v) in &d.props {
            if let Val::Path(p) = v
                && let Some(target) = resolve_router(project, d.file, p, &defs)
            {
                referenced.insert((
                    defs[target].file,
                    defs[target].name.clone().unwrap_or_default(),
                ));
            }
        }
    }
    let roots: Vec<usize> = (0..defs.len())
        .filter(|&i| match &defs[i].name {
            Some(n) => !referenced.contains(&(defs[i].file, n.clone())),
            None => false,
        })
        .collect();
    let mut w = Walker {
        project,
        defs: &defs,
        seen: HashSet::new(),
        base_cache: HashMap::new(),
        ep: endpoint(project),
        out: Vec::new(),
    };
    for r in roots {
        w.seen.clear();
        w.walk(r, "");
    }
    w.out
}

fn resolve_router(
    project: &Project,
    file: FileId,
    name: &str,
    defs: &[RouterDef],
) -> Option<usize> {
    if name.contains('.') {
        return None;
    }
    if let Some(i) = defs
        .iter()
        .position(|d| d.file == file && d.name.as_deref() == Some(name))
    {
        return Some(i);
    }
    match project.resolve_local(file, name, 0)? {
        Symbol::Binding {
            file: f, name: n, ..
        } => defs
            .iter()
            .position(|d| d.file == f && d.name.as_deref() == Some(n.as_str())),
        _ => None,
    }
}

struct Walker<'a> {
    project: &'a Project,
    defs: &'a [RouterDef],
    seen: HashSet<usize>,
    base_cache: HashMap<(FileId, String), Vec<Gate>>,
    ep: String,
    out: Vec<Candidate>,
}

impl Walker<'_> {
    fn walk(&mut self, idx: usize, prefix: &str) {
        let (project, defs) = (self.project, self.defs);
        if !self.seen.insert(idx) || self.seen.len() > 64 {
            return;
        }
        let def = &defs[idx];
        let _ = def.span;
        for (key, val) in &def.props {
            let full = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            match val {
                Val::Path(p) => {
                    if let Some(child) = resolve_router(project, def.file, p, defs) {
                        self.walk(child, &full);
                    } else if !p.contains('.')
                        && let Some(Symbol::Binding { file, index, .. }) =
                            project.resolve_local(def.file, p, 0)
                        && let Some(b) = project.facts(file).and_then(|f| f.bindings.get(index))
                        && let Val::Call { callee, span } = &b.init
                    {
                        // A procedure defined elsewhere: `create: createApiProcedure`.
                        let p = procedure(
                            project,
                            file,
                            callee,
                            *span,
                            &full,
                            &mut self.base_cache,
                            &self.ep,
                        );
                        self.out.extend(p);
                    }
                }
                Val::Call { callee, span } if is_router_factory(callee) => {
                    if let Some(child) = defs
                        .iter()
                        .position(|d| d.file == def.file && d.span == *span)
                    {
                        self.walk(child, &full);
                    }
                }
                Val::Call { callee, span } => {
                    let p = procedure(
                        project,
                        def.file,
                        callee,
                        *span,
                        &full,
                        &mut self.base_cache,
                        &self.ep,
                    );
                    self.out.extend(p);
                }
                _ => {}
            }
        }
        self.seen.remove(&idx);
    }
}

/// A procedure: `protectedProcedure.input(schema).mutation(async ({ ctx, input }) => ...)`.
fn procedure(
    project: &Project,
    file: FileId,
    callee: &str,
    span: shipgate_model::Span,
    full: &str,
    base_cache: &mut HashMap<(FileId, String), Vec<Gate>>,
    ep: &str,
) -> Option<Candidate> {
    let kind = callee.rsplit('.').next().unwrap_or(callee);
    let method = match kind {
        "query" | "subscription" => "GET",
        "mutation" => "POST",
        _ => return None,
    };
    let facts = project.facts(file)?;
    let call = facts.call_at(span)?;
    let mut gates = chain_gates(project, file, callee_root(callee), base_cache, 0);
    // Inline `.use(...)` on this procedure's own chain.
    for c in range(&facts.calls, span, |c| c.span.start) {
        if c.callee.ends_with(".use") && span.contains(c.span) && c.span != span {
            for a in &c.args {
                if let Some(g) = gate_of(project, file, a, c.span) {
                    gates.push(g);
                }
            }
        }
    }
    let handler = call.args.iter().rev().find_map(|a| match a {
        Val::Func(s) => Some((file, *s)),
        _ => None,
    });
    Some(Candidate {
        method: method.into(),
        path: format!("{ep}/{full}"),
        framework: Framework::Trpc,
        file,
        at: handler.map(|h| h.1).unwrap_or(span),
        handler,
        gates,
        next_root: None,
        action: false,
    })
}

/// The tRPC HTTP endpoint: `fetchRequestHandler({ endpoint: "/api/trpc/lambda" })`, else
/// the conventional `/api/trpc`.
fn endpoint(project: &Project) -> String {
    for (_, facts) in project.js_files() {
        for c in &facts.calls {
            if matches!(
                c.method(),
                "fetchRequestHandler" | "createNextApiHandler" | "createHTTPHandler"
            ) && let Some(ep) = c
                .args
                .first()
                .and_then(|a| a.prop("endpoint"))
                .and_then(|e| e.as_str())
            {
                return ep.trim_end_matches('/').to_string();
            }
        }
    }
    "/api/trpc".to_string()
}
