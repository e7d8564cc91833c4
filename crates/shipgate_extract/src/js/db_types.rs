//! Database types generated from a live database (`supabase gen types`): the shape
//! `{ public: { Tables: { t: { Row: { c: ... } } }, Views: ..., Functions: ... } }`,
//! read from the AST by shape, whatever the type is called.

use oxc_ast::ast::*;

/// One generated database description.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DbTypesFact {
    /// `(schema, table, columns)`, views included, in source order.
    pub tables: Vec<(String, String, Vec<String>)>,
    /// `(schema, function)`.
    pub functions: Vec<(String, String)>,
}

/// The members of a type literal, or `None` for any other type.
fn members<'b, 'a>(t: &'b TSType<'a>) -> Option<&'b [TSSignature<'a>]> {
    match t {
        TSType::TSTypeLiteral(l) => Some(&l.members),
        TSType::TSParenthesizedType(p) => members(&p.type_annotation),
        _ => None,
    }
}

/// `(name, type)` of each named property of a type literal.
fn properties<'b, 'a>(
    sigs: &'b [TSSignature<'a>],
) -> impl Iterator<Item = (String, &'b TSType<'a>)> {
    sigs.iter().filter_map(|s| match s {
        TSSignature::TSPropertySignature(p) => {
            let name = p.key.static_name()?.to_string();
            let ty = &p.type_annotation.as_ref()?.type_annotation;
            Some((name, ty))
        }
        _ => None,
    })
}

fn property<'b, 'a>(sigs: &'b [TSSignature<'a>], name: &str) -> Option<&'b TSType<'a>> {
    properties(sigs).find(|(n, _)| n == name).map(|(_, t)| t)
}

/// Tables or views of one schema: each member whose type has a `Row` literal.
fn relations(schema: &str, group: &TSType, out: &mut Vec<(String, String, Vec<String>)>) {
    let Some(sigs) = members(group) else {
        return;
    };
    for (name, ty) in properties(sigs) {
        let Some(row) = members(ty)
            .and_then(|m| property(m, "Row"))
            .and_then(members)
        else {
            continue;
        };
        let columns = properties(row).map(|(c, _)| c).collect();
        out.push((schema.to_string(), name, columns));
    }
}

/// A generated database description, if the declared type has its shape: some member is
/// a schema whose `Tables` members each carry a `Row`.
pub fn db_types_of(sigs: &[TSSignature]) -> Option<DbTypesFact> {
    let mut fact = DbTypesFact::default();
    for (schema, ty) in properties(sigs) {
        let Some(parts) = members(ty) else {
            continue;
        };
        let Some(tables) = property(parts, "Tables") else {
            continue;
        };
        relations(&schema, tables, &mut fact.tables);
        if let Some(views) = property(parts, "Views") {
            relations(&schema, views, &mut fact.tables);
        }
        if let Some(fns) = property(parts, "Functions").and_then(members) {
            for (name, _) in properties(fns) {
                fact.functions.push((schema.clone(), name));
            }
        }
    }
    (!fact.tables.is_empty()).then_some(fact)
}

/// From a `type X = { ... }` declaration.
pub fn from_alias(decl: &TSTypeAliasDeclaration) -> Option<DbTypesFact> {
    db_types_of(members(&decl.type_annotation)?)
}

/// From an `interface X { ... }` declaration.
pub fn from_interface(decl: &TSInterfaceDeclaration) -> Option<DbTypesFact> {
    db_types_of(&decl.body.body)
}

#[cfg(test)]
mod tests {
    use super::DbTypesFact;
    fn parse(src: &str) -> Vec<DbTypesFact> {
        let facts = crate::js::extract("types/db.ts", src).expect("parses");
        facts.db_types.into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn reads_tables_views_and_functions_by_shape() {
        let src = r#"
export type Json = string | number | null
export type Schema = {
  public: {
    Tables: {
      invoices: {
        Row: { id: string; total_cents: number; "paid at": string | null }
        Insert: { id?: string }
        Relationships: []
      }
    }
    Views: { open_invoices: { Row: { id: string | null } } }
    Functions: { mark_paid: { Args: { invoice: string }; Returns: undefined } }
    Enums: {}
  }
}
"#;
        let got = parse(src);
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].tables,
            vec![
                (
                    "public".into(),
                    "invoices".into(),
                    vec!["id".into(), "total_cents".into(), "paid at".into()]
                ),
                ("public".into(), "open_invoices".into(), vec!["id".into()]),
            ]
        );
        assert_eq!(
            got[0].functions,
            vec![("public".into(), "mark_paid".into())]
        );
    }

    #[test]
    fn interfaces_count_and_other_types_do_not() {
        let src = r#"
export interface DB { billing: { Tables: { plans: { Row: { code: string } } } } }
type Props = { title: string; rows: { Row: string } }
type Tables = { Tables: { a: { b: string } } }
"#;
        let got = parse(src);
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].tables,
            vec![("billing".into(), "plans".into(), vec!["code".into()])]
        );
    }
}
