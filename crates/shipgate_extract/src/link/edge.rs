//! Supabase Edge Functions: `supabase/functions/<name>/index.ts` serving requests with
//! `Deno.serve(handler)` (or std's `serve(handler)`), reachable at `/functions/v1/<name>`.
//! Functions that build a Hono or Express app are inventoried through that app instead.

use super::project::Project;
use super::routes::Candidate;
use crate::js::facts::Val;
use shipgate_model::Framework;

pub fn collect(project: &Project) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (file, facts) in project.js_files() {
        let path = project.path(file);
        let Some(rest) = path.split("supabase/functions/").nth(1) else {
            continue;
        };
        let mut segs = rest.split('/');
        let (Some(name), Some(entry)) = (segs.next(), segs.next()) else {
            continue;
        };
        if segs.next().is_some() || !entry.starts_with("index.") || name.starts_with('_') {
            continue;
        }
        if !facts.routers.is_empty() {
            continue;
        }
        for c in &facts.calls {
            if !(c.callee == "Deno.serve" || c.callee == "serve") {
                continue;
            }
            let Some(handler) = c.args.iter().find_map(|a| match a {
                Val::Func(span) => Some((file, *span)),
                Val::Path(p) => match project.resolve_local(file, p, 0) {
                    Some(super::project::Symbol::Function(f, s)) => Some((f, s)),
                    _ => None,
                },
                _ => None,
            }) else {
                continue;
            };
            out.push(Candidate {
                method: "ANY".into(),
                path: format!("/functions/v1/{name}"),
                framework: Framework::SupabaseFunction,
                file,
                at: c.span,
                handler: Some(handler),
                gates: Vec::new(),
                next_root: None,
                action: false,
            });
        }
    }
    out
}
