//! Turns pg_query's parse tree of one statement into a [`SqlFact`]. Statements that do
//! not change the schema shipgate models (comments, triggers, seeds) give nothing.

use super::facts::{AlterCmd, ColumnFact, ForeignKeyFact, QName, SqlFact};
use super::policy;
use pg_query::NodeEnum;
use pg_query::protobuf::{
    self as pb, AlterTableType, ConstrType, GrantTargetType, ObjectType, RoleSpecType,
};
use shipgate_model::Span;
use shipgate_model::schema::{FunctionShape, PolicyCommand};

/// The facts of one parsed statement. `span` locates the column definitions' offsets:
/// pg_query reports them relative to the text it parsed, which starts at `base`.
pub fn statement(node: &NodeEnum, base: u32, out: &mut Vec<SqlFact>) {
    match node {
        NodeEnum::CreateStmt(s) => {
            let Some(table) = s.relation.as_ref().map(qname) else {
                return;
            };
            out.push(create_table(table, s, base));
        }
        NodeEnum::AlterTableStmt(s) => {
            let Some(table) = s.relation.as_ref().map(qname) else {
                return;
            };
            if s.objtype == ObjectType::ObjectIndex as i32 {
                return;
            }
            let cmds = s
                .cmds
                .iter()
                .filter_map(|c| match c.node.as_ref()? {
                    NodeEnum::AlterTableCmd(c) => alter_cmd(c, base),
                    _ => None,
                })
                .collect::<Vec<_>>();
            if !cmds.is_empty() {
                out.push(SqlFact::AlterTable { table, cmds });
            }
        }
        NodeEnum::RenameStmt(s) => rename(s, out),
        NodeEnum::DropStmt(s) => drop(s, out),
        NodeEnum::ViewStmt(s) => {
            if let Some(v) = s.view.as_ref() {
                out.push(SqlFact::CreateView(qname(v)));
            }
        }
        NodeEnum::CreateTableAsStmt(s) => {
            if let Some(rel) = s.into.as_ref().and_then(|i| i.rel.as_ref()) {
                out.push(SqlFact::CreateView(qname(rel)));
            }
        }
        NodeEnum::IndexStmt(s) => {
            let Some(table) = s.relation.as_ref().map(qname) else {
                return;
            };
            let columns = s
                .index_params
                .iter()
                .map(|p| match p.node.as_ref() {
                    Some(NodeEnum::IndexElem(e)) if !e.name.is_empty() => e.name.clone(),
                    // An expression index: keep a placeholder so the column order holds.
                    _ => "(expression)".into(),
                })
                .collect();
            out.push(SqlFact::CreateIndex {
                table,
                name: (!s.idxname.is_empty()).then(|| s.idxname.clone()),
                columns,
                unique: s.unique || s.primary,
            });
        }
        NodeEnum::CreatePolicyStmt(s) => {
            let Some(table) = s.table.as_ref().map(qname) else {
                return;
            };
            let command = match s.cmd_name.to_ascii_lowercase().as_str() {
                "select" => PolicyCommand::Select,
                "insert" => PolicyCommand::Insert,
                "update" => PolicyCommand::Update,
                "delete" => PolicyCommand::Delete,
                _ => PolicyCommand::All,
            };
            let mut roles = roles(&s.roles);
            if roles.is_empty() {
                roles.push("public".into());
            }
            let (using, with_check) =
                policy::clauses(s.qual.as_deref(), s.with_check.as_deref(), |q, w| {
                    let mut only = (**s).clone();
                    only.qual = q.map(Box::new);
                    only.with_check = w.map(Box::new);
                    NodeEnum::CreatePolicyStmt(Box::new(only)).deparse().ok()
                });
            out.push(SqlFact::CreatePolicy {
                table,
                name: s.policy_name.clone(),
                command,
                roles,
                permissive: s.permissive,
                using,
                with_check,
            });
        }
        NodeEnum::AlterPolicyStmt(s) => {
            let Some(table) = s.table.as_ref().map(qname) else {
                return;
            };
            let roles = roles(&s.roles);
            let (using, with_check) =
                policy::clauses(s.qual.as_deref(), s.with_check.as_deref(), |q, w| {
                    let mut only = (**s).clone();
                    only.qual = q.map(Box::new);
                    only.with_check = w.map(Box::new);
                    NodeEnum::AlterPolicyStmt(Box::new(only)).deparse().ok()
                });
            out.push(SqlFact::AlterPolicy {
                table,
                name: s.policy_name.clone(),
                roles: (!roles.is_empty()).then_some(roles),
                using,
                with_check,
            });
        }
        NodeEnum::CreateFunctionStmt(s) => {
            let Some(name) = name_list(&s.funcname) else {
                return;
            };
            let (definer, search_path) = function_options(&s.options);
            out.push(SqlFact::CreateFunction {
                name,
                security_definer: definer == Some(true),
                search_path_set: search_path,
                shape: function_shape(s),
            });
        }
        NodeEnum::AlterFunctionStmt(s) => {
            let Some(name) = s.func.as_ref().and_then(|f| name_list(&f.objname)) else {
                return;
            };
            let (definer, search_path) = function_options(&s.actions);
            out.push(SqlFact::AlterFunction {
                name,
                security_definer: definer,
                search_path_set: search_path,
            });
        }
        NodeEnum::GrantStmt(s) => {
            if let Some(f) = function_access(s) {
                out.push(f);
            } else {
                grant(s, out);
            }
        }
        NodeEnum::AlterDefaultPrivilegesStmt(s) => {
            if let Some(a) = &s.action
                && is_function_kind(a.objtype)
                && executes(a)
            {
                out.push(SqlFact::DefaultFunctionAccess {
                    grant: a.is_grant,
                    roles: roles(&a.grantees),
                });
            }
        }
        NodeEnum::CreateTrigStmt(s) => {
            // TRIGGER_TYPE_BEFORE = 2, TRIGGER_TYPE_UPDATE = 16 (Postgres' pg_trigger.h).
            let before = s.timing & 2 != 0;
            let on_update = s.events & 16 != 0;
            if let (true, true, Some(table)) = (before, on_update, s.relation.as_ref()) {
                out.push(SqlFact::BeforeUpdateTrigger {
                    table: qname(table),
                    name: s.trigname.clone(),
                    function: name_list(&s.funcname).map(|q| q.name).unwrap_or_default(),
                });
            }
        }
        NodeEnum::InsertStmt(s) => buckets_inserted(s, out),
        NodeEnum::UpdateStmt(s) => {
            let Some(rel) = s.relation.as_ref() else {
                return;
            };
            if !is_buckets(rel) {
                return;
            }
            let public = s.target_list.iter().find_map(|t| match t.node.as_ref()? {
                NodeEnum::ResTarget(r) if r.name == "public" => r.val.as_deref().and_then(bool_of),
                _ => None,
            });
            let Some(public) = public else { return };
            let id = s.where_clause.as_deref().and_then(eq_string("id"));
            out.push(SqlFact::BucketPublic { id, public });
        }
        _ => {}
    }
}

fn qname(r: &pb::RangeVar) -> QName {
    QName {
        schema: (!r.schemaname.is_empty()).then(|| r.schemaname.clone()),
        name: r.relname.clone(),
    }
}

fn string_of(n: &pb::Node) -> Option<&str> {
    match n.node.as_ref()? {
        NodeEnum::String(s) => Some(s.sval.as_str()),
        _ => None,
    }
}

/// `["public", "profiles"]` or `["profiles"]` as a name.
fn name_list(nodes: &[pb::Node]) -> Option<QName> {
    let parts: Vec<&str> = nodes.iter().filter_map(string_of).collect();
    match parts.as_slice() {
        [name] => Some(QName {
            schema: None,
            name: name.to_string(),
        }),
        [.., schema, name] => Some(QName {
            schema: Some(schema.to_string()),
            name: name.to_string(),
        }),
        [] => None,
    }
}

fn type_name(t: Option<&pb::TypeName>) -> String {
    let Some(t) = t else {
        return String::new();
    };
    let parts: Vec<&str> = t
        .names
        .iter()
        .filter_map(string_of)
        .filter(|s| *s != "pg_catalog")
        .collect();
    let mut s = parts.join(".").to_ascii_lowercase();
    if !t.array_bounds.is_empty() {
        s.push_str("[]");
    }
    s
}

fn key_list(nodes: &[pb::Node]) -> Vec<String> {
    nodes
        .iter()
        .filter_map(string_of)
        .map(str::to_string)
        .collect()
}

fn column(c: &pb::ColumnDef, base: u32) -> ColumnFact {
    let mut col = ColumnFact {
        name: c.colname.clone(),
        data_type: type_name(c.type_name.as_ref()),
        not_null: c.is_not_null,
        primary_key: false,
        unique: false,
        references: None,
        span: at(base, c.location, c.colname.len()),
    };
    for k in &c.constraints {
        let Some(NodeEnum::Constraint(k)) = k.node.as_ref() else {
            continue;
        };
        match ConstrType::try_from(k.contype) {
            Ok(ConstrType::ConstrNotnull) => col.not_null = true,
            Ok(ConstrType::ConstrPrimary) => {
                col.primary_key = true;
                col.not_null = true;
            }
            Ok(ConstrType::ConstrUnique) => col.unique = true,
            Ok(ConstrType::ConstrForeign) => col.references = k.pktable.as_ref().map(qname),
            _ => {}
        }
    }
    col
}

fn at(base: u32, location: i32, len: usize) -> Span {
    let start = base + u32::try_from(location.max(0)).unwrap_or(0);
    Span::new(start, start + len as u32)
}

fn create_table(table: QName, s: &pb::CreateStmt, base: u32) -> SqlFact {
    let mut columns = Vec::new();
    let mut primary_key = Vec::new();
    let mut foreign_keys = Vec::new();
    let mut uniques = Vec::new();
    let mut constraint = |k: &pb::Constraint| match ConstrType::try_from(k.contype) {
        Ok(ConstrType::ConstrPrimary) => primary_key = key_list(&k.keys),
        Ok(ConstrType::ConstrUnique) => uniques.push(key_list(&k.keys)),
        Ok(ConstrType::ConstrForeign) => {
            if let Some(r) = k.pktable.as_ref() {
                foreign_keys.push(ForeignKeyFact {
                    columns: key_list(&k.fk_attrs),
                    references: qname(r),
                    span: (k.location >= 0).then(|| at(base, k.location, 1)),
                });
            }
        }
        _ => {}
    };
    for e in s.table_elts.iter().chain(&s.constraints) {
        match e.node.as_ref() {
            Some(NodeEnum::ColumnDef(c)) => columns.push(column(c, base)),
            Some(NodeEnum::Constraint(k)) => constraint(k),
            _ => {}
        }
    }
    for c in &columns {
        if c.primary_key {
            primary_key = vec![c.name.clone()];
        }
        if c.unique {
            uniques.push(vec![c.name.clone()]);
        }
        if let Some(r) = &c.references {
            foreign_keys.push(ForeignKeyFact {
                columns: vec![c.name.clone()],
                references: r.clone(),
                span: Some(c.span),
            });
        }
    }
    SqlFact::CreateTable {
        table,
        columns,
        primary_key,
        foreign_keys,
        uniques,
    }
}

fn alter_cmd(c: &pb::AlterTableCmd, base: u32) -> Option<AlterCmd> {
    let def = c.def.as_deref().and_then(|d| d.node.as_ref());
    Some(match AlterTableType::try_from(c.subtype).ok()? {
        AlterTableType::AtAddColumn => match def? {
            NodeEnum::ColumnDef(col) => AlterCmd::AddColumn(column(col, base)),
            _ => return None,
        },
        AlterTableType::AtDropColumn => AlterCmd::DropColumn(c.name.clone()),
        AlterTableType::AtEnableRowSecurity => AlterCmd::EnableRls,
        AlterTableType::AtDisableRowSecurity => AlterCmd::DisableRls,
        AlterTableType::AtForceRowSecurity => AlterCmd::ForceRls,
        AlterTableType::AtNoForceRowSecurity => AlterCmd::NoForceRls,
        AlterTableType::AtAlterColumnType => match def? {
            NodeEnum::ColumnDef(col) => AlterCmd::ColumnType {
                column: c.name.clone(),
                data_type: type_name(col.type_name.as_ref()),
            },
            _ => return None,
        },
        AlterTableType::AtAddConstraint => {
            let NodeEnum::Constraint(k) = def? else {
                return None;
            };
            match ConstrType::try_from(k.contype).ok()? {
                ConstrType::ConstrPrimary => AlterCmd::PrimaryKey(key_list(&k.keys)),
                ConstrType::ConstrUnique => AlterCmd::Unique(key_list(&k.keys)),
                ConstrType::ConstrForeign => AlterCmd::ForeignKey(ForeignKeyFact {
                    columns: key_list(&k.fk_attrs),
                    references: qname(k.pktable.as_ref()?),
                    span: None,
                }),
                _ => return None,
            }
        }
        _ => return None,
    })
}

fn rename(s: &pb::RenameStmt, out: &mut Vec<SqlFact>) {
    let new_name = s.newname.clone();
    match ObjectType::try_from(s.rename_type) {
        Ok(ObjectType::ObjectTable) => {
            if let Some(table) = s.relation.as_ref().map(qname) {
                out.push(SqlFact::RenameTable { table, new_name });
            }
        }
        Ok(ObjectType::ObjectColumn) => {
            if let Some(table) = s.relation.as_ref().map(qname) {
                out.push(SqlFact::RenameColumn {
                    table,
                    column: s.subname.clone(),
                    new_name,
                });
            }
        }
        Ok(ObjectType::ObjectPolicy) => {
            if let Some(table) = s.relation.as_ref().map(qname) {
                out.push(SqlFact::RenamePolicy {
                    table,
                    name: s.subname.clone(),
                    new_name: s.newname.clone(),
                });
            }
        }
        _ => {}
    }
}

fn drop(s: &pb::DropStmt, out: &mut Vec<SqlFact>) {
    let lists = || {
        s.objects.iter().filter_map(|o| match o.node.as_ref()? {
            NodeEnum::List(l) => Some(l.items.as_slice()),
            _ => None,
        })
    };
    match ObjectType::try_from(s.remove_type) {
        Ok(ObjectType::ObjectTable) => {
            let names: Vec<QName> = lists().filter_map(name_list).collect();
            if !names.is_empty() {
                out.push(SqlFact::DropTables(names));
            }
        }
        Ok(kind @ (ObjectType::ObjectPolicy | ObjectType::ObjectTrigger)) => {
            // `drop policy "name" on schema.table`: the list is the table's name, then the
            // policy's (the same for triggers).
            for items in lists() {
                if let Some((name, table)) = items.split_last()
                    && let (Some(name), Some(table)) = (string_of(name), name_list(table))
                {
                    let name = name.to_string();
                    out.push(if kind == ObjectType::ObjectPolicy {
                        SqlFact::DropPolicy { table, name }
                    } else {
                        SqlFact::DropTrigger { table, name }
                    });
                }
            }
        }
        Ok(ObjectType::ObjectFunction | ObjectType::ObjectProcedure) => {
            let names: Vec<QName> = s
                .objects
                .iter()
                .filter_map(|o| match o.node.as_ref()? {
                    NodeEnum::ObjectWithArgs(f) => name_list(&f.objname),
                    _ => None,
                })
                .collect();
            if !names.is_empty() {
                out.push(SqlFact::DropFunctions(names));
            }
        }
        _ => {}
    }
}

fn roles(nodes: &[pb::Node]) -> Vec<String> {
    let mut out: Vec<String> = nodes
        .iter()
        .filter_map(|n| match n.node.as_ref()? {
            NodeEnum::RoleSpec(r) => Some(role_name(r)),
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn role_name(r: &pb::RoleSpec) -> String {
    match RoleSpecType::try_from(r.roletype) {
        Ok(RoleSpecType::RolespecPublic) => "public".into(),
        Ok(RoleSpecType::RolespecCurrentUser | RoleSpecType::RolespecCurrentRole) => {
            "current_user".into()
        }
        _ => r.rolename.to_ascii_lowercase(),
    }
}

fn is_function_kind(objtype: i32) -> bool {
    matches!(
        ObjectType::try_from(objtype),
        Ok(ObjectType::ObjectFunction | ObjectType::ObjectRoutine | ObjectType::ObjectProcedure)
    )
}

/// The statement grants or revokes `EXECUTE` (or `ALL`).
fn executes(s: &pb::GrantStmt) -> bool {
    s.privileges.is_empty()
        || s.privileges.iter().any(|p| {
            matches!(p.node.as_ref(), Some(NodeEnum::AccessPriv(a))
                if a.priv_name.eq_ignore_ascii_case("execute") || a.priv_name.eq_ignore_ascii_case("all"))
        })
}

/// `GRANT/REVOKE EXECUTE ON FUNCTION f(...)`, naming the functions.
fn function_access(s: &pb::GrantStmt) -> Option<SqlFact> {
    if !is_function_kind(s.objtype)
        || GrantTargetType::try_from(s.targtype) != Ok(GrantTargetType::AclTargetObject)
        || !executes(s)
    {
        return None;
    }
    let functions = s
        .objects
        .iter()
        .filter_map(|o| match o.node.as_ref()? {
            NodeEnum::ObjectWithArgs(w) => {
                let types = (!w.args_unspecified).then(|| {
                    w.objargs
                        .iter()
                        .filter_map(|a| match a.node.as_ref()? {
                            NodeEnum::TypeName(t) => Some(type_name(Some(t))),
                            _ => None,
                        })
                        .collect()
                });
                Some((name_list(&w.objname)?, types))
            }
            _ => None,
        })
        .collect();
    Some(SqlFact::FunctionAccess {
        grant: s.is_grant,
        functions,
        roles: roles(&s.grantees),
    })
}

/// Inputs, result and body facts of a `CREATE FUNCTION`.
fn function_shape(s: &pb::CreateFunctionStmt) -> FunctionShape {
    use pb::FunctionParameterMode as M;
    let params = || {
        s.parameters.iter().filter_map(|p| match p.node.as_ref()? {
            NodeEnum::FunctionParameter(fp) => Some(fp),
            _ => None,
        })
    };
    let args = params()
        .filter(|fp| {
            !matches!(
                M::try_from(fp.mode),
                Ok(M::FuncParamOut | M::FuncParamTable)
            )
        })
        .map(|fp| {
            (
                fp.name.to_ascii_lowercase(),
                type_name(fp.arg_type.as_ref()),
            )
        })
        .collect();
    // `returns table (a int, b text)` and `out` parameters: the columns of the result.
    let out_columns = params()
        .filter(|fp| {
            matches!(
                M::try_from(fp.mode),
                Ok(M::FuncParamOut | M::FuncParamTable | M::FuncParamInout)
            )
        })
        .map(|fp| fp.name.to_ascii_lowercase())
        .collect();
    let returns = match &s.return_type {
        Some(t) if t.setof => format!("setof {}", type_name(Some(t))),
        t => type_name(t.as_ref()),
    };
    let mut body = String::new();
    for o in &s.options {
        if let Some(NodeEnum::DefElem(d)) = o.node.as_ref()
            && d.defname == "as"
            && let Some(NodeEnum::List(l)) = d.arg.as_deref().and_then(|a| a.node.as_ref())
            && let Some(text) = l.items.first().and_then(string_of)
        {
            body = text.to_string();
        }
    }
    if body.is_empty()
        && let Some(b) = &s.sql_body
        && let Some(n) = b.node.as_ref()
    {
        body = n.deparse().unwrap_or_default();
    }
    FunctionShape {
        out_columns,
        ..body_facts(&body, args, returns)
    }
}

/// What a function body does, read from its text with comments and strings removed.
fn body_facts(body: &str, args: Vec<(String, String)>, returns: String) -> FunctionShape {
    let code = strip_comments_and_strings(body).to_ascii_lowercase();
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .filter(|w| !w.is_empty())
        .collect();
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let reads_caller = [
        "auth.uid(",
        "auth.jwt(",
        "auth.role(",
        "auth.email(",
        "request.jwt",
    ]
    .iter()
    .any(|k| compact.contains(k))
        || words
            .iter()
            .any(|w| matches!(*w, "current_user" | "session_user"));
    // `insert into`, `delete from`, `update t set`; not `select ... for update`.
    let statement = |kinds: &[&str]| {
        (0..words.len()).any(|i| {
            let next = words.get(i + 1).copied().unwrap_or("");
            let prev = if i > 0 { words[i - 1] } else { "" };
            kinds.contains(&words[i])
                && match words[i] {
                    "insert" => next == "into",
                    "delete" => next == "from",
                    "update" => prev != "for" && prev != "do" && next != "set" && !next.is_empty(),
                    _ => false,
                }
        })
    };
    let changes = statement(&["update", "delete"]);
    let writes = changes || statement(&["insert"]);
    // A name right before `(`: a call.
    let mut calls = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'(' {
            let end = code[..i].trim_end().len();
            let start = code[..end]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .map_or(0, |p| p + 1);
            let name = &code[start..end];
            let bare = name.rsplit('.').next().unwrap_or(name);
            if !bare.is_empty() && !calls.iter().any(|c| c == bare) {
                calls.push(bare.to_string());
            }
        }
        i += 1;
    }
    FunctionShape {
        args,
        returns,
        reads_caller,
        writes,
        changes,
        calls,
        out_columns: Vec::new(),
    }
}

/// The text with `--` and `/* */` comments and quoted strings blanked out.
fn strip_comments_and_strings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '-' if chars.peek() == Some(&'-') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
                out.push(' ');
            }
            '\'' => {
                for n in chars.by_ref() {
                    if n == '\'' {
                        break;
                    }
                }
                out.push_str("''");
            }
            _ => out.push(c),
        }
    }
    out
}

/// `(security definer?, search_path set?)` from function options or ALTER actions.
fn function_options(options: &[pb::Node]) -> (Option<bool>, bool) {
    let mut definer = None;
    let mut search_path = false;
    for o in options {
        let Some(NodeEnum::DefElem(d)) = o.node.as_ref() else {
            continue;
        };
        match d.defname.as_str() {
            "security" => {
                definer = d.arg.as_deref().and_then(|a| match a.node.as_ref()? {
                    NodeEnum::Boolean(b) => Some(b.boolval),
                    NodeEnum::Integer(i) => Some(i.ival != 0),
                    _ => None,
                });
            }
            "set" => {
                if let Some(NodeEnum::VariableSetStmt(v)) =
                    d.arg.as_deref().and_then(|a| a.node.as_ref())
                    && v.name.eq_ignore_ascii_case("search_path")
                {
                    search_path = true;
                }
            }
            _ => {}
        }
    }
    (definer, search_path)
}

fn grant(s: &pb::GrantStmt, out: &mut Vec<SqlFact>) {
    let objtype = ObjectType::try_from(s.objtype).ok();
    let objects: Vec<String> = match GrantTargetType::try_from(s.targtype) {
        Ok(GrantTargetType::AclTargetAllInSchema) => s
            .objects
            .iter()
            .filter_map(string_of)
            .map(|schema| {
                let kind = match objtype {
                    Some(ObjectType::ObjectSequence) => "sequences",
                    Some(ObjectType::ObjectFunction | ObjectType::ObjectRoutine) => "functions",
                    _ => "tables",
                };
                format!("all {kind} in schema {}", schema)
            })
            .collect(),
        Ok(GrantTargetType::AclTargetObject) => {
            if !matches!(objtype, Some(ObjectType::ObjectTable)) {
                return;
            }
            s.objects
                .iter()
                .filter_map(|o| match o.node.as_ref()? {
                    NodeEnum::RangeVar(r) => Some(qname(r).qualified()),
                    _ => None,
                })
                .collect()
        }
        _ => return,
    };
    if objects.is_empty() {
        return;
    }
    let mut columns = Vec::new();
    let mut privileges: Vec<String> = s
        .privileges
        .iter()
        .filter_map(|p| match p.node.as_ref()? {
            NodeEnum::AccessPriv(a) => {
                columns.extend(key_list(&a.cols));
                Some(a.priv_name.to_ascii_lowercase())
            }
            _ => None,
        })
        .collect();
    if privileges.is_empty() {
        privileges.push("all".into());
    }
    out.push(SqlFact::Grant {
        grant: s.is_grant,
        privileges,
        objects,
        roles: roles(&s.grantees),
        columns,
    });
}

fn is_buckets(r: &pb::RangeVar) -> bool {
    r.schemaname.eq_ignore_ascii_case("storage") && r.relname.eq_ignore_ascii_case("buckets")
}

fn bool_of(n: &pb::Node) -> Option<bool> {
    match n.node.as_ref()? {
        NodeEnum::AConst(c) => match c.val.as_ref()? {
            pb::a_const::Val::Boolval(b) => Some(b.boolval),
            pb::a_const::Val::Sval(s) => match s.sval.to_ascii_lowercase().as_str() {
                "true" | "t" | "on" | "yes" => Some(true),
                "false" | "f" | "off" | "no" => Some(false),
                _ => None,
            },
            _ => None,
        },
        NodeEnum::TypeCast(t) => t.arg.as_deref().and_then(bool_of),
        _ => None,
    }
}

fn str_of(n: &pb::Node) -> Option<String> {
    match n.node.as_ref()? {
        NodeEnum::AConst(c) => match c.val.as_ref()? {
            pb::a_const::Val::Sval(s) => Some(s.sval.clone()),
            _ => None,
        },
        NodeEnum::TypeCast(t) => t.arg.as_deref().and_then(str_of),
        _ => None,
    }
}

/// A matcher for `column = 'value'` in a WHERE clause.
fn eq_string(column: &'static str) -> impl Fn(&pb::Node) -> Option<String> {
    move |n| match n.node.as_ref()? {
        NodeEnum::AExpr(e) => {
            let l = e.lexpr.as_deref()?;
            let r = e.rexpr.as_deref()?;
            let is_col = |x: &pb::Node| {
                matches!(x.node.as_ref(), Some(NodeEnum::ColumnRef(c))
                    if c.fields.last().and_then(string_of) == Some(column))
            };
            if is_col(l) {
                str_of(r)
            } else if is_col(r) {
                str_of(l)
            } else {
                None
            }
        }
        _ => None,
    }
}

fn buckets_inserted(s: &pb::InsertStmt, out: &mut Vec<SqlFact>) {
    let Some(rel) = s.relation.as_ref() else {
        return;
    };
    if !is_buckets(rel) {
        return;
    }
    let cols: Vec<String> = s
        .cols
        .iter()
        .filter_map(|c| match c.node.as_ref()? {
            NodeEnum::ResTarget(r) => Some(r.name.to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    let Some(NodeEnum::SelectStmt(sel)) = s.select_stmt.as_deref().and_then(|x| x.node.as_ref())
    else {
        return;
    };
    let id_at = cols.iter().position(|c| c == "id");
    let public_at = cols.iter().position(|c| c == "public");
    for row in &sel.values_lists {
        let Some(NodeEnum::List(items)) = row.node.as_ref() else {
            continue;
        };
        // Without a column list the values follow the table's order, which starts with id.
        let id = items.items.get(id_at.unwrap_or(0)).and_then(str_of);
        let public = public_at
            .and_then(|i| items.items.get(i))
            .and_then(bool_of)
            .unwrap_or(false);
        if let Some(id) = id {
            out.push(SqlFact::Bucket { id, public });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::body_facts;

    #[test]
    fn function_bodies_by_what_they_do() {
        let locked = body_facts(
            "select * from wallets where id = x for update; -- update wallets set",
            vec![],
            "void".into(),
        );
        assert!(!locked.writes && !locked.changes && !locked.reads_caller);
        let upsert = body_facts(
            "insert into ledger (id) values (1) on conflict (id) do update set n = 2",
            vec![],
            "void".into(),
        );
        assert!(upsert.writes && !upsert.changes);
        let own = body_facts(
            "UPDATE public.wallets SET coins = 0 WHERE owner = ( select auth.uid () ) AND note = 'delete from x'",
            vec![],
            "void".into(),
        );
        assert!(own.changes && own.reads_caller);
        assert!(own.calls.contains(&"uid".to_string()));
    }
}
