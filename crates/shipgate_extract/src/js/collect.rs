//! The fact collector: one walk over a parsed JS/TS program that records calls, bindings,
//! branch exits, request-input reads, route registrations and database operations.

use super::expr::*;
use super::facts::*;
use super::program;
use super::sql;
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_syntax::scope::ScopeFlags;
use shipgate_model::DbOp;
use std::collections::HashSet;

const ROUTE_VERBS: &[&str] = &[
    "get", "post", "put", "patch", "delete", "del", "all", "options", "head", "use", "route", "on",
    "openapi",
];

const ITERATION_METHODS: &[&str] = &[
    "map",
    "forEach",
    "flatMap",
    "filter",
    "reduce",
    "some",
    "every",
    "find",
    "all",
    "allSettled",
];

pub struct Collector<'s> {
    pub source: &'s str,
    pub facts: JsFacts,
    fn_depth: u32,
    loop_depth: u32,
    try_stack: Vec<TryContext>,
    name_hint: Option<String>,
    /// The pending name is an object member's key, not a module-level binding.
    member_hint: bool,
    /// Walking the object assigned to `module.exports`.
    exporting_object: bool,
    /// Binding whose initialiser is being walked, for chained router definitions.
    chain_target: Option<String>,
    consumed_calls: HashSet<(u32, u32)>,
    /// Inside a `catch` or a branch taken on an error: code that runs when something failed.
    fallback_depth: u32,
    /// Calls whose result is stored without being awaited (query builders).
    builder_calls: HashSet<(u32, u32)>,
    /// Functions of this module that never return normally (`function fail(): never {
    /// throw ... }`): a call to one ends the branch it is in, like a `throw`.
    never_returning: HashSet<String>,
}

impl<'s> Collector<'s> {
    pub fn new(source: &'s str) -> Self {
        Self {
            source,
            facts: JsFacts::default(),
            fn_depth: 0,
            loop_depth: 0,
            try_stack: Vec::new(),
            name_hint: None,
            member_hint: false,
            exporting_object: false,
            chain_target: None,
            consumed_calls: HashSet::new(),
            fallback_depth: 0,
            builder_calls: HashSet::new(),
            never_returning: HashSet::new(),
        }
    }

    /// How a statement leaves the function: as [`exit_of_stmt`] says, or a throw when it
    /// is a call to one of this module's never-returning functions.
    fn exit_of(&self, s: &Statement) -> Option<ExitKind> {
        exit_of_stmt(s).or_else(|| {
            let call = match s {
                Statement::ExpressionStatement(es) => as_call(&es.expression),
                Statement::BlockStatement(b) => match b.body.as_slice() {
                    [Statement::ExpressionStatement(es), ..] => as_call(&es.expression),
                    _ => None,
                },
                _ => None,
            }?;
            let Expression::Identifier(id) = unwrap(&call.callee) else {
                return None;
            };
            self.never_returning
                .contains(id.name.as_str())
                .then_some(ExitKind::Throw)
        })
    }

    fn slice(&self, s: oxc_span::Span) -> &'s str {
        self.source
            .get(s.start as usize..s.end as usize)
            .unwrap_or("")
    }

    fn try_ctx(&self) -> TryContext {
        self.try_stack.last().copied().unwrap_or(TryContext::None)
    }

    fn record_function(
        &mut self,
        span: oxc_span::Span,
        name: Option<String>,
        params: &FormalParameters,
        is_async: bool,
        directives: Option<&oxc_allocator::Vec<'_, Directive<'_>>>,
    ) {
        let mut ps = Vec::new();
        for p in &params.items {
            let mut names = Vec::new();
            bound_names(&p.pattern, &mut Vec::new(), &mut names);
            let properties = names
                .iter()
                .filter_map(|n| n.path.first().map(|key| (key.clone(), n.name.clone())))
                .collect();
            ps.push(ParamFact {
                names: names.into_iter().map(|n| n.name).collect(),
                properties,
            });
        }
        if let Some(rest) = &params.rest {
            let mut names = Vec::new();
            bound_names(&rest.rest.argument, &mut Vec::new(), &mut names);
            ps.push(ParamFact {
                names: names.into_iter().map(|n| n.name).collect(),
                properties: Vec::new(),
            });
        }
        let member = std::mem::take(&mut self.member_hint);
        self.facts.functions.push(FnFact {
            span: mspan(span),
            name,
            params: ps,
            is_async,
            top_level: !member && self.fn_depth == 0,
            use_server: directives
                .is_some_and(|d| d.iter().any(|d| d.directive.as_str() == "use server")),
        });
    }

    fn maybe_program(&mut self, span: oxc_span::Span, name: Option<&str>, body: ProgramBody) {
        let text = self.slice(span);
        let relevant = matches!(
            name,
            Some("authorized" | "middleware" | "proxy" | "default")
        ) || [
            "pathname",
            "nextUrl",
            "protect",
            "NextResponse",
            "redirect",
            "authorized",
            "ession",
            "auth",
        ]
        .iter()
        .any(|w| text.contains(w));
        if !relevant || (self.fn_depth > 0 && name != Some("authorized")) {
            return;
        }
        let stmts = match body {
            ProgramBody::Stmts(s) => program::build(s),
            ProgramBody::Expr(e) => program::build_expr_body(e),
        };
        self.facts.programs.push(ProgramFact {
            fn_span: mspan(span),
            body: stmts,
        });
    }

    fn record_binding(
        &mut self,
        span: oxc_span::Span,
        pattern: &BindingPattern,
        init: Option<&Expression>,
    ) {
        let mut names = Vec::new();
        bound_names(pattern, &mut Vec::new(), &mut names);
        if names.is_empty() {
            return;
        }
        let init_val = init.map(|e| val_of(e, 0)).unwrap_or(Val::Other(Vec::new()));
        if let (Some(init), [single]) = (init, names.as_slice()) {
            self.record_router(&single.name, init, span);
        }
        self.facts.bindings.push(BindingFact {
            span: mspan(span),
            top_level: self.fn_depth == 0,
            names,
            init: init_val,
        });
    }

    /// `const app = express()`, `const r = express.Router()`, `new Hono().basePath('/api')`.
    fn record_router(&mut self, name: &str, init: &Expression, span: oxc_span::Span) {
        let mut base_path = None;
        let mut e = unwrap(init);
        // Walk down chained calls (`.basePath('/api')`, `.get(...)`) to the creation.
        for _ in 0..32 {
            let Some(call) = as_call(e) else { break };
            let Expression::StaticMemberExpression(m) = unwrap(&call.callee) else {
                break;
            };
            let obj = unwrap(&m.object);
            if !(matches!(obj, Expression::NewExpression(_)) || as_call(obj).is_some()) {
                break;
            }
            if m.property.name.as_str() == "basePath" {
                base_path = string_arg_of(call);
            }
            e = obj;
        }
        let kind = match e {
            Expression::NewExpression(n) => match path_of(&n.callee).as_deref() {
                Some("Hono" | "OpenAPIHono") => Some(RouterKind::Hono),
                _ => None,
            },
            _ => match as_call(e).and_then(|c| path_of(&c.callee)).as_deref() {
                Some("express") => Some(RouterKind::ExpressApp),
                Some("express.Router" | "Router" | "express.default.Router") => {
                    Some(RouterKind::ExpressRouter)
                }
                _ => None,
            },
        };
        if let Some(kind) = kind {
            self.facts.routers.push(RouterFact {
                name: name.to_string(),
                kind,
                base_path,
                span: mspan(span),
                top_level: self.fn_depth == 0,
            });
        }
    }

    fn record_route_reg(&mut self, call: &CallExpression) {
        let Expression::StaticMemberExpression(m) = unwrap(&call.callee) else {
            return;
        };
        let method = m.property.name.as_str();
        if !ROUTE_VERBS.contains(&method) {
            return;
        }
        // `app.use(...protectedMiddleware)`: the spread array stands for its items.
        let mut args: Vec<&Expression> = call
            .arguments
            .iter()
            .filter_map(|a| match a {
                Argument::SpreadElement(s) => Some(&s.argument),
                other => other.as_expression(),
            })
            .collect();
        let mut path = args.first().and_then(|a| str_value(a));
        // `router.route('/x').get(h)`: the path comes from the inner call.
        let mut obj = unwrap(&m.object);
        let mut prefix_from_route = None;
        let mut creation_root = false;
        for _ in 0..32 {
            let Some(inner) = as_call(obj) else { break };
            let Expression::StaticMemberExpression(im) = unwrap(&inner.callee) else {
                break;
            };
            let iname = im.property.name.as_str();
            if iname == "route" && inner.arguments.len() == 1 {
                prefix_from_route = string_arg_of(inner);
            } else if !ROUTE_VERBS.contains(&iname) && iname != "basePath" {
                break;
            }
            obj = unwrap(&im.object);
        }
        if matches!(obj, Expression::NewExpression(_))
            || as_call(obj)
                .and_then(|c| path_of(&c.callee))
                .is_some_and(|p| p == "express.Router" || p == "Router")
        {
            creation_root = true;
        }
        let target = if creation_root {
            match &self.chain_target {
                Some(t) => t.clone(),
                None => return,
            }
        } else {
            match path_of(obj) {
                Some(p) => p,
                None => return,
            }
        };
        if let Some(p) = prefix_from_route {
            // `.route('/x').get(handler)`: all args are handlers.
            if path.is_some() {
                return;
            }
            path = Some(p);
        } else if path.is_some() {
            args.remove(0);
        }
        let is_verb = !matches!(method, "use" | "route" | "on" | "openapi");
        // Hono OpenAPI: `app.openapi(createRoute({ method, path }), handler)`.
        if method == "openapi" && args.len() < 2 {
            return;
        }
        if is_verb {
            // Skip `map.get('x')`, `headers.get('x')`: routes have a path and a handler.
            let Some(p) = &path else { return };
            if !(p.starts_with('/') || p == "*") || args.is_empty() {
                return;
            }
        }
        if method == "route" && (path.is_none() || args.is_empty()) {
            return;
        }
        if method == "use" && args.is_empty() {
            return;
        }
        let args = args.into_iter().map(|a| val_of(a, 1)).collect();
        self.facts.route_regs.push(RouteRegFact {
            span: mspan(call.span),
            target,
            method: method.to_string(),
            path,
            args,
        });
    }

    fn record_data_op(&mut self, call: &CallExpression) {
        if self
            .consumed_calls
            .contains(&(call.span.start, call.span.end))
        {
            return;
        }
        if let Some(op) = storage_op(call) {
            self.facts.storage_ops.push(op);
            return;
        }
        if let Some(op) = self
            .supabase_chain(call)
            .or_else(|| {
                let prisma_imported = self
                    .facts
                    .imports
                    .iter()
                    .any(|i| i.source.contains("prisma"));
                prisma_op(call, prisma_imported)
            })
            .or_else(|| drizzle_query(call))
            .or_else(|| self.drizzle_chain(call))
            .or_else(|| self.raw_sql_call(call))
        {
            let mut op = op;
            op.fallback = self.fallback_depth > 0;
            // A Supabase or Drizzle builder kept in a variable gets more filters later.
            if matches!(op.kind, DataApi::Supabase | DataApi::Drizzle)
                && self
                    .builder_calls
                    .contains(&(call.span.start, call.span.end))
            {
                op.filter_hidden = true;
            }
            self.facts.data_ops.push(op);
        }
    }

    /// `client.from('t').update(x).eq('id', y)`, walked from the outermost call.
    fn supabase_chain(&mut self, call: &CallExpression) -> Option<DataOpFact> {
        let mut links: Vec<(&str, &CallExpression, oxc_span::Span)> = Vec::new();
        let mut cur = call;
        let mut root: Option<&Expression> = None;
        for _ in 0..40 {
            let Expression::StaticMemberExpression(m) = unwrap(&cur.callee) else {
                break;
            };
            links.push((m.property.name.as_str(), cur, m.property.span));
            match as_call(&m.object) {
                Some(inner) if !matches!(m.property.name.as_str(), "from" | "rpc") => cur = inner,
                _ => {
                    root = Some(&m.object);
                    break;
                }
            }
        }
        links.reverse();
        let (first, first_call, first_span) = *links.first()?;
        let root = root?;
        let client = val_of(root, 1);
        if let Val::Path(p) | Val::Call { callee: p, .. } = &client
            && (p.ends_with(".storage") || p.ends_with("storage"))
        {
            return None;
        }
        let mut op = None;
        let mut op_span = first_span;
        let table;
        let mut filters = Vec::new();
        let mut payload = None;
        let mut columns = Vec::new();
        match first {
            "from" => table = Some(string_arg_of(first_call)?),
            "rpc" => {
                table = Some(string_arg_of(first_call)?);
                op = Some(DbOp::Rpc);
            }
            _ => return None,
        }
        for (name, c, prop_span) in links.iter().skip(1) {
            let args: Vec<&Expression> = c
                .arguments
                .iter()
                .filter_map(|a| a.as_expression())
                .collect();
            match *name {
                "select" => {
                    if op.is_none() {
                        op = Some(DbOp::Select);
                        op_span = *prop_span;
                    }
                    if first == "from" {
                        let reading = op == Some(DbOp::Select);
                        match args.first().map(|a| str_value(a)) {
                            Some(Some(list)) => {
                                let plain = select_columns(&list);
                                // `*`, relations embedded, expressions: more than the
                                // named columns come back.
                                let items = list.split(',').filter(|i| !i.trim().is_empty());
                                if reading && list.contains('*') && !list.contains('(') {
                                    columns.push("*".to_string());
                                } else if reading && items.count() != plain.len() {
                                    columns.push("()".to_string());
                                }
                                columns.extend(plain);
                            }
                            // A list built elsewhere.
                            Some(None) if reading => columns.push("()".to_string()),
                            // `.select()`: every column.
                            None if reading => columns.push("*".to_string()),
                            _ => {}
                        }
                    }
                }
                "insert" | "update" | "upsert" if op.is_none() || op == Some(DbOp::Select) => {
                    op_span = *prop_span;
                    op = Some(match *name {
                        "insert" => DbOp::Insert,
                        "update" => DbOp::Update,
                        _ => DbOp::Upsert,
                    });
                    payload = args.first().map(|a| val_of(a, 0));
                }
                "delete" => {
                    op = Some(DbOp::Delete);
                    op_span = *prop_span;
                }
                "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "like" | "ilike" | "is" | "in"
                | "contains" | "containedBy" => {
                    if let (Some(col), Some(v)) =
                        (args.first().and_then(|a| str_value(a)), args.get(1))
                    {
                        filters.push((col, val_of(v, 0)));
                    }
                }
                "filter" => {
                    if let (Some(col), Some(v)) =
                        (args.first().and_then(|a| str_value(a)), args.get(2))
                    {
                        filters.push((col, val_of(v, 0)));
                    }
                }
                "match" => {
                    if let Some(Val::Object(props, _)) = args.first().map(|a| val_of(a, 0)) {
                        filters.extend(props);
                    }
                }
                _ => {}
            }
        }
        // A bare `.from('t')` with no operation is a query builder handed elsewhere.
        let op = op?;
        for (_, c, _) in &links {
            if c.span != call.span {
                self.consumed_calls.insert((c.span.start, c.span.end));
            }
        }
        Some(DataOpFact {
            span: mspan(call.span),
            op_span: mspan(op_span),
            kind: DataApi::Supabase,
            client,
            table,
            op,
            filters,
            payload,
            related_filters: Vec::new(),
            fallback: false,
            failure_ignored: false,
            columns,
            filter_hidden: false,
        })
    }

    /// `if (session) return session; throw new Error("Unauthorized")`: the closing
    /// rejection is reached exactly when the one early return's test fails, so it is an exit
    /// with that test, inverted.
    fn trailing_exit(&self, stmts: &[Statement]) -> Option<ExitFact> {
        let (last, before) = stmts.split_last()?;
        let kind = self.exit_of(last)?;
        if !kind.fails_request() {
            return None;
        }
        let mut early = before.iter().filter_map(|s| match s {
            Statement::IfStatement(i)
                if i.alternate.is_none()
                    && exit_of_stmt(&i.consequent) == Some(ExitKind::Return) =>
            {
                Some(i)
            }
            _ => None,
        });
        let only = early.next()?;
        if early.next().is_some() {
            return None;
        }
        let mut test = test_fact(self.source, &only.test);
        test.exits_when_present = test.exits_when_present.map(|p| !p);
        Some(ExitFact {
            span: mspan(last.span()),
            test,
            kind,
            unauthorized: says_unauthorized(self.source, last.span(), kind),
        })
    }

    /// Raw SQL passed to a client: `db.execute(sql`...`)`, `pool.query("...")`,
    /// `prisma.$executeRawUnsafe("...")`.
    fn raw_sql_call(&mut self, call: &CallExpression) -> Option<DataOpFact> {
        let Expression::StaticMemberExpression(m) = unwrap(&call.callee) else {
            return None;
        };
        if !matches!(
            m.property.name.as_str(),
            "execute" | "query" | "prepare" | "unsafe" | "$queryRawUnsafe" | "$executeRawUnsafe"
        ) {
            return None;
        }
        let arg = call.arguments.first()?.as_expression()?;
        let text = match unwrap(arg) {
            Expression::TaggedTemplateExpression(t) => {
                self.consumed_calls.insert((t.span.start, t.span.end));
                template_text(&t.quasi)
            }
            other => sql_text(other)?,
        };
        let (op, table) = sql::classify(&text)?;
        Some(DataOpFact {
            span: mspan(call.span),
            op_span: mspan(m.property.span),
            kind: DataApi::RawSql,
            client: Val::Path(path_of(&m.object).unwrap_or_else(|| "db".into())),
            table,
            op,
            filters: Vec::new(),
            payload: None,
            related_filters: Vec::new(),
            fallback: false,
            failure_ignored: false,
            columns: Vec::new(),
            filter_hidden: false,
        })
    }

    /// A tagged query: `prisma.$queryRaw`...``, or `sql`...`` from a driver that runs it
    /// (`@vercel/postgres`, postgres.js) rather than a query builder's fragment.
    fn raw_sql_tagged(&mut self, t: &TaggedTemplateExpression) -> Option<DataOpFact> {
        if self.consumed_calls.contains(&(t.span.start, t.span.end)) {
            return None;
        }
        let tag = path_of(&t.tag)?;
        let (client, last) = match tag.rsplit_once('.') {
            Some((obj, last)) => (obj.to_string(), last),
            None => (tag.clone(), tag.as_str()),
        };
        let runs = match last {
            "$queryRaw" | "$executeRaw" => true,
            "sql" if client == "sql" => !self.facts.imports.iter().any(|i| {
                i.local == "sql"
                    && ["drizzle-orm", "slonik", "kysely", "@prisma/client"]
                        .iter()
                        .any(|s| i.source.starts_with(s))
            }),
            _ => false,
        };
        if !runs {
            return None;
        }
        let (op, table) = sql::classify(&template_text(&t.quasi))?;
        Some(DataOpFact {
            span: mspan(t.span),
            op_span: mspan(t.tag.span()),
            kind: DataApi::RawSql,
            client: Val::Path(client),
            table,
            op,
            filters: Vec::new(),
            payload: None,
            related_filters: Vec::new(),
            fallback: false,
            failure_ignored: false,
            columns: Vec::new(),
            filter_hidden: false,
        })
    }

    /// Drizzle: `db.select().from(users).where(eq(users.id, x))`, `db.insert(t).values(v)`,
    /// `db.update(t).set(v).where(...)`, `db.delete(t).where(...)`.
    fn drizzle_chain(&mut self, call: &CallExpression) -> Option<DataOpFact> {
        let mut links: Vec<(&str, &CallExpression, oxc_span::Span)> = Vec::new();
        let mut cur = call;
        let mut root = None;
        for _ in 0..40 {
            let Expression::StaticMemberExpression(m) = unwrap(&cur.callee) else {
                break;
            };
            links.push((m.property.name.as_str(), cur, m.property.span));
            match as_call(&m.object) {
                Some(inner) => cur = inner,
                None => {
                    root = Some(&m.object);
                    break;
                }
            }
        }
        links.reverse();
        let root = root?;
        let root_path = path_of(root)?;
        let last = root_path.rsplit('.').next().unwrap_or(&root_path);
        if !is_drizzle_client(last) {
            return None;
        }
        let (first, first_call, first_span) = *links.first()?;
        let ident_arg = |c: &CallExpression| {
            c.arguments
                .first()
                .and_then(|a| a.as_expression())
                .and_then(path_of)
        };
        let (op, mut table) = match first {
            "select" | "selectDistinct" => (DbOp::Select, None),
            "insert" => (DbOp::Insert, ident_arg(first_call)),
            "update" => (DbOp::Update, ident_arg(first_call)),
            "delete" => (DbOp::Delete, ident_arg(first_call)),
            _ => return None,
        };
        let mut payload = None;
        let mut filters = Vec::new();
        let mut filter_hidden = false;
        for (name, c, prop_span) in links.iter().skip(1) {
            match *name {
                "from" if table.is_none() => {
                    let _ = prop_span;
                    table = ident_arg(c)
                }
                "values" | "set" => {
                    payload = c
                        .arguments
                        .first()
                        .and_then(|a| a.as_expression())
                        .map(|a| val_of(a, 0))
                }
                "where" => match c.arguments.first().and_then(|a| a.as_expression()) {
                    Some(w) => {
                        filter_hidden |= drizzle_where_hidden(w, 0);
                        drizzle_filters(w, &mut filters, 0);
                    }
                    None => filter_hidden = true,
                },
                _ => {}
            }
        }
        table.as_ref()?;
        for (_, c, _) in &links {
            if c.span != call.span {
                self.consumed_calls.insert((c.span.start, c.span.end));
            }
        }
        Some(DataOpFact {
            span: mspan(call.span),
            op_span: mspan(first_span),
            kind: DataApi::Drizzle,
            client: Val::Path(root_path),
            table,
            op,
            filters,
            payload,
            related_filters: Vec::new(),
            fallback: false,
            failure_ignored: false,
            columns: Vec::new(),
            filter_hidden,
        })
    }
}

/// `<client>.storage.from("bucket").<method>(path, ...)`.
fn storage_op(call: &CallExpression) -> Option<StorageOpFact> {
    let Expression::StaticMemberExpression(m) = unwrap(&call.callee) else {
        return None;
    };
    let method = m.property.name.as_str();
    if !matches!(
        method,
        "upload"
            | "update"
            | "download"
            | "remove"
            | "list"
            | "move"
            | "copy"
            | "createSignedUrl"
            | "createSignedUrls"
            | "createSignedUploadUrl"
            | "uploadToSignedUrl"
            | "getPublicUrl"
    ) {
        return None;
    }
    let from = as_call(&m.object)?;
    let Expression::StaticMemberExpression(fm) = unwrap(&from.callee) else {
        return None;
    };
    if fm.property.name.as_str() != "from" {
        return None;
    }
    let Expression::StaticMemberExpression(sm) = unwrap(&fm.object) else {
        return None;
    };
    if sm.property.name.as_str() != "storage" {
        return None;
    }
    // `remove([path])` and `createSignedUrls([path], …)` take a list: judge its first path.
    let path = call
        .arguments
        .first()
        .and_then(|a| a.as_expression())
        .map(|a| match val_of(a, 0) {
            Val::Array(items) => items.into_iter().next().unwrap_or(Val::Other(Vec::new())),
            v => v,
        });
    Some(StorageOpFact {
        op_span: mspan(m.property.span),
        client: val_of(&sm.object, 1),
        bucket: string_arg_of(from),
        method: method.to_string(),
        path,
    })
}

/// Names a Drizzle database is usually held in: `db`, `tx`, `drizzle`, `ctx.analyticsDb`.
fn is_drizzle_client(name: &str) -> bool {
    name == "db" || name.ends_with("Db") || name == "tx" || name == "drizzle"
}

/// Drizzle's relational queries: `db.query.apis.findFirst({ where: (t, { and, eq }) =>
/// and(eq(t.workspaceId, ws.id), eq(t.id, input.apiId)) })`.
fn drizzle_query(call: &CallExpression) -> Option<DataOpFact> {
    let callee = path_of(&call.callee)?;
    let segs: Vec<&str> = callee.split('.').collect();
    let [.., client, "query", table, method] = segs.as_slice() else {
        return None;
    };
    if !matches!(*method, "findFirst" | "findMany") || !is_drizzle_client(client) {
        return None;
    }
    let mut filters = Vec::new();
    let mut filter_hidden = false;
    let arg = call.arguments.first().and_then(|a| a.as_expression());
    if let Some(Expression::ObjectExpression(o)) = arg.map(unwrap) {
        for p in &o.properties {
            let ObjectPropertyKind::ObjectProperty(p) = p else {
                filter_hidden = true;
                continue;
            };
            if p.key.static_name().as_deref() != Some("where") {
                continue;
            }
            match unwrap(&p.value) {
                Expression::ArrowFunctionExpression(f) => match f.get_expression() {
                    Some(body) => {
                        filter_hidden |= drizzle_where_hidden(body, 0);
                        drizzle_filters(body, &mut filters, 0);
                    }
                    None => filter_hidden = true,
                },
                Expression::ObjectExpression(_) => {
                    if let Val::Object(props, _) = val_of(&p.value, 0) {
                        prisma_filters(&props, &mut filters, 0);
                    }
                }
                other if as_call(other).is_some() => {
                    filter_hidden |= drizzle_where_hidden(other, 0);
                    drizzle_filters(other, &mut filters, 0);
                }
                _ => filter_hidden = true,
            }
        }
    } else if arg.is_some() {
        filter_hidden = true;
    }
    let op_span = match unwrap(&call.callee) {
        Expression::StaticMemberExpression(m) => mspan(m.property.span),
        _ => mspan(call.span),
    };
    Some(DataOpFact {
        span: mspan(call.span),
        op_span,
        kind: DataApi::Drizzle,
        client: Val::Path(segs[..segs.len() - 3].join(".")),
        table: Some(table.to_string()),
        op: DbOp::Select,
        filters,
        payload: None,
        related_filters: Vec::new(),
        fallback: false,
        failure_ignored: false,
        columns: Vec::new(),
        filter_hidden,
    })
}

/// Whether a Drizzle `where` has parts shipgate cannot read: a condition built elsewhere
/// (`where(whereClause)`, `and(...conditions)`) or raw `sql` text.
fn drizzle_where_hidden(e: &Expression, depth: u32) -> bool {
    if depth > 6 {
        return true;
    }
    let Some(call) = as_call(e) else {
        return true;
    };
    match path_of(&call.callee).as_deref() {
        Some("and" | "or") => call.arguments.iter().any(|a| match a {
            Argument::SpreadElement(_) => true,
            other => other
                .as_expression()
                .is_none_or(|x| drizzle_where_hidden(x, depth + 1)),
        }),
        Some(_) => false,
        None => true,
    }
}

fn drizzle_filters(e: &Expression, out: &mut Vec<(String, Val)>, depth: u32) {
    if depth > 6 {
        return;
    }
    let Some(call) = as_call(e) else { return };
    let Some(callee) = path_of(&call.callee) else {
        return;
    };
    let args: Vec<&Expression> = call
        .arguments
        .iter()
        .filter_map(|a| a.as_expression())
        .collect();
    match callee.as_str() {
        "and" | "or" => args.iter().for_each(|a| drizzle_filters(a, out, depth + 1)),
        "eq" | "ne" | "gt" | "gte" | "lt" | "lte" | "inArray" | "like" | "ilike" => {
            if let (Some(col), Some(v)) = (args.first().and_then(|a| path_of(a)), args.get(1)) {
                let col = col.rsplit('.').next().unwrap_or(&col).to_string();
                out.push((col, val_of(v, 0)));
            }
        }
        _ => {}
    }
}

/// The plain columns of a PostgREST select list: `id, title, owner:profiles(name),
/// total::text, data->>kind` gives `id`, `title`, `total`, `data`. Embedded relations,
/// aggregates and `*` are left out.
pub fn select_columns(list: &str) -> Vec<String> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, ch) in list.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&list[start..]);
    let mut out = Vec::new();
    for item in items {
        let item = item.trim();
        if item.is_empty() || item.contains('(') || item.starts_with("...") {
            continue;
        }
        // `alias:column`, but not the `::` of a cast.
        let item = match item.find(':') {
            Some(i) if !item[i..].starts_with("::") => &item[i + 1..],
            _ => item,
        };
        let item = item.split("::").next().unwrap_or("");
        let item = item
            .split("->")
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        if !item.is_empty()
            && item != "*"
            && item.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            out.push(item.to_string());
        }
    }
    out
}

/// What secret `a` holds when `a == b` compares it with another runtime value: a
/// signature, HMAC or digest, or a secret from the environment (also inside a template,
/// `Bearer ${process.env.CRON_SECRET}`). Comparisons with literals, `null`, `typeof` or
/// a length are not secret comparisons.
fn secret_compared(a: &Expression, b: &Expression) -> Option<String> {
    let b = unwrap(b);
    let trivial = matches!(
        b,
        Expression::StringLiteral(_)
            | Expression::NumericLiteral(_)
            | Expression::BooleanLiteral(_)
            | Expression::NullLiteral(_)
            | Expression::UnaryExpression(_)
    ) || b.is_undefined()
        || path_of(b).is_some_and(|p| p.ends_with(".length") || p.ends_with("length"))
        || matches!(b, Expression::TemplateLiteral(t) if t.expressions.is_empty());
    if trivial {
        return None;
    }
    let env_secret = |name: &str| {
        let n = name.to_ascii_uppercase();
        !n.contains("PUBLIC")
            && (n.contains("SECRET") || n.ends_with("_TOKEN") || n.ends_with("API_KEY"))
    };
    match val_of(unwrap(a), 0) {
        Val::Env(name) if env_secret(&name) => return Some(format!("`{name}`")),
        Val::Template(_, vals) => {
            if let Some(name) = vals.iter().find_map(|v| match v {
                Val::Env(n) if env_secret(n) => Some(n.clone()),
                _ => None,
            }) {
                return Some(format!("`{name}`"));
            }
        }
        _ => {}
    }
    // `FieldType.SIGNATURE`, `SignatureLevel.AES`: named constants, not secrets.
    let constant = |e: &Expression| {
        path_of(e).is_some_and(|p| {
            let last = p.rsplit('.').next().unwrap_or(&p);
            last.len() > 1 && !last.chars().any(|c| c.is_ascii_lowercase())
        })
    };
    if constant(b) {
        return None;
    }
    let path = path_of(unwrap(a))?;
    // `AST_NODE_TYPES.TSPropertySignature`, `FieldType.Signature`: enum members.
    if let Some((owner, _)) = path.rsplit_once('.')
        && owner
            .rsplit('.')
            .next()
            .is_some_and(|o| o.starts_with(|c: char| c.is_ascii_uppercase()))
    {
        return None;
    }
    // `headerObj.secret !== existing.secret`: the same field of two stored records, a
    // change check.
    if let Some(other) = path_of(b)
        && other.contains('.')
        && other.rsplit('.').next() == path.rsplit('.').next()
    {
        return None;
    }
    let last = path.rsplit('.').next().unwrap_or(&path);
    if path.contains('(') || !last.chars().any(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let l = last.to_ascii_lowercase();
    let l = ["hex", "b64", "base64", "buffer", "buf", "str", "string"]
        .iter()
        .find_map(|suffix| l.strip_suffix(suffix))
        .unwrap_or(&l);
    // `isSecret`, `wasSecret`, `hasSignature`: flags.
    if [
        "is", "was", "has", "show", "should", "use", "with", "requires",
    ]
    .iter()
    .any(|p| {
        last.strip_prefix(p)
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))
    }) {
        return None;
    }
    let named = ["signature", "sig", "hmac", "digest", "secret", "mac"]
        .iter()
        .any(|w| l.ends_with(w))
        && !l.ends_with("level")
        // `hashedClientSecret !== hash(input)`: a stored hash, not the secret itself.
        && !l.contains("hash");
    named.then(|| format!("`{path}`"))
}

/// Whether a condition looks at an error: `if (error)`, `if (err?.code === '42703')`,
/// `if (insertError)`.
fn mentions_error(refs: &[String]) -> bool {
    refs.iter().any(|r| {
        r.split('.').any(|seg| {
            let s = seg.to_ascii_lowercase();
            matches!(
                s.as_str(),
                "e" | "err" | "error" | "errors" | "ex" | "exception"
            ) || s.ends_with("error")
                || (s.ends_with("err") && seg.ends_with("Err"))
        })
    })
}

/// A value that holds the caller's credential: `authorizationHeader`, `apiKey`,
/// `req.headers.authorization`, `bearerToken`.
fn is_credential_ref(r: &str) -> bool {
    let l = r.to_ascii_lowercase().replace('_', "");
    let last = l.rsplit('.').next().unwrap_or(&l);
    last.contains("authorization")
        || last.contains("apikey")
        || last.contains("bearer")
        || last.ends_with("token") && !last.contains("csrf")
}

/// The text of a template with each `${...}` hole as a `$n` parameter.
fn template_text(t: &TemplateLiteral) -> String {
    let mut out = String::new();
    for (i, q) in t.quasis.iter().enumerate() {
        if i > 0 {
            out.push_str(&format!("${i}"));
        }
        out.push_str(q.value.raw.as_str());
    }
    out
}

/// SQL written as a string or template literal.
fn sql_text(e: &Expression) -> Option<String> {
    match e {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        Expression::TemplateLiteral(t) => Some(template_text(t)),
        _ => None,
    }
}

const PRISMA_OPS: &[&str] = &[
    "findMany",
    "findUnique",
    "findUniqueOrThrow",
    "findFirst",
    "findFirstOrThrow",
    "create",
    "createMany",
    "createManyAndReturn",
    "update",
    "updateMany",
    "upsert",
    "delete",
    "deleteMany",
    "count",
    "aggregate",
    "groupBy",
];

/// Prisma operators on one column (`{ equals: x }`, `{ in: [...] }`).
const PRISMA_FIELD_OPS: &[&str] = &[
    "equals",
    "in",
    "notIn",
    "not",
    "lt",
    "lte",
    "gt",
    "gte",
    "contains",
    "startsWith",
    "endsWith",
    "mode",
    "has",
    "hasSome",
    "hasEvery",
];

/// Column filters of a Prisma `where`, through compound keys (`userId_orgId: { userId,
/// orgId }`), relation filters (`members: { some: { userId } }`) and `AND` lists.
fn prisma_filters(props: &[(String, Val)], out: &mut Vec<(String, Val)>, depth: u32) {
    if depth > 4 {
        return;
    }
    for (k, v) in props {
        // Alternatives narrow the rows only by what every one of them names:
        // `OR: [{ partners: { some: { partnerId } } }, { messages: { some: { partnerId } } }]`.
        if k == "OR"
            && let Val::Array(items) = v
        {
            let branches: Vec<Vec<(String, Val)>> = items
                .iter()
                .map(|item| {
                    let mut f = Vec::new();
                    if let Val::Object(inner, _) = item {
                        prisma_filters(inner, &mut f, depth + 1);
                    }
                    f
                })
                .collect();
            if let Some((first, rest)) = branches.split_first() {
                for (col, val) in first {
                    if rest
                        .iter()
                        .all(|b| b.iter().any(|(c, x)| c == col && x == val))
                    {
                        out.push((col.clone(), val.clone()));
                    }
                }
            }
            continue;
        }
        // Negations do not narrow the rows to what they name.
        if matches!(k.as_str(), "NOT" | "none") {
            continue;
        }
        match v {
            Val::Object(inner, _) if inner.iter().any(|(ik, _)| ik == "equals") => {
                if let Some((_, x)) = inner.iter().find(|(ik, _)| ik == "equals") {
                    out.push((k.clone(), x.clone()));
                }
            }
            Val::Object(inner, _)
                if inner
                    .iter()
                    .all(|(ik, _)| PRISMA_FIELD_OPS.contains(&ik.as_str())) => {}
            Val::Object(inner, _) => prisma_filters(inner, out, depth + 1),
            Val::Array(items) if k == "AND" => {
                for item in items {
                    if let Val::Object(inner, _) = item {
                        prisma_filters(inner, out, depth + 1);
                    }
                }
            }
            _ => out.push((k.clone(), v.clone())),
        }
    }
}

fn prisma_op(call: &CallExpression, prisma_imported: bool) -> Option<DataOpFact> {
    let callee = path_of(&call.callee)?;
    let mut segs: Vec<&str> = callee.split('.').collect();
    if segs.len() < 3 {
        return None;
    }
    let op_name = segs.pop()?;
    if !PRISMA_OPS.contains(&op_name) {
        return None;
    }
    let model = segs.pop()?;
    let client_last = *segs.last()?;
    let lower = client_last.to_ascii_lowercase();
    if !(lower.contains("prisma")
        || lower == "db"
        || lower == "tx"
        || lower == "client" && prisma_imported)
        || model.starts_with('$')
    {
        return None;
    }
    let op = match op_name {
        "create" | "createMany" | "createManyAndReturn" => DbOp::Insert,
        "update" | "updateMany" => DbOp::Update,
        "upsert" => DbOp::Upsert,
        "delete" | "deleteMany" => DbOp::Delete,
        _ => DbOp::Select,
    };
    let arg = call
        .arguments
        .first()
        .and_then(|a| a.as_expression())
        .map(|a| val_of(a, 0));
    let mut filters = Vec::new();
    let mut payload = None;
    let mut related_filters = Vec::new();
    let mut columns = Vec::new();
    let filter_hidden = match &arg {
        None => false,
        Some(Val::Object(_, spreads)) if !spreads.is_empty() => true,
        Some(a @ Val::Object(..)) => {
            matches!(a.prop("where"), Some(w) if !matches!(w, Val::Object(_, s) if s.is_empty()))
        }
        Some(_) => true,
    };
    if let Some(arg) = &arg {
        for key in ["where", "select", "include", "orderBy"] {
            match arg.prop(key) {
                Some(Val::Object(props, _)) => columns.extend(props.iter().map(|(k, _)| k.clone())),
                Some(Val::Array(items)) => {
                    for item in items {
                        if let Val::Object(props, _) = item {
                            columns.extend(props.iter().map(|(k, _)| k.clone()));
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(Val::Object(props, _)) = arg.prop("where") {
            prisma_filters(props, &mut filters, 0);
        }
        payload = arg.prop("data").or_else(|| arg.prop("create")).cloned();
        for key in ["include", "select"] {
            let Some(Val::Object(rels, _)) = arg.prop(key) else {
                continue;
            };
            for (rel, v) in rels {
                if let Some(Val::Object(w, _)) = v.prop("where") {
                    let mut f = Vec::new();
                    prisma_filters(w, &mut f, 0);
                    related_filters.push((rel.clone(), f));
                }
            }
        }
    }
    let op_span = match unwrap(&call.callee) {
        Expression::StaticMemberExpression(m) => mspan(m.property.span),
        _ => mspan(call.span),
    };
    Some(DataOpFact {
        op_span,
        span: mspan(call.span),
        kind: DataApi::Prisma,
        client: Val::Path(segs.join(".")),
        table: Some(model.to_string()),
        op,
        filters,
        payload,
        related_filters,
        fallback: false,
        failure_ignored: false,
        columns,
        filter_hidden,
    })
}

pub enum ProgramBody<'b, 'a> {
    Stmts(&'b [Statement<'a>]),
    Expr(&'b Expression<'a>),
}

/// Names bound by a pattern, with their property path inside the initialiser.
pub fn bound_names(pat: &BindingPattern, prefix: &mut Vec<String>, out: &mut Vec<BoundName>) {
    if out.len() > 64 {
        return;
    }
    match pat {
        BindingPattern::BindingIdentifier(id) => out.push(BoundName {
            name: id.name.as_str().to_string(),
            path: prefix.clone(),
        }),
        BindingPattern::ObjectPattern(o) => {
            for p in &o.properties {
                let key = p
                    .key
                    .static_name()
                    .map(|k| k.to_string())
                    .unwrap_or_else(|| "[]".to_string());
                prefix.push(key);
                bound_names(&p.value, prefix, out);
                prefix.pop();
            }
            if let Some(rest) = &o.rest {
                prefix.push("...".to_string());
                bound_names(&rest.argument, prefix, out);
                prefix.pop();
            }
        }
        BindingPattern::ArrayPattern(a) => {
            for (i, el) in a.elements.iter().enumerate() {
                if let Some(el) = el {
                    prefix.push(i.to_string());
                    bound_names(el, prefix, out);
                    prefix.pop();
                }
            }
        }
        BindingPattern::AssignmentPattern(a) => bound_names(&a.left, prefix, out),
    }
}

/// Whether a rejecting branch says the caller is not authenticated (see
/// [`ExitFact::unauthorized`]). Only the branch's first few hundred bytes are read.
fn says_unauthorized(source: &str, span: oxc_span::Span, kind: ExitKind) -> bool {
    match kind {
        ExitKind::Respond(401) => return true,
        ExitKind::Throw | ExitKind::Respond(_) | ExitKind::Redirect => {}
        _ => return false,
    }
    let end = (span.end as usize).min(span.start as usize + 300);
    let Some(text) = source.get(span.start as usize..end) else {
        return false;
    };
    let lower = text.to_ascii_lowercase();
    lower.contains("401")
        || lower.contains("unauthori")
        || lower.contains("unauthenticated")
        || lower.contains("not authenticated")
        || lower.contains("not signed in")
        || lower.contains("not logged in")
        || lower.contains("authentication required")
        || lower.contains("login required")
}

fn test_fact(source: &str, e: &Expression) -> TestFact {
    let mut t = TestFact::default();
    let mut c = TestCollector { fact: &mut t };
    c.visit_expression(e);
    let span = e.span();
    let text = source
        .get(span.start as usize..span.end as usize)
        .unwrap_or("");
    t.text = shorten(text, 120);
    t.exits_when_present = polarity(e);
    if !t.env.is_empty() {
        t.env_cond = Some(program::cond_of(e, 0));
    }
    t
}

/// Whether the branch a condition selects is the error path (`Some(true)`: `if (error)`,
/// `if (err || !data)`) or the success path (`Some(false)`: `if (!error && data)`).
fn error_branch(e: &Expression) -> Option<bool> {
    use oxc_syntax::operator::{BinaryOperator as B, LogicalOperator as L, UnaryOperator as U};
    match unwrap(e) {
        Expression::UnaryExpression(u) if u.operator == U::LogicalNot => {
            error_branch(&u.argument).map(|p| !p)
        }
        Expression::LogicalExpression(l) => {
            let sides = [error_branch(&l.left), error_branch(&l.right)];
            match l.operator {
                // Both must hold: one side on the success path makes the whole so.
                L::And if sides.contains(&Some(false)) => Some(false),
                L::And if sides.contains(&Some(true)) => Some(true),
                // Either may hold: one side on the error path makes the whole so.
                L::Or if sides.contains(&Some(true)) => Some(true),
                _ => None,
            }
        }
        Expression::BinaryExpression(b) => {
            let nothing = |x: &Expression| {
                matches!(unwrap(x), Expression::NullLiteral(_)) || unwrap(x).is_undefined()
            };
            let subject = if nothing(&b.right) {
                &b.left
            } else if nothing(&b.left) {
                &b.right
            } else {
                return None;
            };
            let present = match b.operator {
                B::Inequality | B::StrictInequality => true,
                B::Equality | B::StrictEquality => false,
                _ => return None,
            };
            error_branch(subject).map(|p| p == present)
        }
        other => {
            let path = path_of(other)?;
            mentions_error(&[path]).then_some(true)
        }
    }
}

/// Whether a condition is true when its subject is present (see `TestFact`).
fn polarity(e: &Expression) -> Option<bool> {
    use oxc_syntax::operator::{BinaryOperator as B, LogicalOperator as L, UnaryOperator as U};
    match unwrap(e) {
        Expression::UnaryExpression(u) if u.operator == U::LogicalNot => {
            polarity(&u.argument).map(|p| !p)
        }
        Expression::LogicalExpression(l) => {
            let (a, b) = (polarity(&l.left), polarity(&l.right));
            match l.operator {
                L::And | L::Or if a == b => a,
                _ => None,
            }
        }
        Expression::BinaryExpression(b) => {
            let against_nothing = |x: &Expression| {
                matches!(unwrap(x), Expression::NullLiteral(_)) || unwrap(x).is_undefined()
            };
            if against_nothing(&b.left) || against_nothing(&b.right) {
                match b.operator {
                    B::Equality | B::StrictEquality => Some(false),
                    B::Inequality | B::StrictInequality => Some(true),
                    _ => None,
                }
            } else {
                // `role === 'admin'` holds when the caller has it; `!==` when they do not.
                match b.operator {
                    B::Equality | B::StrictEquality => Some(true),
                    B::Inequality | B::StrictInequality => Some(false),
                    _ => None,
                }
            }
        }
        other if path_of(other).is_some() => Some(true),
        _ => None,
    }
}

pub fn shorten(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut s: String = one_line.chars().take(max).collect();
        s.push('…');
        s
    }
}

use oxc_span::GetSpan;

struct TestCollector<'f> {
    fact: &'f mut TestFact,
}

impl<'a> Visit<'a> for TestCollector<'_> {
    fn visit_expression(&mut self, e: &Expression<'a>) {
        if self.fact.refs.len() > 64 {
            return;
        }
        let inner = unwrap(e);
        match inner {
            Expression::StringLiteral(s) => self.fact.strings.push(s.value.as_str().to_string()),
            Expression::TemplateLiteral(_) => {
                if let Some(s) = str_value(inner) {
                    self.fact.strings.push(s);
                }
                walk::walk_expression(self, inner);
            }
            _ => {
                if let Some(call) = as_call(inner) {
                    self.fact.calls.push(mspan(call.span));
                    if let Some(p) = path_of(&call.callee) {
                        self.fact.refs.push(p);
                    }
                    walk::walk_expression(self, &call.callee);
                    for a in &call.arguments {
                        if let Some(x) = a.as_expression() {
                            self.visit_expression(x);
                        }
                    }
                    return;
                }
                if let Some(p) = path_of(inner) {
                    if let Some(env) = env_name(&p) {
                        self.fact.env.push(env.to_string());
                    }
                    self.fact.refs.push(p);
                    return;
                }
                walk::walk_expression(self, inner);
            }
        }
    }
}

impl<'a> Visit<'a> for Collector<'_> {
    fn visit_program(&mut self, it: &Program<'a>) {
        for d in &it.directives {
            self.facts.directives.push(d.directive.as_str().to_string());
        }
        self.never_returning = never_returning_functions(&it.body);
        walk::walk_program(self, it);
    }

    fn visit_import_declaration(&mut self, it: &ImportDeclaration<'a>) {
        let source = it.source.value.as_str().to_string();
        let all_types = it.specifiers.as_ref().is_some_and(|specs| {
            !specs.is_empty()
                && specs.iter().all(|s| {
                    matches!(s, ImportDeclarationSpecifier::ImportSpecifier(x) if x.import_kind.is_type())
                })
        });
        if !it.import_kind.is_type() && !all_types {
            self.facts.module_deps.push(source.clone());
        }
        if let Some(specs) = &it.specifiers {
            for s in specs {
                let (local, imported, span) = match s {
                    ImportDeclarationSpecifier::ImportSpecifier(s) => (
                        s.local.name.as_str(),
                        Imported::Named(s.imported.name().to_string()),
                        s.span,
                    ),
                    ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                        (s.local.name.as_str(), Imported::Default, s.span)
                    }
                    ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                        (s.local.name.as_str(), Imported::Namespace, s.span)
                    }
                };
                self.facts.imports.push(ImportFact {
                    local: local.to_string(),
                    imported,
                    source: source.clone(),
                    span: mspan(span),
                });
            }
        }
    }

    fn visit_export_declaration(&mut self, it: &ExportDeclaration<'a>) {
        let span = mspan(it.span);
        match &it.declaration {
            Declaration::FunctionDeclaration(f) => {
                if let Some(id) = &f.id {
                    let n = id.name.as_str().to_string();
                    self.facts.exports.push(ExportFact::Local {
                        exported: n.clone(),
                        local: n,
                        span,
                    });
                }
            }
            Declaration::VariableDeclaration(v) => {
                for d in &v.declarations {
                    let mut names = Vec::new();
                    bound_names(&d.id, &mut Vec::new(), &mut names);
                    for n in names {
                        self.facts.exports.push(ExportFact::Local {
                            exported: n.name.clone(),
                            local: n.name,
                            span,
                        });
                    }
                }
            }
            Declaration::ClassDeclaration(c) => {
                if let Some(id) = &c.id {
                    let n = id.name.as_str().to_string();
                    self.facts.exports.push(ExportFact::Local {
                        exported: n.clone(),
                        local: n,
                        span,
                    });
                }
            }
            Declaration::TSTypeAliasDeclaration(t) => {
                self.facts.type_exports.push(t.id.name.as_str().to_string());
            }
            Declaration::TSInterfaceDeclaration(t) => {
                self.facts.type_exports.push(t.id.name.as_str().to_string());
            }
            _ => {}
        }
        walk::walk_export_declaration(self, it);
    }

    fn visit_export_named_declaration(&mut self, it: &ExportNamedDeclaration<'a>) {
        for s in &it.specifiers {
            self.facts.exports.push(ExportFact::Local {
                exported: s.exported.name().to_string(),
                local: s.local.name().to_string(),
                span: mspan(s.span),
            });
        }
        walk::walk_export_named_declaration(self, it);
    }

    fn visit_export_from_declaration(&mut self, it: &ExportFromDeclaration<'a>) {
        if !it.export_kind.is_type() {
            self.facts
                .module_deps
                .push(it.source.value.as_str().to_string());
        }
        for s in &it.specifiers {
            self.facts.exports.push(ExportFact::ReExport {
                exported: s.exported.name().to_string(),
                imported: s.local.name().to_string(),
                source: it.source.value.as_str().to_string(),
                span: mspan(s.span),
            });
        }
    }

    fn visit_export_all_declaration(&mut self, it: &ExportAllDeclaration<'a>) {
        if !it.export_kind.is_type() {
            self.facts
                .module_deps
                .push(it.source.value.as_str().to_string());
        }
        if it.exported.is_none() {
            self.facts.exports.push(ExportFact::Star {
                source: it.source.value.as_str().to_string(),
            });
        }
    }

    fn visit_export_default_declaration(&mut self, it: &ExportDefaultDeclaration<'a>) {
        let span = mspan(it.span);
        let val = match &it.declaration {
            ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                if let Some(id) = &f.id {
                    let n = id.name.as_str().to_string();
                    self.facts.exports.push(ExportFact::Local {
                        exported: "default".into(),
                        local: n,
                        span,
                    });
                    walk::walk_export_default_declaration(self, it);
                    return;
                }
                self.name_hint = Some("default".into());
                Val::Func(mspan(f.span))
            }
            ExportDefaultDeclarationKind::ClassDeclaration(_)
            | ExportDefaultDeclarationKind::TSInterfaceDeclaration(_) => Val::Other(Vec::new()),
            other => match other.as_expression() {
                Some(e) => {
                    if matches!(
                        unwrap(e),
                        Expression::ArrowFunctionExpression(_) | Expression::FunctionExpression(_)
                    ) {
                        self.name_hint = Some("default".into());
                    }
                    val_of(e, 0)
                }
                None => Val::Other(Vec::new()),
            },
        };
        self.facts.exports.push(ExportFact::Default { val, span });
        // `export default Router().use('/api', api)`: an anonymous router named `default`.
        if let Some(e) = it.declaration.as_expression() {
            self.record_router("default", e, it.span);
        }
        let saved = self.chain_target.replace("default".to_string());
        walk::walk_export_default_declaration(self, it);
        self.chain_target = saved;
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        // Overload signatures and `declare function`: nothing runs, and the name belongs to
        // the implementation.
        if it.body.is_none() {
            self.name_hint = None;
            return;
        }
        let name = it
            .id
            .as_ref()
            .map(|id| id.name.as_str().to_string())
            .or_else(|| self.name_hint.take());
        self.name_hint = None;
        self.record_function(
            it.span,
            name.clone(),
            &it.params,
            it.r#async,
            it.body.as_ref().map(|b| &b.directives),
        );
        if let Some(body) = &it.body {
            self.maybe_program(
                it.span,
                name.as_deref(),
                ProgramBody::Stmts(&body.statements),
            );
        }
        self.fn_depth += 1;
        let saved_loop = std::mem::replace(&mut self.loop_depth, 0);
        let saved_try = std::mem::take(&mut self.try_stack);
        walk::walk_function(self, it, flags);
        self.try_stack = saved_try;
        self.loop_depth = saved_loop;
        self.fn_depth -= 1;
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        let name = self.name_hint.take();
        self.record_function(
            it.span,
            name.clone(),
            &it.params,
            it.r#async,
            it.body.as_function_body().map(|b| &b.directives),
        );
        if let Some(e) = it.get_expression() {
            self.facts.returns.push(ReturnFact {
                span: mspan(e.span()),
                val: val_of(e, 0),
            });
            self.maybe_program(it.span, name.as_deref(), ProgramBody::Expr(e));
        } else if let Some(body) = it.body.as_function_body() {
            self.maybe_program(
                it.span,
                name.as_deref(),
                ProgramBody::Stmts(&body.statements),
            );
        }
        self.fn_depth += 1;
        let saved_try = std::mem::take(&mut self.try_stack);
        walk::walk_arrow_function_expression(self, it);
        self.try_stack = saved_try;
        self.fn_depth -= 1;
    }

    fn visit_ts_type_alias_declaration(&mut self, it: &TSTypeAliasDeclaration<'a>) {
        match super::db_types::from_alias(it) {
            Some(t) => self.facts.db_types.push((mspan(it.span), t)),
            None => walk::walk_ts_type_alias_declaration(self, it),
        }
    }

    fn visit_ts_interface_declaration(&mut self, it: &TSInterfaceDeclaration<'a>) {
        match super::db_types::from_interface(it) {
            Some(t) => self.facts.db_types.push((mspan(it.span), t)),
            None => walk::walk_ts_interface_declaration(self, it),
        }
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        self.record_binding(it.span, &it.id, it.init.as_ref());
        if let Some(init) = &it.init {
            self.commonjs_require(&it.id, init);
        }
        let single = match &it.id {
            BindingPattern::BindingIdentifier(id) => Some(id.name.as_str().to_string()),
            _ => None,
        };
        if self.fn_depth == 0
            && let (Some(var), Some(init)) = (&single, &it.init)
            && let Some(t) = super::drizzle::table_of(var, init)
        {
            self.facts.drizzle_tables.push((mspan(it.span), t));
        }
        if let Some(init) = &it.init {
            if matches!(
                unwrap(init),
                Expression::ArrowFunctionExpression(_) | Expression::FunctionExpression(_)
            ) {
                self.name_hint = single.clone();
            }
            // `const query = db.select().from(t)` (not awaited): a builder that gets its
            // filters in later statements.
            if let Expression::CallExpression(c) = unwrap_casts(init) {
                self.builder_calls.insert((c.span.start, c.span.end));
            }
            let saved = std::mem::replace(&mut self.chain_target, single);
            self.visit_expression(init);
            self.chain_target = saved;
        }
        self.visit_binding_pattern(&it.id);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        // `x = await getUser()`, `module.exports = handler`, `req.user = decoded`.
        let target = match &it.left {
            AssignmentTarget::AssignmentTargetIdentifier(id) => Some(id.name.as_str().to_string()),
            other => other
                .as_simple_assignment_target()
                .and_then(|s| s.as_member_expression())
                .and_then(|m| {
                    let mut out = String::new();
                    let obj = path_of(m.object())?;
                    out.push_str(&obj);
                    out.push('.');
                    out.push_str(m.static_property_name()?);
                    Some(out)
                }),
        };
        if let Some(name) = target {
            let is_fn = matches!(
                unwrap(&it.right),
                Expression::ArrowFunctionExpression(_) | Expression::FunctionExpression(_)
            );
            if is_fn {
                self.name_hint = Some(name.clone());
            }
            if self.fn_depth == 0 {
                self.commonjs_export(&name, &it.right, it.span, is_fn);
            }
            if name == "module.exports" {
                self.exporting_object = true;
                walk::walk_assignment_expression(self, it);
                self.exporting_object = false;
                return;
            }
            self.facts.bindings.push(BindingFact {
                span: mspan(it.span),
                top_level: self.fn_depth == 0,
                names: vec![BoundName {
                    name,
                    path: Vec::new(),
                }],
                init: val_of(&it.right, 0),
            });
        }
        walk::walk_assignment_expression(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        // Keep the hint set by `module.exports = { handler() {...} }` style code simple:
        // a function-valued property is named after its key.
        if matches!(
            unwrap(&it.value),
            Expression::ArrowFunctionExpression(_) | Expression::FunctionExpression(_)
        ) {
            self.name_hint = it.key.static_name().map(|k| k.to_string());
            // `{ async signIn(params) {...} }` inside a call is not a module-level function
            // named `signIn` (unless the object is `module.exports`).
            self.member_hint = !self.exporting_object;
        }
        walk::walk_object_property(self, it);
    }

    fn visit_method_definition(&mut self, it: &MethodDefinition<'a>) {
        self.name_hint = it.key.static_name().map(|k| k.to_string());
        self.member_hint = true;
        walk::walk_method_definition(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        // CommonJS `require("./env")`, bound or not, loads the module at run time.
        if matches!(unwrap(&it.callee), Expression::Identifier(id) if id.name.as_str() == "require")
            && let Some(source) = string_arg_of(it)
        {
            self.facts.module_deps.push(source);
        }
        self.record_call(it.span, &it.callee, &it.arguments, false);
        self.record_route_reg(it);
        self.record_data_op(it);
        if let Some((source, field)) = input_of_call(it) {
            self.facts.inputs.push(InputFact {
                span: mspan(it.span),
                source,
                field,
            });
        }
        // Arguments of iteration helpers run once per element.
        let iterates = match unwrap(&it.callee) {
            Expression::StaticMemberExpression(m) => {
                ITERATION_METHODS.contains(&m.property.name.as_str())
            }
            _ => false,
        };
        self.visit_expression(&it.callee);
        if iterates {
            self.loop_depth += 1;
        }
        for a in &it.arguments {
            self.visit_argument(a);
        }
        if iterates {
            self.loop_depth -= 1;
        }
    }

    fn visit_tagged_template_expression(&mut self, it: &TaggedTemplateExpression<'a>) {
        if let Some(op) = self.raw_sql_tagged(it) {
            self.facts.data_ops.push(op);
        }
        walk::walk_tagged_template_expression(self, it);
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        self.record_call(it.span, &it.callee, &it.arguments, true);
        walk::walk_new_expression(self, it);
    }

    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        let e_path = {
            let mut p = match path_of(&it.object) {
                Some(p) => p,
                None => {
                    walk::walk_static_member_expression(self, it);
                    return;
                }
            };
            p.push('.');
            p.push_str(it.property.name.as_str());
            p
        };
        if let Some(name) = env_name(&e_path)
            && (e_path.starts_with("process.env.") || e_path.starts_with("import.meta.env."))
            && e_path.matches('.').count() == 2 + usize::from(e_path.starts_with("import.meta"))
        {
            self.facts.env_reads.push(EnvRead {
                name: name.to_string(),
                span: mspan(it.span),
            });
        }
        walk::walk_static_member_expression(self, it);
    }

    fn visit_return_statement(&mut self, it: &ReturnStatement<'a>) {
        if let Some(arg) = &it.argument {
            self.facts.returns.push(ReturnFact {
                span: mspan(it.span),
                val: val_of(arg, 0),
            });
        }
        walk::walk_return_statement(self, it);
    }

    fn visit_function_body(&mut self, it: &FunctionBody<'a>) {
        let trailing = self.trailing_exit(&it.statements);
        self.visit_directives(&it.directives);
        let last = it.statements.len().saturating_sub(1);
        for (i, s) in it.statements.iter().enumerate() {
            if i == last
                && let Some(e) = &trailing
            {
                // Pushed in source order: exits are searched by position.
                self.facts.exits.push(e.clone());
            }
            self.visit_statement(s);
        }
    }

    fn visit_if_statement(&mut self, it: &IfStatement<'a>) {
        // `if (req.method === "DELETE") { ... }`: that block runs for DELETE only.
        if let Expression::BinaryExpression(b) = unwrap(&it.test)
            && matches!(
                b.operator,
                oxc_syntax::operator::BinaryOperator::StrictEquality
                    | oxc_syntax::operator::BinaryOperator::Equality
            )
        {
            for (x, y) in [(&b.left, &b.right), (&b.right, &b.left)] {
                if let (Some(p), Some(s)) = (path_of(x), str_value(y))
                    && (p == "method" || p.ends_with(".method"))
                {
                    self.facts
                        .method_branches
                        .push((s.to_ascii_uppercase(), mspan(it.consequent.span())));
                }
            }
        }
        if it.alternate.is_none() {
            let test = test_fact(self.source, &it.test);
            if test.exits_when_present == Some(true)
                && test.refs.iter().any(|r| is_credential_ref(r))
            {
                self.facts.optional_blocks.push(mspan(it.consequent.span()));
            }
        }
        let in_then = self.exit_of(&it.consequent);
        let kind = in_then.or_else(|| it.alternate.as_ref().and_then(|a| self.exit_of(a)));
        if let Some(kind) = kind {
            let mut test = test_fact(self.source, &it.test);
            let branch = if in_then.is_none() {
                test.exits_when_present = test.exits_when_present.map(|p| !p);
                it.alternate.as_ref().map_or(it.span, |a| a.span())
            } else {
                it.consequent.span()
            };
            self.facts.exits.push(ExitFact {
                span: mspan(it.span),
                test,
                kind,
                unauthorized: says_unauthorized(self.source, branch, kind),
            });
        }
        let on_error = test_fact(self.source, &it.test);
        // `if (!error && data) { ... } else { <fallback> }`: the else is the error path.
        if error_branch(&it.test) == Some(false)
            && let Some(alt) = &it.alternate
        {
            self.visit_expression(&it.test);
            self.visit_statement(&it.consequent);
            self.fallback_depth += 1;
            self.visit_statement(alt);
            self.fallback_depth -= 1;
            return;
        }
        if on_error.exits_when_present != Some(false) && mentions_error(&on_error.refs) {
            self.visit_expression(&it.test);
            self.fallback_depth += 1;
            self.visit_statement(&it.consequent);
            self.fallback_depth -= 1;
            if let Some(alt) = &it.alternate {
                self.visit_statement(alt);
            }
            return;
        }
        walk::walk_if_statement(self, it);
    }

    fn visit_expression_statement(&mut self, it: &ExpressionStatement<'a>) {
        // `!session && redirect('/login')`, `user || notFound()`.
        if let Expression::LogicalExpression(l) = unwrap(&it.expression)
            && let Some(kind) = exit_of_expression(&l.right)
        {
            let mut test = test_fact(self.source, &l.left);
            // `user || notFound()` exits when `user` is missing.
            if l.operator == oxc_syntax::operator::LogicalOperator::Or {
                test.exits_when_present = test.exits_when_present.map(|p| !p);
            }
            self.facts.exits.push(ExitFact {
                span: mspan(it.span),
                test,
                kind,
                unauthorized: says_unauthorized(self.source, l.right.span(), kind),
            });
        }
        walk::walk_expression_statement(self, it);
    }

    fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
        let v = it.value.as_str();
        if super::stripe_events::is_stripe_event(v) {
            self.facts
                .stripe_events
                .push((v.to_string(), mspan(it.span)));
        }
    }

    fn visit_logical_expression(&mut self, it: &LogicalExpression<'a>) {
        use oxc_syntax::operator::LogicalOperator as L;
        if matches!(it.operator, L::Or | L::Coalesce)
            && let Some(path) = path_of(&it.left)
            && ["process.env.", "import.meta.env.", "Bun.env."]
                .iter()
                .any(|p| path.starts_with(p))
            && let Some(name) = env_name(&path)
            && shipgate_model::secrets::is_verifying_secret_name(name)
            && let Some(value) = str_value(&it.right)
            && !value.trim().is_empty()
        {
            self.facts.secret_fallbacks.push(SecretFallbackFact {
                span: mspan(it.span),
                env: name.to_string(),
                value: shipgate_model::secrets::redact(&value),
            });
        }
        walk::walk_logical_expression(self, it);
    }

    fn visit_binary_expression(&mut self, it: &BinaryExpression<'a>) {
        use oxc_syntax::operator::BinaryOperator as B;
        if matches!(
            it.operator,
            B::StrictEquality | B::Equality | B::StrictInequality | B::Inequality
        ) {
            let negated = matches!(it.operator, B::StrictInequality | B::Inequality);
            if let Some(what) = secret_compared(&it.left, &it.right)
                .or_else(|| secret_compared(&it.right, &it.left))
            {
                self.facts.secret_compares.push(SecretCompareFact {
                    span: mspan(it.span),
                    text: shorten(self.slice(it.span), 100),
                    what,
                });
            }
            let pair = [(&it.left, &it.right), (&it.right, &it.left)];
            for (a, b) in pair {
                if let (Some(p), Some(s)) = (path_of(a), str_value(b))
                    && (p == "method" || p.ends_with(".method"))
                {
                    self.facts.method_tests.push(MethodTest {
                        span: mspan(it.span),
                        method: s.to_ascii_uppercase(),
                        negated,
                        in_switch: false,
                    });
                }
            }
        }
        walk::walk_binary_expression(self, it);
    }

    fn visit_switch_statement(&mut self, it: &SwitchStatement<'a>) {
        if path_of(&it.discriminant).is_some_and(|p| p == "method" || p.ends_with(".method")) {
            for case in &it.cases {
                if let Some(s) = case.test.as_ref().and_then(|t| str_value(t)) {
                    self.facts.method_tests.push(MethodTest {
                        span: mspan(case.span),
                        method: s.to_ascii_uppercase(),
                        negated: false,
                        in_switch: true,
                    });
                    if !case.consequent.is_empty() {
                        self.facts
                            .method_branches
                            .push((s.to_ascii_uppercase(), mspan(case.span)));
                    }
                }
            }
        }
        walk::walk_switch_statement(self, it);
    }

    fn visit_try_statement(&mut self, it: &TryStatement<'a>) {
        // A catch that throws, redirects or answers 4xx/5xx ends the request; one that
        // returns a value (`return null`) hands the failure back to the caller.
        let rejects = |k: ExitKind| {
            matches!(k, ExitKind::Throw | ExitKind::Redirect)
                || matches!(k, ExitKind::Respond(s) if s >= 400)
        };
        // `catch (err) { if (err instanceof WebhookVerificationError) throw ... }` rejects
        // the failure the call in `try` signals, too.
        let catch_rejects = |stmt: &Statement| {
            exit_of_stmt(stmt).is_some_and(rejects)
                || matches!(stmt, Statement::IfStatement(i)
                    if exit_of_stmt(&i.consequent).is_some_and(rejects))
        };
        let ctx = match &it.handler {
            Some(h) if h.body.body.iter().any(catch_rejects) => TryContext::CatchExits,
            Some(_) => TryContext::CatchSwallows,
            None => self.try_ctx(),
        };
        self.try_stack.push(ctx);
        self.visit_block_statement(&it.block);
        self.try_stack.pop();
        if let Some(h) = &it.handler {
            self.fallback_depth += 1;
            self.visit_catch_clause(h);
            self.fallback_depth -= 1;
        }
        if let Some(f) = &it.finalizer {
            self.visit_block_statement(f);
        }
    }

    fn visit_for_statement(&mut self, it: &ForStatement<'a>) {
        self.loop_depth += 1;
        walk::walk_for_statement(self, it);
        self.loop_depth -= 1;
    }

    fn visit_for_of_statement(&mut self, it: &ForOfStatement<'a>) {
        self.loop_depth += 1;
        walk::walk_for_of_statement(self, it);
        self.loop_depth -= 1;
    }

    fn visit_for_in_statement(&mut self, it: &ForInStatement<'a>) {
        self.loop_depth += 1;
        walk::walk_for_in_statement(self, it);
        self.loop_depth -= 1;
    }

    fn visit_while_statement(&mut self, it: &WhileStatement<'a>) {
        self.loop_depth += 1;
        walk::walk_while_statement(self, it);
        self.loop_depth -= 1;
    }

    fn visit_do_while_statement(&mut self, it: &DoWhileStatement<'a>) {
        self.loop_depth += 1;
        walk::walk_do_while_statement(self, it);
        self.loop_depth -= 1;
    }
}

impl Collector<'_> {
    /// `const x = require('./x')`, `const { a, b: c } = require('./x')`,
    /// `const y = require('./x').y`: recorded as imports.
    fn commonjs_require(&mut self, pattern: &BindingPattern, init: &Expression) {
        let (call, member) = match unwrap(init) {
            Expression::StaticMemberExpression(m) => match as_call(&m.object) {
                Some(c) => (c, Some(m.property.name.as_str().to_string())),
                None => return,
            },
            other => match as_call(other) {
                Some(c) => (c, None),
                None => return,
            },
        };
        if !matches!(unwrap(&call.callee), Expression::Identifier(id) if id.name.as_str() == "require")
        {
            return;
        }
        let Some(source) = string_arg_of(call) else {
            return;
        };
        let span = mspan(call.span);
        match pattern {
            BindingPattern::BindingIdentifier(id) => {
                let imported = match member {
                    Some(m) if m == "default" => Imported::Default,
                    Some(m) => Imported::Named(m),
                    None => Imported::Default,
                };
                self.facts.imports.push(ImportFact {
                    local: id.name.as_str().to_string(),
                    imported,
                    source,
                    span,
                });
            }
            BindingPattern::ObjectPattern(o) if member.is_none() => {
                for p in &o.properties {
                    if let (Some(key), BindingPattern::BindingIdentifier(local)) =
                        (p.key.static_name(), &p.value)
                    {
                        self.facts.imports.push(ImportFact {
                            local: local.name.as_str().to_string(),
                            imported: Imported::Named(key.to_string()),
                            source: source.clone(),
                            span,
                        });
                    }
                }
            }
            _ => {}
        }
    }

    /// `module.exports = x`, `module.exports = { a, b }`, `exports.a = ...`.
    fn commonjs_export(
        &mut self,
        target: &str,
        right: &Expression,
        span: oxc_span::Span,
        is_fn: bool,
    ) {
        let span = mspan(span);
        if target == "module.exports" {
            self.facts.exports.push(ExportFact::Default {
                val: val_of(right, 0),
                span,
            });
            if let Expression::ObjectExpression(o) = unwrap(right) {
                for p in &o.properties {
                    let ObjectPropertyKind::ObjectProperty(p) = p else {
                        continue;
                    };
                    let Some(key) = p.key.static_name() else {
                        continue;
                    };
                    let local = match unwrap(&p.value) {
                        Expression::Identifier(id) => id.name.as_str().to_string(),
                        Expression::ArrowFunctionExpression(_)
                        | Expression::FunctionExpression(_) => key.to_string(),
                        _ => continue,
                    };
                    self.facts.exports.push(ExportFact::Local {
                        exported: key.to_string(),
                        local,
                        span,
                    });
                }
            }
            return;
        }
        let Some(name) = target
            .strip_prefix("module.exports.")
            .or_else(|| target.strip_prefix("exports."))
        else {
            return;
        };
        if name.contains('.') {
            return;
        }
        let local = match unwrap(right) {
            Expression::Identifier(id) => id.name.as_str().to_string(),
            _ if is_fn => {
                self.name_hint = Some(name.to_string());
                name.to_string()
            }
            _ => return,
        };
        self.facts.exports.push(ExportFact::Local {
            exported: name.to_string(),
            local,
            span,
        });
    }

    fn record_call(
        &mut self,
        span: oxc_span::Span,
        callee: &Expression,
        args: &[Argument],
        is_new: bool,
    ) {
        let Some(callee) = path_of(callee) else {
            return;
        };
        let args = args
            .iter()
            .take(8)
            .map(|a| match a.as_expression() {
                Some(e) => val_of(e, 0),
                None => Val::Other(Vec::new()),
            })
            .collect();
        self.facts.calls.push(CallFact {
            span: mspan(span),
            callee,
            is_new,
            args,
            try_ctx: self.try_ctx(),
            in_loop: self.loop_depth > 0,
        });
    }
}

/// The module's top-level functions that never return normally: declared to return
/// `never`, or with no `return` anywhere and a `throw` as their last statement
/// (`function fail(status, code): never { throw new HTTPException(status, ...) }`,
/// `const deny = () => { throw new Error("Forbidden") }`).
fn never_returning_functions(body: &[Statement]) -> HashSet<String> {
    fn returns_never(ret: Option<&oxc_ast::ast::TSTypeAnnotation>) -> bool {
        ret.is_some_and(|t| matches!(t.type_annotation, TSType::TSNeverKeyword(_)))
    }
    fn always_throws(body: Option<&FunctionBody>) -> bool {
        let Some(b) = body else {
            return false;
        };
        let mut returns = ReturnFinder::default();
        returns.visit_function_body(b);
        !returns.found && matches!(b.statements.last(), Some(Statement::ThrowStatement(_)))
    }
    let mut out = HashSet::new();
    let never =
        |f: &Function| returns_never(f.return_type.as_deref()) || always_throws(f.body.as_deref());
    for stmt in body {
        let decl = match stmt {
            Statement::ExportDeclaration(e) => Some(&e.declaration),
            _ => stmt.as_declaration(),
        };
        match decl {
            Some(Declaration::FunctionDeclaration(f)) => {
                if let Some(id) = &f.id
                    && never(f.as_ref())
                {
                    out.insert(id.name.as_str().to_string());
                }
            }
            Some(Declaration::VariableDeclaration(v)) => {
                for d in &v.declarations {
                    let (BindingPattern::BindingIdentifier(id), Some(init)) = (&d.id, &d.init)
                    else {
                        continue;
                    };
                    match unwrap(init) {
                        Expression::FunctionExpression(f) if never(f.as_ref()) => {
                            out.insert(id.name.as_str().to_string());
                        }
                        Expression::ArrowFunctionExpression(a) => {
                            let throws = match &a.body {
                                ArrowFunctionBody::FunctionBody(b) => always_throws(Some(b)),
                                _ => false,
                            };
                            if throws || returns_never(a.return_type.as_deref()) {
                                out.insert(id.name.as_str().to_string());
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Finds a `return` in a function body, not counting nested functions.
#[derive(Default)]
struct ReturnFinder {
    found: bool,
}

impl<'a> Visit<'a> for ReturnFinder {
    fn visit_return_statement(&mut self, _: &ReturnStatement<'a>) {
        self.found = true;
    }
    fn visit_function(&mut self, _: &Function<'a>, _: oxc_syntax::scope::ScopeFlags) {}
    fn visit_arrow_function_expression(&mut self, _: &ArrowFunctionExpression<'a>) {}
}

#[cfg(test)]
mod tests {
    use super::select_columns;

    #[test]
    fn select_lists_give_plain_columns() {
        assert_eq!(
            select_columns("id, title,\n owner:profiles!owner_id(name), total::text, data->>kind"),
            ["id", "title", "total", "data"]
        );
        assert_eq!(select_columns("*, comments(count)"), Vec::<String>::new());
        assert_eq!(
            select_columns("display:full_name, \"Email\", ...teams(name)"),
            ["full_name", "Email"]
        );
        assert_eq!(
            select_columns("amount.sum(), (broken"),
            Vec::<String>::new()
        );
    }
}
