//! db/storage-bucket-public: a Supabase storage bucket created public.

use crate::util::finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Buckets inserted into `storage.buckets` with `public = true` (or made public later).
    /// Names that suggest private files (`documents`, `recordings`, `invoices`, `private`,
    /// `uploads`, `attachments`, ...) are `high`; names made for public assets (`avatars`,
    /// `images`, `logos`, `public`, ...) are `info`; anything else is `medium`.
    ///
    /// ## Why it matters
    /// Every file in a public bucket can be downloaded by anyone who has or guesses its
    /// URL, with no policy check and no expiry. Fine for avatars; a leak for contracts,
    /// call recordings or invoices.
    ///
    /// ## How to fix
    /// Make the bucket private and serve files with `createSignedUrl()` after checking the
    /// caller may see them, with `storage.objects` policies for uploads.
    ///
    /// ## Example
    /// ```sql
    /// -- flagged
    /// insert into storage.buckets (id, name, public) values ('recordings', 'recordings', true);
    /// -- fixed
    /// insert into storage.buckets (id, name, public) values ('recordings', 'recordings', false);
    /// ```
    pub struct StorageBucketPublic {
        id: "db/storage-bucket-public",
        category: Db,
        severity: High,
        effort: Small,
        summary: "A storage bucket created public (worse when named like recordings/documents/private)",
        problem: "every file in the bucket is public",
    }
}

const SENSITIVE: &[&str] = &[
    "private",
    "document",
    "recording",
    "invoice",
    "receipt",
    "contract",
    "upload",
    "attachment",
    "file",
    "export",
    "backup",
    "report",
    "statement",
    "medical",
    "identity",
    "passport",
    "kyc",
    "message",
    "audio",
    "voice",
    "video",
    "resume",
    "cv",
];
const ASSETS: &[&str] = &[
    "avatar",
    "image",
    "img",
    "logo",
    "public",
    "asset",
    "icon",
    "banner",
    "cover",
    "thumbnail",
    "og",
    "static",
    "media",
    "brand",
    "photo",
];

impl Rule for StorageBucketPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let buckets = &model.schema.buckets;
        if buckets.is_empty() {
            return Outcome::not_applicable("no storage buckets in the migrations");
        }
        let mut findings = Vec::new();
        for b in buckets.iter().filter(|b| b.public) {
            let name = b.id.to_ascii_lowercase();
            // Whole words: `profile_images` is about images, not files.
            let words: Vec<&str> = name
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            let has = |list: &[&str]| words.iter().any(|w| list.iter().any(|s| w.starts_with(s)));
            let (severity, why) =
                if has(&["private", "secret", "confidential"]) || !has(ASSETS) && has(SENSITIVE) {
                    (Severity::High, "its name suggests private files")
                } else if has(ASSETS) {
                    (Severity::Info, "fine if it only holds public assets")
                } else {
                    (Severity::Medium, "check that nothing private goes in it")
                };
            findings.push(finding(
                &Self::META,
                severity,
                format!(
                    "Storage bucket `{}` is public: anyone with a file's URL can download it, with no policy check ({why})",
                    b.id
                ),
                Some(b.at),
                format!("bucket {}", b.id),
                "Make the bucket private and hand out `createSignedUrl()` links after checking the caller may see the file.".into(),
            ));
        }
        Outcome::from_findings(
            findings,
            format!("{} bucket(s), none public", buckets.len()),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::StorageBucketPublic::META.id);
    }
}
