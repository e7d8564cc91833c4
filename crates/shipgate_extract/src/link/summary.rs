//! Function summaries: for every function that matters, whether it checks a session or a
//! signature, whether that check rejects on its own or leaves the caller to test the
//! result, whether it checks a role, and whether it wraps a handler. Project helpers are
//! followed through imports; summaries are memoised and cycles are cut.

use super::known::{self, AuthKind, Mode};
use super::project::{Project, Symbol};
use crate::js::facts::{
    BindingFact, CallFact, ExitFact, ExitKind, FnFact, JsFacts, ReturnFact, TryContext, Val,
    callee_root,
};
use shipgate_model::{FileId, Loc, Span};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

pub type FnKey = (FileId, Span);

/// A check that guards a function: what it is and where.
#[derive(Debug, Clone)]
pub struct AuthCheck {
    /// The idiom, e.g. `supabase.auth.getUser()`, `requireUser()`.
    pub idiom: String,
    /// The deciding place: the enforcing call, or the rejecting branch.
    pub at: Loc,
    /// In words, e.g. "rejects when `supabase.auth.getUser()` finds no user".
    pub how: String,
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// This function itself rejects callers without a session.
    pub session_guard: Option<AuthCheck>,
    /// This function itself rejects requests that fail a signature or secret check.
    pub verify_guard: Option<AuthCheck>,
    /// What calling this function means for a caller's session check.
    pub caller_session: Option<Mode>,
    pub caller_verify: Option<Mode>,
    /// A rejecting role / permission check.
    pub role: Option<Loc>,
    /// Takes a function parameter and calls it (`withAuth(handler)`).
    pub wrapper: bool,
    /// A session read whose result no branch enforces.
    pub unenforced_session: Option<Loc>,
    /// The session idiom this function relies on, for inventories.
    pub idiom: Option<String>,
    /// The library session reads here and in the project functions it calls (idiom and
    /// place, first place per idiom, sorted by idiom): which of them verify the token.
    pub session_reads: Vec<(String, Loc)>,
    /// An auth-provider flow call (`supabase.auth.signInWithOtp`, NextAuth `signIn`):
    /// the function is part of signing in or out, which anonymous callers must reach.
    pub auth_flow: Option<String>,
    /// Rejects callers that *have* a session (`throwIfAuthenticated`): a signed-out flow
    /// such as sign-up.
    pub anonymous_only: bool,
    /// Parameters holding a check this function runs and obeys: `withMiddleware(handler,
    /// mw)` calls `mw(req)` and returns its result when it is a Response.
    pub param_gates: Vec<usize>,
    /// Rejects every request in production before doing anything else (`if
    /// (process.env.NODE_ENV === "production") return 404`): a development-only route.
    pub disabled_in_production: Option<Loc>,
    /// Parameters this function throws on when they are missing before it returns
    /// (`requireDefined(value, message)`): passing a session read through it enforces it.
    pub asserts_present: Vec<usize>,
    /// The secret check it rejects with runs only when the secret is set (`if (SECRET &&
    /// header !== SECRET)`): where, and the env var. Without it, every request passes.
    pub fails_open: Option<(Loc, String)>,
    /// Rejects (throws, answers with an error status, redirects) on a branch that tests
    /// what it was given, or something it computed or looked up from that, here or in a
    /// project function it hands its arguments to: `assertCanEdit(user, id)` that loads
    /// the record and throws unless the user owns it. Called with the caller's identity
    /// and a request's id, such a function decides whether that id is the caller's.
    pub rejects_on_input: bool,
    /// Calls into project code that could not be found (a missing file, a workspace
    /// package outside the repository), here or in the helpers this function calls: a
    /// check may hide there.
    pub unresolved: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct CallMeaning {
    pub session: Option<(Mode, String)>,
    pub verify: Option<(Mode, String)>,
    pub role: bool,
    pub project: Option<FnKey>,
}

pub fn range<T>(items: &[T], span: Span, start: impl Fn(&T) -> u32) -> &[T] {
    let lo = items.partition_point(|x| start(x) < span.start);
    let hi = items.partition_point(|x| start(x) < span.end);
    &items[lo..hi.max(lo)]
}

/// The facts inside one function (nested functions included).
pub struct FnView<'p> {
    pub file: FileId,
    pub span: Span,
    pub facts: &'p JsFacts,
}

impl<'p> FnView<'p> {
    pub fn calls(&self) -> &'p [CallFact] {
        range(&self.facts.calls, self.span, |c| c.span.start)
    }
    pub fn exits(&self) -> &'p [ExitFact] {
        range(&self.facts.exits, self.span, |e| e.span.start)
    }
    pub fn bindings(&self) -> &'p [BindingFact] {
        range(&self.facts.bindings, self.span, |b| b.span.start)
    }
    pub fn returns(&self) -> &'p [ReturnFact] {
        range(&self.facts.returns, self.span, |r| r.span.start)
    }
    pub fn loc(&self, span: Span) -> Loc {
        Loc::new(self.file, span)
    }
    /// Inside a branch taken only when the caller presents a credential.
    pub fn in_optional_block(&self, span: Span) -> bool {
        range(&self.facts.optional_blocks, self.span, |b| b.start)
            .iter()
            .any(|b| b.contains(span))
    }
}

/// Records a library session read once per idiom, keeping the list sorted and short.
fn add_session_read(reads: &mut Vec<(String, Loc)>, idiom: &str, at: Loc) {
    if reads.len() < 8 && !reads.iter().any(|(i, _)| i == idiom) {
        reads.push((idiom.to_string(), at));
        reads.sort_by(|a, b| a.0.cmp(&b.0));
    }
}

/// Whether a function passes on a session's access token: a binding, return value or
/// call argument reads `access_token` / `accessToken`.
fn forwards_access_token(view: &FnView) -> bool {
    let token = |v: &Val| {
        let mut refs = Vec::new();
        v.refs(&mut refs);
        refs.iter().any(|r| {
            r.split('.')
                .any(|seg| seg == "access_token" || seg == "accessToken")
        })
    };
    view.bindings().iter().any(|b| token(&b.init))
        || view.returns().iter().any(|r| token(&r.val))
        || view.calls().iter().any(|c| c.args.iter().any(token))
}

/// Where a caller's session is read without verifying it, when every library session
/// read on the way does so (Supabase `getSession()` with no `getUser()`/`getClaims()`).
pub fn unverified_session(reads: &[(String, Loc)]) -> Option<Loc> {
    if !reads.is_empty()
        && reads
            .iter()
            .all(|(i, _)| known::is_unverified_session_read(i))
    {
        reads.first().map(|(_, at)| *at)
    } else {
        None
    }
}

pub fn root_of(path: &str) -> &str {
    callee_root(path)
}

/// Roots of every path and callee a value mentions.
pub fn val_roots(v: &Val, out: &mut Vec<String>) {
    match v {
        Val::Path(p) => out.push(root_of(p).to_string()),
        Val::Call { callee, .. } => out.push(root_of(callee).to_string()),
        Val::Template(_, vals) | Val::Array(vals) => vals.iter().for_each(|x| val_roots(x, out)),
        Val::Object(props, spreads) => {
            props.iter().for_each(|(_, x)| val_roots(x, out));
            spreads.iter().for_each(|x| val_roots(x, out));
        }
        Val::Other(refs) => out.extend(refs.iter().map(|r| root_of(r).to_string())),
        _ => {}
    }
}

/// Names that (transitively) hold the result of the call at `seed`.
/// Calls that pass a value through unchanged in meaning: `String(payload.sub)`.
fn is_conversion(callee: &str) -> bool {
    // A schema's validation hands its input back typed: `SessionSchema.parse(raw)`.
    let validation = callee.contains('.')
        && matches!(
            callee.rsplit('.').next(),
            Some("parse" | "parseAsync" | "safeParse" | "safeParseAsync")
        );
    validation
        || matches!(
            callee,
            "String"
                | "Number"
                | "Boolean"
                | "BigInt"
                | "parseInt"
                | "parseFloat"
                | "JSON.parse"
                | "JSON.stringify"
                | "structuredClone"
                | "Object.assign"
                | "Object.fromEntries"
        )
}

pub fn derived_names(
    facts: &JsFacts,
    bindings: &[BindingFact],
    seed: &CallFact,
) -> HashSet<String> {
    derived_names_with(facts, bindings, seed, false)
}

/// Like [`derived_names`]; `deep` also follows values through any call's arguments
/// (`hex(await crypto.subtle.sign(...))`), which is right for signatures but not for
/// sessions (a query filtered by the session is not the session).
pub fn derived_names_with(
    facts: &JsFacts,
    bindings: &[BindingFact],
    seed: &CallFact,
    deep: bool,
) -> HashSet<String> {
    let mut set: HashSet<String> = HashSet::new();
    let seed_prefix = format!("{}()", seed.callee);
    for _ in 0..3 {
        let before = set.len();
        for b in bindings {
            let hit = match &b.init {
                Val::Call { span, callee } => {
                    *span == seed.span
                        || callee.starts_with(&seed_prefix)
                        || set.contains(root_of(callee))
                        || is_conversion(callee)
                            && facts.call_at(*span).is_some_and(|c| {
                                c.args
                                    .iter()
                                    .any(|a| mentions_names(facts, a, &set, Through::Conversions))
                            })
                        || deep
                            && range(&facts.calls, b.span, |c| c.span.start)
                                .iter()
                                .any(|c| {
                                    c.args
                                        .iter()
                                        .any(|a| mentions_names(facts, a, &set, Through::AllCalls))
                                })
                }
                Val::Path(p) => p.starts_with(&seed_prefix) || set.contains(root_of(p)),
                other if deep => {
                    mentions_names(facts, other, &set, Through::AllCalls)
                        || range(&facts.calls, b.span, |c| c.span.start)
                            .iter()
                            .any(|c| {
                                c.args
                                    .iter()
                                    .any(|a| mentions_names(facts, a, &set, Through::AllCalls))
                            })
                }
                other => mentions_names(facts, other, &set, Through::Conversions),
            };
            if hit {
                set.extend(b.names.iter().map(|n| n.name.clone()));
            }
        }
        if set.len() == before {
            break;
        }
    }
    set
}

fn test_hits(e: &ExitFact, names: &HashSet<String>, seed: &CallFact) -> bool {
    let seed_prefix = format!("{}()", seed.callee);
    e.test.calls.contains(&seed.span)
        || e.test
            .refs
            .iter()
            .any(|r| names.contains(root_of(r)) || r.starts_with(&seed_prefix))
}

fn returns_hit(
    facts: &JsFacts,
    returns: &[ReturnFact],
    names: &HashSet<String>,
    seed: &CallFact,
) -> bool {
    returns.iter().any(|r| match &r.val {
        Val::Call { span, .. } if *span == seed.span => true,
        v => mentions_names(facts, v, names, Through::Conversions),
    })
}

/// A branch that keeps callers without a session out: `if (!user) return 401`, or the
/// middleware form `if (req.isAuthenticated()) return next()` (everyone else falls through
/// to the rejection below).
fn guards_absence(e: &ExitFact) -> bool {
    match e.kind {
        ExitKind::Continue => e.test.exits_when_present == Some(true),
        _ => e.test.exits_when_present != Some(true),
    }
}

fn exit_words(kind: ExitKind) -> String {
    match kind {
        ExitKind::Throw => "throws".into(),
        ExitKind::Redirect => "redirects".into(),
        ExitKind::Respond(s) => format!("returns {s}"),
        ExitKind::Return => "returns early".into(),
        ExitKind::Continue => "lets only them through".into(),
    }
}

fn mode_of_exit(kind: ExitKind) -> Mode {
    match kind {
        ExitKind::Throw | ExitKind::Redirect => Mode::Enforces,
        _ => Mode::Returns,
    }
}

fn stronger(a: Option<Mode>, b: Mode) -> Option<Mode> {
    match (a, b) {
        (Some(Mode::Enforces), _) | (_, Mode::Enforces) => Some(Mode::Enforces),
        _ => Some(Mode::Returns),
    }
}

pub struct Analyzer<'p> {
    pub project: &'p Project,
    summaries: RefCell<HashMap<FnKey, Rc<Summary>>>,
    in_progress: RefCell<HashSet<FnKey>>,
    /// How many times the depth limit cut an analysis short. A summary computed while
    /// this grew is incomplete and is not kept: it is redone from a shallower caller.
    depth_cuts: std::cell::Cell<u64>,
}

/// How deep helper summaries nest before shipgate stops following calls.
const MAX_SUMMARY_DEPTH: usize = 48;

impl<'p> Analyzer<'p> {
    pub fn new(project: &'p Project) -> Self {
        Self {
            project,
            summaries: RefCell::new(HashMap::new()),
            in_progress: RefCell::new(HashSet::new()),
            depth_cuts: std::cell::Cell::new(0),
        }
    }

    pub fn view(&self, key: FnKey) -> Option<FnView<'p>> {
        Some(FnView {
            file: key.0,
            span: key.1,
            facts: self.project.facts(key.0)?,
        })
    }

    fn file_imports(&self, file: FileId) -> Vec<&'p str> {
        self.project
            .facts(file)
            .map(|f| f.imports.iter().map(|i| i.source.as_str()).collect())
            .unwrap_or_default()
    }

    /// What a call means for auth, following project helpers.
    pub fn meaning(&self, file: FileId, c: &CallFact) -> CallMeaning {
        let last = c.callee.rsplit('.').next().unwrap_or(&c.callee);
        if self
            .project
            .config
            .auth_helpers
            .iter()
            .any(|h| h == &c.callee || h == last)
        {
            return CallMeaning {
                session: Some((Mode::Enforces, format!("{}()", c.callee))),
                ..Default::default()
            };
        }
        let resolved = self.project.resolve_callee(file, &c.callee);
        if let Some(Symbol::Function(f, span)) = resolved {
            let s = self.summary((f, span));
            let idiom = format!("{}()", c.callee);
            return CallMeaning {
                session: s.caller_session.map(|m| (m, idiom.clone())),
                verify: s.caller_verify.map(|m| (m, idiom)),
                role: s.role.is_some(),
                project: Some((f, span)),
            };
        }
        // `const queueHandler = handleCallback(fn)` then `POST = (req) => queueHandler(req)`.
        if let Some(Symbol::Binding {
            file: bf, index, ..
        }) = &resolved
            && let Some(bfacts) = self.project.facts(*bf)
            && let Some(Val::Call {
                callee: init,
                span: init_span,
            }) = bfacts.bindings.get(*index).map(|b| &b.init)
            && let Some(idiom) = known::lib_verify_wrapper(
                init,
                self.project.import_source(*bf, init),
                bfacts
                    .call_at(*init_span)
                    .map_or(&[][..], |c| c.args.as_slice()),
            )
        {
            return CallMeaning {
                verify: Some((Mode::Enforces, idiom)),
                ..Default::default()
            };
        }
        let mut import_src = match &resolved {
            Some(Symbol::External { source, .. }) => Some(source.as_str()),
            _ => self.project.import_source(file, &c.callee),
        };
        let mut imports = self.file_imports(file);
        // `receiver.verify(...)` where `lib/cron.ts` holds `receiver = new Receiver(...)`
        // from `@upstash/qstash`: judge the call by the library the object comes from.
        if let Some((bf, src)) = self.project.built_by(file, &c.callee)
            && bf != file
        {
            import_src = Some(src);
            imports.extend(self.file_imports(bf));
        }
        let mut m = CallMeaning::default();
        // An auth middleware factory invoked inside a function:
        // `app.use('/x/*', (c, next) => jwt({ secret: c.env.SECRET })(c, next))`.
        if let Some(idiom) = known::lib_auth_middleware(&c.callee, import_src) {
            m.session = Some((Mode::Enforces, idiom.to_string()));
            return m;
        }
        if let Some(lib) = known::lib_auth(&c.callee, import_src, &c.args, &imports) {
            let mode = if lib.mode == Mode::Enforces && c.try_ctx == TryContext::CatchSwallows {
                Mode::Returns
            } else {
                lib.mode
            };
            match lib.kind {
                AuthKind::Session => m.session = Some((mode, lib.idiom)),
                AuthKind::Verify => m.verify = Some((mode, lib.idiom)),
            }
            // Clerk `auth.protect({ role: 'org:admin' })`, `has({ permission })`.
            // (Applies to the call recognised just above.)
            if c.args.iter().any(|a| matches!(a, Val::Object(props, _) if props.iter().any(|(k, _)| k == "role" || k == "permission"))) {
                m.role = true;
            }
        }
        m
    }

    /// A call into the project's own code that does not resolve: `getViewer (from
    /// @acme/auth, not found in the repository)`.
    fn missing_project_code(&self, file: FileId, callee: &str) -> Option<String> {
        let root = crate::js::facts::callee_root(callee);
        match self.project.resolve_local(file, root, 0)? {
            Symbol::External { source, .. } if self.project.is_project_source(&source) => Some(
                format!("{callee} (from {source}, not found in the repository)"),
            ),
            _ => None,
        }
    }

    pub fn summary(&self, key: FnKey) -> Rc<Summary> {
        if let Some(s) = self.summaries.borrow().get(&key) {
            return s.clone();
        }
        if self.in_progress.borrow().len() >= MAX_SUMMARY_DEPTH {
            self.depth_cuts.set(self.depth_cuts.get() + 1);
            return Rc::new(Summary::default());
        }
        // A cycle (recursion between helpers): the inner visit sees no checks.
        if !self.in_progress.borrow_mut().insert(key) {
            return Rc::new(Summary::default());
        }
        let cuts = self.depth_cuts.get();
        let s = Rc::new(self.analyze(key));
        self.in_progress.borrow_mut().remove(&key);
        if self.depth_cuts.get() == cuts {
            self.summaries.borrow_mut().insert(key, s.clone());
        }
        s
    }

    fn analyze(&self, key: FnKey) -> Summary {
        let Some(view) = self.view(key) else {
            return Summary::default();
        };
        let mut s = Summary::default();
        let calls = view.calls();
        // Checks that run only when the caller presents a credential let anonymous
        // callers through: leave them out.
        let optional = range(&view.facts.optional_blocks, view.span, |b| b.start);
        let inside_optional = |span: Span| view.in_optional_block(span);
        // Exits that never run in production (`if (process.env.NODE_ENV === "development")
        // return ...`) are not ways through either.
        let off_in_production =
            |e: &ExitFact| e.test.env_cond.as_ref().and_then(known::in_production) == Some(false);
        let all_exits = view.exits();
        let exits: std::borrow::Cow<[ExitFact]> =
            if optional.is_empty() && !all_exits.iter().any(off_in_production) {
                std::borrow::Cow::Borrowed(all_exits)
            } else {
                all_exits
                    .iter()
                    .filter(|e| !inside_optional(e.span) && !off_in_production(e))
                    .cloned()
                    .collect()
            };
        let exits = exits.as_ref();
        let bindings = view.bindings();
        let returns = view.returns();
        let path = self.project.path(key.0).to_string();
        let line = |span: Span| self.project.files[key.0.0 as usize].line_col(span.start).0;

        for c in calls {
            if s.auth_flow.is_none() && known::is_auth_flow(&c.callee) {
                s.auth_flow = Some(c.callee.clone());
            }
            let mut m = self.meaning(key.0, c);
            // `const handler = Webhooks({ webhookSecret }); return handler(req)`: a
            // verifying handler built inside this function.
            if m.verify.is_none()
                && !c.callee.contains(['.', '('])
                && let Some(b) = bindings.iter().rev().find(|b| {
                    b.span.end <= c.span.start && b.names.iter().any(|n| n.name == c.callee)
                })
                && let Val::Call { callee, span } = &b.init
                && let Some(idiom) = known::lib_verify_wrapper(
                    callee,
                    self.project.import_source(key.0, callee),
                    view.facts
                        .call_at(*span)
                        .map_or(&[][..], |x| x.args.as_slice()),
                )
            {
                m.verify = Some((Mode::Enforces, idiom));
            }
            if inside_optional(c.span) && (m.session.is_some() || m.verify.is_some()) {
                // Checked only when a credential is sent: reported as a check nothing
                // enforces.
                m.session = None;
                m.verify = None;
                s.unenforced_session.get_or_insert(view.loc(c.span));
            }
            if m.project.is_none()
                && m.session.is_none()
                && m.verify.is_none()
                && s.unresolved.len() < 4
                && let Some(what) = self.missing_project_code(key.0, &c.callee)
                && !s.unresolved.contains(&what)
            {
                s.unresolved.push(what);
            }
            // What the helper itself checks, to explain a guard found through it.
            let mut inner_how: [Option<String>; 2] = [None, None];
            if let Some(p) = m.project
                && p != key
            {
                let callee = self.summary(p);
                for (idiom, at) in &callee.session_reads {
                    add_session_read(&mut s.session_reads, idiom, *at);
                }
                for u in &callee.unresolved {
                    if s.unresolved.len() < 4 && !s.unresolved.contains(u) {
                        s.unresolved.push(u.clone());
                    }
                }
                inner_how = [
                    callee.session_guard.as_ref().map(|g| g.how.clone()),
                    callee.verify_guard.as_ref().map(|g| g.how.clone()),
                ];
                if s.verify_guard.is_none() && s.fails_open.is_none() {
                    s.fails_open = callee.fails_open.clone();
                }
                if s.unenforced_session.is_none()
                    && let Some(u) = callee.unenforced_session
                {
                    s.unenforced_session = Some(u);
                }
                if s.auth_flow.is_none() {
                    s.auth_flow = callee.auth_flow.clone();
                }
            }
            if m.role {
                s.role.get_or_insert(view.loc(c.span));
            }
            // `assertTrue(profile.admin, "...")`: a helper that throws unless its argument
            // holds, handed a role.
            if let Some((g, gspan)) = m.project
                && (g, gspan) != key
                && self.summary((g, gspan)).asserts_present.iter().any(|&i| {
                    c.args.get(i).is_some_and(|v| {
                        let mut refs = Vec::new();
                        val_paths(v, &mut refs);
                        refs.iter().any(|r| known::is_role_name(r))
                    })
                })
            {
                s.role.get_or_insert(view.loc(c.span));
            }
            for (kind, entry) in [
                (AuthKind::Session, &m.session),
                (AuthKind::Verify, &m.verify),
            ] {
                let Some((mode, idiom)) = entry else { continue };
                // `auth.updateUser` is an operation, not a way of checking the caller.
                if kind == AuthKind::Session && !idiom.contains("updateUser") {
                    s.idiom.get_or_insert_with(|| idiom.clone());
                    // A function that takes the access token out of the session hands it
                    // to something that verifies it (`getUser(token)`, an API that
                    // checks it); it does not trust the cookie's claims.
                    if m.project.is_none() && !forwards_access_token(&view) {
                        add_session_read(&mut s.session_reads, idiom, view.loc(c.span));
                    }
                }
                let (guard, caller) = match kind {
                    AuthKind::Session => (&mut s.session_guard, &mut s.caller_session),
                    AuthKind::Verify => (&mut s.verify_guard, &mut s.caller_verify),
                };
                if *mode == Mode::Enforces {
                    if guard.is_none() {
                        let inner = inner_how[usize::from(kind == AuthKind::Verify)]
                            .as_ref()
                            .map(|h| format!(" ({h})"))
                            .unwrap_or_default();
                        *guard = Some(AuthCheck {
                            idiom: idiom.clone(),
                            at: view.loc(c.span),
                            how: format!(
                                "`{idiom}` at {path}:{} rejects on failure{inner}",
                                line(c.span)
                            ),
                        });
                    }
                    *caller = Some(Mode::Enforces);
                    continue;
                }
                let names = derived_names(view.facts, bindings, c);
                if let Some(a) = self.asserted_by(view.file, key, calls, c, &names) {
                    // `const user = requireDefined(await getUser(req))`.
                    if guard.is_none() {
                        *guard = Some(AuthCheck {
                            idiom: idiom.clone(),
                            at: view.loc(a.span),
                            how: format!(
                                "passes `{idiom}` to `{}()`, which throws when it is missing, at {path}:{}",
                                a.callee,
                                line(a.span)
                            ),
                        });
                    }
                    *caller = Some(Mode::Enforces);
                    continue;
                }
                if let Some(e) = exits
                    .iter()
                    .find(|e| guards_absence(e) && test_hits(e, &names, c))
                {
                    if guard.is_none() {
                        *guard = Some(AuthCheck {
                            idiom: idiom.clone(),
                            at: view.loc(e.span),
                            how: format!(
                                "checks `{idiom}` and {} at {path}:{}",
                                exit_words(e.kind),
                                line(e.span)
                            ),
                        });
                    }
                    *caller = stronger(*caller, mode_of_exit(e.kind));
                } else if let Some(how) = inner_how[usize::from(kind == AuthKind::Verify)]
                    .as_ref()
                    .filter(|_| {
                        // `return handleRoute(req)`, or `const response = await
                        // handleRoute(req); ...; return response`.
                        returns.iter().any(|r| match &r.val {
                            Val::Call { span, .. } => *span == c.span,
                            Val::Path(p) => names.contains(p.as_str()),
                            _ => false,
                        })
                    })
                {
                    // `return handleRoute(req, res)`: the helper rejects by answering 401
                    // itself, and this function hands that answer back unchanged.
                    if guard.is_none() {
                        *guard = Some(AuthCheck {
                            idiom: idiom.clone(),
                            at: view.loc(c.span),
                            how: format!(
                                "returns `{idiom}` at {path}:{}, which rejects on its own ({how})",
                                line(c.span)
                            ),
                        });
                    }
                    *caller = stronger(*caller, Mode::Returns);
                } else if returns_hit(view.facts, returns, &names, c) {
                    *caller = stronger(*caller, Mode::Returns);
                } else if kind == AuthKind::Session {
                    if exits.iter().any(|e| {
                        e.test.exits_when_present == Some(true)
                            && e.kind != ExitKind::Continue
                            && test_hits(e, &names, c)
                    }) {
                        s.anonymous_only = true;
                    } else {
                        s.unenforced_session.get_or_insert(view.loc(c.span));
                    }
                }
            }
        }
        // Names destructured from the request's auth context: `const { session } =
        // opts.ctx` makes `session` mean `opts.ctx.session`.
        let auth_aliases: HashMap<&str, String> = bindings
            .iter()
            .filter_map(|b| match &b.init {
                Val::Path(p) => Some((b, p)),
                _ => None,
            })
            .flat_map(|(b, p)| {
                b.names.iter().filter_map(move |n| {
                    let full = std::iter::once(p.as_str())
                        .chain(n.path.iter().map(String::as_str))
                        .collect::<Vec<_>>()
                        .join(".");
                    known::is_request_auth_name(&full).then_some((n.name.as_str(), full))
                })
            })
            .collect();
        for e in exits {
            // `if (session) throw`: a gate for signed-out visitors, not a session check.
            let aliased = |r: &String| -> Option<String> {
                if known::is_request_auth_name(r) {
                    return Some(r.clone());
                }
                let (root, rest) = r.split_once('.').map_or((r.as_str(), ""), |(a, b)| (a, b));
                auth_aliases.get(root).map(|full| {
                    if rest.is_empty() {
                        full.clone()
                    } else {
                        format!("{full}.{rest}")
                    }
                })
            };
            if let Some(r) = e
                .test
                .refs
                .iter()
                .find_map(aliased)
                .filter(|_| guards_absence(e))
            {
                let idiom = format!("{} check", r.trim_end_matches("()"));
                s.idiom.get_or_insert_with(|| idiom.clone());
                if s.session_guard.is_none() {
                    s.session_guard = Some(AuthCheck {
                        idiom: idiom.clone(),
                        at: view.loc(e.span),
                        how: format!(
                            "checks `{}` and {} at {path}:{}",
                            r.trim_end_matches("()"),
                            exit_words(e.kind),
                            line(e.span)
                        ),
                    });
                }
                s.caller_session = stronger(s.caller_session, mode_of_exit(e.kind));
            }
            let role_test = known::is_role_test(&e.test);
            let rejects_others = matches!(
                e.kind,
                ExitKind::Throw
                    | ExitKind::Redirect
                    | ExitKind::Respond(401 | 403 | 404)
                    | ExitKind::Return
            ) || e.kind == ExitKind::Continue
                && e.test.exits_when_present == Some(true);
            if role_test && rejects_others {
                s.role.get_or_insert(view.loc(e.span));
            }
        }
        if s.role.is_none()
            && let Some(at) = self.staff_membership(&view, exits, bindings)
        {
            s.role = Some(at);
        }
        if s.caller_session.is_none()
            && let Some(idiom) = self.session_lookup(&view, key)
        {
            // A hand-rolled session store (Lucia / "copenhagen" style): the function looks
            // the session up by its token and hands the result back for the caller to test.
            s.idiom.get_or_insert(idiom);
            s.caller_session = Some(Mode::Returns);
        }
        if s.verify_guard.is_none() {
            let found = self
                .secret_check(&view, exits, bindings)
                .or_else(|| self.signature_check(&view, calls, exits, bindings))
                .or_else(|| self.credential_check(&view, calls, exits, bindings))
                .or_else(|| self.ip_allowlist_check(&view, exits, bindings));
            if let Some((check, mode)) = found {
                s.caller_verify = stronger(s.caller_verify, mode);
                s.fails_open = exits
                    .iter()
                    .find(|e| view.loc(e.span) == check.at)
                    .and_then(|e| {
                        let c = e.test.env_cond.as_ref()?;
                        (known::with_secrets_unset(c) == Some(false))
                            .then(|| e.test.env.iter().find(|n| known::is_secret_env(n)))
                            .flatten()
                            .map(|n| (check.at, n.clone()))
                    });
                s.verify_guard = Some(check);
            }
        }
        // Only when no signature, secret or API-key check explains the rejection.
        if s.session_guard.is_none()
            && s.verify_guard.is_none()
            && s.caller_verify.is_none()
            && let Some(e) = self.unauthenticated_exit(&view, exits, bindings)
        {
            // `if (!c.get("member")) throw new HTTPException(401)`: whatever upstream code
            // put there, the function itself says a caller without it is not signed in.
            let subject = e.test.refs.first().cloned().unwrap_or_default();
            let idiom = format!("{} check", subject.trim_end_matches("()"));
            s.idiom.get_or_insert_with(|| idiom.clone());
            s.session_guard = Some(AuthCheck {
                idiom,
                at: view.loc(e.span),
                how: format!(
                    "rejects as unauthenticated when `{}`: {} at {path}:{}",
                    e.test.text,
                    exit_words(e.kind),
                    line(e.span)
                ),
            });
            s.caller_session = stronger(s.caller_session, mode_of_exit(e.kind));
        }
        self.gates_passed_in(&view, key, calls, exits, bindings, &mut s);
        s.disabled_in_production = exits
            .iter()
            .find(|e| {
                e.kind.fails_request() && e.test.env_cond.as_ref().and_then(known::in_production) == Some(true)
                    // Before anything else runs: nothing but the condition's own calls.
                    && calls
                        .iter()
                        .all(|c| c.span.start >= e.span.start)
            })
            .map(|e| view.loc(e.span));
        if s.session_guard.is_some() {
            s.unenforced_session = None;
        }
        if let Some(f) = self.project.function(key.0, key.1) {
            let params: Vec<&str> = f
                .params
                .iter()
                .flat_map(|p| p.names.iter().map(String::as_str))
                .collect();
            s.wrapper = calls.iter().any(|c| params.contains(&c.callee.as_str()));
            s.rejects_on_input = self.rejects_on_input(&view, key, &f.param_names(), exits);
            for (i, p) in f.params.iter().enumerate() {
                let [name] = p.names.as_slice() else { continue };
                let throws_without = exits.iter().any(|e| {
                    e.kind == ExitKind::Throw
                        && guards_absence(e)
                        && e.test.calls.is_empty()
                        && e.test.refs.iter().any(|r| r == name)
                        && !is_inside_nested_fn(view.facts, key.1, e.span)
                });
                if throws_without {
                    s.asserts_present.push(i);
                }
            }
        }
        s
    }

    /// Whether the function rejects on a branch that ties what it was given to something
    /// else it knows: a comparison of two values (`if (org.ownerId !== user.id) throw`),
    /// or a value computed from two (`const isMember = team.users.some((u) => u.userId ===
    /// userId); if (!isMember) throw`, a lookup filtered on both). Values are followed a
    /// few steps from the parameters and from the session reads it makes itself; a check
    /// that one value is present or well formed (`if (!org) throw`) is not enough. Project
    /// functions it hands its parameters to count too.
    fn rejects_on_input(
        &self,
        view: &FnView,
        key: FnKey,
        params: &HashSet<String>,
        exits: &[ExitFact],
    ) -> bool {
        let facts = view.facts;
        let nested = |span: Span| is_inside_nested_fn(facts, key.1, span);
        // Roots a value mentions, with the arguments of every call written inside it (a
        // query builder's `.where(eq(t.id, id))`) and the values its callbacks return
        // (`users.some((u) => u.userId === userId)`).
        let roots = |v: &Val| {
            let mut out = Vec::new();
            val_roots(v, &mut out);
            if let Val::Call { span, .. } = v {
                for c in range(&facts.calls, *span, |c| c.span.start) {
                    for a in &c.args {
                        match a {
                            Val::Func(f) => range(&facts.returns, *f, |r| r.span.start)
                                .iter()
                                .for_each(|r| val_roots(&r.val, &mut out)),
                            a => val_roots(a, &mut out),
                        }
                    }
                }
            }
            out
        };
        let mut session: HashSet<String> = HashSet::new();
        for c in view.calls() {
            if !nested(c.span) && self.meaning(key.0, c).session.is_some() {
                session.extend(derived_names(facts, view.bindings(), c));
            }
        }
        let mut from_params = params.clone();
        let mut tied: HashSet<String> = HashSet::new();
        for _ in 0..4 {
            let before = from_params.len() + tied.len();
            for b in view.bindings() {
                let r = roots(&b.init);
                let known: HashSet<&str> = r
                    .iter()
                    .map(String::as_str)
                    .filter(|x| from_params.contains(*x) || session.contains(*x))
                    .collect();
                if r.iter().any(|x| from_params.contains(x)) {
                    from_params.extend(b.names.iter().map(|n| n.name.clone()));
                }
                if known.len() >= 2 || r.iter().any(|x| tied.contains(x)) {
                    tied.extend(b.names.iter().map(|n| n.name.clone()));
                }
            }
            if from_params.len() + tied.len() == before {
                break;
            }
        }
        let rejects = exits.iter().any(|e| {
            if !e.kind.fails_request() || nested(e.span) {
                return false;
            }
            let refs: HashSet<&str> = e.test.refs.iter().map(|r| root_of(r)).collect();
            let compares = ["===", "!==", "==", "!="]
                .iter()
                .any(|op| e.test.text.contains(op));
            let known = refs
                .iter()
                .filter(|r| from_params.contains(**r) || session.contains(**r))
                .count();
            refs.iter().any(|r| tied.contains(*r))
                || compares && known >= 2 && refs.iter().any(|r| from_params.contains(*r))
        });
        rejects
            || view.calls().iter().any(|c| {
                !nested(c.span)
                    && c.args
                        .iter()
                        .any(|a| roots(a).iter().any(|r| from_params.contains(r)))
                    && self
                        .meaning(key.0, c)
                        .project
                        .is_some_and(|k| k != key && self.summary(k).rejects_on_input)
            })
    }

    /// `select ... from admin_users where user_id = user.id` and a rejection when no row
    /// comes back: the caller must be listed in a staff table, a role check by membership.
    fn staff_membership(
        &self,
        view: &FnView,
        exits: &[ExitFact],
        bindings: &[BindingFact],
    ) -> Option<Loc> {
        let ops = range(&view.facts.data_ops, view.span, |d| d.span.start);
        for op in ops {
            let staff = op.op == shipgate_model::DbOp::Select
                && op.table.as_deref().is_some_and(known::is_staff_table)
                && op.filters.iter().any(|(col, v)| {
                    shipgate_model::names::is_identity_column(col) && matches!(v, Val::Path(_))
                });
            if !staff {
                continue;
            }
            // The names that hold the lookup's result.
            let held: HashSet<&str> = bindings
                .iter()
                .filter(|b| b.span.contains(op.span))
                .flat_map(|b| b.names.iter().map(|n| n.name.as_str()))
                .collect();
            // `return error(403, ...)` through a helper counts as a rejection too.
            if let Some(e) = exits.iter().find(|e| {
                (rejecting(e.kind) || e.kind == ExitKind::Return)
                    && guards_absence(e)
                    && e.test.refs.iter().any(|r| held.contains(root_of(r)))
            }) {
                return Some(view.loc(e.span));
            }
        }
        None
    }

    /// A call that hands the session read `c` (or a name holding it) to a function that
    /// throws when that argument is missing.
    fn asserted_by<'c>(
        &self,
        file: FileId,
        key: FnKey,
        calls: &'c [CallFact],
        c: &CallFact,
        names: &HashSet<String>,
    ) -> Option<&'c CallFact> {
        calls.iter().find(|a| {
            a.span != c.span
                && !a.args.is_empty()
                && match self.project.resolve_callee(file, &a.callee) {
                    Some(Symbol::Function(g, gspan)) if (g, gspan) != key => {
                        let callee = self.summary((g, gspan));
                        callee.asserts_present.iter().any(|&i| {
                            a.args.get(i).is_some_and(|v| match v {
                                Val::Call { span, .. } => *span == c.span,
                                Val::Path(p) => names.contains(p.as_str()),
                                _ => false,
                            })
                        })
                    }
                    _ => false,
                }
        })
    }

    /// Checks handed to a wrapper as arguments: `withMiddleware(handler, authMiddleware)`
    /// where `withMiddleware` runs its second parameter and returns its rejection. Also
    /// records which of this function's own parameters it runs that way.
    fn gates_passed_in(
        &self,
        view: &FnView,
        key: FnKey,
        calls: &[CallFact],
        exits: &[ExitFact],
        bindings: &[BindingFact],
        s: &mut Summary,
    ) {
        let Some(f) = self.project.function(key.0, key.1) else {
            return;
        };
        // A parameter is a single name: `(handler, middleware, options)`.
        let param_index = |name: &str| {
            f.params
                .iter()
                .position(|p| p.names.len() == 1 && p.names[0] == name)
        };
        for c in calls {
            // This function runs a parameter and obeys it.
            if let Some(i) = param_index(&c.callee) {
                let names = derived_names(view.facts, bindings, c);
                if exits.iter().any(|e| test_hits(e, &names, c)) && !s.param_gates.contains(&i) {
                    s.param_gates.push(i);
                }
                continue;
            }
            let Some(Symbol::Function(g, gspan)) = self.project.resolve_callee(key.0, &c.callee)
            else {
                continue;
            };
            if (g, gspan) == key {
                continue;
            }
            let callee = self.summary((g, gspan));
            for &i in &callee.param_gates {
                let Some(arg) = c.args.get(i) else { continue };
                let target = match arg {
                    Val::Path(p) => {
                        if let Some(j) = param_index(p) {
                            if !s.param_gates.contains(&j) {
                                s.param_gates.push(j);
                            }
                            continue;
                        }
                        match self.project.resolve_callee(key.0, p) {
                            Some(Symbol::Function(h, hspan)) => Some(((h, hspan), p.clone())),
                            _ => None,
                        }
                    }
                    Val::Func(span) => Some(((key.0, *span), "inline check".to_string())),
                    _ => None,
                };
                let Some((h, name)) = target else { continue };
                if h == key {
                    continue;
                }
                let inner = self.summary(h);
                let at = view.loc(c.span);
                if let Some(g) = &inner.session_guard {
                    s.idiom.get_or_insert_with(|| g.idiom.clone());
                    s.session_guard.get_or_insert_with(|| AuthCheck {
                        idiom: g.idiom.clone(),
                        at,
                        how: format!(
                            "`{}()` runs `{name}` first and returns its rejection ({})",
                            c.callee, g.how
                        ),
                    });
                    s.caller_session = Some(Mode::Enforces);
                }
                if let Some(g) = &inner.verify_guard {
                    if s.verify_guard.is_none() {
                        s.fails_open = inner.fails_open.clone();
                    }
                    s.verify_guard.get_or_insert_with(|| AuthCheck {
                        idiom: g.idiom.clone(),
                        at,
                        how: format!(
                            "`{}()` runs `{name}` first and returns its rejection ({})",
                            c.callee, g.how
                        ),
                    });
                    s.caller_verify = Some(Mode::Enforces);
                }
                if inner.role.is_some() {
                    s.role.get_or_insert(at);
                }
            }
        }
    }

    /// `prisma.session.findUnique({ where: { id: sessionId } })` in a function that takes
    /// the token: a session lookup. Returns the idiom to report.
    fn session_lookup(&self, view: &FnView, key: FnKey) -> Option<String> {
        let f = self.project.function(key.0, key.1)?;
        if f.params.is_empty() {
            return None;
        }
        let ops = range(&view.facts.data_ops, view.span, |d| d.span.start);
        let op = ops.iter().find(|d| {
            d.op == shipgate_model::DbOp::Select
                && d.table.as_deref().is_some_and(is_session_table)
                && d.filters.iter().any(|(col, _)| is_session_key(col))
        })?;
        let name = f.name.clone().unwrap_or_else(|| "session lookup".into());
        Some(format!(
            "{name}() (looks up `{}` by token)",
            op.table.as_deref().unwrap_or("session")
        ))
    }

    /// `if (req.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) return 401`.
    fn secret_check(
        &self,
        view: &FnView,
        exits: &[ExitFact],
        bindings: &[BindingFact],
    ) -> Option<(AuthCheck, Mode)> {
        let mut secret_names: HashSet<String> = HashSet::new();
        let mut input_names: HashSet<String> = HashSet::new();
        for b in bindings {
            let (is_secret, is_input) =
                secret_and_input(view.facts, &b.init, &secret_names, &input_names, 0);
            for n in &b.names {
                if is_secret {
                    secret_names.insert(n.name.clone());
                }
                if is_input {
                    input_names.insert(n.name.clone());
                }
            }
        }
        // A helper handed the value to check: `verifyLink(id, hash)` compares its `hash`
        // parameter with a digest of a secret; its callers pass what the request carried.
        let params: HashSet<&str> = self
            .project
            .function(view.file, view.span)
            .map(|f| {
                f.params
                    .iter()
                    .flat_map(|p| p.names.iter().map(String::as_str))
                    .collect()
            })
            .unwrap_or_default();
        for e in exits {
            let secret = e
                .test
                .env
                .iter()
                .find(|n| known::is_secret_env(n))
                .cloned()
                .or_else(|| {
                    e.test
                        .refs
                        .iter()
                        .find(|r| secret_names.contains(root_of(r)) || env_object_secret(r))
                        .cloned()
                });
            let Some(secret) = secret else { continue };
            let mentions_request = e.test.refs.iter().any(|r| {
                input_names.contains(root_of(r))
                    || params.contains(root_of(r)) && !secret_names.contains(root_of(r))
                    || r.contains("headers")
                    || r.contains("searchParams")
                    || r.starts_with("req.")
                    || r.starts_with("c.req")
            }) || e
                .test
                .calls
                .iter()
                .any(|span| view.facts.inputs.iter().any(|i| i.span == *span));
            if !mentions_request {
                continue;
            }
            let check = AuthCheck {
                idiom: "shared secret".into(),
                at: view.loc(e.span),
                how: format!(
                    "compares `{secret}` with the request and {} at {}",
                    exit_words(e.kind),
                    self.place(view, e.span)
                ),
            };
            return Some((check, mode_of_exit(e.kind)));
        }
        // A predicate the caller tests: `return timingSafeEqual(given, expected)` where one
        // side comes from the request (or a parameter the caller hands it: what the
        // request carried) and the other from a secret, or a digest over one.
        let mut given = input_names.clone();
        given.extend(
            params
                .iter()
                .filter(|p| !secret_names.contains(**p))
                .map(|p| p.to_string()),
        );
        for r in view.returns() {
            if is_response(&r.val) {
                continue;
            }
            // A parameter counts only in a comparison (`expected === given`): a helper that
            // returns a digest of its parameter and a secret is hashing, not checking.
            let sides = if matches!(r.val, Val::Other(_)) {
                &given
            } else {
                &input_names
            };
            let (secret, input) = secret_and_input(view.facts, &r.val, &secret_names, sides, 0);
            if secret && input {
                let check = AuthCheck {
                    idiom: "shared secret".into(),
                    at: view.loc(r.span),
                    how: format!(
                        "compares a secret with the request and returns the result at {}",
                        self.place(view, r.span)
                    ),
                };
                return Some((check, Mode::Returns));
            }
        }
        None
    }

    /// A branch that rejects as "not authenticated" (401, `UNAUTHORIZED`) when a value
    /// that does not come straight from the request is missing: the identity some earlier
    /// step established (`c.get("member")`, `ctx.viewer`, a looked-up account). A branch
    /// on a header or body value being present proves nothing and does not count.
    fn unauthenticated_exit<'e>(
        &self,
        view: &FnView,
        exits: &'e [ExitFact],
        bindings: &[BindingFact],
    ) -> Option<&'e ExitFact> {
        let (input_names, _) = request_locals(view.facts, bindings);
        let from_request = |r: &String| {
            let lower = r.to_ascii_lowercase();
            input_names.contains(root_of(r))
                || [
                    "header",
                    "cookie",
                    "body",
                    "query",
                    "param",
                    "searchparams",
                    "c.req.",
                ]
                .iter()
                .any(|w| lower.contains(w))
        };
        // Locals that hold the answer of a comparison (`const owns = Boolean(row.userId ===
        // me.id)`): an object-access decision, not the presence of an identity.
        let computed: HashSet<&str> = bindings
            .iter()
            .filter(|b| match &b.init {
                Val::Other(_) | Val::Bool(_) => true,
                Val::Call { callee, .. } => callee == "Boolean",
                _ => false,
            })
            .flat_map(|b| b.names.iter().map(|n| n.name.as_str()))
            .collect();
        exits.iter().find(|e| {
            e.unauthorized
                && !e.test.refs.iter().any(|r| computed.contains(root_of(r)))
                && e.kind != ExitKind::Continue
                && guards_absence(e)
                && e.test.env.is_empty()
                && !e.test.refs.is_empty()
                // The presence of a value, not a predicate's answer (`!isOwner(user)` is
                // a role test, and says nothing about where `user` came from).
                && e.test.calls.is_empty()
                && !e.test.refs.iter().any(|r| r.contains('('))
                && !e.test.refs.iter().any(from_request)
                && !e
                    .test
                    .calls
                    .iter()
                    .any(|span| view.facts.inputs.iter().any(|i| i.span.start == span.start))
        })
    }

    fn place(&self, view: &FnView, span: Span) -> String {
        let line = self.project.files[view.file.0 as usize]
            .line_col(span.start)
            .0;
        format!("{}:{line}", self.project.path(view.file))
    }

    /// A signature computed or verified with node/WebCrypto primitives and checked: HMAC
    /// (`createHmac` compared with a header, any comparison counts here; timing safety is a
    /// separate rule) or an asymmetric `createVerify(...).verify(...)` / `crypto.verify`.
    fn signature_check(
        &self,
        view: &FnView,
        calls: &[CallFact],
        exits: &[ExitFact],
        bindings: &[BindingFact],
    ) -> Option<(AuthCheck, Mode)> {
        // `const verifier = crypto.createVerify("SHA256"); verifier.verify(cert, sig)`.
        let verifiers: HashSet<&str> = bindings
            .iter()
            .filter(
                |b| matches!(&b.init, Val::Call { callee, .. } if callee.ends_with("createVerify")),
            )
            .flat_map(|b| b.names.iter().map(|n| n.name.as_str()))
            .collect();
        let signer = calls.iter().find(|c| {
            c.callee.ends_with("createHmac")
                || c.callee.ends_with("subtle.sign")
                || c.callee.ends_with("subtle.verify")
                || c.callee.ends_with("createVerify().verify")
                || c.callee == "crypto.verify"
                || c.method() == "verify" && verifiers.contains(c.root())
        })?;
        let asymmetric = signer.callee.ends_with("verify");
        let idiom = if asymmetric {
            "signature verification"
        } else {
            "HMAC signature"
        };
        // The decisive comparison: timingSafeEqual, or a branch on the signature itself.
        let mut seeds = vec![signer];
        seeds.extend(calls.iter().filter(|c| c.method() == "timingSafeEqual"));
        for seed in seeds.iter().rev() {
            let names = derived_names_with(view.facts, bindings, seed, true);
            let prefix = format!("{}()", seed.callee);
            if let Some(e) = exits.iter().find(|e| {
                e.test.calls.contains(&seed.span)
                    || e.test
                        .refs
                        .iter()
                        .any(|r| names.contains(root_of(r)) || r.starts_with(&prefix))
            }) {
                let check = AuthCheck {
                    idiom: idiom.into(),
                    at: view.loc(e.span),
                    how: format!(
                        "{idiom} checked and {} at {}",
                        exit_words(e.kind),
                        self.place(view, e.span)
                    ),
                };
                return Some((check, mode_of_exit(e.kind)));
            }
        }
        // Compared but the result is returned to the caller (`return timingSafeEqual(a, b)`,
        // `return signature === expected`).
        if let Some(t) = calls
            .iter()
            .find(|c| c.method() == "timingSafeEqual")
            .or(asymmetric.then_some(signer))
        {
            let check = AuthCheck {
                idiom: idiom.into(),
                at: view.loc(t.span),
                how: format!("{idiom} compared at {}", self.place(view, t.span)),
            };
            return Some((check, Mode::Returns));
        }
        let names = derived_names_with(view.facts, bindings, signer, true);
        // `return expected === received`, or `return signatures.includes(expected)`.
        let r = view.returns().iter().find(|r| {
            let compares = match &r.val {
                Val::Other(_) => true,
                Val::Call { callee, .. } => {
                    let m = callee.rsplit('.').next().unwrap_or(callee);
                    matches!(m, "includes" | "some" | "equals" | "has")
                }
                _ => false,
            };
            compares && mentions_names(view.facts, &r.val, &names, Through::AllCalls)
        })?;
        let check = AuthCheck {
            idiom: idiom.into(),
            at: view.loc(r.span),
            how: format!(
                "{idiom} compared and the result returned at {}",
                self.place(view, r.span)
            ),
        };
        Some((check, Mode::Returns))
    }

    /// An API key or bearer token from the request is looked up (`findUnique({ where: {
    /// key } })`, `tokens.get(token)`, `getWorkspaceByKey(key)`), and the request is rejected
    /// when the lookup finds nothing.
    fn credential_check(
        &self,
        view: &FnView,
        calls: &[CallFact],
        exits: &[ExitFact],
        bindings: &[BindingFact],
    ) -> Option<(AuthCheck, Mode)> {
        let facts = view.facts;
        // Credentials: bindings fed by a credential header/cookie/query read.
        let mut creds: HashSet<String> = HashSet::new();
        // The function's own parameters: for a server action or a handler, what the
        // request sent (`form.get("inviteToken")` reads a field of it).
        let params: HashSet<String> = self
            .project
            .function(view.file, view.span)
            .map(FnFact::param_names)
            .unwrap_or_default();
        // A helper handed the token: `removeFieldWithToken({ token, fieldId })`.
        creds.extend(params.iter().filter(|n| is_token_name(n)).cloned());
        // Locals holding request values, to tell a token the request carries from one the
        // server made.
        let (input_names, holds_input) = request_locals(facts, bindings);
        for (b, &is_input) in bindings.iter().zip(&holds_input) {
            let direct = matches!(&b.init, Val::Input(_, Some(f)) if known::is_credential_field(f));
            // `const passToken = cookieHeader.split(";")...`: a value named as a token that
            // the request carries (cookie, header, body), however it is cut out.
            // `cookies().get("pass")?.value` reads the request inside the initialiser.
            let reads_request = is_input || facts.inputs.iter().any(|i| b.span.contains(i.span));
            let carried = reads_request && b.names.iter().any(|n| is_token_name(&n.name));
            let via_call = range(calls, b.span, |c| c.span.start).iter().any(|c| {
                b.span.contains(c.span)
                    && matches!(c.method(), "get" | "header" | "getHeader")
                    && c.args
                        .first()
                        .and_then(|a| self.project.const_str(view.file, a))
                        .is_some_and(|f| known::is_credential_field(&f))
            });
            // `String(form.get("inviteToken") ?? "")`: a token-named field of a parameter.
            let param_field = range(calls, b.span, |c| c.span.start).iter().any(|c| {
                b.span.contains(c.span)
                    && c.method() == "get"
                    && params.contains(root_of(&c.callee))
                    && c.args
                        .first()
                        .and_then(|a| self.project.const_str(view.file, a))
                        .is_some_and(|f| is_token_name(&f))
            });
            // Derived credentials: `key.replace('Bearer ', '')`, `hash(key)`,
            // `createHash('sha256').update(key).digest('hex')`.
            let derived = !creds.is_empty()
                && (mentions_names(facts, &b.init, &creds, Through::AllCalls)
                    || range(calls, b.span, |c| c.span.start).iter().any(|c| {
                        b.span.contains(c.span)
                            && c.args
                                .iter()
                                .any(|a| mentions_names(facts, a, &creds, Through::AllCalls))
                    }));
            // `const { token } = input`, `const token = body.token`.
            // `const token = hashCode(input.code)`: the stored form of a supplied code.
            let hashed = matches!(&b.init, Val::Call { callee, .. } if {
                let l = callee.to_ascii_lowercase();
                l.contains("hash") || l.contains("digest") || l.contains("sha")
            });
            let token_field = matches!(&b.init, Val::Input(_, Some(f)) if is_token_name(f))
                || matches!(&b.init, Val::Path(p) if is_token_path(p))
                // `typeof body.token === "string" ? body.token : ""`: still the request's.
                || matches!(&b.init, Val::Other(refs) if refs.iter().any(|p| is_token_path(p)))
                    && b.names.iter().any(|n| is_token_name(&n.name))
                || b.names
                    .iter()
                    .any(|n| n.path.last().is_some_and(|k| is_token_name(k)))
                    && matches!(&b.init, Val::Input(..) | Val::Path(_))
                || hashed && b.names.iter().any(|n| is_token_name(&n.name));
            // `const apiKey = getApiKeyFromHeaders(req.headers)`: a helper that pulls the
            // credential out of the request.
            let from_request = b
                .names
                .iter()
                .any(|n| is_token_name(&n.name) || n.name.to_ascii_lowercase().ends_with("apikey"))
                && matches!(&b.init, Val::Call { span, .. } if facts.call_at(*span).is_some_and(|c| {
                    c.args.iter().any(|a| matches!(a, Val::Path(p) if {
                        let last = p.rsplit('.').next().unwrap_or(p);
                        matches!(last, "headers" | "req" | "request" | "cookies")
                    }))
                }));
            if direct
                || via_call
                || param_field
                || derived
                || token_field
                || from_request
                || carried
            {
                creds.extend(b.names.iter().map(|n| n.name.clone()));
            }
        }
        // Reads only: `findUnique`, `getApiKey`, `verifyToken`, not `create`.
        let reads = |c: &CallFact| {
            let m = c.method().to_ascii_lowercase();
            [
                "find", "get", "select", "lookup", "verify", "validate", "fetch", "load",
            ]
            .iter()
            .any(|w| m.starts_with(w))
        };
        // Lookups keyed by a credential, and what they yield.
        let mut lookups: Vec<(&CallFact, HashSet<String>)> = Vec::new();
        for c in calls {
            let keyed = c.args.iter().any(|a| {
                mentions_names(facts, a, &creds, Through::AllCalls)
                    || mentions(facts, a, &is_token_path, Through::AllCalls, 0)
                    // `where: { token: code }`: a request value matched against a column
                    // that stores a secret, whatever the local was called.
                    || reads(c) && token_column_from(facts, a, &input_names)
            }) || (!creds.is_empty()
                // `findUnique({ where: { hash: createHash('sha256').update(key).digest('hex') } })`:
                // the credential goes in through a call inside the arguments.
                && range(calls, c.span, |x| x.span.start).iter().any(|inner| {
                    inner.span != c.span
                        && c.span.contains(inner.span)
                        && inner
                            .args
                            .iter()
                            .any(|a| mentions_names(facts, a, &creds, Through::AllCalls))
                }));
            if !keyed || known::is_conversion_like(&c.callee) || view.in_optional_block(c.span) {
                continue;
            }
            // `prisma.recipient.findFirstOrThrow({ where: { token } })` rejects on its own.
            if c.method().ends_with("OrThrow") && c.try_ctx != TryContext::CatchSwallows {
                let check = AuthCheck {
                    idiom: "API key / token lookup".into(),
                    at: view.loc(c.span),
                    how: format!(
                        "looks up the request's token with `{}()`, which throws when it is unknown, at {}",
                        c.callee,
                        self.place(view, c.span)
                    ),
                };
                return Some((check, Mode::Enforces));
            }
            let names = derived_names(facts, bindings, c);
            let prefix = format!("{}()", c.callee);
            // Refused when unknown: thrown out, answered 4xx, or (a server action's way)
            // returned from early with nothing done.
            let Some(e) = exits.iter().find(|e| {
                (rejecting(e.kind) || e.kind == ExitKind::Return && guards_absence(e))
                    && (e.test.calls.contains(&c.span)
                        || e.test
                            .refs
                            .iter()
                            .any(|r| names.contains(root_of(r)) || r.starts_with(&prefix)))
            }) else {
                if reads(c) {
                    lookups.push((c, names));
                }
                continue;
            };
            let check = AuthCheck {
                idiom: "API key / token lookup".into(),
                at: view.loc(e.span),
                how: format!(
                    "looks up the request's credential with `{}()` and {} at {} when it is unknown",
                    c.callee,
                    exit_words(e.kind),
                    self.place(view, e.span)
                ),
            };
            return Some((check, mode_of_exit(e.kind)));
        }
        // A helper that looks the credential up and hands the result back (`return key`,
        // `return { ok: true, data: key }`): the caller decides, as with a session read.
        for r in view.returns() {
            // A response carrying the record is a handler answering, not a check.
            if is_response(&r.val) {
                continue;
            }
            let Some((c, _)) = lookups.iter().find(|(c, names)| {
                matches!(&r.val, Val::Call { span, .. } if *span == c.span)
                    || mentions_names(facts, &r.val, names, Through::AllCalls)
            }) else {
                continue;
            };
            let check = AuthCheck {
                idiom: "API key / token lookup".into(),
                at: view.loc(c.span),
                how: format!(
                    "looks up the request's credential with `{}()` at {} and returns what it finds",
                    c.callee,
                    self.place(view, c.span)
                ),
            };
            return Some((check, Mode::Returns));
        }
        None
    }

    /// `if (!ALLOWED_IPS.some((r) => isIpInRange(ip, r))) throw forbidden`: only requests
    /// from the provider's addresses get through.
    fn ip_allowlist_check(
        &self,
        view: &FnView,
        exits: &[ExitFact],
        bindings: &[BindingFact],
    ) -> Option<(AuthCheck, Mode)> {
        let ip_ish = |r: &str| {
            let l = r.to_ascii_lowercase().replace('_', "");
            (l.contains("ip")
                && (l.contains("range")
                    || l.contains("allow")
                    || l.contains("whitelist")
                    || l.contains("cidr")))
                || l.contains("ipinrange")
                || l.contains("isipallowed")
        };
        let facts = view.facts;
        // The caller's address, from the request: `getIP()`, `ipAddress(req)`, `req.ip`,
        // `headers.get('x-forwarded-for')`. Without it the check is about something else
        // (an access-type setting, a stored list).
        let mut client_ip: HashSet<String> = HashSet::new();
        for b in bindings {
            let from_call = range(&facts.calls, b.span, |c| c.span.start)
                .iter()
                .any(|c| {
                    b.span.contains(c.span) && {
                        let m = c.method().to_ascii_lowercase();
                        matches!(
                            m.as_str(),
                            "getip"
                                | "ipaddress"
                                | "getclientip"
                                | "requestip"
                                | "getclientaddress"
                        ) || matches!(c.method(), "get" | "header")
                            && c.args.first().and_then(|a| a.as_str()).is_some_and(|h| {
                                matches!(
                                    h.to_ascii_lowercase().as_str(),
                                    "x-forwarded-for"
                                        | "x-real-ip"
                                        | "cf-connecting-ip"
                                        | "true-client-ip"
                                )
                            })
                    }
                });
            let from_path = matches!(&b.init, Val::Path(p) if p.ends_with(".ip") || p.ends_with("remoteAddress"));
            if from_call || from_path {
                client_ip.extend(b.names.iter().map(|n| n.name.clone()));
            }
        }
        if client_ip.is_empty() {
            return None;
        }
        // `const isAllowed = RANGES.some((r) => isIpInRange(ip, r))` then `if (!isAllowed)`.
        let mut held: HashSet<String> = HashSet::new();
        for b in bindings {
            let mut hit = false;
            scan_val(&b.init, &mut |v| match v {
                Val::Path(p) | Val::Call { callee: p, .. } if ip_ish(p) => hit = true,
                _ => {}
            });
            let uses_ip = mentions_names(facts, &b.init, &client_ip, Through::AllCalls)
                || range(&facts.calls, b.span, |c| c.span.start)
                    .iter()
                    .any(|c| {
                        c.args
                            .iter()
                            .any(|a| mentions_names(facts, a, &client_ip, Through::AllCalls))
                    });
            if hit && uses_ip {
                held.extend(b.names.iter().map(|n| n.name.clone()));
            }
        }
        let e = exits.iter().find(|e| {
            rejecting(e.kind)
                && e.test.refs.iter().any(|r| {
                    held.contains(root_of(r))
                        || ip_ish(r) && e.test.refs.iter().any(|x| client_ip.contains(root_of(x)))
                })
        })?;
        let check = AuthCheck {
            idiom: "IP allowlist".into(),
            at: view.loc(e.span),
            how: format!(
                "only allow-listed IP addresses get through ({} at {}); safe only behind a proxy that sets the client IP",
                exit_words(e.kind),
                self.place(view, e.span)
            ),
        };
        Some((check, mode_of_exit(e.kind)))
    }
}

/// A field that carries a bearer secret: `token`, `inviteToken`, `reset_token`.
/// `session`, `Sessions`, `user_sessions`, Drizzle's `sessionTable`.
fn is_session_table(table: &str) -> bool {
    let t = table.to_ascii_lowercase().replace('_', "");
    let t = t.trim_end_matches("table");
    matches!(
        t,
        "session" | "sessions" | "usersession" | "usersessions" | "authsession" | "authsessions"
    )
}

/// The column a session is found by: its id or (hashed) token.
fn is_session_key(column: &str) -> bool {
    let c = column.to_ascii_lowercase().replace('_', "");
    matches!(
        c.as_str(),
        "id" | "token" | "sessionid" | "sessiontoken" | "tokenhash" | "hashedtoken" | "secrethash"
    )
}

fn is_token_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase().replace('_', "");
    l == "token" || l.ends_with("token") && !l.ends_with("csrftoken") || l == "otp" || l == "nonce"
}

/// A request value holding a bearer secret: `input.token`, `opts.input.token`,
/// `body.inviteToken`, `req.query.token`.
fn is_token_path(p: &str) -> bool {
    let segs: Vec<&str> = p.split('.').collect();
    segs.len() >= 2
        && is_token_name(segs[segs.len() - 1])
        && segs[..segs.len() - 1].iter().any(|s| {
            matches!(
                *s,
                "input" | "body" | "query" | "params" | "searchParams" | "args" | "parsedInput"
            )
        })
}

fn rejecting(kind: ExitKind) -> bool {
    matches!(
        kind,
        ExitKind::Throw | ExitKind::Redirect | ExitKind::Respond(400..=499)
    )
}

/// How far [`mentions`] looks into call arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Through {
    /// Only through value-preserving conversions: `String(payload.sub)`. Right for
    /// sessions: a query filtered by the session is not the session.
    Conversions,
    /// Through every call's arguments: `findUnique({ where: { key: hash(apiKey) } })`.
    AllCalls,
}

/// Whether a value mentions a path satisfying `hit` (given whole paths and callees).
pub fn mentions(
    facts: &JsFacts,
    v: &Val,
    hit: &dyn Fn(&str) -> bool,
    through: Through,
    depth: u32,
) -> bool {
    if depth > 6 {
        return false;
    }
    let again = |x: &Val| mentions(facts, x, hit, through, depth + 1);
    match v {
        Val::Path(p) => hit(p),
        Val::Call { callee, span } => {
            hit(callee)
                || (through == Through::AllCalls || is_conversion(callee))
                    && facts
                        .call_at(*span)
                        .is_some_and(|c| c.args.iter().any(again))
        }
        Val::Template(_, vals) | Val::Array(vals) => vals.iter().any(again),
        Val::Object(props, spreads) => {
            props.iter().any(|(_, x)| again(x)) || spreads.iter().any(again)
        }
        Val::Other(refs) => refs.iter().any(|r| hit(r)),
        _ => false,
    }
}

/// `mentions` with "the path's root is one of `names`".
pub fn mentions_names(facts: &JsFacts, v: &Val, names: &HashSet<String>, through: Through) -> bool {
    mentions(facts, v, &|p| names.contains(root_of(p)), through, 0)
}

/// Visits a value and everything nested in it.
/// `env.CRON_SECRET`, `serverEnv.WEBHOOK_TOKEN`: a secret read from a validated env
/// object rather than `process.env`.
/// An object (at any depth: `{ where: { token: code } }`) with a property named as a
/// token whose value comes from the request.
fn token_column_from(facts: &JsFacts, v: &Val, input_names: &HashSet<String>) -> bool {
    let Val::Object(props, _) = v else {
        return false;
    };
    props.iter().any(|(key, val)| {
        if let Val::Object(..) = val {
            return token_column_from(facts, val, input_names);
        }
        // A device's push token addresses it; it proves nothing about the caller.
        let l = key.to_ascii_lowercase();
        is_token_name(key)
            && !["device", "push", "fcm", "apns", "expo"]
                .iter()
                .any(|w| l.contains(w))
            && (matches!(val, Val::Input(..))
                || secret_and_input(facts, val, &HashSet::new(), input_names, 0).1)
    })
}

/// Every path a value mentions (`profile.admin`, the refs of `a === b`).
fn val_paths(v: &Val, out: &mut Vec<String>) {
    scan_val(v, &mut |x| match x {
        Val::Path(p) => out.push(p.clone()),
        Val::Other(refs) => out.extend(refs.iter().cloned()),
        _ => {}
    });
}

/// Whether `at` lies inside a function nested in the function at `outer`.
pub fn is_inside_nested_fn(facts: &JsFacts, outer: Span, at: Span) -> bool {
    facts
        .functions
        .iter()
        .any(|f| f.span != outer && outer.contains(f.span) && f.span.contains(at))
}

/// A value that is a response being sent (`NextResponse.json(...)`, `res.json(...)`,
/// `c.json(...)`): a handler answering, not a check's verdict.
fn is_response(v: &Val) -> bool {
    matches!(v, Val::Call { callee, .. } if matches!(
        callee_root(callee),
        "NextResponse" | "Response" | "res" | "c" | "ctx" | "reply" | "json"
    ))
}

/// The locals that hold request values (read from the request, derived from one, or the
/// request's cookie/header store), and for each binding whether it is one of them.
fn request_locals(facts: &JsFacts, bindings: &[BindingFact]) -> (HashSet<String>, Vec<bool>) {
    let mut names: HashSet<String> = HashSet::new();
    let mut holds = Vec::with_capacity(bindings.len());
    for b in bindings {
        let is_input = secret_and_input(facts, &b.init, &HashSet::new(), &names, 0).1
            || holds_request_store(facts, &b.init);
        if is_input {
            names.extend(b.names.iter().map(|n| n.name.clone()));
        }
        holds.push(is_input);
    }
    (names, holds)
}

/// A local holding the request's own cookies or headers (`const jar = await cookies()`).
fn holds_request_store(facts: &JsFacts, init: &Val) -> bool {
    matches!(init, Val::Call { callee, .. } if known::request_store(
        callee,
        facts.import_of(callee).map(|i| i.source.as_str()),
    )
    .is_some())
}

fn env_object_secret(path: &str) -> bool {
    let Some((root, name)) = path.split_once('.') else {
        return false;
    };
    let root = root.to_ascii_lowercase();
    (root.contains("env") || root == "config")
        && !name.contains('.')
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && known::is_secret_env(name)
}

/// Whether a value mentions a secret and the request, following locals already known as
/// either and the arguments of calls (`Buffer.from(req.headers.get("authorization"))`).
fn secret_and_input(
    facts: &JsFacts,
    v: &Val,
    secret_names: &HashSet<String>,
    input_names: &HashSet<String>,
    depth: u32,
) -> (bool, bool) {
    let mut secret = false;
    let mut input = false;
    scan_val(v, &mut |x| match x {
        Val::Env(n) if known::is_secret_env(n) => secret = true,
        Val::Input(..) => input = true,
        Val::Path(p) | Val::Call { callee: p, .. }
            if secret_names.contains(root_of(p)) || env_object_secret(p) =>
        {
            secret = true
        }
        Val::Path(p) if input_names.contains(root_of(p)) => input = true,
        Val::Call { span, callee } if depth < 4 => {
            // `raw.split(";").find(...)` where `raw` holds a request value.
            if input_names.contains(root_of(callee)) {
                input = true;
            }
            // A method called on a request value keeps it a request value:
            // `req.headers.get("authorization")?.replace("Bearer ", "")`.
            if facts
                .inputs
                .iter()
                .any(|i| i.span.start == span.start && i.span.end < span.end)
            {
                input = true;
            }
            // The call and the calls chained into it: `createHash("sha256").update(`${id}${SECRET}`).digest("hex")`.
            for call in range(&facts.calls, *span, |c| c.span.start)
                .iter()
                .filter(|c| c.span.start == span.start && span.contains(c.span))
            {
                for a in &call.args {
                    let (s, i) = secret_and_input(facts, a, secret_names, input_names, depth + 1);
                    secret |= s;
                    input |= i;
                }
            }
        }
        Val::Other(refs) => {
            for r in refs {
                if secret_names.contains(root_of(r))
                    || env_object_secret(r)
                    || crate::js::expr::env_name(r).is_some_and(known::is_secret_env)
                {
                    secret = true;
                }
                if input_names.contains(root_of(r)) {
                    input = true;
                }
            }
        }
        _ => {}
    });
    (secret, input)
}

pub fn scan_val(v: &Val, f: &mut impl FnMut(&Val)) {
    f(v);
    match v {
        Val::Template(_, vals) | Val::Array(vals) => vals.iter().for_each(|x| scan_val(x, f)),
        Val::Object(props, spreads) => {
            props.iter().for_each(|(_, x)| scan_val(x, f));
            spreads.iter().for_each(|x| scan_val(x, f));
        }
        _ => {}
    }
}
