//! `shipgate-ignore <rule>: <reason>` comments outside JS/TS: `--` comments in SQL, which
//! cover the statement they sit in or precede (to its closing `;`), and `#` comments in
//! TOML, YAML, Dockerfiles and env files, which cover their own line and the next. The
//! comment's own syntax is the JS one ([`crate::js::parse_suppression`]).

use super::project::Project;
use shipgate_model::{FileId, Suppression};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// `-- …`, covering the statement.
    Sql,
    /// `# …`, covering the next line.
    Hash,
}

fn syntax(path: &str) -> Option<Syntax> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("sql") => Some(Syntax::Sql),
        Some("toml" | "yaml" | "yml" | "dockerfile") => Some(Syntax::Hash),
        _ if name == "Dockerfile" || name.starts_with("Dockerfile.") => Some(Syntax::Hash),
        _ if name == ".env" || name.starts_with(".env.") => Some(Syntax::Hash),
        _ => None,
    }
}

/// The comment part of a line, if it has one.
fn comment(line: &str, syntax: Syntax) -> Option<&str> {
    let marker = match syntax {
        Syntax::Sql => "--",
        Syntax::Hash => "#",
    };
    line.find(marker).map(|i| &line[i + marker.len()..])
}

fn scan(file: FileId, text: &str, syntax: Syntax, out: &mut Vec<Suppression>) {
    if !text.contains("shipgate-ignore") {
        return;
    }
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(body) = comment(line, syntax) else {
            continue;
        };
        let Some(s) = crate::js::parse_suppression(body) else {
            continue;
        };
        let n = i as u32 + 1;
        let through = match syntax {
            Syntax::Hash => n + 1,
            // To the end of the statement: the first line at or after the comment whose
            // code (before any comment) ends with `;`.
            Syntax::Sql => lines[i..]
                .iter()
                .enumerate()
                .find(|(k, l)| {
                    let code = if *k == 0 {
                        line.split("--").next().unwrap_or("")
                    } else {
                        l.split("--").next().unwrap_or("")
                    };
                    code.trim_end().ends_with(';')
                })
                .map(|(k, _)| n + k as u32)
                .unwrap_or(lines.len() as u32),
        };
        out.push(Suppression {
            file,
            line: n,
            through,
            rule: s.rule,
            reason: s.reason,
        });
    }
}

pub fn in_other_files(project: &Project) -> Vec<Suppression> {
    let mut out = Vec::new();
    for (i, f) in project.files.iter().enumerate() {
        if let Some(syntax) = syntax(&f.path) {
            scan(FileId(i as u32), &f.text, syntax, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_comments_cover_their_statement() {
        let sql = "create table a (id int);\n\
                   -- shipgate-ignore db/rls-disabled: read-only lookup table\n\
                   create table countries (\n  code text primary key\n);\n\
                   create table b (x int); -- shipgate-ignore db/missing-fk-index: tiny\n";
        let mut out = Vec::new();
        scan(FileId(0), sql, Syntax::Sql, &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].line, out[0].through), (2, 5));
        assert_eq!(out[0].rule, "db/rls-disabled");
        assert_eq!(out[0].reason, "read-only lookup table");
        assert_eq!((out[1].line, out[1].through), (6, 6));
    }

    #[test]
    fn hash_comments_cover_the_next_line() {
        let yml = "env:\n  # shipgate-ignore secrets/hardcoded: test fixture key\n  KEY: abc\n";
        let mut out = Vec::new();
        scan(FileId(0), yml, Syntax::Hash, &mut out);
        assert_eq!((out[0].line, out[0].through), (2, 3));
        assert_eq!(syntax("docker/Dockerfile.prod").map(|_| ()), Some(()));
        assert!(syntax("src/app.ts").is_none());
    }
}
