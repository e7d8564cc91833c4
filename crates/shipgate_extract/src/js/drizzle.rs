//! Drizzle table definitions: `export const users = pgTable("users", { id: uuid("id"),
//! fullName: text("full_name") })`, read from the AST into plain facts.

use super::expr::{as_call, path_of, str_value, unwrap};
use oxc_ast::ast::*;

/// One `pgTable` / `mysqlTable` / `sqliteTable` (or a `pgTableCreator` table) definition.
#[derive(Debug, Clone)]
pub struct DrizzleTableFact {
    /// The binding the table is held in: what queries name (`db.select().from(users)`).
    pub var: String,
    /// The table's SQL name, as given (a `pgTableCreator` prefix is not applied).
    pub name: String,
    /// `(field, column)`: the property the code uses and the SQL column name, when given.
    pub columns: Vec<(String, Option<String>)>,
    /// The columns object spreads shared columns (`...timestamps`): the list is not
    /// complete.
    pub open: bool,
}

/// Whether a callee builds a Drizzle table: `pgTable`, `sqliteTable`, `mysqlTable`,
/// `createTable` (from `pgTableCreator`), `mySchema.table`.
fn is_table_fn(callee: &str) -> bool {
    let last = callee.rsplit('.').next().unwrap_or(callee);
    matches!(
        last,
        "pgTable" | "mysqlTable" | "sqliteTable" | "singlestoreTable" | "createTable"
    ) || (last == "table" && callee.contains('.'))
}

/// The innermost call of a chain: `text("x").notNull().default("")` gives `text("x")`.
fn innermost<'b, 'a>(mut call: &'b CallExpression<'a>) -> &'b CallExpression<'a> {
    for _ in 0..32 {
        match unwrap(&call.callee) {
            Expression::StaticMemberExpression(m) => match as_call(&m.object) {
                Some(inner) => call = inner,
                None => break,
            },
            _ => break,
        }
    }
    call
}

/// The columns object: the second argument, or what a `(t) => ({ ... })` callback returns.
fn columns_object<'b, 'a>(arg: &'b Expression<'a>) -> Option<&'b ObjectExpression<'a>> {
    match unwrap(arg) {
        Expression::ObjectExpression(o) => Some(o),
        Expression::ArrowFunctionExpression(f) => match f.get_expression().map(unwrap) {
            Some(Expression::ObjectExpression(o)) => Some(o),
            _ => None,
        },
        _ => None,
    }
}

/// A Drizzle table held in `var`, if `init` defines one.
pub fn table_of(var: &str, init: &Expression) -> Option<DrizzleTableFact> {
    // `pgTable(...).enableRLS()` and the like: the definition is the innermost call.
    let call = innermost(as_call(unwrap(init))?);
    if !is_table_fn(&path_of(&call.callee)?) {
        return None;
    }
    let mut args = call.arguments.iter().filter_map(|a| a.as_expression());
    let name = str_value(args.next()?)?;
    let obj = columns_object(args.next()?)?;
    let mut columns = Vec::new();
    let mut open = false;
    for p in &obj.properties {
        let ObjectPropertyKind::ObjectProperty(p) = p else {
            open = true;
            continue;
        };
        let Some(field) = p.key.static_name() else {
            continue;
        };
        let column = as_call(unwrap(&p.value)).and_then(|c| {
            innermost(c)
                .arguments
                .first()
                .and_then(|a| a.as_expression())
                .and_then(str_value)
        });
        columns.push((field.to_string(), column));
    }
    Some(DrizzleTableFact {
        var: var.to_string(),
        name,
        columns,
        open,
    })
}
