//! Raw HTML written into pages (`dangerouslySetInnerHTML`, `innerHTML =`,
//! `insertAdjacentHTML`, `document.write`) from the page's URL, or from markup converted
//! to HTML without a sanitiser. Values that are literal, sanitised or serialised as JSON
//! are left out, and so are values whose origin is not followed.

use super::known;
use super::project::{Project, is_test_path};
use crate::js::facts::{JsFacts, JsxValue, Val};
use crate::link::summary::root_of;
use shipgate_model::{FileId, HtmlSource, HtmlWrite, Loc, Span};

struct Reader<'f> {
    facts: &'f JsFacts,
    /// The innermost function around the write.
    func: Option<&'f crate::js::facts::FnFact>,
    at: Span,
}

impl Reader<'_> {
    /// The value bound to `name` before the write, in the enclosing function or at the
    /// top of the module.
    fn bound(&self, name: &str) -> Option<&Val> {
        self.facts
            .bindings
            .iter()
            .rev()
            .filter(|b| b.span.start < self.at.start)
            .filter(|b| b.top_level || self.func.is_some_and(|f| f.span.contains(b.span)))
            .find(|b| b.names.iter().any(|n| n.name == name))
            .map(|b| &b.init)
    }

    /// Where `v` comes from, if it is the URL or converted markup; `None` for anything
    /// else (literal, sanitised, JSON, or not followed).
    fn source(&self, v: &Val, depth: u32) -> Option<HtmlSource> {
        if depth > 4 {
            return None;
        }
        match v {
            Val::Input(..) => Some(HtmlSource::Url),
            Val::Path(p) => {
                let root = root_of(p);
                if known::is_browser_url_read(p) {
                    return Some(HtmlSource::Url);
                }
                // Page props: `({ searchParams }) => …searchParams.q`.
                if matches!(root, "searchParams" | "params")
                    && self.func.is_some_and(|f| f.param_names().contains(root))
                {
                    return Some(HtmlSource::Url);
                }
                self.bound(root)
                    .and_then(|init| self.source(init, depth + 1))
            }
            Val::Call { callee, span } => {
                if known::is_html_sanitizer(callee) || callee == "JSON.stringify" {
                    return None;
                }
                if known::is_browser_url_read(callee) {
                    return Some(HtmlSource::Url);
                }
                let args = self
                    .facts
                    .call_at(*span)
                    .map(|c| c.args.as_slice())
                    .unwrap_or(&[]);
                // Decoding keeps what the value is: `decodeURIComponent(location.hash)`.
                if matches!(
                    callee.as_str(),
                    "decodeURIComponent" | "decodeURI" | "String" | "atob"
                ) {
                    return args.first().and_then(|a| self.source(a, depth + 1));
                }
                if known::is_markup_to_html(callee) {
                    // Markup written in the code is not someone else's.
                    let from = args.first()?;
                    if matches!(from, Val::Str(_) | Val::Template(_, _))
                        && !matches!(from, Val::Template(_, vals) if !vals.is_empty())
                    {
                        return None;
                    }
                    return Some(self.source(from, depth + 1).unwrap_or(HtmlSource::Markup));
                }
                // `sp.get("q")` where `sp = useSearchParams()`.
                let root = root_of(callee);
                if root != callee
                    && let Some(init) = self.bound(root)
                    && self.source(init, depth + 1) == Some(HtmlSource::Url)
                {
                    return Some(HtmlSource::Url);
                }
                None
            }
            Val::Template(_, vals) => vals.iter().find_map(|x| self.source(x, depth + 1)),
            _ => None,
        }
    }
}

fn writes_in(file: FileId, facts: &JsFacts, out: &mut Vec<HtmlWrite>) {
    let innermost = |at: Span| {
        facts
            .functions
            .iter()
            .filter(|f| f.span.contains(at))
            .min_by_key(|f| f.span.end - f.span.start)
    };
    let mut sinks: Vec<(Span, &str, &Val)> = Vec::new();
    for el in &facts.jsx {
        if let Some(a) = el.attr("dangerouslySetInnerHTML")
            && let JsxValue::Val(v) = &a.value
            && let Some(html) = v.prop("__html")
        {
            sinks.push((a.span, "dangerouslySetInnerHTML", html));
        }
    }
    for b in &facts.bindings {
        if let Some(n) = b
            .names
            .iter()
            .find(|n| n.name.ends_with(".innerHTML") || n.name.ends_with(".outerHTML"))
        {
            let sink = if n.name.ends_with(".innerHTML") {
                "innerHTML"
            } else {
                "outerHTML"
            };
            sinks.push((b.span, sink, &b.init));
        }
    }
    for c in &facts.calls {
        let arg = match c.callee.rsplit('.').next() {
            Some("insertAdjacentHTML") => c.args.get(1),
            _ if c.callee == "document.write" => c.args.first(),
            _ => None,
        };
        if let Some(v) = arg {
            let sink = if c.callee == "document.write" {
                "document.write"
            } else {
                "insertAdjacentHTML"
            };
            sinks.push((c.span, sink, v));
        }
    }
    for (at, sink, v) in sinks {
        let reader = Reader {
            facts,
            func: innermost(at),
            at,
        };
        if let Some(source) = reader.source(v, 0) {
            out.push(HtmlWrite {
                at: Loc::new(file, at),
                sink: sink.to_string(),
                value: Val::written(v),
                source,
            });
        }
    }
}

pub fn collect(project: &Project) -> Vec<HtmlWrite> {
    let mut out = Vec::new();
    for (file, facts) in project.js_files() {
        if is_test_path(project.path(file)) {
            continue;
        }
        writes_in(file, facts, &mut out);
    }
    out.sort_by_key(|w| (w.at.file, w.at.span.start));
    out
}
