//! storage/proxied-large-upload: file uploads read whole into a server function and
//! re-uploaded from there, instead of going straight to storage.

use crate::util::{related, route_finding};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, InputSource, Loc, Route, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Request handlers and server actions that read a multipart body (`req.formData()`)
    /// and then write the file to object storage themselves: a Supabase Storage `upload`,
    /// an S3 `PutObjectCommand` or `Upload`, a Vercel Blob `put`, a Cloudinary or
    /// UploadThing server upload in the same file.
    ///
    /// ## Why it matters
    /// The whole file passes through the function: serverless platforms cap request bodies
    /// (4.5 MB on Vercel, 1 MB for server actions by default), each upload holds the file in
    /// memory and bills function time while it streams twice, and large files fail with an
    /// error users cannot act on.
    ///
    /// ## How to fix
    /// Issue a signed upload URL from the server (`createSignedUploadUrl`, an S3 presigned
    /// `PUT`, Vercel Blob client uploads) after checking the user and the file's type and
    /// size, and let the browser upload directly to storage.
    ///
    /// ## Example
    /// ```ts
    /// const { data } = await supabase.storage.from("avatars").createSignedUploadUrl(`${user.id}/avatar.png`);
    /// return NextResponse.json({ url: data.signedUrl, token: data.token });
    /// ```
    pub struct ProxiedLargeUpload {
        id: "storage/proxied-large-upload",
        category: Storage,
        severity: Medium,
        effort: Medium,
        summary: "server routes that take whole file uploads instead of signed direct uploads",
        problem: "large uploads pass through the server",
    }
}

/// Server-side uploads in a handler's file, as text: `(marker, what)`.
const SERVER_UPLOADS: &[(&str, &str)] = &[
    ("PutObjectCommand", "an S3 `PutObjectCommand`"),
    ("new Upload(", "an S3 `Upload`"),
    ("uploader.upload", "a Cloudinary upload"),
    ("utapi.uploadFiles", "an UploadThing server upload"),
    ("from \"@vercel/blob\"", "a Vercel Blob `put`"),
    ("from '@vercel/blob'", "a Vercel Blob `put`"),
];

/// Where the handler writes the file, described.
fn server_upload(model: &AppModel, r: &Route) -> Option<(String, Option<Loc>)> {
    if let Some(op) = r.facts.storage_ops.iter().find(|o| o.method == "upload") {
        return Some(("a Supabase Storage `upload`".to_string(), Some(op.at)));
    }
    let text: &str = &model.file(r.at.file).text;
    SERVER_UPLOADS
        .iter()
        .find(|(m, _)| text.contains(m))
        .map(|(_, what)| (what.to_string(), None))
}

impl Rule for ProxiedLargeUpload {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let form_routes: Vec<&Route> = model
            .routes
            .iter()
            .filter(|r| r.facts.inputs.iter().any(|i| i.source == InputSource::Form))
            .collect();
        if form_routes.is_empty() {
            return Outcome::not_applicable("no handler reads multipart form data");
        }
        let mut findings = Vec::new();
        for r in &form_routes {
            let Some((what, at)) = server_upload(model, r) else {
                continue;
            };
            let input = r
                .facts
                .inputs
                .iter()
                .find(|i| i.source == InputSource::Form)
                .map(|i| i.at)
                .unwrap_or(r.at);
            let mut f = route_finding(
                &Self::META,
                Self::META.severity,
                r,
                format!(
                    "`{}` reads the uploaded file into the function (`formData()`) and sends it on with {what}: uploads are capped by the platform's body limit and held in memory",
                    r.entity()
                ),
                input,
                "Return a signed upload URL (`createSignedUploadUrl`, an S3 presigned PUT, Vercel Blob client uploads) after checking the user, type and size, and upload from the browser.".to_string(),
            );
            if let Some(at) = at {
                f.related.push(related(at, "the server-side upload"));
            }
            findings.push(f);
        }
        Outcome::from_findings(
            findings,
            format!(
                "{} form handler(s) do not re-upload files",
                form_routes.len()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::ProxiedLargeUpload::META.id);
    }
}
