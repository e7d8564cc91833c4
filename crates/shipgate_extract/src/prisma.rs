//! Reads Prisma schema files (`schema.prisma`, `prisma/schema/*.prisma`): models and
//! views with their fields, `@map`/`@@map` names, ids, unique constraints, indexes and
//! relations. No maintained Rust crate parses Prisma's language, so this is a small
//! parser of our own: a lexer, then blocks, fields and attributes. Anything it does not
//! understand is skipped, never guessed.

use shipgate_model::Span;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Punct(char),
    /// `@@`
    BlockAt,
    Newline,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: u32,
    end: u32,
}

fn lex(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i as u32;
        match c {
            b'\n' => {
                out.push(Token {
                    tok: Tok::Newline,
                    start,
                    end: start + 1,
                });
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                let mut s = Vec::new();
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                    if b[i] == b'\\' && i + 1 < b.len() {
                        i += 1;
                    }
                    s.push(b[i]);
                    i += 1;
                }
                i += 1;
                out.push(Token {
                    tok: Tok::Str(String::from_utf8_lossy(&s).into_owned()),
                    start,
                    end: i.min(b.len()) as u32,
                });
            }
            b'@' if b.get(i + 1) == Some(&b'@') => {
                out.push(Token {
                    tok: Tok::BlockAt,
                    start,
                    end: start + 2,
                });
                i += 2;
            }
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.')
                {
                    i += 1;
                }
                out.push(Token {
                    tok: Tok::Ident(text[start as usize..i].to_string()),
                    start,
                    end: i as u32,
                });
            }
            c if c.is_ascii_whitespace() => i += 1,
            c if c.is_ascii() => {
                out.push(Token {
                    tok: Tok::Punct(c as char),
                    start,
                    end: start + 1,
                });
                i += 1;
            }
            // Non-ASCII outside strings: skip the whole character.
            _ => {
                i += 1;
                while i < b.len() && (b[i] & 0xC0) == 0x80 {
                    i += 1;
                }
            }
        }
    }
    out
}

#[derive(Debug, Clone, Default)]
pub struct PrismaField {
    pub name: String,
    /// The column name (`@map`), or the field name.
    pub column: String,
    /// The type as written, without `?` or `[]`.
    pub type_name: String,
    pub optional: bool,
    pub list: bool,
    pub id: bool,
    pub unique: bool,
    /// `@relation(fields: [...])`: the scalar fields that hold the foreign key.
    pub relation_fields: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct PrismaModel {
    pub name: String,
    /// The table name (`@@map`), or the model name.
    pub table: String,
    /// `@@schema("x")` (multi-schema), if any.
    pub schema: Option<String>,
    pub view: bool,
    pub fields: Vec<PrismaField>,
    /// `@@id([...])`
    pub id: Vec<String>,
    /// `@@unique([...])`, `@@index([...])`: field names in order.
    pub uniques: Vec<Vec<String>>,
    pub indexes: Vec<Vec<String>>,
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct PrismaFacts {
    pub models: Vec<PrismaModel>,
    pub enums: Vec<String>,
    /// `relationMode = "prisma"`: no foreign keys in the database.
    pub relation_mode_prisma: bool,
}

struct Parser {
    toks: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn skip_newlines(&mut self) {
        while self.peek() == Some(&Tok::Newline) {
            self.pos += 1;
        }
    }

    /// Skips to the end of the current line.
    fn skip_line(&mut self) {
        while let Some(t) = self.peek() {
            if *t == Tok::Newline {
                break;
            }
            self.pos += 1;
        }
    }

    /// Skips a balanced `(...)`, `[...]` or `{...}` starting at the current token.
    fn skip_group(&mut self) {
        let mut depth = 0i32;
        while let Some(t) = self.next() {
            match t.tok {
                Tok::Punct('(' | '[' | '{') => depth += 1,
                Tok::Punct(')' | ']' | '}') => {
                    depth -= 1;
                    if depth <= 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// The tokens of an attribute's `( ... )`, without the outer parentheses.
    fn args(&mut self) -> Vec<Tok> {
        if self.peek() != Some(&Tok::Punct('(')) {
            return Vec::new();
        }
        let start = self.pos;
        self.skip_group();
        let end = self.pos.min(self.toks.len());
        self.toks[start + 1..end.saturating_sub(1)]
            .iter()
            .map(|t| t.tok.clone())
            .filter(|t| *t != Tok::Newline)
            .collect()
    }
}

/// The first string argument: `@map("col")`, `@@map(name: "t")`.
fn first_string(args: &[Tok]) -> Option<String> {
    args.iter().find_map(|t| match t {
        Tok::Str(s) => Some(s.clone()),
        _ => None,
    })
}

/// The identifiers of a list argument: the one named `key`, or the first list when `key`
/// is empty. Nested arguments (`a(sort: Desc)`) are skipped.
fn list_arg(args: &[Tok], key: &str) -> Vec<String> {
    let mut i = 0;
    if !key.is_empty() {
        let found = args
            .windows(2)
            .position(|w| matches!((&w[0], &w[1]), (Tok::Ident(k), Tok::Punct(':')) if k == key));
        match found {
            Some(p) => i = p + 2,
            None => return Vec::new(),
        }
    }
    // `@@index(userId)`: a single field without brackets.
    if let (Some(Tok::Ident(name)), next) = (args.get(i), args.get(i + 1))
        && next != Some(&Tok::Punct(':'))
        && next != Some(&Tok::Punct('('))
    {
        return vec![name.clone()];
    }
    while i < args.len() && args[i] != Tok::Punct('[') {
        // A list must come before any other named argument when unnamed.
        if key.is_empty() && args[i] == Tok::Punct(':') {
            return Vec::new();
        }
        i += 1;
    }
    let mut out = Vec::new();
    let mut depth = 0;
    for t in &args[i.min(args.len())..] {
        match t {
            Tok::Punct('[') => depth += 1,
            Tok::Punct(']') => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Tok::Punct('(') => depth += 1,
            Tok::Punct(')') => depth -= 1,
            Tok::Ident(name) if depth == 1 => out.push(name.clone()),
            _ => {}
        }
    }
    out
}

pub fn parse(text: &str) -> PrismaFacts {
    let mut p = Parser {
        toks: lex(text),
        pos: 0,
    };
    let mut out = PrismaFacts::default();
    loop {
        p.skip_newlines();
        let Some(t) = p.next() else { break };
        let Tok::Ident(kw) = t.tok else {
            continue;
        };
        match kw.as_str() {
            "model" | "view" => {
                let Some(Token {
                    tok: Tok::Ident(name),
                    start,
                    end,
                }) = p.next()
                else {
                    continue;
                };
                if p.peek() != Some(&Tok::Punct('{')) {
                    continue;
                }
                p.pos += 1;
                let mut m = PrismaModel {
                    table: name.clone(),
                    name,
                    view: kw == "view",
                    span: Span::new(start, end),
                    ..Default::default()
                };
                model_body(&mut p, &mut m);
                for f in &mut m.fields {
                    if f.column.is_empty() {
                        f.column = f.name.clone();
                    }
                }
                out.models.push(m);
            }
            "enum" => {
                if let Some(Tok::Ident(name)) = p.next().map(|t| t.tok) {
                    out.enums.push(name);
                }
                if p.peek() == Some(&Tok::Punct('{')) {
                    p.skip_group();
                }
            }
            "datasource" => {
                p.skip_line();
                // `relationMode = "prisma"` inside the block.
                let start = p.pos;
                loop {
                    match p.peek() {
                        None | Some(Tok::Punct('}')) => break,
                        _ => p.pos += 1,
                    }
                }
                let body = &p.toks[start..p.pos];
                out.relation_mode_prisma |= body.windows(3).any(|w| {
                    matches!((&w[0].tok, &w[1].tok, &w[2].tok),
                        (Tok::Ident(k), Tok::Punct('='), Tok::Str(v)) if k == "relationMode" && v == "prisma")
                });
                p.pos += 1;
            }
            _ => {
                // generator, type, or anything new: skip its block.
                while let Some(t) = p.peek() {
                    if *t == Tok::Punct('{') {
                        p.skip_group();
                        break;
                    }
                    if *t == Tok::Newline {
                        break;
                    }
                    p.pos += 1;
                }
            }
        }
    }
    out
}

fn model_body(p: &mut Parser, m: &mut PrismaModel) {
    loop {
        p.skip_newlines();
        let Some(t) = p.next() else { return };
        match t.tok {
            Tok::Punct('}') => return,
            Tok::BlockAt => {
                let Some(Tok::Ident(attr)) = p.next().map(|t| t.tok) else {
                    p.skip_line();
                    continue;
                };
                let args = p.args();
                match attr.as_str() {
                    "map" => {
                        if let Some(s) = first_string(&args) {
                            m.table = s;
                        }
                    }
                    "schema" => m.schema = first_string(&args),
                    "id" => m.id = list_arg(&args, ""),
                    "unique" => m.uniques.push(list_arg(&args, "")),
                    "index" => m.indexes.push(list_arg(&args, "")),
                    _ => {}
                }
                p.skip_line();
            }
            Tok::Ident(name) => {
                let Some(Tok::Ident(type_name)) = p.peek().cloned() else {
                    p.skip_line();
                    continue;
                };
                p.pos += 1;
                let mut f = PrismaField {
                    name,
                    type_name,
                    span: Span::new(t.start, t.end),
                    ..Default::default()
                };
                // `String?`, `Post[]`, and the old `String[]?` spelling.
                loop {
                    match p.peek() {
                        Some(Tok::Punct('?')) => f.optional = true,
                        Some(Tok::Punct('[')) => f.list = true,
                        Some(Tok::Punct(']')) => {}
                        _ => break,
                    }
                    p.pos += 1;
                }
                field_attrs(p, &mut f);
                m.fields.push(f);
            }
            _ => p.skip_line(),
        }
    }
}

fn field_attrs(p: &mut Parser, f: &mut PrismaField) {
    loop {
        match p.peek() {
            None | Some(Tok::Newline) | Some(Tok::Punct('}')) => return,
            Some(Tok::Punct('@')) => {
                p.pos += 1;
                let Some(Tok::Ident(attr)) = p.next().map(|t| t.tok) else {
                    continue;
                };
                let args = p.args();
                match attr.as_str() {
                    "id" => f.id = true,
                    "unique" => f.unique = true,
                    "map" => {
                        if let Some(s) = first_string(&args) {
                            f.column = s;
                        }
                    }
                    "relation" => f.relation_fields = list_arg(&args, "fields"),
                    _ => {}
                }
            }
            _ => p.pos += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str = r#"
// A comment with { braces } and "quotes"
generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["prismaSchemaFolder"]
}

datasource db {
  provider     = "mysql"
  url          = env("DATABASE_URL")
  relationMode = "prisma"
}

enum Role {
  OWNER
  MEMBER
}

/// A workspace.
model Workspace {
  id        String   @id @default(cuid())
  name      String   @db.VarChar(120)
  plan      String?  @default("free")
  members   Member[]
  createdAt DateTime @default(now()) @map("created_at")

  @@map("workspaces")
}

model Member {
  workspaceId String    @map("workspace_id")
  userId      String
  role        Role      @default(MEMBER)
  workspace   Workspace @relation(fields: [workspaceId], references: [id], onDelete: Cascade)
  user        User      @relation("memberships", fields: [userId], references: [id])

  @@id([workspaceId, userId])
  @@unique([userId, workspaceId], map: "member_user_ws")
  @@index([userId(sort: Desc)])
  @@index(role)
  @@schema("app")
}

view ActiveMembers {
  userId String @unique
}
"#;

    #[test]
    fn reads_models_fields_and_attributes() {
        let facts = parse(SCHEMA);
        assert!(facts.relation_mode_prisma);
        assert_eq!(facts.enums, vec!["Role"]);
        let names: Vec<&str> = facts.models.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, vec!["Workspace", "Member", "ActiveMembers"]);

        let ws = &facts.models[0];
        assert_eq!(ws.table, "workspaces");
        let created = ws.fields.iter().find(|f| f.name == "createdAt").unwrap();
        assert_eq!(created.column, "created_at");
        let plan = ws.fields.iter().find(|f| f.name == "plan").unwrap();
        assert!(plan.optional);
        let members = ws.fields.iter().find(|f| f.name == "members").unwrap();
        assert!(members.list);
        assert_eq!(members.type_name, "Member");
        assert!(ws.fields.iter().find(|f| f.name == "id").unwrap().id);
        assert_eq!(
            &SCHEMA[ws.span.start as usize..ws.span.end as usize],
            "Workspace"
        );

        let m = &facts.models[1];
        assert_eq!(m.id, vec!["workspaceId", "userId"]);
        assert_eq!(m.uniques, vec![vec!["userId", "workspaceId"]]);
        assert_eq!(m.indexes, vec![vec!["userId"], vec!["role"]]);
        assert_eq!(m.schema.as_deref(), Some("app"));
        let user = m.fields.iter().find(|f| f.name == "user").unwrap();
        assert_eq!(user.relation_fields, vec!["userId"]);
        let ws_id = m.fields.iter().find(|f| f.name == "workspaceId").unwrap();
        assert_eq!(ws_id.column, "workspace_id");

        assert!(facts.models[2].view);
        assert!(facts.models[2].fields[0].unique);
    }

    #[test]
    fn survives_broken_input() {
        for text in [
            "model",
            "model X {",
            "model X { a String @relation(fields: [",
            "@@@",
            "}}}",
            "model 💥 { ü String }",
        ] {
            let _ = parse(text);
        }
        let facts = parse("model A {\n  id Int @id\n\nmodel B {\n id Int @id\n}\n");
        assert!(!facts.models.is_empty());
    }
}
