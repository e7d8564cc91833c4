//! Server-side HTTP requests to a host the request chose: `fetch(body.url)`,
//! `` axios.get(`${target}/status`) ``, with no rejecting check on the URL before them (an
//! allow-list of hosts, a parsed hostname compared, a validating helper that throws).
//! A URL whose host is written in the code (`` `https://api.example.com/${id}` ``) is
//! not the caller's choice.

use super::{FactsBuilder, Scope};
use crate::js::facts::Val;
use crate::link::known;
use crate::link::project::Symbol;
use crate::link::summary::root_of;
use shipgate_model::{HandlerFacts, Loc, RequestFetch, Span, ValueOrigin};
use std::collections::HashSet;

/// The value that picks the host: the URL itself, or the part of a template before any
/// literal host.
fn host_value(url: &Val) -> Option<&Val> {
    match url {
        Val::Template(parts, vals) => {
            let first = parts.first().map(String::as_str).unwrap_or("");
            let host_open = first.is_empty() || first.ends_with("://") || first == "//";
            if host_open { vals.first() } else { None }
        }
        Val::Path(_) | Val::Input(..) | Val::Call { .. } => Some(url),
        _ => None,
    }
}

impl FactsBuilder<'_, '_> {
    pub(super) fn request_fetches(&self, scope: &Scope, out: &mut HandlerFacts) {
        let file = scope.view.file;
        for c in scope.view.calls() {
            let src = self.project().import_source(file, &c.callee);
            if !known::http_request_call(&c.callee, src) {
                continue;
            }
            let Some(first) = c.args.first() else {
                continue;
            };
            // `axios({ url, method })`
            let url = match first {
                Val::Object(..) => match first.prop("url") {
                    Some(u) => u,
                    None => continue,
                },
                other => other,
            };
            let Some(target) = host_value(url) else {
                continue;
            };
            let origin = self.origin(scope, target, 0);
            if !matches!(
                origin,
                ValueOrigin::Request { .. } | ValueOrigin::Validated { .. }
            ) {
                continue;
            }
            if self.url_checked(scope, target, c.span) {
                continue;
            }
            out.request_fetches.push(RequestFetch {
                at: Loc::new(file, c.span),
                call: c.callee.clone(),
                url: Val::written(target),
                origin,
            });
        }
    }

    /// Whether a rejecting branch before `at` tests the URL or something derived from it
    /// (`new URL(url).hostname`, `allowed.includes(host)`), or a project helper that
    /// rejects on its argument is handed it (`assertAllowedHost(url)`).
    fn url_checked(&self, scope: &Scope, url: &Val, at: Span) -> bool {
        let mut names: HashSet<String> = HashSet::new();
        match url {
            Val::Path(p) => {
                names.insert(root_of(p).to_string());
            }
            Val::Input(_, Some(field)) => {
                names.insert(field.clone());
            }
            Val::Call { callee, .. } => {
                names.insert(root_of(callee).to_string());
            }
            _ => {}
        }
        // Names bound from it, a few steps: `const u = new URL(url); const host = u.host`.
        let mentions = |v: &Val, names: &HashSet<String>| {
            let mut refs = Vec::new();
            v.refs(&mut refs);
            if let Val::Call { span, .. } = v
                && let Some(call) = scope.view.facts.call_at(*span)
            {
                for a in &call.args {
                    a.refs(&mut refs);
                }
            }
            refs.iter().any(|r| names.contains(root_of(r)))
                || matches!(v, Val::Input(_, Some(f)) if names.contains(f))
        };
        // A binding computed by a call that is handed the URL (`new URL(link).hostname`).
        let built_from = |span: Span, names: &HashSet<String>| {
            scope
                .view
                .calls()
                .iter()
                .any(|c| span.contains(c.span) && c.args.iter().any(|a| mentions(a, names)))
        };
        for _ in 0..3 {
            for b in scope.view.bindings() {
                if b.span.start < at.start
                    && (mentions(&b.init, &names) || built_from(b.span, &names))
                {
                    names.extend(b.names.iter().map(|n| n.name.clone()));
                }
            }
        }
        let tested = scope.view.exits().iter().any(|e| {
            e.span.start < at.start && e.test.refs.iter().any(|r| names.contains(root_of(r)))
        });
        if tested {
            return true;
        }
        scope.view.calls().iter().any(|c| {
            c.span.start < at.start
                && c.args.iter().any(|a| mentions(a, &names))
                && match self.project().resolve_callee(scope.view.file, &c.callee) {
                    Some(Symbol::Function(f, span)) => self
                        .analyzer
                        .view((f, span))
                        .is_some_and(|v| !v.exits().is_empty()),
                    _ => false,
                }
        })
    }
}
