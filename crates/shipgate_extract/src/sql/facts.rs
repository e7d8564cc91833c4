//! Plain facts read from one SQL migration file, one per statement that matters to the
//! schema. Nothing here depends on the SQL parser's types.

use shipgate_model::Span;
use shipgate_model::schema::{PolicyCommand, PolicyExpr};

/// A possibly schema-qualified name; `schema` is `None` when the SQL left it unqualified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QName {
    pub schema: Option<String>,
    pub name: String,
}

impl QName {
    /// `public` when unqualified (Postgres' default search path for migrations).
    pub fn schema_or_public(&self) -> &str {
        self.schema.as_deref().unwrap_or("public")
    }

    /// `schema.name`, with `public` for unqualified names.
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.schema_or_public(), self.name)
    }
}

#[derive(Debug, Clone)]
pub struct ColumnFact {
    pub name: String,
    pub data_type: String,
    pub not_null: bool,
    pub primary_key: bool,
    pub unique: bool,
    pub references: Option<QName>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct ForeignKeyFact {
    pub columns: Vec<String>,
    pub references: QName,
    /// The column or constraint that declares it, when the parser gave a position.
    pub span: Option<Span>,
}

#[derive(Debug, Clone)]
pub enum AlterCmd {
    AddColumn(ColumnFact),
    DropColumn(String),
    EnableRls,
    DisableRls,
    ForceRls,
    NoForceRls,
    PrimaryKey(Vec<String>),
    ForeignKey(ForeignKeyFact),
    Unique(Vec<String>),
    ColumnType { column: String, data_type: String },
}

#[derive(Debug, Clone)]
pub enum SqlFact {
    CreateTable {
        table: QName,
        columns: Vec<ColumnFact>,
        primary_key: Vec<String>,
        foreign_keys: Vec<ForeignKeyFact>,
        uniques: Vec<Vec<String>>,
    },
    AlterTable {
        table: QName,
        cmds: Vec<AlterCmd>,
    },
    RenameTable {
        table: QName,
        new_name: String,
    },
    RenameColumn {
        table: QName,
        column: String,
        new_name: String,
    },
    DropTables(Vec<QName>),
    CreateView(QName),
    CreateIndex {
        table: QName,
        name: Option<String>,
        columns: Vec<String>,
        unique: bool,
    },
    CreatePolicy {
        table: QName,
        name: String,
        command: PolicyCommand,
        roles: Vec<String>,
        permissive: bool,
        using: Option<PolicyExpr>,
        with_check: Option<PolicyExpr>,
    },
    AlterPolicy {
        table: QName,
        name: String,
        roles: Option<Vec<String>>,
        using: Option<PolicyExpr>,
        with_check: Option<PolicyExpr>,
    },
    RenamePolicy {
        table: QName,
        name: String,
        new_name: String,
    },
    DropPolicy {
        table: QName,
        name: String,
    },
    CreateFunction {
        name: QName,
        security_definer: bool,
        search_path_set: bool,
        /// What the definition says about its inputs, result and body.
        shape: shipgate_model::schema::FunctionShape,
    },
    /// `GRANT/REVOKE EXECUTE ON FUNCTION f(...) TO/FROM roles`.
    FunctionAccess {
        grant: bool,
        /// Each function with its input types, when the statement names them (one
        /// overload); without them, every overload of the name.
        functions: Vec<(QName, Option<Vec<String>>)>,
        roles: Vec<String>,
    },
    /// `ALTER DEFAULT PRIVILEGES ... GRANT/REVOKE EXECUTE ON FUNCTIONS TO/FROM roles`:
    /// applies to functions created afterwards.
    DefaultFunctionAccess {
        grant: bool,
        roles: Vec<String>,
    },
    AlterFunction {
        name: QName,
        security_definer: Option<bool>,
        search_path_set: bool,
    },
    DropFunctions(Vec<QName>),
    /// A trigger that runs before updates of a table's rows (it can veto or reset
    /// columns: `protect_profile_fields()`).
    BeforeUpdateTrigger {
        table: QName,
        name: String,
        function: String,
    },
    DropTrigger {
        table: QName,
        name: String,
    },
    Grant {
        grant: bool,
        privileges: Vec<String>,
        /// `public.profiles`, or `all tables in schema public`.
        objects: Vec<String>,
        roles: Vec<String>,
        /// `grant update (full_name, avatar_url) on profiles`: the columns named, if any.
        columns: Vec<String>,
    },
    /// `insert into storage.buckets (id, name, public) values (...)`, one per row.
    Bucket {
        id: String,
        public: bool,
    },
    /// `update storage.buckets set public = true where id = 'x'`.
    BucketPublic {
        id: Option<String>,
        public: bool,
    },
}

/// One statement's fact, at the statement's span in the file.
#[derive(Debug, Clone)]
pub struct SqlStatement {
    pub span: Span,
    pub fact: SqlFact,
}

/// A statement the parser could not read.
#[derive(Debug, Clone)]
pub struct SqlError {
    pub span: Span,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct SqlFacts {
    pub statements: Vec<SqlStatement>,
    pub errors: Vec<SqlError>,
}
