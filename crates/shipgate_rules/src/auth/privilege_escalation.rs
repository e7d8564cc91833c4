//! auth/privilege-escalation: a user record updated from the request body, so the caller
//! can set privileged fields such as `role` on themselves.

use crate::util::{backticked, guard_finding, is_privileged_field, is_user_table, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::schema::{Grant, PolicyCommand, PolicyScope, Table};
use shipgate_model::{AppModel, DbOp, Finding, Guard, RuleMeta, ValueOrigin, ValueRole};

declare_rule! {
    /// ## What it checks
    /// Updates and upserts of a users/profiles/memberships table (`profiles`, `users`,
    /// `members`, `team_members`, `accounts`, ...) in a request handler with no role check,
    /// where either the whole request body is written (`update(body)`,
    /// `update({ ...updates })`) or a privileged field (`role`, `is_admin`, `permissions`,
    /// `plan`, `credits`, ...) takes its value from the request.
    ///
    /// In Supabase migrations, also an `update` (or `all`) policy that lets users update
    /// their own rows of a table with privileged columns when nothing limits the columns:
    /// no `with check` that names them, no column-level `grant update (...)`, no
    /// before-update trigger. The finding points at the policy.
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
        effort: Medium,
        summary: "A user/profile/membership record updated from the request body without an admin check",
        problem: "a user can raise their own role or privileges",
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
                let mut f = guard_finding(
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
        if crate::db::supabase_api(model) {
            for t in crate::db::exposed_tables(model) {
                let Some(f) = open_update_policy(t, &model.schema.grants, &mut applicable) else {
                    continue;
                };
                findings.push(f);
            }
        }
        if !applicable {
            return Outcome::not_applicable(
                "no handler or policy updates a users/profiles/memberships table",
            );
        }
        Outcome::from_findings(
            findings,
            "user records are updated from allow-listed fields only",
        )
    }
}

/// The database side: a policy that lets users update their own rows of a table with
/// privileged columns, when nothing stops them changing those columns: no WITH CHECK that
/// names them, no column-level update grant, no before-update trigger.
fn open_update_policy(t: &Table, grants: &[Grant], applicable: &mut bool) -> Option<Finding> {
    let privileged: Vec<String> = t
        .columns
        .iter()
        .filter(|c| is_privileged_field(&c.name))
        .map(|c| c.name.clone())
        .collect();
    if privileged.is_empty() || t.rls.is_none() {
        return None;
    }
    *applicable = true;
    let column_grants = grants.iter().any(|g| {
        g.object == t.qualified()
            && !g.columns.is_empty()
            && g.privileges.iter().any(|p| p == "update")
    });
    if !t.update_triggers.is_empty() || column_grants {
        return None;
    }
    let p = t.policies.iter().find(|p| {
        p.permissive
            && p.applies_to_users()
            && matches!(p.command, PolicyCommand::Update | PolicyCommand::All)
            // Own rows only: open policies are db/permissive-policy's, and policies that
            // call a role function are admin-only as far as shipgate can tell.
            && p.using.as_ref().is_some_and(|u| u.scope == PolicyScope::Caller)
            // Without WITH CHECK, Postgres checks new rows with USING.
            && !p
                .with_check
                .as_ref()
                .or(p.using.as_ref())
                .is_some_and(|c| privileged.iter().any(|col| mentions_word(&c.text, col)))
    })?;
    let shown = backticked(&privileged);
    let mut f = crate::util::finding(
        &PrivilegeEscalation::META,
        PrivilegeEscalation::META.severity,
        format!(
            "Policy `{}` lets users update their own `{}` rows, and nothing limits which columns: a user can set {shown} on themselves through the Data API (`supabase.from('{}').update({{ {}: ... }})`)",
            p.name,
            t.qualified(),
            t.name,
            privileged[0]
        ),
        Some(p.at),
        format!("policy {} {}", t.qualified(), p.name),
        format!(
            "Revoke update on the privileged columns (`revoke update on {0} from authenticated; grant update (full_name, avatar_url) on {0} to authenticated;`), or add a `with check` that keeps {shown} unchanged, or a before-update trigger that rejects changes to them.",
            t.qualified()
        ),
    );
    f.related.push(related(t.at, "table created here"));
    Some(f)
}

fn mentions_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|w| w.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::PrivilegeEscalation::META.id);
    }
}
