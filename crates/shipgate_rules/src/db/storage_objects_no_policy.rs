//! db/storage-objects-no-policy: buckets exist but `storage.objects` has no policy.

use crate::util::{finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Migrations that create storage buckets but no policy on `storage.objects`, the
    /// table that holds every file's row.
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
        summary: "Buckets exist but storage.objects has no policies",
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
        let mut f = finding(
            &Self::META,
            Self::META.severity,
            format!(
                "Bucket(s) {} exist but `storage.objects` has no policy: users cannot upload or read files with their own client, so every file goes through the service role or a public bucket, unchecked",
                names.join(", ")
            ),
            Some(first.at),
            "table storage.objects".into(),
            "Add `storage.objects` policies per bucket, keyed on the owner's folder (`(storage.foldername(name))[1] = (select auth.uid())::text`).".into(),
        );
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
