//! SQL migrations: which files hold them, and the schema facts each statement gives,
//! read with pg_query (Postgres' own parser). A statement that does not parse is kept
//! as an error with its place, and the rest of the file is still read.

mod convert;
pub mod facts;
mod policy;
mod split;

use facts::{SqlError, SqlFacts, SqlStatement};
use shipgate_model::Span;

/// Which kind of schema file a path is, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlFileKind {
    /// One migration in an ordered folder.
    Migration,
    /// A whole-schema dump (`supabase/schema.sql`, `schema.sql`), used when no migrations
    /// exist.
    Dump,
}

pub fn sql_file_kind(rel: &str) -> Option<SqlFileKind> {
    let lower = rel.to_ascii_lowercase();
    if !lower.ends_with(".sql") {
        return None;
    }
    let segs: Vec<&str> = lower.split('/').collect();
    let name = *segs.last()?;
    let dirs = &segs[..segs.len() - 1];
    // Seeds and tests run against a database; they do not define it.
    if name.contains("seed")
        || dirs
            .iter()
            .any(|d| matches!(*d, "seed" | "seeds" | "test" | "tests" | "__tests__"))
    {
        return None;
    }
    if dirs
        .iter()
        .any(|d| matches!(*d, "migrations" | "migration" | "drizzle"))
    {
        return Some(SqlFileKind::Migration);
    }
    if name == "schema.sql" || name.ends_with("_schema.sql") || name == "init.sql" {
        return Some(SqlFileKind::Dump);
    }
    None
}

/// Reads every statement of a file. Never fails: a statement that cannot be read becomes
/// an error with its span, and the rest of the file is still read.
pub fn extract(text: &str) -> SqlFacts {
    // A byte order mark would break the first statement; spaces keep every offset.
    let unmarked;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            unmarked = format!("   {rest}");
            unmarked.as_str()
        }
        None => text,
    };
    let mut out = SqlFacts::default();
    // The fast path: the whole file at once, when no expression is too heavy for it.
    if split::heaviest_expression(text) <= split::MAX_OPERATORS
        && let Ok(parsed) = pg_query::parse(text)
    {
        for raw in &parsed.protobuf.stmts {
            let Some(node) = raw.stmt.as_ref().and_then(|s| s.node.as_ref()) else {
                continue;
            };
            let start = usize::try_from(raw.stmt_location).unwrap_or(0);
            let len = usize::try_from(raw.stmt_len).unwrap_or(0);
            let end = if len == 0 {
                text.len()
            } else {
                (start + len).min(text.len())
            };
            push(&mut out, node, text, start, end, 0);
        }
        return out;
    }
    // Some statement is bad or too heavy: one statement at a time.
    for piece in split::statements(text) {
        let (start, piece) = match piece {
            split::Piece::Statement { start, text } => (start, text),
            split::Piece::Bad { span, reason } => {
                out.errors.push(SqlError {
                    span: trimmed(text, span.start as usize, span.end as usize),
                    reason,
                });
                continue;
            }
        };
        let end = start + piece.len();
        let heaviest = split::heaviest_expression(piece);
        if heaviest > split::MAX_OPERATORS {
            out.errors.push(SqlError {
                span: trimmed(text, start, end),
                reason: format!(
                    "{heaviest} operators in one expression (the limit is {})",
                    split::MAX_OPERATORS
                ),
            });
            continue;
        }
        match pg_query::parse(piece) {
            Ok(parsed) => {
                for raw in &parsed.protobuf.stmts {
                    if let Some(node) = raw.stmt.as_ref().and_then(|s| s.node.as_ref()) {
                        push(&mut out, node, text, start, end, start as u32);
                    }
                }
            }
            Err(e) => out.errors.push(SqlError {
                span: trimmed(text, start, end),
                reason: short(&e.to_string()),
            }),
        }
    }
    out
}

fn push(
    out: &mut SqlFacts,
    node: &pg_query::NodeEnum,
    text: &str,
    start: usize,
    end: usize,
    base: u32,
) {
    let mut found = Vec::new();
    convert::statement(node, base, &mut found);
    if let pg_query::NodeEnum::DoStmt(d) = node {
        do_block(d, start, &mut found);
    }
    let span = trimmed(text, start, end);
    out.statements
        .extend(found.into_iter().map(|fact| SqlStatement { span, fact }));
}

/// Statements inside a `DO $$ ... $$` block: migrations often guard DDL with `IF NOT
/// EXISTS (...) THEN ALTER TABLE ... ADD COLUMN ...; END IF;`, create policies there, or
/// `EXECUTE` a DDL string. Each piece that parses as SQL on its own is read; PL/pgSQL
/// control flow around it is skipped. Positions inside point at the block.
fn do_block(d: &pg_query::protobuf::DoStmt, start: usize, out: &mut Vec<facts::SqlFact>) {
    let body = d.args.iter().find_map(|a| match a.node.as_ref()? {
        pg_query::NodeEnum::DefElem(e) if e.defname == "as" => {
            match e.arg.as_ref()?.node.as_ref()? {
                pg_query::NodeEnum::String(s) => Some(s.sval.clone()),
                _ => None,
            }
        }
        _ => None,
    });
    let Some(body) = body else { return };
    // Bounded: a block is read once, and only its first few hundred pieces.
    let Ok(pieces) = pg_query::split_with_scanner(&body) else {
        return;
    };
    const KEYWORDS: &[&str] = &[
        "create ", "alter ", "grant ", "revoke ", "drop ", "comment ",
    ];
    for piece in pieces.into_iter().take(400) {
        let lower = piece.to_ascii_lowercase();
        // `EXECUTE 'ALTER TABLE ...'` and `EXECUTE $q$...$q$`: the string is the statement.
        let candidate: String = if let Some(i) = lower.find("execute ") {
            let rest = piece[i + "execute ".len()..].trim();
            let unquoted = rest
                .strip_prefix('\'')
                .and_then(|r| r.strip_suffix('\''))
                .map(|r| r.replace("''", "'"))
                .or_else(|| {
                    let tag_end = rest.strip_prefix('$')?.find('$')? + 2;
                    let tag = &rest[..tag_end];
                    rest[tag_end..].strip_suffix(tag).map(str::to_string)
                });
            match unquoted {
                Some(s) => s,
                None => continue,
            }
        } else {
            match KEYWORDS
                .iter()
                .filter_map(|k| {
                    lower
                        .match_indices(k)
                        .find(|(i, _)| *i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphanumeric())
                        .map(|(i, _)| i)
                })
                .min()
            {
                Some(i) => piece[i..].to_string(),
                None => continue,
            }
        };
        if split::heaviest_expression(&candidate) > split::MAX_OPERATORS {
            continue;
        }
        let Ok(parsed) = pg_query::parse(&candidate) else {
            continue;
        };
        for raw in &parsed.protobuf.stmts {
            if let Some(node) = raw.stmt.as_ref().and_then(|s| s.node.as_ref()) {
                convert::statement(node, start as u32, out);
            }
        }
    }
}

fn short(s: &str) -> String {
    let s = s.trim();
    let mut cut = s.len().min(160);
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s[..cut].to_string()
}

/// The statement's span without leading whitespace and comments, so it points at its
/// first keyword.
fn trimmed(text: &str, mut start: usize, end: usize) -> Span {
    let b = text.as_bytes();
    while start < end {
        match b[start] {
            c if c.is_ascii_whitespace() => start += 1,
            b'-' if b.get(start + 1) == Some(&b'-') => {
                while start < end && b[start] != b'\n' {
                    start += 1;
                }
            }
            b'/' if b.get(start + 1) == Some(&b'*') => {
                start += 2;
                while start + 1 < end && !(b[start] == b'*' && b[start + 1] == b'/') {
                    start += 1;
                }
                start = (start + 2).min(end);
            }
            _ => break,
        }
    }
    Span::new(start as u32, end as u32)
}

#[cfg(test)]
mod tests {
    use super::facts::SqlFact;
    use super::*;

    #[test]
    fn every_statement_is_read_or_reported() {
        let f = extract(
            "\u{feff}create table a (id int);\nfoo bar;\ninsert into a values (1;\ncreate table b (id int);\n",
        );
        let tables: Vec<String> = f
            .statements
            .iter()
            .filter_map(|s| match &s.fact {
                SqlFact::CreateTable { table, .. } => Some(table.name.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(tables, ["a", "b"]);
        let bad: Vec<u32> = f.errors.iter().map(|e| e.span.start).collect();
        assert_eq!(bad.len(), 2, "{:?}", f.errors);
        let heavy = extract(&format!(
            "select {};\ncreate table c (id int);",
            vec!["1"; 3000].join("+")
        ));
        assert_eq!(heavy.errors.len(), 1);
        assert!(
            heavy.errors[0]
                .reason
                .contains("operators in one expression")
        );
        assert_eq!(heavy.statements.len(), 1);
    }

    #[test]
    fn classifies_schema_files() {
        assert_eq!(
            sql_file_kind("supabase/migrations/20240101000000_init.sql"),
            Some(SqlFileKind::Migration)
        );
        assert_eq!(
            sql_file_kind("prisma/migrations/20240101_init/migration.sql"),
            Some(SqlFileKind::Migration)
        );
        assert_eq!(
            sql_file_kind("drizzle/0000_tidy_hulk.sql"),
            Some(SqlFileKind::Migration)
        );
        assert_eq!(
            sql_file_kind("supabase/schema.sql"),
            Some(SqlFileKind::Dump)
        );
        assert_eq!(sql_file_kind("supabase/seed.sql"), None);
        assert_eq!(sql_file_kind("supabase/migrations/seed_data.sql"), None);
        assert_eq!(sql_file_kind("docs/query.sql"), None);
    }

    #[test]
    fn recovers_after_a_bad_statement() {
        let sql = "create table a (id uuid primary key);\n\
                   this is not sql;\n\
                   -- a comment\n\
                   alter table a enable row level security;\n";
        let facts = extract(sql);
        assert_eq!(facts.errors.len(), 1);
        assert_eq!(&sql[facts.errors[0].span.start as usize..][..4], "this");
        assert_eq!(facts.statements.len(), 2);
        let alter = &facts.statements[1];
        assert!(matches!(alter.fact, SqlFact::AlterTable { .. }));
        assert!(sql[alter.span.start as usize..].starts_with("alter table a"));
    }

    #[test]
    fn reads_ddl_inside_do_blocks() {
        let sql = "create table public.notes (id uuid primary key);\n\
                   do $$ begin\n\
                     if not exists (select 1 from information_schema.columns where table_name = 'notes' and column_name = 'owner') then\n\
                       alter table public.notes add column owner uuid;\n\
                     end if;\n\
                     execute 'alter table public.notes enable row level security';\n\
                     create policy \"own\" on public.notes for select using (owner = auth.uid());\n\
                   end $$;\n";
        let facts = extract(sql);
        assert!(facts.errors.is_empty());
        let kinds: Vec<&SqlFact> = facts.statements.iter().map(|s| &s.fact).collect();
        assert_eq!(kinds.len(), 4, "{kinds:?}");
        assert!(matches!(kinds[1], SqlFact::AlterTable { .. }));
        assert!(matches!(kinds[2], SqlFact::AlterTable { .. }));
        assert!(matches!(kinds[3], SqlFact::CreatePolicy { .. }));
        // Every fact from the block points at the block.
        assert!(sql[facts.statements[3].span.start as usize..].starts_with("do $$"));
    }

    #[test]
    fn reads_supabase_dump_idioms() {
        let sql = r#"
DO $$ BEGIN
  CREATE TYPE public.plan AS ENUM ('free', 'pro');
EXCEPTION WHEN duplicate_object THEN null; END $$;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
REVOKE ALL ON TABLE public.secrets FROM public, anon;
CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION public.handle_new_user('x');
CREATE OR REPLACE FUNCTION public.handle_new_user() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
BEGIN INSERT INTO public.profiles (id) VALUES (new.id); RETURN new; END; $$;
insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
"#;
        let facts = extract(sql);
        assert!(facts.errors.is_empty(), "{:?}", facts.errors);
        let revoke = facts.statements.iter().find_map(|s| match &s.fact {
            SqlFact::Grant {
                grant: false,
                roles,
                ..
            } => Some(roles.clone()),
            _ => None,
        });
        assert_eq!(revoke, Some(vec!["anon".to_string(), "public".to_string()]));
        assert!(facts.statements.iter().any(|s| matches!(
            &s.fact,
            SqlFact::CreateFunction {
                security_definer: true,
                search_path_set: true,
                ..
            }
        )));
        assert!(facts.statements.iter().any(|s| matches!(
            &s.fact,
            SqlFact::Bucket { id, public: true } if id == "avatars"
        )));
    }
}
