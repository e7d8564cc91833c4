//! Response headers, header libraries (`helmet`, Hono `secureHeaders`, `@fastify/helmet`)
//! and CORS options (`cors`, `hono/cors`, `@fastify/cors`) in one JS/TS file. Values are
//! read as far as literals allow: strings, templates, `+`, `[...].join('; ')`, local
//! constants; anything else becomes a hole.

use super::expr::{as_call, mspan, path_of, unwrap};
use super::facts::{CorsFact, HVal, HeaderSetFact, ImportFact, Imported, JsFacts, Piece};
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;
use oxc_syntax::operator::{BinaryOperator, LogicalOperator};
use oxc_syntax::scope::ScopeFlags;
use shipgate_model::{CorsOrigin, Span};
use std::collections::HashMap;

/// Header names shipgate reads, in their usual spelling.
pub const NAMES: &[&str] = &[
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Credentials",
];

/// The usual spelling of a header name shipgate reads.
pub fn canonical(name: &str) -> Option<&'static str> {
    let name = name.trim();
    NAMES.iter().find(|n| n.eq_ignore_ascii_case(name)).copied()
}

/// Whether a file may set headers or CORS at all (a cheap look before walking the AST).
pub fn relevant(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "security-policy",
        "transport-security",
        "frame-options",
        "content-type-options",
        "referrer-policy",
        "access-control-allow",
        "helmet",
        "secure-headers",
        "cors",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

const MAX_DEPTH: u32 = 10;
const MAX_ITEMS: usize = 64;

/// An expression read into plain data.
#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Text(Vec<Piece>),
    Bool(bool),
    /// The request's `Origin` header.
    Origin,
    Func {
        params: Vec<String>,
        /// The body's source text.
        body: String,
        /// An arrow whose body is just its first parameter (`origin => origin`).
        returns_param: bool,
    },
    /// Properties with the span of each.
    Object(Vec<(String, Lit, Span)>),
    Array(Vec<Lit>),
    Other,
}

impl Lit {
    fn prop(&self, key: &str) -> Option<(&Lit, Span)> {
        match self {
            Lit::Object(props) => props
                .iter()
                .rev()
                .find(|(k, ..)| k == key)
                .map(|(_, v, s)| (v, *s)),
            _ => None,
        }
    }

    /// The whole text when nothing in it is a hole.
    fn plain(&self) -> Option<String> {
        match self {
            Lit::Text(pieces) => {
                let mut out = String::new();
                for p in pieces {
                    match p {
                        Piece::Lit(s, _) => out.push_str(s),
                        Piece::Hole => return None,
                    }
                }
                Some(out)
            }
            _ => None,
        }
    }

    fn into_pieces(self) -> Vec<Piece> {
        match self {
            Lit::Text(p) => p,
            _ => vec![Piece::Hole],
        }
    }

    fn into_hval(self) -> HVal {
        match self {
            Lit::Text(p) => HVal::Text(p),
            Lit::Bool(b) => HVal::Text(vec![Piece::Lit(b.to_string(), None)]),
            Lit::Origin => HVal::Origin,
            _ => HVal::Unknown,
        }
    }
}

/// Local bindings read so far: name → (declaration start, value).
type Bindings = HashMap<String, Vec<(u32, Lit)>>;

struct Reader<'s> {
    source: &'s str,
    bindings: Bindings,
}

impl Reader<'_> {
    fn lookup(&self, name: &str, at: u32) -> Option<&Lit> {
        let decls = self.bindings.get(name)?;
        decls
            .iter()
            .rev()
            .find(|(start, _)| *start < at)
            .or_else(|| decls.first())
            .map(|(_, v)| v)
    }

    fn read(&self, e: &Expression, depth: u32) -> Lit {
        if depth > MAX_DEPTH {
            return Lit::Other;
        }
        let e = unwrap(e);
        if is_origin_read(e) {
            return Lit::Origin;
        }
        match e {
            Expression::StringLiteral(s) => {
                let raw_len = s.span.size() as usize;
                // The offset maps onto the source only when nothing is escaped.
                let offset = (raw_len == s.value.len() + 2).then_some(s.span.start + 1);
                Lit::Text(vec![Piece::Lit(s.value.as_str().to_string(), offset)])
            }
            Expression::TemplateLiteral(t) => {
                let mut pieces = Vec::new();
                for (i, q) in t.quasis.iter().enumerate() {
                    pieces.push(Piece::Lit(
                        q.value.raw.as_str().to_string(),
                        Some(q.span.start),
                    ));
                    if let Some(x) = t.expressions.get(i) {
                        pieces.extend(self.read(x, depth + 1).into_pieces());
                    }
                }
                Lit::Text(pieces)
            }
            Expression::BooleanLiteral(b) => Lit::Bool(b.value),
            Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
                let mut pieces = self.read(&b.left, depth + 1).into_pieces();
                pieces.extend(self.read(&b.right, depth + 1).into_pieces());
                Lit::Text(pieces)
            }
            Expression::LogicalExpression(l)
                if matches!(l.operator, LogicalOperator::Coalesce | LogicalOperator::Or) =>
            {
                match self.read(&l.left, depth + 1) {
                    Lit::Origin => Lit::Origin,
                    _ => Lit::Other,
                }
            }
            Expression::Identifier(id) => self
                .lookup(id.name.as_str(), id.span.start)
                .cloned()
                .unwrap_or(Lit::Other),
            Expression::ArrayExpression(a) => Lit::Array(
                a.elements
                    .iter()
                    .take(MAX_ITEMS)
                    .map(|el| match el.as_expression() {
                        Some(x) => self.read(x, depth + 1),
                        None => Lit::Other,
                    })
                    .collect(),
            ),
            Expression::ObjectExpression(o) => {
                let mut props = Vec::new();
                for p in o.properties.iter().take(MAX_ITEMS) {
                    match p {
                        ObjectPropertyKind::ObjectProperty(p) => {
                            if let Some(k) = p.key.static_name() {
                                props.push((
                                    k.to_string(),
                                    self.read(&p.value, depth + 1),
                                    mspan(p.span),
                                ));
                            }
                        }
                        ObjectPropertyKind::SpreadProperty(s) => {
                            if let Lit::Object(inner) = self.read(&s.argument, depth + 1) {
                                props.extend(inner);
                            }
                        }
                    }
                }
                Lit::Object(props)
            }
            Expression::ArrowFunctionExpression(f) => {
                let params = param_names(&f.params);
                let returns_param = f.get_expression().is_some_and(|b| {
                    matches!(unwrap(b), Expression::Identifier(id) if params.first().is_some_and(|p| p == id.name.as_str()))
                });
                Lit::Func {
                    body: self.slice(f.body.span()).to_string(),
                    params,
                    returns_param,
                }
            }
            Expression::FunctionExpression(f) => Lit::Func {
                params: param_names(&f.params),
                body: f
                    .body
                    .as_ref()
                    .map(|b| self.slice(b.span))
                    .unwrap_or("")
                    .to_string(),
                returns_param: false,
            },
            _ => self.read_call(e, depth).unwrap_or(Lit::Other),
        }
    }

    /// `[...].join('; ')`, and `.trim()` / whitespace `.replace()` on a readable string.
    fn read_call(&self, e: &Expression, depth: u32) -> Option<Lit> {
        let call = as_call(e)?;
        let Expression::StaticMemberExpression(m) = unwrap(&call.callee) else {
            return None;
        };
        let method = m.property.name.as_str();
        let first = call.arguments.first().and_then(|a| a.as_expression());
        match method {
            "join" => {
                let Lit::Array(items) = self.read(&m.object, depth + 1) else {
                    return None;
                };
                let sep = match first {
                    Some(x) => self.read(x, depth + 1).plain()?,
                    None => ",".to_string(),
                };
                let mut pieces = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    if i > 0 {
                        pieces.push(Piece::Lit(sep.clone(), None));
                    }
                    pieces.extend(item.into_pieces());
                }
                Some(Lit::Text(pieces))
            }
            "trim" | "trimStart" | "trimEnd" => match self.read(&m.object, depth + 1) {
                t @ Lit::Text(_) => Some(t),
                _ => None,
            },
            "replace" | "replaceAll" => {
                let Some(Expression::RegExpLiteral(r)) = first.map(unwrap) else {
                    return None;
                };
                let pattern = r.regex.pattern.text.as_str();
                let whitespace = pattern.contains("\\s")
                    || pattern.contains("\\n")
                    || pattern.trim().starts_with(' ');
                match self.read(&m.object, depth + 1) {
                    t @ Lit::Text(_) if whitespace => Some(t),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn slice(&self, s: oxc_span::Span) -> &str {
        self.source
            .get(s.start as usize..s.end as usize)
            .unwrap_or("")
    }
}

fn param_names(params: &FormalParameters) -> Vec<String> {
    params
        .items
        .iter()
        .map(|p| match &p.pattern {
            BindingPattern::BindingIdentifier(id) => id.name.as_str().to_string(),
            _ => String::new(),
        })
        .collect()
}

/// `req.headers.origin`, `request.headers.get('origin')`, `req.get('origin')`,
/// `c.req.header('origin')`.
fn is_origin_read(e: &Expression) -> bool {
    if let Some(call) = as_call(e) {
        let Some(callee) = path_of(&call.callee) else {
            return false;
        };
        let arg = call
            .arguments
            .first()
            .and_then(|a| a.as_expression())
            .and_then(super::expr::str_value);
        let method = callee.rsplit('.').next().unwrap_or("");
        return arg.is_some_and(|a| a.eq_ignore_ascii_case("origin"))
            && matches!(method, "get" | "header")
            && (callee.to_ascii_lowercase().contains("header")
                || matches!(callee.as_str(), "req.get" | "request.get"));
    }
    matches!(
        e,
        Expression::StaticMemberExpression(_) | Expression::ComputedMemberExpression(_)
    ) && path_of(e).is_some_and(|p| p.to_ascii_lowercase().ends_with("headers.origin"))
}

/// First pass: every `const x = ...` read, in source order.
struct BindingPass<'s> {
    reader: Reader<'s>,
}

impl<'a> Visit<'a> for BindingPass<'_> {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init) {
            let value = self.reader.read(init, 0);
            self.reader
                .bindings
                .entry(id.name.as_str().to_string())
                .or_default()
                .push((it.span.start, value));
        }
        walk::walk_variable_declarator(self, it);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lib {
    Helmet,
    SecureHeaders,
    FastifyHelmet,
    Cors,
    HonoCors,
    FastifyCors,
}

fn lib_of(imp: &ImportFact) -> Option<Lib> {
    let default = matches!(&imp.imported, Imported::Default)
        || matches!(&imp.imported, Imported::Named(n) if n == "default");
    let named = |n: &str| matches!(&imp.imported, Imported::Named(x) if x == n);
    match imp.source.as_str() {
        "helmet" if default => Some(Lib::Helmet),
        "hono/secure-headers" if named("secureHeaders") => Some(Lib::SecureHeaders),
        "@fastify/helmet" | "fastify-helmet" if default => Some(Lib::FastifyHelmet),
        "cors" if default => Some(Lib::Cors),
        "hono/cors" if named("cors") => Some(Lib::HonoCors),
        "@fastify/cors" | "fastify-cors" if default => Some(Lib::FastifyCors),
        _ => None,
    }
}

/// Second pass: header settings, library calls and origin checks.
struct HeaderPass<'s> {
    reader: Reader<'s>,
    libs: HashMap<String, Lib>,
    /// Enclosing functions and config entries (`{ source, headers }`).
    groups: Vec<Span>,
    sets: Vec<HeaderSetFact>,
    cors: Vec<CorsFact>,
    /// Calls and comparisons that examine the request's origin.
    origin_checks: Vec<Span>,
}

impl HeaderPass<'_> {
    fn group(&self) -> Span {
        self.groups.last().copied().unwrap_or(Span::new(0, 0))
    }

    fn push(&mut self, span: Span, name: &'static str, value: HVal, via: Option<&'static str>) {
        self.sets.push(HeaderSetFact {
            span,
            name,
            value,
            group: self.group(),
            via,
        });
    }

    fn is_origin(&self, e: &Expression) -> bool {
        self.reader.read(e, 0) == Lit::Origin
    }

    fn header_call(&mut self, call: &CallExpression) {
        let method = match unwrap(&call.callee) {
            Expression::StaticMemberExpression(m) => m.property.name.as_str(),
            _ => return,
        };
        if !matches!(
            method,
            "set" | "append" | "setHeader" | "header" | "appendHeader"
        ) {
            return;
        }
        let mut args = call.arguments.iter().filter_map(|a| a.as_expression());
        let (Some(k), Some(v)) = (args.next(), args.next()) else {
            return;
        };
        let Some(name) = self.reader.read(k, 0).plain().and_then(|n| canonical(&n)) else {
            return;
        };
        let value = self.reader.read(v, 0).into_hval();
        self.push(mspan(call.span), name, value, None);
    }

    fn lib_call(&mut self, call: &CallExpression) {
        let callee = match path_of(&call.callee) {
            Some(c) => c,
            None => return,
        };
        let first = call.arguments.first().and_then(|a| a.as_expression());
        let opts = |i: usize| {
            call.arguments
                .get(i)
                .and_then(|a| a.as_expression())
                .map(|x| self.reader.read(x, 0))
        };
        let span = mspan(call.span);
        // `fastify.register(helmet, opts)`.
        if callee.ends_with(".register")
            && let Some(Expression::Identifier(id)) = first.map(unwrap)
        {
            match self.libs.get(id.name.as_str()) {
                Some(Lib::FastifyHelmet) => self.helmet(span, opts(1), "@fastify/helmet"),
                Some(Lib::FastifyCors) => self.cors_options(span, opts(1), Lib::FastifyCors),
                _ => {}
            }
            return;
        }
        let (root, member) = match callee.split_once('.') {
            Some((r, m)) => (r, Some(m)),
            None => (callee.as_str(), None),
        };
        let Some(lib) = self.libs.get(root).copied() else {
            return;
        };
        match (lib, member) {
            (Lib::Helmet, None) => self.helmet(span, opts(0), "helmet()"),
            (Lib::Helmet, Some(m)) => {
                let name = match m {
                    "contentSecurityPolicy" => "Content-Security-Policy",
                    "hsts" | "strictTransportSecurity" => "Strict-Transport-Security",
                    "frameguard" | "xFrameOptions" => "X-Frame-Options",
                    "noSniff" | "xContentTypeOptions" => "X-Content-Type-Options",
                    "referrerPolicy" => "Referrer-Policy",
                    _ => return,
                };
                let value = if name == "Content-Security-Policy" {
                    helmet_csp(opts(0).as_ref())
                } else {
                    HVal::Unknown
                };
                self.push(span, name, value, Some("helmet"));
            }
            (Lib::SecureHeaders, None) => self.secure_headers(span, opts(0)),
            (Lib::Cors | Lib::HonoCors, None) => self.cors_options(span, opts(0), lib),
            _ => {}
        }
    }

    /// `helmet(opts)`: all five unless an option turns one off.
    fn helmet(&mut self, span: Span, opts: Option<Lit>, via: &'static str) {
        let off = |keys: &[&str]| {
            keys.iter().any(|k| {
                opts.as_ref()
                    .and_then(|o| o.prop(k))
                    .is_some_and(|(v, _)| *v == Lit::Bool(false))
            })
        };
        if !off(&["contentSecurityPolicy"]) {
            let csp = opts
                .as_ref()
                .and_then(|o| o.prop("contentSecurityPolicy"))
                .map(|(v, _)| v);
            self.push(span, "Content-Security-Policy", helmet_csp(csp), Some(via));
        }
        for (name, keys) in [
            (
                "Strict-Transport-Security",
                &["strictTransportSecurity", "hsts"][..],
            ),
            ("X-Frame-Options", &["xFrameOptions", "frameguard"][..]),
            (
                "X-Content-Type-Options",
                &["xContentTypeOptions", "noSniff"][..],
            ),
            ("Referrer-Policy", &["referrerPolicy"][..]),
        ] {
            if !off(keys) {
                self.push(span, name, HVal::Unknown, Some(via));
            }
        }
    }

    /// Hono `secureHeaders(opts)`: everything but a CSP by default.
    fn secure_headers(&mut self, span: Span, opts: Option<Lit>) {
        let prop = |k: &str| {
            opts.as_ref()
                .and_then(|o| o.prop(k))
                .map(|(v, _)| v.clone())
        };
        if let Some(csp @ Lit::Object(_)) = prop("contentSecurityPolicy") {
            self.push(
                span,
                "Content-Security-Policy",
                directives_text(&csp, false),
                Some("secureHeaders()"),
            );
        }
        for (name, key) in [
            ("Strict-Transport-Security", "strictTransportSecurity"),
            ("X-Frame-Options", "xFrameOptions"),
            ("X-Content-Type-Options", "xContentTypeOptions"),
            ("Referrer-Policy", "referrerPolicy"),
        ] {
            if prop(key) != Some(Lit::Bool(false)) {
                self.push(span, name, HVal::Unknown, Some("secureHeaders()"));
            }
        }
    }

    fn cors_options(&mut self, span: Span, opts: Option<Lit>, lib: Lib) {
        if opts.as_ref().is_some_and(|o| !matches!(o, Lit::Object(_))) {
            // Options built per request (a delegate function) or elsewhere.
            return;
        }
        let prop = |k: &str| opts.as_ref().and_then(|o| o.prop(k));
        let origin = match prop("origin").map(|(v, _)| v) {
            None => CorsOrigin::Any,
            Some(Lit::Bool(true)) if lib != Lib::HonoCors => CorsOrigin::Reflected,
            Some(Lit::Bool(false)) => return,
            Some(Lit::Func {
                params,
                body,
                returns_param,
            }) => {
                if func_reflects(params, body, *returns_param, lib) {
                    CorsOrigin::Reflected
                } else {
                    CorsOrigin::Restricted
                }
            }
            Some(v) => match v.plain() {
                Some(s) if s.trim() == "*" => CorsOrigin::Any,
                _ => CorsOrigin::Restricted,
            },
        };
        let credentials = match prop("credentials") {
            Some((Lit::Bool(true), s)) => Some(s),
            _ => None,
        };
        self.cors.push(CorsFact {
            span,
            lib: match lib {
                Lib::HonoCors => "`cors()` from hono/cors",
                Lib::FastifyCors => "`@fastify/cors`",
                _ => "`cors()`",
            },
            origin,
            credentials,
        });
    }
}

/// An `origin` callback that lets every origin in: `(origin, cb) => cb(null, true)`,
/// `(origin) => origin`, with no test in its body.
fn func_reflects(params: &[String], body: &str, returns_param: bool, lib: Lib) -> bool {
    const CHECKS: &[&str] = &[
        "if",
        "?",
        "&&",
        "||",
        "includes",
        "indexOf",
        "test(",
        "match",
        "===",
        "!==",
        "==",
        "!=",
        "endsWith",
        "startsWith",
        "some(",
        "has(",
        "find",
        "switch",
        "new URL",
    ];
    let checked = CHECKS.iter().any(|c| {
        if *c == "if" {
            body.split(|ch: char| !ch.is_ascii_alphanumeric())
                .any(|w| w == "if")
        } else {
            body.contains(c)
        }
    });
    if checked {
        return false;
    }
    if returns_param {
        return true;
    }
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    match lib {
        Lib::HonoCors => params
            .first()
            .is_some_and(|p| !p.is_empty() && compact.contains(&format!("return{p};"))),
        _ => {
            let cb = params.get(1).filter(|p| !p.is_empty());
            let origin = params.first().filter(|p| !p.is_empty());
            cb.is_some_and(|cb| {
                compact.contains(&format!("{cb}(null,true)"))
                    || origin.is_some_and(|o| compact.contains(&format!("{cb}(null,{o})")))
            })
        }
    }
}

/// The CSP a `helmet({ contentSecurityPolicy })` option or `helmet.contentSecurityPolicy(opts)`
/// call produces: helmet's defaults (`script-src 'self'`) unless directives replace them.
fn helmet_csp(opts: Option<&Lit>) -> HVal {
    let Some(directives @ Lit::Object(_)) = opts.and_then(|o| o.prop("directives")).map(|(v, _)| v)
    else {
        return HVal::Unknown;
    };
    let use_defaults =
        opts.and_then(|o| o.prop("useDefaults")).map(|(v, _)| v) != Some(&Lit::Bool(false));
    directives_text(directives, use_defaults)
}

/// `{ defaultSrc: ["'self'"], scriptSrc: [...] }` as CSP text, each directive name
/// located at its property.
fn directives_text(directives: &Lit, helmet_defaults: bool) -> HVal {
    let Lit::Object(props) = directives else {
        return HVal::Unknown;
    };
    let mut pieces = Vec::new();
    let mut has_script = false;
    for (key, value, span) in props {
        let name = kebab(key);
        has_script |= name == "script-src";
        if !pieces.is_empty() {
            pieces.push(Piece::Lit("; ".into(), None));
        }
        pieces.push(Piece::Lit(name, Some(span.start)));
        match value {
            Lit::Array(items) => {
                for item in items {
                    pieces.push(Piece::Lit(" ".into(), None));
                    pieces.extend(item.clone().into_pieces());
                }
            }
            Lit::Text(p) => {
                pieces.push(Piece::Lit(" ".into(), None));
                pieces.extend(p.clone());
            }
            _ => pieces.push(Piece::Hole),
        }
    }
    if helmet_defaults && !has_script {
        if !pieces.is_empty() {
            pieces.push(Piece::Lit("; ".into(), None));
        }
        pieces.push(Piece::Lit("script-src 'self'".into(), None));
    }
    HVal::Text(pieces)
}

/// `scriptSrc` → `script-src`.
fn kebab(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

impl<'a> Visit<'a> for HeaderPass<'_> {
    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        self.groups.push(mspan(it.span));
        walk::walk_function(self, it, flags);
        self.groups.pop();
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        self.groups.push(mspan(it.span));
        walk::walk_arrow_function_expression(self, it);
        self.groups.pop();
    }

    fn visit_object_expression(&mut self, it: &ObjectExpression<'a>) {
        let mut key = None;
        let mut value = None;
        let mut entry = (false, false);
        for p in &it.properties {
            let ObjectPropertyKind::ObjectProperty(p) = p else {
                continue;
            };
            let Some(k) = p.key.static_name() else {
                continue;
            };
            match k.as_ref() {
                "key" => key = Some((p.span, &p.value)),
                "value" => value = Some(&p.value),
                "source" => entry.0 = true,
                "headers" => entry.1 = true,
                other => {
                    if let Some(name) = canonical(other) {
                        let v = self.reader.read(&p.value, 0).into_hval();
                        self.push(mspan(p.span), name, v, None);
                    }
                }
            }
        }
        if let (Some((span, k)), Some(v)) = (key, value)
            && let Some(name) = self.reader.read(k, 0).plain().and_then(|n| canonical(&n))
        {
            let v = self.reader.read(v, 0).into_hval();
            self.push(mspan(span), name, v, None);
        }
        let is_entry = entry.0 && entry.1;
        if is_entry {
            self.groups.push(mspan(it.span));
        }
        walk::walk_object_expression(self, it);
        if is_entry {
            self.groups.pop();
        }
    }

    fn visit_array_expression(&mut self, it: &ArrayExpression<'a>) {
        // `[['X-Frame-Options', 'DENY'], ...]` tuples fed to `headers.set(k, v)`.
        if it.elements.len() == 2
            && let (Some(k), Some(v)) = (
                it.elements[0].as_expression(),
                it.elements[1].as_expression(),
            )
            && let Some(name) = self.reader.read(k, 0).plain().and_then(|n| canonical(&n))
        {
            let v = self.reader.read(v, 0).into_hval();
            self.push(mspan(it.span), name, v, None);
        }
        walk::walk_array_expression(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        self.header_call(it);
        self.lib_call(it);
        let setter = matches!(
            unwrap(&it.callee),
            Expression::StaticMemberExpression(m)
                if matches!(m.property.name.as_str(), "set" | "append" | "setHeader" | "header" | "appendHeader")
        );
        // `allowed.includes(origin)`, `isAllowed(origin)`, `origin.endsWith('.acme.com')`.
        let examines = !setter
            && (it
                .arguments
                .iter()
                .filter_map(|a| a.as_expression())
                .any(|a| self.is_origin(a))
                || matches!(unwrap(&it.callee), Expression::StaticMemberExpression(m) if self.is_origin(&m.object)));
        if examines {
            self.origin_checks.push(mspan(it.span));
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_binary_expression(&mut self, it: &BinaryExpression<'a>) {
        if it.operator.is_equality() && (self.is_origin(&it.left) || self.is_origin(&it.right)) {
            self.origin_checks.push(mspan(it.span));
        }
        walk::walk_binary_expression(self, it);
    }
}

/// Reads the file's headers, header libraries and CORS options into `facts`.
pub fn collect(program: &Program, source: &str, facts: &mut JsFacts) {
    let mut first = BindingPass {
        reader: Reader {
            source,
            bindings: HashMap::new(),
        },
    };
    first.visit_program(program);
    let libs = facts
        .imports
        .iter()
        .filter_map(|i| lib_of(i).map(|l| (i.local.clone(), l)))
        .collect();
    let mut pass = HeaderPass {
        reader: first.reader,
        libs,
        groups: Vec::new(),
        sets: Vec::new(),
        cors: Vec::new(),
        origin_checks: Vec::new(),
    };
    pass.visit_program(program);
    let HeaderPass {
        mut sets,
        mut cors,
        origin_checks,
        ..
    } = pass;
    // An origin echoed back by a function that examines it is checked against a list.
    for s in &mut sets {
        if s.value == HVal::Origin
            && s.group.end > 0
            && origin_checks
                .iter()
                .any(|c| c.start >= s.group.start && c.end <= s.group.end)
        {
            s.value = HVal::Unknown;
        }
    }
    sets.sort_by_key(|s| (s.span.start, s.span.end, s.name));
    sets.dedup_by(|a, b| a.span == b.span && a.name == b.name);
    cors.sort_by_key(|c| c.span.start);
    facts.header_sets = sets;
    facts.cors = cors;
}
