//! Builds guard programs ([`GStmt`]) from middleware-like functions: the branches on the
//! request path, method and session that decide whether an anonymous request gets through.

use super::expr::*;
use super::facts::*;
use oxc_ast::ast::*;
use oxc_syntax::operator::{BinaryOperator, LogicalOperator, UnaryOperator};

const MAX_DEPTH: u32 = 24;

pub fn build(stmts: &[Statement]) -> Vec<GStmt> {
    let mut out = Vec::new();
    build_into(stmts, &mut out, 0);
    out
}

/// An arrow with an expression body: `({ token }) => !!token`.
pub fn build_expr_body(e: &Expression) -> Vec<GStmt> {
    vec![GStmt::Return(ret_of(e), mspan(e_span(e)))]
}

fn e_span(e: &Expression) -> oxc_span::Span {
    use oxc_span::GetSpan;
    e.span()
}

fn build_into(stmts: &[Statement], out: &mut Vec<GStmt>, depth: u32) {
    if depth > MAX_DEPTH {
        return;
    }
    for s in stmts {
        build_stmt(s, out, depth);
    }
}

fn build_stmt(s: &Statement, out: &mut Vec<GStmt>, depth: u32) {
    match s {
        Statement::IfStatement(i) => {
            let mut then = Vec::new();
            build_stmt(&i.consequent, &mut then, depth + 1);
            let mut els = Vec::new();
            if let Some(a) = &i.alternate {
                build_stmt(a, &mut els, depth + 1);
            }
            out.push(GStmt::If {
                cond: cond_of(&i.test, 0),
                then,
                els,
                span: mspan(i.span),
            });
        }
        Statement::BlockStatement(b) => build_into(&b.body, out, depth + 1),
        Statement::ReturnStatement(r) => {
            let ret = match &r.argument {
                Some(a) => ret_of(a),
                None => GRet::Nothing,
            };
            out.push(GStmt::Return(ret, mspan(r.span)));
        }
        Statement::ThrowStatement(t) => out.push(GStmt::Throw(mspan(t.span))),
        Statement::TryStatement(t) => build_into(&t.block.body, out, depth + 1),
        Statement::ExpressionStatement(es) => expr_stmt(&es.expression, out, mspan(es.span)),
        Statement::VariableDeclaration(v) => {
            for d in &v.declarations {
                let Some(init) = &d.init else { continue };
                let var = match &d.id {
                    BindingPattern::BindingIdentifier(id) => Some(id.name.as_str().to_string()),
                    _ => None,
                };
                let bare = unwrap(init);
                // `const url = process.env.SUPABASE_URL`: the local stands for the env var.
                if let Some(var) = &var
                    && let Some(name) = path_of(bare).as_deref().and_then(env_name)
                {
                    out.push(GStmt::Let {
                        var: var.clone(),
                        cond: GCond::Env(name.to_string()),
                    });
                    continue;
                }
                if let Some(var) = &var
                    && matches!(
                        bare,
                        Expression::LogicalExpression(_)
                            | Expression::BinaryExpression(_)
                            | Expression::UnaryExpression(_)
                    )
                {
                    out.push(GStmt::Let {
                        var: var.clone(),
                        cond: cond_of(bare, 0),
                    });
                    continue;
                }
                if let Some(call) = as_call(init)
                    && let Some(callee) = path_of(&call.callee)
                {
                    if let Some(var) = &var {
                        let cond = call_cond(call, 0);
                        if !matches!(cond, GCond::Names(_)) {
                            out.push(GStmt::Let {
                                var: var.clone(),
                                cond,
                            });
                            continue;
                        }
                    }
                    if is_protect(&callee) {
                        out.push(GStmt::Protect(mspan(call.span)));
                    } else {
                        out.push(GStmt::Call {
                            callee,
                            var,
                            span: mspan(call.span),
                        });
                    }
                }
            }
        }
        _ => {}
    }
}

fn is_protect(callee: &str) -> bool {
    callee == "auth.protect"
        || callee == "auth().protect"
        || callee.ends_with(".protect") && callee.starts_with("auth")
}

fn expr_stmt(e: &Expression, out: &mut Vec<GStmt>, span: shipgate_model::Span) {
    let e = unwrap(e);
    if let Expression::LogicalExpression(l) = e
        && let Some(call) = as_call(&l.right)
        && let Some(callee) = path_of(&call.callee)
        && (is_throwing_navigation(&callee) || is_protect(&callee))
    {
        let stmt = if is_protect(&callee) {
            GStmt::Protect(span)
        } else {
            GStmt::Redirect(span)
        };
        let cond = cond_of(&l.left, 0);
        let cond = match l.operator {
            LogicalOperator::And => cond,
            LogicalOperator::Or => GCond::Not(Box::new(cond)),
            LogicalOperator::Coalesce => GCond::Unknown,
        };
        out.push(GStmt::If {
            cond,
            then: vec![stmt],
            els: Vec::new(),
            span,
        });
        return;
    }
    let Some(call) = as_call(e) else { return };
    let Some(callee) = path_of(&call.callee) else {
        return;
    };
    if is_protect(&callee) {
        out.push(GStmt::Protect(span));
    } else if is_throwing_navigation(&callee) {
        out.push(GStmt::Redirect(span));
    } else {
        out.push(GStmt::Call {
            callee,
            var: None,
            span: mspan(call.span),
        });
    }
}

fn ret_of(e: &Expression) -> GRet {
    let e = unwrap(e);
    match e {
        Expression::BooleanLiteral(b) => return GRet::Bool(GCond::Const(b.value)),
        Expression::Identifier(id) => return GRet::Var(id.name.as_str().to_string()),
        Expression::NullLiteral(_) => return GRet::Nothing,
        Expression::NewExpression(n) => {
            return match path_of(&n.callee).as_deref() {
                Some(p) if p.ends_with("Response") => match response_kind(e) {
                    ExitKind::Respond(s) => GRet::Response(Some(s)),
                    _ => GRet::Response(None),
                },
                _ => GRet::Other,
            };
        }
        _ => {}
    }
    if let Some(call) = as_call(e)
        && let Some(callee) = path_of(&call.callee)
    {
        let method = callee.rsplit('.').next().unwrap_or(&callee);
        return match (callee.as_str(), method) {
            (_, "next") if callee.contains("Response") => GRet::Next,
            (_, "rewrite") => GRet::Rewrite,
            (c, _) if is_throwing_navigation(c) => GRet::Redirect,
            (_, "redirect" | "redirectToSignIn") => GRet::Redirect,
            _ => match response_kind(e) {
                ExitKind::Respond(s) => GRet::Response(Some(s)),
                ExitKind::Redirect => GRet::Redirect,
                _ => GRet::Call(callee),
            },
        };
    }
    match e {
        Expression::UnaryExpression(_)
        | Expression::LogicalExpression(_)
        | Expression::BinaryExpression(_) => GRet::Bool(cond_of(e, 0)),
        _ => match path_of(e) {
            Some(p) => GRet::Bool(GCond::Names(vec![p])),
            None => GRet::Other,
        },
    }
}

fn is_path_expr(e: &Expression) -> bool {
    match path_of(e) {
        Some(p) => {
            let last = p.rsplit('.').next().unwrap_or(&p);
            matches!(
                last,
                "pathname" | "path" | "pathName" | "route" | "currentPath"
            )
        }
        None => false,
    }
}

pub fn cond_of(e: &Expression, depth: u32) -> GCond {
    if depth > MAX_DEPTH {
        return GCond::Unknown;
    }
    let e = unwrap(e);
    match e {
        Expression::BooleanLiteral(b) => GCond::Const(b.value),
        Expression::UnaryExpression(u) if u.operator == UnaryOperator::LogicalNot => {
            GCond::Not(Box::new(cond_of(&u.argument, depth + 1)))
        }
        Expression::LogicalExpression(l) => {
            let a = Box::new(cond_of(&l.left, depth + 1));
            let b = Box::new(cond_of(&l.right, depth + 1));
            match l.operator {
                LogicalOperator::And => GCond::And(a, b),
                LogicalOperator::Or => GCond::Or(a, b),
                LogicalOperator::Coalesce => GCond::Unknown,
            }
        }
        Expression::BinaryExpression(b) => binary_cond(b, depth),
        _ => {
            if let Some(call) = as_call(e) {
                return call_cond(call, depth);
            }
            match path_of(e) {
                Some(p) => match env_name(&p) {
                    Some(name) => GCond::Env(name.to_string()),
                    None => GCond::Names(vec![p]),
                },
                None => {
                    let mut refs = Vec::new();
                    collect_refs(e, &mut refs, 0);
                    if refs.is_empty() {
                        GCond::Unknown
                    } else {
                        GCond::Names(refs)
                    }
                }
            }
        }
    }
}

fn binary_cond(b: &BinaryExpression, depth: u32) -> GCond {
    use BinaryOperator as B;
    let negated = matches!(b.operator, B::StrictInequality | B::Inequality);
    if !matches!(
        b.operator,
        B::StrictEquality | B::Equality | B::StrictInequality | B::Inequality
    ) {
        let mut refs = Vec::new();
        collect_refs(&b.left, &mut refs, 0);
        collect_refs(&b.right, &mut refs, 0);
        return if refs.is_empty() {
            GCond::Unknown
        } else {
            GCond::Names(refs)
        };
    }
    let wrap = |c: GCond| if negated { GCond::Not(Box::new(c)) } else { c };
    for (x, y) in [(&b.left, &b.right), (&b.right, &b.left)] {
        if let Some(s) = str_value(y) {
            if let Some(name) = path_of(x).as_deref().and_then(env_name) {
                return GCond::EnvEq(name.to_string(), s, negated);
            }
            if is_path_expr(x) {
                return wrap(GCond::PathEq(s));
            }
            if path_of(x).is_some_and(|p| p == "method" || p.ends_with(".method")) {
                return wrap(GCond::Method(s.to_ascii_uppercase()));
            }
        }
        if str_value(y).is_some()
            || matches!(
                unwrap(y),
                Expression::NumericLiteral(_) | Expression::BooleanLiteral(_)
            )
        {
            let mut refs = Vec::new();
            collect_refs(x, &mut refs, 0);
            if !refs.is_empty() {
                return GCond::Compare(refs, negated);
            }
        }
        // `session === null`, `user == undefined`: truthiness of the other side, inverted.
        if matches!(unwrap(y), Expression::NullLiteral(_)) || unwrap(y).is_undefined() {
            let c = GCond::Not(Box::new(cond_of(x, depth + 1)));
            return wrap(c);
        }
    }
    let mut refs = Vec::new();
    collect_refs(&b.left, &mut refs, 0);
    collect_refs(&b.right, &mut refs, 0);
    if refs.is_empty() {
        GCond::Unknown
    } else {
        GCond::Names(refs)
    }
}

fn list_of(e: &Expression) -> (Vec<Val>, Option<String>) {
    match unwrap(e) {
        Expression::ArrayExpression(_) => match val_of(e, 0) {
            Val::Array(items) => (items, None),
            _ => (Vec::new(), None),
        },
        other => (Vec::new(), path_of(other)),
    }
}

fn call_cond(call: &CallExpression, depth: u32) -> GCond {
    let Some(callee) = path_of(&call.callee) else {
        return GCond::Unknown;
    };
    let args: Vec<&Expression> = call
        .arguments
        .iter()
        .filter_map(|a| a.as_expression())
        .collect();
    // `Boolean(session)` is the truthiness of its argument.
    if callee == "Boolean" && args.len() == 1 {
        return cond_of(args[0], depth + 1);
    }
    if let Expression::StaticMemberExpression(m) = unwrap(&call.callee) {
        let method = m.property.name.as_str();
        let recv = &m.object;
        match method {
            "startsWith" | "endsWith" | "includes" if is_path_expr(recv) => {
                if let Some(s) = args.first().and_then(|a| str_value(a)) {
                    return match method {
                        "startsWith" => GCond::PathPrefix(s),
                        "endsWith" => GCond::PathSuffix(s),
                        _ => GCond::PathContains(s),
                    };
                }
                return GCond::Unknown;
            }
            "includes" if args.first().is_some_and(|a| is_path_expr(a)) => {
                let (list, list_name) = list_of(recv);
                return GCond::PathList {
                    list,
                    list_name,
                    mode: ListMode::Exact,
                };
            }
            "some" | "find" | "findIndex" => {
                if let Some(mode) = args.first().and_then(|f| predicate_mode(f)) {
                    let (list, list_name) = list_of(recv);
                    return GCond::PathList {
                        list,
                        list_name,
                        mode,
                    };
                }
            }
            "test" if args.first().is_some_and(|a| is_path_expr(a)) => {
                if let Expression::RegExpLiteral(r) = unwrap(recv) {
                    return GCond::PathRegex(r.regex.pattern.text.as_str().to_string());
                }
            }
            "match" if is_path_expr(recv) => {
                if let Some(Expression::RegExpLiteral(r)) = args.first().map(|a| unwrap(a)) {
                    return GCond::PathRegex(r.regex.pattern.text.as_str().to_string());
                }
            }
            _ => {}
        }
    }
    // Glob matching: `micromatch.isMatch(pathname, PUBLIC)`, `minimatch(pathname, "/api/**")`.
    let method = callee.rsplit('.').next().unwrap_or(&callee);
    if matches!(
        method,
        "isMatch" | "minimatch" | "picomatch" | "matchesGlob" | "some" | "any"
    ) && (callee.contains("match") || callee.contains("glob"))
        && args.first().is_some_and(|a| is_path_expr(a))
        && let Some(patterns) = args.get(1)
    {
        let (list, list_name) = match unwrap(patterns) {
            Expression::StringLiteral(_) | Expression::TemplateLiteral(_) => {
                (vec![val_of(patterns, 0)], None)
            }
            other => list_of(other),
        };
        return GCond::PathList {
            list,
            list_name,
            mode: ListMode::Glob,
        };
    }
    // `isPublicRoute(req)`: a route matcher built elsewhere in the file.
    if !callee.contains('.') && args.len() == 1 && path_of(args[0]).is_some() {
        return GCond::Matcher(callee);
    }
    let _ = depth;
    GCond::Names(vec![format!("{callee}()")])
}

/// The shape of a `some` predicate over a list of routes.
fn predicate_mode(f: &Expression) -> Option<ListMode> {
    let body = match unwrap(f) {
        Expression::ArrowFunctionExpression(a) => {
            if let Some(e) = a.get_expression() {
                e
            } else {
                match a.body.as_function_body()?.statements.first() {
                    Some(Statement::ReturnStatement(r)) => r.argument.as_ref()?,
                    _ => return None,
                }
            }
        }
        _ => return None,
    };
    let body = unwrap(body);
    if let Some(call) = as_call(body)
        && let Expression::StaticMemberExpression(m) = unwrap(&call.callee)
    {
        return match m.property.name.as_str() {
            "startsWith" if is_path_expr(&m.object) => Some(ListMode::Prefix),
            "test" => Some(ListMode::Regex),
            "match" if is_path_expr(&m.object) => Some(ListMode::Regex),
            _ => None,
        };
    }
    if let Expression::BinaryExpression(b) = body
        && matches!(
            b.operator,
            BinaryOperator::StrictEquality | BinaryOperator::Equality
        )
        && (is_path_expr(&b.left) || is_path_expr(&b.right))
    {
        return Some(ListMode::Exact);
    }
    if let Expression::LogicalExpression(l) = body {
        // `pathname === p || pathname.startsWith(p + '/')`
        let a = predicate_body_mode(&l.left);
        let b = predicate_body_mode(&l.right);
        return match (a, b) {
            (Some(ListMode::Prefix), _) | (_, Some(ListMode::Prefix)) => Some(ListMode::Prefix),
            (Some(m), _) | (_, Some(m)) => Some(m),
            _ => None,
        };
    }
    None
}

fn predicate_body_mode(e: &Expression) -> Option<ListMode> {
    let e = unwrap(e);
    if let Some(call) = as_call(e)
        && let Expression::StaticMemberExpression(m) = unwrap(&call.callee)
        && m.property.name.as_str() == "startsWith"
        && is_path_expr(&m.object)
    {
        return Some(ListMode::Prefix);
    }
    if let Expression::BinaryExpression(b) = e
        && (is_path_expr(&b.left) || is_path_expr(&b.right))
    {
        return Some(ListMode::Exact);
    }
    None
}
