//! Small readers over oxc expressions: dotted paths, summarised values, request-input
//! reads, response statuses and branch exits. Pure functions; no state.

use super::facts::{ExitKind, Val};
use oxc_ast::ast::*;
use shipgate_model::{InputSource, Span as MSpan};

pub fn mspan(s: oxc_span::Span) -> MSpan {
    MSpan::new(s.start, s.end)
}

/// Strips parentheses, `await`, TS casts and non-null assertions.
pub fn unwrap<'b, 'a>(mut e: &'b Expression<'a>) -> &'b Expression<'a> {
    loop {
        e = match unwrap_casts(e) {
            Expression::AwaitExpression(a) => &a.argument,
            other => return other,
        };
    }
}

/// Strips parentheses, TS casts and non-null assertions, but not `await`.
pub fn unwrap_casts<'b, 'a>(mut e: &'b Expression<'a>) -> &'b Expression<'a> {
    loop {
        e = match e {
            Expression::ParenthesizedExpression(p) => &p.expression,
            Expression::TSAsExpression(t) => &t.expression,
            Expression::TSSatisfiesExpression(t) => &t.expression,
            Expression::TSNonNullExpression(t) => &t.expression,
            Expression::TSTypeAssertion(t) => &t.expression,
            Expression::TSInstantiationExpression(t) => &t.expression,
            _ => return e,
        };
    }
}

const MAX_PATH: usize = 200;

/// `a.b.c`, `createClient().auth.getUser`, `req.headers[]`; `None` for other expressions.
pub fn path_of(e: &Expression) -> Option<String> {
    let mut out = String::new();
    if write_path(e, &mut out, 0) && out.len() <= MAX_PATH {
        Some(out)
    } else {
        None
    }
}

fn write_path(e: &Expression, out: &mut String, depth: u32) -> bool {
    if depth > 24 {
        return false;
    }
    match unwrap(e) {
        Expression::Identifier(id) => {
            out.push_str(id.name.as_str());
            true
        }
        Expression::ThisExpression(_) => {
            out.push_str("this");
            true
        }
        Expression::StaticMemberExpression(m) => {
            write_static(&m.object, m.property.name.as_str(), out, depth)
        }
        Expression::ComputedMemberExpression(m) => {
            write_computed(&m.object, &m.expression, out, depth)
        }
        Expression::CallExpression(c) => write_call(&c.callee, out, depth),
        Expression::ChainExpression(ch) => match &ch.expression {
            ChainElement::CallExpression(c) => write_call(&c.callee, out, depth),
            ChainElement::TSNonNullExpression(t) => write_path(&t.expression, out, depth + 1),
            ChainElement::StaticMemberExpression(m) => {
                write_static(&m.object, m.property.name.as_str(), out, depth)
            }
            ChainElement::ComputedMemberExpression(m) => {
                write_computed(&m.object, &m.expression, out, depth)
            }
            ChainElement::PrivateFieldExpression(_) => false,
        },
        Expression::NewExpression(n) => {
            out.push_str("new ");
            write_path(&n.callee, out, depth + 1)
        }
        _ => false,
    }
}

/// `a.b`
fn write_static(object: &Expression, property: &str, out: &mut String, depth: u32) -> bool {
    if !write_path(object, out, depth + 1) {
        return false;
    }
    out.push('.');
    out.push_str(property);
    true
}

/// `a['b']` (written as `a.b`) or `a[i]` (written as `a[]`).
fn write_computed(object: &Expression, key: &Expression, out: &mut String, depth: u32) -> bool {
    if !write_path(object, out, depth + 1) {
        return false;
    }
    match unwrap(key) {
        Expression::StringLiteral(s) => {
            out.push('.');
            out.push_str(s.value.as_str());
        }
        _ => out.push_str("[]"),
    }
    true
}

/// `f()`
fn write_call(callee: &Expression, out: &mut String, depth: u32) -> bool {
    if !write_path(callee, out, depth + 1) {
        return false;
    }
    out.push_str("()");
    true
}

/// The call inside `e` after unwrapping (also optional calls `a?.b()`).
pub fn as_call<'b, 'a>(e: &'b Expression<'a>) -> Option<&'b CallExpression<'a>> {
    match unwrap(e) {
        Expression::CallExpression(c) => Some(c),
        Expression::ChainExpression(ch) => match &ch.expression {
            ChainElement::CallExpression(c) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

/// The environment variable a path reads: `process.env.X`, `import.meta.env.X`,
/// `env.X` (t3-env / envalid objects), `Bun.env.X`.
pub fn env_name(path: &str) -> Option<&str> {
    for prefix in ["process.env.", "import.meta.env.", "Bun.env.", "Deno.env."] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let name = rest.split(['.', '(']).next().unwrap_or(rest);
            return (!name.is_empty()).then_some(name);
        }
    }
    // Validated env objects and platform bindings: `env.X`, `env().X`, `getEnv().X`,
    // `serverEnv.X`, `c.env.X` (Hono / Workers).
    let (before, last) = path.rsplit_once('.')?;
    let holder = before
        .rsplit('.')
        .next()
        .unwrap_or(before)
        .trim_end_matches("()");
    let upper = last.len() > 2
        && last
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && last.chars().any(|c| c.is_ascii_uppercase());
    if upper && holder.to_ascii_lowercase().ends_with("env") {
        return Some(last);
    }
    None
}

fn is_request_name(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    matches!(last, "req" | "request" | "rawRequest" | "raw")
}

fn string_arg(args: &[Argument]) -> Option<String> {
    match args.first()?.as_expression().map(unwrap)? {
        Expression::StringLiteral(s) => Some(s.value.as_str().to_string()),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() => {
            t.quasis.first().map(|q| q.value.raw.as_str().to_string())
        }
        _ => None,
    }
}

/// A request-input read made by a call: `req.json()`, `searchParams.get('x')`,
/// `c.req.param('id')`, `headers().get('authorization')`.
pub fn input_of_call(call: &CallExpression) -> Option<(InputSource, Option<String>)> {
    let callee = path_of(&call.callee)?;
    let (recv, method) = callee.rsplit_once('.')?;
    let recv_last = recv.rsplit('.').next().unwrap_or(recv);
    if is_request_name(recv) || recv.ends_with(".req") || recv.ends_with("req.clone()") {
        match method {
            "json" | "text" | "arrayBuffer" | "blob" | "parseBody" => {
                return Some((InputSource::Body, None));
            }
            "formData" => return Some((InputSource::Form, None)),
            "query" | "queries" => return Some((InputSource::Query, string_arg(&call.arguments))),
            "param" => return Some((InputSource::Params, string_arg(&call.arguments))),
            "header" => return Some((InputSource::Headers, string_arg(&call.arguments))),
            _ => {}
        }
    }
    match (recv_last, method) {
        ("searchParams", "get" | "getAll") => {
            Some((InputSource::Query, string_arg(&call.arguments)))
        }
        ("headers" | "headers()", "get") => {
            Some((InputSource::Headers, string_arg(&call.arguments)))
        }
        ("cookies" | "cookies()", "get") => {
            Some((InputSource::Cookies, string_arg(&call.arguments)))
        }
        _ => None,
    }
}

/// A direct read of request input, recognised by its shape.
pub fn input_of(e: &Expression) -> Option<(InputSource, Option<String>)> {
    let e = unwrap(e);
    if let Some(call) = as_call(e) {
        return input_of_call(call);
    }
    // `cookies().get("cart")?.value`: the value of the cookie read.
    let member = match e {
        Expression::StaticMemberExpression(m) => Some(&**m),
        Expression::ChainExpression(ch) => match &ch.expression {
            ChainElement::StaticMemberExpression(m) => Some(&**m),
            _ => None,
        },
        _ => None,
    };
    if let Some(m) = member
        && m.property.name == "value"
        && let Some(call) = as_call(&m.object)
        && let Some((InputSource::Cookies, field)) = input_of_call(call)
    {
        return Some((InputSource::Cookies, field));
    }
    input_of_path(&path_of(e)?)
}

/// A request read written as a member path: `req.body.x`, `request.query.q`,
/// `context.params.id`.
pub fn input_of_path(path: &str) -> Option<(InputSource, Option<String>)> {
    let segs: Vec<&str> = path.split('.').collect();
    // req.body.x, request.query.x, req.params.id, req.headers['x'], req.cookies.x
    for (i, seg) in segs.iter().enumerate() {
        let source = match *seg {
            "body" => InputSource::Body,
            "query" => InputSource::Query,
            "params" => InputSource::Params,
            "headers" => InputSource::Headers,
            "cookies" => InputSource::Cookies,
            "searchParams" => InputSource::Query,
            _ => continue,
        };
        let before = segs[..i].join(".");
        let is_req = i > 0 && is_request_name(&before);
        // Route props: `context.params.id`, `props.searchParams.q`. A bare `params.id` is
        // decided in link, where it is known whether the function is a route handler (a
        // query helper's `params` argument is not the URL's).
        let is_props = matches!(source, InputSource::Params | InputSource::Query)
            && i > 0
            && matches!(
                segs[i - 1],
                "context" | "ctx" | "props" | "route" | "segmentData"
            );
        if is_req || is_props {
            let field = segs.get(i + 1).filter(|f| !f.contains('(') && **f != "[]");
            return Some((source, field.map(|f| f.to_string())));
        }
        break;
    }
    None
}

/// Summarises an expression into a [`Val`], to a bounded depth.
pub fn val_of(e: &Expression, depth: u32) -> Val {
    let e = unwrap(e);
    if let Some((source, field)) = input_of(e) {
        return Val::Input(source, field);
    }
    match e {
        // `a ?? fallback`, `a || fallback`: the value is `a` whenever it is set.
        Expression::LogicalExpression(l)
            if matches!(
                l.operator,
                oxc_syntax::operator::LogicalOperator::Coalesce
                    | oxc_syntax::operator::LogicalOperator::Or
            ) && depth <= 6 =>
        {
            val_of(&l.left, depth + 1)
        }
        // `plan === "year" ? 9000 : 1000`: the value is one of the branches; the test
        // only picks which.
        Expression::ConditionalExpression(_) => {
            let mut refs = Vec::new();
            branch_refs(e, &mut refs, depth + 1);
            Val::Other(refs)
        }
        Expression::StringLiteral(s) => Val::Str(s.value.as_str().to_string()),
        Expression::NumericLiteral(n) => Val::Num(n.value),
        Expression::BooleanLiteral(b) => Val::Bool(b.value),
        Expression::NullLiteral(_) => Val::Null,
        Expression::RegExpLiteral(r) => Val::Regex(r.regex.pattern.text.as_str().to_string()),
        Expression::TemplateLiteral(t) => {
            let parts = t
                .quasis
                .iter()
                .map(|q| q.value.raw.as_str().to_string())
                .collect();
            let vals = if depth > 3 {
                Vec::new()
            } else {
                t.expressions.iter().map(|x| val_of(x, depth + 1)).collect()
            };
            Val::Template(parts, vals)
        }
        Expression::ArrowFunctionExpression(f) => Val::Func(mspan(f.span)),
        Expression::FunctionExpression(f) => Val::Func(mspan(f.span)),
        Expression::ObjectExpression(o) if depth <= 6 => {
            let mut props = Vec::new();
            let mut spreads = Vec::new();
            for p in o.properties.iter().take(64) {
                match p {
                    ObjectPropertyKind::ObjectProperty(p) => {
                        if let Some(k) = p.key.static_name() {
                            props.push((k.to_string(), val_of(&p.value, depth + 1)));
                        }
                    }
                    ObjectPropertyKind::SpreadProperty(s) => {
                        spreads.push(val_of(&s.argument, depth + 1))
                    }
                }
            }
            Val::Object(props, spreads)
        }
        Expression::ArrayExpression(a) if depth <= 3 => Val::Array(
            a.elements
                .iter()
                .take(256)
                .filter_map(|el| el.as_expression().map(|x| val_of(x, depth + 1)))
                .collect(),
        ),
        Expression::NewExpression(n) => match path_of(&n.callee) {
            Some(p) => Val::Call {
                callee: p,
                span: mspan(n.span),
            },
            None => Val::Other(Vec::new()),
        },
        _ => {
            if let Some(call) = as_call(e) {
                return match path_of(&call.callee) {
                    Some(p) => Val::Call {
                        callee: p,
                        span: mspan(call.span),
                    },
                    None => Val::Other(Vec::new()),
                };
            }
            if let Some(p) = path_of(e) {
                if let Some(name) = env_name(&p) {
                    return Val::Env(name.to_string());
                }
                return Val::Path(p);
            }
            let mut refs = Vec::new();
            collect_refs(e, &mut refs, 0);
            Val::Other(refs)
        }
    }
}

/// Paths referenced anywhere in an expression (shallow walk over common shapes).
/// The paths a conditional's possible values mention: its branches', not its tests'.
fn branch_refs(e: &Expression, out: &mut Vec<String>, depth: u32) {
    match unwrap(e) {
        Expression::ConditionalExpression(c) if depth <= 12 => {
            branch_refs(&c.consequent, out, depth + 1);
            branch_refs(&c.alternate, out, depth + 1);
        }
        other => collect_refs(other, out, depth),
    }
}

pub fn collect_refs(e: &Expression, out: &mut Vec<String>, depth: u32) {
    if depth > 12 || out.len() > 64 {
        return;
    }
    let e = unwrap(e);
    if let Some(p) = path_of(e) {
        out.push(p);
        if let Some(c) = as_call(e) {
            for a in &c.arguments {
                if let Some(x) = a.as_expression() {
                    collect_refs(x, out, depth + 1);
                }
            }
        }
        return;
    }
    match e {
        Expression::BinaryExpression(b) => {
            collect_refs(&b.left, out, depth + 1);
            collect_refs(&b.right, out, depth + 1);
        }
        Expression::LogicalExpression(b) => {
            collect_refs(&b.left, out, depth + 1);
            collect_refs(&b.right, out, depth + 1);
        }
        Expression::UnaryExpression(u) => collect_refs(&u.argument, out, depth + 1),
        Expression::ConditionalExpression(c) => {
            collect_refs(&c.test, out, depth + 1);
            collect_refs(&c.consequent, out, depth + 1);
            collect_refs(&c.alternate, out, depth + 1);
        }
        Expression::TemplateLiteral(t) => t
            .expressions
            .iter()
            .for_each(|x| collect_refs(x, out, depth + 1)),
        Expression::ObjectExpression(o) => {
            for p in &o.properties {
                match p {
                    ObjectPropertyKind::ObjectProperty(p) => collect_refs(&p.value, out, depth + 1),
                    ObjectPropertyKind::SpreadProperty(s) => {
                        collect_refs(&s.argument, out, depth + 1)
                    }
                }
            }
        }
        Expression::ArrayExpression(a) => {
            for el in &a.elements {
                if let Some(x) = el.as_expression() {
                    collect_refs(x, out, depth + 1);
                }
            }
        }
        Expression::CallExpression(c) => {
            for a in &c.arguments {
                if let Some(x) = a.as_expression() {
                    collect_refs(x, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn status_in_options(e: Option<&Argument>) -> Option<u16> {
    let obj = match unwrap(e?.as_expression()?) {
        Expression::ObjectExpression(o) => o,
        _ => return None,
    };
    for p in &obj.properties {
        if let ObjectPropertyKind::ObjectProperty(p) = p
            && p.key.is_specific_static_name("status")
            && let Expression::NumericLiteral(n) = unwrap(&p.value)
        {
            return Some(n.value as u16);
        }
    }
    None
}

fn number_arg(a: Option<&Argument>) -> Option<u16> {
    match unwrap(a?.as_expression()?) {
        Expression::NumericLiteral(n) => Some(n.value as u16),
        _ => None,
    }
}

/// Calls that end the request by throwing inside Next.js or a framework.
pub fn is_throwing_navigation(callee: &str) -> bool {
    matches!(
        callee,
        "redirect"
            | "permanentRedirect"
            | "notFound"
            | "unauthorized"
            | "forbidden"
            | "redirectToSignIn"
            | "auth.redirectToSignIn"
            | "redirectToLogin"
    )
}

/// How a returned (or thrown, or stated) expression ends a request.
pub fn response_kind(e: &Expression) -> ExitKind {
    let e = unwrap(e);
    if let Expression::NewExpression(n) = e {
        if let Some(p) = path_of(&n.callee)
            && (p.ends_with("Response") || p == "NextResponse")
        {
            return ExitKind::Respond(status_in_options(n.arguments.get(1)).unwrap_or(200));
        }
        return ExitKind::Return;
    }
    let Some(call) = as_call(e) else {
        return ExitKind::Return;
    };
    let Some(callee) = path_of(&call.callee) else {
        return ExitKind::Return;
    };
    if is_throwing_navigation(&callee) {
        return ExitKind::Redirect;
    }
    if callee == "next" || callee == "NextResponse.next" {
        return ExitKind::Continue;
    }
    let method = callee.rsplit('.').next().unwrap_or(&callee);
    if method == "redirect" || callee.ends_with("redirectToSignIn") {
        return ExitKind::Redirect;
    }
    // NextResponse.json(body, { status }), Response.json(...), json(body, { status }).
    if matches!(
        callee.as_str(),
        "NextResponse.json" | "Response.json" | "json" | "Response.error"
    ) {
        return ExitKind::Respond(status_in_options(call.arguments.get(1)).unwrap_or(200));
    }
    // Hono: c.json(body, 401), c.text('..', 401), c.body(null, 401).
    if let Some(recv) = callee.strip_suffix(&format!(".{method}"))
        && matches!(method, "json" | "text" | "body" | "html" | "newResponse")
        && !recv.contains('(')
        && let Some(st) = number_arg(call.arguments.get(1))
    {
        return ExitKind::Respond(st);
    }
    // Express: res.status(401).json(...), res.sendStatus(401), res.status(403).end().
    if let Some(st) = express_status(call) {
        return ExitKind::Respond(st);
    }
    // Project response helpers: `logAndRespond(msg, { status: 400 })`, `unauthorized()`.
    if let Some(st) = call
        .arguments
        .iter()
        .rev()
        .find_map(|a| status_in_options(Some(a)))
    {
        return ExitKind::Respond(st);
    }
    let lower = method.to_ascii_lowercase();
    if lower.contains("unauthorized") || lower.contains("unauthenticated") {
        return ExitKind::Respond(401);
    }
    if lower.contains("forbidden") {
        return ExitKind::Respond(403);
    }
    ExitKind::Return
}

/// `res.status(N)...` or `res.sendStatus(N)` anywhere in a call chain.
fn express_status(call: &CallExpression) -> Option<u16> {
    let mut cur = call;
    for _ in 0..6 {
        let Expression::StaticMemberExpression(m) = unwrap(&cur.callee) else {
            return None;
        };
        let name = m.property.name.as_str();
        if matches!(name, "status" | "sendStatus" | "writeHead") {
            return number_arg(cur.arguments.first());
        }
        cur = as_call(&m.object)?;
    }
    None
}

/// If a statement always leaves the function (or ends the response), how.
pub fn exit_of_stmt(s: &Statement) -> Option<ExitKind> {
    match s {
        Statement::ReturnStatement(r) => Some(match &r.argument {
            Some(arg) => response_kind(arg),
            None => ExitKind::Return,
        }),
        Statement::ThrowStatement(_) => Some(ExitKind::Throw),
        Statement::BlockStatement(b) => b.body.iter().find_map(exit_of_stmt),
        Statement::ExpressionStatement(es) => exit_of_expr_stmt(&es.expression),
        _ => None,
    }
}

fn exit_of_expr_stmt(e: &Expression) -> Option<ExitKind> {
    let call = as_call(e)?;
    let callee = path_of(&call.callee)?;
    if is_throwing_navigation(&callee) {
        return Some(ExitKind::Redirect);
    }
    if let Some(st) = express_status(call) {
        return Some(ExitKind::Respond(st));
    }
    let method = callee.rsplit('.').next().unwrap_or(&callee);
    if method == "redirect" && callee.starts_with("res") {
        return Some(ExitKind::Redirect);
    }
    None
}

/// Whether a call expression statement is an exit on its own (used for `a && redirect()`).
pub fn exit_of_expression(e: &Expression) -> Option<ExitKind> {
    exit_of_expr_stmt(e)
}

/// The string value of a string literal or a template without substitutions.
pub fn str_value(e: &Expression) -> Option<String> {
    match unwrap(e) {
        Expression::StringLiteral(s) => Some(s.value.as_str().to_string()),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() => {
            t.quasis.first().map(|q| q.value.raw.as_str().to_string())
        }
        _ => None,
    }
}

pub fn string_arg_of(call: &CallExpression) -> Option<String> {
    string_arg(&call.arguments)
}
