//! The product surface: the URL paths an app serves, the paths its code links to or
//! fetches, and UI elements that do nothing or lack alt text.

use crate::app::Loc;
use serde::Serialize;

/// One segment of a served path pattern.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Seg {
    Lit(String),
    /// `[id]`, `:id`: exactly one segment.
    One,
    /// `[...slug]` (at least one segment), `[[...slug]]`, `:path*`, `(.*)` (any number).
    Rest {
        min: u8,
    },
}

/// One segment of a path the code refers to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum TargetSeg {
    Lit(String),
    /// Built from a value (`${id}`): one or more segments of unknown text.
    Any,
}

/// Splits a route pattern: Next.js (`/deals/[id]`, `/docs/[[...slug]]`), Express and
/// path-to-regexp (`/users/:id`, `/api/:path*`, `/docs/(.*)`, `*`).
pub fn parse_pattern(pattern: &str) -> Vec<Seg> {
    let path = pattern.split(['?', '#']).next().unwrap_or("");
    let mut out = Vec::new();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        let s = if seg.starts_with("[[...") && seg.ends_with("]]") {
            Seg::Rest { min: 0 }
        } else if seg.starts_with("[...") && seg.ends_with(']') {
            Seg::Rest { min: 1 }
        } else if seg.starts_with('[') && seg.ends_with(']') {
            Seg::One
        } else if seg == "*" || seg.contains("(.*)") || seg.contains("(.+)") {
            Seg::Rest { min: 0 }
        } else if let Some(name) = seg.strip_prefix(':') {
            if name.ends_with('*') || name.ends_with('?') {
                Seg::Rest { min: 0 }
            } else if name.ends_with('+') {
                Seg::Rest { min: 1 }
            } else {
                Seg::One
            }
        } else if seg.contains(':') || seg.contains('(') || seg.contains('*') {
            // `file.:ext`, regex groups: matches one segment of some shape.
            Seg::One
        } else {
            Seg::Lit(seg.to_string())
        };
        out.push(s);
        if out.len() > 32 {
            break;
        }
    }
    out
}

/// Whether `pattern` serves some path of the shape `target`.
pub fn pattern_matches(pattern: &[Seg], target: &[TargetSeg]) -> bool {
    fn go(p: &[Seg], t: &[TargetSeg], budget: &mut u32) -> bool {
        if *budget == 0 {
            return true; // Too many ways to try: assume served rather than report.
        }
        *budget -= 1;
        match (p.first(), t.first()) {
            (None, None) => true,
            (Some(Seg::Rest { min }), _) => {
                (usize::from(*min)..=t.len()).any(|k| go(&p[1..], &t[k..], budget))
                    // An unknown target part may also end inside the rest.
                    || (t.first() == Some(&TargetSeg::Any) && go(p, &t[1..], budget))
            }
            (None, Some(_)) => false,
            (Some(_), None) => false,
            (Some(ps), Some(TargetSeg::Any)) => {
                let _ = ps;
                go(&p[1..], &t[1..], budget) || go(&p[1..], t, budget)
            }
            (Some(Seg::One), Some(TargetSeg::Lit(_))) => go(&p[1..], &t[1..], budget),
            (Some(Seg::Lit(a)), Some(TargetSeg::Lit(b))) => a == b && go(&p[1..], &t[1..], budget),
        }
    }
    let mut budget = 10_000;
    go(pattern, target, &mut budget)
}

/// What serves a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServedKind {
    Page,
    /// An API route handler (Next.js route file, Pages API route, Express/Hono route).
    Handler,
    /// A file under `public/` or a metadata file (`robots.ts` → `/robots.txt`).
    Static,
    /// A rewrite or redirect source (`next.config`, `vercel.json`), or middleware that
    /// rewrites: the path is answered, whatever the file tree says.
    Rewrite,
}

/// A path pattern the app answers.
#[derive(Debug, Clone, Serialize)]
pub struct ServedPath {
    /// The Next.js app directory it belongs to (`""` for the repo root, `apps/web`);
    /// `None` for servers outside any (Express, Hono), which any client may call.
    pub root: Option<String>,
    pub pattern: String,
    #[serde(skip)]
    pub segs: Vec<Seg>,
    pub kind: ServedKind,
    /// HTTP methods handled; `None` when any or unknown.
    pub methods: Option<Vec<String>>,
    pub at: Option<Loc>,
}

/// How code refers to a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UrlRefKind {
    /// `fetch`, `axios.*`, `useSWR`: an HTTP request from code.
    Fetch,
    /// `<Link href>`, `<a href>`.
    Link,
    /// `router.push`/`replace`/`prefetch`.
    Navigate,
    /// `redirect()`, `permanentRedirect()`, `NextResponse.redirect(new URL(...))`.
    Redirect,
}

impl UrlRefKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            UrlRefKind::Fetch => "fetch",
            UrlRefKind::Link => "link",
            UrlRefKind::Navigate => "navigation",
            UrlRefKind::Redirect => "redirect",
        }
    }
}

/// A same-origin path named in code, outside tests.
#[derive(Debug, Clone, Serialize)]
pub struct UrlRef {
    pub at: Loc,
    pub kind: UrlRefKind,
    /// The call or element, as written: `fetch`, `axios.post`, `Link`, `router.push`.
    pub via: String,
    /// For requests: the method, when the code states one (`GET` by default).
    pub method: Option<String>,
    /// The path as written, query and fragment dropped: `/deals/${id}`.
    pub target: String,
    #[serde(skip)]
    pub segs: Vec<TargetSeg>,
    /// The Next.js app directory the file belongs to, if any.
    pub root: Option<String>,
}

/// Why a control does nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadReason {
    /// `href="#"`, `href=""`, `javascript:void(0)` with no click handler.
    PlaceholderHref,
    /// `onClick={() => {}}`.
    EmptyHandler,
    /// A handler that only logs or alerts.
    LogOnlyHandler,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeadControl {
    pub at: Loc,
    pub element: String,
    pub reason: DeadReason,
    /// The control's text, when it has static text.
    pub label: String,
}

/// An `<img>` or `next/image` `<Image>` and its alt text, outside tests.
#[derive(Debug, Clone, Serialize)]
pub struct ImageUse {
    pub at: Loc,
    pub element: String,
    /// `alt` present (an empty `alt=""` marks a decorative image and counts).
    pub has_alt: bool,
    /// Props are spread in (`{...props}`): `alt` may come through them.
    pub spread: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(path: &str) -> Vec<TargetSeg> {
        path.split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                if s == "*" {
                    TargetSeg::Any
                } else {
                    TargetSeg::Lit(s.to_string())
                }
            })
            .collect()
    }

    #[test]
    fn dynamic_segments_and_catch_alls_match() {
        let m = |p: &str, target: &str| pattern_matches(&parse_pattern(p), &t(target));
        assert!(m("/deals/[id]", "/deals/42"));
        assert!(m("/deals/[id]", "/deals/*"));
        assert!(!m("/deals/[id]", "/deals"));
        assert!(!m("/deals/[id]", "/deals/42/edit"));
        assert!(m("/docs/[[...slug]]", "/docs"));
        assert!(m("/docs/[[...slug]]", "/docs/a/b"));
        assert!(!m("/docs/[...slug]", "/docs"));
        assert!(m("/api/:path*", "/api/x/y"));
        assert!(m("/", "/"));
        assert!(!m("/", "/about"));
        assert!(m("/settings/billing", "/*"));
        assert!(m("/settings/billing", "/*/billing"));
        assert!(!m("/settings/billing", "/*/team"));
        assert!(m("/users/:id", "/users/7"));
        assert!(!m("/users", "/teams"));
    }
}
