//! Values written into the text of a raw SQL query instead of bound as parameters:
//! `` pool.query(`select … where id = ${id}`) ``, `prisma.$queryRawUnsafe("…" + sort)`,
//! `sql.raw(column)`. Tagged templates (`` sql`…${id}` ``, `` prisma.$queryRaw`…` ``) bind
//! their values and are not splices.

use super::{FactsBuilder, Scope};
use crate::js::facts::Val;
use crate::link::known::{self, SqlSink};
use shipgate_model::{HandlerFacts, Loc, SqlSplice, ValueOrigin};

/// The pieces of a value that are not literal text: a template's expressions, a
/// concatenation's operands, or the value itself.
fn pieces(v: &Val, out: &mut Vec<Val>) {
    match v {
        Val::Template(_, vals) => vals.iter().for_each(|x| pieces(x, out)),
        // A concatenation keeps only the paths it reads: `req.query.q` is still a request
        // read.
        Val::Other(refs) => {
            out.extend(
                refs.iter()
                    .map(|r| match crate::js::expr::input_of_path(r) {
                        Some((source, field)) => Val::Input(source, field),
                        None => Val::Path(r.clone()),
                    }),
            )
        }
        Val::Str(_) | Val::Num(_) | Val::Bool(_) | Val::Null | Val::Env(_) => {}
        other => out.push(other.clone()),
    }
}

impl FactsBuilder<'_, '_> {
    pub(super) fn sql_splices(&self, scope: &Scope, out: &mut HandlerFacts) {
        for c in scope.view.calls() {
            let Some(sink) = known::raw_sql_sink(&c.callee) else {
                continue;
            };
            let Some(first) = c.args.first() else {
                continue;
            };
            // `const text = \`select …${x}\`; pool.query(text)`: the text built just before.
            let text = match first {
                Val::Path(p) if !p.contains('.') => scope
                    .view
                    .bindings()
                    .iter()
                    .rev()
                    .filter(|b| b.span.start < c.span.start)
                    .find(|b| b.names.iter().any(|n| n.name == *p && n.path.is_empty()))
                    .map(|b| &b.init)
                    .filter(|init| {
                        matches!(init, Val::Template(..))
                            || sink == SqlSink::Unsafe && matches!(init, Val::Other(_))
                    })
                    .unwrap_or(first),
                other => other,
            };
            let spliced = match (sink, text) {
                (_, Val::Template(parts, vals)) if !vals.is_empty() => {
                    sink == SqlSink::Unsafe || known::looks_like_sql(&parts.join(" "))
                }
                // A concatenation: its literal text is not kept, so a query method
                // counts only for what the request puts in it (checked below).
                (_, Val::Other(refs)) => !refs.is_empty(),
                (SqlSink::Unsafe, Val::Path(_) | Val::Input(..) | Val::Call { .. }) => true,
                _ => false,
            };
            if !spliced {
                continue;
            }
            let mut values = Vec::new();
            pieces(text, &mut values);
            for v in values {
                if let Val::Call { callee, .. } = &v
                    && known::sql_safe_conversion(callee)
                {
                    continue;
                }
                // A length is a number (`$${params.length + 1}` numbers placeholders).
                if let Val::Path(p) = &v
                    && p.ends_with(".length")
                {
                    continue;
                }
                let origin = self.origin(scope, &v, 0);
                let keep = match &origin {
                    ValueOrigin::Literal | ValueOrigin::Session => false,
                    // A query method handed a concatenation (whose literal text is not
                    // kept) counts only for raw request values; in an unsafe call or a
                    // SQL template every value is spliced.
                    ValueOrigin::Request { .. } => true,
                    ValueOrigin::Validated { .. } | ValueOrigin::Unknown => {
                        !matches!(text, Val::Other(_)) || sink == SqlSink::Unsafe
                    }
                };
                if keep {
                    out.sql_splices.push(SqlSplice {
                        at: Loc::new(scope.view.file, c.span),
                        call: c.callee.clone(),
                        value: Val::written(&v),
                        origin,
                    });
                }
            }
        }
    }
}
