//! The app model: what the link phase decided about the audited app. Rules read this and
//! nothing else. Every fact carries a location so findings can point at real code.

use crate::config::Config;
use crate::source::{FileId, SourceFile, Span};
use serde::Serialize;

/// A place in the audited tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
}

impl Loc {
    pub const fn new(file: FileId, span: Span) -> Self {
        Self { file, span }
    }
}

/// Everything shipgate knows about one audited repository.
#[derive(Debug, Clone, Default)]
pub struct AppModel {
    /// The audit root as the user named it, for display.
    pub root: String,
    /// The git commit checked out where the tree was audited, when it is in a repository.
    pub commit: Option<String>,
    pub files: Vec<SourceFile>,
    /// Every file the walk found (read or not), root-relative, sorted.
    pub all_paths: Vec<String>,
    /// `package.json` manifests: dependencies and scripts.
    pub packages: Vec<PackageManifest>,
    pub skipped: Vec<SkippedFile>,
    /// Detected frameworks and services, sorted (`next-app-router`, `supabase`, ...).
    pub stack: Vec<String>,
    pub routes: Vec<Route>,
    pub pages: Vec<Page>,
    pub middleware: Vec<Middleware>,
    /// The database schema from migrations; empty when the repo has none.
    pub schema: crate::schema::Schema,
    /// `supabase/config.toml` files (the Supabase CLI's project settings).
    pub supabase_configs: Vec<SupabaseConfig>,
    /// Project functions whose names say they keep tenants apart.
    pub tenant_guards: Vec<TenantGuard>,
    /// Signatures and secrets compared with `==`/`===`/`!=`/`!==`, outside tests.
    pub secret_compares: Vec<SecretCompare>,
    /// Stripe calls that create money movements or subscriptions, outside tests, whose
    /// request options shipgate can read.
    pub stripe_creates: Vec<StripeCreate>,
    /// Some file uses a rate-limiting library or calls a limiter.
    pub has_rate_limiter: bool,
    /// Routes that exchange an OAuth authorization `code` for tokens.
    pub oauth_callbacks: Vec<OAuthCallback>,
    /// Stripe event type names in code outside tests (`'invoice.payment_failed'`, or a
    /// family prefix such as `'customer.subscription.'`): the events the app handles.
    pub stripe_events: Vec<(String, Loc)>,
    /// Live-looking credentials written into files of the tree, test files included
    /// (marked), redacted.
    pub secrets: Vec<SecretLeak>,
    /// `process.env.JWT_SECRET || 'dev-secret'`: literals used when a secret the app
    /// signs or verifies with is unset, outside tests.
    pub secret_fallbacks: Vec<SecretFallback>,
    /// Credentials (password) sign-in providers, outside tests.
    pub credential_logins: Vec<CredentialLogin>,
    /// Mock-looking data returned on a branch that depends on an env var, outside tests,
    /// mocks, stories, seeds and scripts.
    pub mock_fallbacks: Vec<MockFallback>,
    /// `process.env.X` / `import.meta.env.X` reads outside tests, in file order.
    pub env_reads: Vec<EnvRead>,
    /// Responses whose body carries error internals, outside tests.
    pub error_leaks: Vec<ErrorLeak>,
    /// Where the app validates its environment against a schema, outside tests.
    pub env_schemas: Vec<EnvSchema>,
    /// `.env` files in the tree (tracked ones included even when `.gitignore` lists them).
    pub env_files: Vec<EnvFile>,
    /// Security and CORS response headers set anywhere shipgate can read (config files,
    /// middleware, server code, header libraries), outside tests, sorted by location.
    pub headers: Vec<HeaderSetting>,
    /// CORS policies: `cors()` options and `Access-Control-Allow-Origin` headers, outside
    /// tests, sorted by location.
    pub cors: Vec<CorsSetting>,
    /// Path patterns the app answers (pages, handlers, static files, rewrites), sorted.
    pub served: Vec<crate::ui::ServedPath>,
    /// Same-origin paths the code links to, navigates to or fetches, outside tests.
    pub url_refs: Vec<crate::ui::UrlRef>,
    /// Server-side HTTP requests to other services (`fetch("https://...")`,
    /// `axios.post(\`${process.env.API_URL}/x\`)`), outside tests.
    pub outbound_calls: Vec<OutboundCall>,
    /// HTML written into the page from a value the browser does not escape:
    /// `dangerouslySetInnerHTML`, `innerHTML =`, `insertAdjacentHTML`, `document.write`.
    pub html_writes: Vec<HtmlWrite>,
    /// Buttons, links and forms that do nothing, outside tests and stories.
    pub dead_controls: Vec<crate::ui::DeadControl>,
    /// Images and their alt text, outside tests and stories.
    pub images: Vec<crate::ui::ImageUse>,
    pub suppressions: Vec<Suppression>,
    pub config: Config,
    /// `package.json` at the root, if any: the place to point repo-level findings at.
    pub package_json: Option<FileId>,
    pub stats: Stats,
}

impl AppModel {
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn path(&self, id: FileId) -> &str {
        &self.file(id).path
    }

    /// `path:line` of a location, for evidence strings.
    pub fn describe(&self, loc: Loc) -> String {
        let f = self.file(loc.file);
        format!("{}:{}", f.path, f.line_col(loc.span.start).0)
    }

    pub fn find_file(&self, path: &str) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| FileId(i as u32))
    }

    pub fn has_stack(&self, name: &str) -> bool {
        self.stack.iter().any(|s| s == name)
    }

    /// The routes' operations on a table (matched by bare name, any case), with the route
    /// that runs each.
    pub fn table_uses(&self, table: &str) -> Vec<(&Route, &DataOp)> {
        let table = table.rsplit('.').next().unwrap_or(table);
        let mut out = Vec::new();
        for r in &self.routes {
            for op in &r.facts.data_ops {
                let Some(name) = op.table.as_deref() else {
                    continue;
                };
                let bare = name.rsplit('.').next().unwrap_or(name);
                if bare.eq_ignore_ascii_case(table) {
                    out.push((r, op));
                }
            }
        }
        out
    }
}

/// What a `supabase/config.toml` says about sign-up.
#[derive(Debug, Clone, Serialize)]
pub struct SupabaseConfig {
    pub file: FileId,
    /// `[auth.email] enable_confirmations`, where it is set.
    pub email_confirmations: Option<(bool, Loc)>,
    /// `[auth] site_url`.
    pub site_url: Option<String>,
    /// `[remotes.<name>]` sections: settings meant for hosted projects.
    pub has_remotes: bool,
}

/// A project function whose name says it keeps tenants apart: `enforceTenantIsolation`,
/// `validateTenantAccess`, `requireOrgMember`, `withWorkspace`.
#[derive(Debug, Clone, Serialize)]
pub struct TenantGuard {
    pub name: String,
    pub at: Loc,
    /// Global middleware calls it, so it runs for every path the middleware matches.
    pub in_middleware: bool,
}

/// A signature or secret compared with an equality operator.
#[derive(Debug, Clone, Serialize)]
pub struct SecretCompare {
    pub at: Loc,
    /// The comparison as written, shortened.
    pub text: String,
    /// The secret side, in backticks.
    pub what: String,
}

/// `stripe.checkout.sessions.create(params, options)` and the like.
#[derive(Debug, Clone, Serialize)]
pub struct StripeCreate {
    pub at: Loc,
    /// The call as written (`stripe.paymentIntents.create`).
    pub call: String,
    /// The request options carry an `idempotencyKey`.
    pub idempotency_key: bool,
    /// The parameters start a trial (`trial_period_days`, `trial_end`, also inside
    /// `subscription_data`).
    pub trial: bool,
}

/// A route that takes `code` from the query string and exchanges it for tokens.
#[derive(Debug, Clone, Serialize)]
pub struct OAuthCallback {
    /// `METHOD path` of the route.
    pub route: String,
    pub at: Loc,
    pub code_at: Loc,
    /// The exchange as written (`fetch https://oauth2.googleapis.com/token`).
    pub exchange: String,
    pub exchange_at: Loc,
    pub state: StateHandling,
}

/// What an OAuth callback does with the `state` parameter.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum StateHandling {
    /// Never reads it.
    NotRead,
    /// Reads it and nothing compares it with anything.
    Unchecked,
    /// Decodes it (`JSON.parse(Buffer.from(state, 'base64'))`) and uses what it says.
    Decoded { at: Loc, how: String },
    /// Compares it with a cookie, looks it up where it was stored, or hands it to a check.
    Checked { how: String },
}

/// A credential found in the tree.
#[derive(Debug, Clone, Serialize)]
pub struct SecretLeak {
    pub at: Loc,
    pub kind: crate::secrets::SecretKind,
    /// The key with its middle masked; the full value is never kept in the model.
    pub redacted: String,
    /// In a test, fixture or example file.
    pub in_test: bool,
}

/// `if (!process.env.KEY) return \`mock-${id}\``: fake data when configuration is
/// missing, or when a mock flag is set.
#[derive(Debug, Clone, Serialize)]
pub struct MockFallback {
    /// The mock value returned.
    pub at: Loc,
    /// The condition that picks it.
    pub condition: Loc,
    /// The env vars the condition reads (`?` for `process.env[key]`), in order.
    pub env: Vec<String>,
    /// The env var switches mocks on (`USE_MOCKS`), rather than being configuration.
    pub flag: bool,
}

/// A CI pipeline definition: GitHub Actions workflows, GitLab CI, CircleCI, Bitbucket,
/// Azure Pipelines, Buildkite, Jenkins.
pub fn is_ci_pipeline(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    (yaml && (path.starts_with(".github/workflows/") || path.starts_with(".buildkite/")))
        || matches!(
            name,
            ".gitlab-ci.yml" | "bitbucket-pipelines.yml" | "azure-pipelines.yml" | "Jenkinsfile"
        )
        || path == ".circleci/config.yml"
}

/// A `package.json`: where it is, what it depends on, and its scripts.
#[derive(Debug, Clone, Serialize)]
pub struct PackageManifest {
    pub file: FileId,
    /// Directory of the manifest (`""` at the root).
    pub dir: String,
    /// `dependencies`, `devDependencies` and `peerDependencies` names, sorted.
    pub deps: Vec<String>,
    /// `scripts`: name and command.
    pub scripts: Vec<(String, String)>,
}

impl AppModel {
    /// Whether any package depends on a package whose name matches.
    pub fn depends_on(&self, pred: impl Fn(&str) -> bool) -> Option<&str> {
        self.packages
            .iter()
            .flat_map(|p| p.deps.iter())
            .find(|d| pred(d))
            .map(String::as_str)
    }

    /// The loaded file at a path, if the model kept its text.
    pub fn file_at(&self, path: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// A credentials sign-in provider (NextAuth / Auth.js `Credentials({ authorize })`).
#[derive(Debug, Clone, Serialize)]
pub struct CredentialLogin {
    pub at: Loc,
    /// An env var in a condition that switches it on (`DEMO_MODE`), where it is read.
    pub env_flag: Option<(String, Loc)>,
    /// A condition around it names the environment (`NODE_ENV`, `VERCEL_ENV`).
    pub dev_only: bool,
    pub password: PasswordCheck,
}

/// What `authorize` does with the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PasswordCheck {
    /// It asks for no password (one-time codes, wallet signatures).
    NoPassword,
    /// Compared with a stored hash, sent to an API, or handed to a helper.
    Checked,
    /// Asked for, never compared or handed on: any password signs in.
    NotChecked,
    /// Compared with a literal written in the code.
    Literal(Loc),
}

/// A hard-coded fallback for a secret.
#[derive(Debug, Clone, Serialize)]
pub struct SecretFallback {
    pub at: Loc,
    pub env: String,
    /// The literal, redacted.
    pub value: String,
}

/// A response that sends error internals (`error.message`, `err.stack`, the error).
#[derive(Debug, Clone, Serialize)]
pub struct ErrorLeak {
    pub at: Loc,
    /// What it sends, as written: `err.stack`, `error.message`, `error`.
    pub what: Vec<String>,
}

/// A validation of `process.env`: `createEnv({...})`, `envSchema.parse(process.env)`.
#[derive(Debug, Clone, Serialize)]
pub struct EnvSchema {
    pub at: Loc,
    /// What validates (`t3-env \`createEnv\``, `schema \`parse(process.env)\``).
    pub kind: String,
    /// The function it sits in (`validateEnv`); `None` at module top level.
    pub function: Option<String>,
    /// A file that runs it: imports the module (top-level validation) or calls the
    /// function. `None` when nothing does.
    pub runs_from: Option<String>,
}

/// One read of an env var in code.
#[derive(Debug, Clone, Serialize)]
pub struct EnvRead {
    pub name: String,
    pub at: Loc,
    /// The module is bundled for the browser: a `'use client'` file, or a file one
    /// imports (this is that `'use client'` file).
    pub client: Option<FileId>,
}

/// A `.env` style file and its assignments.
#[derive(Debug, Clone, Serialize)]
pub struct EnvFile {
    pub file: FileId,
    /// Git tracks it; `None` when the tree is not a git work tree.
    pub tracked: Option<bool>,
    /// `.env.example`, `.env.sample`, `.env.template`, `.env.dist`: documentation.
    pub example: bool,
    pub entries: Vec<EnvEntry>,
}

/// `KEY=value` in an env file. The value itself is never kept.
#[derive(Debug, Clone, Serialize)]
pub struct EnvEntry {
    pub key: String,
    pub at: Loc,
    pub value: EnvValue,
}

/// What an env file assigns, judged without keeping the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EnvValue {
    Empty,
    /// `your-key-here`, `sk_live_xxx`, `<secret>`, `changeme`.
    Placeholder,
    /// Points at this machine (`localhost`, `127.0.0.1`, `host.docker.internal`), or is
    /// the Supabase CLI's public local key.
    Local,
    /// `true`, `false`, `0`, `3000`: a switch or a number, not a credential.
    Flag,
    /// Anything else: a value someone could use.
    Set,
}

/// Stands for the parts of a header value that could not be read (an expression in a
/// template literal, a variable from elsewhere).
pub const HOLE: &str = "${}";

/// Where a response header is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeaderSource {
    /// `headers()` in `next.config.*` (or a module it loads).
    NextConfig,
    /// Next.js `middleware.ts` / `proxy.ts`, or a module it imports.
    Middleware,
    /// A Next.js route handler or API route: one response, not the site.
    RouteHandler,
    /// Other server code: Express/Hono middleware, helpers.
    Code,
    /// A header library's defaults (`helmet()`, `secureHeaders()`, `@fastify/helmet`).
    Library,
    VercelJson,
    NetlifyToml,
    /// A `_headers` file (Netlify, Cloudflare Pages).
    HeadersFile,
}

impl HeaderSource {
    pub const fn describe(self) -> &'static str {
        match self {
            HeaderSource::NextConfig => "next.config headers()",
            HeaderSource::Middleware => "middleware",
            HeaderSource::RouteHandler => "a route handler",
            HeaderSource::Code => "server code",
            HeaderSource::Library => "a header library",
            HeaderSource::VercelJson => "vercel.json headers",
            HeaderSource::NetlifyToml => "netlify.toml [[headers]]",
            HeaderSource::HeadersFile => "_headers file",
        }
    }
}

/// What a header is set to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "kebab-case")]
pub enum HeaderValue {
    /// The value as written; [`HOLE`] marks parts that could not be read.
    Text(String),
    /// The request's own `Origin` header, echoed back without a check.
    RequestOrigin,
    Unknown,
}

/// One response header set somewhere.
#[derive(Debug, Clone, Serialize)]
pub struct HeaderSetting {
    pub at: Loc,
    /// The header name, in its usual spelling (`Content-Security-Policy`).
    pub name: String,
    pub value: HeaderValue,
    /// Where the value's text is written, when it is a literal (for a CSP, the part that
    /// holds `script-src`, else `default-src`).
    pub value_at: Option<Loc>,
    pub source: HeaderSource,
    /// What set it, when it is a library's default (`helmet()`).
    pub via: Option<String>,
}

/// Who a CORS policy lets in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CorsOrigin {
    /// `*`.
    Any,
    /// Whatever the request's `Origin` header says (`origin: true`, the header echoed).
    Reflected,
    /// A fixed origin, an allowlist, or a check shipgate cannot see through.
    Restricted,
}

/// A CORS policy: a `cors()` middleware or an `Access-Control-Allow-Origin` header.
#[derive(Debug, Clone, Serialize)]
pub struct CorsSetting {
    pub at: Loc,
    /// `cors()`, `hono/cors`, `@fastify/cors`, or the place the header is set.
    pub via: String,
    pub origin: CorsOrigin,
    /// `credentials: true` / `Access-Control-Allow-Credentials: true`, where it is set.
    pub credentials: Option<Loc>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub files_walked: usize,
    pub files_parsed: usize,
    pub lines_parsed: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

/// Who checks the caller of a route. Spelled as in rules.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Guard {
    /// The handler, a wrapper, a helper it calls or route-level middleware verifies a
    /// session or token and rejects when it is absent.
    InRoute,
    /// Only global middleware (Next.js `middleware.ts` / `proxy.ts`) enforces it.
    Middleware,
    /// No user session, but the request is authenticated another way (signature, secret).
    Verified,
    /// Nothing checks the caller.
    Public,
}

impl Guard {
    pub const fn as_str(self) -> &'static str {
        match self {
            Guard::InRoute => "in-route",
            Guard::Middleware => "middleware",
            Guard::Verified => "verified",
            Guard::Public => "public",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    NextApp,
    NextPages,
    Express,
    Hono,
    Trpc,
    ServerAction,
    /// A Supabase Edge Function (`supabase/functions/<name>/index.ts`).
    SupabaseFunction,
}

impl Framework {
    pub const fn as_str(self) -> &'static str {
        match self {
            Framework::NextApp => "next-app",
            Framework::NextPages => "next-pages",
            Framework::Express => "express",
            Framework::Hono => "hono",
            Framework::Trpc => "trpc",
            Framework::ServerAction => "server-action",
            Framework::SupabaseFunction => "supabase-function",
        }
    }
}

/// One entry point reachable over HTTP: an API handler, a tRPC procedure or a server action.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    pub method: String,
    pub path: String,
    pub framework: Framework,
    /// Where the handler is defined.
    pub at: Loc,
    pub guard: Guard,
    /// Why the guard is what it is, in words, with file:line.
    pub evidence: String,
    /// Where the deciding check is, when there is one.
    pub guard_at: Option<Loc>,
    /// How sure the guard decision is; `unresolved` says what could not be followed
    /// (an unknown wrapper, a missing file) when it is not proven.
    pub confidence: crate::Confidence,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<String>,
    /// Why this route is meant to be reachable without a session, if it is.
    pub intended_public: Option<String>,
    /// The auth idiom the handler uses (`supabase.auth.getUser`, `requireUser()`...).
    pub auth_idiom: Option<String>,
    /// A role / admin / permission check that rejects, if one was found.
    pub role_check: Option<Loc>,
    /// A session read that is not enforced (the "read but never checked" case).
    pub unenforced_session: Option<Loc>,
    /// The session check rests on a cookie read that verifies nothing (Supabase
    /// `getSession()`, with no `getUser()`/`getClaims()` on the way): where it is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unverified_session: Option<Loc>,
    /// Global middleware matches this path (whether or not it enforces anything).
    pub middleware_matches: bool,
    /// Global middleware has a sign-in check but an allowlist exempts this path: the
    /// developers chose to leave it open.
    pub middleware_exempt: bool,
    /// For server actions: whether a component (`'use client'` or `.tsx`/`.jsx`) imports
    /// it. Next.js registers every export of a `'use server'` module, but only referenced
    /// ones get an id shipped to browsers.
    pub ui_referenced: Option<bool>,
    /// When the guard is `verified`: the secret check passes every request when its env
    /// var is unset (`if (SECRET && header !== SECRET)`), with the check and the var.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fails_open: Option<(Loc, String)>,
    /// A rate limiter runs for this route: in the handler's file, a helper, route or app
    /// middleware, or global middleware that matches it.
    pub rate_limited: bool,
    /// How the handler deals with failures, when shipgate can read its function.
    #[serde(skip)]
    pub errors: Option<ErrorHandling>,
    pub facts: HandlerFacts,
}

impl Route {
    /// `METHOD path`, the entity used in messages and fingerprints.
    pub fn entity(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    pub fn is_mutating(&self) -> bool {
        !matches!(self.method.as_str(), "GET" | "HEAD" | "OPTIONS")
    }
}

/// Whether a handler can fail asynchronously and whether it catches failures itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorHandling {
    /// `async` (it awaits) and calls something.
    pub is_async: bool,
    /// A `try`/`catch` or a `.catch()` inside the handler.
    pub catches: bool,
    /// Wrapped by another function (`asyncHandler(fn)`, `withErrorHandling(fn)`), which
    /// may catch for it.
    pub wrapped: bool,
}

/// What a handler does, including what the project helpers it calls do.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HandlerFacts {
    pub data_ops: Vec<DataOp>,
    pub effects: Vec<Effect>,
    pub inputs: Vec<RequestInput>,
    /// Request-derived values that a rejecting branch compares with the session.
    pub identity_checks: Vec<String>,
    /// Uses of a client that bypasses row level security.
    pub service_role_uses: Vec<ClientUse>,
    /// Supabase Storage calls (`storage.from(bucket).upload(...)`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub storage_ops: Vec<StorageOp>,
    /// Project functions that run for this route: its wrappers and route middleware, and
    /// the helpers the handler calls, a few calls deep. Sorted, by declared name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub helpers: Vec<String>,
    /// Env vars read by the handler and the helpers it calls, and at the top level of
    /// their modules (clients built at import time). Sorted by location.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub env_reads: Vec<EnvUse>,
    /// Amounts the handler sends to Stripe that the request chose.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub client_prices: Vec<ClientPrice>,
    /// Values spliced into the text of a raw SQL query (not bound as parameters).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sql_splices: Vec<SqlSplice>,
    /// Server-side HTTP requests to a host the request chose, with no check of it first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub request_fetches: Vec<RequestFetch>,
}

/// A server-side HTTP request whose host comes from the request, made without a
/// rejecting check on the URL before it: `fetch(body.url)`, `` axios.get(`${q}/x`) ``.
#[derive(Debug, Clone, Serialize)]
pub struct RequestFetch {
    pub at: Loc,
    /// The call as written (`fetch`, `axios.get`).
    pub call: String,
    /// The URL value as written (`body.imageUrl`, `target`).
    pub url: String,
    pub origin: ValueOrigin,
}

/// A value written into the text of a raw SQL query: `` pool.query(`... ${id}`) ``,
/// `prisma.$queryRawUnsafe("..." + sort)`, `sql.raw(column)`.
#[derive(Debug, Clone, Serialize)]
pub struct SqlSplice {
    /// The call that runs the query.
    pub at: Loc,
    /// The call as written (`prisma.$queryRawUnsafe`, `pool.query`).
    pub call: String,
    /// The spliced value as written (`req.query.sort`, `id`).
    pub value: String,
    pub origin: ValueOrigin,
}

/// An amount, price or discount sent to Stripe whose value the request chose:
/// `unit_amount: body.price * 100`, line items mapped from the cart the browser sent.
#[derive(Debug, Clone, Serialize)]
pub struct ClientPrice {
    /// The Stripe call.
    pub at: Loc,
    /// The call as written (`stripe.checkout.sessions.create`).
    pub call: String,
    /// The parameter that carries the amount (`unit_amount`, `amount`, `amount_off`).
    pub field: String,
    /// The request value it comes from, as written (`item.price`, `body.amount`).
    pub from: String,
    /// The same request value is also put in the call's `metadata`: what the buyer gets
    /// is told the amount they chose (a top-up, a donation).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub echoed_in_metadata: bool,
}

/// An env var read on a handler's path.
#[derive(Debug, Clone, Serialize)]
pub struct EnvUse {
    pub name: String,
    pub at: Loc,
}

/// A Supabase Storage call: `supabase.storage.from("avatars").upload(path, file)`.
#[derive(Debug, Clone, Serialize)]
pub struct StorageOp {
    pub at: Loc,
    pub bucket: Option<String>,
    /// `upload`, `download`, `remove`, `list`, `createSignedUrl`, `getPublicUrl`, ...
    pub method: String,
    pub client: ClientKind,
    /// Where the object path came from, when there is one.
    pub path: Option<ValueOrigin>,
}

impl StorageOp {
    /// Whether the call creates, replaces, moves or deletes objects.
    pub fn is_write(&self) -> bool {
        matches!(
            self.method.as_str(),
            "upload"
                | "update"
                | "remove"
                | "move"
                | "copy"
                | "createSignedUploadUrl"
                | "uploadToSignedUrl"
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientUse {
    pub at: Loc,
    /// How the client was obtained, e.g. `getSupabaseAdmin() from lib/supabase/admin.ts:4`.
    pub via: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DbOp {
    Select,
    Insert,
    Update,
    Upsert,
    Delete,
    Rpc,
}

impl DbOp {
    pub const fn is_write(self) -> bool {
        matches!(
            self,
            DbOp::Insert | DbOp::Update | DbOp::Upsert | DbOp::Delete
        )
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            DbOp::Select => "select",
            DbOp::Insert => "insert",
            DbOp::Update => "update",
            DbOp::Upsert => "upsert",
            DbOp::Delete => "delete",
            DbOp::Rpc => "rpc",
        }
    }
}

/// Which database client performed an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientKind {
    /// A Supabase client acting as the signed-in user: row level security applies.
    UserScoped,
    /// A service-role / admin client: bypasses row level security.
    ServiceRole,
    Prisma,
    Drizzle,
    RawSql,
    Unknown,
}

impl ClientKind {
    /// Whether row level security does not protect this access.
    pub const fn bypasses_rls(self) -> bool {
        matches!(
            self,
            ClientKind::ServiceRole | ClientKind::Prisma | ClientKind::Drizzle | ClientKind::RawSql
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DataOp {
    pub at: Loc,
    pub table: Option<String>,
    pub op: DbOp,
    pub client: ClientKind,
    /// Columns the operation filters on or writes, with where their values came from.
    pub values: Vec<DataValue>,
    /// When the payload is one value or spreads one (`insert(body)`, `update({ ...body })`),
    /// where it came from (the request's, if any spread is).
    pub payload: Option<ValueOrigin>,
    /// Columns or fields named without a value: a Supabase select list's plain columns;
    /// the top-level keys of a Prisma `where`, `select`, `include` and `orderBy`. For a
    /// Supabase read, `*` marks that every column comes back (`select()`, `select('*')`)
    /// and `()` that more than the named ones may (embedded relations, a list built
    /// elsewhere).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// Runs only after something failed: inside a `catch`, or a branch on an error.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fallback: bool,
    /// Its outcome is ignored: the result is thrown away, or only its error is kept and
    /// at most logged. A failure loses this one read or write; the request goes on.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub failure_ignored: bool,
    /// The filter is built elsewhere (`where: whereClause`, `findMany(args)`): `values`
    /// does not show its columns.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub filter_hidden: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueRole {
    Filter,
    Payload,
}

#[derive(Debug, Clone, Serialize)]
pub struct DataValue {
    pub column: String,
    pub role: ValueRole,
    pub origin: ValueOrigin,
    pub at: Loc,
    /// A written value that went through an encryption call (`encrypt(token)`, a
    /// variable bound to one) before it was stored.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub encrypted: bool,
}

/// Where a value used by a handler came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ValueOrigin {
    /// Straight from the request.
    Request {
        source: InputSource,
        field: Option<String>,
        /// The local name that holds it (`userId`).
        name: String,
    },
    /// From the request, after a schema check (`schema.parse(body)`).
    Validated {
        source: InputSource,
        /// The field of the checked input it names, when it is read straight off it
        /// (`input.projectId`).
        #[serde(skip_serializing_if = "Option::is_none")]
        field: Option<String>,
    },
    /// From the verified session or token.
    Session,
    Literal,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputSource {
    Body,
    Query,
    Params,
    Headers,
    Cookies,
    Form,
}

impl InputSource {
    pub const fn as_str(self) -> &'static str {
        match self {
            InputSource::Body => "body",
            InputSource::Query => "query string",
            InputSource::Params => "path",
            InputSource::Headers => "headers",
            InputSource::Cookies => "cookies",
            InputSource::Form => "form data",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestInput {
    pub source: InputSource,
    pub field: Option<String>,
    pub name: String,
    pub at: Loc,
}

/// A side effect that costs money or reaches people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EffectKind {
    Ai,
    Email,
    Sms,
    Push,
    Payment,
}

impl EffectKind {
    /// What is sent or called, as a noun: "sends {noun} in a loop".
    pub const fn noun(self) -> &'static str {
        match self {
            EffectKind::Ai => "AI requests",
            EffectKind::Email => "e-mail",
            EffectKind::Sms => "SMS",
            EffectKind::Push => "push notifications",
            EffectKind::Payment => "payment requests",
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            EffectKind::Ai => "AI/LLM call",
            EffectKind::Email => "e-mail send",
            EffectKind::Sms => "SMS send",
            EffectKind::Push => "push notification",
            EffectKind::Payment => "payment API call",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Effect {
    pub kind: EffectKind,
    pub at: Loc,
    pub callee: String,
    /// Inside a loop or a `map`/`forEach` callback: one request, many sends.
    pub in_loop: bool,
}

impl Effect {
    /// Whether a stranger triggering it costs the owner money or reaches people: AI
    /// calls, e-mail, SMS and push do; starting a checkout or a payment intent does not
    /// (nothing is charged until the buyer pays), while refunds, transfers, payouts and
    /// charges move money.
    pub fn costs_the_owner(&self) -> bool {
        match self.kind {
            EffectKind::Payment => [
                "refunds",
                "transfers",
                "payouts",
                "charges",
                "capture",
                "topups",
            ]
            .iter()
            .any(|w| self.callee.contains(w)),
            _ => true,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub path: String,
    pub file: FileId,
    pub dynamic: bool,
    pub router: Framework,
    /// Global middleware matches this page and enforces a session there.
    pub middleware_guarded: bool,
    /// A role or permission check that rejects, in the page or a layout around it.
    #[serde(skip)]
    pub role_check: Option<Loc>,
    /// Database reads and writes the page and its layouts make on the server.
    #[serde(skip)]
    pub data_ops: Vec<DataOp>,
}

/// Global request middleware (`middleware.ts`, `proxy.ts`).
#[derive(Debug, Clone, Serialize)]
pub struct Middleware {
    pub at: Loc,
    /// What kind it is (`supabase updateSession`, `next-auth`, `clerkMiddleware`, `custom`).
    pub kind: String,
    /// `config.matcher` sources; empty means every path.
    pub matchers: Vec<String>,
    /// Whether it rejects anonymous requests on at least one path.
    pub enforces: bool,
    pub evidence: String,
    /// A role or permission test it makes, if any.
    #[serde(skip)]
    pub role_check: Option<Loc>,
    /// Its sign-in check rests on a cookie read that verifies nothing (Supabase
    /// `getSession()`, with no `getUser()`/`getClaims()` on the way): where it is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unverified_session: Option<Loc>,
}

/// Raw HTML put into the page from a value whose origin shipgate could follow.
#[derive(Debug, Clone, Serialize)]
pub struct HtmlWrite {
    pub at: Loc,
    /// `dangerouslySetInnerHTML`, `innerHTML`, `insertAdjacentHTML`, `document.write`.
    pub sink: String,
    /// The value as written (`searchParams.note`, `marked(post.body)`).
    pub value: String,
    pub source: HtmlSource,
}

/// Where HTML written into a page comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HtmlSource {
    /// The page's URL: query string, route params, the hash.
    Url,
    /// Markdown (or another markup) converted to HTML without a sanitiser; whoever wrote
    /// the text can write HTML.
    Markup,
}

/// A request from server code to another service.
#[derive(Debug, Clone, Serialize)]
pub struct OutboundCall {
    pub at: Loc,
    /// `fetch`, `axios.post`.
    pub via: String,
    /// The URL as written, shortened: `https://api.resend.com/emails`, `${API_URL}/v1`.
    pub target: String,
    /// An abort `signal` or a `timeout` option is passed.
    pub has_timeout: bool,
}

/// An inline `shipgate-ignore <rule-id>: <reason>` comment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Suppression {
    pub file: FileId,
    /// The 1-based line the comment is on.
    pub line: u32,
    /// The last line it covers: the line below in code and config files, the end of the
    /// statement in SQL.
    pub through: u32,
    pub rule: String,
    pub reason: String,
}

impl Suppression {
    /// Whether it silences `rule` reported at `line`.
    pub fn covers(&self, rule: &str, line: u32) -> bool {
        self.rule == rule && self.line <= line && line <= self.through
    }
}
