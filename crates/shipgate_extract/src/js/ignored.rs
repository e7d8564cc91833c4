//! Calls whose outcome the code ignores: the result is thrown away (`await db.log.create(x);`
//! as a statement), or only its error is kept and that error is at most logged
//! (`const { error: e } = await q; if (e) console.error(e);`). A failure there does not
//! change what the request answers: only that one read or write is lost.

use super::expr::{path_of, unwrap};
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use std::collections::HashSet;

/// The spans (`start`, `end`) of calls in a program whose outcome is ignored.
pub fn collect(program: &Program) -> HashSet<(u32, u32)> {
    let mut w = Walk::default();
    w.visit_program(program);
    let mut out = w.discarded;
    for (span, name) in w.error_only {
        if !w.used.contains(&name) {
            out.insert(span);
        }
    }
    out
}

#[derive(Default)]
struct Walk {
    /// Calls whose result is thrown away.
    discarded: HashSet<(u32, u32)>,
    /// Calls whose result keeps only the error, with the local that holds it.
    error_only: Vec<((u32, u32), String)>,
    /// The locals holding such errors, by name.
    watched: HashSet<String>,
    /// Watched names read somewhere other than a log call or a test that exits nowhere.
    used: HashSet<String>,
    /// Inside a log call's arguments, or the test of a branch that neither returns nor
    /// throws: reading an error there does not act on it.
    harmless: u32,
}

/// A call that only writes a log line: `console.error(...)`, `logger.warn(...)`.
fn is_log_call(call: &CallExpression) -> bool {
    let Some(path) = path_of(&call.callee) else {
        return false;
    };
    let method = path.rsplit('.').next().unwrap_or("");
    path.contains('.')
        && matches!(
            method,
            "log" | "error" | "warn" | "info" | "debug" | "trace"
        )
}

/// Whether a statement returns or throws anywhere inside it.
fn leaves(stmt: &Statement) -> bool {
    #[derive(Default)]
    struct Find(bool);
    impl<'a> Visit<'a> for Find {
        fn visit_return_statement(&mut self, _: &ReturnStatement<'a>) {
            self.0 = true;
        }
        fn visit_throw_statement(&mut self, _: &ThrowStatement<'a>) {
            self.0 = true;
        }
        fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
            // `redirect()`, `notFound()`, `process.exit()`: they end the request too.
            self.0 |= path_of(&it.callee).is_some_and(|p| {
                matches!(
                    p.rsplit('.').next().unwrap_or(""),
                    "redirect" | "notFound" | "exit" | "abort" | "fail" | "reject"
                )
            });
            walk::walk_call_expression(self, it);
        }
        fn visit_function(&mut self, _: &Function<'a>, _: oxc_syntax::scope::ScopeFlags) {}
        fn visit_arrow_function_expression(&mut self, _: &ArrowFunctionExpression<'a>) {}
    }
    let mut f = Find::default();
    f.visit_statement(stmt);
    f.0
}

impl<'a> Visit<'a> for Walk {
    fn visit_expression_statement(&mut self, it: &ExpressionStatement<'a>) {
        if let Expression::CallExpression(c) = unwrap(&it.expression) {
            self.discarded.insert((c.span.start, c.span.end));
        }
        walk::walk_expression_statement(self, it);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let (BindingPattern::ObjectPattern(o), Some(init)) = (&it.id, &it.init)
            && o.rest.is_none()
            && let [p] = o.properties.as_slice()
            && p.key.static_name().as_deref() == Some("error")
            && let BindingPattern::BindingIdentifier(local) = &p.value
            && let Expression::CallExpression(c) = unwrap(init)
        {
            let name = local.name.to_string();
            self.watched.insert(name.clone());
            self.error_only.push(((c.span.start, c.span.end), name));
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_if_statement(&mut self, it: &IfStatement<'a>) {
        let acts = leaves(&it.consequent) || it.alternate.as_ref().is_some_and(leaves);
        if !acts {
            self.harmless += 1;
        }
        self.visit_expression(&it.test);
        if !acts {
            self.harmless -= 1;
        }
        self.visit_statement(&it.consequent);
        if let Some(alt) = &it.alternate {
            self.visit_statement(alt);
        }
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if is_log_call(it) {
            self.harmless += 1;
            walk::walk_call_expression(self, it);
            self.harmless -= 1;
        } else {
            walk::walk_call_expression(self, it);
        }
    }

    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        if self.harmless == 0 && self.watched.contains(it.name.as_str()) {
            self.used.insert(it.name.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxc_allocator::Allocator;
    use oxc_parser::Parser;
    use oxc_span::SourceType;

    /// The source text of every call whose outcome is ignored.
    fn ignored(src: &str) -> Vec<String> {
        let alloc = Allocator::default();
        let ret = Parser::new(&alloc, src, SourceType::ts()).parse();
        let mut out: Vec<String> = collect(&ret.program)
            .into_iter()
            .map(|(s, e)| src[s as usize..e as usize].to_string())
            .filter(|t| t.starts_with("db"))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_discarded_result_is_ignored() {
        assert_eq!(
            ignored("async function f() { await db.audit.add({ a: 1 }); }"),
            ["db.audit.add({ a: 1 })"]
        );
    }

    #[test]
    fn an_error_only_logged_is_ignored() {
        let src = "async function f() {
            const { error: failed } = await db.trail.put(1);
            if (failed) { logger.warn('no trail', failed.message); }
            return ok();
        }";
        assert_eq!(ignored(src), ["db.trail.put(1)"]);
    }

    #[test]
    fn an_error_that_ends_the_request_is_not_ignored() {
        for handling in [
            "if (oops) { log.error(oops); return fail(500); }",
            "if (oops) throw oops;",
            "return json({ problem: oops });",
        ] {
            let src = format!(
                "async function f() {{ const {{ error: oops }} = await db.order.put(1); {handling} }}"
            );
            assert!(ignored(&src).is_empty(), "{handling}");
        }
    }

    #[test]
    fn a_kept_result_is_not_ignored() {
        let src = "async function f() { const { data, error } = await db.order.put(1); const r = await db.x.get(); }";
        assert!(ignored(src).is_empty());
    }
}
