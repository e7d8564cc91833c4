//! Replays the repository's SQL migrations, in order, into the final schema: each
//! migration folder is one ordered set; schema dumps count only when there are no
//! migrations at all.

use super::project::Project;
use crate::sql::facts::{AlterCmd, ColumnFact, QName, SqlFact, SqlFacts};
use crate::sql::{SqlFileKind, sql_file_kind};
use shipgate_model::schema::{
    Bucket, Column, ForeignKey, Function, Grant, Index, Schema, SchemaSource, SchemaSourceKind,
    SkippedStatement, Table,
};
use shipgate_model::{FileId, Loc, Span};
use std::collections::BTreeMap;

/// Schemas Supabase creates itself; their tables exist without a `CREATE TABLE` here.
const PLATFORM_SCHEMAS: &[&str] = &[
    "auth",
    "storage",
    "realtime",
    "extensions",
    "graphql",
    "graphql_public",
    "vault",
    "pgsodium",
    "supabase_functions",
    "supabase_migrations",
    "net",
    "cron",
];

pub fn build(project: &Project) -> Schema {
    let mut sets: BTreeMap<String, (SchemaSourceKind, Vec<SqlFile>)> = BTreeMap::new();
    let mut dumps: Vec<SqlFile> = Vec::new();
    for (file, facts) in &project.sql {
        let path = project.path(*file);
        if super::project::is_test_path(path) {
            continue;
        }
        match sql_file_kind(path) {
            Some(SqlFileKind::Migration) => {
                let (kind, folder) = migration_set(path);
                sets.entry(folder)
                    .or_insert((kind, Vec::new()))
                    .1
                    .push((*file, facts));
            }
            Some(SqlFileKind::Dump) => dumps.push((*file, facts)),
            None => {}
        }
    }
    let mut replay = Replay::default();
    let mut sources = Vec::new();
    if sets.is_empty() {
        dumps.sort_by(|a, b| project.path(a.0).cmp(project.path(b.0)));
        for (file, facts) in dumps {
            sources.push(SchemaSource {
                kind: SchemaSourceKind::SchemaDump,
                path: project.path(file).to_string(),
                files: 1,
            });
            replay.file(file, facts);
        }
    }
    for (folder, (kind, mut files)) in sets {
        // Timestamped or numbered names sort in the order they were made.
        files.sort_by(|a, b| project.path(a.0).cmp(project.path(b.0)));
        sources.push(SchemaSource {
            kind,
            path: folder,
            files: files.len(),
        });
        for (file, facts) in files {
            replay.file(file, facts);
        }
    }
    let mut schema = replay.finish(sources);
    prisma_models(project, &mut schema);
    drizzle_tables(project, &mut schema);
    generated_types(project, &mut schema);
    schema
}

/// Database types generated from a live database, from every JS/TS file outside tests.
fn generated_types(project: &Project, schema: &mut Schema) {
    use shipgate_model::schema::{GeneratedTable, GeneratedTypes};
    for (file, facts) in project.js_files() {
        if super::project::is_test_path(project.path(file)) {
            continue;
        }
        for (span, t) in &facts.db_types {
            schema.generated.push(GeneratedTypes {
                at: Loc::new(file, *span),
                tables: t
                    .tables
                    .iter()
                    .map(|(schema, name, columns)| GeneratedTable {
                        schema: schema.clone(),
                        name: name.clone(),
                        columns: columns.clone(),
                    })
                    .collect(),
                functions: t
                    .functions
                    .iter()
                    .map(|(s, f)| format!("{s}.{f}"))
                    .collect(),
            });
        }
    }
    schema.generated.sort_by(|a, b| {
        project
            .path(a.at.file)
            .cmp(project.path(b.at.file))
            .then(a.at.cmp(&b.at))
    });
}

/// Drizzle table definitions from every JS/TS file outside tests.
fn drizzle_tables(project: &Project, schema: &mut Schema) {
    use shipgate_model::schema::{DrizzleColumn, DrizzleTable};
    for (file, facts) in project.js_files() {
        if super::project::is_test_path(project.path(file)) {
            continue;
        }
        for (span, t) in &facts.drizzle_tables {
            schema.drizzle_tables.push(DrizzleTable {
                var: t.var.clone(),
                name: t.name.clone(),
                columns: t
                    .columns
                    .iter()
                    .map(|(field, column)| DrizzleColumn {
                        field: field.clone(),
                        column: column.clone(),
                    })
                    .collect(),
                open: t.open,
                at: Loc::new(file, *span),
            });
        }
    }
    schema
        .drizzle_tables
        .sort_by(|a, b| (&a.var, a.at).cmp(&(&b.var, b.at)));
}

/// Models from every Prisma schema file outside tests; a relation field is one whose type
/// is another model.
fn prisma_models(project: &Project, schema: &mut Schema) {
    use shipgate_model::schema::{PrismaField, PrismaModel};
    let files: Vec<_> = project
        .prisma
        .iter()
        .filter(|(f, _)| !super::project::is_test_path(project.path(*f)))
        .collect();
    let names: std::collections::HashSet<&str> = files
        .iter()
        .flat_map(|(_, p)| p.models.iter().map(|m| m.name.as_str()))
        .collect();
    for (file, facts) in &files {
        schema.prisma_relation_mode |= facts.relation_mode_prisma;
        for m in &facts.models {
            schema.prisma_models.push(PrismaModel {
                name: m.name.clone(),
                table: m.table.clone(),
                view: m.view,
                fields: m
                    .fields
                    .iter()
                    .map(|f| PrismaField {
                        name: f.name.clone(),
                        column: f.column.clone(),
                        type_name: f.type_name.clone(),
                        optional: f.optional,
                        list: f.list,
                        relation: names.contains(f.type_name.as_str()),
                        relation_fields: f.relation_fields.clone(),
                        id: f.id,
                        unique: f.unique,
                        at: Loc::new(*file, f.span),
                    })
                    .collect(),
                id: m.id.clone(),
                uniques: m.uniques.clone(),
                indexes: m.indexes.clone(),
                at: Loc::new(*file, m.span),
            });
        }
    }
    schema
        .prisma_models
        .sort_by(|a, b| a.name.cmp(&b.name).then(a.at.cmp(&b.at)));
    schema.prisma_models.dedup_by(|a, b| a.name == b.name);
}

/// The set a migration belongs to: its folder (for Prisma, the `migrations` folder above
/// each migration's own).
fn migration_set(path: &str) -> (SchemaSourceKind, String) {
    let lower = path.to_ascii_lowercase();
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    if lower.contains("prisma/migrations/") {
        let folder = dir.rsplit_once('/').map_or(dir, |(d, _)| d);
        return (SchemaSourceKind::PrismaMigrations, folder.to_string());
    }
    if lower.contains("supabase/migrations/") {
        return (SchemaSourceKind::SupabaseMigrations, dir.to_string());
    }
    (SchemaSourceKind::SqlMigrations, dir.to_string())
}

type Key = (String, String);

/// A migration or dump file and what was read from it.
type SqlFile<'p> = (FileId, &'p SqlFacts);

#[derive(Default)]
struct Replay {
    tables: BTreeMap<Key, Table>,
    views: Vec<String>,
    functions: BTreeMap<Key, Function>,
    /// Who may execute functions created from now on (see `Function::executable_by`);
    /// `None` until a statement changes the defaults.
    default_exec: Option<Vec<String>>,
    /// Who may execute each overload (name and input types).
    function_acl: BTreeMap<(Key, Vec<String>), Acl>,
    buckets: BTreeMap<String, Bucket>,
    grants: Vec<Grant>,
    revokes: Vec<Grant>,
    skipped: Vec<SkippedStatement>,
}

/// Adds or removes roles from who may execute a function. A revoke from `public` also
/// takes away the API roles' access by default (`anon`, `authenticated`) unless they were
/// granted it by name: a `pg_dump` lists every grant after revoking from `public`, and
/// that is what an author who revokes from `public` means.
fn change_function_access(
    exec: &mut Vec<String>,
    explicit: &mut Vec<String>,
    grant: bool,
    roles: &[String],
) {
    if grant {
        for r in roles {
            if !exec.contains(r) {
                exec.push(r.clone());
            }
            if !explicit.contains(r) {
                explicit.push(r.clone());
            }
        }
        exec.sort();
    } else {
        let from_public = roles.iter().any(|r| r == "public");
        let implied = |r: &String| {
            from_public && matches!(r.as_str(), "anon" | "authenticated") && !explicit.contains(r)
        };
        exec.retain(|r| !roles.contains(r) && !implied(r));
        explicit.retain(|r| !roles.contains(r));
    }
}

fn key(q: &QName) -> Key {
    (q.schema_or_public().to_string(), q.name.clone())
}

fn column(c: &ColumnFact, file: FileId, stmt: Span) -> Column {
    let span = if c.span.start == 0 && c.span.end <= c.name.len() as u32 {
        stmt
    } else {
        c.span
    };
    Column {
        name: c.name.clone(),
        data_type: c.data_type.clone(),
        not_null: c.not_null,
        at: Loc::new(file, span),
    }
}

/// A function overload's privileges: who may execute it, and who was granted it by name.
struct Acl {
    exec: Vec<String>,
    explicit: Vec<String>,
}

impl Replay {
    /// Grants or revokes execution of the overloads `which` selects, and keeps each
    /// function's list in step with its current overload.
    fn change_access(
        &mut self,
        grant: bool,
        roles: &[String],
        which: impl Fn(&(Key, Vec<String>)) -> bool,
    ) {
        for (id, acl) in self.function_acl.iter_mut().filter(|(id, _)| which(id)) {
            change_function_access(&mut acl.exec, &mut acl.explicit, grant, roles);
            if let Some(f) = self.functions.get_mut(&id.0)
                && f.shape.args.iter().map(|(_, t)| t).eq(id.1.iter())
            {
                f.executable_by = acl.exec.clone();
            }
        }
    }

    /// The table a statement acts on; platform tables appear on first use.
    fn table(&mut self, q: &QName, at: Loc) -> Option<&mut Table> {
        let k = key(q);
        if !self.tables.contains_key(&k) && PLATFORM_SCHEMAS.contains(&k.0.as_str()) {
            self.tables.insert(
                k.clone(),
                Table {
                    schema: k.0.clone(),
                    name: k.1.clone(),
                    at,
                    external: true,
                    columns: Vec::new(),
                    primary_key: Vec::new(),
                    foreign_keys: Vec::new(),
                    indexes: Vec::new(),
                    rls: None,
                    rls_forced: false,
                    policies: Vec::new(),
                    update_triggers: Vec::new(),
                },
            );
        }
        self.tables.get_mut(&k)
    }

    fn file(&mut self, file: FileId, facts: &SqlFacts) {
        for e in &facts.errors {
            self.skipped.push(SkippedStatement {
                at: Loc::new(file, e.span),
                reason: e.reason.clone(),
            });
        }
        for s in &facts.statements {
            self.apply(&s.fact, Loc::new(file, s.span));
        }
    }

    fn apply(&mut self, fact: &SqlFact, at: Loc) {
        match fact {
            SqlFact::CreateTable {
                table,
                columns,
                primary_key,
                foreign_keys,
                uniques,
            } => {
                let k = key(table);
                // `create table if not exists` over an existing table changes nothing.
                if self.tables.get(&k).is_some_and(|t| !t.external) {
                    return;
                }
                let mut t = Table {
                    schema: k.0.clone(),
                    name: k.1.clone(),
                    at,
                    external: false,
                    columns: columns
                        .iter()
                        .map(|c| column(c, at.file, at.span))
                        .collect(),
                    primary_key: primary_key.clone(),
                    foreign_keys: foreign_keys
                        .iter()
                        .map(|f| ForeignKey {
                            columns: f.columns.clone(),
                            references: f.references.qualified(),
                            at: f.span.map_or(at, |s| Loc::new(at.file, s)),
                        })
                        .collect(),
                    indexes: Vec::new(),
                    rls: None,
                    rls_forced: false,
                    policies: Vec::new(),
                    update_triggers: Vec::new(),
                };
                // Primary keys and unique constraints are indexed.
                if !primary_key.is_empty() {
                    t.indexes.push(Index {
                        name: None,
                        columns: primary_key.clone(),
                        unique: true,
                        at,
                    });
                }
                for u in uniques {
                    t.indexes.push(Index {
                        name: None,
                        columns: u.clone(),
                        unique: true,
                        at,
                    });
                }
                self.tables.insert(k, t);
            }
            SqlFact::AlterTable { table, cmds } => {
                let Some(t) = self.table(table, at) else {
                    return;
                };
                for c in cmds {
                    match c {
                        AlterCmd::AddColumn(c) => {
                            if t.column(&c.name).is_none() {
                                t.columns.push(column(c, at.file, at.span));
                            }
                            if let Some(r) = &c.references {
                                t.foreign_keys.push(ForeignKey {
                                    columns: vec![c.name.clone()],
                                    references: r.qualified(),
                                    at,
                                });
                            }
                            if c.primary_key || c.unique {
                                t.indexes.push(Index {
                                    name: None,
                                    columns: vec![c.name.clone()],
                                    unique: true,
                                    at,
                                });
                            }
                        }
                        AlterCmd::DropColumn(name) => {
                            t.columns.retain(|c| &c.name != name);
                            t.indexes.retain(|i| !i.columns.contains(name));
                            t.foreign_keys.retain(|f| !f.columns.contains(name));
                        }
                        AlterCmd::EnableRls => t.rls = Some(at),
                        AlterCmd::DisableRls => t.rls = None,
                        AlterCmd::ForceRls => t.rls_forced = true,
                        AlterCmd::NoForceRls => t.rls_forced = false,
                        AlterCmd::PrimaryKey(cols) => {
                            t.primary_key = cols.clone();
                            t.indexes.push(Index {
                                name: None,
                                columns: cols.clone(),
                                unique: true,
                                at,
                            });
                        }
                        AlterCmd::Unique(cols) => t.indexes.push(Index {
                            name: None,
                            columns: cols.clone(),
                            unique: true,
                            at,
                        }),
                        AlterCmd::ForeignKey(f) => t.foreign_keys.push(ForeignKey {
                            columns: f.columns.clone(),
                            references: f.references.qualified(),
                            at,
                        }),
                        AlterCmd::ColumnType { column, data_type } => {
                            if let Some(c) = t.columns.iter_mut().find(|c| &c.name == column) {
                                c.data_type = data_type.clone();
                            }
                        }
                    }
                }
            }
            SqlFact::RenameTable { table, new_name } => {
                let k = key(table);
                if let Some(mut t) = self.tables.remove(&k) {
                    t.name = new_name.clone();
                    self.tables.insert((k.0, new_name.clone()), t);
                }
            }
            SqlFact::RenameColumn {
                table,
                column,
                new_name,
            } => {
                if let Some(t) = self.tables.get_mut(&key(table)) {
                    if let Some(c) = t.columns.iter_mut().find(|c| &c.name == column) {
                        c.name = new_name.clone();
                    }
                    for cols in t
                        .indexes
                        .iter_mut()
                        .map(|i| &mut i.columns)
                        .chain(t.foreign_keys.iter_mut().map(|f| &mut f.columns))
                        .chain(std::iter::once(&mut t.primary_key))
                    {
                        for c in cols.iter_mut().filter(|c| *c == column) {
                            *c = new_name.clone();
                        }
                    }
                }
            }
            SqlFact::DropTables(names) => {
                for n in names {
                    self.tables.remove(&key(n));
                    let q = n.qualified();
                    self.views.retain(|v| v != &q);
                }
            }
            SqlFact::CreateView(q) => {
                let name = q.qualified();
                if !self.views.contains(&name) {
                    self.views.push(name);
                }
            }
            SqlFact::CreateIndex {
                table,
                name,
                columns,
                unique,
            } => {
                if let Some(t) = self.table(table, at) {
                    t.indexes.push(Index {
                        name: name.clone(),
                        columns: columns.clone(),
                        unique: *unique,
                        at,
                    });
                }
            }
            SqlFact::CreatePolicy {
                table,
                name,
                command,
                roles,
                permissive,
                using,
                with_check,
            } => {
                if let Some(t) = self.table(table, at) {
                    t.policies.retain(|p| &p.name != name);
                    t.policies.push(shipgate_model::schema::Policy {
                        name: name.clone(),
                        command: *command,
                        roles: roles.clone(),
                        permissive: *permissive,
                        using: using.clone(),
                        with_check: with_check.clone(),
                        at,
                    });
                }
            }
            SqlFact::AlterPolicy {
                table,
                name,
                roles,
                using,
                with_check,
            } => {
                if let Some(p) = self
                    .tables
                    .get_mut(&key(table))
                    .and_then(|t| t.policies.iter_mut().find(|p| &p.name == name))
                {
                    if let Some(r) = roles {
                        p.roles = r.clone();
                    }
                    if using.is_some() {
                        p.using = using.clone();
                    }
                    if with_check.is_some() {
                        p.with_check = with_check.clone();
                    }
                    p.at = at;
                }
            }
            SqlFact::RenamePolicy {
                table,
                name,
                new_name,
            } => {
                if let Some(p) = self
                    .tables
                    .get_mut(&key(table))
                    .and_then(|t| t.policies.iter_mut().find(|p| &p.name == name))
                {
                    p.name = new_name.clone();
                }
            }
            SqlFact::DropPolicy { table, name } => {
                if let Some(t) = self.tables.get_mut(&key(table)) {
                    t.policies.retain(|p| &p.name != name);
                }
            }
            SqlFact::CreateFunction {
                name,
                security_definer,
                search_path_set,
                shape,
            } => {
                let k = key(name);
                // Privileges belong to one overload (name and input types); `create or
                // replace` keeps them.
                let types = shape.args.iter().map(|(_, t)| t.clone()).collect();
                let default = self.default_exec.clone().unwrap_or_else(|| {
                    ["anon", "authenticated", "public", "service_role"]
                        .map(String::from)
                        .to_vec()
                });
                let acl = self
                    .function_acl
                    .entry((k.clone(), types))
                    .or_insert_with(|| Acl {
                        exec: default,
                        explicit: Vec::new(),
                    });
                let executable_by = acl.exec.clone();
                self.functions.insert(
                    k.clone(),
                    Function {
                        schema: k.0,
                        name: k.1,
                        security_definer: *security_definer,
                        search_path_set: *search_path_set,
                        at,
                        shape: shape.clone(),
                        executable_by,
                    },
                );
            }
            SqlFact::FunctionAccess {
                grant,
                functions,
                roles,
            } => {
                for (n, types) in functions {
                    let k = key(n);
                    self.change_access(*grant, roles, |(name, sig)| {
                        *name == k && types.as_ref().is_none_or(|t| t == sig)
                    });
                }
            }
            SqlFact::DefaultFunctionAccess { grant, roles } => {
                let exec = self.default_exec.get_or_insert_with(|| {
                    ["anon", "authenticated", "public", "service_role"]
                        .map(String::from)
                        .to_vec()
                });
                change_function_access(exec, &mut Vec::new(), *grant, roles);
            }
            SqlFact::AlterFunction {
                name,
                security_definer,
                search_path_set,
            } => {
                if let Some(f) = self.functions.get_mut(&key(name)) {
                    if let Some(d) = security_definer {
                        f.security_definer = *d;
                    }
                    f.search_path_set |= search_path_set;
                }
            }
            SqlFact::DropFunctions(names) => {
                for n in names {
                    self.functions.remove(&key(n));
                }
            }
            SqlFact::BeforeUpdateTrigger { table, name, .. } => {
                if let Some(t) = self.table(table, at) {
                    t.update_triggers.retain(|n| n != name);
                    t.update_triggers.push(name.clone());
                }
            }
            SqlFact::DropTrigger { table, name } => {
                if let Some(t) = self.tables.get_mut(&key(table)) {
                    t.update_triggers.retain(|n| n != name);
                }
            }
            SqlFact::Grant {
                grant,
                privileges,
                objects,
                roles,
                columns,
            } => {
                // `... on all functions in schema s`: every function there now.
                for o in objects {
                    if let Some(schema) = o.strip_prefix("all functions in schema ") {
                        self.change_access(*grant, roles, |((s, _), _)| {
                            s.eq_ignore_ascii_case(schema)
                        });
                    }
                }
                if *grant {
                    for o in objects {
                        self.grants.push(Grant {
                            privileges: privileges.clone(),
                            object: o.clone(),
                            roles: roles.clone(),
                            columns: columns.clone(),
                            at,
                        });
                    }
                } else {
                    for o in objects {
                        self.revokes.push(Grant {
                            privileges: privileges.clone(),
                            object: o.clone(),
                            roles: roles.clone(),
                            columns: columns.clone(),
                            at,
                        });
                    }
                    // A revoke takes the named roles off earlier grants of the same object.
                    let all = privileges.iter().any(|p| p == "all");
                    for g in self
                        .grants
                        .iter_mut()
                        .filter(|g| objects.contains(&g.object))
                    {
                        if all {
                            g.roles.retain(|r| !roles.contains(r));
                        } else {
                            // Partial revokes leave the grant in place for the rest.
                            let left: Vec<String> = g
                                .privileges
                                .iter()
                                .filter(|p| !privileges.contains(p))
                                .cloned()
                                .collect();
                            if left.is_empty() {
                                g.roles.retain(|r| !roles.contains(r));
                            }
                        }
                    }
                    self.grants.retain(|g| !g.roles.is_empty());
                }
            }
            SqlFact::Bucket { id, public } => {
                self.buckets.insert(
                    id.clone(),
                    Bucket {
                        id: id.clone(),
                        public: *public,
                        at,
                    },
                );
            }
            SqlFact::BucketPublic { id, public } => {
                for b in self.buckets.values_mut() {
                    if id.as_ref().is_none_or(|i| i == &b.id) {
                        b.public = *public;
                        b.at = at;
                    }
                }
            }
        }
    }

    fn finish(self, sources: Vec<SchemaSource>) -> Schema {
        let mut views = self.views;
        views.sort();
        Schema {
            sources,
            tables: self.tables.into_values().collect(),
            views,
            functions: self.functions.into_values().collect(),
            buckets: self.buckets.into_values().collect(),
            grants: self.grants,
            revokes: self.revokes,
            skipped: self.skipped,
            prisma_models: Vec::new(),
            prisma_relation_mode: false,
            drizzle_tables: Vec::new(),
            generated: Vec::new(),
        }
    }
}
