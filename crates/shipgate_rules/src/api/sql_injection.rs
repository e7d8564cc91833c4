//! api/sql-injection: request values written into the text of a raw SQL query.

use crate::util::{keep_worst, request_value_severity, route_finding};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, Confidence, RuleMeta, Severity};
use std::collections::BTreeMap;

declare_rule! {
    /// ## What it checks
    /// Raw SQL whose text is built from values instead of binding them as parameters, in
    /// request handlers, server actions, tRPC procedures and the helpers they call:
    /// Prisma `$queryRawUnsafe` / `$executeRawUnsafe` and `Prisma.raw`, Drizzle
    /// `sql.raw`, postgres.js `sql.unsafe`, and `query` / `execute` / Knex `raw` and
    /// `whereRaw` called with a template string or a concatenation. Tagged templates
    /// (`` sql`… ${id}` ``, `` prisma.$queryRaw`…` ``) and `query(text, [values])` bind
    /// their values and pass. Numbers (`Number(x)`, `parseInt`) and escaping helpers pass.
    ///
    /// Severity follows where the value comes from: `critical` when it is the request
    /// (body, query, route params, form, server action arguments); `medium`, marked as
    /// needing review, when it went through a schema check whose type shipgate does not
    /// read, or the route is a verified webhook; `low` when its origin could not be
    /// followed.
    ///
    /// ## Why it matters
    /// A quote in the value ends the string and the rest runs as SQL: one request reads
    /// every table the connection can see (users, sessions, payment records), changes
    /// rows or drops them. Prisma, Drizzle and `pg` connections usually skip row level
    /// security, so nothing else stands in the way.
    ///
    /// ## How to fix
    /// Pass values as parameters: a tagged template (`` prisma.$queryRaw`… ${id}` ``,
    /// Drizzle `` sql`… ${id}` ``), or `pool.query("… where id = $1", [id])`. For a column
    /// or sort order chosen by the caller, map the request value onto a fixed list.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// const rows = await prisma.$queryRawUnsafe(`select * from invoices where number = '${q}'`);
    /// // fixed
    /// const rows = await prisma.$queryRaw`select * from invoices where number = ${q}`;
    /// ```
    pub struct SqlInjection {
        id: "api/sql-injection",
        category: Api,
        severity: Critical,
        effort: Small,
        summary: "Request values written into raw SQL text instead of bound parameters",
        problem: "a caller can run their own SQL through request values",
    }
}

/// How bad one spliced value is, where it comes from in words, and what a reviewer must
/// check when that is not proven.
fn judge(
    route: &shipgate_model::Route,
    s: &shipgate_model::SqlSplice,
) -> (Severity, String, Option<String>) {
    request_value_severity(
        Severity::Critical,
        route,
        &s.origin,
        "whether the schema lets only numbers or ids through",
        "whether the verified sender can put SQL in the value",
    )
    .map(|(sev, words, review)| (sev, format!("comes {words}"), review))
    .unwrap_or_else(|| {
        (
            Severity::Low,
            "has an origin shipgate could not follow".to_string(),
            Some(format!("where `{}` comes from", s.value)),
        )
    })
}

impl Rule for SqlInjection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.routes.is_empty() {
            return Outcome::not_applicable("no request handlers");
        }
        // One finding per query, at the worst severity any route gives it.
        let mut worst: BTreeMap<shipgate_model::Loc, shipgate_model::Finding> = BTreeMap::new();
        let mut raw_calls = 0;
        for route in &model.routes {
            let mut calls: BTreeMap<shipgate_model::Loc, Vec<&shipgate_model::SqlSplice>> =
                BTreeMap::new();
            for s in &route.facts.sql_splices {
                calls.entry(s.at).or_default().push(s);
            }
            for (at, splices) in calls {
                raw_calls += 1;
                let judged: Vec<(Severity, String, Option<String>)> =
                    splices.iter().map(|s| judge(route, s)).collect();
                let Some(idx) = (0..judged.len()).min_by_key(|&i| judged[i].0) else {
                    continue;
                };
                let (severity, whence, review) = judged[idx].clone();
                let first = splices[idx];
                let values: Vec<String> =
                    splices.iter().map(|s| format!("`{}`", s.value)).collect();
                let mut f = route_finding(
                    &Self::META,
                    severity,
                    route,
                    format!(
                        "`{}` writes {} into the SQL text it passes to `{}()`, and `{}` {whence}: a quote in it ends the string and the rest runs as SQL, reading or changing any table the connection reaches",
                        route.entity(),
                        values.join(", "),
                        first.call,
                        first.value,
                    ),
                    at,
                    format!(
                        "Bind {} as {} (a tagged template such as `` sql`… ${{{}}}` ``, or `query(text, [values])`), or map a column or sort order onto a fixed list.",
                        values.join(", "),
                        if values.len() == 1 {
                            "a parameter"
                        } else {
                            "parameters"
                        },
                        first.value
                    ),
                );
                if let Some(what) = review {
                    f = f.resting_on(Confidence::Possible, &[what]);
                }
                keep_worst(&mut worst, at, f);
            }
        }
        let evidence = if raw_calls == 0 {
            "no request handler builds SQL text from values"
        } else {
            "no request value is spliced into SQL text"
        };
        Outcome::from_findings(worst.into_values().collect(), evidence)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::SqlInjection::META.id);
    }
}
