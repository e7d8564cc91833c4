//! The database schema as the repository defines it: migrations (and later Prisma schema
//! files) replayed into final tables, columns, keys, indexes, row level security,
//! policies, functions, grants and storage buckets. Rules read this, never SQL.

use crate::app::Loc;
use serde::Serialize;

/// Where a table definition came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchemaSourceKind {
    /// `supabase/migrations/*.sql`
    SupabaseMigrations,
    /// `prisma/migrations/*/migration.sql`
    PrismaMigrations,
    /// Drizzle, Knex or other SQL migration folders.
    SqlMigrations,
    /// A schema dump (`supabase/schema.sql`, `schema.sql`) read when no migrations exist.
    SchemaDump,
}

impl SchemaSourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SupabaseMigrations => "supabase migrations",
            Self::PrismaMigrations => "prisma migrations",
            Self::SqlMigrations => "SQL migrations",
            Self::SchemaDump => "schema dump",
        }
    }
}

/// One set of migration files, replayed in order.
#[derive(Debug, Clone, Serialize)]
pub struct SchemaSource {
    pub kind: SchemaSourceKind,
    /// The folder (or dump file) the set lives in.
    pub path: String,
    pub files: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Schema {
    pub sources: Vec<SchemaSource>,
    /// Sorted by `schema.name`.
    pub tables: Vec<Table>,
    /// Views and materialised views (`schema.name`): code may read them like tables.
    pub views: Vec<String>,
    pub functions: Vec<Function>,
    pub buckets: Vec<Bucket>,
    pub grants: Vec<Grant>,
    /// Revokes, as written: a revoke from `anon` and `authenticated` takes a table off
    /// Supabase's Data API.
    pub revokes: Vec<Grant>,
    /// Statements the parser could not read, in file order.
    pub skipped: Vec<SkippedStatement>,
    /// Models and views from Prisma schema files, sorted by name.
    pub prisma_models: Vec<PrismaModel>,
    /// `relationMode = "prisma"`: relations exist only in the client, with no foreign keys
    /// (and so no automatic indexes) in the database.
    pub prisma_relation_mode: bool,
    /// Drizzle table definitions in code, sorted by binding name.
    pub drizzle_tables: Vec<DrizzleTable>,
    /// Database types generated from a live database (`supabase gen types`), in path order:
    /// what production had when they were generated.
    pub generated: Vec<GeneratedTypes>,
}

/// A database description generated from a live database.
#[derive(Debug, Clone, Serialize)]
pub struct GeneratedTypes {
    pub at: Loc,
    /// Tables and views.
    pub tables: Vec<GeneratedTable>,
    /// `schema.function`.
    pub functions: Vec<String>,
}

/// A table or view as generated types describe it.
#[derive(Debug, Clone, Serialize)]
pub struct GeneratedTable {
    pub schema: String,
    pub name: String,
    pub columns: Vec<String>,
}

/// A Drizzle table definition: `export const users = pgTable("users", { ... })`.
#[derive(Debug, Clone, Serialize)]
pub struct DrizzleTable {
    /// The binding queries name (`db.select().from(users)`).
    pub var: String,
    /// The SQL table name, as written.
    pub name: String,
    pub columns: Vec<DrizzleColumn>,
    /// The definition spreads shared columns (`...timestamps`): `columns` is not complete.
    pub open: bool,
    pub at: Loc,
}

#[derive(Debug, Clone, Serialize)]
pub struct DrizzleColumn {
    /// The property the code uses (`fullName`).
    pub field: String,
    /// The SQL column, when the definition names it (`text("full_name")`).
    pub column: Option<String>,
}

impl Schema {
    /// The Drizzle table a query names (`users`, `schema.users`), when exactly one
    /// definition is held under that name.
    pub fn drizzle_table(&self, var: &str) -> Option<&DrizzleTable> {
        let var = var.rsplit('.').next().unwrap_or(var);
        let mut found = self.drizzle_tables.iter().filter(|t| t.var == var);
        match (found.next(), found.next()) {
            (Some(t), None) => Some(t),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PrismaField {
    pub name: String,
    /// The column (`@map`), or the field name.
    pub column: String,
    pub type_name: String,
    pub optional: bool,
    pub list: bool,
    /// The type is another model: a relation, not a column.
    pub relation: bool,
    /// `@relation(fields: [...])`: the scalar fields holding the foreign key.
    pub relation_fields: Vec<String>,
    pub id: bool,
    pub unique: bool,
    pub at: Loc,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrismaModel {
    pub name: String,
    /// The table (`@@map`), or the model name.
    pub table: String,
    pub view: bool,
    pub fields: Vec<PrismaField>,
    pub id: Vec<String>,
    pub uniques: Vec<Vec<String>>,
    pub indexes: Vec<Vec<String>>,
    pub at: Loc,
}

impl Schema {
    /// The Prisma model a client accessor names: `workItem` → `WorkItem`.
    pub fn prisma_model(&self, accessor: &str) -> Option<&PrismaModel> {
        self.prisma_models
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(accessor))
    }
}

impl Schema {
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// Database types generated from the live database list functions, not this one
    /// (`schema.name`, defined at `at`), and do list one that a later migration defines:
    /// the types are newer than its migration, which so was never applied. (Absence alone
    /// could mean the types are older than the migration.) Generated types leave trigger
    /// functions out, so ask only about callable ones.
    pub fn function_absent_live(&self, qualified: &str, at: Loc) -> bool {
        let listed = |g: &GeneratedTypes, name: &str| {
            g.functions.iter().any(|n| n.eq_ignore_ascii_case(name))
        };
        let listing: Vec<&GeneratedTypes> = self
            .generated
            .iter()
            .filter(|g| !g.functions.is_empty())
            .collect();
        let newer_listed = self.functions.iter().any(|f| {
            f.at.file > at.file
                && listing
                    .iter()
                    .any(|g| listed(g, &format!("{}.{}", f.schema, f.name)))
        });
        newer_listed && listing.iter().all(|g| !listed(g, qualified))
    }

    /// The generated tables and views a name finds, with where their types are:
    /// `profiles` finds `public.profiles`; a qualified name must match.
    fn generated_named<'s, 'n>(
        &'s self,
        name: &'n str,
    ) -> impl Iterator<Item = (Loc, &'s GeneratedTable)> + use<'s, 'n> {
        let (schema, bare) = split_name(name);
        self.generated.iter().flat_map(move |g| {
            g.tables
                .iter()
                .filter(move |t| {
                    t.name.eq_ignore_ascii_case(bare)
                        && schema.is_none_or(|s| t.schema.eq_ignore_ascii_case(s))
                })
                .map(move |t| (g.at, t))
        })
    }

    /// A table or view by name in the generated types, with where they are.
    pub fn generated_table(&self, name: &str) -> Option<(Loc, &GeneratedTable)> {
        self.generated_named(name).next()
    }

    /// Where generated types show the live database has `table.column`, if they do.
    pub fn generated_column(&self, table: &str, column: &str) -> Option<Loc> {
        self.generated_named(table)
            .find(|(_, t)| t.columns.iter().any(|c| c.eq_ignore_ascii_case(column)))
            .map(|(at, _)| at)
    }

    /// The column names of a table, from the migrations or, failing them, from database
    /// types generated from the live database; `None` when neither knows the table.
    pub fn columns_of(&self, name: &str) -> Option<Vec<String>> {
        if let Some(t) = self.table(name).filter(|t| !t.columns.is_empty()) {
            return Some(
                t.columns
                    .iter()
                    .map(|c| c.name.to_ascii_lowercase())
                    .collect(),
            );
        }
        self.generated_table(name)
            .map(|(_, t)| t.columns.iter().map(|c| c.to_ascii_lowercase()).collect())
    }

    /// A table by name: `profiles` finds `public.profiles`; a qualified name must match.
    pub fn table(&self, name: &str) -> Option<&Table> {
        let (schema, bare) = split_name(name);
        self.tables.iter().find(|t| {
            t.name.eq_ignore_ascii_case(bare)
                && schema.is_none_or(|s| t.schema.eq_ignore_ascii_case(s))
        })
    }
}

/// `schema.name` as `(Some(schema), name)`, a bare name as `(None, name)`.
fn split_name(name: &str) -> (Option<&str>, &str) {
    match name.split_once('.') {
        Some((s, n)) => (Some(s), n),
        None => (None, name),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub schema: String,
    pub name: String,
    /// The `CREATE TABLE` statement, or for a platform table (`storage.objects`) the first
    /// statement that touched it.
    pub at: Loc,
    /// Created outside the repo's SQL (Supabase's `auth.users`, `storage.objects`): only
    /// what the migrations did to it is known.
    pub external: bool,
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
    pub foreign_keys: Vec<ForeignKey>,
    pub indexes: Vec<Index>,
    /// Where row level security was (last) enabled, if it is on.
    pub rls: Option<Loc>,
    pub rls_forced: bool,
    pub policies: Vec<Policy>,
    /// Triggers that run before row updates (they can veto or reset columns).
    pub update_triggers: Vec<String>,
}

impl Table {
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// The commands some policy covers (an `ALL` policy covers every one).
    pub fn covers(&self, cmd: PolicyCommand) -> bool {
        self.policies
            .iter()
            .any(|p| p.command == cmd || p.command == PolicyCommand::All)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub name: String,
    /// The type as written, lower-case (`uuid`, `text`, `timestamptz`).
    pub data_type: String,
    pub not_null: bool,
    pub at: Loc,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    /// `schema.table` referenced.
    pub references: String,
    pub at: Loc,
}

#[derive(Debug, Clone, Serialize)]
pub struct Index {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub unique: bool,
    pub at: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyCommand {
    All,
    Select,
    Insert,
    Update,
    Delete,
}

impl PolicyCommand {
    pub const EACH: [PolicyCommand; 4] = [Self::Select, Self::Insert, Self::Update, Self::Delete];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Select => "select",
            Self::Insert => "insert",
            Self::Update => "update",
            Self::Delete => "delete",
        }
    }

    pub fn is_write(self) -> bool {
        !matches!(self, Self::Select)
    }
}

/// What a policy expression admits, judged from its parse tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyScope {
    /// `true`, or a tautology: every row.
    Everyone,
    /// Only "is signed in": `auth.uid() is not null`, `auth.role() = 'authenticated'`.
    SignedIn,
    /// Compares rows with the caller (`auth.uid()`, `auth.jwt()`, a membership lookup).
    Caller,
    /// Something else (a flag column, a role function): not judged.
    Other,
}

#[derive(Debug, Clone, Serialize)]
pub struct PolicyExpr {
    /// The expression as written.
    pub text: String,
    pub scope: PolicyScope,
    /// Tables and views the expression selects from, `schema.name` (`public` when
    /// unqualified), sorted: a sub-query on these runs under their own policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reads: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Policy {
    pub name: String,
    pub command: PolicyCommand,
    /// Lower-case role names; `public` when none were named.
    pub roles: Vec<String>,
    pub permissive: bool,
    pub using: Option<PolicyExpr>,
    pub with_check: Option<PolicyExpr>,
    pub at: Loc,
}

impl Policy {
    /// Whether anonymous or signed-in API users can use it (not only `service_role`).
    pub fn applies_to_users(&self) -> bool {
        self.roles
            .iter()
            .any(|r| matches!(r.as_str(), "public" | "anon" | "authenticated"))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Function {
    pub schema: String,
    pub name: String,
    pub security_definer: bool,
    /// `SET search_path = ...` in the definition or a later `ALTER FUNCTION`.
    pub search_path_set: bool,
    pub at: Loc,
    /// What its definition says about its inputs, result and body.
    #[serde(flatten)]
    pub shape: FunctionShape,
    /// Roles that may execute it, lower-case: Postgres grants `public` by default and
    /// Supabase's default privileges grant `anon`, `authenticated` and `service_role`;
    /// later grants and revokes (and `alter default privileges`) change the list.
    pub executable_by: Vec<String>,
}

/// A function definition's inputs, result and what its body does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FunctionShape {
    /// `(name, type)` of the input parameters, lower-case.
    pub args: Vec<(String, String)>,
    /// The result type, lower-case (`trigger`, `void`, `setof public.orders`).
    pub returns: String,
    /// The result's column names when the signature lists them (`returns table (...)`,
    /// `out` parameters), lower-case.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub out_columns: Vec<String>,
    /// The body reads who is calling: `auth.uid()`, `auth.jwt()`, `auth.role()`, the
    /// request's JWT claims, `current_user`.
    pub reads_caller: bool,
    /// The body inserts, updates or deletes rows.
    pub writes: bool,
    /// The body updates or deletes rows (not only inserts new ones).
    pub changes: bool,
    /// Names the body calls (`is_member(...)`, `public.has_role(...)`), lower-case, bare.
    pub calls: Vec<String>,
}

impl Function {
    /// Whether `role` may execute it, directly or through `public`.
    pub fn executable_by(&self, role: &str) -> bool {
        self.executable_by
            .iter()
            .any(|r| r == role || r == "public")
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Bucket {
    pub id: String,
    pub public: bool,
    pub at: Loc,
}

#[derive(Debug, Clone, Serialize)]
pub struct Grant {
    /// Lower-case privilege names (`insert`, `all`).
    pub privileges: Vec<String>,
    /// What was granted on: `public.profiles`, `all tables in schema public`.
    pub object: String,
    pub roles: Vec<String>,
    /// Column-level grants name their columns; empty for the whole table.
    pub columns: Vec<String>,
    pub at: Loc,
}

impl Grant {
    pub fn writes(&self) -> bool {
        self.privileges.iter().any(|p| {
            matches!(
                p.as_str(),
                "all" | "insert" | "update" | "delete" | "truncate"
            )
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedStatement {
    pub at: Loc,
    pub reason: String,
}
