//! Reads the SQL text of a raw query (`db.execute(sql`...`)`, `pool.query("...")`) to learn
//! what it does and to which table.

use shipgate_model::DbOp;
use sqlparser::ast::{
    FromTable, ObjectName, Query, SetExpr, Statement, TableFactor, TableObject, TableWithJoins,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

/// The operation and main table of one SQL statement. `None` when the text is not a
/// single statement shipgate can parse: a fragment, a dialect it does not read, or not SQL.
pub fn classify(text: &str) -> Option<(DbOp, Option<String>)> {
    let first = text.split_whitespace().next()?.to_ascii_lowercase();
    if !matches!(
        first.as_str(),
        "select" | "insert" | "update" | "delete" | "with"
    ) {
        return None;
    }
    let statements = Parser::parse_sql(&PostgreSqlDialect {}, text).ok()?;
    let [statement] = statements.as_slice() else {
        return None;
    };
    match statement {
        Statement::Insert(i) => {
            let table = match &i.table {
                TableObject::TableName(name) => Some(table_name(name)),
                _ => None,
            };
            let op = if i.on.is_some() {
                DbOp::Upsert
            } else {
                DbOp::Insert
            };
            Some((op, table))
        }
        Statement::Update(u) => Some((DbOp::Update, from_tables(std::slice::from_ref(&u.table)))),
        Statement::Delete(d) => {
            let tables = match &d.from {
                FromTable::WithFromKeyword(t) | FromTable::WithoutKeyword(t) => t,
            };
            Some((DbOp::Delete, from_tables(tables)))
        }
        Statement::Query(q) => Some(query(q)),
        _ => None,
    }
}

/// `with x as (update ...) select ...` writes; a plain query reads its first table.
fn query(q: &Query) -> (DbOp, Option<String>) {
    if let Some(with) = &q.with {
        for cte in &with.cte_tables {
            if let SetExpr::Insert(Statement::Insert(_))
            | SetExpr::Update(Statement::Update(_))
            | SetExpr::Delete(Statement::Delete(_)) = cte.query.body.as_ref()
            {
                let (op, table) = body(&cte.query.body);
                return (op, table);
            }
        }
        // `with recent as (select ... from views) select * from recent`: the table read is
        // the one inside the named query, not its name.
        let (op, table) = body(&q.body);
        if let Some(name) = &table
            && let Some(cte) = with
                .cte_tables
                .iter()
                .find(|c| c.alias.name.value.eq_ignore_ascii_case(name))
        {
            return (op, query(&cte.query).1);
        }
        return (op, table);
    }
    body(&q.body)
}

fn body(b: &SetExpr) -> (DbOp, Option<String>) {
    match b {
        SetExpr::Select(s) => (DbOp::Select, from_tables(&s.from)),
        SetExpr::Query(q) => query(q),
        SetExpr::SetOperation { left, .. } => body(left),
        SetExpr::Insert(s) | SetExpr::Update(s) | SetExpr::Delete(s) => {
            let text = s.to_string();
            classify(&text).unwrap_or((DbOp::Select, None))
        }
        _ => (DbOp::Select, None),
    }
}

fn from_tables(tables: &[TableWithJoins]) -> Option<String> {
    tables.iter().find_map(|t| match &t.relation {
        // `from jsonb_to_recordset($1) as r(...)`: a function's rows, not a table.
        TableFactor::Table { args: Some(_), .. } => None,
        TableFactor::Table { name, .. } => Some(table_name(name)),
        _ => None,
    })
}

/// `public."Users"` → `Users`: the last part, unquoted, as the schema names it. A table
/// in another schema keeps it (`pgmq.q_jobs`), so it is not taken for a public one.
fn table_name(name: &ObjectName) -> String {
    let parts: Vec<&str> = name
        .0
        .iter()
        .filter_map(|p| p.as_ident())
        .map(|i| i.value.as_str())
        .collect();
    match parts.as_slice() {
        [] => name.to_string(),
        [.., schema, table] if !schema.eq_ignore_ascii_case("public") => {
            format!("{schema}.{table}")
        }
        [.., table] => table.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements() {
        let cases = [
            (
                "insert into export_jobs (a, b) values ($1, $2) returning id",
                Some((DbOp::Insert, Some("export_jobs"))),
            ),
            (
                "INSERT INTO public.\"Team\" (id) VALUES ($1) ON CONFLICT (id) DO NOTHING",
                Some((DbOp::Upsert, Some("Team"))),
            ),
            (
                "update profiles set plan = $1 where id = $2",
                Some((DbOp::Update, Some("profiles"))),
            ),
            (
                "delete from sessions where user_id = $1",
                Some((DbOp::Delete, Some("sessions"))),
            ),
            (
                "select u.* from users u join teams t on t.id = u.team_id where u.id = $1",
                Some((DbOp::Select, Some("users"))),
            ),
            (
                "with moved as (delete from queue where id = $1 returning *) select * from moved",
                Some((DbOp::Delete, Some("queue"))),
            ),
            (
                "with viewer_documents as (select v.id from \"View\" v) select * from viewer_documents order by 1",
                Some((DbOp::Select, Some("View"))),
            ),
            (
                "select f.hash from jsonb_to_recordset($1::jsonb) as f(hash text) join files on true",
                Some((DbOp::Select, None)),
            ),
            (
                "select message from pgmq.q_exports limit 10",
                Some((DbOp::Select, Some("pgmq.q_exports"))),
            ),
            ("select 1", Some((DbOp::Select, None))),
            ("$1 = users.id", None),
            ("hello world", None),
            ("select * from a; delete from b", None),
        ];
        for (text, want) in cases {
            let got = classify(text);
            let got = got.as_ref().map(|(op, t)| (*op, t.as_deref()));
            assert_eq!(got, want, "{text}");
        }
    }
}
