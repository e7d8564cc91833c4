//! Env validation: where the app checks `process.env` against a schema (t3-env
//! `createEnv`, zod/valibot `parse(process.env)`, envalid `cleanEnv`), and whether anything
//! runs that check.

use super::project::{Project, is_test_path};
use crate::js::facts::{CallFact, JsFacts, Val};
use shipgate_model::{EnvSchema, FileId, Loc};

fn is_env_object(v: &Val) -> bool {
    match v {
        Val::Path(p) => matches!(p.as_str(), "process.env" | "import.meta.env" | "Bun.env"),
        Val::Other(paths) => paths
            .iter()
            .any(|p| p == "process.env" || p == "import.meta.env"),
        Val::Object(_, spreads) => spreads.iter().any(is_env_object),
        _ => false,
    }
}

/// What kind of validation a call is, if it validates the environment.
fn validation_kind(facts: &JsFacts, c: &CallFact) -> Option<&'static str> {
    let method = c.method();
    if method == "createEnv"
        && facts
            .module_deps
            .iter()
            .any(|d| d.starts_with("@t3-oss/env"))
    {
        return Some("t3-env `createEnv`");
    }
    if !c.args.iter().any(is_env_object) {
        return None;
    }
    match method {
        "cleanEnv" => Some("envalid `cleanEnv`"),
        "parse" | "safeParse" | "parseAsync" | "safeParseAsync" => {
            Some("schema `parse(process.env)`")
        }
        "validate" | "validateSync" => Some("schema `validate(process.env)`"),
        "createEnv" | "parseEnv" | "loadEnv" => Some("`createEnv(process.env)`"),
        _ => None,
    }
}

/// The innermost named function around `at`, if the call is not at module top level.
fn enclosing_function(facts: &JsFacts, call: &CallFact) -> Option<Option<String>> {
    facts
        .functions
        .iter()
        .filter(|f| f.span.contains(call.span) && f.span != call.span)
        .min_by_key(|f| f.span.end - f.span.start)
        .map(|f| f.name.clone())
}

fn imported_by(project: &Project, target: FileId) -> Option<FileId> {
    project.js_files().find_map(|(id, facts)| {
        (id != target
            && !is_test_path(project.path(id))
            && facts
                .module_deps
                .iter()
                .any(|d| project.resolve_import(id, d) == Some(target)))
        .then_some(id)
    })
}

/// A non-test file that calls `name` (`validateEnv()`, `env.validateEnv()`).
fn called_by(project: &Project, name: &str) -> Option<FileId> {
    let dotted = format!(".{name}");
    project.js_files().find_map(|(id, facts)| {
        (!is_test_path(project.path(id))
            && facts
                .calls
                .iter()
                .any(|c| c.callee == name || c.callee.ends_with(&dotted)))
        .then_some(id)
    })
}

pub fn collect(project: &Project) -> Vec<EnvSchema> {
    let mut out = Vec::new();
    for (id, facts) in project.js_files() {
        // Scripts run on their own (`tsx scripts/seed.ts`): nothing imports them.
        let path = project.path(id);
        if is_test_path(path) || path.split('/').any(|s| s == "scripts") {
            continue;
        }
        for c in &facts.calls {
            let Some(kind) = validation_kind(facts, c) else {
                continue;
            };
            let (function, runs_from) = match enclosing_function(facts, c) {
                // At module top level: runs when something imports the module.
                None => (None, imported_by(project, id)),
                // A function counts as the app's env validation only when its name
                // says so (`validateEnv`, `getEnv`, `loadConfig`).
                Some(Some(name)) => {
                    let l = name.to_ascii_lowercase();
                    if !(l.contains("env") || l.contains("config")) {
                        continue;
                    }
                    let by = called_by(project, &name);
                    (Some(name), by)
                }
                // An anonymous function: shipgate cannot tell who calls it.
                Some(None) => continue,
            };
            out.push(EnvSchema {
                at: Loc::new(id, c.span),
                kind: kind.to_string(),
                function,
                runs_from: runs_from.map(|f| project.path(f).to_string()),
            });
        }
    }
    out
}
