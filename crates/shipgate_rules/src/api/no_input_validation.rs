//! api/no-input-validation: request data written to the database without a schema check.

use crate::util::route_finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, DataOp, InputSource, Loc, RuleMeta, ValueOrigin, ValueRole};

declare_rule! {
    /// ## What it checks
    /// Request handlers and server actions that write request data to the database
    /// without validating it: a body, form or query value (or the whole body) used as a
    /// written value in an insert, update or upsert, where the handler did not pass it
    /// through a schema (`z.parse`, `safeParse`, valibot, yup, a validated action client)
    /// or a project helper named for validation (`validateInputs`, `parseBody`). One
    /// finding per handler, at its first such write. `GET` handlers and server actions no
    /// client code imports are left out.
    ///
    /// ## Why it matters
    /// Whatever the client sends reaches the table: strings where numbers belong, 10 MB
    /// "names", `null` in required fields that crash the next page that reads them, and
    /// fields the form never had.
    ///
    /// ## How to fix
    /// Parse the input with a schema at the top of the handler, reject it with 400 when it
    /// fails, and write only the parsed object.
    ///
    /// ## Example
    /// ```ts
    /// const Contact = z.object({ name: z.string().min(1).max(200), email: z.string().email() });
    /// const parsed = Contact.safeParse(await req.json());
    /// if (!parsed.success) return NextResponse.json(parsed.error.flatten(), { status: 400 });
    /// await supabase.from("contacts").insert({ ...parsed.data, owner_id: user.id });
    /// ```
    pub struct NoInputValidation {
        id: "api/no-input-validation",
        category: Api,
        severity: Medium,
        effort: Small,
        summary: "handlers that write request data without schema validation",
        problem: "request data is stored without being checked",
    }
}

/// The handler writes schema-checked input: it validates, and a raw-looking value next to
/// it is more likely a local that shares a request-like name (`const { request } = input`).
fn writes_validated(ops: &[&DataOp]) -> bool {
    ops.iter().any(|op| {
        matches!(op.payload, Some(ValueOrigin::Validated { .. }))
            || op
                .values
                .iter()
                .any(|v| matches!(v.origin, ValueOrigin::Validated { .. }))
    })
}

/// A project helper that validates: `validateInputs`, `parseBody`, `assertValidSchema`.
fn validates(helper: &str) -> bool {
    let l = helper.to_ascii_lowercase();
    ["valid", "parse", "sanitiz", "schema"]
        .iter()
        .any(|w| l.contains(w))
}

fn raw_input(origin: &ValueOrigin) -> Option<(InputSource, Option<&str>)> {
    match origin {
        ValueOrigin::Request {
            source,
            field,
            name,
        } => match source {
            InputSource::Body | InputSource::Form | InputSource::Query => {
                let name = field.as_deref().unwrap_or(name.as_str());
                Some((*source, (!name.is_empty()).then_some(name)))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The first unvalidated request value an operation writes: where, and its name.
fn unvalidated_write(op: &DataOp) -> Option<(Loc, InputSource, String)> {
    if !op.op.is_write() {
        return None;
    }
    if let Some((source, field)) = op.payload.as_ref().and_then(raw_input) {
        return Some((op.at, source, field.unwrap_or("the input").to_string()));
    }
    op.values
        .iter()
        .filter(|v| v.role == ValueRole::Payload)
        .find_map(|v| raw_input(&v.origin).map(|(source, _)| (v.at, source, v.column.clone())))
}

impl Rule for NoInputValidation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let mut writes = 0;
        let mut findings = Vec::new();
        for r in &model.routes {
            let ops: Vec<&DataOp> = r
                .facts
                .data_ops
                .iter()
                .filter(|d| d.op.is_write())
                .collect();
            // GET handlers get no body (a shared dispatcher's facts cover every method);
            // server actions no client code imports have no id in any bundle.
            if ops.is_empty() || !r.is_mutating() || r.ui_referenced == Some(false) {
                continue;
            }
            writes += 1;
            if r.facts.helpers.iter().any(|h| validates(h)) || writes_validated(&ops) {
                continue;
            }
            let Some((op, (at, source, name))) = ops
                .iter()
                .find_map(|op| unvalidated_write(op).map(|w| (op, w)))
            else {
                continue;
            };
            let table = op
                .table
                .as_deref()
                .map(|t| format!("`{t}`"))
                .unwrap_or_else(|| "the database".to_string());
            findings.push(route_finding(
                &Self::META,
                Self::META.severity,
                r,
                format!(
                    "`{}` writes `{name}` from the request {} to {table} without validating it against a schema",
                    r.entity(),
                    source.as_str()
                ),
                at,
                "Parse the input with a schema (zod `safeParse`, valibot) at the top of the handler, answer 400 when it fails, and write only the parsed data.".to_string(),
            ));
        }
        if writes == 0 {
            return Outcome::not_applicable("no handler writes to the database");
        }
        Outcome::from_findings(
            findings,
            format!("{writes} writing handler(s) validate their input"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoInputValidation::META.id);
    }
}
