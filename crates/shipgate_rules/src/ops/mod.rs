//! Operations rules: health checks, error tracking, error boundaries and container
//! images, read from routes, manifests and the file tree.

pub mod console_logging;
pub mod dockerfile;
pub mod no_backup_plan;
pub mod no_error_boundary;
pub mod no_error_tracking;
pub mod no_health_endpoint;
pub mod shallow_health_check;

use shipgate_model::AppModel;

/// The repository serves HTTP: routes, pages, or a web framework in its stack.
pub(crate) fn serves_http(model: &AppModel) -> bool {
    !model.routes.is_empty()
        || !model.pages.is_empty()
        || ["next-app-router", "next-pages-router", "express", "hono"]
            .iter()
            .any(|s| model.has_stack(s))
}

/// The app keeps data in a database shipgate can see.
pub(crate) fn has_database(model: &AppModel) -> bool {
    !model.schema.is_empty()
        || ["supabase", "prisma", "drizzle"]
            .iter()
            .any(|s| model.has_stack(s))
        || model.routes.iter().any(|r| !r.facts.data_ops.is_empty())
}
