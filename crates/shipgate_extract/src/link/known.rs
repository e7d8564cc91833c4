//! Known library idioms: auth and session calls, webhook verification, side effects that
//! cost money or reach people, and database client factories. Matched on callee paths and
//! the package the callee's root identifier is imported from.

use crate::js::facts::Val;
use shipgate_model::{EffectKind, InputSource};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Throws, redirects or rejects on its own when the check fails.
    Enforces,
    /// Returns the session/result; the caller must test it and exit.
    Returns,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    Session,
    Verify,
}

#[derive(Debug, Clone)]
pub struct LibAuth {
    pub kind: AuthKind,
    pub mode: Mode,
    pub idiom: String,
}

fn session(mode: Mode, idiom: impl Into<String>) -> Option<LibAuth> {
    Some(LibAuth {
        kind: AuthKind::Session,
        mode,
        idiom: idiom.into(),
    })
}

fn verify(mode: Mode, idiom: impl Into<String>) -> Option<LibAuth> {
    Some(LibAuth {
        kind: AuthKind::Verify,
        mode,
        idiom: idiom.into(),
    })
}

const CONTEXT_AUTH_KEYS: &[&str] = &[
    "user",
    "session",
    "jwtPayload",
    "userId",
    "auth",
    "currentUser",
    "claims",
];

/// Vercel Queues push consumers: the callback receives a message id and fetches the
/// message from the queue service with the project's credentials, so a forged request
/// carries no payload of its own.
pub const VERCEL_QUEUE: &str = "@vercel/queue handleCallback()";

/// A library wrapper that verifies every request before the wrapped handler runs:
/// `handleCallback(fn)` (Vercel Queues), `verifySignatureAppRouter(fn)` (QStash), a
/// webhook handler built from the signing secret.
pub fn lib_verify_wrapper(callee: &str, src: Option<&str>, args: &[Val]) -> Option<String> {
    let method = callee.rsplit('.').next().unwrap_or(callee);
    // A webhook handler a package builds from the signing secret (`Webhooks({
    // webhookSecret: process.env.X })`): the package checks each request's signature
    // before any callback runs.
    let package = src.is_some_and(|s| {
        !s.starts_with('.') && !s.starts_with("@/") && !s.starts_with("~/") && !s.is_empty()
    });
    let signing_secret = |k: &str| {
        let k = k.to_ascii_lowercase();
        // A bare `secret` also configures sessions and cookies (`session({ secret })`).
        k.contains("secret") && (k.contains("webhook") || k.contains("signing"))
    };
    if package
        && args.iter().any(
            |a| matches!(a, Val::Object(props, _) if props.iter().any(|(k, _)| signing_secret(k))),
        )
    {
        let key = args
            .iter()
            .find_map(|a| match a {
                Val::Object(props, _) => props
                    .iter()
                    .find(|(k, _)| signing_secret(k))
                    .map(|(k, _)| k.clone()),
                _ => None,
            })
            .unwrap_or_default();
        return Some(format!("{callee}({{ {key} }}) from {}", src.unwrap_or("")));
    }
    if method == "handleCallback" && src.is_some_and(|s| s.starts_with("@vercel/queue")) {
        return Some(VERCEL_QUEUE.into());
    }
    if matches!(
        method,
        "verifySignatureAppRouter" | "verifySignatureEdge" | "verifySignature"
    ) {
        return Some(format!("{callee}()"));
    }
    None
}

/// Recognises a library auth or verification call.
/// `imports` lists the packages the calling file imports from.
pub fn lib_auth(
    callee: &str,
    import_src: Option<&str>,
    args: &[Val],
    imports: &[&str],
) -> Option<LibAuth> {
    use Mode::*;
    let src = import_src.unwrap_or("");
    let method = callee.rsplit('.').next().unwrap_or(callee);
    let imports_any = |prefixes: &[&str]| {
        imports
            .iter()
            .any(|i| prefixes.iter().any(|p| i.starts_with(p)))
    };
    // Supabase
    for m in ["getUser", "getClaims", "getSession"] {
        if callee.ends_with(&format!(".auth.{m}")) {
            return session(Returns, format!("supabase.auth.{m}()"));
        }
    }
    // `auth.updateUser` acts on the caller's own session; Supabase rejects it without one.
    if callee.ends_with(".auth.updateUser") {
        return session(Enforces, "supabase.auth.updateUser()");
    }
    // A Checkout Session id is an unguessable token; retrieving it from Stripe with the
    // secret key proves it (used by "checkout success" redirect handlers).
    if callee.ends_with("checkout.sessions.retrieve") {
        return verify(Enforces, "Stripe checkout.sessions.retrieve()");
    }
    // Stripe / svix / Clerk / QStash / Twilio webhook verification
    if matches!(method, "parseThinEvent" | "parseEventNotification")
        || callee.ends_with("signature.verifyHeader")
    {
        return verify(Enforces, format!("Stripe {method}()"));
    }
    if callee.ends_with("webhooks.constructEvent")
        || callee.ends_with("webhooks.constructEventAsync")
    {
        // Stripe's API, also copied by WorkOS and others: name what the code calls.
        return verify(Enforces, format!("{callee}()"));
    }
    // Provider SDKs' webhook modules: `@polar-sh/sdk/webhooks` `validateEvent`,
    // `@clerk/nextjs/webhooks` `verifyWebhook`, `webhooks.unwrap`.
    if method == "verifyWebhook"
        || (src.ends_with("/webhooks") || src.ends_with("/webhook"))
            && matches!(
                method,
                "verify" | "validateEvent" | "constructEvent" | "unwrap"
            )
        || src.contains("/webhooks") && method == "verify"
    {
        return verify(Enforces, format!("{callee}()"));
    }
    if method == "verify"
        && imports_any(&["svix", "standardwebhooks", "@octokit/webhooks"])
        && !imports_any(&["jsonwebtoken"])
    {
        return verify(Enforces, "svix Webhook.verify()");
    }
    if imports_any(&["@upstash/qstash"]) && matches!(method, "verify" | "verifySignature") {
        return verify(Enforces, "QStash Receiver.verify()");
    }
    if matches!(method, "verifySignatureAppRouter" | "verifySignatureEdge") {
        return verify(Enforces, "QStash verifySignature()");
    }
    if method == "handleCallback" && src.starts_with("@vercel/queue") {
        return verify(Enforces, VERCEL_QUEUE);
    }
    if method == "validateRequest" && (src == "twilio" || imports_any(&["twilio"])) {
        return verify(Returns, "twilio.validateRequest()");
    }
    if method == "timingSafeEqual" {
        return verify(Returns, "crypto.timingSafeEqual()");
    }
    if method == "verifyKey" && imports_any(&["discord-interactions"]) {
        return verify(Returns, "discord verifyKey()");
    }
    // JWT libraries throw on a bad token.
    if method == "verify"
        && (matches!(
            crate::js::facts::callee_root(callee),
            "jwt" | "jsonwebtoken" | "JWT"
        ) || src == "jsonwebtoken"
            || imports_any(&["jsonwebtoken"]))
    {
        return session(Enforces, "jsonwebtoken verify()");
    }
    if method == "verify"
        && (src.starts_with("hono/") || imports_any(&["hono/jwt", "hono/utils/jwt"]))
    {
        return session(Enforces, "hono/jwt verify()");
    }
    if method == "jwtVerify" {
        return session(Enforces, "jose jwtVerify()");
    }
    if matches!(method, "verifyIdToken" | "verifySessionCookie") {
        return session(Enforces, format!("firebase-admin {method}()"));
    }
    if method == "verifyToken" && (src.starts_with("@clerk") || imports_any(&["@clerk"])) {
        return session(Enforces, "Clerk verifyToken()");
    }
    // WorkOS AuthKit: `withAuth({ ensureSignedIn: true })` redirects signed-out visitors.
    if callee == "withAuth" && (src.starts_with("@workos-inc") || imports_any(&["@workos-inc"])) {
        let ensure = args
            .first()
            .and_then(|a| a.prop("ensureSignedIn"))
            .is_some_and(|v| *v == Val::Bool(true));
        return session(if ensure { Enforces } else { Returns }, "WorkOS withAuth()");
    }
    // Clerk
    if callee == "auth.protect" || callee == "auth().protect" {
        return session(Enforces, "Clerk auth.protect()");
    }
    if matches!(callee, "ClerkExpressRequireAuth" | "requireAuth")
        && (src.starts_with("@clerk") || imports_any(&["@clerk"]))
    {
        return session(Enforces, format!("Clerk {callee}()"));
    }
    if callee == "currentUser" {
        return session(Returns, "Clerk currentUser()");
    }
    if callee == "getAuth" {
        return session(Returns, "Clerk getAuth()");
    }
    if callee == "auth" {
        return if src.starts_with("@clerk") {
            session(Returns, "Clerk auth()")
        } else {
            session(Returns, "auth()")
        };
    }
    // NextAuth / Auth.js
    if matches!(callee, "getServerSession" | "unstable_getServerSession") {
        return session(Returns, "getServerSession()");
    }
    if callee == "getToken" && (src.starts_with("next-auth") || imports_any(&["next-auth"])) {
        return session(Returns, "next-auth getToken()");
    }
    if method == "getSession"
        && (src.starts_with("next-auth")
            || src.starts_with("@auth0")
            || callee.starts_with("auth0."))
    {
        return session(Returns, format!("{callee}()"));
    }
    // better-auth
    if callee.ends_with("api.getSession") {
        return session(Returns, "better-auth auth.api.getSession()");
    }
    if callee == "getIronSession" {
        return session(Returns, "iron-session getIronSession()");
    }
    if callee.starts_with("getKindeServerSession()")
        && matches!(method, "getUser" | "isAuthenticated")
    {
        return session(Returns, format!("Kinde {method}()"));
    }
    if matches!(method, "validateSession" | "validateSessionToken")
        || (callee == "validateRequest" && imports_any(&["lucia"]))
    {
        return session(Returns, format!("{callee}()"));
    }
    if method == "isAuthenticated" && callee.starts_with("req") {
        return session(Returns, "passport req.isAuthenticated()");
    }
    // Hono / tRPC-like context reads: c.get('user'), c.get('jwtPayload').
    if (callee.ends_with(".get")
        && matches!(
            crate::js::facts::callee_root(callee),
            "c" | "ctx" | "context"
        ))
        && args
            .first()
            .and_then(|a| a.as_str())
            .is_some_and(|k| CONTEXT_AUTH_KEYS.contains(&k))
    {
        return session(
            Returns,
            format!("{callee}('{}')", args[0].as_str().unwrap_or("")),
        );
    }
    None
}

/// Calls that run a sign-in, sign-up, sign-out or recovery flow with the auth provider.
/// A call that makes an HTTP request from the server to the URL in its first argument:
/// `fetch`, axios, got, ky, undici, node-fetch, ofetch. `import_src` is where the callee
/// is imported from.
pub fn http_request_call(callee: &str, import_src: Option<&str>) -> bool {
    if matches!(callee, "fetch" | "globalThis.fetch" | "$fetch") {
        return true;
    }
    let root = crate::js::facts::callee_root(callee);
    let method = callee.rsplit('.').next().unwrap_or(callee);
    let verb = callee == root
        || matches!(
            method,
            "get" | "post" | "put" | "patch" | "delete" | "head" | "request" | "fetch"
        );
    verb && matches!(
        import_src,
        Some("axios" | "got" | "ky" | "undici" | "node-fetch" | "ofetch" | "cross-fetch")
    )
}

/// A read of the page's own URL in the browser or a page component: `location.hash`,
/// `window.location.search`, `useSearchParams()`, `useParams()`, `router.query`.
pub fn is_browser_url_read(path: &str) -> bool {
    let p = path.strip_prefix("window.").unwrap_or(path);
    p.starts_with("location.")
        || p.starts_with("document.location")
        || p == "document.URL"
        || p.starts_with("useSearchParams()")
        || p.starts_with("useParams()")
        || p == "useSearchParams"
        || p == "useParams"
        || p.starts_with("useRouter().query")
        || p.starts_with("router.query")
}

/// A call that makes HTML safe to insert: DOMPurify, sanitize-html, xss, an escaping
/// helper.
pub fn is_html_sanitizer(callee: &str) -> bool {
    let last = callee
        .rsplit('.')
        .next()
        .unwrap_or(callee)
        .to_ascii_lowercase();
    last.contains("sanitiz")
        || last.contains("sanitis")
        || last.contains("purify")
        || last.starts_with("escape")
        || last == "xss"
        || last == "filterxss"
        || last == "encode"
}

/// A call that turns markup (Markdown and the like) into HTML, keeping any HTML written
/// in it: `marked()`, `marked.parse()`, markdown-it `md.render()`, showdown `makeHtml()`,
/// `micromark()`.
pub fn is_markup_to_html(callee: &str) -> bool {
    let last = callee.rsplit('.').next().unwrap_or(callee);
    matches!(
        callee,
        "marked" | "marked.parse" | "micromark" | "snarkdown" | "markdownToHtml"
    ) || last == "makeHtml"
        || (last == "render" && callee.to_ascii_lowercase().contains("md"))
        || (last == "render" && callee.to_ascii_lowercase().contains("markdown"))
}

/// A call that encrypts what it is given before it is stored: `encrypt()`,
/// `encryptToken()`, `kms.encrypt()`, `sealData()`, `crypto.createCipheriv()` chains,
/// Supabase Vault's `vault.create_secret` RPC names.
pub fn is_encryption_call(callee: &str) -> bool {
    let last = callee
        .rsplit('.')
        .next()
        .unwrap_or(callee)
        .to_ascii_lowercase();
    last.contains("encrypt") && !last.contains("decrypt")
        || last.starts_with("seal")
        || last.contains("cipher")
        || last == "create_secret"
}

/// How a raw SQL call treats the text it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlSink {
    /// Runs its argument as SQL text whatever it is: Prisma `$queryRawUnsafe` /
    /// `$executeRawUnsafe`, `Prisma.raw`, Drizzle `sql.raw`, postgres.js `sql.unsafe`.
    Unsafe,
    /// Runs a string as SQL and binds parameters separately: `pool.query(text, values)`,
    /// `db.execute`, Knex `raw` / `whereRaw`. Dangerous only when the text itself is built
    /// from values.
    Text,
}

/// Recognises a call that runs raw SQL text, by its method name.
pub fn raw_sql_sink(callee: &str) -> Option<SqlSink> {
    let method = callee.rsplit('.').next().unwrap_or(callee);
    match method {
        "$queryRawUnsafe" | "$executeRawUnsafe" => Some(SqlSink::Unsafe),
        "raw" if matches!(callee, "sql.raw" | "Prisma.raw") => Some(SqlSink::Unsafe),
        "unsafe" if callee.contains('.') => Some(SqlSink::Unsafe),
        "query" | "execute" | "raw" | "whereRaw" | "orderByRaw" | "havingRaw" | "joinRaw"
            if callee.contains('.') =>
        {
            Some(SqlSink::Text)
        }
        _ => None,
    }
}

/// Whether literal text reads as SQL (a statement or a clause), so a template that
/// builds it is a query and not, say, a URL.
pub fn looks_like_sql(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    (has("select") && has("from"))
        || (has("insert") && has("into"))
        || (has("update") && has("set"))
        || (has("delete") && has("from"))
        || has("where")
        || (has("order") && has("by"))
}

/// Calls whose result is a number or a quoted literal whatever they are given:
/// splicing it into SQL cannot change the statement.
pub fn sql_safe_conversion(callee: &str) -> bool {
    matches!(
        callee,
        "Number"
            | "parseInt"
            | "parseFloat"
            | "BigInt"
            | "Math.floor"
            | "Math.round"
            | "Math.ceil"
            | "Math.trunc"
            | "Math.min"
            | "Math.max"
    ) || callee.ends_with(".escape")
        || callee.ends_with(".escapeLiteral")
        || callee.ends_with(".escapeIdentifier")
        || callee.ends_with(".format") && callee.to_ascii_lowercase().contains("sql")
        || callee.ends_with(".toFixed")
}

/// A session read that trusts the cookie without asking the auth server or checking
/// the token's signature: Supabase `auth.getSession()` decodes whatever the cookie holds
/// (Supabase's own docs: never trust it in server code), unlike `getUser()` and
/// `getClaims()`.
pub fn is_unverified_session_read(idiom: &str) -> bool {
    idiom == "supabase.auth.getSession()"
}

pub fn is_auth_flow(callee: &str) -> bool {
    let method = callee.rsplit('.').next().unwrap_or(callee);
    let supabase = callee.contains("auth.")
        && (method.starts_with("signIn")
            || matches!(
                method,
                "signUp"
                    | "signOut"
                    | "resetPasswordForEmail"
                    | "verifyOtp"
                    | "exchangeCodeForSession"
                    | "resend"
            ));
    let nextauth = matches!(callee, "signIn" | "signOut");
    // Hashing or checking a password: a sign-up or log-in handler.
    let password = matches!(
        crate::js::facts::callee_root(callee),
        "bcrypt" | "bcryptjs" | "argon2"
    ) && matches!(
        method,
        "hash" | "hashSync" | "compare" | "compareSync" | "verify"
    ) || matches!(
        method,
        "hashPassword" | "verifyPassword" | "comparePassword" | "comparePasswords"
    );
    supabase || nextauth || password
}

/// A call that hands back the request's own cookies or headers before anything is read
/// from them: `await cookies()` / `await headers()` from `next/headers`.
pub fn request_store(callee: &str, import_src: Option<&str>) -> Option<InputSource> {
    match (callee, import_src) {
        ("cookies", Some("next/headers")) => Some(InputSource::Cookies),
        ("headers", Some("next/headers")) => Some(InputSource::Headers),
        _ => None,
    }
}

/// A function that combines middleware so that every one of them runs and may reject
/// (Hono's `every` from `hono/combine`). Its cousin `some` passes when any one passes and
/// is not one of these.
pub fn is_all_of_combinator(callee: &str, import_src: Option<&str>) -> bool {
    callee == "every" && import_src == Some("hono/combine")
}

/// Middleware factories that enforce authentication for the routes they are mounted on.
pub fn lib_auth_middleware(callee: &str, import_src: Option<&str>) -> Option<&'static str> {
    let src = import_src.unwrap_or("");
    let method = callee.rsplit('.').next().unwrap_or(callee);
    match () {
        _ if callee == "passport.authenticate" => Some("passport.authenticate()"),
        _ if src == "express-jwt" || callee == "expressjwt" => Some("express-jwt"),
        _ if src == "hono/jwt" && callee == "jwt" => Some("hono/jwt"),
        _ if src == "hono/bearer-auth" || callee == "bearerAuth" => Some("hono bearerAuth()"),
        _ if src == "hono/basic-auth" || callee == "basicAuth" => Some("hono basicAuth()"),
        _ if src.starts_with("@clerk")
            && matches!(method, "requireAuth" | "ClerkExpressRequireAuth") =>
        {
            Some("Clerk requireAuth()")
        }
        _ if src.starts_with("@hono/clerk-auth") && method == "clerkMiddleware" => None,
        _ if matches!(method, "withApiAuthRequired" | "withPageAuthRequired") => {
            Some("Auth0 withApiAuthRequired()")
        }
        _ => None,
    }
}

/// Names that mean "the authenticated caller" when a branch tests them.
pub fn is_request_auth_name(path: &str) -> bool {
    let p = path.trim_end_matches("()");
    // tRPC middleware that takes one argument: `opts.ctx.session`.
    let p = ["opts.", "options.", "args."]
        .iter()
        .find_map(|pre| p.strip_prefix(pre).filter(|rest| rest.starts_with("ctx.")))
        .unwrap_or(p);
    let segs: Vec<&str> = p.split('.').collect();
    if segs.len() < 2 {
        return false;
    }
    let (root, field) = (segs[0], segs[1]);
    match root {
        "req" | "request" => matches!(
            field,
            "user" | "auth" | "session" | "userId" | "isAuthenticated" | "currentUser" | "token"
        ),
        "ctx" | "context" => matches!(
            field,
            "session" | "user" | "auth" | "userId" | "currentUser"
        ),
        "c" => matches!(field, "var") && segs.get(2).is_some_and(|f| CONTEXT_AUTH_KEYS.contains(f)),
        "res" => {
            field == "locals"
                && segs
                    .get(2)
                    .is_some_and(|f| matches!(*f, "user" | "session" | "auth"))
        }
        _ => false,
    }
}

/// Whether a branch condition is about roles or permissions.
pub fn is_role_name(path: &str) -> bool {
    path.split('.').any(|seg| {
        let raw = seg.trim_end_matches("()");
        // Permission functions: `canViewUsers(auth)`, `hasRole(user, "admin")`.
        if raw
            .strip_prefix("can")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))
        {
            return true;
        }
        let s = raw.to_ascii_lowercase().replace('_', "");
        if [
            "hasrole",
            "haspermission",
            "isadmin",
            "checkpermission",
            "checkrole",
            "authorize",
            "requirerole",
            "requireadmin",
            "requirepermission",
            "ensureadmin",
            "assertadmin",
        ]
        .iter()
        .any(|p| s.starts_with(p))
        {
            return true;
        }
        matches!(
            s.as_str(),
            "role"
                | "roles"
                | "isadmin"
                | "admin"
                | "issuperadmin"
                | "superadmin"
                | "superuser"
                | "isstaff"
                | "permissions"
                | "permission"
                | "usertype"
                | "accounttype"
                | "accesslevel"
                | "hasrole"
                | "haspermission"
                | "isowner"
                | "orgrole"
                | "can"
        )
    })
}

/// A table listing the people with elevated rights (`admin_users`, `staff`, `employees`,
/// `superusers`): being found in it is a role.
pub fn is_staff_table(table: &str) -> bool {
    let t = table
        .rsplit('.')
        .next()
        .unwrap_or(table)
        .to_ascii_lowercase();
    let words: Vec<&str> = t.split(['_', '-']).collect();
    words.iter().any(|w| {
        matches!(
            *w,
            "admin"
                | "admins"
                | "staff"
                | "employee"
                | "employees"
                | "superuser"
                | "superusers"
                | "moderator"
                | "moderators"
        )
    })
}

/// Whether a branch condition tests a role or permission: `user.role !== "admin"`,
/// `!canViewUsers(auth)`.
pub fn is_role_test(test: &crate::js::facts::TestFact) -> bool {
    test.refs.iter().any(|r| is_role_name(r))
        || test.strings.iter().any(|s| is_role_string(s))
        || is_configured_identity_test(test)
}

/// The caller's own identity compared with one the deployment configures:
/// `session.user.email !== env.ADMIN_EMAIL`, `user.id !== process.env.OWNER_ID`. Only
/// the person the operators named passes, which is what a role check means.
fn is_configured_identity_test(test: &crate::js::facts::TestFact) -> bool {
    let configured = test.env.iter().any(|n| !is_flag_env(n))
        || test.refs.iter().any(|r| {
            r.split('.').next_back().is_some_and(|last| {
                last.chars().all(|c| c.is_ascii_uppercase() || c == '_') && last.len() > 2
            }) && r.starts_with("env.")
        });
    let caller_identity = test.refs.iter().any(|r| {
        let segs: Vec<&str> = r.split('.').collect();
        segs.len() >= 2
            && matches!(
                segs.last().map(|s| s.to_ascii_lowercase()).as_deref(),
                Some("email" | "id" | "sub" | "userid" | "username")
            )
            && (is_request_auth_name(r)
                || segs.iter().any(|s| {
                    matches!(
                        *s,
                        "user" | "session" | "auth" | "viewer" | "me" | "currentUser"
                    )
                }))
    });
    configured && caller_identity
}

pub fn is_role_string(s: &str) -> bool {
    let s = s.to_ascii_lowercase();
    ["admin", "owner", "superuser", "staff", "moderator", "org:"]
        .iter()
        .any(|w| s.contains(w))
}

/// Request fields (headers, cookies, query keys) that carry an API key or bearer token.
pub fn is_credential_field(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "authorization"
        || n == "proxy-authorization"
        || n.ends_with("api-key")
        || n.ends_with("apikey")
        || n.ends_with("api_key")
        || n.ends_with("-token")
        || n.ends_with("_token")
        || n == "token"
        || n.starts_with("x-") && n.ends_with("-key")
}

/// Calls that only reshape a value (never a lookup): excluded when looking for credential
/// lookups.
/// Calls that return the function they are given, memoised: `cache(async () => ...)`.
pub fn is_memoizer(callee: &str) -> bool {
    matches!(
        callee,
        "cache" | "React.cache" | "unstable_cache" | "memoize" | "once" | "pMemoize"
    )
}

/// Whether a package.json names a documentation-site framework among its dependencies:
/// Docusaurus, Nextra, VitePress, VuePress, Starlight, Fumadocs, Mintlify, Docsify.
pub fn names_docs_framework(package_json: &str) -> bool {
    const DOCS: &[&str] = &[
        "\"@docusaurus/core\"",
        "\"nextra\"",
        "\"nextra-theme-docs\"",
        "\"vitepress\"",
        "\"vuepress\"",
        "\"@astrojs/starlight\"",
        "\"fumadocs-core\"",
        "\"fumadocs-ui\"",
        "\"mintlify\"",
        "\"docsify-cli\"",
    ];
    DOCS.iter().any(|d| package_json.contains(d))
}

/// Wrappers that hand a handler on without deciding who may call it: caching, error
/// reporting, tracing and logging (`withSentry(handler)`, `React.cache(fn)`), by the
/// library they come from.
pub fn is_transparent_wrapper(callee: &str, source: Option<&str>) -> bool {
    if is_memoizer(callee) || callee == "Promise.resolve" {
        return true;
    }
    let Some(src) = source else { return false };
    [
        "@sentry/",
        "next-axiom",
        "@axiomhq/",
        "@logtail/",
        "@opentelemetry/",
        "@vercel/otel",
        "@highlight-run/",
        "@baselime/",
        "@vercel/functions",
        "@vercel/og",
        "react",
        "next/cache",
        "next/server",
        "lodash",
        "p-memoize",
        "@trigger.dev/",
        "inngest",
        "zod",
    ]
    .iter()
    .any(|p| src == p.trim_end_matches('/') || src.starts_with(p))
}

pub fn is_conversion_like(callee: &str) -> bool {
    let method = callee.rsplit('.').next().unwrap_or(callee);
    matches!(
        method,
        "split"
            | "replace"
            | "replaceAll"
            | "trim"
            | "slice"
            | "substring"
            | "startsWith"
            | "endsWith"
            | "toLowerCase"
            | "toUpperCase"
            | "String"
            | "Number"
            | "includes"
            | "test"
            | "match"
            | "log"
            | "error"
            | "warn"
            | "info"
            | "debug"
    )
}

/// Environment variable names that hold a shared secret (not public config).
pub fn is_secret_env(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    if n.starts_with("NEXT_PUBLIC_")
        || n.starts_with("VITE_")
        || n.starts_with("EXPO_PUBLIC_")
        || n.starts_with("PUBLIC_")
    {
        return false;
    }
    ["SECRET", "TOKEN", "API_KEY", "APIKEY", "PASSWORD", "_KEY"]
        .iter()
        .any(|w| n.contains(w))
}

/// Production assumptions: the value an env var that names the deployment environment
/// has in production (`NODE_ENV` is `production`), when it is one.
pub fn production_env_value(name: &str) -> Option<&'static str> {
    match name {
        "NODE_ENV"
        | "VERCEL_ENV"
        | "NEXT_PUBLIC_VERCEL_ENV"
        | "APP_ENV"
        | "ENVIRONMENT"
        | "NEXT_PUBLIC_APP_ENV" => Some("production"),
        _ => None,
    }
}

/// A condition judged under production assumptions: configuration the code reads is
/// set, and the environment is production. `None` when it depends on anything else (the
/// request, the session, a switch such as `SKIP_AUTH`).
pub fn in_production(c: &crate::js::facts::GCond) -> Option<bool> {
    use crate::js::facts::GCond;
    evaluate(c, &|leaf| match leaf {
        GCond::Env(n) if is_flag_env(n) => None,
        GCond::Env(_) => Some(true),
        GCond::EnvEq(n, v, negated) => production_env_value(n).map(|p| (v == p) != *negated),
        _ => None,
    })
}

/// What a condition is when the secrets it reads are unset and every other env var is
/// set: `Some(false)` for `process.env.CRON_SECRET && auth !== ...`, a check that never
/// rejects on a deployment that forgot the secret.
pub fn with_secrets_unset(c: &crate::js::facts::GCond) -> Option<bool> {
    use crate::js::facts::GCond;
    evaluate(c, &|leaf| match leaf {
        GCond::Env(n) if is_secret_env(n) => Some(false),
        _ => None,
    })
}

/// A condition's value from its leaves' (`None` when a leaf that matters is unknown).
fn evaluate(
    c: &crate::js::facts::GCond,
    leaf: &dyn Fn(&crate::js::facts::GCond) -> Option<bool>,
) -> Option<bool> {
    use crate::js::facts::GCond;
    match c {
        GCond::Const(b) => Some(*b),
        GCond::Not(inner) => evaluate(inner, leaf).map(|b| !b),
        GCond::And(a, b) => match (evaluate(a, leaf), evaluate(b, leaf)) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        GCond::Or(a, b) => match (evaluate(a, leaf), evaluate(b, leaf)) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
        other => leaf(other),
    }
}

/// Env vars that switch behaviour on or off (`SKIP_AUTH`, `DEMO_MODE`, `ENABLE_SIGNUP`)
/// rather than configure a service: production may or may not set them, so a branch on
/// one is a real way through. Configuration (URLs, keys, ids) is assumed present in
/// production.
pub fn is_flag_env(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    [
        "DISABLE",
        "SKIP",
        "BYPASS",
        "DEMO",
        "MOCK",
        "DEBUG",
        "ENABLE",
        "ALLOW",
        "INSECURE",
        "FEATURE",
        "FLAG",
        "MODE",
        "DEV",
        "TEST",
        "LOCAL",
        "OFFLINE",
        "USE_",
        "_ON",
        "_OFF",
        "IS_",
        "PUBLIC_ACCESS",
        "OPEN",
    ]
    .iter()
    .any(|w| n.contains(w))
        || production_env_value(name).is_some()
}

/// Environment variable names that carry a Supabase service-role (RLS-bypassing) key.
pub fn is_service_role_env(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    n.contains("SERVICE_ROLE")
        || n.contains("SERVICE_KEY")
        || n.contains("SUPABASE_SECRET")
        || n == "SUPABASE_ADMIN_KEY"
}

/// Supabase client factories.
pub fn is_supabase_factory(callee: &str) -> bool {
    matches!(
        callee.rsplit('.').next().unwrap_or(callee),
        "createClient"
            | "createServerClient"
            | "createBrowserClient"
            | "createRouteHandlerClient"
            | "createServerComponentClient"
            | "createClientComponentClient"
            | "createMiddlewareClient"
            | "createServerActionClient"
            | "createPagesServerClient"
            | "createPagesBrowserClient"
    )
}

/// Names that on their own say "service-role client", for clients we cannot resolve.
pub fn named_like_admin_client(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    (n.contains("admin")
        || n.contains("servicerole")
        || n.contains("service_role")
        || n.contains("serviceclient"))
        && (n.contains("supabase") || n.contains("client") || n.contains("db"))
}

/// Side effects that cost money or reach people.
pub fn effect_of(callee: &str, import_src: Option<&str>, imports: &[&str]) -> Option<EffectKind> {
    let src = import_src.unwrap_or("");
    let root = crate::js::facts::callee_root(callee).to_ascii_lowercase();
    let imports_any = |prefixes: &[&str]| {
        imports
            .iter()
            .any(|i| prefixes.iter().any(|p| i.starts_with(p)))
    };
    let method = callee.rsplit('.').next().unwrap_or(callee);
    // AI / LLM
    if callee.ends_with("chat.completions.create")
        || callee.ends_with("responses.create")
            && (root.contains("openai") || imports_any(&["openai"]))
        || callee.ends_with("embeddings.create")
        || callee.ends_with("images.generate")
        || callee.ends_with("audio.transcriptions.create")
        || callee.ends_with("completions.create")
            && (root.contains("openai") || imports_any(&["openai", "groq-sdk", "together-ai"]))
        || callee.ends_with("messages.create")
            && (root.contains("anthropic")
                || root.contains("claude")
                || imports_any(&["@anthropic-ai"]))
        || callee.ends_with("messages.stream") && imports_any(&["@anthropic-ai"])
        || matches!(
            method,
            "generateText" | "streamText" | "generateObject" | "streamObject" | "embedMany"
        ) && (src == "ai" || imports_any(&["ai"]))
        || matches!(method, "generateContent" | "generateContentStream")
        || callee == "replicate.run"
    {
        return Some(EffectKind::Ai);
    }
    // SMS (before e-mail: twilio and mailgun both have messages.create)
    if (callee.ends_with("messages.create")
        && (root.contains("twilio") || imports_any(&["twilio"]) && !imports_any(&["mailgun"])))
        || callee.ends_with("sms.send")
        || root.contains("vonage") && method == "send"
    {
        return Some(EffectKind::Sms);
    }
    // E-mail
    if callee.ends_with("emails.send")
        || callee.ends_with("batch.send") && (root.contains("resend") || imports_any(&["resend"]))
        || (root == "sgmail" || src.starts_with("@sendgrid"))
            && matches!(method, "send" | "sendMultiple")
        || method == "sendMail"
        || root.contains("postmark") && method.starts_with("send")
        || callee.ends_with("messages.create") && imports_any(&["mailgun"])
        || root.contains("mailer") && method == "send"
    {
        return Some(EffectKind::Email);
    }
    // Push
    if callee == "webpush.sendNotification"
        || callee.ends_with("messaging().send")
        || callee.ends_with("messaging().sendEachForMulticast")
        || callee.ends_with("sendPushNotificationsAsync")
    {
        return Some(EffectKind::Push);
    }
    // Payments
    if (root.contains("stripe") || src == "stripe" || src.starts_with("stripe/"))
        && (callee.ends_with(".create")
            || callee.ends_with(".capture")
            || callee.ends_with(".confirm"))
        && !callee.contains("webhooks")
    {
        return Some(EffectKind::Payment);
    }
    None
}

/// A Stripe method whose parameters set what someone pays: checkout sessions, payment
/// intents, invoice items, prices, payment links, charges, subscriptions and coupons
/// (`checkout.sessions.create`, the call without the client object).
pub fn stripe_priced_method(method: &str) -> bool {
    const PRICED: &[&str] = &[
        "checkout.sessions.create",
        "paymentIntents.create",
        "paymentIntents.update",
        "invoiceItems.create",
        "prices.create",
        "paymentLinks.create",
        "charges.create",
        "subscriptions.create",
        "subscriptionItems.create",
        "coupons.create",
    ];
    PRICED.contains(&method)
}

/// The parameters of a Stripe call that carry an amount of money or a discount.
pub fn is_stripe_amount_key(key: &str) -> bool {
    matches!(
        key,
        "amount" | "unit_amount" | "unit_amount_decimal" | "amount_off" | "percent_off"
    )
}

/// A Stripe call that moves money or starts a subscription (`stripe.paymentIntents.create`,
/// `getStripe().checkout.sessions.create`), and whether its request options carry an
/// `idempotencyKey`. `None` when it is not such a call, or the options cannot be read
/// (a variable, a spread).
pub fn stripe_create(callee: &str, args: &[Val]) -> Option<bool> {
    const CREATES: &[&str] = &[
        "checkout.sessions.create",
        "paymentIntents.create",
        "charges.create",
        "subscriptions.create",
        "refunds.create",
        "invoices.create",
        "transfers.create",
        "payouts.create",
        "setupIntents.create",
    ];
    let (root, rest) = callee.split_once('.')?;
    if !root.to_ascii_lowercase().contains("stripe") || !CREATES.contains(&rest) {
        return None;
    }
    match args.get(1) {
        None => Some(false),
        Some(Val::Object(props, spreads)) if spreads.is_empty() => {
            Some(props.iter().any(|(k, _)| k == "idempotencyKey"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::js::facts::{GCond, TestFact};

    #[test]
    fn handlers_built_from_a_signing_secret_verify() {
        let config = |key: &str| {
            vec![Val::Object(
                vec![(key.to_string(), Val::Path("process.env.X".into()))],
                Vec::new(),
            )]
        };
        assert!(
            lib_verify_wrapper("Webhooks", Some("@vendor/next"), &config("webhookSecret"))
                .is_some()
        );
        assert!(
            lib_verify_wrapper("makeHandler", Some("vendor"), &config("signingSecret")).is_some()
        );
        // Sessions and cookies are configured with a bare `secret`: not a signature check.
        assert!(
            lib_verify_wrapper("session", Some("express-session"), &config("secret")).is_none()
        );
        // The project's own code is followed, not trusted by its arguments.
        assert!(
            lib_verify_wrapper("Webhooks", Some("./webhooks"), &config("webhookSecret")).is_none()
        );
        assert!(
            lib_verify_wrapper("Webhooks", Some("@/lib/webhooks"), &config("webhookSecret"))
                .is_none()
        );
    }

    #[test]
    fn raw_sql_calls_and_text() {
        assert_eq!(
            raw_sql_sink("prisma.$queryRawUnsafe"),
            Some(SqlSink::Unsafe)
        );
        assert_eq!(raw_sql_sink("sql.raw"), Some(SqlSink::Unsafe));
        assert_eq!(raw_sql_sink("sql.unsafe"), Some(SqlSink::Unsafe));
        assert_eq!(raw_sql_sink("pool.query"), Some(SqlSink::Text));
        assert_eq!(raw_sql_sink("knex.whereRaw"), Some(SqlSink::Text));
        assert_eq!(raw_sql_sink("query"), None);
        assert_eq!(raw_sql_sink("fetch"), None);
        assert!(looks_like_sql("SELECT id FROM t WHERE a = "));
        assert!(looks_like_sql("delete from parcels where ref = '"));
        assert!(!looks_like_sql("https://api.example.com/v1/items?q="));
        assert!(!looks_like_sql("Hello , you have  new messages"));
        assert!(sql_safe_conversion("Number"));
        assert!(sql_safe_conversion("pg.escapeLiteral"));
        assert!(!sql_safe_conversion("String"));
    }

    #[test]
    fn http_request_calls() {
        assert!(http_request_call("fetch", None));
        assert!(http_request_call("axios.get", Some("axios")));
        assert!(http_request_call("axios", Some("axios")));
        assert!(http_request_call("got", Some("got")));
        assert!(!http_request_call("axios.create", Some("axios")));
        assert!(!http_request_call("api.get", Some("@/lib/api")));
        assert!(!http_request_call("cache.get", None));
    }

    #[test]
    fn only_get_session_trusts_the_cookie() {
        assert!(is_unverified_session_read("supabase.auth.getSession()"));
        assert!(!is_unverified_session_read("supabase.auth.getUser()"));
        assert!(!is_unverified_session_read("supabase.auth.getClaims()"));
        assert!(!is_unverified_session_read(
            "better-auth auth.api.getSession()"
        ));
    }

    fn env(n: &str) -> GCond {
        GCond::Env(n.into())
    }

    #[test]
    fn production_assumptions() {
        // Configuration is present; a switch may be either way.
        assert_eq!(in_production(&env("NEXT_PUBLIC_SUPABASE_URL")), Some(true));
        assert_eq!(
            in_production(&GCond::Not(Box::new(env("SUPABASE_ANON_KEY")))),
            Some(false)
        );
        assert_eq!(in_production(&env("SKIP_AUTH")), None);
        assert_eq!(in_production(&GCond::Not(Box::new(env("DEMO_MODE")))), None);
        // `!url || !key` never holds in production.
        let missing = GCond::Or(
            Box::new(GCond::Not(Box::new(env("A_URL")))),
            Box::new(GCond::Not(Box::new(env("A_KEY")))),
        );
        assert_eq!(in_production(&missing), Some(false));
        let dev = GCond::EnvEq("NODE_ENV".into(), "development".into(), false);
        assert_eq!(in_production(&dev), Some(false));
        let not_prod = GCond::EnvEq("NODE_ENV".into(), "production".into(), true);
        assert_eq!(in_production(&not_prod), Some(false));
        let prod = GCond::EnvEq("VERCEL_ENV".into(), "production".into(), false);
        assert_eq!(in_production(&prod), Some(true));
        // Anything about the request stays undecided.
        let mixed = GCond::And(Box::new(dev.clone()), Box::new(GCond::Unknown));
        assert_eq!(in_production(&mixed), Some(false));
        let open = GCond::Or(Box::new(GCond::Unknown), Box::new(env("X_URL")));
        assert_eq!(in_production(&open), Some(true));
        assert_eq!(in_production(&GCond::Names(vec!["user".into()])), None);
    }

    #[test]
    fn wrappers_that_decide_nothing() {
        assert!(is_transparent_wrapper("withSentry", Some("@sentry/nextjs")));
        assert!(is_transparent_wrapper("cache", None));
        assert!(!is_transparent_wrapper(
            "withApiAuthRequired",
            Some("@auth0/nextjs-auth0")
        ));
        assert!(!is_transparent_wrapper("withTeam", None));
    }

    #[test]
    fn configured_identity_is_a_role_check() {
        let t = |refs: &[&str], env: &[&str]| TestFact {
            refs: refs.iter().map(|s| s.to_string()).collect(),
            env: env.iter().map(|s| s.to_string()).collect(),
            ..TestFact::default()
        };
        assert!(is_role_test(&t(
            &["ctx.session.user.email"],
            &["OPERATOR_EMAIL"]
        )));
        assert!(is_role_test(&t(&["viewer.id", "env.OWNER_ID"], &[])));
        // A feature switch is not an identity, and a request value is not the caller.
        assert!(!is_role_test(&t(
            &["ctx.session.user.email"],
            &["IS_CLOUD"]
        )));
        assert!(!is_role_test(&t(&["body.email"], &["SUPPORT_EMAIL"])));
    }
}
