//! db/storage-objects-no-policy: buckets exist but `storage.objects` has no policy.

use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, ClientKind, Route, RuleMeta, Severity, StorageOp};

declare_rule! {
    /// ## What it checks
    /// Migrations that create storage buckets but no policy on `storage.objects`, the
    /// table that holds every file's row. The severity follows the code: `high` when a
    /// route calls Storage on those buckets through the signed-in user's client (the call
    /// is refused), `info` when only service-role clients reach them, `medium` when
    /// shipgate sees no Storage call.
    ///
    /// ## Why it matters
    /// Supabase enables RLS on `storage.objects`, so without policies users cannot upload
    /// or download anything with their own client. Apps then either break in production
    /// or route every file through the service role (or a public bucket), where nothing
    /// checks whose file it is.
    ///
    /// ## How to fix
    /// Add policies on `storage.objects` per bucket, usually keyed on a folder named after
    /// the user.
    ///
    /// ## Example
    /// ```sql
    /// create policy "own files" on storage.objects for all to authenticated
    ///   using (bucket_id = 'documents' and (storage.foldername(name))[1] = (select auth.uid())::text)
    ///   with check (bucket_id = 'documents' and (storage.foldername(name))[1] = (select auth.uid())::text);
    /// ```
    pub struct StorageObjectsNoPolicy {
        id: "db/storage-objects-no-policy",
        category: Db,
        severity: High,
        effort: Medium,
        summary: "Buckets exist but storage.objects has no policies",
        problem: "storage has no access policies",
    }
}

impl Rule for StorageObjectsNoPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let buckets = &model.schema.buckets;
        let Some(first) = buckets.first() else {
            return Outcome::not_applicable("no storage buckets in the migrations");
        };
        let policies = model
            .schema
            .table("storage.objects")
            .map_or(0, |t| t.policies.len());
        if policies > 0 {
            return Outcome::from_findings(
                Vec::new(),
                format!("storage.objects has {policies} policies"),
            );
        }
        let names: Vec<String> = buckets.iter().map(|b| format!("`{}`", b.id)).collect();
        // What the code does with these buckets: calls through the user's client fail
        // without a policy; calls through the service role work and skip every check.
        let mut seen = std::collections::BTreeSet::new();
        let uses: Vec<(&Route, &StorageOp)> = model
            .routes
            .iter()
            .flat_map(|r| r.facts.storage_ops.iter().map(move |o| (r, o)))
            .filter(|(_, o)| {
                o.method != "getPublicUrl"
                    && o.bucket
                        .as_deref()
                        .is_none_or(|b| buckets.iter().any(|x| x.id == b))
            })
            .filter(|(_, o)| seen.insert(o.at))
            .collect();
        let user: Vec<_> = uses
            .iter()
            .filter(|(_, o)| o.client == ClientKind::UserScoped)
            .collect();
        let service_only = !uses.is_empty()
            && uses
                .iter()
                .all(|(_, o)| o.client == ClientKind::ServiceRole);
        let (severity, message) = if let Some((route, op)) = user.first() {
            (
                Self::META.severity,
                format!(
                    "Bucket(s) {} exist but `storage.objects` has no policy, and `{}` calls `{}` on `{}` through the signed-in user's client: with row level security on `storage.objects` and no policy, that call is refused",
                    names.join(", "),
                    route.entity(),
                    op.method,
                    op.bucket.as_deref().unwrap_or("a bucket")
                ),
            )
        } else if service_only {
            (
                Severity::Info,
                format!(
                    "Bucket(s) {} exist and `storage.objects` has no policy; the code reaches them only through the service role ({} call(s)), so access is decided in server code (fine if intended)",
                    names.join(", "),
                    uses.len()
                ),
            )
        } else {
            (
                Severity::Medium,
                format!(
                    "Bucket(s) {} exist but `storage.objects` has no policy: users cannot upload or read files with their own client, so every file goes through the service role or a public bucket, unchecked",
                    names.join(", ")
                ),
            )
        };
        let mut f = finding(
            &Self::META,
            severity,
            message,
            Some(first.at),
            "table storage.objects".into(),
            if severity == Severity::Info {
                "Nothing to do while only server code should reach these files; add `storage.objects` policies before any browser or user-scoped client uses them.".into()
            } else {
                "Add `storage.objects` policies per bucket, keyed on the owner's folder (`(storage.foldername(name))[1] = (select auth.uid())::text`).".into()
            },
        );
        for (route, op) in user.iter().take(3) {
            f.related.push(related(
                op.at,
                format!(
                    "`{}` calls `{}` with the user's client",
                    route.entity(),
                    op.method
                ),
            ));
        }
        for b in buckets.iter().skip(1).take(3) {
            f.related
                .push(related(b.at, format!("bucket `{}` created here", b.id)));
        }
        Outcome::from_findings(vec![f], "")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::StorageObjectsNoPolicy::META.id);
    }
}
