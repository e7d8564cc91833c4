//! `.env` files: their assignments, judged (empty, placeholder, local, set) without keeping
//! any value, and whether git tracks them.

use super::project::{Project, is_test_path};
use shipgate_model::secrets::is_env_file;
use shipgate_model::{EnvEntry, EnvFile, EnvRead, EnvValue, FileId, Loc, Span};
use std::collections::{BTreeMap, VecDeque};

/// Example and template files (`.env.example`, `.env-template`, `config.sample.json`,
/// `.env.dist`, `.env.defaults`): what they hold is documentation, not configuration.
pub fn is_example_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    ["example", "sample", "template", "defaults"]
        .iter()
        .any(|w| name.contains(w))
        || name.ends_with(".dist")
        || name.contains(".dist.")
}

fn judge(value: &str) -> EnvValue {
    let v = value.trim();
    let v = v
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
        .unwrap_or(v)
        .trim();
    if v.is_empty() {
        return EnvValue::Empty;
    }
    let l = v.to_ascii_lowercase();
    if matches!(l.as_str(), "true" | "false" | "yes" | "no" | "on" | "off")
        || l.chars().all(|c| c.is_ascii_digit() || c == '.')
    {
        return EnvValue::Flag;
    }
    if shipgate_model::secrets::is_local_dev_jwt(v) {
        return EnvValue::Local;
    }
    const PLACEHOLDERS: &[&str] = &[
        "your",
        "xxx",
        "changeme",
        "change_me",
        "change-me",
        "replace",
        "example",
        "placeholder",
        "dummy",
        "todo",
        "fixme",
        "<",
        "...",
        "secret_here",
        "key_here",
        "insert",
        "fill",
    ];
    if PLACEHOLDERS.iter().any(|p| l.contains(p)) || l == "secret" || l == "password" {
        return EnvValue::Placeholder;
    }
    const LOCAL: &[&str] = &[
        "localhost",
        "127.0.0.1",
        "0.0.0.0",
        "host.docker.internal",
        "[::1]",
    ];
    if LOCAL.iter().any(|p| l.contains(p)) {
        return EnvValue::Local;
    }
    EnvValue::Set
}

fn entries(file: FileId, text: &str) -> Vec<EnvEntry> {
    let mut out = Vec::new();
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if trimmed.starts_with('#') {
            continue;
        }
        let assignment = trimmed.strip_prefix("export ").unwrap_or(trimmed);
        let Some((key, value)) = assignment.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            continue;
        }
        // A trailing ` # comment` is not part of an unquoted value.
        let value = match value.find(" #") {
            Some(i) if !value.trim_start().starts_with(['"', '\'']) => &value[..i],
            _ => value,
        };
        let key_start = start + (body.len() - assignment.len());
        out.push(EnvEntry {
            key: key.to_string(),
            at: Loc::new(
                file,
                Span::new(key_start as u32, (start + body.len()) as u32),
            ),
            value: judge(value),
        });
    }
    out
}

pub fn collect(project: &Project) -> Vec<EnvFile> {
    let mut out = Vec::new();
    for (i, f) in project.files.iter().enumerate() {
        if !is_env_file(&f.path) {
            continue;
        }
        let file = FileId(i as u32);
        out.push(EnvFile {
            file,
            tracked: project.tracked.as_ref().map(|t| t.contains(&f.path)),
            example: is_example_file(&f.path),
            entries: entries(file, &f.text),
        });
    }
    out
}

/// Modules bundled for the browser, each with the `'use client'` file that pulls it in:
/// the client files themselves and everything they import at run time, stopping at
/// `'use server'` modules (server actions are called over the network) and modules that
/// import `server-only` (the build fails if a client imports them).
fn client_modules(project: &Project) -> BTreeMap<FileId, FileId> {
    let server_only = |id: FileId| {
        project.facts(id).is_some_and(|f| {
            f.has_directive("use server") || f.module_deps.iter().any(|d| d == "server-only")
        })
    };
    let mut out = BTreeMap::new();
    let mut entries: Vec<FileId> = project
        .js_files()
        .filter(|(id, f)| f.has_directive("use client") && !is_test_path(project.path(*id)))
        .map(|(id, _)| id)
        .collect();
    entries.sort_by(|a, b| project.path(*a).cmp(project.path(*b)));
    for entry in entries {
        let mut queue = VecDeque::from([(entry, 0u32)]);
        while let Some((id, depth)) = queue.pop_front() {
            if out.contains_key(&id) || (id != entry && server_only(id)) {
                continue;
            }
            out.insert(id, entry);
            if depth >= 8 {
                continue;
            }
            let Some(facts) = project.facts(id) else {
                continue;
            };
            for dep in &facts.module_deps {
                if let Some(next) = project.resolve_import(id, dep)
                    && !is_test_path(project.path(next))
                    && !only_types_imported(project, facts, dep, next)
                {
                    queue.push_back((next, depth + 1));
                }
            }
        }
    }
    out
}

/// `import { ActionState } from './middleware'` where the target declares `ActionState`
/// with `export type`: the compiler drops the import, so nothing is bundled.
fn only_types_imported(
    project: &Project,
    facts: &crate::js::facts::JsFacts,
    source: &str,
    target: FileId,
) -> bool {
    use crate::js::facts::Imported;
    let Some(target) = project.facts(target) else {
        return false;
    };
    let mut names = facts
        .imports
        .iter()
        .filter(|i| i.source == source)
        .peekable();
    names.peek().is_some()
        && names
            .all(|i| matches!(&i.imported, Imported::Named(n) if target.type_exports.contains(n)))
}

/// Every env read outside tests, marked when its module runs in the browser.
pub fn reads(project: &Project) -> Vec<EnvRead> {
    let client = client_modules(project);
    let mut out = Vec::new();
    for (id, facts) in project.js_files() {
        if is_test_path(project.path(id)) {
            continue;
        }
        // t3-env schemas list every variable in `runtimeEnv` and refuse server reads in
        // the browser at run time: that is their design, not a leak.
        let env_schema = facts
            .module_deps
            .iter()
            .any(|d| d.starts_with("@t3-oss/env"));
        for r in &facts.env_reads {
            out.push(EnvRead {
                name: r.name.clone(),
                at: Loc::new(id, r.span),
                client: if env_schema {
                    None
                } else {
                    client.get(&id).copied()
                },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_judged_not_kept() {
        let text = "# comment\nexport STRIPE_SECRET_KEY=sk_live_abc123def456\nOPENAI_API_KEY=\nDATABASE_URL=postgres://postgres:postgres@localhost:5432/app\nJWT_SECRET=\"your-jwt-secret\"\nNEXT_PUBLIC_URL=https://app.example.com # prod\nAUTH_PASSWORD=true\n";
        let e = entries(FileId(0), text);
        let got: Vec<(&str, EnvValue)> = e.iter().map(|e| (e.key.as_str(), e.value)).collect();
        assert_eq!(
            got,
            vec![
                ("STRIPE_SECRET_KEY", EnvValue::Set),
                ("OPENAI_API_KEY", EnvValue::Empty),
                ("DATABASE_URL", EnvValue::Local),
                ("JWT_SECRET", EnvValue::Placeholder),
                ("NEXT_PUBLIC_URL", EnvValue::Placeholder),
                ("AUTH_PASSWORD", EnvValue::Flag),
            ]
        );
        assert_eq!(
            &text[e[0].at.span.start as usize..][..17],
            "STRIPE_SECRET_KEY"
        );
    }
}
