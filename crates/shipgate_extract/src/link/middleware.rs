//! Next.js global middleware (`middleware.ts`, `proxy.ts`): which paths its matcher
//! covers, and whether an anonymous request to a given path is rejected. The middleware's
//! guard program is run for each concrete path with "no session" as the only assumption;
//! unknown conditions explore both branches, and a path counts as guarded only when every
//! way through rejects.

use super::matcher;
use super::project::{Project, Symbol};
use super::summary::{Analyzer, FnKey, derived_names, root_of};
use crate::js::facts::{ExportFact, GCond, GRet, GStmt, ListMode, Val};
use fancy_regex::Regex;
use shipgate_model::{FileId, Loc, Span};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone)]
pub enum MwKind {
    /// `export { default } from "next-auth/middleware"` and `withAuth()` without options:
    /// every matched path needs a token.
    NextAuth,
    /// A program to run (a middleware function, a `withAuth` `authorized` callback, a
    /// `clerkMiddleware` handler). `gate` runs first when present (NextAuth `authorized`).
    Program { body: FnKey, gate: Option<FnKey> },
    /// `clerkMiddleware()` with no handler: Clerk protects nothing by default.
    ClerkDefault,
    /// Something we cannot read; treated as not guarding.
    Opaque(String),
}

#[derive(Debug)]
pub struct Middleware {
    pub file: FileId,
    /// The Next.js root directory the middleware belongs to ("" for the repo root).
    pub next_root: String,
    pub at: Span,
    pub kind: MwKind,
    pub matchers: Vec<String>,
    /// What the exported middleware is built with (`clerkMiddleware`, `withAuth`, `custom`).
    pub label: String,
    compiled: Vec<Regex>,
    pub matcher_error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum MwVerdict {
    NotMatched,
    /// Matched, and every way through rejects an anonymous request.
    Guarded {
        at: Loc,
    },
    /// Matched, but some way through lets an anonymous request reach the route; `exempt`
    /// when a sign-in check exists but skips this path (then `at` is that check).
    Allowed {
        at: Option<Loc>,
        exempt: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
    fn from(b: bool) -> Tri {
        if b { Tri::True } else { Tri::False }
    }
}

#[derive(Debug, Clone)]
enum Term {
    Reject(Loc),
    /// Let through; `true` when because a sign-in check was skipped for this path (the
    /// location is then that check).
    Allow(Option<Loc>, bool),
}

const AUTH_WORDS: &[&str] = &[
    "user",
    "session",
    "token",
    "auth",
    "userId",
    "isLoggedIn",
    "isAuthenticated",
    "isSignedIn",
    "loggedIn",
    "currentUser",
    "claims",
    "authToken",
    "accessToken",
    "sessionToken",
    "jwt",
    "authenticated",
    "isLoggedin",
    "isAuth",
    "authed",
    "sessionCookie",
    "authCookie",
    "signedIn",
];

pub fn find(project: &Project, next_roots: &[String]) -> Vec<Middleware> {
    let mut out = Vec::new();
    for root in next_roots {
        for dir in [
            root.clone(),
            super::project::join(root, "src").unwrap_or_default(),
        ] {
            for stem in ["middleware", "proxy"] {
                for ext in ["ts", "js", "mjs", "tsx", "jsx"] {
                    let p = if dir.is_empty() {
                        format!("{stem}.{ext}")
                    } else {
                        format!("{dir}/{stem}.{ext}")
                    };
                    if let Some(&id) = project.by_path.get(&p)
                        && project.facts(id).is_some()
                        && let Some(mw) = read(project, id, root)
                    {
                        out.push(mw);
                    }
                }
            }
        }
    }
    out
}

fn read(project: &Project, file: FileId, next_root: &str) -> Option<Middleware> {
    let facts = project.facts(file)?;
    let mut kind = None;
    let mut at = Span::default();
    for e in &facts.exports {
        match e {
            ExportFact::ReExport {
                exported,
                imported,
                source,
                span,
            } if matches!(exported.as_str(), "default" | "middleware" | "proxy") => {
                at = *span;
                kind = Some(if source.starts_with("next-auth/middleware") {
                    MwKind::NextAuth
                } else {
                    match project
                        .resolve_import(file, source)
                        .and_then(|t| project.resolve_export(t, imported, 0))
                    {
                        Some(Symbol::Function(f, s)) => MwKind::Program {
                            body: (f, s),
                            gate: None,
                        },
                        // `export { auth as middleware } from "@/auth"` (Auth.js v5).
                        _ if imported == "auth" => authjs(project, None),
                        _ => MwKind::Opaque(format!("re-export of `{imported}` from `{source}`")),
                    }
                });
            }
            ExportFact::Local {
                exported,
                local,
                span,
            } if matches!(exported.as_str(), "default" | "middleware" | "proxy") => {
                at = *span;
                kind = Some(match project.resolve_local(file, local, 0) {
                    Some(Symbol::Function(f, s)) => MwKind::Program {
                        body: (f, s),
                        gate: None,
                    },
                    Some(Symbol::Binding {
                        file: bf, index, ..
                    }) => {
                        let init = project
                            .facts(bf)
                            .map(|f| f.bindings[index].init.clone())
                            .unwrap_or(Val::Null);
                        from_value(project, bf, &init)
                    }
                    Some(Symbol::External { source, name })
                        if name == "auth" || source.contains("auth") =>
                    {
                        authjs(project, None)
                    }
                    _ => MwKind::Opaque(format!("`{local}`")),
                });
            }
            ExportFact::Default { val, span } => {
                at = *span;
                kind = Some(from_value(project, file, val));
            }
            _ => {}
        }
    }
    let kind = kind?;
    let mut matchers = Vec::new();
    if let Some((b, _)) = facts.top_binding("config")
        && let Some(m) = b.init.prop("matcher")
    {
        let items = match m {
            Val::Array(items) => items.clone(),
            other => vec![other.clone()],
        };
        for item in items {
            match &item {
                v if v.as_str().is_some() => {
                    matchers.push(v.as_str().unwrap_or_default().to_string())
                }
                Val::Object(..) => {
                    if let Some(src) = item.prop("source").and_then(|s| s.as_str()) {
                        matchers.push(src.to_string());
                    }
                }
                _ => {}
            }
        }
    }
    let mut compiled = Vec::new();
    let mut matcher_error = None;
    for m in &matchers {
        match matcher::compile(m) {
            Ok(r) => compiled.push(r),
            Err(e) => matcher_error = Some(e),
        }
    }
    let label = label_of(facts, &kind);
    Some(Middleware {
        file,
        next_root: next_root.to_string(),
        at,
        kind,
        label,
        matchers,
        compiled,
        matcher_error,
    })
}

fn label_of(facts: &crate::js::facts::JsFacts, kind: &MwKind) -> String {
    let default_call = facts.exports.iter().find_map(|e| match e {
        ExportFact::Default {
            val: Val::Call { callee, .. },
            ..
        } => Some(callee.clone()),
        _ => None,
    });
    match (kind, default_call.as_deref()) {
        (MwKind::Program { .. }, Some("clerkMiddleware")) => "clerkMiddleware".into(),
        (MwKind::Program { .. }, Some("withAuth")) => "next-auth withAuth".into(),
        (MwKind::Program { .. }, Some("auth")) => "Auth.js auth()".into(),
        (MwKind::Program { gate: Some(_), .. }, _) => "Auth.js auth()".into(),
        _ => "custom".into(),
    }
}

/// Auth.js v5 `auth` used as middleware: its `authorized` callback decides.
fn authjs(project: &Project, body: Option<FnKey>) -> MwKind {
    let gate = project.js_files().find_map(|(id, f)| {
        f.functions
            .iter()
            .find(|func| {
                func.name.as_deref() == Some("authorized") && f.program_for(func.span).is_some()
            })
            .map(|func| (id, func.span))
    });
    match (body, gate) {
        (Some(b), g) => MwKind::Program { body: b, gate: g },
        (None, Some(g)) => MwKind::Program {
            body: g,
            gate: None,
        },
        (None, None) => MwKind::Opaque("Auth.js `auth` without an `authorized` callback".into()),
    }
}

fn from_value(project: &Project, file: FileId, val: &Val) -> MwKind {
    match val {
        Val::Func(span) => MwKind::Program {
            body: (file, *span),
            gate: None,
        },
        Val::Path(p) if !p.contains('.') => match project.resolve_local(file, p, 0) {
            Some(Symbol::Function(f, s)) => MwKind::Program {
                body: (f, s),
                gate: None,
            },
            Some(Symbol::External { source, .. }) if source.starts_with("next-auth") => {
                MwKind::NextAuth
            }
            _ => MwKind::Opaque(format!("`{p}`")),
        },
        // `export default NextAuth(authConfig).auth`
        Val::Path(p) if p.ends_with(").auth") => authjs(project, None),
        Val::Call { callee, span } => {
            let facts = project.facts(file);
            let call = facts.and_then(|f| f.call_at(*span));
            let args = call.map(|c| c.args.clone()).unwrap_or_default();
            let src = project.import_source(file, callee).unwrap_or("");
            let func_arg = args.iter().find_map(|a| match a {
                Val::Func(s) => Some((file, *s)),
                Val::Path(p) => match project.resolve_local(file, p, 0) {
                    Some(Symbol::Function(f, s)) => Some((f, s)),
                    _ => None,
                },
                _ => None,
            });
            match callee.as_str() {
                "withAuth" if src.starts_with("next-auth") => {
                    // `authorized` callback in the options object, if any.
                    let authorized = args.iter().find_map(|a| {
                        a.prop("callbacks")
                            .and_then(|c| c.prop("authorized"))
                            .cloned()
                    });
                    match authorized {
                        Some(Val::Func(s)) => MwKind::Program {
                            body: (file, s),
                            gate: None,
                        },
                        _ => MwKind::NextAuth,
                    }
                }
                "clerkMiddleware" => match func_arg {
                    Some(f) => MwKind::Program {
                        body: f,
                        gate: None,
                    },
                    None => MwKind::ClerkDefault,
                },
                "auth" => authjs(project, func_arg),
                _ => match func_arg {
                    Some(f) if callee.contains("auth") || callee.contains("Auth") => {
                        MwKind::Program {
                            body: f,
                            gate: None,
                        }
                    }
                    _ => MwKind::Opaque(format!("`{callee}(…)`")),
                },
            }
        }
        _ => MwKind::Opaque("default export".into()),
    }
}

impl Middleware {
    pub fn matches(&self, path: &str) -> bool {
        if self.matchers.is_empty() {
            return true;
        }
        self.compiled
            .iter()
            .any(|r| r.is_match(path).unwrap_or(false))
    }

    pub fn describe_kind(&self) -> String {
        match &self.kind {
            MwKind::NextAuth => "next-auth middleware".into(),
            MwKind::ClerkDefault => "clerkMiddleware() (protects nothing by default)".into(),
            MwKind::Program { .. } => self.label.clone(),
            MwKind::Opaque(what) => format!("unrecognised ({what})"),
        }
    }
}

pub struct Evaluator<'a, 'p> {
    pub analyzer: &'a Analyzer<'p>,
    regex_cache: RefCell<HashMap<String, Option<Regex>>>,
    auth_names: RefCell<HashMap<FnKey, HashSet<String>>>,
}

impl<'a, 'p> Evaluator<'a, 'p> {
    pub fn new(analyzer: &'a Analyzer<'p>) -> Self {
        Self {
            analyzer,
            regex_cache: RefCell::new(HashMap::new()),
            auth_names: RefCell::new(HashMap::new()),
        }
    }

    fn project(&self) -> &'p Project {
        self.analyzer.project
    }

    pub fn verdict(&self, mw: &Middleware, path: &str, method: &str) -> MwVerdict {
        if !mw.matches(path) {
            return MwVerdict::NotMatched;
        }
        let mw_loc = Loc::new(mw.file, mw.at);
        let terms = match &mw.kind {
            MwKind::NextAuth => vec![Term::Reject(mw_loc)],
            MwKind::ClerkDefault => vec![Term::Allow(Some(mw_loc), false)],
            MwKind::Opaque(_) => vec![Term::Allow(Some(mw_loc), false)],
            MwKind::Program { body, gate } => {
                let mut terms = Vec::new();
                if let Some(g) = gate {
                    let gate_terms = self.run_fn(*g, path, method, 0);
                    if gate_terms.iter().all(|t| matches!(t, Term::Reject(_)))
                        && !gate_terms.is_empty()
                    {
                        return MwVerdict::Guarded {
                            at: first_reject(&gate_terms).unwrap_or(mw_loc),
                        };
                    }
                }
                terms.extend(self.run_fn(*body, path, method, 0));
                terms
            }
        };
        if !terms.is_empty() && terms.iter().all(|t| matches!(t, Term::Reject(_))) {
            MwVerdict::Guarded {
                at: first_reject(&terms).unwrap_or(mw_loc),
            }
        } else {
            let exempt = terms.iter().find_map(|t| match t {
                Term::Allow(Some(a), true) => Some(*a),
                _ => None,
            });
            let at = exempt.or_else(|| {
                terms.iter().find_map(|t| match t {
                    Term::Allow(a, _) => *a,
                    _ => None,
                })
            });
            MwVerdict::Allowed {
                at,
                exempt: exempt.is_some(),
            }
        }
    }

    fn run_fn(&self, key: FnKey, path: &str, method: &str, depth: u32) -> Vec<Term> {
        if depth > 4 {
            return vec![Term::Allow(None, false)];
        }
        let Some(facts) = self.project().facts(key.0) else {
            return vec![Term::Allow(None, false)];
        };
        let Some(prog) = facts.program_for(key.1) else {
            return vec![Term::Allow(Some(Loc::new(key.0, key.1)), false)];
        };
        let mut ctx = Ctx {
            key,
            path,
            method,
            depth,
            vars: HashMap::new(),
            conds: HashMap::new(),
            exempted_at: None,
        };
        let (mut terms, cont) = self.run_seq(&prog.body, &mut ctx);
        if cont {
            // Falling off the end lets the request through (NextResponse.next()).
            let end = Loc::new(key.0, Span::new(key.1.end.saturating_sub(1), key.1.end));
            terms.push(allow(&ctx, end));
        }
        terms
    }

    /// Runs the branch this path takes. When the other branch, or the code after an early
    /// exit, holds a sign-in check, the path is exempt from it (`if (isPublic(path)) return
    /// NextResponse.next();` ahead of the check).
    fn run_taken(
        &self,
        taken: &[GStmt],
        other: &[GStmt],
        rest: &[GStmt],
        span: Span,
        ctx: &mut Ctx,
    ) -> (Vec<Term>, bool) {
        let before = ctx.exempted_at;
        if before.is_none() && (rejects(other) || rejects(rest)) {
            ctx.exempted_at = Some(Loc::new(ctx.key.0, span));
        }
        let (terms, cont) = self.run_seq(taken, ctx);
        if cont && !rejects(other) {
            // The branch fell through to the check after it: nothing was skipped.
            ctx.exempted_at = before;
        }
        (terms, cont)
    }

    fn run_seq(&self, stmts: &[GStmt], ctx: &mut Ctx) -> (Vec<Term>, bool) {
        let mut terms = Vec::new();
        for (i, s) in stmts.iter().enumerate() {
            match s {
                GStmt::If {
                    cond,
                    then,
                    els,
                    span,
                } => match self.cond(cond, ctx) {
                    Tri::True => {
                        let (t, cont) = self.run_taken(then, els, &stmts[i + 1..], *span, ctx);
                        terms.extend(t);
                        if !cont {
                            return (terms, false);
                        }
                    }
                    Tri::False => {
                        let (t, cont) = self.run_taken(els, then, &stmts[i + 1..], *span, ctx);
                        terms.extend(t);
                        if !cont {
                            return (terms, false);
                        }
                    }
                    // `if (config.strategy === "jwt") {...} else if (... === "database") {...}`:
                    // a switch over a setting, so the missing `else` is not a way through.
                    Tri::Unknown
                        if els.is_empty()
                            && matches!(cond, GCond::Compare(names, false)
                                if !names.iter().any(|n| self.is_auth_name(ctx.key, n))) =>
                    {
                        let (t, cont) = self.run_seq(then, ctx);
                        terms.extend(t);
                        if !cont {
                            return (terms, false);
                        }
                    }
                    Tri::Unknown => {
                        let (t1, c1) = self.run_seq(then, ctx);
                        let (t2, c2) = self.run_seq(els, ctx);
                        terms.extend(t1);
                        terms.extend(t2);
                        if !c1 && !c2 {
                            return (terms, false);
                        }
                    }
                },
                GStmt::Return(r, span) => {
                    terms.extend(self.ret(r, *span, ctx));
                    return (terms, false);
                }
                GStmt::Throw(span) | GStmt::Protect(span) | GStmt::Redirect(span) => {
                    terms.push(Term::Reject(Loc::new(ctx.key.0, *span)));
                    return (terms, false);
                }
                GStmt::Let { var, cond } => {
                    ctx.conds.insert(var.clone(), cond.clone());
                }
                GStmt::Call { callee, var, .. } => {
                    if let Some(v) = var {
                        ctx.vars.insert(v.clone(), callee.clone());
                    }
                }
            }
        }
        (terms, true)
    }

    fn ret(&self, r: &GRet, span: Span, ctx: &mut Ctx) -> Vec<Term> {
        let loc = Loc::new(ctx.key.0, span);
        match r {
            GRet::Next | GRet::Rewrite | GRet::Nothing | GRet::Other => {
                vec![allow(ctx, loc)]
            }
            GRet::Redirect => vec![Term::Reject(loc)],
            GRet::Response(Some(s)) if *s >= 400 => vec![Term::Reject(loc)],
            GRet::Response(_) => vec![allow(ctx, loc)],
            GRet::Bool(c) => match self.cond(c, ctx) {
                Tri::True => vec![allow(ctx, loc)],
                Tri::False => vec![Term::Reject(loc)],
                Tri::Unknown => vec![allow(ctx, loc), Term::Reject(loc)],
            },
            GRet::Var(v) => match ctx.vars.get(v).cloned() {
                Some(callee) => self.inline(&callee, loc, ctx),
                // `return isLoggedIn` in an `authorized` callback: a boolean decides.
                None if ctx.conds.contains_key(v) || self.is_auth_name(ctx.key, v) => {
                    self.ret(&GRet::Bool(GCond::Names(vec![v.clone()])), span, ctx)
                }
                None => vec![allow(ctx, loc)],
            },
            GRet::Call(callee) => self.inline(callee, loc, ctx),
        }
    }

    fn inline(&self, callee: &str, loc: Loc, ctx: &Ctx) -> Vec<Term> {
        match self.project().resolve_callee(ctx.key.0, callee) {
            Some(Symbol::Function(f, s))
                if self
                    .project()
                    .facts(f)
                    .and_then(|x| x.program_for(s))
                    .is_some() =>
            {
                self.run_fn((f, s), ctx.path, ctx.method, ctx.depth + 1)
            }
            _ => vec![allow(ctx, loc)],
        }
    }

    fn is_auth_name(&self, key: FnKey, name: &str) -> bool {
        if super::known::is_request_auth_name(name) {
            return true;
        }
        let root = root_of(name);
        if AUTH_WORDS.contains(&root)
            || name.split('.').any(|seg| seg == "auth" || seg == "session")
        {
            return true;
        }
        let mut cache = self.auth_names.borrow_mut();
        let names = cache.entry(key).or_insert_with(|| {
            let mut set = HashSet::new();
            if let Some(view) = self.analyzer.view(key) {
                for c in view.calls() {
                    let m = self.analyzer.meaning(key.0, c);
                    if m.session.is_some() {
                        set.extend(derived_names(view.facts, view.bindings(), c));
                    }
                }
            }
            set
        });
        names.contains(root)
    }

    fn regex(&self, pattern: &str, path_to_regexp: bool) -> Option<Regex> {
        let key = format!("{path_to_regexp}:{pattern}");
        self.regex_cache
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| {
                if path_to_regexp {
                    matcher::compile(pattern).ok()
                } else {
                    Regex::new(pattern).ok()
                }
            })
            .clone()
    }

    fn list_items(&self, ctx: &Ctx, list: &[Val], name: &Option<String>) -> Option<Vec<Val>> {
        if !list.is_empty() {
            return Some(list.to_vec());
        }
        let name = name.as_ref()?;
        let (file, index) = match self.project().resolve_local(ctx.key.0, name, 0)? {
            Symbol::Binding { file, index, .. } => (file, index),
            _ => return None,
        };
        match &self.project().facts(file)?.bindings[index].init {
            Val::Array(items) => Some(items.clone()),
            _ => None,
        }
    }

    fn cond(&self, c: &GCond, ctx: &Ctx) -> Tri {
        let path = ctx.path;
        match c {
            GCond::Const(b) => Tri::from(*b),
            GCond::PathPrefix(p) => Tri::from(path.starts_with(p.as_str())),
            GCond::PathEq(p) => {
                Tri::from(path == p || path.trim_end_matches('/') == p.trim_end_matches('/'))
            }
            GCond::PathSuffix(p) => Tri::from(path.ends_with(p.as_str())),
            GCond::PathContains(p) => Tri::from(path.contains(p.as_str())),
            GCond::PathRegex(re) => match self.regex(re, false) {
                Some(r) => Tri::from(r.is_match(path).unwrap_or(false)),
                None => Tri::Unknown,
            },
            GCond::PathList {
                list,
                list_name,
                mode,
            } => {
                let Some(items) = self.list_items(ctx, list, list_name) else {
                    return Tri::Unknown;
                };
                let mut any = false;
                for item in &items {
                    let hit = match (item, mode) {
                        (Val::Regex(re), _) => self
                            .regex(re, false)
                            .is_some_and(|r| r.is_match(path).unwrap_or(false)),
                        (v, ListMode::Prefix) => v.as_str().is_some_and(|s| path.starts_with(s)),
                        (v, ListMode::Exact) => v.as_str().is_some_and(|s| path == s),
                        (v, ListMode::Glob) => v.as_str().is_some_and(|g| glob_match(g, path)),
                        (v, ListMode::Regex) => v
                            .as_str()
                            .and_then(|s| self.regex(s, false))
                            .is_some_and(|r| r.is_match(path).unwrap_or(false)),
                    };
                    if hit {
                        any = true;
                        break;
                    }
                    if item.as_str().is_none() && !matches!(item, Val::Regex(_)) {
                        return Tri::Unknown;
                    }
                }
                Tri::from(any)
            }
            GCond::Matcher(name) => {
                let Some(items) = self.route_matcher(ctx, name) else {
                    return Tri::Unknown;
                };
                let hit = items.iter().any(|p| {
                    self.regex(p, true)
                        .is_some_and(|r| r.is_match(path).unwrap_or(false))
                });
                Tri::from(hit)
            }
            GCond::Method(m) => {
                if ctx.method == "ANY" {
                    Tri::Unknown
                } else {
                    Tri::from(ctx.method.eq_ignore_ascii_case(m))
                }
            }
            GCond::Names(names) if names.len() == 1 && ctx.conds.contains_key(&names[0]) => {
                let inner = ctx.conds[&names[0]].clone();
                self.cond(&inner, ctx)
            }
            GCond::Names(names) => {
                if names.iter().any(|n| self.is_auth_name(ctx.key, n)) {
                    Tri::False
                } else {
                    Tri::Unknown
                }
            }
            GCond::Compare(names, negated) => {
                if names.iter().any(|n| self.is_auth_name(ctx.key, n)) {
                    Tri::from(*negated)
                } else {
                    Tri::Unknown
                }
            }
            // Production assumptions: configuration the code reads is set, and the
            // environment is production. A switch (`SKIP_AUTH`) may be either way.
            GCond::Env(_) | GCond::EnvEq(..) => match super::known::in_production(c) {
                Some(b) => Tri::from(b),
                None => Tri::Unknown,
            },
            GCond::Not(inner) => self.cond(inner, ctx).not(),
            GCond::And(a, b) => match (self.cond(a, ctx), self.cond(b, ctx)) {
                (Tri::False, _) | (_, Tri::False) => Tri::False,
                (Tri::True, Tri::True) => Tri::True,
                _ => Tri::Unknown,
            },
            GCond::Or(a, b) => match (self.cond(a, ctx), self.cond(b, ctx)) {
                (Tri::True, _) | (_, Tri::True) => Tri::True,
                (Tri::False, Tri::False) => Tri::False,
                _ => Tri::Unknown,
            },
            GCond::Unknown => Tri::Unknown,
        }
    }

    /// Patterns of `const isPublicRoute = createRouteMatcher([...])`.
    fn route_matcher(&self, ctx: &Ctx, name: &str) -> Option<Vec<String>> {
        let (file, index) = match self.project().resolve_local(ctx.key.0, name, 0)? {
            Symbol::Binding { file, index, .. } => (file, index),
            _ => return None,
        };
        let facts = self.project().facts(file)?;
        let Val::Call { callee, span } = &facts.bindings[index].init else {
            return None;
        };
        if !callee.ends_with("createRouteMatcher") {
            return None;
        }
        let call = facts.call_at(*span)?;
        let arg = call.args.first()?;
        let items = match arg {
            Val::Array(items) => items.clone(),
            Val::Path(p) => self.list_items(ctx, &[], &Some(p.clone()))?,
            v if v.as_str().is_some() => vec![v.clone()],
            _ => return None,
        };
        Some(
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        )
    }
}

struct Ctx<'x> {
    key: FnKey,
    path: &'x str,
    method: &'x str,
    depth: u32,
    vars: HashMap<String, String>,
    conds: HashMap<String, GCond>,
    /// A sign-in check this path skipped (the request is exempt from it).
    exempted_at: Option<Loc>,
}

fn allow(ctx: &Ctx, at: Loc) -> Term {
    match ctx.exempted_at {
        Some(e) => Term::Allow(Some(e), true),
        None => Term::Allow(Some(at), false),
    }
}

/// Whether a branch rejects anonymous requests somewhere.
fn rejects(stmts: &[GStmt]) -> bool {
    stmts.iter().any(|s| match s {
        GStmt::Throw(_) | GStmt::Protect(_) | GStmt::Redirect(_) => true,
        GStmt::Return(r, _) => {
            matches!(r, GRet::Redirect | GRet::Response(Some(400..)))
                || matches!(r, GRet::Bool(GCond::Const(false)))
        }
        GStmt::If { then, els, .. } => rejects(then) || rejects(els),
        _ => false,
    })
}

/// micromatch/minimatch semantics for path globs: `*` within a segment, `**` across.
fn glob_match(pattern: &str, path: &str) -> bool {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher().is_match(path))
        .unwrap_or(false)
}

fn first_reject(terms: &[Term]) -> Option<Loc> {
    terms.iter().find_map(|t| match t {
        Term::Reject(l) => Some(*l),
        _ => None,
    })
}
