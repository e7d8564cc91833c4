//! Which env vars an expression reads, directly or through locals bound to env reads:
//! the conditions around demo logins and mock fallbacks.

use super::expr::{env_name, mspan, path_of};
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;
use shipgate_model::Span;
use std::collections::HashMap;

/// Env vars that name the environment (`NODE_ENV`, `VERCEL_ENV`, Vite's `DEV`/`MODE`):
/// code gated on them runs in development, previews or tests, not behind a flag.
pub fn names_environment(name: &str) -> bool {
    matches!(
        name,
        "NODE_ENV" | "CI" | "ENVIRONMENT" | "STAGE" | "MODE" | "DEV" | "PROD"
    ) || name.ends_with("_ENV")
}

/// Locals bound to env reads: `const demo = process.env.DEMO_MODE === 'true'`,
/// `const { KEY } = ...process.env...`, `const missing = keys.filter((k) => !process.env[k])`.
pub type EnvLocals = HashMap<String, Vec<(String, Span)>>;

/// Env vars an expression reads, with where; `?` names a computed read
/// (`process.env[key]`).
pub fn env_reads(e: &Expression, locals: &EnvLocals) -> Vec<(String, Span)> {
    struct Reads<'l> {
        locals: &'l EnvLocals,
        out: Vec<(String, Span)>,
    }
    impl<'a> Visit<'a> for Reads<'_> {
        fn visit_expression(&mut self, e: &Expression<'a>) {
            if let Some(p) = path_of(e) {
                if let Some(name) = env_name(&p) {
                    self.out.push((name.to_string(), mspan(e.span())));
                    return;
                }
                if p.starts_with("process.env[") || p.starts_with("import.meta.env[") {
                    self.out.push(("?".to_string(), mspan(e.span())));
                    return;
                }
            }
            if let Expression::Identifier(id) = e
                && let Some(reads) = self.locals.get(id.name.as_str())
            {
                self.out.extend(reads.iter().cloned());
            }
            walk::walk_expression(self, e);
        }
    }
    let mut r = Reads {
        locals,
        out: Vec::new(),
    };
    r.visit_expression(e);
    r.out
}

/// Every local in the file bound to env reads.
pub fn env_locals(program: &Program) -> EnvLocals {
    struct Pass(EnvLocals);
    impl<'a> Visit<'a> for Pass {
        fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
            if let Some(init) = &it.init {
                let reads = env_reads(init, &self.0);
                if !reads.is_empty() {
                    match &it.id {
                        BindingPattern::BindingIdentifier(id) => {
                            self.0.insert(id.name.as_str().to_string(), reads);
                        }
                        BindingPattern::ObjectPattern(o) => {
                            for p in &o.properties {
                                if let BindingPattern::BindingIdentifier(id) = &p.value {
                                    self.0.insert(id.name.as_str().to_string(), reads.clone());
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            walk::walk_variable_declarator(self, it);
        }
    }
    let mut p = Pass(EnvLocals::new());
    p.visit_program(program);
    p.0
}
