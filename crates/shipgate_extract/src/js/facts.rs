//! Plain facts extracted from one JS/TS file. They name things by source text (callee
//! paths such as `supabase.auth.getUser`) and byte spans; the link phase gives them
//! meaning across files. No parser type escapes this module's producer.

use shipgate_model::{InputSource, Span};

/// A summarised expression value: enough to follow data and recognise idioms.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Str(String),
    /// A template literal: its literal parts, and the values between them.
    Template(Vec<String>, Vec<Val>),
    Num(f64),
    Bool(bool),
    Null,
    Regex(String),
    /// An identifier or member chain: `body.userId`, `ctx.session.user`.
    Path(String),
    /// `process.env.NAME` or `import.meta.env.NAME`.
    Env(String),
    /// A direct read of request input (`await req.json()`, `searchParams.get('id')`).
    Input(InputSource, Option<String>),
    /// The result of a call; its arguments are in the file's `calls`, found by span.
    Call {
        callee: String,
        span: Span,
    },
    Object(Vec<(String, Val)>, Vec<Val>),
    Array(Vec<Val>),
    /// A function expression or arrow; its facts are in `functions`, found by span.
    Func(Span),
    /// Any other expression, with the paths it references.
    Other(Vec<String>),
}

impl Val {
    /// The value as written, short, for messages: `body.url`, `sanitize()`,
    /// `` `…${term}…` ``, `a + b`.
    pub fn written(&self) -> String {
        match self {
            Val::Path(p) => p.clone(),
            Val::Input(source, field) => {
                field.clone().unwrap_or_else(|| source.as_str().to_string())
            }
            Val::Call { callee, .. } => format!("{callee}()"),
            Val::Template(_, vals) => match vals
                .iter()
                .find(|v| matches!(v, Val::Path(_) | Val::Input(..) | Val::Call { .. }))
            {
                Some(v) => format!("`…${{{}}}…`", v.written()),
                None => "a template string".into(),
            },
            Val::Other(refs) if !refs.is_empty() => refs.join(" + "),
            _ => "(value)".into(),
        }
    }

    /// Every identifier/member path this value mentions, shallowly and recursively.
    pub fn refs(&self, out: &mut Vec<String>) {
        match self {
            Val::Path(p) => out.push(p.clone()),
            Val::Template(_, vals) | Val::Array(vals) => vals.iter().for_each(|v| v.refs(out)),
            Val::Object(props, spreads) => {
                props.iter().for_each(|(_, v)| v.refs(out));
                spreads.iter().for_each(|v| v.refs(out));
            }
            Val::Other(paths) => out.extend(paths.iter().cloned()),
            _ => {}
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            Val::Template(parts, vals) if vals.is_empty() && parts.len() == 1 => Some(&parts[0]),
            _ => None,
        }
    }

    pub fn prop(&self, key: &str) -> Option<&Val> {
        match self {
            Val::Object(props, _) => props.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    Named(String),
    Default,
    Namespace,
}

#[derive(Debug, Clone)]
pub struct ImportFact {
    pub local: String,
    pub imported: Imported,
    pub source: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum ExportFact {
    /// `export function a`, `export const a`, `export { a as b }`.
    Local {
        exported: String,
        local: String,
        span: Span,
    },
    /// `export default <expr>`; a named `export default function f` also binds `f`.
    Default { val: Val, span: Span },
    /// `export { a as b } from './x'`.
    ReExport {
        exported: String,
        imported: String,
        source: String,
        span: Span,
    },
    /// `export * from './x'`.
    Star { source: String },
}

#[derive(Debug, Clone)]
pub struct ParamFact {
    /// Names bound by this parameter (destructured names flattened).
    pub names: Vec<String>,
    /// For an object pattern, `(property, local name)` of the names bound under each
    /// direct property: `({ session: s, params, ctx: { teamId } })` gives
    /// `("session", "s")`, `("params", "params")`, `("ctx", "teamId")`.
    pub properties: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct FnFact {
    pub span: Span,
    /// Declared or assigned name, when there is one.
    pub name: Option<String>,
    pub params: Vec<ParamFact>,
    pub is_async: bool,
    /// Declared at module top level (directly, or as the init of a top-level const).
    pub top_level: bool,
    /// Has its own `'use server'` directive (an inline server action).
    pub use_server: bool,
}

impl FnFact {
    /// Every name its parameters bind.
    pub fn param_names(&self) -> std::collections::HashSet<String> {
        self.params
            .iter()
            .flat_map(|p| p.names.iter().cloned())
            .collect()
    }
}

/// A `catch` that a call sits in: whether the catch exits (returns/throws/rejects) or
/// swallows the error and carries on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TryContext {
    None,
    CatchExits,
    CatchSwallows,
}

#[derive(Debug, Clone)]
pub struct CallFact {
    pub span: Span,
    /// Normalised callee path: `supabase.auth.getUser`, `createClient().from`, `jwt.verify`.
    pub callee: String,
    pub is_new: bool,
    pub args: Vec<Val>,
    pub try_ctx: TryContext,
    /// Inside a loop or an iteration callback (`map`, `forEach`).
    pub in_loop: bool,
}

impl CallFact {
    /// The callee's first path segment, without call parentheses.
    pub fn root(&self) -> &str {
        callee_root(&self.callee)
    }

    /// The callee's last segment (`getUser` for `supabase.auth.getUser`).
    pub fn method(&self) -> &str {
        self.callee.rsplit('.').next().unwrap_or(&self.callee)
    }
}

pub fn callee_root(callee: &str) -> &str {
    let end = callee.find(['.', '(', '[']).unwrap_or(callee.len());
    &callee[..end]
}

#[derive(Debug, Clone)]
pub struct BoundName {
    pub name: String,
    /// Property path inside the initialiser: `["data", "user"]` for
    /// `const { data: { user } } = ...`; empty for a plain binding.
    pub path: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct BindingFact {
    pub span: Span,
    pub top_level: bool,
    pub names: Vec<BoundName>,
    pub init: Val,
}

/// How a branch leaves the function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitKind {
    Throw,
    /// `redirect()`, `notFound()`, `res.redirect()`, a redirect response.
    Redirect,
    /// An HTTP response with a known status.
    Respond(u16),
    /// `return` of anything else (null, a value, a helper's response).
    Return,
    /// `return next()`: hands the request on (Express/Hono middleware, `NextResponse.next()`).
    Continue,
}

impl ExitKind {
    /// The request fails here: a throw, a redirect, or an error status.
    pub fn fails_request(self) -> bool {
        matches!(
            self,
            ExitKind::Throw | ExitKind::Redirect | ExitKind::Respond(400..)
        )
    }
}

/// The condition of a branch: what it mentions.
#[derive(Debug, Clone, Default)]
pub struct TestFact {
    pub refs: Vec<String>,
    /// Spans of calls made inside the condition.
    pub calls: Vec<Span>,
    pub strings: Vec<String>,
    pub env: Vec<String>,
    pub text: String,
    /// `Some(true)` when the branch is taken because something is present (`if (session)`),
    /// `Some(false)` when because it is absent (`if (!session)`), `None` when unclear.
    pub exits_when_present: Option<bool>,
    /// The condition as a guard condition, kept when it reads env vars, so it can be
    /// judged under production assumptions (`NODE_ENV === "production"`).
    pub env_cond: Option<GCond>,
}

/// A conditional early exit: `if (!user) return 401`, `if (!ok) throw ...`.
#[derive(Debug, Clone)]
pub struct ExitFact {
    pub span: Span,
    pub test: TestFact,
    pub kind: ExitKind,
    /// The rejection says the caller is not authenticated: status 401, `UNAUTHORIZED`,
    /// "Unauthorized", "not signed in". By HTTP's own meaning, the branch is a sign-in check.
    pub unauthorized: bool,
}

#[derive(Debug, Clone)]
pub struct MethodTest {
    pub span: Span,
    pub method: String,
    /// `req.method !== 'POST'` (the branch is taken for every other method).
    pub negated: bool,
    /// A `case` of `switch (req.method)` (its `default` decides the other methods).
    pub in_switch: bool,
}

/// A request-input read: `await req.json()`, `req.query.id`, `searchParams.get('x')`.
#[derive(Debug, Clone)]
pub struct InputFact {
    pub span: Span,
    pub source: InputSource,
    pub field: Option<String>,
}

/// Express/Hono style registration: `app.get('/x', mw, handler)`, `app.use('/api', r)`.
#[derive(Debug, Clone)]
pub struct RouteRegFact {
    pub span: Span,
    /// The router object: `app`, `router`, or the binding a chained definition initialises.
    pub target: String,
    /// Lower-case method: get/post/put/patch/delete/all/use/route/on...
    pub method: String,
    pub path: Option<String>,
    /// Arguments after the path.
    pub args: Vec<Val>,
}

/// A Supabase / Prisma / Drizzle database operation.
#[derive(Debug, Clone)]
pub struct DataOpFact {
    pub span: Span,
    /// The operation's method name (`update` in `.update(...)`): where findings point.
    pub op_span: Span,
    pub kind: DataApi,
    /// The client expression: `supabase`, `getSupabaseAdmin()`, `prisma`.
    pub client: Val,
    pub table: Option<String>,
    pub op: shipgate_model::DbOp,
    /// (column, value) pairs from filters (`.eq`, `where`).
    pub filters: Vec<(String, Val)>,
    /// The written value (`insert(x)`, `update(x)`, `data: x`).
    pub payload: Option<Val>,
    /// Filters on related rows loaded with the result (Prisma `include: { users: { where:
    /// { userId } } }`): (relation, its filters). They narrow the relation, not the row.
    pub related_filters: Vec<(String, Vec<(String, Val)>)>,
    /// Runs only after something failed: inside a `catch`, or a branch on an error.
    pub fallback: bool,
    /// Its outcome is ignored: the result is thrown away, or only its error is kept and
    /// at most logged.
    pub failure_ignored: bool,
    /// Columns or fields named without a value: a Supabase select list's plain columns;
    /// the top-level keys of a Prisma `where`, `select`, `include` and `orderBy`.
    pub columns: Vec<String>,
    /// The filter is built elsewhere (`where: whereClause`, `findMany(args)`): its
    /// columns are unknown.
    pub filter_hidden: bool,
}

/// A Supabase Storage call: `supabase.storage.from("avatars").upload(path, file)`.
#[derive(Debug, Clone)]
pub struct StorageOpFact {
    /// The method name (`upload`): where findings point.
    pub op_span: Span,
    /// The client before `.storage`: `supabase`, `createClient()`.
    pub client: Val,
    pub bucket: Option<String>,
    /// `upload`, `download`, `remove`, `list`, `createSignedUrl`, `getPublicUrl`, ...
    pub method: String,
    /// The object path argument, when there is one.
    pub path: Option<Val>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataApi {
    Supabase,
    Prisma,
    Drizzle,
    /// SQL text run by a driver or an ORM's raw-query escape hatch.
    RawSql,
}

/// An app or router object: `express()`, `express.Router()`, `new Hono()`.
#[derive(Debug, Clone)]
pub struct RouterFact {
    pub name: String,
    pub kind: RouterKind,
    pub base_path: Option<String>,
    pub span: Span,
    pub top_level: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouterKind {
    ExpressApp,
    ExpressRouter,
    Hono,
}

/// The guard program of a middleware-like function: its control flow reduced to the
/// conditions and exits that decide whether an anonymous request gets through.
#[derive(Debug, Clone, PartialEq)]
pub enum GStmt {
    If {
        cond: GCond,
        then: Vec<GStmt>,
        els: Vec<GStmt>,
        span: Span,
    },
    Return(GRet, Span),
    Throw(Span),
    /// `auth.protect()`, `auth().protect()`: rejects anonymous requests.
    Protect(Span),
    /// `redirect('/login')` as a statement (Next's redirect throws).
    Redirect(Span),
    /// `const isPublic = pathname.startsWith('/login') || ...`: a condition held in a name.
    Let {
        var: String,
        cond: GCond,
    },
    /// A call whose result may be returned later: `const res = await updateSession(req)`.
    Call {
        callee: String,
        var: Option<String>,
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum GRet {
    Next,
    Redirect,
    Rewrite,
    Response(Option<u16>),
    Bool(GCond),
    Var(String),
    Call(String),
    Nothing,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListMode {
    Prefix,
    Exact,
    Regex,
    /// Glob patterns (`micromatch.isMatch(pathname, ["/api/auth/**"])`).
    Glob,
}

#[derive(Debug, Clone, PartialEq)]
pub enum GCond {
    PathPrefix(String),
    PathEq(String),
    PathSuffix(String),
    PathContains(String),
    PathRegex(String),
    /// `LIST.some(p => pathname.startsWith(p))`, `LIST.includes(pathname)`.
    PathList {
        list: Vec<Val>,
        list_name: Option<String>,
        mode: ListMode,
    },
    /// `isPublicRoute(req)` where `isPublicRoute = createRouteMatcher([...])`.
    Matcher(String),
    Method(String),
    /// Truthiness of an env var (`process.env.X`, or a local bound to one).
    Env(String),
    /// `process.env.X === "lit"` (or `!==` when the flag is set).
    EnvEq(String, String, bool),
    /// Truthiness of these names (`!user`, `token && ...`); auth names are decided in link.
    Names(Vec<String>),
    /// `x === 'lit'` (or `!==` when the flag is set) on these names.
    Compare(Vec<String>, bool),
    Not(Box<GCond>),
    And(Box<GCond>, Box<GCond>),
    Or(Box<GCond>, Box<GCond>),
    Const(bool),
    Unknown,
}

#[derive(Debug, Clone)]
pub struct ProgramFact {
    /// The function the program was built from.
    pub fn_span: Span,
    pub body: Vec<GStmt>,
}

/// A `return` statement and the value it returns.
#[derive(Debug, Clone)]
pub struct ReturnFact {
    pub span: Span,
    pub val: Val,
}

#[derive(Debug, Clone)]
pub struct SuppressionFact {
    pub line: u32,
    pub rule: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct EnvRead {
    pub name: String,
    pub span: Span,
}

/// `a === b` where one side is a signature or secret: a comparison that leaks timing.
#[derive(Debug, Clone)]
pub struct SecretCompareFact {
    pub span: Span,
    /// The comparison as written, shortened.
    pub text: String,
    /// The secret side, in backticks (`` `signature` ``, `` `CRON_SECRET` ``).
    pub what: String,
}

/// `process.env.JWT_SECRET || 'dev-secret'`: a literal used when a verifying secret is
/// unset.
#[derive(Debug, Clone)]
pub struct SecretFallbackFact {
    pub span: Span,
    pub env: String,
    /// The literal, redacted.
    pub value: String,
}

/// A piece of a header value's text: literal text with the source offset of its first
/// byte (when it maps onto the source one to one), or a part that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Lit(String, Option<u32>),
    Hole,
}

/// What a header is set to.
#[derive(Debug, Clone, PartialEq)]
pub enum HVal {
    Text(Vec<Piece>),
    /// The request's own `Origin` header.
    Origin,
    Unknown,
}

/// A response header set in code: `{ key, value }` (next.config), `'X-Frame-Options':
/// 'DENY'` in an object, `res.headers.set(name, value)`, or a header library's default.
#[derive(Debug, Clone)]
pub struct HeaderSetFact {
    pub span: Span,
    pub name: &'static str,
    pub value: HVal,
    /// The enclosing function or config entry (`{ source, headers }`); empty at top level.
    pub group: Span,
    /// The library that sets it (`helmet()`), when it is a default.
    pub via: Option<&'static str>,
}

/// `cors(options)` (the `cors` package), `cors()` from `hono/cors`, `@fastify/cors`.
#[derive(Debug, Clone)]
pub struct CorsFact {
    pub span: Span,
    pub lib: &'static str,
    pub origin: shipgate_model::CorsOrigin,
    /// Where `credentials: true` is written.
    pub credentials: Option<Span>,
}

/// How a credentials provider's `authorize` treats the password.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PasswordUse {
    /// Never read.
    NotRead,
    /// Read (destructured, tested for presence) but never compared or handed on.
    Ignored,
    /// Compared with a string literal written in the code.
    Literal(Span),
    /// Handed to a call, a query or a request, or compared with a value.
    Checked,
}

/// A NextAuth / Auth.js credentials provider: `Credentials({ credentials, authorize })`.
#[derive(Debug, Clone)]
pub struct CredentialsFact {
    pub span: Span,
    /// An env var (other than the environment's name) in a condition around it.
    pub env_flag: Option<(String, Span)>,
    /// A condition around it names the environment (`NODE_ENV`, `VERCEL_ENV`).
    pub dev_only: bool,
    /// It asks for a password (a `password` credential field, or `authorize` reads one).
    pub password_field: bool,
    pub password: PasswordUse,
}

/// Mock-looking data returned on a branch whose condition reads the environment.
#[derive(Debug, Clone)]
pub struct MockFallbackFact {
    /// The mock value.
    pub span: Span,
    /// The condition.
    pub test: Span,
    /// The env vars the condition reads (`?` for `process.env[key]`), or the mock flag.
    pub env: Vec<String>,
    /// The env var is a switch for mocks (`USE_MOCKS`), not configuration.
    pub flag: bool,
}

/// Everything extracted from one JS/TS file.
/// A JSX attribute's value, summarised.
#[derive(Debug, Clone, PartialEq)]
pub enum JsxValue {
    /// Written without a value: `<button disabled>`.
    Flag,
    Val(Val),
    /// A handler written in place with an empty body: `onClick={() => {}}`.
    EmptyHandler,
    /// A handler written in place that only logs or alerts.
    LogOnlyHandler,
    /// A nested element or fragment.
    Other,
}

#[derive(Debug, Clone)]
pub struct JsxAttr {
    pub name: String,
    pub span: Span,
    pub value: JsxValue,
}

/// A JSX element the product rules read: `<Link href>`, `<button onClick>`, `<img alt>`.
#[derive(Debug, Clone)]
pub struct JsxElementFact {
    /// The opening tag.
    pub span: Span,
    /// As written: `a`, `Link`, `Button`, `motion.a`.
    pub name: String,
    pub attrs: Vec<JsxAttr>,
    /// Has `{...props}`: attributes not shown here may be passed.
    pub spread: bool,
    /// The parent passes its props and handlers to this element (`asChild`).
    pub parent_as_child: bool,
    /// Static text inside, shortened.
    pub text: String,
}

impl JsxElementFact {
    pub fn attr(&self, name: &str) -> Option<&JsxAttr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

#[derive(Debug, Clone, Default)]
pub struct JsFacts {
    pub directives: Vec<String>,
    pub imports: Vec<ImportFact>,
    /// Modules this file loads at run time: value imports, side-effect imports and
    /// re-exports (`import type` and `export type` left out).
    pub module_deps: Vec<String>,
    /// Names exported only as types (`export type X = …`, `export interface X`): imports
    /// of nothing but these are erased by the compiler.
    pub type_exports: Vec<String>,
    pub exports: Vec<ExportFact>,
    pub functions: Vec<FnFact>,
    pub calls: Vec<CallFact>,
    pub bindings: Vec<BindingFact>,
    pub exits: Vec<ExitFact>,
    pub returns: Vec<ReturnFact>,
    pub method_tests: Vec<MethodTest>,
    /// Code that runs for one HTTP method only: the body of `if (req.method === "DELETE")`
    /// or of `case "DELETE":`, with that method.
    pub method_branches: Vec<(String, Span)>,
    pub inputs: Vec<InputFact>,
    pub route_regs: Vec<RouteRegFact>,
    pub routers: Vec<RouterFact>,
    pub data_ops: Vec<DataOpFact>,
    /// Branches taken only when the caller presents a credential (`if (authHeader) {...}`
    /// with no `else`): checks inside them never turn anonymous callers away.
    pub optional_blocks: Vec<Span>,
    pub programs: Vec<ProgramFact>,
    pub env_reads: Vec<EnvRead>,
    pub suppressions: Vec<SuppressionFact>,
    pub storage_ops: Vec<StorageOpFact>,
    pub secret_compares: Vec<SecretCompareFact>,
    pub secret_fallbacks: Vec<SecretFallbackFact>,
    /// String literals naming Stripe event types (`'invoice.payment_failed'`) or a
    /// family of them (`'customer.subscription.'`).
    pub stripe_events: Vec<(String, Span)>,
    pub header_sets: Vec<HeaderSetFact>,
    pub credentials: Vec<CredentialsFact>,
    pub mock_fallbacks: Vec<MockFallbackFact>,
    pub cors: Vec<CorsFact>,
    /// Top-level Drizzle table definitions, with the span of their declarator.
    pub drizzle_tables: Vec<(Span, super::drizzle::DrizzleTableFact)>,
    /// Links, buttons, forms, images and clickable elements, in source order.
    pub jsx: Vec<JsxElementFact>,
    /// Database types generated from a live database, with the span of their declaration.
    pub db_types: Vec<(Span, super::db_types::DbTypesFact)>,
    /// Lookups by name and span, built on first use (after extraction, which never
    /// queries): linking asks them once per route, and a file may hold thousands.
    index: std::sync::OnceLock<FactIndex>,
}

/// Where each top-level name, import and function of a file is, first occurrence first.
#[derive(Debug, Clone, Default)]
struct FactIndex {
    top_function: std::collections::HashMap<String, usize>,
    import: std::collections::HashMap<String, usize>,
    /// Binding index, and the name's index within it.
    top_binding: std::collections::HashMap<String, (usize, usize)>,
    function_at: std::collections::HashMap<Span, usize>,
    program_for: std::collections::HashMap<Span, usize>,
}

impl JsFacts {
    pub fn has_directive(&self, d: &str) -> bool {
        self.directives.iter().any(|x| x == d)
    }

    pub fn call_at(&self, span: Span) -> Option<&CallFact> {
        self.calls
            .binary_search_by(|c| (c.span.start, c.span.end).cmp(&(span.start, span.end)))
            .ok()
            .map(|i| &self.calls[i])
    }

    fn index(&self) -> &FactIndex {
        self.index.get_or_init(|| {
            let mut ix = FactIndex::default();
            for (i, f) in self.functions.iter().enumerate() {
                ix.function_at.entry(f.span).or_insert(i);
                if f.top_level
                    && let Some(n) = &f.name
                {
                    ix.top_function.entry(n.clone()).or_insert(i);
                }
            }
            for (i, imp) in self.imports.iter().enumerate() {
                ix.import.entry(imp.local.clone()).or_insert(i);
            }
            for (i, b) in self
                .bindings
                .iter()
                .enumerate()
                .filter(|(_, b)| b.top_level)
            {
                for (j, n) in b.names.iter().enumerate() {
                    ix.top_binding.entry(n.name.clone()).or_insert((i, j));
                }
            }
            for (i, p) in self.programs.iter().enumerate() {
                ix.program_for.entry(p.fn_span).or_insert(i);
            }
            ix
        })
    }

    pub fn function_at(&self, span: Span) -> Option<&FnFact> {
        self.index()
            .function_at
            .get(&span)
            .map(|&i| &self.functions[i])
    }

    pub fn import_of(&self, local: &str) -> Option<&ImportFact> {
        self.index().import.get(local).map(|&i| &self.imports[i])
    }

    pub fn program_for(&self, fn_span: Span) -> Option<&ProgramFact> {
        self.index()
            .program_for
            .get(&fn_span)
            .map(|&i| &self.programs[i])
    }

    /// Top-level binding of `name`, if any.
    pub fn top_binding(&self, name: &str) -> Option<(&BindingFact, &BoundName)> {
        self.top_binding_index(name)
            .map(|i| &self.bindings[i])
            .and_then(|b| b.names.iter().find(|n| n.name == name).map(|n| (b, n)))
    }

    /// Where in `bindings` the top-level binding of `name` is, if there is one.
    pub fn top_binding_index(&self, name: &str) -> Option<usize> {
        self.index().top_binding.get(name).map(|&(i, _)| i)
    }

    /// Top-level function declared as `name`.
    pub fn top_function(&self, name: &str) -> Option<&FnFact> {
        self.index()
            .top_function
            .get(name)
            .map(|&i| &self.functions[i])
    }
}
