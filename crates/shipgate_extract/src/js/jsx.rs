//! JSX elements that matter to the product rules (links, buttons, forms, images,
//! anything with a click handler, and raw HTML), with their attributes and enclosing
//! elements.

use super::expr::{mspan, path_of, unwrap, val_of};
use super::facts::{JsFacts, JsxAttr, JsxElementFact, JsxValue};
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;

/// Whether a file may hold JSX worth reading (a cheap look before walking the AST).
pub fn relevant(path: &str, text: &str) -> bool {
    (path.ends_with(".tsx") || path.ends_with(".jsx") || path.ends_with(".js"))
        && (text.contains("</") || text.contains("/>"))
}

/// Element names recorded whatever their attributes.
const RECORDED: &[&str] = &[
    "a", "Link", "NextLink", "button", "Button", "img", "Image", "form", "Form",
];

/// Attributes that make an element interactive.
const HANDLERS: &[&str] = &["onClick", "onSubmit", "action", "formAction"];

pub fn collect(program: &Program, source: &str, facts: &mut JsFacts) {
    let mut pass = Pass {
        source,
        stack: Vec::new(),
        out: Vec::new(),
    };
    pass.visit_program(program);
    facts.jsx.extend(pass.out);
}

struct Pass<'s> {
    source: &'s str,
    /// For each enclosing element, whether it passes its props to its child (`asChild`).
    stack: Vec<bool>,
    out: Vec<JsxElementFact>,
}

impl<'s> Pass<'s> {
    fn slice(&self, s: oxc_span::Span) -> &'s str {
        self.source
            .get(s.start as usize..s.end as usize)
            .unwrap_or("")
    }

    fn attr_value(&self, v: Option<&JSXAttributeValue>) -> JsxValue {
        match v {
            None => JsxValue::Flag,
            Some(JSXAttributeValue::StringLiteral(s)) => {
                JsxValue::Val(super::facts::Val::Str(s.value.as_str().to_string()))
            }
            Some(JSXAttributeValue::ExpressionContainer(c)) => match c.expression.as_expression() {
                Some(e) => handler_shape(e).unwrap_or_else(|| JsxValue::Val(val_of(e, 0))),
                None => JsxValue::Other,
            },
            Some(_) => JsxValue::Other,
        }
    }
}

/// What a handler written in place does, when it does nothing useful: `() => {}`,
/// `() => console.log("clicked")`, `() => alert("Coming soon")`.
fn handler_shape(e: &Expression) -> Option<JsxValue> {
    let statements = match unwrap(e) {
        Expression::ArrowFunctionExpression(f) => match &f.body {
            ArrowFunctionBody::FunctionBody(b) => &b.statements,
            other => {
                let x = other.as_expression()?;
                return logs_only(x).then_some(JsxValue::LogOnlyHandler);
            }
        },
        Expression::FunctionExpression(f) => &f.body.as_deref()?.statements,
        _ => return None,
    };
    if statements.is_empty() {
        return Some(JsxValue::EmptyHandler);
    }
    let only_logs = statements.iter().all(|s| match s {
        Statement::ExpressionStatement(x) => logs_only(&x.expression),
        _ => false,
    });
    only_logs.then_some(JsxValue::LogOnlyHandler)
}

/// `console.log(...)`, `alert(...)`.
fn logs_only(e: &Expression) -> bool {
    match unwrap(e) {
        Expression::CallExpression(c) => path_of(&c.callee)
            .is_some_and(|p| p.starts_with("console.") || p == "alert" || p == "window.alert"),
        _ => false,
    }
}

/// The static text inside an element, for messages: `Delete account`.
fn child_text(children: &[JSXChild], out: &mut String, depth: u32) {
    if depth > 4 || out.len() > 80 {
        return;
    }
    for c in children {
        match c {
            JSXChild::Text(t) => {
                let words = t.value.as_str().split_whitespace().collect::<Vec<_>>();
                if !words.is_empty() {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(&words.join(" "));
                }
            }
            JSXChild::Element(el) => child_text(&el.children, out, depth + 1),
            JSXChild::Fragment(f) => child_text(&f.children, out, depth + 1),
            _ => {}
        }
    }
}

impl<'a> Visit<'a> for Pass<'_> {
    fn visit_jsx_element(&mut self, it: &JSXElement<'a>) {
        let open = &it.opening_element;
        let name = self.slice(open.name.span()).to_string();
        let mut attrs = Vec::new();
        let mut spread = false;
        let mut as_child = false;
        for a in &open.attributes {
            match a {
                JSXAttributeItem::Attribute(attr) => {
                    let attr_name = self.slice(attr.name.span()).to_string();
                    if attr_name == "asChild" {
                        as_child = true;
                    }
                    attrs.push(JsxAttr {
                        value: self.attr_value(attr.value.as_ref()),
                        name: attr_name,
                        span: mspan(attr.span),
                    });
                }
                JSXAttributeItem::SpreadAttribute(_) => spread = true,
            }
        }
        let interactive = attrs.iter().any(|a| HANDLERS.contains(&a.name.as_str()));
        let raw_html = attrs.iter().any(|a| a.name == "dangerouslySetInnerHTML");
        if RECORDED.contains(&name.as_str()) || interactive || raw_html {
            let mut text = String::new();
            child_text(&it.children, &mut text, 0);
            self.out.push(JsxElementFact {
                span: mspan(open.span),
                name: name.clone(),
                attrs,
                spread,
                parent_as_child: self.stack.last().copied().unwrap_or(false),
                text: super::collect::shorten(&text, 60),
            });
        }
        self.stack.push(as_child);
        walk::walk_jsx_element(self, it);
        self.stack.pop();
    }

    // A function nested in JSX (a render prop, a `map` callback) keeps the stack: its
    // elements still render inside the enclosing ones.
}
