//! Next.js: roots (a directory with next.config or a `next` dependency), App Router route
//! handlers and pages, Pages Router API routes and pages.

use super::project::{Project, Symbol, dir_of, join};
use super::routes::{Candidate, unwrap_handler};
use crate::js::facts::{ExportFact, Val};
use shipgate_model::{FileId, Framework, Page, Span};

pub const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Directories that hold a Next.js app.
pub fn roots(project: &Project) -> Vec<String> {
    let mut roots: Vec<String> = Vec::new();
    for p in &project.all_paths {
        let name = p.rsplit('/').next().unwrap_or(p);
        if name.starts_with("next.config.") {
            roots.push(dir_of(p).to_string());
        }
    }
    for pkg in &project.packages {
        if pkg.deps.contains("next") {
            roots.push(pkg.dir.clone());
        }
    }
    if roots.is_empty() {
        let has = |prefix: &str| project.all_paths.iter().any(|p| p.starts_with(prefix));
        if has("app/") || has("src/app/") || has("pages/") || has("src/pages/") {
            roots.push(String::new());
        }
    }
    roots.sort();
    roots.dedup();
    roots
}

fn under(root: &str, sub: &str) -> String {
    join(root, sub).unwrap_or_default()
}

/// Splits a file under an App Router dir into its URL segments; `None` if not routable.
fn app_segments(rel_dir: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for seg in rel_dir.split('/').filter(|s| !s.is_empty()) {
        if seg.starts_with('_') {
            return None;
        }
        if (seg.starts_with('(') && seg.ends_with(')')) || seg.starts_with('@') {
            continue;
        }
        if seg.starts_with('(') {
            // Intercepting routes `(.)photo`, `(..)photo`: served under their own path.
            let trimmed = seg.trim_start_matches(['(', '.', ')']);
            out.push(trimmed.to_string());
            continue;
        }
        out.push(seg.to_string());
    }
    Some(out)
}

fn to_path(segs: &[String]) -> String {
    if segs.is_empty() {
        "/".to_string()
    } else {
        format!("/{}", segs.join("/"))
    }
}

fn stem_ext(name: &str) -> Option<(&str, &str)> {
    name.rsplit_once('.')
}

pub struct NextOutput {
    pub routes: Vec<Candidate>,
    pub pages: Vec<Page>,
    /// Route handler files (`app/**/route.ts`, `pages/api/**`): their root, URL path and
    /// whether it is a Pages Router API route (any method).
    pub handler_files: Vec<HandlerFile>,
}

pub struct HandlerFile {
    pub root: String,
    pub path: String,
    pub pages_api: bool,
}

pub fn collect(project: &Project, roots: &[String]) -> NextOutput {
    let mut out = NextOutput {
        routes: Vec::new(),
        pages: Vec::new(),
        handler_files: Vec::new(),
    };
    for root in roots {
        // Prefer `app/` at the root; `src/app` only when there is no root `app/`.
        for app_dir in [under(root, "app"), under(root, "src/app")] {
            let prefix = format!("{app_dir}/");
            for path in project.all_paths.range(prefix.clone()..) {
                if !path.starts_with(&prefix) {
                    break;
                }
                let rest = &path[prefix.len()..];
                let (dir, name) = rest.rsplit_once('/').unwrap_or(("", rest));
                let Some((stem, ext)) = stem_ext(name) else {
                    continue;
                };
                if !matches!(ext, "ts" | "tsx" | "js" | "jsx" | "mjs") {
                    continue;
                }
                let Some(segs) = app_segments(dir) else {
                    continue;
                };
                let Some(&file) = project.by_path.get(path) else {
                    continue;
                };
                match stem {
                    "route" => {
                        out.handler_files.push(HandlerFile {
                            root: root.clone(),
                            path: to_path(&segs),
                            pages_api: false,
                        });
                        out.routes
                            .extend(app_route(project, file, &to_path(&segs), root))
                    }
                    "page" => out.pages.push(Page {
                        path: to_path(&segs),
                        file,
                        dynamic: segs.iter().any(|s| s.starts_with('[')),
                        router: Framework::NextApp,
                        middleware_guarded: false,
                        role_check: None,
                        data_ops: Vec::new(),
                    }),
                    _ => {}
                }
            }
        }
        for pages_dir in [under(root, "pages"), under(root, "src/pages")] {
            let prefix = format!("{pages_dir}/");
            for path in project.all_paths.range(prefix.clone()..) {
                if !path.starts_with(&prefix) {
                    break;
                }
                let rest = &path[prefix.len()..];
                let Some((stem_path, ext)) = rest.rsplit_once('.') else {
                    continue;
                };
                if !matches!(ext, "ts" | "tsx" | "js" | "jsx") {
                    continue;
                }
                let Some(&file) = project.by_path.get(path) else {
                    continue;
                };
                let mut segs: Vec<String> = stem_path.split('/').map(str::to_string).collect();
                if segs.last().is_some_and(|s| s == "index") {
                    segs.pop();
                }
                if segs.first().is_some_and(|s| s == "api") {
                    out.handler_files.push(HandlerFile {
                        root: root.clone(),
                        path: to_path(&segs),
                        pages_api: true,
                    });
                    out.routes
                        .extend(pages_api_route(project, file, &to_path(&segs), root));
                } else if !segs.iter().any(|s| s.starts_with('_'))
                    && !stem_path.contains(".test")
                    && !stem_path.contains(".spec")
                {
                    out.pages.push(Page {
                        path: to_path(&segs),
                        file,
                        dynamic: segs.iter().any(|s| s.starts_with('[')),
                        router: Framework::NextPages,
                        middleware_guarded: false,
                        role_check: None,
                        data_ops: Vec::new(),
                    });
                }
            }
        }
    }
    out
}

fn handler_of_symbol(
    project: &Project,
    sym: Symbol,
    gates: &mut Vec<super::routes::Gate>,
) -> Option<(FileId, Span)> {
    match sym {
        Symbol::Function(f, s) => Some((f, s)),
        Symbol::Binding { file, index, .. } => {
            let b = project.facts(file)?.bindings.get(index)?;
            let init = b.init.clone();
            unwrap_handler(project, file, &init, b.span, gates, 0)
        }
        Symbol::External { .. } => None,
    }
}

/// Route files that only hand requests to another router (tRPC, Hono): the procedures
/// and routes behind them are inventoried on their own.
fn is_adapter(project: &Project, file: FileId) -> bool {
    project.facts(file).is_some_and(|f| {
        f.imports.iter().any(|i| {
            i.source.starts_with("@trpc/server/adapters")
                || i.source == "hono/vercel"
                || i.source == "hono/nextjs"
                || i.source.starts_with("@hono/node-server")
        })
    })
}

fn app_route(project: &Project, file: FileId, path: &str, root: &str) -> Vec<Candidate> {
    let Some(facts) = project.facts(file) else {
        return Vec::new();
    };
    if is_adapter(project, file) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for e in &facts.exports {
        let (exported, span, sym) = match e {
            ExportFact::Local {
                exported,
                local,
                span,
            } => (exported, *span, project.resolve_local(file, local, 0)),
            ExportFact::ReExport {
                exported,
                imported,
                source,
                span,
            } => (
                exported,
                *span,
                match project.resolve_import(file, source) {
                    Some(t) => project.resolve_export(t, imported, 0),
                    None => Some(Symbol::External {
                        source: source.clone(),
                        name: imported.clone(),
                    }),
                },
            ),
            _ => continue,
        };
        if !HTTP_METHODS.contains(&exported.as_str()) {
            continue;
        }
        let mut gates = Vec::new();
        let handler = sym.and_then(|s| handler_of_symbol(project, s, &mut gates));
        let at = handler.filter(|h| h.0 == file).map(|h| h.1).unwrap_or(span);
        out.push(Candidate {
            method: exported.clone(),
            path: path.to_string(),
            framework: Framework::NextApp,
            file,
            at,
            handler,
            gates,
            next_root: Some(root.to_string()),
            action: false,
        });
    }
    out
}

fn pages_api_route(project: &Project, file: FileId, path: &str, root: &str) -> Vec<Candidate> {
    let Some(facts) = project.facts(file) else {
        return Vec::new();
    };
    if is_adapter(project, file) {
        return Vec::new();
    }
    let mut gates = Vec::new();
    let mut handler = None;
    let mut at = Span::default();
    for e in &facts.exports {
        match e {
            ExportFact::Default { val, span } => {
                at = *span;
                handler = unwrap_handler(project, file, val, *span, &mut gates, 0);
            }
            ExportFact::Local {
                exported,
                local,
                span,
            } if exported == "default" => {
                at = *span;
                handler = project
                    .resolve_local(file, local, 0)
                    .and_then(|s| handler_of_symbol(project, s, &mut gates));
            }
            ExportFact::ReExport {
                exported,
                imported,
                source,
                span,
            } if exported == "default" => {
                at = *span;
                handler = project
                    .resolve_import(file, source)
                    .and_then(|t| project.resolve_export(t, imported, 0))
                    .and_then(|s| handler_of_symbol(project, s, &mut gates));
            }
            _ => {}
        }
    }
    if at == Span::default() && handler.is_none() {
        return Vec::new();
    }
    if let Some(h) = handler
        && h.0 == file
    {
        at = h.1;
    }
    // Methods from `req.method` tests inside the handler.
    let mut methods: Vec<String> = Vec::new();
    if let Some((hf, hs)) = handler
        && let Some(hfacts) = project.facts(hf)
    {
        let tests: Vec<_> = hfacts
            .method_tests
            .iter()
            .filter(|t| hs.contains(t.span))
            .collect();
        let negated: Vec<String> = tests
            .iter()
            .filter(|t| t.negated)
            .map(|t| t.method.clone())
            .collect();
        methods = if !negated.is_empty() {
            negated
        } else {
            tests.iter().map(|t| t.method.clone()).collect()
        };
        // `if (req.method === 'DELETE') {...} if (req.method === 'PATCH') {...}` and then a
        // read for everything else: without a 405 anywhere, other methods fall through.
        let text = project.files[hf.0 as usize].slice(hs);
        let if_chain = !tests.is_empty() && tests.iter().all(|t| !t.negated && !t.in_switch);
        if if_chain
            && !text.contains("405")
            && !text.contains("Method Not Allowed")
            && !methods.iter().any(|m| m == "GET")
        {
            methods.push("GET".into());
        }
    }
    methods.retain(|m| HTTP_METHODS.contains(&m.as_str()));
    methods.sort();
    methods.dedup();
    if methods.is_empty() {
        methods.push("ANY".into());
    }
    methods
        .into_iter()
        .map(|m| Candidate {
            method: m,
            path: path.to_string(),
            framework: Framework::NextPages,
            file,
            at,
            handler,
            gates: gates.clone(),
            next_root: Some(root.to_string()),
            action: false,
        })
        .collect()
}

/// Server actions: exported functions of `'use server'` modules.
pub fn server_actions(project: &Project, roots: &[String]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (file, facts) in project.js_files() {
        if super::project::is_test_path(project.path(file)) {
            continue;
        }
        if !facts.has_directive("use server") {
            // Inline actions: `async function save(formData) { "use server"; ... }`.
            for f in facts
                .functions
                .iter()
                .filter(|f| f.use_server && f.is_async)
            {
                let path = project.path(file);
                let line = project.files[file.0 as usize].line_col(f.span.start).0;
                let name = f.name.clone().unwrap_or_else(|| format!("inline@{line}"));
                let root = roots
                    .iter()
                    .filter(|r| r.is_empty() || path.starts_with(&format!("{r}/")))
                    .max_by_key(|r| r.len())
                    .cloned();
                out.push(Candidate {
                    method: "POST".into(),
                    path: format!("action:{path}#{name}"),
                    framework: Framework::ServerAction,
                    file,
                    at: f.span,
                    handler: Some((file, f.span)),
                    gates: Vec::new(),
                    next_root: root,
                    action: true,
                });
            }
            continue;
        }
        let path = project.path(file);
        let root = roots
            .iter()
            .filter(|r| r.is_empty() || path.starts_with(&format!("{r}/")))
            .max_by_key(|r| r.len())
            .cloned();
        for e in &facts.exports {
            // A page, layout or template module's default export is a component.
            let stem = path
                .rsplit('/')
                .next()
                .unwrap_or(path)
                .split('.')
                .next()
                .unwrap_or("");
            let is_default = matches!(e, ExportFact::Default { .. })
                || matches!(e, ExportFact::Local { exported, .. } if exported == "default");
            if is_default
                && matches!(
                    stem,
                    "page" | "layout" | "template" | "loading" | "error" | "not-found" | "default"
                )
            {
                continue;
            }
            let (name, sym, span) = match e {
                ExportFact::Local {
                    exported,
                    local,
                    span,
                } => (
                    exported.clone(),
                    project.resolve_local(file, local, 0),
                    *span,
                ),
                ExportFact::Default {
                    val: Val::Func(s),
                    span,
                } => (
                    "default".to_string(),
                    Some(Symbol::Function(file, *s)),
                    *span,
                ),
                _ => continue,
            };
            let mut gates = Vec::new();
            let Some(handler) = sym.and_then(|s| handler_of_symbol(project, s, &mut gates)) else {
                continue;
            };
            let Some(f) = project.function(handler.0, handler.1) else {
                continue;
            };
            if !f.is_async {
                continue;
            }
            out.push(Candidate {
                method: "POST".into(),
                path: format!("action:{path}#{name}"),
                framework: Framework::ServerAction,
                file,
                at: if handler.0 == file { handler.1 } else { span },
                handler: Some(handler),
                gates,
                next_root: root.clone(),
                action: true,
            });
        }
    }
    out
}
