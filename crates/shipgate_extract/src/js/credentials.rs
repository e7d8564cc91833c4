//! NextAuth / Auth.js credentials providers in one file: whether an env flag switches
//! one on, and whether its `authorize` checks the password at all.

use super::env_cond::{EnvLocals, env_locals, env_reads, names_environment};
use super::expr::{env_name, mspan, path_of, unwrap};
use super::facts::{CredentialsFact, JsFacts, PasswordUse};
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_syntax::operator::{BinaryOperator, UnaryOperator};
use shipgate_model::Span;

/// Whether a file may configure a credentials provider (a cheap look before walking).
pub fn relevant(text: &str) -> bool {
    text.contains("providers/credentials")
}

pub fn collect(program: &Program, facts: &mut JsFacts) {
    let locals: Vec<String> = facts
        .imports
        .iter()
        .filter(|i| i.source.ends_with("providers/credentials"))
        .map(|i| i.local.clone())
        .collect();
    if locals.is_empty() {
        return;
    }
    let mut pass = ProviderPass {
        locals,
        flags: env_locals(program),
        conditions: Vec::new(),
        out: Vec::new(),
    };
    pass.visit_program(program);
    facts.credentials.extend(pass.out);
}

struct ProviderPass {
    locals: Vec<String>,
    flags: EnvLocals,
    /// Env reads in the conditions of the branches being visited.
    conditions: Vec<Vec<(String, Span)>>,
    out: Vec<CredentialsFact>,
}

impl ProviderPass {
    fn provider(&mut self, call: &CallExpression) {
        let conditions: Vec<&(String, Span)> = self
            .conditions
            .iter()
            .flatten()
            .filter(|(n, _)| n != "?")
            .collect();
        let dev_only = conditions.iter().any(|(n, _)| names_environment(n));
        let env_flag = conditions
            .iter()
            .find(|(n, _)| !names_environment(n))
            .map(|(n, s)| (n.clone(), *s));
        let mut fact = CredentialsFact {
            span: mspan(call.span),
            env_flag,
            dev_only,
            password_field: false,
            password: PasswordUse::NotRead,
        };
        let Some(Expression::ObjectExpression(options)) = call
            .arguments
            .first()
            .and_then(|a| a.as_expression())
            .map(unwrap)
        else {
            return self.out.push(fact);
        };
        for p in &options.properties {
            let ObjectPropertyKind::ObjectProperty(p) = p else {
                continue;
            };
            match p.key.static_name().as_deref() {
                Some("credentials") => {
                    if let Expression::ObjectExpression(fields) = unwrap(&p.value) {
                        fact.password_field = fields.properties.iter().any(|f| {
                            matches!(f, ObjectPropertyKind::ObjectProperty(f)
                                if f.key.static_name().is_some_and(|k| k.to_ascii_lowercase().contains("password")))
                        });
                    }
                }
                Some("authorize") => {
                    let mut uses = PasswordUses {
                        params: first_params(&p.value),
                        read: false,
                        checked: false,
                        literal: None,
                    };
                    uses.visit_expression(&p.value);
                    fact.password = if let Some(s) = uses.literal {
                        PasswordUse::Literal(s)
                    } else if uses.checked {
                        PasswordUse::Checked
                    } else if uses.read {
                        PasswordUse::Ignored
                    } else {
                        PasswordUse::NotRead
                    };
                    fact.password_field |= uses.read;
                }
                _ => {}
            }
        }
        self.out.push(fact);
    }
}

impl<'a> Visit<'a> for ProviderPass {
    fn visit_conditional_expression(&mut self, it: &ConditionalExpression<'a>) {
        self.visit_expression(&it.test);
        self.conditions.push(env_reads(&it.test, &self.flags));
        self.visit_expression(&it.consequent);
        self.visit_expression(&it.alternate);
        self.conditions.pop();
    }

    fn visit_logical_expression(&mut self, it: &LogicalExpression<'a>) {
        self.visit_expression(&it.left);
        self.conditions.push(env_reads(&it.left, &self.flags));
        self.visit_expression(&it.right);
        self.conditions.pop();
    }

    fn visit_if_statement(&mut self, it: &IfStatement<'a>) {
        self.visit_expression(&it.test);
        self.conditions.push(env_reads(&it.test, &self.flags));
        self.visit_statement(&it.consequent);
        if let Some(alt) = &it.alternate {
            self.visit_statement(alt);
        }
        self.conditions.pop();
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let callee = path_of(&it.callee).unwrap_or_default();
        // `Credentials({...})` or `CredentialsProvider.default({...})` (CommonJS interop).
        let root = callee.split('.').next().unwrap_or_default();
        if self.locals.iter().any(|l| l == root) {
            self.provider(it);
        }
        walk::walk_call_expression(self, it);
    }
}

/// The name of a function's first parameter, when it is a plain identifier.
fn first_params(e: &Expression) -> Vec<String> {
    let params = match unwrap(e) {
        Expression::FunctionExpression(f) => &f.params,
        Expression::ArrowFunctionExpression(f) => &f.params,
        _ => return Vec::new(),
    };
    match params.items.first().map(|p| &p.pattern) {
        Some(BindingPattern::BindingIdentifier(id)) => vec![id.name.as_str().to_string()],
        _ => Vec::new(),
    }
}

/// Whether an expression mentions the password: `password`, `credentials.password`,
/// `creds?.password`.
fn mentions_password(e: &Expression) -> bool {
    struct Find(bool);
    impl<'a> Visit<'a> for Find {
        fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
            self.0 |= it.name.to_ascii_lowercase().contains("password");
        }
        fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
            self.0 |= it.property.name.to_ascii_lowercase().contains("password");
            walk::walk_static_member_expression(self, it);
        }
        fn visit_computed_member_expression(&mut self, it: &ComputedMemberExpression<'a>) {
            if let Expression::StringLiteral(s) = &it.expression {
                self.0 |= s.value.to_ascii_lowercase().contains("password");
            }
            walk::walk_computed_member_expression(self, it);
        }
    }
    let mut f = Find(false);
    f.visit_expression(e);
    f.0
}

/// How `authorize` uses the password: read at all; handed to something that can check it
/// (a call, an object sent on, a comparison); compared with a string literal.
struct PasswordUses {
    /// `authorize`'s first parameter (`credentials`): handing it on hands the password on.
    params: Vec<String>,
    read: bool,
    checked: bool,
    literal: Option<Span>,
}

impl PasswordUses {
    fn hands_on(&self, e: &Expression) -> bool {
        mentions_password(e)
            || matches!(unwrap(e), Expression::Identifier(id) if self.params.iter().any(|p| p == id.name.as_str()))
    }
}

impl<'a> Visit<'a> for PasswordUses {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        self.read |= it.name.to_ascii_lowercase().contains("password");
    }

    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        self.read |= it.property.name.to_ascii_lowercase().contains("password");
        walk::walk_static_member_expression(self, it);
    }

    fn visit_binary_expression(&mut self, it: &BinaryExpression<'a>) {
        if matches!(
            it.operator,
            BinaryOperator::StrictEquality
                | BinaryOperator::Equality
                | BinaryOperator::StrictInequality
                | BinaryOperator::Inequality
        ) {
            let (l, r) = (unwrap(&it.left), unwrap(&it.right));
            for (a, b) in [(l, r), (r, l)] {
                // `env.AUTH_DISABLE_PASSWORD === "true"` is configuration.
                let config = path_of(a).is_some_and(|p| env_name(&p).is_some());
                if mentions_password(a) && !config {
                    match b {
                        Expression::StringLiteral(s)
                            if !matches!(s.value.as_str(), "" | "true" | "false") =>
                        {
                            self.literal.get_or_insert(mspan(it.span));
                        }
                        // `password === undefined`, `typeof password === 'string'`.
                        Expression::Identifier(id) if id.name == "undefined" => {}
                        Expression::NullLiteral(_) => {}
                        _ if matches!(a, Expression::UnaryExpression(u) if u.operator == UnaryOperator::Typeof) =>
                            {}
                        _ => self.checked = true,
                    }
                }
            }
        }
        walk::walk_binary_expression(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let callee = path_of(&it.callee).unwrap_or_default();
        // Logging the password is not checking it.
        let logs = callee.starts_with("console.") || callee.ends_with(".log");
        if !logs
            && it
                .arguments
                .iter()
                .filter_map(|a| a.as_expression())
                .any(|a| self.hands_on(a))
        {
            self.checked = true;
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        // `{ email, password }` sent to an API or a query checks it elsewhere.
        if self.hands_on(&it.value) {
            self.checked = true;
        }
        walk::walk_object_property(self, it);
    }

    fn visit_spread_element(&mut self, it: &SpreadElement<'a>) {
        // `...credentials` hands the password on with everything else.
        if self.hands_on(&it.argument) {
            self.checked = true;
        }
        walk::walk_spread_element(self, it);
    }
}
