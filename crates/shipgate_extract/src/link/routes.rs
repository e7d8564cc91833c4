//! Route candidates from every framework, and the one place that decides a route's guard
//! class: route-level middleware, wrappers and the handler itself first (`in-route`), then
//! signature and secret checks (`verified`), then global middleware (`middleware`), else
//! `public`.

use super::known;
use super::middleware::{Evaluator, Middleware, MwVerdict};
use super::project::{Project, Symbol};
use super::summary::{Analyzer, FnKey, range};
use crate::js::facts::{Val, callee_root};
use shipgate_model::{Confidence, FileId, Framework, Guard, Loc, Span};
use std::collections::HashMap;

/// Something that runs before a handler and may check the caller.
#[derive(Debug, Clone)]
pub enum Gate {
    /// A project function (route middleware, wrapper, tRPC middleware).
    Fn { key: FnKey, name: String, at: Loc },
    /// A library middleware/wrapper known to enforce authentication.
    LibAuth { idiom: String, at: Loc },
    /// A library wrapper known to verify a signature.
    LibVerify { idiom: String, at: Loc },
    /// A wrapper shipgate cannot read: a library it does not model (`likely`), or project
    /// code it could not find (`possible`). It may check the caller.
    Unresolved {
        what: String,
        confidence: Confidence,
        at: Loc,
    },
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub method: String,
    pub path: String,
    pub framework: Framework,
    pub file: FileId,
    pub at: Span,
    pub handler: Option<FnKey>,
    /// Route-level middleware and wrappers, outermost first.
    pub gates: Vec<Gate>,
    /// The Next.js root whose global middleware applies, if any.
    pub next_root: Option<String>,
    /// For server actions: middleware applies to whatever page posts the action.
    pub action: bool,
}

#[derive(Debug, Clone)]
pub struct Decision {
    pub guard: Guard,
    pub evidence: String,
    pub guard_at: Option<Loc>,
    pub idiom: Option<String>,
    pub role: Option<Loc>,
    pub unenforced: Option<Loc>,
    pub middleware_matches: bool,
    /// Index of the global middleware that guards the route, if one does.
    pub middleware_index: Option<usize>,
    pub middleware_exempt: bool,
    /// The secret check that verifies the route passes when its secret is unset.
    pub fails_open: Option<(Loc, String)>,
    /// How sure the decision is, and what could not be followed when not proven.
    pub confidence: Confidence,
    pub unresolved: Vec<String>,
}

impl Decision {
    fn unresolved(&mut self, what: String, confidence: Confidence) {
        self.confidence = self.confidence.and(confidence);
        if !self.unresolved.contains(&what) && self.unresolved.len() < 4 {
            self.unresolved.push(what);
        }
    }
}

/// Resolves a value used as middleware or wrapper into a gate.
pub fn gate_of(project: &Project, file: FileId, val: &Val, at: Span) -> Option<Gate> {
    let loc = Loc::new(file, at);
    match val {
        Val::Func(span) => Some(Gate::Fn {
            key: (file, *span),
            name: "inline middleware".into(),
            at: Loc::new(file, *span),
        }),
        Val::Path(p) => match project.resolve_callee(file, p) {
            Some(Symbol::Function(f, s)) => Some(Gate::Fn {
                key: (f, s),
                name: p.clone(),
                at: Loc::new(f, s),
            }),
            Some(Symbol::External { source, name }) => {
                known::lib_auth_middleware(&name, Some(&source))
                    .or_else(|| known::lib_auth_middleware(p, Some(&source)))
                    .map(|idiom| Gate::LibAuth {
                        idiom: idiom.into(),
                        at: loc,
                    })
            }
            Some(Symbol::Binding {
                file: bf, index, ..
            }) => {
                let init = project.facts(bf)?.bindings.get(index)?.init.clone();
                let gate = match &init {
                    Val::Call { .. } | Val::Func(_) => {
                        gate_of(project, bf, &init, project.facts(bf)?.bindings[index].span)
                    }
                    _ => None,
                };
                // Name it after the binding (`sessionAuth`), not its factory call.
                gate.map(|g| match g {
                    Gate::Fn { key, at, .. } => Gate::Fn {
                        key,
                        name: p.clone(),
                        at,
                    },
                    other => other,
                })
            }
            None => {
                // `auth.required` where `auth = { required: jwt({...}), optional: ... }`.
                if let Some((root, member)) = p.split_once('.')
                    && !member.contains('.')
                    && let Some((bf, obj, at)) = project.object_value(file, root)
                    && let Some(v) = obj.prop(member)
                {
                    let v = v.clone();
                    return gate_of(project, bf, &v, at).map(|g| match g {
                        Gate::Fn { key, at, .. } => Gate::Fn {
                            key,
                            name: p.clone(),
                            at,
                        },
                        other => other,
                    });
                }
                known::lib_auth_middleware(p, None).map(|idiom| Gate::LibAuth {
                    idiom: idiom.into(),
                    at: loc,
                })
            }
        },
        Val::Call { callee, span } => {
            let src = project.import_source(file, callee);
            if let Some(idiom) = known::lib_auth_middleware(callee, src) {
                // express-jwt with `credentialsRequired: false` lets anonymous requests through.
                let optional = project
                    .facts(file)
                    .and_then(|f| f.call_at(*span))
                    .and_then(|c| c.args.first())
                    .and_then(|a| a.prop("credentialsRequired"))
                    .is_some_and(|v| *v == Val::Bool(false));
                if optional {
                    return None;
                }
                return Some(Gate::LibAuth {
                    idiom: idiom.into(),
                    at: Loc::new(file, *span),
                });
            }
            // Upstash Workflow / QStash `serve()` verifies the QStash signature on every call.
            if callee == "serve"
                && src.is_some_and(|s| {
                    s.starts_with("@upstash/workflow") || s.starts_with("@upstash/qstash")
                })
            {
                return Some(Gate::LibVerify {
                    idiom: "Upstash `serve()` (QStash request signature)".into(),
                    at: Loc::new(file, *span),
                });
            }
            let args = project
                .facts(file)
                .and_then(|f| f.call_at(*span))
                .map_or(&[][..], |c| c.args.as_slice());
            if let Some(idiom) = known::lib_verify_wrapper(callee, src, args) {
                return Some(Gate::LibVerify {
                    idiom,
                    at: Loc::new(file, *span),
                });
            }
            // `every(verifyKey, requirePlan)`: every argument runs, in order, and each can
            // reject; the first that is a gate stands for the combination.
            if known::is_all_of_combinator(callee, src) {
                let call = project.facts(file)?.call_at(*span)?;
                return call
                    .args
                    .iter()
                    .find_map(|a| gate_of(project, file, a, *span));
            }
            match project.resolve_callee(file, callee) {
                Some(Symbol::Function(f, s)) => Some(Gate::Fn {
                    key: (f, s),
                    name: format!("{callee}()"),
                    at: Loc::new(file, *span),
                }),
                // `t.middleware(fn)`, Hono `createMiddleware(fn)`: the function argument runs.
                _ => {
                    let call = project.facts(file)?.call_at(*span)?;
                    call.args.iter().find_map(|a| match a {
                        Val::Func(s) => Some(Gate::Fn {
                            key: (file, *s),
                            name: format!("{callee}(…)"),
                            at: Loc::new(file, *span),
                        }),
                        _ => None,
                    })
                }
            }
        }
        _ => None,
    }
}

/// A handler wrapped by a function shipgate cannot read (`withApiAuth(handler)` from a
/// library it does not model, or from a project file it could not find).
fn unresolved_wrapper(project: &Project, file: FileId, callee: &str, span: Span) -> Option<Gate> {
    let at = Loc::new(file, span);
    match project.resolve_callee(file, callee) {
        Some(Symbol::External { source, .. }) => {
            if known::is_transparent_wrapper(callee, Some(&source)) {
                return None;
            }
            let project_code = project.is_project_source(&source);
            Some(Gate::Unresolved {
                what: format!(
                    "{callee} (from {source}, {})",
                    if project_code {
                        "not found in the repository"
                    } else {
                        "a library shipgate does not model"
                    }
                ),
                confidence: if project_code {
                    Confidence::Possible
                } else {
                    Confidence::Likely
                },
                at,
            })
        }
        None if !known::is_transparent_wrapper(callee, None) => Some(Gate::Unresolved {
            what: format!("{callee} (not defined in the repository)"),
            confidence: Confidence::Possible,
            at,
        }),
        _ => None,
    }
}

/// Middleware carried by a builder object: `protectedProcedure = t.procedure.use(isAuthed)`
/// (tRPC), `authActionClient = actionClient.use(authMiddleware)` (next-safe-action),
/// followed through builders made from other builders.
pub fn chain_gates(
    project: &Project,
    file: FileId,
    name: &str,
    cache: &mut HashMap<(FileId, String), Vec<Gate>>,
    depth: u32,
) -> Vec<Gate> {
    if depth > 6 || name == "t" || name.is_empty() {
        return Vec::new();
    }
    let key = (file, name.to_string());
    if let Some(g) = cache.get(&key) {
        return g.clone();
    }
    cache.insert(key.clone(), Vec::new());
    let mut gates = Vec::new();
    // The `.use(...)` middleware inside `span`, in order.
    let uses_within = |bf: FileId, span: Span, gates: &mut Vec<Gate>| {
        let Some(facts) = project.facts(bf) else {
            return;
        };
        for c in range(&facts.calls, span, |c| c.span.start) {
            if c.callee.ends_with(".use") {
                for a in &c.args {
                    if let Some(g) = gate_of(project, bf, a, c.span) {
                        gates.push(g);
                    }
                }
            }
        }
    };
    match project.resolve_local(file, name, 0) {
        Some(Symbol::Binding {
            file: bf, index, ..
        }) => {
            if let Some(facts) = project.facts(bf) {
                let b = &facts.bindings[index];
                if let Val::Call { callee, .. } = &b.init {
                    gates = chain_gates(project, bf, callee_root(callee), cache, depth + 1);
                }
                uses_within(bf, b.span, &mut gates);
            }
        }
        // A builder made by a function: `createScopedProcedure("posts")` returning
        // `authedProcedure.use(...)`. Every builder it returns carries those gates; when
        // its returns differ, only what all of them carry would be sure, so the first
        // return that builds on another builder is taken only when it is the only one.
        Some(Symbol::Function(f, span)) => {
            if let Some(facts) = project.facts(f) {
                let returns: Vec<_> = range(&facts.returns, span, |r| r.span.start)
                    .iter()
                    .filter(|r| match &r.val {
                        Val::Call { callee, .. } => {
                            callee.contains(".use") || callee.ends_with(".procedure")
                        }
                        Val::Path(_) => true,
                        _ => false,
                    })
                    .filter(|r| {
                        // Not a return inside a nested middleware (`return opts.next()`).
                        !super::summary::is_inside_nested_fn(facts, span, r.span)
                    })
                    .collect();
                if let [r] = returns.as_slice() {
                    let root = match &r.val {
                        Val::Call { callee, .. } | Val::Path(callee) => callee_root(callee),
                        _ => "",
                    };
                    gates = chain_gates(project, f, root, cache, depth + 1);
                    uses_within(f, r.span, &mut gates);
                }
            }
        }
        _ => {}
    }
    cache.insert(key, gates.clone());
    gates
}

/// Unwraps `withAuth(withLogging(async (req) => ...))` into gates and the inner handler.
pub fn unwrap_handler(
    project: &Project,
    file: FileId,
    val: &Val,
    at: Span,
    gates: &mut Vec<Gate>,
    depth: u32,
) -> Option<FnKey> {
    if depth > 6 {
        return None;
    }
    match val {
        Val::Func(span) => Some((file, *span)),
        Val::Path(p) if !p.contains('.') => match project.resolve_local(file, p, 0)? {
            Symbol::Function(f, s) => Some((f, s)),
            Symbol::Binding {
                file: bf, index, ..
            } => {
                let b = project.facts(bf)?.bindings.get(index)?;
                let init = b.init.clone();
                unwrap_handler(project, bf, &init, b.span, gates, depth + 1)
            }
            Symbol::External { .. } => None,
        },
        Val::Call { callee, span } => {
            let facts = project.facts(file)?;
            let call = facts.call_at(*span)?;
            let args = call.args.clone();
            if callee.contains('.') {
                // A builder chain: `authActionClient.schema(s).action(fn)`: the builder's
                // `.use(...)` middleware, and any `.use(...)` on this chain itself.
                gates.extend(chain_gates(
                    project,
                    file,
                    callee_root(callee),
                    &mut HashMap::new(),
                    0,
                ));
                for c in range(&facts.calls, *span, |c| c.span.start) {
                    if c.callee.ends_with(".use") && span.contains(c.span) && c.span != *span {
                        for a in &c.args {
                            if let Some(g) = gate_of(project, file, a, c.span) {
                                gates.push(g);
                            }
                        }
                    }
                }
            } else if let Some(g) = gate_of(
                project,
                file,
                &Val::Call {
                    callee: callee.clone(),
                    span: *span,
                },
                at,
            ) {
                gates.push(g);
            } else if let Some(g) = unresolved_wrapper(project, file, callee, *span) {
                gates.push(g);
            }
            // The handler is the function-like argument (first one wins).
            args.iter().find_map(|a| match a {
                Val::Func(_) | Val::Call { .. } => {
                    unwrap_handler(project, file, a, at, gates, depth + 1)
                }
                Val::Path(p) if !p.contains('.') => {
                    unwrap_handler(project, file, a, at, gates, depth + 1)
                }
                _ => None,
            })
        }
        _ => None,
    }
}

pub struct Classifier<'a, 'p> {
    pub analyzer: &'a Analyzer<'p>,
    pub evaluator: &'a Evaluator<'a, 'p>,
    pub middleware: &'a [Middleware],
}

impl Classifier<'_, '_> {
    /// The role check made by every function inside the objects a wrapper call at `at`
    /// is handed (inline, or a `const api = { ... }` it names).
    fn role_in_every_handed_fn(&self, at: Loc) -> Option<Loc> {
        let project = self.analyzer.project;
        let call = project.facts(at.file)?.call_at(at.span)?;
        let mut fns: Vec<(FileId, Span)> = Vec::new();
        for a in &call.args {
            let (file, obj) = match a {
                Val::Object(..) => (at.file, a.clone()),
                Val::Path(p) => {
                    let (bf, v, _) = project.object_value(at.file, p)?;
                    (bf, v)
                }
                _ => continue,
            };
            super::summary::scan_val(&obj, &mut |v: &Val| {
                if let Val::Func(span) = v {
                    fns.push((file, *span));
                }
            });
        }
        let mut first = None;
        for f in fns.iter().take(16) {
            let role = self.analyzer.summary(*f).role?;
            first.get_or_insert(role);
        }
        first
    }

    fn describe(&self, loc: Loc) -> String {
        let p = self.analyzer.project;
        format!(
            "{}:{}",
            p.path(loc.file),
            p.files[loc.file.0 as usize].line_col(loc.span.start).0
        )
    }

    pub fn decide(&self, c: &Candidate) -> Decision {
        let mut d = Decision {
            guard: Guard::Public,
            evidence: String::new(),
            guard_at: None,
            idiom: None,
            role: None,
            unenforced: None,
            middleware_matches: false,
            middleware_index: None,
            middleware_exempt: false,
            fails_open: None,
            confidence: Confidence::Proven,
            unresolved: Vec::new(),
        };
        let mut verify: Option<(String, Loc)> = None;
        // What could not be followed; it weakens the decision only when no check was found.
        let mut doubts: Vec<(String, Confidence)> = Vec::new();
        for g in &c.gates {
            match g {
                Gate::Unresolved {
                    what, confidence, ..
                } => doubts.push((what.clone(), *confidence)),
                Gate::LibAuth { idiom, at } => {
                    if d.guard == Guard::Public {
                        d.guard = Guard::InRoute;
                        d.evidence = format!(
                            "`{idiom}` at {} rejects unauthenticated requests",
                            self.describe(*at)
                        );
                        d.guard_at = Some(*at);
                        d.idiom = Some(idiom.clone());
                    }
                }
                Gate::LibVerify { idiom, at } => {
                    verify.get_or_insert((
                        format!(
                            "`{idiom}` at {} verifies the request signature",
                            self.describe(*at)
                        ),
                        *at,
                    ));
                }
                Gate::Fn { key, name, at } => {
                    let s = self.analyzer.summary(*key);
                    if let Some(r) = s.role {
                        d.role.get_or_insert(r);
                    }
                    // `export default apiHandler({ GET: { handle: async ({ user }) => ... } })`:
                    // the wrapper dispatches to the functions in the object it is given, so
                    // a role check every one of them makes holds for the route.
                    if c.handler.is_none()
                        && let Some(r) = self.role_in_every_handed_fn(*at)
                    {
                        d.role.get_or_insert(r);
                    }
                    if let Some(check) = &s.session_guard
                        && d.guard == Guard::Public
                    {
                        d.guard = Guard::InRoute;
                        d.evidence = format!("`{name}` ({}): {}", self.describe(*at), check.how);
                        d.guard_at = Some(check.at);
                        d.idiom = Some(name.clone());
                    }
                    if let Some(check) = &s.verify_guard {
                        if verify.is_none() {
                            d.fails_open = s.fails_open.clone();
                        }
                        verify.get_or_insert((
                            format!("`{name}` ({}): {}", self.describe(*at), check.how),
                            check.at,
                        ));
                    }
                }
            }
        }
        if let Some(h) = c.handler {
            let s = self.analyzer.summary(h);
            doubts.extend(
                s.unresolved
                    .iter()
                    .map(|u| (u.clone(), Confidence::Possible)),
            );
            if let Some(r) = s.role {
                d.role.get_or_insert(r);
            }
            if d.guard == Guard::Public
                && let Some(check) = &s.session_guard
            {
                d.guard = Guard::InRoute;
                d.evidence = check.how.clone();
                d.guard_at = Some(check.at);
                d.idiom = s
                    .idiom
                    .clone()
                    .or_else(|| Some(check.idiom.clone()).filter(|i| !i.contains("updateUser")));
            }
            if let Some(check) = &s.verify_guard {
                if verify.is_none() {
                    d.fails_open = s.fails_open.clone();
                }
                verify.get_or_insert((check.how.clone(), check.at));
            }
            if d.guard == Guard::Public {
                d.unenforced = s.unenforced_session;
                if d.idiom.is_none() {
                    d.idiom = s.idiom.clone();
                }
            }
        }
        if d.guard == Guard::InRoute {
            return d;
        }
        for (what, confidence) in doubts {
            d.unresolved(what, confidence);
        }
        if let Some((how, at)) = verify {
            d.guard = Guard::Verified;
            d.evidence = how;
            d.guard_at = Some(at);
            return d;
        }
        // Global middleware.
        let mut mw_notes = Vec::new();
        if let Some(root) = &c.next_root {
            let sample = if c.action {
                "/__server-action".to_string()
            } else {
                super::matcher::sample_path(&c.path)
            };
            for (idx, mw) in self
                .middleware
                .iter()
                .enumerate()
                .filter(|(_, m)| &m.next_root == root)
            {
                let mw_file = self.analyzer.project.path(mw.file).to_string();
                match self.evaluator.verdict(mw, &sample, &c.method) {
                    MwVerdict::Guarded { at } => {
                        d.middleware_matches = true;
                        d.middleware_index = Some(idx);
                        d.guard = Guard::Middleware;
                        d.guard_at = Some(at);
                        d.evidence = format!(
                            "{} rejects anonymous requests to {}; no check in the handler",
                            self.describe(at),
                            c.path
                        );
                        return d;
                    }
                    MwVerdict::Allowed { at, exempt } => {
                        d.middleware_matches = true;
                        d.middleware_exempt |= exempt;
                        let place = at.map(|l| self.describe(l)).unwrap_or(mw_file);
                        if c.action {
                            mw_notes.push(format!(
                                "server actions can be posted from any page, and {place} lets anonymous requests to some pages through"
                            ));
                        } else if exempt {
                            mw_notes
                                .push(format!("the sign-in check at {place} exempts {}", c.path));
                        } else {
                            mw_notes.push(format!(
                                "{place} lets anonymous requests to {} through",
                                c.path
                            ));
                        }
                    }
                    MwVerdict::NotMatched => {
                        mw_notes.push(format!("{mw_file} matcher does not cover {}", c.path));
                    }
                }
            }
        }
        let mut parts = vec![match d.unenforced {
            Some(loc) => format!(
                "session or credential read at {} but never enforced",
                self.describe(loc)
            ),
            None => "no session, token or signature check in the handler".to_string(),
        }];
        parts.extend(mw_notes);
        d.evidence = parts.join("; ");
        d
    }
}

/// Why a route is meant to be reachable without a session, if it is.
pub fn intended_public(
    project: &Project,
    method: &str,
    path: &str,
    guard: Guard,
) -> Option<String> {
    if let Some(p) = project.config.public_route(method, path) {
        return Some(format!("declared public in shipgate.toml (`{}`)", p.source));
    }
    let lower = path.to_ascii_lowercase();
    let segs: Vec<&str> = lower.split('/').filter(|s| !s.is_empty()).collect();
    let has = |words: &[&str]| segs.iter().any(|s| words.contains(s));
    const AUTH_ACTIONS: &[&str] = &[
        "signin",
        "signup",
        "signout",
        "login",
        "logout",
        "register",
        "forgotpassword",
        "resetpassword",
        "requestpassword",
        "updatepassword",
        "verifyotp",
        "verifyemail",
        "resendverification",
        "sendmagiclink",
        "magiclink",
        "oauth",
        "authenticate",
        "acceptinvite",
        "sendotp",
        "requestotp",
        "resendotp",
    ];
    let alnum = |s: &str| -> String { s.chars().filter(|c| c.is_ascii_alphanumeric()).collect() };
    // tRPC procedures: `auth.signIn`, `auth.passkey.createSigninOptions`.
    if let Some(procedure) = segs.last().filter(|_| segs.contains(&"trpc")) {
        let parts: Vec<&str> = procedure.split('.').collect();
        let n = alnum(parts.last().unwrap_or(procedure));
        let in_auth_router = parts.len() > 1 && parts[0] == "auth";
        // Whole names only: `registerInstallation` and `updatePasswordProtection` are not
        // sign-in steps.
        if AUTH_ACTIONS.contains(&n.as_str())
            || in_auth_router
                && [
                    "signin",
                    "signup",
                    "login",
                    "register",
                    "passkey",
                    "forgotpassword",
                    "resetpassword",
                    "verifyemail",
                ]
                .iter()
                .any(|w| n.contains(w))
        {
            return Some("sign-in/sign-up flow procedure".into());
        }
    }
    if let Some((_, name)) = lower.split_once('#')
        && lower.starts_with("action:")
    {
        let n = alnum(name);
        if AUTH_ACTIONS.iter().any(|w| n.starts_with(w)) {
            return Some("sign-in/sign-up flow action".into());
        }
        if n.starts_with("verifypassword")
            || n.starts_with("unlock")
            || n.starts_with("checkpassword")
        {
            return Some("password gate for shared content".into());
        }
        return None;
    }
    if has(&[
        "health",
        "healthz",
        "healthcheck",
        "health-check",
        "status",
        "ping",
        "ready",
        "readyz",
        "readiness",
        "live",
        "livez",
        "liveness",
        "version",
        "heartbeat",
    ]) || segs.iter().any(|s| {
        // `system-health`, `db_healthz`: a probe named for what it checks.
        let last = s.rsplit(['-', '_']).next().unwrap_or(s);
        s.contains(['-', '_']) && matches!(last, "health" | "healthz" | "healthcheck")
    }) {
        return Some("health/status endpoint".into());
    }
    if has(&[
        "login",
        "signin",
        "sign-in",
        "signup",
        "sign-up",
        "register",
        "logout",
        "signout",
        "sign-out",
        "forgot-password",
        "forgot",
        "reset-password",
        "reset",
        "verify-email",
        "magic-link",
        "otp",
        "confirm",
        "password-reset",
    ]) {
        return Some("login/signup/reset endpoint".into());
    }
    // A segment whose words name a step of signing in (`send-password-reset`,
    // `request_magic_link`), outside admin paths, where staff reset other people's.
    const FLOW_WORDS: &[&str] = &[
        "passwordreset",
        "resetpassword",
        "forgotpassword",
        "magiclink",
        "verifyemail",
        "confirmemail",
    ];
    if !segs.iter().any(|s| s.contains("admin"))
        && segs.iter().any(|s| {
            let joined: String = s.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
            FLOW_WORDS.iter().any(|w| joined.contains(w))
        })
    {
        return Some("login/signup/reset endpoint".into());
    }
    if lower.starts_with("/api/auth/")
        || lower == "/api/auth"
        || segs.first() == Some(&"auth") && segs.len() >= 2 && segs[1] != "me"
    {
        return Some("auth-framework route".into());
    }
    if has(&["callback", "oauth", "oauth2", "oauth-callback"])
        || segs.last().is_some_and(|s| s.ends_with("callback"))
    {
        return Some("OAuth callback".into());
    }
    // An MCP server's OAuth authorization-server endpoints (`/mcp/authorize`,
    // `/mcp/token`, `/mcp/register`): the protocol has clients call them before they
    // hold a token; the code, PKCE verifier or client credentials are the check.
    if let [.., parent, last] = segs.as_slice()
        && *parent == "mcp"
        && matches!(*last, "authorize" | "token" | "register" | "revoke")
    {
        return Some("OAuth authorization-server endpoint".into());
    }
    if guard == Guard::Verified && segs.iter().any(|s| s.contains("webhook")) {
        return Some("verified webhook".into());
    }
    if has(&[
        "og",
        "opengraph-image",
        "twitter-image",
        "robots",
        "sitemap",
        "manifest",
        "rss",
        "feed",
        "favicon",
        "icon",
        "csp-report",
        "csp-violation",
        ".well-known",
        "wellknown",
    ]) || segs
        .last()
        .is_some_and(|s| s.ends_with(".xml") || s.ends_with(".txt"))
    {
        return Some("public content (OG image, feed, sitemap)".into());
    }
    if has(&[
        "contact",
        "newsletter",
        "subscribe",
        "unsubscribe",
        "waitlist",
        "early-access",
    ]) {
        return Some("public form endpoint".into());
    }
    if segs.first() == Some(&"api") && segs.get(1) == Some(&"public")
        || segs.first() == Some(&"public")
    {
        return Some("under a public/ prefix".into());
    }
    None
}
