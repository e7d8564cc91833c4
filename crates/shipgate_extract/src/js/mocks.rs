//! Fake data returned when configuration is missing: `if (!process.env.X) return
//! \`mock-${id}\``, `process.env.KEY ? await real() : MOCK_RESPONSE`, in one JS/TS file.

use super::env_cond::{EnvLocals, env_locals, env_reads, names_environment};
use super::expr::{mspan, path_of, unwrap};
use super::facts::{JsFacts, MockFallbackFact};
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;
use shipgate_model::Span as MSpan;

/// Whether a file may hold a mock fallback (a cheap look before walking the AST).
pub fn relevant(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("env")
        && ["mock", "fake", "dummy", "stub"]
            .iter()
            .any(|w| lower.contains(w))
}

/// A flag that turns mocks on on purpose: `USE_MOCKS`, `MOCK_PAYMENTS`.
fn is_mock_flag(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    ["MOCK", "FAKE", "STUB", "DUMMY"]
        .iter()
        .any(|w| n.contains(w))
}

fn mock_word(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["mock", "fake", "dummy", "stub"].iter().any(|w| {
        lower.match_indices(w).any(|(i, _)| {
            // A word start: `mock-`, `fake_`, `mockData`, `MOCK_USERS`, not `hammock`.
            i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphabetic()
        })
    })
}

pub fn collect(program: &Program, facts: &mut JsFacts) {
    let mut pass = Pass {
        locals: env_locals(program),
        out: Vec::new(),
    };
    pass.visit_program(program);
    facts.mock_fallbacks.extend(pass.out);
}

/// The mock-looking value an expression returns, as written (shortened): a string or
/// template that starts a word with mock/fake/dummy/stub, a `mockData` / `getFakeUser()`
/// name, or an object or response holding one.
fn mock_value(e: &Expression, depth: u32) -> Option<MSpan> {
    if depth > 3 {
        return None;
    }
    let e = unwrap(e);
    match e {
        Expression::StringLiteral(s) => mock_word(&s.value).then(|| mspan(s.span)),
        Expression::TemplateLiteral(t) => t
            .quasis
            .first()
            .is_some_and(|q| mock_word(q.value.raw.as_str()))
            .then(|| mspan(t.span)),
        Expression::Identifier(id) => mock_word(&id.name).then(|| mspan(id.span)),
        Expression::StaticMemberExpression(m) => {
            mock_word(m.property.name.as_str()).then(|| mspan(m.span))
        }
        Expression::CallExpression(c) => {
            let callee = path_of(&c.callee).unwrap_or_default();
            let last = callee.rsplit('.').next().unwrap_or_default();
            if mock_word(last) && !last.to_ascii_lowercase().starts_with("unmock") {
                return Some(mspan(c.span));
            }
            // `NextResponse.json(mockData)`, `res.json({ id: 'mock-1' })`.
            c.arguments
                .iter()
                .filter_map(|a| a.as_expression())
                .find_map(|a| mock_value(a, depth + 1))
        }
        Expression::AwaitExpression(a) => mock_value(&a.argument, depth + 1),
        Expression::ObjectExpression(o) => o.properties.iter().find_map(|p| match p {
            ObjectPropertyKind::ObjectProperty(p) => mock_value(&p.value, depth + 1),
            ObjectPropertyKind::SpreadProperty(s) => mock_value(&s.argument, depth + 1),
        }),
        Expression::ArrayExpression(a) => a
            .elements
            .iter()
            .filter_map(|el| el.as_expression())
            .find_map(|el| mock_value(el, depth + 1)),
        _ => None,
    }
}

/// The first `return <mock>` (or `res.json(<mock>)`) in a branch, nested functions
/// left out.
fn returned_mock(s: &Statement) -> Option<MSpan> {
    match s {
        Statement::ReturnStatement(r) => r.argument.as_ref().and_then(|a| mock_value(a, 0)),
        Statement::ExpressionStatement(x) => match unwrap(&x.expression) {
            Expression::CallExpression(c)
                if path_of(&c.callee).is_some_and(|p| {
                    p.ends_with(".json") || p.ends_with(".send") || p.ends_with(".end")
                }) =>
            {
                mock_value(&x.expression, 0)
            }
            _ => None,
        },
        Statement::BlockStatement(b) => b.body.iter().find_map(returned_mock),
        Statement::IfStatement(i) => {
            returned_mock(&i.consequent).or_else(|| i.alternate.as_ref().and_then(returned_mock))
        }
        _ => None,
    }
}

struct Pass {
    locals: EnvLocals,
    out: Vec<MockFallbackFact>,
}

impl Pass {
    fn branch(&mut self, test: &Expression, at: Option<MSpan>) {
        let Some(at) = at else { return };
        let reads: Vec<String> = env_reads(test, &self.locals)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        if reads.is_empty() || reads.iter().any(|n| names_environment(n)) {
            return;
        }
        let flag = reads.iter().find(|n| is_mock_flag(n)).cloned();
        let mut env = match &flag {
            Some(f) => vec![f.clone()],
            None => reads,
        };
        env.dedup();
        self.out.push(MockFallbackFact {
            span: at,
            test: mspan(test.span()),
            env,
            flag: flag.is_some(),
        });
    }
}

impl<'a> Visit<'a> for Pass {
    fn visit_if_statement(&mut self, it: &IfStatement<'a>) {
        let at =
            returned_mock(&it.consequent).or_else(|| it.alternate.as_ref().and_then(returned_mock));
        self.branch(&it.test, at);
        walk::walk_if_statement(self, it);
    }

    fn visit_conditional_expression(&mut self, it: &ConditionalExpression<'a>) {
        let at = mock_value(&it.consequent, 0).or_else(|| mock_value(&it.alternate, 0));
        self.branch(&it.test, at);
        walk::walk_conditional_expression(self, it);
    }
}
