//! storage/path-traversal: a storage object path taken from the request as is.

use crate::util::route_finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, ClientKind, RuleMeta, Severity, ValueOrigin};

declare_rule! {
    /// ## What it checks
    /// Supabase Storage calls in request handlers (`storage.from(bucket).upload(path)`,
    /// `download`, `remove`, `move`, `createSignedUrl`, …) whose object path is a request
    /// field used as is: `formData.get('path')`, `body.key`, a query parameter. Paths
    /// built on the server (`${user.id}/${crypto.randomUUID()}`) and paths that went
    /// through a schema are not reported. Through the service-role client the finding is
    /// high; through the user's client it is medium, since storage policies may still
    /// confine the user to their own folder.
    ///
    /// ## Why it matters
    /// Whoever sends the path chooses the object: another user's file to read, overwrite
    /// or delete, or `../`-style keys that escape the folder the code meant. With the
    /// service role nothing else stands in the way.
    ///
    /// ## How to fix
    /// Build the path on the server from the session's user id and a generated name
    /// (`${user.id}/${crypto.randomUUID()}.pdf`); when the client must name an existing
    /// object, look it up by id in a table the user owns and use the stored path.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// await supabase.storage.from("docs").remove([body.path]);
    /// // fixed
    /// const { data: doc } = await supabase.from("documents").select("storage_path").eq("id", body.id).eq("owner_id", user.id).single();
    /// await supabase.storage.from("docs").remove([doc.storage_path]);
    /// ```
    pub struct PathTraversal {
        id: "storage/path-traversal",
        category: Storage,
        severity: High,
        effort: Small,
        summary: "a storage path built from request input without sanitising or user-prefixing",
        problem: "a caller can read or write files outside their own folder",
    }
}

impl Rule for PathTraversal {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let mut findings = Vec::new();
        let mut calls = 0;
        for route in &model.routes {
            for op in &route.facts.storage_ops {
                calls += 1;
                let Some(ValueOrigin::Request {
                    source,
                    field,
                    name,
                }) = &op.path
                else {
                    continue;
                };
                let severity = if op.client == ClientKind::ServiceRole {
                    Self::META.severity
                } else {
                    Severity::Medium
                };
                let what = field.as_deref().unwrap_or(name);
                let bucket = op.bucket.as_deref().unwrap_or("?");
                let mut f = route_finding(
                    &Self::META,
                    severity,
                    route,
                    format!(
                        "`{}` passes the request's {} field `{what}` straight to `storage.from(\"{bucket}\").{}()`: the caller picks which object it {}{}",
                        route.entity(),
                        source.as_str(),
                        op.method,
                        if op.is_write() { "writes or deletes" } else { "reads" },
                        if op.client == ClientKind::ServiceRole {
                            ", and the service-role client skips storage policies"
                        } else {
                            ""
                        }
                    ),
                    op.at,
                    "Build the object path on the server from the session's user id and a generated name, or look the stored path up by an id the user owns.".into(),
                );
                f.entity = format!("{} {} {bucket}", route.entity(), op.method);
                findings.push(f);
            }
        }
        if calls == 0 {
            return Outcome::not_applicable("no Storage calls in request handlers");
        }
        Outcome::from_findings(
            findings,
            format!("{calls} Storage call(s) use server-built paths"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::PathTraversal::META.id);
    }
}
