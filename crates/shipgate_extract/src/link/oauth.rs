//! OAuth callbacks: routes that take an authorization `code` from the query string and
//! exchange it for tokens, and what they do with `state`.

use super::project::Project;
use crate::js::facts::{CallFact, JsFacts, Val};
use shipgate_model::{InputSource, Loc, OAuthCallback, Route, Span, StateHandling, ValueOrigin};

/// Calls that turn a code into tokens by name.
const TOKEN_METHODS: &[&str] = &[
    "getToken",
    "getTokens",
    "exchangeCode",
    "exchangeCodeForToken",
    "exchangeCodeForTokens",
    "exchangeCodeForAccessToken",
    "getAccessToken",
    "requestAccessToken",
    "validateAuthorizationCode",
    "authorizationCodeGrant",
    "oauthAccess",
    "getOAuthToken",
];

/// HTTP clients whose first argument is the URL.
const HTTP_CALLS: &[&str] = &[
    "fetch",
    "axios",
    "axios.post",
    "ky.post",
    "got.post",
    "$fetch",
    "ofetch",
    "request",
];

/// Calls that only decode: trusting their output is trusting the client.
fn is_decoder(callee: &str) -> bool {
    let method = callee.rsplit('.').next().unwrap_or(callee);
    matches!(
        callee,
        "Buffer.from" | "atob" | "JSON.parse" | "decodeURIComponent" | "jwt.decode" | "decodeJwt"
    ) || method.eq_ignore_ascii_case("decode")
        || method.to_ascii_lowercase().starts_with("frombase64")
        || method.to_ascii_lowercase().starts_with("decodebase64")
}

/// Calls that use a value without checking it: logging, building URLs and responses.
fn is_passive(callee: &str) -> bool {
    let root = callee.split(['.', '(']).next().unwrap_or(callee);
    matches!(
        root,
        "console"
            | "logger"
            | "log"
            | "URL"
            | "URLSearchParams"
            | "NextResponse"
            | "Response"
            | "res"
            | "c"
    ) || callee.ends_with("redirect")
        || callee.ends_with("searchParams.get")
        || callee.ends_with("searchParams.set")
        || callee.ends_with("searchParams.append")
        || callee.ends_with("query")
        || callee.ends_with("json")
}

struct Scope<'a> {
    facts: &'a JsFacts,
    span: Span,
}

impl Scope<'_> {
    fn calls(&self) -> impl Iterator<Item = &CallFact> {
        self.facts
            .calls
            .iter()
            .filter(move |c| self.span.contains(c.span))
    }

    /// Local names bound to the query parameter `field`.
    fn names_of(&self, field: &str) -> Vec<String> {
        let mut out = Vec::new();
        for b in self
            .facts
            .bindings
            .iter()
            .filter(|b| self.span.contains(b.span))
        {
            for n in &b.names {
                let direct = matches!(&b.init, Val::Input(InputSource::Query, Some(f)) if f == field)
                    || matches!(&b.init, Val::Call { callee, span } if callee.ends_with("get") && self.call_reads(*span, field));
                let destructured = n.path.last().map(String::as_str) == Some(field)
                    && !matches!(&b.init, Val::Input(source, _) if *source != InputSource::Query);
                if direct || destructured {
                    out.push(n.name.clone());
                }
            }
        }
        out
    }

    /// `names` plus the names bound to values built from them
    /// (`const key = \`oauth:${state}\``), a few steps deep.
    fn with_derived(&self, field: &str, mut names: Vec<String>) -> Vec<String> {
        for _ in 0..3 {
            let mut added = false;
            for b in self
                .facts
                .bindings
                .iter()
                .filter(|b| self.span.contains(b.span))
            {
                if self.mentions(&b.init, field, &names, 0) {
                    for n in &b.names {
                        if !names.contains(&n.name) {
                            names.push(n.name.clone());
                            added = true;
                        }
                    }
                }
            }
            if !added {
                break;
            }
        }
        names
    }

    fn call_reads(&self, span: Span, field: &str) -> bool {
        self.facts
            .call_at(span)
            .is_some_and(|c| matches!(c.args.first(), Some(Val::Str(s)) if s == field))
    }

    /// Whether `v` carries the query parameter `field` (through one of `names`).
    fn mentions(&self, v: &Val, field: &str, names: &[String], depth: u32) -> bool {
        if depth > 4 {
            return false;
        }
        match v {
            Val::Input(InputSource::Query, Some(f)) => f == field,
            Val::Path(p) => names
                .iter()
                .any(|n| p == n || p.starts_with(&format!("{n}."))),
            Val::Other(paths) => paths.iter().any(|p| {
                names
                    .iter()
                    .any(|n| p == n || p.starts_with(&format!("{n}.")))
            }),
            Val::Template(_, vals) | Val::Array(vals) => vals
                .iter()
                .any(|x| self.mentions(x, field, names, depth + 1)),
            Val::Object(props, spreads) => props
                .iter()
                .map(|(_, x)| x)
                .chain(spreads)
                .any(|x| self.mentions(x, field, names, depth + 1)),
            Val::Call { span, .. } => self.facts.call_at(*span).is_some_and(|c| {
                c.args
                    .iter()
                    .any(|a| self.mentions(a, field, names, depth + 1))
            }),
            _ => false,
        }
    }
}

fn url_of(v: &Val) -> Option<String> {
    match v {
        Val::Str(s) => Some(s.clone()),
        Val::Template(parts, _) => Some(parts.join("…")),
        _ => None,
    }
}

/// The OAuth callback behind `route`, if it is one.
pub fn callback(project: &Project, route: &Route) -> Option<OAuthCallback> {
    let code_input = route
        .facts
        .inputs
        .iter()
        .find(|i| i.source == InputSource::Query && i.field.as_deref() == Some("code"));
    let path = route.path.to_ascii_lowercase();
    // The app's own OAuth server (`/oauth/authorize`, `/oauth/token`) issues codes.
    let last = path.rsplit('/').next().unwrap_or("");
    if matches!(last, "authorize" | "token" | "consent") {
        return None;
    }
    let callback_path = path.contains("callback") || path.contains("oauth");
    if code_input.is_none() && !callback_path {
        return None;
    }
    let file = route.at.file;
    let facts = project.facts(file)?;
    // The handler function holding the route; else the handler written inside the route's
    // registration (`app.get("/x", (c) => ...)`: the outermost function in that call);
    // else the whole file.
    let span = facts
        .functions
        .iter()
        .filter(|f| f.span.contains(route.at.span) || f.span == route.at.span)
        .min_by_key(|f| f.span.end - f.span.start)
        .or_else(|| {
            facts
                .functions
                .iter()
                .filter(|f| route.at.span.contains(f.span) && f.span != route.at.span)
                .max_by_key(|f| f.span.end - f.span.start)
        })
        .map_or(Span::new(0, u32::MAX), |f| f.span);
    let scope = Scope { facts, span };
    if scope
        .calls()
        .any(|c| c.callee.contains("exchangeCodeForSession") || c.callee.contains("verifyOtp"))
    {
        // Supabase Auth's PKCE flow: the library keeps the verifier and checks it.
        return None;
    }
    let code_names = scope.names_of("code");
    if code_input.is_none() && code_names.is_empty() && !callback_path {
        return None;
    }
    let exchange = scope.calls().find(|c| {
        let method = c.method();
        if TOKEN_METHODS.contains(&method)
            || c.callee.ends_with("oauth.v2.access")
            || c.callee.ends_with("oauth.access")
        {
            return true;
        }
        if HTTP_CALLS.contains(&c.callee.as_str())
            && let Some(url) = c.args.first().and_then(url_of)
        {
            let u = url.to_ascii_lowercase();
            return u.contains("oauth")
                || u.ends_with("/token")
                || u.contains("/token?")
                || u.contains("access_token");
        }
        // A helper handed the code counts only when the code came from the query.
        code_input.is_some()
            && !is_decoder(&c.callee)
            && !is_passive(&c.callee)
            && c.args
                .iter()
                .any(|a| scope.mentions(a, "code", &code_names, 0))
    })?;
    let exchange_text = match exchange.args.first().and_then(url_of) {
        Some(url) if HTTP_CALLS.contains(&exchange.callee.as_str()) => {
            format!("{} {url}", exchange.callee)
        }
        _ => exchange.callee.clone(),
    };
    let state_inputs: Vec<_> = route
        .facts
        .inputs
        .iter()
        .filter(|i| i.source == InputSource::Query && i.field.as_deref() == Some("state"))
        .collect();
    let state_names = scope.with_derived("state", scope.names_of("state"));
    // The exchange is handed the whole request (`provider.exchangeCodeForToken(req)`)
    // and the handler never touches `state`: the helper may check it; shipgate cannot
    // tell.
    let request_names = ["req", "request", "c", "ctx", "event"];
    let hands_request = exchange
        .args
        .iter()
        .any(|a| matches!(a, Val::Path(p) if request_names.contains(&p.as_str())));
    if state_inputs.is_empty() && state_names.is_empty() && hands_request {
        return None;
    }
    if code_input.is_none() && code_names.is_empty() && !hands_request {
        return None;
    }
    let state = if state_inputs.is_empty() && state_names.is_empty() {
        StateHandling::NotRead
    } else {
        // A cookie named for the state, or read under a name shipgate cannot see
        // (`cookies.get(STATE_COOKIE)`): the usual place the expected state is kept.
        let cookie_check = route.facts.inputs.iter().find(|i| {
            i.source == InputSource::Cookies
                && i.field.as_deref().is_none_or(|f| {
                    let f = f.to_ascii_lowercase();
                    ["state", "csrf", "nonce", "verifier"]
                        .iter()
                        .any(|w| f.contains(w))
                })
        });
        let stored_lookup = route.facts.data_ops.iter().find(|op| {
            op.values.iter().any(|v| {
                matches!(&v.origin, ValueOrigin::Request { source: InputSource::Query, field: Some(f), .. } if f == "state")
            })
        });
        let checker = scope.calls().find(|c| {
            !is_decoder(&c.callee)
                && !is_passive(&c.callee)
                && c.args
                    .iter()
                    .any(|a| scope.mentions(a, "state", &state_names, 0))
        });
        let decoder = scope.calls().find(|c| {
            is_decoder(&c.callee)
                && c.args
                    .iter()
                    .any(|a| scope.mentions(a, "state", &state_names, 0))
        });
        if let Some(c) = cookie_check {
            StateHandling::Checked {
                how: match &c.field {
                    Some(f) => format!("compared with the `{f}` cookie"),
                    None => "compared with a cookie".to_string(),
                },
            }
        } else if let Some(op) = stored_lookup {
            StateHandling::Checked {
                how: format!("looked up in `{}`", op.table.clone().unwrap_or_default()),
            }
        } else if let Some(c) = checker {
            StateHandling::Checked {
                how: format!("passed to `{}`", c.callee),
            }
        } else if let Some(d) = decoder {
            StateHandling::Decoded {
                at: Loc::new(file, d.span),
                how: d.callee.clone(),
            }
        } else {
            StateHandling::Unchecked
        }
    };
    Some(OAuthCallback {
        route: route.entity(),
        at: route.at,
        code_at: code_input.map_or(route.at, |i| i.at),
        exchange: exchange_text,
        exchange_at: Loc::new(file, exchange.span),
        state,
    })
}

pub fn collect(project: &Project, routes: &[Route]) -> Vec<OAuthCallback> {
    routes.iter().filter_map(|r| callback(project, r)).collect()
}
