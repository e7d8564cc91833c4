//! lifecycle/no-account-deletion: users can sign up but nothing deletes an account.

use crate::delivery::repo_loc;
use crate::util::{finding, is_user_table};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, DbOp, Guard, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Apps with user accounts (an auth library, or routes that require a session) where
    /// nothing deletes one: no `DELETE` route on an account/user/profile path, no delete of
    /// a users or profiles table, no call such as `auth.admin.deleteUser`,
    /// `clerkClient.users.deleteUser`, `deleteAccount()` or `user.delete()`, no
    /// `delete_user` database function, and no Clerk `<UserProfile />` (which offers
    /// deletion).
    ///
    /// ## Why it matters
    /// GDPR and CCPA give users the right to erasure, the App Store requires in-app account
    /// deletion, and enterprise buyers ask how data is removed. Without a path in the code,
    /// each request becomes a manual database session by whoever has production access.
    ///
    /// ## How to fix
    /// Add a "Delete account" action that deletes (or schedules deletion of) the user's
    /// rows, files and auth record, cancels their subscription, and logs the event; offer
    /// a data export next to it.
    ///
    /// ## Example
    /// ```ts
    /// export async function DELETE() {
    ///   const user = await requireUser();
    ///   await stripe.subscriptions.cancel(user.subscriptionId);
    ///   await supabaseAdmin.auth.admin.deleteUser(user.id); // rows cascade
    ///   return new Response(null, { status: 204 });
    /// }
    /// ```
    pub struct NoAccountDeletion {
        id: "lifecycle/no-account-deletion",
        category: Storage,
        severity: Medium,
        effort: Medium,
        summary: "no way to delete a user's account and data",
        problem: "users cannot delete their account and data",
    }
}

const AUTH_DEPS: &[&str] = &[
    "@supabase/ssr",
    "@supabase/auth-helpers-nextjs",
    "@supabase/supabase-js",
    "next-auth",
    "@auth/core",
    "@clerk/nextjs",
    "lucia",
    "better-auth",
    "@kinde-oss/kinde-auth-nextjs",
    "firebase",
];

const DELETE_CALLS: &[&str] = &[
    "auth.admin.deleteUser",
    "users.deleteUser",
    "deleteUser(",
    "deleteAccount",
    "delete_account",
    "deleteMyAccount",
    "deleteCurrentUser",
    "user.delete()",
    "user.delete({",
    "account.delete(",
    "<UserProfile",
    "deleteUserAccount",
    "delete_user",
];

fn account_path(path: &str) -> bool {
    path.split('/').any(|s| {
        matches!(
            s.to_ascii_lowercase().as_str(),
            "account" | "accounts" | "user" | "users" | "me" | "profile" | "profiles" | "settings"
        )
    })
}

/// Where the app deletes an account, described.
fn deletion(model: &AppModel) -> Option<String> {
    if let Some(r) = model
        .routes
        .iter()
        .find(|r| r.method == "DELETE" && account_path(&r.path))
    {
        return Some(format!("`{}`", r.entity()));
    }
    for r in &model.routes {
        if let Some(op) = r
            .facts
            .data_ops
            .iter()
            .find(|d| d.op == DbOp::Delete && d.table.as_deref().is_some_and(is_user_table))
        {
            return Some(format!(
                "`{}` deletes from `{}`",
                r.entity(),
                op.table.as_deref().unwrap_or_default()
            ));
        }
    }
    if let Some(f) = model.schema.functions.iter().find(|f| {
        let n = f.name.to_ascii_lowercase();
        n.contains("delete") && (n.contains("user") || n.contains("account"))
    }) {
        return Some(format!("database function `{}`", f.name));
    }
    model.files.iter().find_map(|f| {
        let code = [".ts", ".tsx", ".js", ".jsx", ".mjs"]
            .iter()
            .any(|e| f.path.ends_with(e));
        if !code || f.path.contains(".test.") || f.path.contains(".spec.") {
            return None;
        }
        DELETE_CALLS
            .iter()
            .find(|c| f.text.contains(*c))
            .map(|c| format!("`{}` in `{}`", c.trim_end_matches(['(', '{']), f.path))
    })
}

impl Rule for NoAccountDeletion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let auth_dep = model.depends_on(|d| AUTH_DEPS.contains(&d));
        let sessions = model
            .routes
            .iter()
            .any(|r| matches!(r.guard, Guard::InRoute | Guard::Middleware));
        if auth_dep.is_none() && !sessions {
            return Outcome::not_applicable("no user accounts");
        }
        if let Some(found) = deletion(model) {
            return Outcome::from_findings(Vec::new(), format!("account deletion: {found}"));
        }
        Outcome::from_findings(
            vec![finding(
                &Self::META,
                Self::META.severity,
                "Users have accounts but nothing in the code deletes one: no delete route or action, no delete of the users/profiles table, no `deleteUser` call; erasure requests become manual database work".to_string(),
                repo_loc(model),
                "repo account deletion".into(),
                "Add a \"Delete account\" action that removes the user's rows, files and auth record and cancels billing; offer a data export next to it.".to_string(),
            )],
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoAccountDeletion::META.id);
    }
}
