//! lifecycle/orphaned-storage: deleting a record that points at stored files, leaving the
//! files behind.

use crate::util::route_finding;
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, DbOp, Route, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Request handlers that delete rows of a table with a column that locates a stored
    /// object (`file_path`, `storage_key`, `attachment_url`, `avatar_path`; not a bare
    /// `image` or `avatar_url`, which usually hold a provider's URL) and remove no object
    /// in the same handler: no Supabase Storage `remove`, no S3 `DeleteObjectCommand`, no
    /// Vercel Blob `del`, no UploadThing `deleteFiles`. Applies when the app stores files
    /// (a Storage upload, or an S3, Blob or UploadThing dependency).
    ///
    /// ## Why it matters
    /// The record goes, the file stays: storage costs grow with every deletion, and a
    /// user's "deleted" photo or document is still downloadable from its URL, which breaks
    /// erasure promises and GDPR.
    ///
    /// ## How to fix
    /// Remove the object when the row is deleted (in the handler, a database trigger, or a
    /// queued job), and sweep existing orphans once.
    ///
    /// ## Example
    /// ```ts
    /// const { data: doc } = await supabase.from("documents").delete().eq("id", id).select("file_path").single();
    /// await supabase.storage.from("documents").remove([doc.file_path]);
    /// ```
    pub struct OrphanedStorage {
        id: "lifecycle/orphaned-storage",
        category: Storage,
        severity: Low,
        effort: Small,
        summary: "records deleted without deleting the files they own",
        problem: "deleting a record leaves its files behind",
    }
}

/// A column that locates a stored object: `file_path`, `storage_key`, `attachment_url`,
/// `avatar_path`. Bare `image` / `avatar_url` columns usually hold a provider's URL (an
/// OAuth profile picture), not an object the app stores, and are left out.
fn is_file_column(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let stored = [
        "file",
        "attachment",
        "document",
        "upload",
        "storage",
        "blob",
        "object",
        "pdf",
        "video",
        "audio",
        "recording",
    ]
    .iter()
    .any(|w| n.contains(w));
    let media = ["image", "avatar", "photo", "logo", "picture", "thumbnail"]
        .iter()
        .any(|w| n.contains(w));
    let locator = ["url", "path", "key"].iter().any(|s| n.ends_with(s));
    let object_locator = ["path", "key"].iter().any(|s| n.ends_with(s));
    (stored && locator) || (media && object_locator)
}

/// The file columns of a table, from migrations or the Prisma schema.
fn file_columns(model: &AppModel, table: &str) -> Vec<String> {
    let mut out: Vec<String> = model
        .schema
        .table(table)
        .map(|t| t.columns.iter().map(|c| c.name.clone()).collect())
        .unwrap_or_default();
    if let Some(m) = model
        .schema
        .prisma_models
        .iter()
        .find(|m| m.table.eq_ignore_ascii_case(table) || m.name.eq_ignore_ascii_case(table))
    {
        out.extend(m.fields.iter().map(|f| f.name.clone()));
    }
    out.retain(|c| is_file_column(c));
    out
}

const REMOVALS: &[&str] = &[
    ".remove(",
    "DeleteObjectCommand",
    "DeleteObjectsCommand",
    "deleteObject",
    "deleteFiles",
    "del(",
    ".destroy(",
    "deleteFile",
    "removeFile",
];

fn removes_files(model: &AppModel, route: &Route) -> bool {
    route.facts.storage_ops.iter().any(|o| o.method == "remove")
        || REMOVALS
            .iter()
            .any(|r| model.file(route.at.file).text.contains(r))
        || route.facts.helpers.iter().any(|h| {
            let l = h.to_ascii_lowercase();
            (l.contains("delete") || l.contains("remove"))
                && [
                    "file", "object", "storage", "blob", "upload", "image", "avatar",
                ]
                .iter()
                .any(|w| l.contains(w))
        })
}

fn stores_files(model: &AppModel) -> bool {
    model
        .routes
        .iter()
        .any(|r| r.facts.storage_ops.iter().any(|o| o.method == "upload"))
        || model
            .depends_on(|d| {
                matches!(
                    d,
                    "@aws-sdk/client-s3" | "@vercel/blob" | "uploadthing" | "aws-sdk"
                )
            })
            .is_some()
        || !model.schema.buckets.is_empty()
}

impl Rule for OrphanedStorage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if !stores_files(model) {
            return Outcome::not_applicable("the app stores no files");
        }
        let mut findings = Vec::new();
        let mut checked = 0;
        for r in &model.routes {
            for op in r.facts.data_ops.iter().filter(|d| d.op == DbOp::Delete) {
                let Some(table) = op.table.as_deref() else {
                    continue;
                };
                let cols = file_columns(model, table);
                if cols.is_empty() {
                    continue;
                }
                checked += 1;
                if removes_files(model, r) {
                    continue;
                }
                findings.push(route_finding(
                    &Self::META,
                    Self::META.severity,
                    r,
                    format!(
                        "`{}` deletes rows of `{table}`, which point at stored files (`{}`), but removes no file: the objects stay in storage, still downloadable",
                        r.entity(),
                        cols.join("`, `")
                    ),
                    op.at,
                    format!("Remove the object `{}` names when the row is deleted (in this handler, a trigger or a queued job).", cols[0]),
                ));
                break;
            }
        }
        Outcome::from_findings(
            findings,
            format!("{checked} delete(s) of file-owning rows also remove the files"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::OrphanedStorage::META.id);
    }
}
