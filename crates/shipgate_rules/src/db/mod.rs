//! db: rules about the database schema the migrations define (row level security,
//! policies, functions, grants, storage), joined with the code that uses each table.

pub mod definer_function_exposed;
pub mod grants_to_anon;
pub mod missing_fk_index;
pub mod no_audit_log;
pub mod no_migrations;
pub mod permissive_policy;
pub mod policy_exposes_secrets;
pub mod policy_recursion;
pub mod rls_disabled;
pub mod rls_enabled_no_policy;
pub mod rls_incomplete_policies;
pub mod schema_drift_column;
pub mod schema_drift_table;
pub mod security_definer_search_path;
pub mod storage_bucket_public;
pub mod storage_objects_no_policy;

use shipgate_model::schema::{SchemaSourceKind, Table};
use shipgate_model::{AppModel, ClientKind, DataOp, Loc, Route};

/// Whether the app serves its `public` schema through Supabase's Data API (PostgREST),
/// where the anon key that ships to every browser can query any table it is granted.
pub fn supabase_api(model: &AppModel) -> bool {
    model
        .schema
        .sources
        .iter()
        .any(|s| s.kind == SchemaSourceKind::SupabaseMigrations)
        || model.has_stack("supabase") && !model.schema.is_empty()
}

/// Tables the Data API exposes: created by the repo in `public`, not revoked from the
/// API roles.
pub fn exposed_tables(model: &AppModel) -> impl Iterator<Item = &Table> {
    model
        .schema
        .tables
        .iter()
        .filter(|t| !t.external && t.schema == "public")
        .filter(move |t| !revoked_from_api(model, t))
}

/// `revoke all on table x from anon, authenticated` (or from public): the Data API
/// cannot reach the table.
fn revoked_from_api(model: &AppModel, t: &Table) -> bool {
    let name = t.qualified();
    let revoked = |role: &str| {
        model.schema.revokes.iter().any(|r| {
            r.object == name
                && r.privileges.iter().any(|p| p == "all")
                && r.roles.iter().any(|x| x == role || x == "public")
        })
    };
    revoked("anon") && revoked("authenticated")
}

/// A table the repository defines, whichever schema source says so.
pub struct SchemaTable {
    /// The name the code uses.
    pub name: String,
    pub columns: Vec<String>,
    pub at: Loc,
}

/// Tables from the SQL migrations, then Prisma models and Drizzle tables no migration
/// creates (a model and the table its migration creates count once).
pub fn all_tables(model: &AppModel) -> Vec<SchemaTable> {
    let schema = &model.schema;
    let mut tables: Vec<SchemaTable> = schema
        .tables
        .iter()
        .filter(|t| !t.external)
        .map(|t| SchemaTable {
            name: t.name.clone(),
            columns: t.columns.iter().map(|c| c.name.clone()).collect(),
            at: t.at,
        })
        .collect();
    for m in schema.prisma_models.iter().filter(|m| !m.view) {
        let known = tables
            .iter()
            .any(|t| t.name.eq_ignore_ascii_case(&m.name) || t.name.eq_ignore_ascii_case(&m.table));
        if !known {
            tables.push(SchemaTable {
                name: m.name.clone(),
                columns: m
                    .fields
                    .iter()
                    .filter(|f| !f.relation)
                    .map(|f| f.name.clone())
                    .collect(),
                at: m.at,
            });
        }
    }
    for t in &schema.drizzle_tables {
        let known = tables
            .iter()
            .any(|x| x.name.eq_ignore_ascii_case(&t.name) || x.name.eq_ignore_ascii_case(&t.var));
        if !known {
            tables.push(SchemaTable {
                name: t.name.clone(),
                columns: t.columns.iter().map(|c| c.field.clone()).collect(),
                at: t.at,
            });
        }
    }
    tables
}

/// The first use through a client that row level security applies to.
pub fn user_scoped_use<'a>(uses: &[(&'a Route, &'a DataOp)]) -> Option<(&'a Route, &'a DataOp)> {
    uses.iter()
        .find(|(_, op)| op.client == ClientKind::UserScoped)
        .copied()
}
