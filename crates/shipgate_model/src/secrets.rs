//! Secret shapes: recognising live-looking keys in text, and redacting them (and anything
//! key-like) before any source text or message is printed.

use base64::Engine;
use regex::Regex;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::LazyLock;

/// What kind of credential a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretKind {
    StripeLiveKey,
    StripeWebhookSecret,
    SupabaseServiceRoleJwt,
    SupabaseSecretKey,
    AwsAccessKey,
    GithubToken,
    SlackToken,
    SlackWebhook,
    OpenaiKey,
    AnthropicKey,
    PrivateKey,
}

impl SecretKind {
    pub const fn describe(self) -> &'static str {
        match self {
            SecretKind::StripeLiveKey => "Stripe live secret key",
            SecretKind::StripeWebhookSecret => "Stripe webhook signing secret",
            SecretKind::SupabaseServiceRoleJwt => "Supabase service-role key",
            SecretKind::SupabaseSecretKey => "Supabase secret key",
            SecretKind::AwsAccessKey => "AWS access key id",
            SecretKind::GithubToken => "GitHub token",
            SecretKind::SlackToken => "Slack token",
            SecretKind::SlackWebhook => "Slack incoming-webhook URL",
            SecretKind::OpenaiKey => "OpenAI API key",
            SecretKind::AnthropicKey => "Anthropic API key",
            SecretKind::PrivateKey => "private key",
        }
    }
}

/// Length of the fixed prefix that says what a key is (`sk_live_`, `xoxb-`); it stays
/// visible when redacting.
fn prefix_len(token: &str) -> usize {
    const KNOWN: &[&str] = &[
        "sk_live_",
        "rk_live_",
        "whsec_",
        "sb_secret_",
        "github_pat_",
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "ghr_",
        "sk-ant-api03-",
        "sk-ant-admin01-",
        "sk-proj-",
        "sk-svcacct-",
        "sk-admin-",
        "https://hooks.slack.com/services/",
    ];
    if let Some(p) = KNOWN.iter().find(|p| token.starts_with(**p)) {
        return p.len();
    }
    if token.starts_with("xox") {
        return 5;
    }
    0
}

/// One live-looking credential in a text, by byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMatch {
    pub kind: SecretKind,
    pub start: usize,
    pub end: usize,
}

static KEYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<stripe>\b[sr]k_live_[0-9A-Za-z]{20,})",
        r"|(?P<whsec>\bwhsec_[0-9A-Za-z+/=]{32,})",
        r"|(?P<jwt>\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,})",
        r"|(?P<sbsecret>\bsb_secret_[A-Za-z0-9_-]{20,})",
        r"|(?P<aws>\b(?:AKIA|ASIA)[0-9A-Z]{16}\b)",
        r"|(?P<github>\bgh[pousr]_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{50,})",
        r"|(?P<slack>\bxox[abposr]-[0-9A-Za-z-]{20,})",
        r"|(?P<slackhook>https://hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{20,})",
        r"|(?P<anthropic>\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,})",
        r"|(?P<openai>\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b)",
        r"|(?P<pem>-----BEGIN (?:[A-Z]+ )?PRIVATE KEY(?: BLOCK)?-----)",
    ))
    .expect("secret patterns compile")
});

/// Lines that are nothing but a token: PEM bodies, pasted keys in a string. One of 40
/// characters or more is key material; a shorter one (a PEM body's last line) when it
/// looks random.
static KEY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(\s*["'`]?)([A-Za-z0-9+/_-]{16,}={0,2})((?:\\n)?["'`]?[,;+]?\s*)$"#)
        .expect("key line pattern compiles")
});

/// Credentials of providers shipgate does not report on but never prints: SendGrid,
/// Resend, Google API keys, Twilio, Mailgun, npm, and any JWT.
static OTHER_KEYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}",
        r"|\bre_[A-Za-z0-9_]{16,}",
        r"|\bAIza[0-9A-Za-z_-]{35}",
        r"|\b(?:SK|AC)[0-9a-fA-F]{32}\b",
        r"|\bkey-[0-9a-z]{32}\b",
        r"|\bnpm_[A-Za-z0-9]{36}\b",
        r"|\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}",
    ))
    .expect("other key patterns compile")
});

/// A value in a secret's place: after a name that says it holds one (`JWT_SECRET=`,
/// `secretAccessKey: "`, `ENV API_TOKEN `, `"password": "`), in code, config, a
/// Dockerfile, compose or CI file, or a JSON report quoting one.
static SECRET_POSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i)([A-Za-z0-9_-]*(?:secret|passw(?:or)?d|pwd|token|api[_-]?key|private[_-]?key|access[_-]?key|auth[_-]?key|credential|dsn|signing[_-]?key)[A-Za-z0-9_-]*"#,
        r#"(?:\\?["']|&quot;|&#39;)?[ \t]*(?::=|=>|[:=]|[ \t])[ \t]*)((?:\\?["'`]|&quot;|&#39;)?)([A-Za-z0-9+/_~=-]{8,})(\*)?"#,
    ))
    .expect("secret position pattern compiles")
});

/// Whether a value after a secret's name is the secret itself, not an expression, an
/// environment variable's name or a word.
fn secret_value(value: &str, quoted: bool) -> bool {
    let upper_name = value
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    let word = value
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-');
    if upper_name || word || value.starts_with("process") {
        return false;
    }
    let digit = value.bytes().any(|b| b.is_ascii_digit());
    let alpha = value.bytes().any(|b| b.is_ascii_alphabetic());
    if quoted {
        return alpha && (digit || value.len() >= 12);
    }
    value.len() >= 12 && digit && alpha
}

/// An HTTP credential written out: `Bearer <token>`, `Basic <base64>`, `Token <token>`
/// (an `Authorization` header in code, a curl line in a script or a CI file).
static AUTH_SCHEME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:[Bb]earer|BEARER|[Bb]asic|BASIC|Token)[ \t]+)([A-Za-z0-9._~+/-]{16,}={0,2})")
        .expect("auth scheme pattern compiles")
});

/// `scheme://user:password@host`: the password part.
static URL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@'`]+:)([^\s@/'`]+)@")
        .expect("url pattern compiles")
});

/// `process.env.JWT_SECRET || 'literal'`: the literal is the secret in effect when the
/// variable is unset.
static FALLBACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"((?:process\.env|import\.meta\.env|Bun\.env)\.([A-Za-z0-9_]+))(\s*(?:\|\||\?\?)\s*["'`])([^"'`]+)(["'`])"#)
        .expect("fallback pattern compiles")
});

/// Words that mark a documentation placeholder rather than a key.
const PLACEHOLDER_WORDS: &[&str] = &[
    "xxxx",
    "XXXX",
    "your",
    "YOUR",
    "example",
    "EXAMPLE",
    "placeholder",
    "PLACEHOLDER",
    "dummy",
    "DUMMY",
    "fake",
    "FAKE",
    "sample",
    "SAMPLE",
    "replace",
    "REPLACE",
    "...",
    "0000000",
    "1234567890",
    "abcdefghij",
    "ABCDEFGHIJ",
];

/// A key body that looks random rather than typed by a person.
fn looks_random(body: &str) -> bool {
    if PLACEHOLDER_WORDS.iter().any(|w| body.contains(w)) {
        return false;
    }
    let mut seen = [false; 128];
    let mut distinct = 0;
    for b in body.bytes() {
        if b < 128 && !seen[b as usize] {
            seen[b as usize] = true;
            distinct += 1;
        }
    }
    let has_digit = body.bytes().any(|b| b.is_ascii_digit());
    let has_alpha = body.bytes().any(|b| b.is_ascii_alphabetic());
    distinct >= 10 && has_digit && has_alpha
}

/// The decoded JSON payload of a JWT, if it is one.
fn jwt_payload(token: &str) -> Option<serde_json::Value> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// A Supabase JWT whose `role` is `service_role`, other than the well-known local
/// development key the Supabase CLI prints for everyone (`iss: supabase-demo`).
fn is_service_role_jwt(token: &str) -> bool {
    let Some(payload) = jwt_payload(token) else {
        return false;
    };
    payload.get("role").and_then(|r| r.as_str()) == Some("service_role")
        && payload.get("iss").and_then(|r| r.as_str()) != Some("supabase-demo")
}

/// Key material follows a PEM header (on the next lines, or after `\n` escapes), rather
/// than `...` or a placeholder. Every RSA key starts with the same ASN.1 prefix, so docs
/// that show the first line and `...` are told apart by length: even an Ed25519 key body
/// has 64 characters.
fn pem_has_body(text: &str, header_end: usize) -> bool {
    let mut body = String::new();
    let mut chars = text[header_end..].chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=') {
            body.push(c);
        } else if c == '\\' && chars.peek() == Some(&'n') {
            chars.next();
        } else if !(c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '+')) {
            break;
        }
        if body.len() > 200 {
            break;
        }
    }
    body.len() >= 60 && looks_random(&body)
}

/// Live-looking credentials in `text`, in order. Placeholders (`sk_live_xxx…`, `YOUR_KEY`),
/// Supabase anon keys and the public local-development key are left out.
pub fn scan(text: &str) -> Vec<SecretMatch> {
    let mut out = Vec::new();
    for caps in KEYS.captures_iter(text) {
        let Some((name, m)) = KEYS
            .capture_names()
            .flatten()
            .find_map(|n| caps.name(n).map(|m| (n, m)))
        else {
            continue;
        };
        let s = m.as_str();
        let kind = match name {
            "stripe" => SecretKind::StripeLiveKey,
            "whsec" => SecretKind::StripeWebhookSecret,
            "jwt" => SecretKind::SupabaseServiceRoleJwt,
            "sbsecret" => SecretKind::SupabaseSecretKey,
            "aws" => SecretKind::AwsAccessKey,
            "github" => SecretKind::GithubToken,
            "slack" => SecretKind::SlackToken,
            "slackhook" => SecretKind::SlackWebhook,
            "anthropic" => SecretKind::AnthropicKey,
            "openai" => SecretKind::OpenaiKey,
            _ => SecretKind::PrivateKey,
        };
        let real = match kind {
            SecretKind::SupabaseServiceRoleJwt => is_service_role_jwt(s),
            SecretKind::PrivateKey => pem_has_body(text, m.end()),
            SecretKind::AwsAccessKey => !s.contains("EXAMPLE") && looks_random(&s[4..]),
            SecretKind::SupabaseSecretKey => {
                s != LOCAL_DEV_SECRET_KEY && looks_random(&s[prefix_len(s)..])
            }
            _ => looks_random(&s[prefix_len(s)..]),
        };
        if real {
            out.push(SecretMatch {
                kind,
                start: m.start(),
                end: m.end(),
            });
        }
    }
    out
}

/// `sk_live_51Hx…` → `sk_live_51Hx****Qz9a`: the kind's prefix and a few characters stay
/// so a reader can find the key; the middle never appears.
pub fn redact(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    let n = chars.len();
    let head = (prefix_len(token) + 4).min(n / 3);
    let tail = 4.min(n / 6);
    let mut out: String = chars[..head].iter().collect();
    out.push_str("****");
    out.extend(&chars[n - tail..]);
    out
}

/// An env var name that holds a secret: `*_SECRET*`, `*PASSWORD*`, `*_TOKEN`,
/// `*API_KEY`, `*PRIVATE_KEY`, `*SERVICE_ROLE*`, `DATABASE_URL`. Publishable, anon, site
/// and public keys are not secrets.
pub fn is_secret_env_name(name: &str) -> bool {
    let u = name.to_ascii_uppercase();
    let bare = [
        "NEXT_PUBLIC_",
        "VITE_",
        "EXPO_PUBLIC_",
        "PUBLIC_",
        "REACT_APP_",
    ]
    .iter()
    .find_map(|p| u.strip_prefix(p))
    .unwrap_or(&u);
    if [
        "PUBLISHABLE",
        "ANON",
        "SITE_KEY",
        "PUBLIC_KEY",
        "CLIENT_ID",
        "_URL_",
    ]
    .iter()
    .any(|w| bare.contains(w))
    {
        return false;
    }
    bare.contains("SECRET")
        || bare.ends_with("PASSWORD")
        || bare.ends_with("PASSWD")
        || bare.contains("PRIVATE_KEY")
        || bare.contains("SERVICE_ROLE")
        || bare.ends_with("_TOKEN")
        || bare.ends_with("API_KEY")
        || bare.ends_with("ACCESS_KEY")
        || bare == "DATABASE_URL"
        || bare.ends_with("_DATABASE_URL")
}

/// The prefix that makes a bundler inline an env var into browser code, if any.
pub fn public_prefix(name: &str) -> Option<&'static str> {
    [
        "NEXT_PUBLIC_",
        "VITE_",
        "EXPO_PUBLIC_",
        "REACT_APP_",
        "PUBLIC_",
        "NUXT_PUBLIC_",
        "GATSBY_",
    ]
    .into_iter()
    .find(|p| name.starts_with(p))
}

/// A value that must never reach a browser: signing and service secrets, passwords,
/// private keys, database URLs, and API keys of providers that bill or act per call
/// (OpenAI, Resend, Twilio…). Keys meant for browsers (Firebase, Maps, analytics,
/// publishable and anon keys) are not.
pub fn is_server_only_env_name(name: &str) -> bool {
    let u = name.to_ascii_uppercase();
    let bare = public_prefix(&u).map_or(u.as_str(), |p| &u[p.len()..]);
    if ["PUBLISHABLE", "ANON", "SITE_KEY", "PUBLIC_KEY", "CLIENT_ID"]
        .iter()
        .any(|w| bare.contains(w))
    {
        return false;
    }
    // `NEXT_PUBLIC_AUTH_PASSWORD=true`, `..._PASSWORD_REQUIRE_NUMBERS`: with a public
    // prefix, "password" names a feature, not a credential.
    let password = public_prefix(&u).is_none()
        && (bare.ends_with("PASSWORD") || bare.ends_with("PASSWD") || bare.ends_with("_PASS"));
    if bare.contains("SECRET")
        || bare.contains("PRIVATE_KEY")
        || bare.contains("SERVICE_ROLE")
        || password
        || bare == "DATABASE_URL"
        || bare.ends_with("_DATABASE_URL")
    {
        return true;
    }
    const PROVIDERS: &[&str] = &[
        "OPENAI",
        "ANTHROPIC",
        "CLAUDE",
        "GROQ",
        "MISTRAL",
        "COHERE",
        "REPLICATE",
        "ELEVENLABS",
        "DEEPSEEK",
        "PERPLEXITY",
        "TOGETHER",
        "FIREWORKS",
        "OPENROUTER",
        "RESEND",
        "SENDGRID",
        "POSTMARK",
        "MAILGUN",
        "TWILIO",
        "PINECONE",
        "GITHUB_TOKEN",
        "SLACK_BOT",
    ];
    (bare.ends_with("API_KEY") || bare.ends_with("_TOKEN") || bare.ends_with("_KEY"))
        && PROVIDERS.iter().any(|p| bare.contains(p))
}

/// A secret the app itself signs or verifies with (sessions, JWTs, webhooks, cron,
/// encryption). A hard-coded fallback for one lets anyone who reads the code forge what
/// it protects; a fallback for a key the app only sends elsewhere does not.
pub fn is_verifying_secret_name(name: &str) -> bool {
    let u = name.to_ascii_uppercase();
    if [
        "CLIENT_SECRET",
        "API_SECRET",
        "SECRET_ACCESS_KEY",
        "STRIPE_SECRET_KEY",
    ]
    .iter()
    .any(|w| u.contains(w))
    {
        return false;
    }
    u.contains("SECRET")
        || u.contains("PASSWORD")
        || u.contains("JWT")
        || u.contains("ENCRYPTION")
        || u.contains("SIGNING")
        || u.contains("HMAC")
        || u.contains("PRIVATE_KEY")
}

/// The secret key the Supabase CLI prints for every local stack (`supabase start`): the
/// same for everyone, so it guards nothing but a developer's own machine.
const LOCAL_DEV_SECRET_KEY: &str = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz";

/// The public JWT the Supabase CLI prints for every local project (`iss: supabase-demo`).
pub fn is_local_dev_jwt(value: &str) -> bool {
    jwt_payload(value)
        .and_then(|p| {
            p.get("iss")
                .and_then(|i| i.as_str())
                .map(|i| i == "supabase-demo")
        })
        .unwrap_or(false)
}

/// Is this a `.env` style file (`.env`, `.env.local`, `prod.env`)?
pub fn is_env_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name == ".env"
        || name.starts_with(".env.")
        || name.starts_with(".env-")
        || name.ends_with(".env")
}

/// A line of source made safe to print: key shapes, URL passwords, lines of bare key
/// material and (in `.env` files) every value are masked. Everything shipgate prints from
/// audited code goes through here.
pub fn redact_line<'a>(path: &str, line: &'a str) -> Cow<'a, str> {
    if is_env_file(path)
        && let Some((key, value)) = line.split_once('=')
        && !key.trim_start().starts_with('#')
        && !value.trim().is_empty()
    {
        // A trailing ` # comment` after an unquoted value stays readable.
        let (value, comment) = match value.find(" #") {
            Some(i) if !value.trim_start().starts_with(['"', '\'']) => value.split_at(i),
            _ => (value, ""),
        };
        let value = value.trim().trim_matches(['"', '\'']);
        return Cow::Owned(format!("{key}={}{comment}", redact(value)));
    }
    redact_text(line)
}

/// Every line of a report, a `debug` dump or an error message, redacted: the one pass
/// all output goes through before it leaves the program.
pub fn redact_output(text: &str) -> Cow<'_, str> {
    // A large report is redacted in chunks of whole lines, one per core.
    const CHUNK: usize = 4 << 20;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if text.len() > CHUNK && cores > 1 {
        let mut parts = Vec::new();
        let mut start = 0;
        let size = text.len().div_ceil(cores).max(CHUNK);
        while start < text.len() {
            let mut end = (start + size).min(text.len());
            end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            parts.push(&text[start..end]);
            start = end;
        }
        let done: Vec<Cow<'_, str>> = std::thread::scope(|scope| {
            let handles: Vec<_> = parts
                .iter()
                .map(|p| scope.spawn(move || redact_lines(p)))
                .collect();
            handles
                .into_iter()
                .zip(&parts)
                .map(|(h, p)| h.join().unwrap_or_else(|_| redact_lines(p)))
                .collect()
        });
        if done.iter().all(|d| matches!(d, Cow::Borrowed(_))) {
            return Cow::Borrowed(text);
        }
        return Cow::Owned(done.concat());
    }
    redact_lines(text)
}

fn redact_lines(text: &str) -> Cow<'_, str> {
    let mut changed = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let r = redact_text(body);
        changed |= matches!(r, Cow::Owned(_));
        out.push_str(&r);
        out.push_str(end);
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// Whatever any redaction pattern needs to find on a line: one cheap pass that lets most
/// lines of a large report through untouched.
static MAYBE_SECRET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)_live_|whsec_|eyj|sb_secret_|akia|asia|gh[pousr]_|github_pat_|xox|hooks\.slack",
        r"|sk-|-----begin|env\.|://|sg\.|re_|aiza|[sa][kc][0-9a-f]{32}|key|npm_|secret|passw",
        r"|pwd|token|credential|dsn|bearer|basic",
    ))
    .expect("prefilter compiles")
});

/// Whether a line could be nothing but a token (a key line): no inner spaces, long enough.
fn maybe_key_line(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 16 && !t.contains(' ')
}

/// [`redact_line`] for text that is not from a known file (messages, snippets).
pub fn redact_text(text: &str) -> Cow<'_, str> {
    if !maybe_key_line(text) && !MAYBE_SECRET.is_match(text) {
        return Cow::Borrowed(text);
    }
    if let Some(c) = KEY_LINE.captures(text)
        && (c[2].len() >= 40 || looks_random(&c[2]))
    {
        return Cow::Owned(format!("{}{}{}", &c[1], redact(&c[2]), &c[3]));
    }
    let mut out = Cow::Borrowed(text);
    if KEYS.is_match(&out) {
        let mut s = String::with_capacity(out.len());
        let mut last = 0;
        for m in KEYS.find_iter(&out) {
            s.push_str(&out[last..m.start()]);
            if m.as_str().starts_with("-----BEGIN") {
                // Keep the header; mask the key body that follows on the same line.
                s.push_str(m.as_str());
                let rest = &out[m.end()..];
                let body_end = rest
                    .find(|c: char| {
                        !(c.is_ascii_alphanumeric()
                            || matches!(c, '+' | '/' | '=' | '\\')
                            || c.is_whitespace())
                    })
                    .unwrap_or(rest.len());
                if rest[..body_end].trim().len() >= 16 {
                    s.push_str("\\n****\\n");
                    last = m.end() + body_end;
                } else {
                    last = m.end();
                }
            } else {
                s.push_str(&redact(m.as_str()));
                last = m.end();
            }
        }
        s.push_str(&out[last..]);
        out = Cow::Owned(s);
    }
    if FALLBACK.is_match(&out) {
        let replaced = FALLBACK
            .replace_all(&out, |c: &regex::Captures| {
                if is_verifying_secret_name(&c[2]) {
                    format!("{}{}{}{}", &c[1], &c[3], redact(&c[4]), &c[5])
                } else {
                    c[0].to_string()
                }
            })
            .into_owned();
        out = Cow::Owned(replaced);
    }
    if URL_PASSWORD.is_match(&out) {
        let replaced = URL_PASSWORD.replace_all(&out, "${1}****@").into_owned();
        out = Cow::Owned(replaced);
    }
    if AUTH_SCHEME.is_match(&out) {
        let replaced = AUTH_SCHEME
            .replace_all(&out, |c: &regex::Captures| {
                let token = &c[2];
                // `Bearer ${token}` and `Bearer undefined` are code, not a credential.
                let digit = token.bytes().any(|b| b.is_ascii_digit());
                let alpha = token.bytes().any(|b| b.is_ascii_alphabetic());
                if digit && alpha && !token.contains("****") {
                    format!("{}{}", &c[1], redact(token))
                } else {
                    c[0].to_string()
                }
            })
            .into_owned();
        out = Cow::Owned(replaced);
    }
    if OTHER_KEYS.is_match(&out) {
        let replaced = OTHER_KEYS
            .replace_all(&out, |c: &regex::Captures| {
                let m = &c[0];
                if m.bytes().any(|b| b.is_ascii_digit()) && !m.contains("****") {
                    redact(m)
                } else {
                    m.to_string()
                }
            })
            .into_owned();
        out = Cow::Owned(replaced);
    }
    if SECRET_POSITION.is_match(&out) {
        let replaced = SECRET_POSITION
            .replace_all(&out, |c: &regex::Captures| {
                let value = &c[3];
                // Already redacted (`sk_live_879f****ce47`): leave it.
                if c.get(4).is_none() && secret_value(value, !c[2].is_empty()) {
                    format!("{}{}{}", &c[1], &c[2], redact(value))
                } else {
                    c[0].to_string()
                }
            })
            .into_owned();
        out = Cow::Owned(replaced);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(payload: &str) -> String {
        let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{}.{}",
            e.encode(payload),
            "dGhpcy1pcy1ub3QtYS1yZWFsLXNpZ25hdHVyZS0xMjM"
        )
    }

    #[test]
    fn redacts_secrets_by_shape_and_position() {
        let cases = [
            (
                r#"  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","#,
                "wJalrXUtnFEMI/K7MDENG",
            ),
            (
                r#"const JWT_SECRET = "f3a9c1d27b8e4f60a5d3c2b1e0f9a8b7c6d5e4f3";"#,
                "f3a9c1d27b8e4f60a5d3",
            ),
            (
                "ENV JWT_SECRET=9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c",
                "9f8e7d6c5b4a3f2e1d0c",
            ),
            (
                "ENV API_TOKEN 9f8e7d6c5b4a3f2e1d0c9b8a",
                "9f8e7d6c5b4a3f2e1d0c",
            ),
            (
                "      DATABASE_PASSWORD: Zq8vN2kLp4Rt7Wx1",
                "Zq8vN2kLp4Rt7Wx1",
            ),
            (
                r#""evidence": "const apiKey = \"Zq8vN2kLp4Rt7Wx1Yb3\";""#,
                "Zq8vN2kLp4Rt7Wx1Yb3",
            ),
            (
                "sgMail.setApiKey('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')",
                "qR7sT9uV1wX3yZ5aB7cD9",
            ),
            (
                "const resend = new Resend('re_8xK2mN4pQ6rS8tU0vW2xY4z')",
                "re_8xK2mN4pQ6rS8tU0vW2xY4z",
            ),
            (
                "Gx4mQ9vT2wR7yB3nK8pL5sD1fH6jZ0cV==",
                "Gx4mQ9vT2wR7yB3nK8pL5sD1f",
            ),
            (
                r#"headers: { Authorization: "Bearer 4f3c2a1b9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b" }"#,
                "4f3c2a1b9e8d7c6b5a4f",
            ),
            (
                r#"curl -H "Authorization: Basic dXNlcjpTM2NyZXRQYXNzd29yZDEyMw==" https://api"#,
                "dXNlcjpTM2NyZXRQYXNz",
            ),
            (
                r#"fetch(url, { headers: { "x-api-key": "k7Tq2Wm9Zp4Lr8Vn3Xb6" } })"#,
                "k7Tq2Wm9Zp4Lr8Vn3Xb6",
            ),
        ];
        for (line, secret) in cases {
            let out = redact_text(line);
            assert!(!out.contains(secret), "{line} -> {out}");
        }
        // Names, expressions and words in a secret's place are not secrets.
        for line in [
            "const secret = process.env.JWT_SECRET;",
            r#"secret: "STRIPE_SECRET_KEY","#,
            r#"tokenType: "access_token","#,
            "the webhook secret is compared with the header",
            "const token = generateRandomToken();",
            "  createServerClient,",
            r#""fingerprint": "ea76606128dbb38f681033c75b84cf91","#,
            "headers: { Authorization: `Bearer ${session.access_token}` },",
            "Basic authentication protects the admin pages",
            r#"Authorization: "Bearer undefined-token-placeholder""#,
        ] {
            assert_eq!(redact_text(line), line);
        }
        let text = "line one\nconst JWT_SECRET = 'f3a9c1d27b8e4f60a5d3c2b1';\n";
        let out = redact_output(text);
        assert!(
            out.ends_with('\n') && !out.contains("f3a9c1d27b8e"),
            "{out}"
        );
    }

    #[test]
    fn a_large_output_is_redacted_in_chunks_of_whole_lines() {
        let line = "  \"message\": \"an ordinary line of a large report\",\n";
        let secret = "const JWT_SECRET = 'f3a9c1d27b8e4f60a5d3c2b1';\n";
        let mut text = line.repeat(120_000);
        text.push_str(secret);
        text.push_str(&line.repeat(120_000));
        text.push_str(secret.trim_end());
        assert!(text.len() > 8 << 20);
        let out = redact_output(&text);
        assert!(!out.contains("f3a9c1d27b8e"));
        assert_eq!(out.lines().count(), text.lines().count());
        assert_eq!(
            out.len(),
            text.len() - 2 * ("f3a9c1d27b8e4f60a5d3c2b1".len() - "f3a9****c2b1".len())
        );
        let clean = line.repeat(200_000);
        assert!(matches!(redact_output(&clean), Cow::Borrowed(_)));
    }

    #[test]
    fn finds_live_keys_and_skips_placeholders() {
        let text = "const a = 'sk_live_51HqJk2LmN8pQrStUvWx9yZa';\nconst b = 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx';\nconst c = 'sk_test_51HqJk2LmN8pQrStUvWx9yZa';";
        let found = scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, SecretKind::StripeLiveKey);
        assert_eq!(
            &text[found[0].start..found[0].end],
            "sk_live_51HqJk2LmN8pQrStUvWx9yZa"
        );
    }

    #[test]
    fn service_role_jwt_is_told_from_anon() {
        let service = jwt(
            r#"{"iss":"supabase","ref":"abcdefghijklmnop","role":"service_role","iat":1700000000}"#,
        );
        let anon =
            jwt(r#"{"iss":"supabase","ref":"abcdefghijklmnop","role":"anon","iat":1700000000}"#);
        let demo = jwt(r#"{"iss":"supabase-demo","role":"service_role","exp":1983812996}"#);
        assert_eq!(scan(&service).len(), 1);
        assert!(scan(&anon).is_empty());
        assert!(scan(&demo).is_empty());
    }

    #[test]
    fn the_local_stack_secret_key_is_public() {
        assert!(scan("SUPABASE_SECRET_KEY=sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz").is_empty());
        let other = scan("SUPABASE_SECRET_KEY=sb_secret_Q3vX9kLm2PzR7tYb8WcN1d_aHfGjKsUe");
        assert_eq!(other.len(), 1);
        assert_eq!(other[0].kind, SecretKind::SupabaseSecretKey);
    }

    #[test]
    fn pem_needs_a_body() {
        let real = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMZKiYpQkx7bRWnN3uLsDfVh2Tq9PcJeaoG4yIwE1rS8\n";
        let fake = "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----";
        let truncated =
            "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ...\n";
        assert_eq!(scan(real).len(), 1);
        assert!(scan(fake).is_empty());
        assert!(scan(truncated).is_empty());
    }

    #[test]
    fn redaction_keeps_only_the_ends() {
        let key = "sk_live_51HqJk2LmN8pQrStUvWx9yZa";
        let r = redact(key);
        assert!(r.starts_with("sk_live_"));
        assert!(r.contains("****"));
        assert!(!r.contains("LmN8pQrStUv"));
        let line = format!("const stripe = new Stripe('{key}');");
        let safe = redact_text(&line);
        assert!(!safe.contains(key));
        assert!(safe.contains("new Stripe('sk_live_"));
    }

    #[test]
    fn redaction_masks_env_values_urls_and_key_lines() {
        assert_eq!(
            redact_line(
                ".env",
                "DATABASE_URL=postgres://app:hunter2secret@db.example.com:5432/app"
            ),
            "DATABASE_URL=post****/app"
        );
        assert_eq!(
            redact_line("a/.env", "TOKEN=abcdefghijkl12 # prod"),
            "TOKEN=abcd****12 # prod"
        );
        assert_eq!(
            redact_text("const url = 'postgres://app:hunter2secret@db:5432/app'"),
            "const url = 'postgres://app:****@db:5432/app'"
        );
        let body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj";
        assert!(!redact_text(body).contains("BAQEFAASCBKcwggSj"));
        let inline = "key: '-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----'";
        let safe = redact_text(inline);
        assert!(!safe.contains("MIIEvQ"), "{safe}");
        assert!(safe.contains("-----END PRIVATE KEY-----"));
        let message = "private key `-----BEGIN PRIVATE KEY----- ****` is committed in `a.ts`";
        assert_eq!(redact_text(message), message);
        assert_eq!(
            redact_text("const s = process.env.JWT_SECRET || 'superSecretKey123';"),
            "const s = process.env.JWT_SECRET || 'supe****23';"
        );
        let url = "const u = process.env.SITE_URL || 'http://localhost:3000';";
        assert_eq!(redact_text(url), url);
    }
}
