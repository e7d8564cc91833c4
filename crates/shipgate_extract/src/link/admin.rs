//! Who may open admin pages: role checks in a page, its layouts or middleware, and the
//! data the page reads on the server.

use super::handler::FactsBuilder;
use super::middleware::Middleware;
use super::project::{Project, Symbol, dir_of};
use super::routes::unwrap_handler;
use super::summary::{Analyzer, FnKey};
use crate::js::facts::{ExportFact, Val};
use shipgate_model::{DataOp, FileId, Framework, Loc, Page};

/// The component a module exports by default: `export default function Page()`.
pub fn default_component(project: &Project, file: FileId) -> Option<FnKey> {
    let facts = project.facts(file)?;
    for e in &facts.exports {
        match e {
            ExportFact::Default { val, span } => {
                let mut gates = Vec::new();
                return unwrap_handler(project, file, val, *span, &mut gates, 0);
            }
            ExportFact::Local {
                exported, local, ..
            } if exported == "default" => {
                return match project.resolve_local(file, local, 0)? {
                    Symbol::Function(f, s) => Some((f, s)),
                    _ => None,
                };
            }
            _ => {}
        }
    }
    None
}

/// `layout.tsx` files that wrap an App Router page, nearest first.
fn layouts(project: &Project, page_path: &str) -> Vec<FileId> {
    let mut out = Vec::new();
    let mut dir = dir_of(page_path);
    loop {
        for ext in ["tsx", "jsx", "ts", "js"] {
            let p = if dir.is_empty() {
                format!("layout.{ext}")
            } else {
                format!("{dir}/layout.{ext}")
            };
            if let Some(&f) = project.by_path.get(&p) {
                out.push(f);
            }
        }
        if dir.is_empty() || dir.ends_with("/app") || dir == "app" {
            break;
        }
        dir = dir_of(dir);
    }
    out
}

/// A page's role check (in the page or a layout around it) and the data it reads on the
/// server (the page and its layouts, through the helpers they call).
pub fn page_access(
    project: &Project,
    analyzer: &Analyzer,
    facts: &FactsBuilder,
    page: &Page,
) -> (Option<Loc>, Vec<DataOp>) {
    let mut files = vec![page.file];
    if page.router == Framework::NextApp {
        files.extend(layouts(project, project.path(page.file)));
    }
    let mut role = None;
    let mut data = Vec::new();
    for f in files {
        let Some(key) = default_component(project, f) else {
            continue;
        };
        if role.is_none() {
            role = analyzer.summary(key).role;
        }
        data.extend(facts.build(Some(key), false).data_ops);
    }
    data.sort_by_key(|d| d.at);
    data.dedup_by_key(|d| d.at);
    (role, data)
}

/// A role or permission test in middleware: `token.role !== "admin"`,
/// `has({ role: "org:admin" })`.
pub fn middleware_role(project: &Project, m: &Middleware) -> Option<Loc> {
    let facts = project.facts(m.file)?;
    let exit = facts
        .exits
        .iter()
        .find(|e| super::known::is_role_test(&e.test));
    if let Some(e) = exit {
        return Some(Loc::new(m.file, e.span));
    }
    facts
        .calls
        .iter()
        .find(|c| {
            c.args.iter().any(|a| {
                matches!(a, Val::Object(props, _) if props.iter().any(|(k, v)| {
                    matches!(k.as_str(), "role" | "permission")
                        && v.as_str().is_some_and(super::known::is_role_string)
                }))
            })
        })
        .map(|c| Loc::new(m.file, c.span))
}
