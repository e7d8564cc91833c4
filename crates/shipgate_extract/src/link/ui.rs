//! The product surface: which paths each Next.js app serves (pages, handlers, `public/`,
//! rewrites), which same-origin paths the code links to or fetches, and controls that
//! do nothing or images without alt text.

use super::middleware::Middleware;
use super::next::HandlerFile;
use super::project::{Project, is_test_path};
use crate::js::facts::{JsFacts, JsxElementFact, JsxValue, Val};
use shipgate_model::ui::{
    DeadControl, DeadReason, ImageUse, ServedKind, ServedPath, TargetSeg, UrlRef, UrlRefKind,
    parse_pattern,
};
use shipgate_model::{FileId, Framework, Loc, Page, Route};
use std::collections::HashSet;

pub struct Ui {
    pub served: Vec<ServedPath>,
    pub url_refs: Vec<UrlRef>,
    pub dead_controls: Vec<DeadControl>,
    pub images: Vec<ImageUse>,
}

/// The Next.js root a file belongs to: the longest root that contains it.
fn root_of<'r>(roots: &'r [String], path: &str) -> Option<&'r String> {
    roots
        .iter()
        .filter(|r| r.is_empty() || path.starts_with(&format!("{r}/")))
        .max_by_key(|r| r.len())
}

fn served(
    root: Option<&str>,
    pattern: &str,
    kind: ServedKind,
    methods: Option<Vec<String>>,
    at: Option<Loc>,
) -> ServedPath {
    ServedPath {
        root: root.map(str::to_string),
        pattern: pattern.to_string(),
        segs: parse_pattern(pattern),
        kind,
        methods,
        at,
    }
}

pub fn collect(
    project: &Project,
    roots: &[String],
    routes: &[Route],
    pages: &[Page],
    handler_files: &[HandlerFile],
    middleware: &[Middleware],
) -> Ui {
    let mut out = Ui {
        served: served_paths(project, roots, routes, pages, handler_files, middleware),
        url_refs: Vec::new(),
        dead_controls: Vec::new(),
        images: Vec::new(),
    };
    let imported = imported_files(project);
    for (file, facts) in project.js_files() {
        let path = project.path(file);
        let name = path.rsplit('/').next().unwrap_or(path);
        let story = name.starts_with("stories.") || name.starts_with("story.");
        if is_test_path(path) || super::is_offline_module(path) || story || is_showcase(path) {
            continue;
        }
        // A component nothing imports never renders: its links are dead code, not
        // broken links.
        if !imported.contains(&file) && !is_entry_point(path) {
            continue;
        }
        let root = root_of(roots, path).cloned();
        url_refs_of(file, facts, root.as_deref(), &mut out.url_refs);
        for el in &facts.jsx {
            jsx_element(file, facts, el, root.as_deref(), &mut out);
        }
    }
    out.served
        .sort_by(|a, b| (&a.root, &a.pattern, a.kind).cmp(&(&b.root, &b.pattern, b.kind)));
    out
}

/// Files some other file loads at run time.
fn imported_files(project: &Project) -> HashSet<FileId> {
    let mut out = HashSet::new();
    for (file, facts) in project.js_files() {
        for dep in &facts.module_deps {
            if let Some(target) = project.resolve_import(file, dep) {
                out.insert(target);
            }
        }
    }
    out
}

/// Files the framework loads by their name: Next.js pages, layouts, route handlers,
/// middleware, and app entry points of other stacks.
fn is_entry_point(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    matches!(
        stem,
        "page"
            | "layout"
            | "template"
            | "default"
            | "error"
            | "global-error"
            | "not-found"
            | "loading"
            | "route"
            | "middleware"
            | "proxy"
            | "_app"
            | "_document"
            | "index"
            | "main"
            | "App"
    ) || path.contains("/pages/")
}

/// Component galleries and demos: `examples/`, `registry/`, `showcase/`. Their
/// placeholder links and buttons are the point.
fn is_showcase(path: &str) -> bool {
    path.split('/').any(|seg| {
        matches!(
            seg,
            "examples"
                | "example"
                | "registry"
                | "__registry__"
                | "demos"
                | "showcase"
                | "playground"
        )
    })
}

fn served_paths(
    project: &Project,
    roots: &[String],
    routes: &[Route],
    pages: &[Page],
    handler_files: &[HandlerFile],
    middleware: &[Middleware],
) -> Vec<ServedPath> {
    let mut out = Vec::new();
    for p in pages {
        let root = root_of(roots, project.path(p.file));
        out.push(served(
            root.map(String::as_str),
            &p.path,
            ServedKind::Page,
            None,
            Some(Loc::new(p.file, Default::default())),
        ));
    }
    // The methods of each App Router handler, by path and root: one pass, not one per file.
    let mut by_handler: std::collections::HashMap<(&str, &str), Vec<String>> =
        std::collections::HashMap::new();
    for r in routes.iter().filter(|r| r.framework == Framework::NextApp) {
        if let Some(root) = root_of(roots, project.path(r.at.file)) {
            by_handler
                .entry((r.path.as_str(), root.as_str()))
                .or_default()
                .push(r.method.clone());
        }
    }
    for h in handler_files {
        let methods = by_handler
            .get(&(h.path.as_str(), h.root.as_str()))
            .cloned()
            .unwrap_or_default();
        // A Pages Router API route answers every method; a route file shipgate could not
        // read (an adapter for Hono or tRPC) may too.
        let methods = (!h.pages_api && !methods.is_empty()).then_some(methods);
        out.push(served(
            Some(&h.root),
            &h.path,
            ServedKind::Handler,
            methods,
            None,
        ));
    }
    for r in routes {
        if matches!(r.framework, Framework::Express | Framework::Hono) && r.path.starts_with('/') {
            let method = r.method.to_ascii_uppercase();
            let methods = super::next::HTTP_METHODS
                .contains(&method.as_str())
                .then(|| vec![method]);
            out.push(served(
                None,
                &r.path,
                ServedKind::Handler,
                methods,
                Some(r.at),
            ));
        }
    }
    for root in roots {
        static_files(project, root, &mut out);
        rewrites(project, root, middleware, pages, &mut out);
    }
    out
}

/// `public/**` and metadata files (`app/robots.ts` → `/robots.txt`).
fn static_files(project: &Project, root: &str, out: &mut Vec<ServedPath>) {
    let public = if root.is_empty() {
        "public/".to_string()
    } else {
        format!("{root}/public/")
    };
    for p in project.all_paths.range(public.clone()..) {
        if !p.starts_with(&public) {
            break;
        }
        out.push(served(
            Some(root),
            &format!("/{}", &p[public.len()..]),
            ServedKind::Static,
            None,
            None,
        ));
    }
    for app in ["app", "src/app"] {
        let dir = if root.is_empty() {
            app.to_string()
        } else {
            format!("{root}/{app}")
        };
        for (stem, url) in [
            ("robots", "/robots.txt"),
            ("sitemap", "/sitemap.xml"),
            ("manifest", "/manifest.webmanifest"),
            ("favicon", "/favicon.ico"),
        ] {
            let prefix = format!("{dir}/{stem}.");
            if project
                .all_paths
                .range(prefix.clone()..)
                .next()
                .is_some_and(|p| p.starts_with(&prefix))
            {
                out.push(served(Some(root), url, ServedKind::Static, None, None));
            }
        }
    }
}

/// Rewrite and redirect sources in `next.config.*` and `vercel.json`; a catch-all when
/// middleware rewrites or localises paths, or a config's rules cannot be read.
fn rewrites(
    project: &Project,
    root: &str,
    middleware: &[Middleware],
    pages: &[Page],
    out: &mut Vec<ServedPath>,
) {
    let in_root = |name: &str| {
        if root.is_empty() {
            name.to_string()
        } else {
            format!("{root}/{name}")
        }
    };
    let mut catch_all: Option<String> = None;
    for ext in ["js", "mjs", "ts", "cjs", "mts"] {
        let path = in_root(&format!("next.config.{ext}"));
        let Some(&file) = project.by_path.get(&path) else {
            continue;
        };
        let text = &project.files[file.0 as usize].text;
        let mut sources = Vec::new();
        if let Some(facts) = project.facts(file) {
            for r in &facts.returns {
                sources_in(&r.val, &mut sources, 0);
            }
            for b in &facts.bindings {
                sources_in(&b.init, &mut sources, 0);
            }
        }
        let has_rules = ["rewrites", "redirects", "i18n"]
            .iter()
            .any(|w| text.contains(w));
        if has_rules && (sources.is_empty() || text.contains("i18n")) {
            catch_all = Some(format!("`{path}` rewrites or localises paths"));
        }
        for s in sources {
            out.push(served(
                Some(root),
                &s,
                ServedKind::Rewrite,
                None,
                Some(Loc::new(file, Default::default())),
            ));
        }
    }
    for vercel in [in_root("vercel.json"), "vercel.json".to_string()] {
        let Some(&file) = project.by_path.get(&vercel) else {
            continue;
        };
        let Some(json) = project.json.get(file.0 as usize).and_then(|j| j.as_ref()) else {
            continue;
        };
        for key in ["rewrites", "redirects"] {
            for rule in json[key].as_array().into_iter().flatten() {
                if let Some(src) = rule["source"].as_str() {
                    out.push(served(Some(root), src, ServedKind::Rewrite, None, None));
                }
            }
        }
        if json["routes"].is_array() {
            catch_all = Some(format!("`{vercel}` has routing rules"));
        }
    }
    for m in middleware.iter().filter(|m| m.next_root == root) {
        let text = &project.files[m.file.0 as usize].text;
        if text.contains(".rewrite(") || text.contains("next-intl") {
            catch_all = Some(format!("`{}` rewrites paths", project.path(m.file)));
        }
    }
    // Localised apps (`app/[locale]/...`): a link to `/about` is redirected to
    // `/en/about` by the locale middleware.
    let localised = |p: &&Page| {
        let first = p
            .path
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or("");
        matches!(
            first,
            "[locale]" | "[lang]" | "[lng]" | "[language]" | "[countryCode]"
        )
    };
    let in_root =
        |p: &&Page| root.is_empty() || project.path(p.file).starts_with(&format!("{root}/"));
    for p in pages.iter().filter(in_root).filter(localised) {
        let rest = p
            .path
            .trim_start_matches('/')
            .split_once('/')
            .map_or("", |(_, r)| r);
        out.push(served(
            Some(root),
            &format!("/{rest}"),
            ServedKind::Rewrite,
            None,
            Some(Loc::new(p.file, Default::default())),
        ));
    }
    if let Some(_why) = catch_all {
        out.push(served(
            Some(root),
            "/:path*",
            ServedKind::Rewrite,
            None,
            None,
        ));
    }
}

/// `source: "/old/:path*"` in the objects of a config's rewrites and redirects.
fn sources_in(v: &Val, out: &mut Vec<String>, depth: u32) {
    if depth > 6 {
        return;
    }
    match v {
        Val::Object(props, spreads) => {
            if let Some(s) = v.prop("source").and_then(Val::as_str)
                && s.starts_with('/')
            {
                out.push(s.to_string());
            }
            for (_, x) in props {
                sources_in(x, out, depth + 1);
            }
            for x in spreads {
                sources_in(x, out, depth + 1);
            }
        }
        Val::Array(xs) => xs.iter().for_each(|x| sources_in(x, out, depth + 1)),
        _ => {}
    }
}

/// A same-origin path from a string or template: `"/deals"`, `` `/deals/${id}` ``.
/// `None` for URLs, relative paths and values shipgate cannot read.
fn target_of(v: &Val) -> Option<(String, Vec<TargetSeg>)> {
    const HOLE: char = '\u{1}';
    let (raw, shown) = match v {
        Val::Str(s) => (s.clone(), s.clone()),
        Val::Template(parts, vals) => {
            let mut raw = String::new();
            let mut shown = String::new();
            for (i, part) in parts.iter().enumerate() {
                raw.push_str(part);
                shown.push_str(part);
                if i + 1 < parts.len() {
                    raw.push(HOLE);
                    match vals.get(i) {
                        Some(Val::Path(p)) if p.len() <= 40 => shown.push_str(&format!("${{{p}}}")),
                        _ => shown.push_str("${…}"),
                    }
                }
            }
            (raw, shown)
        }
        _ => return None,
    };
    if !raw.starts_with('/') || raw.starts_with("//") || raw.contains('\\') {
        return None;
    }
    let path = raw.split(['?', '#']).next().unwrap_or("");
    let shown = shown.split(['?', '#']).next().unwrap_or("").to_string();
    let segs: Vec<TargetSeg> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.contains(HOLE) {
                TargetSeg::Any
            } else {
                TargetSeg::Lit(s.to_string())
            }
        })
        .collect();
    if segs.len() > 32 {
        return None;
    }
    Some((shown, segs))
}

fn imported_from(facts: &JsFacts, local: &str, sources: &[&str]) -> bool {
    facts
        .import_of(local)
        .is_some_and(|i| sources.contains(&i.source.as_str()))
}

/// Locals bound to a Next.js router: `const router = useRouter()`.
fn router_locals(facts: &JsFacts) -> Vec<&str> {
    facts
        .bindings
        .iter()
        .filter(|b| matches!(&b.init, Val::Call { callee, .. } if callee == "useRouter"))
        .flat_map(|b| b.names.iter().map(|n| n.name.as_str()))
        .collect()
}

fn url_refs_of(file: FileId, facts: &JsFacts, root: Option<&str>, out: &mut Vec<UrlRef>) {
    let routers = router_locals(facts);
    let axios = imported_from(facts, "axios", &["axios"]);
    for c in &facts.calls {
        let callee = c.callee.as_str();
        let (kind, method, target) = match callee {
            "fetch" | "window.fetch" | "globalThis.fetch" => {
                let method = match c.args.get(1) {
                    None => Some("GET".to_string()),
                    Some(o @ Val::Object(_, spreads)) if spreads.is_empty() => {
                        match o.prop("method") {
                            None => Some("GET".to_string()),
                            Some(m) => m.as_str().map(str::to_ascii_uppercase),
                        }
                    }
                    Some(_) => None,
                };
                (UrlRefKind::Fetch, method, c.args.first())
            }
            "useSWR" | "useSWRImmutable" | "useSWRInfinite" => {
                (UrlRefKind::Fetch, None, c.args.first())
            }
            _ if axios && callee.starts_with("axios.") => {
                let m = &callee["axios.".len()..];
                if !matches!(m, "get" | "post" | "put" | "patch" | "delete" | "head") {
                    continue;
                }
                (
                    UrlRefKind::Fetch,
                    Some(m.to_ascii_uppercase()),
                    c.args.first(),
                )
            }
            "redirect" | "permanentRedirect"
                if imported_from(facts, callee, &["next/navigation"]) =>
            {
                (UrlRefKind::Redirect, None, c.args.first())
            }
            "NextResponse.redirect" => {
                // `NextResponse.redirect(new URL("/login", req.url))`.
                let target = match c.args.first() {
                    Some(Val::Call { callee, span }) if callee == "URL" => {
                        facts.call_at(*span).and_then(|u| u.args.first())
                    }
                    _ => None,
                };
                (UrlRefKind::Redirect, None, target)
            }
            _ => {
                let Some((obj, m)) = callee.rsplit_once('.') else {
                    continue;
                };
                let router = routers.contains(&obj)
                    || (obj == "Router" && imported_from(facts, "Router", &["next/router"]));
                if !router || !matches!(m, "push" | "replace" | "prefetch") {
                    continue;
                }
                (UrlRefKind::Navigate, None, c.args.first())
            }
        };
        let Some((shown, segs)) = target.and_then(target_of) else {
            continue;
        };
        out.push(UrlRef {
            at: Loc::new(file, c.span),
            kind,
            via: callee.to_string(),
            method,
            target: shown,
            segs,
            root: root.map(str::to_string),
        });
    }
}

fn jsx_element(
    file: FileId,
    facts: &JsFacts,
    el: &JsxElementFact,
    root: Option<&str>,
    out: &mut Ui,
) {
    let at = Loc::new(file, el.span);
    let next_link = matches!(el.name.as_str(), "Link" | "NextLink")
        && imported_from(facts, &el.name, &["next/link"]);
    let href = el.attr("href").and_then(|a| match &a.value {
        JsxValue::Val(v) => Some(v),
        _ => None,
    });
    if next_link || el.name == "a" {
        if let Some((shown, segs)) = href.and_then(target_of) {
            out.url_refs.push(UrlRef {
                at,
                kind: UrlRefKind::Link,
                via: el.name.clone(),
                method: None,
                target: shown,
                segs,
                root: root.map(str::to_string),
            });
        }
        let placeholder = href
            .and_then(Val::as_str)
            .is_some_and(|h| matches!(h, "#" | "" | "javascript:void(0)" | "javascript:;"));
        if placeholder && el.attr("onClick").is_none() && !el.spread && !el.parent_as_child {
            out.dead_controls.push(DeadControl {
                at,
                element: el.name.clone(),
                reason: DeadReason::PlaceholderHref,
                label: el.text.clone(),
            });
        }
    }
    if let Some(a) = el.attr("onClick") {
        let reason = match a.value {
            JsxValue::EmptyHandler => Some(DeadReason::EmptyHandler),
            JsxValue::LogOnlyHandler => Some(DeadReason::LogOnlyHandler),
            _ => None,
        };
        if let Some(reason) = reason {
            out.dead_controls.push(DeadControl {
                at: Loc::new(file, a.span),
                element: el.name.clone(),
                reason,
                label: el.text.clone(),
            });
        }
    }
    let next_image = el.name == "Image" && imported_from(facts, "Image", &["next/image"]);
    // Open Graph images drawn by `ImageResponse` become pixels: alt text goes nowhere.
    let og_renderer = facts
        .module_deps
        .iter()
        .any(|d| d == "next/og" || d == "@vercel/og" || d == "satori");
    if (el.name == "img" || next_image) && !og_renderer {
        out.images.push(ImageUse {
            at,
            element: el.name.clone(),
            has_alt: el.attr("alt").is_some(),
            spread: el.spread,
        });
    }
}
