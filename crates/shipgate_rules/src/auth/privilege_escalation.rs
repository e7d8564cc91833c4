//! auth/privilege-escalation: a user record updated from the request body, so the caller
//! can set privileged fields such as `role` on themselves.

use crate::util::{backticked, is_privileged_field, is_user_table, related, route_finding};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, DbOp, Guard, RuleMeta, ValueOrigin, ValueRole};

declare_rule! {
    /// ## What it checks
    /// Updates and upserts of a users/profiles/memberships table (`profiles`, `users`,
    /// `members`, `team_members`, `accounts`, ...) in a request handler with no role check,
    /// where either the whole request body is written (`update(body)`,
    /// `update({ ...updates })`) or a privileged field (`role`, `is_admin`, `permissions`,
    /// `plan`, `credits`, ...) takes its value from the request.
    ///
    /// ## Why it matters
    /// The caller decides which columns change. Add `"role": "admin"` to the profile form's
    /// request and the account is an admin; add `"plan": "enterprise"` and billing is
    /// skipped.
    ///
    /// ## How to fix
    /// Validate the body against a schema that lists only the fields a user may change
    /// (`z.object({ full_name, avatar_url }).strict()`) and write that object; change roles
    /// only in an admin-only route that checks the caller's role.
    ///
    /// ## Example
    /// ```ts
    /// // flagged
    /// const updates = await req.json();
    /// await supabase.from("profiles").update({ ...updates }).eq("id", user.id);
    /// // fixed
    /// const ProfileUpdate = z.object({ full_name: z.string().max(100), avatar_url: z.string().url() }).strict();
    /// const updates = ProfileUpdate.parse(await req.json());
    /// await supabase.from("profiles").update(updates).eq("id", user.id);
    /// ```
    pub struct PrivilegeEscalation {
        id: "auth/privilege-escalation",
        category: Auth,
        severity: Critical,
        summary: "A user/profile/membership record updated from the request body without an admin check",
    }
}

impl Rule for PrivilegeEscalation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let mut applicable = false;
        let mut findings = Vec::new();
        for route in &model.routes {
            if route.guard == Guard::Verified || route.role_check.is_some() {
                continue;
            }
            for op in &route.facts.data_ops {
                let Some(table) = op.table.as_deref().filter(|t| is_user_table(t)) else {
                    continue;
                };
                if !matches!(op.op, DbOp::Update | DbOp::Upsert) {
                    continue;
                }
                applicable = true;
                let privileged: Vec<String> = op
                    .values
                    .iter()
                    .filter(|v| v.role == ValueRole::Payload && is_privileged_field(&v.column))
                    .filter(|v| {
                        matches!(
                            v.origin,
                            ValueOrigin::Request { .. } | ValueOrigin::Validated { .. }
                        )
                    })
                    .map(|v| v.column.clone())
                    .collect();
                let whole_body =
                    matches!(&op.payload, Some(ValueOrigin::Request { field: None, .. }));
                let message = if !privileged.is_empty() {
                    format!(
                        "`{}` sets {} on `{table}` from the request, with no admin check: a user can grant themselves privileges",
                        route.entity(),
                        backticked(&privileged)
                    )
                } else if whole_body {
                    let name = match &op.payload {
                        Some(ValueOrigin::Request { name, .. }) => name.clone(),
                        _ => "body".into(),
                    };
                    format!(
                        "`{}` writes the request body (`{name}`) into `{table}` as is: a user can set any column on their own record, including privileged ones such as `role`",
                        route.entity()
                    )
                } else {
                    continue;
                };
                let mut f = route_finding(
                    &Self::META,
                    Self::META.severity,
                    route,
                    message,
                    op.at,
                    "Write only an allow-listed set of fields (validate the body with a strict schema) and change roles in an admin-only route.".into(),
                );
                f.entity = format!("{} {table}", route.entity());
                if let Some(i) = route.facts.inputs.iter().find(|i| i.field.is_none()) {
                    f.related.push(related(i.at, "request body read here"));
                }
                findings.push(f);
            }
        }
        if !applicable {
            return Outcome::not_applicable(
                "no handler updates a users/profiles/memberships table",
            );
        }
        Outcome::from_findings(
            findings,
            "user records are updated from allow-listed fields only",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::PrivilegeEscalation::META.id);
    }
}
