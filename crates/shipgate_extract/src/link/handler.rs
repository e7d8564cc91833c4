//! What a handler does: database operations (with the client kind and where each value
//! came from), costly side effects, request inputs, identity checks against the session,
//! and service-role client use. Project helpers are followed a few calls deep.

use super::known;
use super::project::{Project, Symbol};
use super::summary::{Analyzer, FnKey, FnView, derived_names, range, root_of};
use crate::js::facts::{DataApi, DataOpFact, Val};
use shipgate_model::{
    ClientKind, ClientUse, DataOp, DataValue, Effect, EnvUse, FileId, HandlerFacts, InputSource,
    Loc, RequestInput, Span, StorageOp, ValueOrigin, ValueRole,
};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

mod fetches;
mod prices;
mod sql;

const MAX_DEPTH: u32 = 3;

/// A lookup keyed by request ids: the names holding the row, and those ids.
type Lookup = (HashSet<String>, Vec<String>);

/// What auth wrappers pass to the handler they wrap, already tied to the caller.
const WRAPPER_CONTEXT: &[&str] = &[
    "session",
    "user",
    "currentUser",
    "workspace",
    "organization",
    "org",
    "team",
    "tenant",
    // next-safe-action and tRPC: what the client's middleware put in the context.
    "ctx",
];

pub struct FactsBuilder<'a, 'p> {
    pub analyzer: &'a Analyzer<'p>,
    fn_clients: RefCell<HashMap<FnKey, Option<(ClientKind, String)>>>,
}

struct Scope<'p> {
    view: FnView<'p>,
    session_names: HashSet<String>,
    /// Parameters the client controls (server action arguments).
    client_params: HashSet<String>,
    /// The route handler itself (not a helper it calls): `params` means route params.
    is_handler: bool,
    /// Every name the function's parameters bind.
    param_names: HashSet<String>,
    /// Names destructured from a schema-checked input parameter:
    /// `({ parsedInput: { plan } })`, `({ input: { id } })`.
    validated_params: HashSet<String>,
}

/// Whether a written value went through an encryption call: `encrypt(t)`,
/// `await kms.encrypt(...)`, or a local bound to one (a few steps).
fn encrypted(scope: &Scope, v: &Val, depth: u32) -> bool {
    if depth > 3 {
        return false;
    }
    match v {
        Val::Call { callee, .. } => known::is_encryption_call(callee),
        Val::Path(p) if !p.contains('.') => scope
            .view
            .bindings()
            .iter()
            .rev()
            .find(|b| b.names.iter().any(|n| n.name == *p))
            .is_some_and(|b| encrypted(scope, &b.init, depth + 1)),
        Val::Other(refs) => refs.iter().any(|r| {
            known::is_encryption_call(r.trim_end_matches("()"))
                || !r.contains('.') && encrypted(scope, &Val::Path(r.clone()), depth + 1)
        }),
        _ => false,
    }
}

fn is_validation_call(callee: &str) -> bool {
    let m = callee.rsplit('.').next().unwrap_or(callee);
    matches!(
        m,
        "parse"
            | "safeParse"
            | "parseAsync"
            | "safeParseAsync"
            | "validate"
            | "validateSync"
            | "cast"
            | "decode"
            | "assert"
            | "is"
    ) && !callee.starts_with("JSON.")
        || callee == "c.req.valid"
        || m == "valid"
        || callee.starts_with("v.parse")
        || callee.starts_with("v.safeParse")
}

impl<'a, 'p> FactsBuilder<'a, 'p> {
    pub fn new(analyzer: &'a Analyzer<'p>) -> Self {
        Self {
            analyzer,
            fn_clients: RefCell::new(HashMap::new()),
        }
    }

    fn project(&self) -> &'p Project {
        self.analyzer.project
    }

    fn scope(&self, key: FnKey, client_params: bool, is_handler: bool) -> Option<Scope<'p>> {
        let view = self.analyzer.view(key)?;
        let mut session_names = HashSet::new();
        for c in view.calls() {
            if self.analyzer.meaning(key.0, c).session.is_some() {
                session_names.extend(derived_names(view.facts, view.bindings(), c));
            }
        }
        let param_names: HashSet<String> = self
            .project()
            .function(key.0, key.1)
            .map(crate::js::facts::FnFact::param_names)
            .unwrap_or_default();
        // Wrappers that check the caller hand the handler what they found:
        // `withSession(async ({ session, params }) => ...)`, `withWorkspace(async ({
        // workspace }) => ...)`. Route handlers' own parameters are never destructured
        // this way, and server actions' arguments come from the client.
        if is_handler
            && !client_params
            && let Some(f) = self.project().function(key.0, key.1)
        {
            for p in &f.params {
                for (prop, local) in &p.properties {
                    if WRAPPER_CONTEXT.contains(&prop.as_str()) {
                        session_names.insert(local.clone());
                    }
                }
            }
        }
        let mut validated_params = HashSet::new();
        if is_handler && let Some(f) = self.project().function(key.0, key.1) {
            for p in &f.params {
                for (prop, local) in &p.properties {
                    if matches!(prop.as_str(), "input" | "parsedInput" | "rawInput") {
                        validated_params.insert(local.clone());
                    }
                }
            }
        }
        let client_params = if client_params {
            param_names.clone()
        } else {
            HashSet::new()
        };
        Some(Scope {
            view,
            session_names,
            client_params,
            is_handler,
            param_names,
            validated_params,
        })
    }

    /// Object checks a route's middleware makes before the handler runs: a tRPC
    /// procedure's `.use(async ({ ctx, input, next }) => { const row = await
    /// db.x.findFirst({ where: { id: input.id, teamId: ctx.team.id } }); if (!row) throw
    /// ...; return next() })` ties `input.id` to the caller for every handler built on it.
    pub fn add_gate_checks(&self, gates: &[FnKey], facts: &mut HandlerFacts) {
        for key in gates {
            if let Some(scope) = self.scope(*key, false, true) {
                self.identity_checks(&scope, facts);
            }
        }
        facts.identity_checks.sort();
        facts.identity_checks.dedup();
    }

    /// `action`: the handler is a server action, whose arguments come from the client.
    pub fn build(&self, handler: Option<FnKey>, action: bool) -> HandlerFacts {
        let mut facts = HandlerFacts::default();
        let Some(h) = handler else { return facts };
        let mut seen = HashSet::new();
        self.scan(h, 0, action, false, &mut seen, &mut facts);
        facts.identity_checks.sort();
        facts.helpers.sort();
        facts.helpers.dedup();
        facts.data_ops.sort_by_key(|d| (d.at.file, d.at.span.start));
        facts
            .storage_ops
            .sort_by_key(|o| (o.at.file, o.at.span.start));
        facts.storage_ops.dedup_by_key(|o| o.at);
        facts.effects.sort_by_key(|e| (e.at.file, e.at.span.start));
        facts.inputs.sort_by_key(|i| (i.at.file, i.at.span.start));
        facts
            .service_role_uses
            .sort_by_key(|u| (u.at.file, u.at.span.start));
        facts.service_role_uses.dedup_by_key(|u| u.at);
        facts
            .env_reads
            .sort_by_key(|r| (r.at.file, r.at.span.start));
        facts.env_reads.dedup_by_key(|r| r.at);
        facts.sql_splices.sort_by(|a, b| {
            (a.at.file, a.at.span.start, &a.value).cmp(&(b.at.file, b.at.span.start, &b.value))
        });
        facts
            .sql_splices
            .dedup_by(|a, b| a.at == b.at && a.value == b.value);
        facts
            .request_fetches
            .sort_by_key(|f| (f.at.file, f.at.span.start));
        facts.request_fetches.dedup_by_key(|f| f.at);
        facts
    }

    fn scan(
        &self,
        key: FnKey,
        depth: u32,
        action: bool,
        in_loop: bool,
        seen: &mut HashSet<FnKey>,
        out: &mut HandlerFacts,
    ) {
        if depth > MAX_DEPTH || !seen.insert(key) {
            return;
        }
        let Some(scope) = self.scope(key, action && depth == 0, depth == 0) else {
            return;
        };
        let project = self.project();
        let file = key.0;
        let facts = scope.view.facts;
        // Helpers handed the whole request (`return handleRoute(req, res)`) check ids too;
        // deeper helpers get ids, not the request, so their checks say nothing about it.
        if depth <= 1 {
            self.identity_checks(&scope, out);
        }
        self.client_prices(&scope, out);
        self.sql_splices(&scope, out);
        self.request_fetches(&scope, out);
        for op in super::summary::range(&facts.data_ops, key.1, |d| d.span.start) {
            let d = self.data_op(&scope, op);
            if d.client == ClientKind::ServiceRole {
                let via = self.client_via(&scope, op);
                out.service_role_uses.push(ClientUse { at: d.at, via });
            }
            out.data_ops.push(d);
        }
        for op in super::summary::range(&facts.storage_ops, key.1, |o| o.op_span.start) {
            let (client, via) = self
                .supabase_client(file, Some(scope.view.span), &op.client, 0)
                .unwrap_or((ClientKind::Unknown, String::new()));
            if client == ClientKind::ServiceRole {
                out.service_role_uses.push(ClientUse {
                    at: Loc::new(file, op.op_span),
                    via,
                });
            }
            out.storage_ops.push(StorageOp {
                at: Loc::new(file, op.op_span),
                bucket: op.bucket.clone(),
                method: op.method.clone(),
                client,
                path: op.path.as_ref().map(|p| self.origin(&scope, p, 0)),
            });
        }
        for r in &facts.env_reads {
            // In this function, or at the top level of its module.
            if key.1.contains(r.span) || !facts.functions.iter().any(|f| f.span.contains(r.span)) {
                out.env_reads.push(EnvUse {
                    name: r.name.clone(),
                    at: Loc::new(file, r.span),
                });
            }
        }
        // Clients imported from project modules (`clickup.tasks.list()`): the env vars
        // those modules read when they are loaded.
        for c in scope.view.calls() {
            if let Some(src) = project.import_source(file, &c.callee)
                && let Some(module) = project.resolve_import(file, src)
                && module != file
                && let Some(mf) = project.facts(module)
            {
                for r in &mf.env_reads {
                    if !mf.functions.iter().any(|f| f.span.contains(r.span)) {
                        out.env_reads.push(EnvUse {
                            name: r.name.clone(),
                            at: Loc::new(module, r.span),
                        });
                    }
                }
            }
        }
        let imports: Vec<&str> = facts.imports.iter().map(|i| i.source.as_str()).collect();
        for c in scope.view.calls() {
            let mut src = project.import_source(file, &c.callee);
            let mut call_imports = std::borrow::Cow::Borrowed(&imports);
            // `billing.checkout.sessions.create()` where `lib/billing.ts` holds `billing =
            // new Stripe(...)`: the call is judged by the package the object comes from.
            if let Some((bf, pkg)) = project.built_by(file, &c.callee)
                && bf != file
                && let Some(bfacts) = project.facts(bf)
            {
                src = Some(pkg);
                call_imports = std::borrow::Cow::Owned(
                    bfacts.imports.iter().map(|i| i.source.as_str()).collect(),
                );
            }
            if let Some(kind) = known::effect_of(&c.callee, src, &call_imports) {
                out.effects.push(Effect {
                    kind,
                    at: Loc::new(file, c.span),
                    callee: c.callee.clone(),
                    // A loop in the handler itself, or a helper called from one, sends once
                    // per iteration. Loops inside shared helpers (a mail library's batch
                    // function) say nothing about this endpoint.
                    in_loop: (depth == 0 && c.in_loop) || in_loop,
                });
            }
        }
        if depth == 0 {
            for i in super::summary::range(&facts.inputs, key.1, |i| i.span.start) {
                out.inputs.push(RequestInput {
                    source: i.source,
                    field: i.field.clone(),
                    name: i
                        .field
                        .clone()
                        .unwrap_or_else(|| i.source.as_str().to_string()),
                    at: Loc::new(file, i.span),
                });
            }
            for b in scope.view.bindings() {
                if !matches!(b.init, Val::Input(..))
                    && let [n] = b.names.as_slice()
                    && let ValueOrigin::Request { source, field, .. } =
                        self.path_origin(&scope, &n.name, 0)
                {
                    out.inputs.push(RequestInput {
                        source,
                        field,
                        name: n.name.clone(),
                        at: Loc::new(file, b.span),
                    });
                }
                if let Val::Input(source, field) = &b.init {
                    for n in &b.names {
                        let field = field.clone().or_else(|| n.path.first().cloned());
                        out.inputs.push(RequestInput {
                            source: *source,
                            field,
                            name: n.name.clone(),
                            at: Loc::new(file, b.span),
                        });
                    }
                }
            }
        }
        // Follow project helpers.
        let mut callees = Vec::new();
        for c in scope.view.calls() {
            if let Some(Symbol::Function(f, s)) = project.resolve_callee(file, &c.callee)
                && !key.1.contains(s)
            {
                callees.push(((f, s), (depth == 0 && c.in_loop) || in_loop));
            }
        }
        for (k, looped) in callees {
            if let Some(name) = project.function(k.0, k.1).and_then(|f| f.name.clone()) {
                out.helpers.push(name);
            }
            self.scan(k, depth + 1, action, looped, seen, out);
        }
    }

    fn data_op(&self, scope: &Scope, op: &DataOpFact) -> DataOp {
        let client = match op.kind {
            DataApi::Prisma => ClientKind::Prisma,
            DataApi::Drizzle => ClientKind::Drizzle,
            DataApi::RawSql => ClientKind::RawSql,
            DataApi::Supabase => self
                .supabase_client(scope.view.file, Some(scope.view.span), &op.client, 0)
                .map(|c| c.0)
                .unwrap_or(ClientKind::Unknown),
        };
        let at = Loc::new(scope.view.file, op.op_span);
        let mut values = Vec::new();
        for (col, v) in &op.filters {
            values.push(DataValue {
                column: col.clone(),
                role: ValueRole::Filter,
                origin: self.origin(scope, v, 0),
                at,
                encrypted: false,
            });
        }
        let mut payload = None;
        if let Some(p) = &op.payload {
            let p = match p {
                Val::Array(items) => items.first().unwrap_or(p),
                other => other,
            };
            match p {
                Val::Object(props, spreads) => {
                    for (k, v) in props {
                        values.push(DataValue {
                            column: k.clone(),
                            role: ValueRole::Payload,
                            origin: self.origin(scope, v, 0),
                            at,
                            encrypted: encrypted(scope, v, 0),
                        });
                    }
                    // A spread makes the written columns open-ended: keep where it came
                    // from, the request's first.
                    let origins: Vec<ValueOrigin> =
                        spreads.iter().map(|s| self.origin(scope, s, 0)).collect();
                    payload = origins
                        .iter()
                        .find(|o| {
                            matches!(
                                o,
                                ValueOrigin::Request { .. } | ValueOrigin::Validated { .. }
                            )
                        })
                        .or(origins.first())
                        .cloned();
                }
                other => payload = Some(self.origin(scope, other, 0)),
            }
        }
        DataOp {
            at,
            table: op.table.clone(),
            op: op.op,
            client,
            values,
            payload,
            columns: op.columns.clone(),
            fallback: op.fallback,
            failure_ignored: op.failure_ignored,
            filter_hidden: op.filter_hidden,
        }
    }

    fn client_via(&self, scope: &Scope, op: &DataOpFact) -> String {
        self.supabase_client(scope.view.file, Some(scope.view.span), &op.client, 0)
            .map(|c| c.1)
            .unwrap_or_else(|| "a service-role client".into())
    }

    fn describe(&self, file: FileId, span: Span) -> String {
        let p = self.project();
        format!(
            "{}:{}",
            p.path(file),
            p.files[file.0 as usize].line_col(span.start).0
        )
    }

    /// The kind of Supabase client a value is, and how we know.
    pub fn supabase_client(
        &self,
        file: FileId,
        scope: Option<Span>,
        v: &Val,
        depth: u32,
    ) -> Option<(ClientKind, String)> {
        if depth > 6 {
            return None;
        }
        let project = self.project();
        let facts = project.facts(file)?;
        match v {
            Val::Call { callee, span } => match project.resolve_callee(file, callee) {
                Some(Symbol::Function(f, s)) => {
                    if let Some(hit) = self.fn_client((f, s), depth) {
                        let how = if hit.0 == ClientKind::ServiceRole {
                            format!("`{callee}()` ({}): {}", self.describe(f, s), hit.1)
                        } else {
                            hit.1.clone()
                        };
                        return Some((hit.0, how));
                    }
                    None
                }
                _ if known::is_supabase_factory(callee) => {
                    let call = facts.call_at(*span)?;
                    for a in &call.args {
                        if let Some(name) = self.service_key_in(file, scope, a, 0) {
                            return Some((
                                ClientKind::ServiceRole,
                                format!(
                                    "`{callee}()` at {} with `{name}`",
                                    self.describe(file, *span)
                                ),
                            ));
                        }
                    }
                    Some((
                        ClientKind::UserScoped,
                        format!("`{callee}()` at {}", self.describe(file, *span)),
                    ))
                }
                _ if known::named_like_admin_client(callee) => Some((
                    ClientKind::ServiceRole,
                    format!("`{callee}()` (named like a service-role client)"),
                )),
                _ => None,
            },
            Val::Path(p) => {
                let root = root_of(p);
                if p.contains('.') && root != p {
                    // `ctx.supabase`, `locals.supabase`: a client handed in by a framework.
                    return if known::named_like_admin_client(p) {
                        Some((
                            ClientKind::ServiceRole,
                            format!("`{p}` (named like a service-role client)"),
                        ))
                    } else {
                        None
                    };
                }
                if let Some(sc) = scope {
                    let local = super::summary::range(&facts.bindings, sc, |b| b.span.start)
                        .iter()
                        .rev()
                        .find(|b| b.names.iter().any(|n| n.name == root && n.path.is_empty()));
                    if let Some(b) = local {
                        return self.supabase_client(file, scope, &b.init, depth + 1);
                    }
                }
                match project.resolve_local(file, root, 0) {
                    Some(Symbol::Binding {
                        file: bf, index, ..
                    }) => {
                        let init = project.facts(bf)?.bindings.get(index)?.init.clone();
                        self.supabase_client(bf, None, &init, depth + 1)
                    }
                    _ if known::named_like_admin_client(root) => Some((
                        ClientKind::ServiceRole,
                        format!("`{root}` (named like a service-role client)"),
                    )),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn fn_client(&self, key: FnKey, depth: u32) -> Option<(ClientKind, String)> {
        if let Some(hit) = self.fn_clients.borrow().get(&key) {
            return hit.clone();
        }
        self.fn_clients.borrow_mut().insert(key, None);
        let facts = self.project().facts(key.0)?;
        let mut result = None;
        for r in super::summary::range(&facts.returns, key.1, |r| r.span.start) {
            if let Some(hit) = self.supabase_client(key.0, Some(key.1), &r.val, depth + 1) {
                let better = result
                    .as_ref()
                    .is_none_or(|(k, _): &(ClientKind, String)| *k != ClientKind::ServiceRole);
                if better {
                    result = Some(hit);
                }
            }
        }
        self.fn_clients.borrow_mut().insert(key, result.clone());
        result
    }

    /// The service-role env var a client-factory argument reads, if any.
    fn service_key_in(
        &self,
        file: FileId,
        scope: Option<Span>,
        v: &Val,
        depth: u32,
    ) -> Option<String> {
        if depth > 4 {
            return None;
        }
        match v {
            Val::Env(name) if known::is_service_role_env(name) => Some(name.clone()),
            Val::Str(s) if s.starts_with("sb_secret_") => Some("sb_secret_… key".into()),
            Val::Path(p) => {
                let lower = p.to_ascii_lowercase();
                let named = lower.contains("servicerole")
                    || lower.contains("service_role")
                    || lower.contains("servicekey");
                let deeper = self.binding_service_key(file, scope, p, depth);
                match deeper {
                    Some(env) => Some(env),
                    None if named => Some(p.clone()),
                    None => None,
                }
            }
            // `Deno.env.get("SUPABASE_SERVICE_ROLE_KEY")`, `env("...")`, `getEnv(c, "...")`:
            // a read of the variable by name.
            Val::Call { callee, span } => {
                let reader = callee.ends_with("env.get")
                    || matches!(callee.as_str(), "env" | "getEnv" | "requireEnv" | "readEnv");
                if !reader {
                    return None;
                }
                let call = self.project().facts(file)?.call_at(*span)?;
                call.args
                    .iter()
                    .filter_map(|a| a.as_str())
                    .find(|n| known::is_service_role_env(n))
                    .map(str::to_string)
            }
            Val::Object(..) | Val::Other(_) => None,
            _ => None,
        }
    }

    /// Follows a local or top-level binding to the env var it reads.
    fn binding_service_key(
        &self,
        file: FileId,
        scope: Option<Span>,
        p: &str,
        depth: u32,
    ) -> Option<String> {
        {
            {
                let facts = self.project().facts(file)?;
                let root = root_of(p);
                let binding = scope
                    .and_then(|sc| {
                        super::summary::range(&facts.bindings, sc, |b| b.span.start)
                            .iter()
                            .rev()
                            .find(|b| b.names.iter().any(|n| n.name == root))
                    })
                    .or_else(|| facts.top_binding(root).map(|(b, _)| b))?;
                self.service_key_in(file, scope, &binding.init.clone(), depth + 1)
            }
        }
    }

    /// Where a value used by a handler came from.
    fn origin(&self, scope: &Scope, v: &Val, depth: u32) -> ValueOrigin {
        if depth > 6 {
            return ValueOrigin::Unknown;
        }
        match v {
            Val::Input(source, field) => ValueOrigin::Request {
                source: *source,
                field: field.clone(),
                name: field.clone().unwrap_or_else(|| source.as_str().to_string()),
            },
            Val::Str(_) | Val::Num(_) | Val::Bool(_) | Val::Null | Val::Env(_) => {
                ValueOrigin::Literal
            }
            Val::Template(_, vals) if vals.is_empty() => ValueOrigin::Literal,
            Val::Path(p) => self.path_origin(scope, p, depth),
            Val::Call { callee, span } => {
                let root = root_of(callee);
                if scope.session_names.contains(root) {
                    return ValueOrigin::Session;
                }
                // Conversions keep the origin: String(x), Number(x), x.trim().
                if matches!(
                    callee.as_str(),
                    "String"
                        | "Number"
                        | "parseInt"
                        | "parseFloat"
                        | "BigInt"
                        | "decodeURIComponent"
                        | "Boolean"
                ) {
                    return match scope
                        .view
                        .facts
                        .call_at(*span)
                        .and_then(|c| c.args.first().cloned())
                    {
                        Some(arg) => self.origin(scope, &arg, depth + 1),
                        None => ValueOrigin::Unknown,
                    };
                }
                if let Some((recv, m)) = callee.rsplit_once('.')
                    && matches!(
                        m,
                        "trim" | "toString" | "toLowerCase" | "toUpperCase" | "valueOf"
                    )
                {
                    return self.path_origin(scope, recv, depth + 1);
                }
                // `resolveTenant(db, user.id)`: a helper that returns what it read from a
                // row found by that argument hands back the caller's own data.
                if let Some(i) = self.returns_row_found_by(scope.view.file, callee)
                    && let Some(arg) = scope
                        .view
                        .facts
                        .call_at(*span)
                        .and_then(|c| c.args.get(i).cloned())
                    && self.origin(scope, &arg, depth + 1) == ValueOrigin::Session
                {
                    return ValueOrigin::Session;
                }
                // formData.get('userId') on a form read earlier.
                if callee.ends_with(".get")
                    && let ValueOrigin::Request { source, .. } =
                        self.path_origin(scope, root, depth + 1)
                {
                    let field = scope
                        .view
                        .facts
                        .call_at(*span)
                        .and_then(|c| c.args.first())
                        .and_then(|a| a.as_str())
                        .map(str::to_string);
                    return ValueOrigin::Request {
                        source,
                        name: field.clone().unwrap_or_else(|| root.to_string()),
                        field,
                    };
                }
                ValueOrigin::Unknown
            }
            _ => ValueOrigin::Unknown,
        }
    }

    /// The parameter by which a project function finds the row it returns from: every
    /// value it returns (but `null` and literals) is read from the result of a select
    /// filtered by that parameter.
    fn returns_row_found_by(&self, file: FileId, callee: &str) -> Option<usize> {
        let Some(Symbol::Function(f, span)) = self.project().resolve_callee(file, callee) else {
            return None;
        };
        let func = self.project().function(f, span)?;
        let facts = self.project().facts(f)?;
        let params: Vec<&str> = func
            .params
            .iter()
            .map(|p| p.names.first().map_or("", String::as_str))
            .collect();
        let bindings = super::summary::range(&facts.bindings, span, |b| b.span.start);
        let ops = super::summary::range(&facts.data_ops, span, |d| d.span.start);
        // The parameter a select filters on, for each name that holds its result;
        // `Some(None)` for a fixed row (every filter a literal: a fallback like the demo
        // tenant), which no caller chooses either.
        let found_by = |name: &str| -> Option<Option<usize>> {
            let b = bindings
                .iter()
                .rev()
                .find(|b| b.names.iter().any(|n| n.name == name))?;
            let selects: Vec<_> = ops
                .iter()
                .filter(|d| d.op == shipgate_model::DbOp::Select && b.span.contains(d.span))
                .collect();
            if let Some(i) = selects.iter().find_map(|d| {
                d.filters.iter().find_map(|(_, v)| match v {
                    Val::Path(p) => params.iter().position(|q| !q.is_empty() && q == p),
                    _ => None,
                })
            }) {
                return Some(Some(i));
            }
            let fixed = !selects.is_empty()
                && selects.iter().all(|d| {
                    !d.filters.is_empty()
                        && d.filters
                            .iter()
                            .all(|(_, v)| matches!(v, Val::Str(_) | Val::Num(_) | Val::Bool(_)))
                });
            fixed.then_some(None)
        };
        let mut by = None;
        let mut any = false;
        for r in super::summary::range(&facts.returns, span, |r| r.span.start) {
            let root = match &r.val {
                Val::Null | Val::Str(_) | Val::Num(_) | Val::Bool(_) => continue,
                Val::Path(p) => root_of(p).to_string(),
                _ => return None,
            };
            let Some(i) = found_by(&root)? else { continue };
            if by.is_some_and(|b| b != i) {
                return None;
            }
            by = Some(i);
            any = true;
        }
        any.then_some(by).flatten()
    }

    fn path_origin(&self, scope: &Scope, p: &str, depth: u32) -> ValueOrigin {
        let root = root_of(p);
        let rest: Vec<&str> = p.split('.').skip(1).collect();
        if depth > 8 {
            return ValueOrigin::Unknown;
        }
        if scope.session_names.contains(root) || known::is_request_auth_name(p) {
            return ValueOrigin::Session;
        }
        // tRPC `({ input })`, next-safe-action `({ parsedInput })`: schema-checked client input.
        if scope.is_handler
            && (matches!(root, "input" | "parsedInput" | "rawInput")
                && scope.param_names.contains(root)
                || scope.validated_params.contains(root))
        {
            return ValueOrigin::Validated {
                source: InputSource::Body,
                field: (!rest.is_empty())
                    .then(|| rest[rest.len() - 1].to_string())
                    .filter(|f| !f.contains('(')),
            };
        }
        if scope.client_params.contains(root) {
            let source = if root.to_ascii_lowercase().contains("form") {
                InputSource::Form
            } else {
                InputSource::Body
            };
            let field = rest
                .first()
                .filter(|f| !f.contains('('))
                .map(|s| s.to_string());
            return ValueOrigin::Request {
                source,
                name: root.to_string(),
                field,
            };
        }
        if matches!(root, "params" | "searchParams") && scope.is_handler {
            let field = rest.first().map(|s| s.to_string());
            let source = if root == "params" {
                InputSource::Params
            } else {
                InputSource::Query
            };
            return ValueOrigin::Request {
                source,
                name: field.clone().unwrap_or_else(|| root.into()),
                field,
            };
        }
        let binding = scope
            .view
            .bindings()
            .iter()
            .rev()
            .find_map(|b| b.names.iter().find(|n| n.name == root).map(|n| (b, n)));
        let Some((b, bound)) = binding else {
            return ValueOrigin::Unknown;
        };
        match &b.init {
            Val::Input(source, field) => {
                let field = field
                    .clone()
                    .or_else(|| bound.path.first().cloned())
                    .or_else(|| rest.first().map(|s| s.to_string()));
                ValueOrigin::Request {
                    source: *source,
                    field,
                    name: root.to_string(),
                }
            }
            Val::Path(q) => {
                let mut full = q.clone();
                for seg in &bound.path {
                    full.push('.');
                    full.push_str(seg);
                }
                for seg in &rest {
                    full.push('.');
                    full.push_str(seg);
                }
                if root_of(q) == root {
                    return ValueOrigin::Unknown;
                }
                self.path_origin(scope, &full, depth + 1)
            }
            Val::Call { callee, span } => {
                // `const jar = await cookies(); jar.get("cart")?.value`.
                if let Some(source) = known::request_store(
                    callee,
                    scope
                        .view
                        .facts
                        .import_of(callee)
                        .map(|i| i.source.as_str()),
                ) {
                    // Which cookie is not kept in the path (`jar.get().value`).
                    return ValueOrigin::Request {
                        source,
                        name: root.to_string(),
                        field: None,
                    };
                }
                // `const { data: membership } = await db.from("members").select("tenant_id")
                // .eq("user_id", user.id).single()`: a row found by the caller's own id
                // describes the caller, and so does what is read from it.
                if super::summary::range(&scope.view.facts.data_ops, b.span, |d| d.span.start)
                    .iter()
                    .any(|d| {
                        d.op == shipgate_model::DbOp::Select
                            && b.span.contains(d.span)
                            && d.filters.iter().any(|(_, v)| {
                                self.origin(scope, v, depth + 1) == ValueOrigin::Session
                            })
                    })
                {
                    return ValueOrigin::Session;
                }
                if is_validation_call(callee) {
                    let arg = scope
                        .view
                        .facts
                        .call_at(*span)
                        .and_then(|c| c.args.first().cloned());
                    let source = match arg.map(|a| self.origin(scope, &a, depth + 1)) {
                        Some(
                            ValueOrigin::Request { source, .. }
                            | ValueOrigin::Validated { source, .. },
                        ) => source,
                        _ if callee == "c.req.valid" => InputSource::Body,
                        _ => return ValueOrigin::Unknown,
                    };
                    return ValueOrigin::Validated {
                        source,
                        field: None,
                    };
                }
                self.origin(scope, &b.init, depth + 1)
            }
            _ => ValueOrigin::Unknown,
        }
    }

    /// Request values that a rejecting branch compares with the session
    /// (`if (body.userId !== user.id) return 403`).
    fn identity_checks(&self, scope: &Scope, out: &mut HandlerFacts) {
        for e in scope.view.exits() {
            let mut request = Vec::new();
            let mut session = false;
            for r in &e.test.refs {
                match self.path_origin(scope, r, 0) {
                    ValueOrigin::Request { name, field, .. } => request.push(field.unwrap_or(name)),
                    ValueOrigin::Session => session = true,
                    _ => {}
                }
            }
            if session {
                for r in request {
                    if !out.identity_checks.contains(&r) {
                        out.identity_checks.push(r);
                    }
                }
            }
        }
        let lookups = self.membership_checks(scope, out);
        self.authorising_calls(scope, &lookups, out);
    }

    /// `await assertCanEdit(user, recordId)`, `const access = await getAccess({ projectId:
    /// doc.projectId, userId: session.user.id }); if (!access) throw ...`: a call handed
    /// both the caller's identity and a request's id (or a record looked up by it), that
    /// rejects on what it was given or whose result a rejecting branch tests, decides
    /// whether that id is the caller's.
    fn authorising_calls(&self, scope: &Scope, lookups: &[Lookup], out: &mut HandlerFacts) {
        let file = scope.view.file;
        let ops = range(&scope.view.facts.data_ops, scope.view.span, |d| {
            d.span.start
        });
        for c in scope.view.calls() {
            // Database calls are judged by their filters (`membership_checks`): a write
            // that records the caller next to an id checks nothing.
            if ops
                .iter()
                .any(|d| d.span.start < c.span.end && c.span.start < d.span.end)
            {
                continue;
            }
            let mut refs = Vec::new();
            c.args.iter().for_each(|a| a.refs(&mut refs));
            let mut session = false;
            let mut ids = Vec::new();
            for r in &refs {
                match self.path_origin(scope, r, 0) {
                    ValueOrigin::Session => session = true,
                    ValueOrigin::Request { name, field, .. } => ids.push(field.unwrap_or(name)),
                    ValueOrigin::Validated { .. } => {
                        ids.push(r.rsplit('.').next().unwrap_or(r).to_string())
                    }
                    _ => {
                        for (held, keyed_by) in lookups {
                            if held.contains(root_of(r)) {
                                ids.extend(keyed_by.iter().cloned());
                            }
                        }
                    }
                }
            }
            if ids.is_empty() {
                continue;
            }
            // A helper that checks the session itself knows the caller already.
            let meaning = self.analyzer.meaning(file, c);
            let summary = meaning.project.map(|k| self.analyzer.summary(k));
            session |= summary.as_ref().is_some_and(|s| s.session_guard.is_some());
            if !session {
                continue;
            }
            let rejects_itself = summary.is_some_and(|s| s.rejects_on_input);
            let result_tested = || {
                let held: HashSet<&str> = scope
                    .view
                    .bindings()
                    .iter()
                    .filter(|b| matches!(&b.init, Val::Call { span, .. } if *span == c.span))
                    .flat_map(|b| b.names.iter().map(|n| n.name.as_str()))
                    .collect();
                !held.is_empty()
                    && scope.view.exits().iter().any(|e| {
                        e.span.start > c.span.end
                            && e.kind.fails_request()
                            && e.test.refs.iter().any(|r| held.contains(root_of(r)))
                    })
            };
            if rejects_itself || result_tested() {
                for id in ids {
                    if !out.identity_checks.contains(&id) {
                        out.identity_checks.push(id);
                    }
                }
            }
        }
    }

    /// Whether a call's callback compares with the caller: `users.some((u) => u.userId ===
    /// session.user.id)`.
    fn callback_mentions(
        &self,
        scope: &Scope,
        init: &Val,
        is_session: &dyn Fn(&str) -> bool,
    ) -> bool {
        let Val::Call { span, .. } = init else {
            return false;
        };
        let facts = scope.view.facts;
        let Some(call) = facts.call_at(*span) else {
            return false;
        };
        call.args.iter().any(|a| match a {
            Val::Func(fspan) => range(&facts.returns, *fspan, |r| r.span.start)
                .iter()
                .any(|r| {
                    let mut refs = Vec::new();
                    r.val.refs(&mut refs);
                    refs.iter().any(|x| is_session(x))
                }),
            _ => false,
        })
    }

    /// `const team = await prisma.team.findFirst({ where: { id: teamId, members: { some: {
    /// userId: session.user.id } } } }); if (!team) return 401;`: a lookup that ties the
    /// request's id to the caller and rejects when it finds nothing checks that id.
    fn membership_checks(&self, scope: &Scope, out: &mut HandlerFacts) -> Vec<Lookup> {
        let facts = scope.view.facts;
        let ops = range(&facts.data_ops, scope.view.span, |d| d.span.start);
        let is_session = |r: &str| self.path_origin(scope, r, 0) == ValueOrigin::Session;
        // Earlier lookups keyed by request ids: (names holding the row, those ids).
        let mut lookups: Vec<Lookup> = Vec::new();
        for op in ops.iter().filter(|d| d.op == shipgate_model::DbOp::Select) {
            let mut request = Vec::new();
            let mut session = false;
            // `projectUsers.findUnique({ where: { userId: session.user.id, projectId:
            // invoice.workspace.id } })`: a caller check on a row loaded earlier by id.
            let mut derived: Vec<usize> = Vec::new();
            for (_, v) in &op.filters {
                let mut refs = Vec::new();
                v.refs(&mut refs);
                // `email: invitation.email.trim()`: the call is on the earlier row.
                if let Val::Call { callee, .. } = v {
                    refs.push(callee.clone());
                }
                for (j, (held, _)) in lookups.iter().enumerate() {
                    if refs.iter().any(|r| held.contains(root_of(r))) && !derived.contains(&j) {
                        derived.push(j);
                    }
                }
            }
            for (column, v) in &op.filters {
                match self.origin(scope, v, 0) {
                    // An id already checked against the caller ties this lookup to them
                    // too: `findUnique({ where: { id: workflowId, teamId } })` after the
                    // team membership check.
                    ValueOrigin::Request { name, field, .. }
                        if out.identity_checks.contains(&name)
                            || field
                                .as_ref()
                                .is_some_and(|f| out.identity_checks.contains(f)) =>
                    {
                        session = true;
                    }
                    ValueOrigin::Request { name, field, .. } => {
                        request.push(field.unwrap_or(name));
                        request.push(column.clone());
                    }
                    ValueOrigin::Validated { .. } => {
                        request.push(column.clone());
                        // `const { teamId } = schema.parse(req.query)`: later uses name the
                        // variable, not this lookup's column.
                        if let Val::Path(p) = v {
                            request.push(p.rsplit('.').next().unwrap_or(p).to_string());
                        }
                    }
                    ValueOrigin::Session => session = true,
                    _ => {}
                }
            }
            if request.is_empty() && (derived.is_empty() || !session) {
                continue;
            }
            // Relations loaded filtered to the caller: `include: { users: { where: { userId:
            // session.user.id } } }` makes `team.users` the caller's membership rows.
            let session_rels: Vec<&str> = op
                .related_filters
                .iter()
                .filter(|(_, fs)| {
                    fs.iter()
                        .any(|(_, v)| self.origin(scope, v, 0) == ValueOrigin::Session)
                })
                .map(|(rel, _)| rel.as_str())
                .collect();
            // The names that hold the lookup's result, also through a chain on it
            // (`findFirst(...).catch(...)`).
            let mut held: HashSet<String> = scope
                .view
                .bindings()
                .iter()
                .flat_map(|b| {
                    if matches!(&b.init, Val::Call { span, .. }
                        if span.start == op.span.start && span.end >= op.span.end)
                    {
                        return b.names.iter().map(|n| n.name.clone()).collect::<Vec<_>>();
                    }
                    // `const [a, b] = await Promise.all([find(a), find(b)])`: the name at
                    // the lookup's position.
                    if let Val::Call { callee, span } = &b.init
                        && callee == "Promise.all"
                        && let Some(call) = facts.call_at(*span)
                        && let Some(Val::Array(items)) = call.args.first()
                        && let Some(i) = items
                            .iter()
                            .position(|v| matches!(v, Val::Call { span, .. } if *span == op.span))
                    {
                        let idx = i.to_string();
                        return b
                            .names
                            .iter()
                            .filter(|n| n.path.first() == Some(&idx))
                            .map(|n| n.name.clone())
                            .collect();
                    }
                    Vec::new()
                })
                .collect();
            // Names computed from the row and the caller afterwards: `const isMember =
            // team.users.some((u) => u.userId === session.user.id)`.
            let mut tied: HashSet<String> = HashSet::new();
            if session {
                tied.extend(held.iter().cloned());
            }
            for b in scope.view.bindings() {
                if b.span.start <= op.span.start {
                    continue;
                }
                let mut refs = Vec::new();
                b.init.refs(&mut refs);
                if let Val::Call { callee, .. } = &b.init {
                    refs.push(callee.clone());
                }
                if !refs.iter().any(|r| held.contains(root_of(r))) {
                    continue;
                }
                let with_session = refs.iter().any(|r| is_session(r))
                    || tied.iter().any(|t| refs.iter().any(|r| root_of(r) == t))
                    || self.callback_mentions(scope, &b.init, &is_session);
                for n in &b.names {
                    held.insert(n.name.clone());
                    if with_session {
                        tied.insert(n.name.clone());
                    }
                }
            }
            // A rejecting branch that tests a name tied to the caller, or the row next to the
            // caller (`if (team.ownerId !== session.user.id)`).
            let membership_rows = |r: &str| {
                let mut segs = r.split('.');
                segs.next().is_some_and(|root| held.contains(root))
                    && segs.next().is_some_and(|rel| session_rels.contains(&rel))
            };
            let checked = scope.view.exits().iter().any(|e| {
                let refs = &e.test.refs;
                e.span.start > op.span.start
                    && (refs
                        .iter()
                        .any(|r| tied.contains(root_of(r)) || membership_rows(r))
                        || refs.iter().any(|r| held.contains(root_of(r)))
                            && refs.iter().any(|r| is_session(r)))
            });
            if checked {
                let mut ids = request.clone();
                for j in &derived {
                    ids.extend(lookups[*j].1.iter().cloned());
                }
                for r in ids {
                    if !out.identity_checks.contains(&r) {
                        out.identity_checks.push(r);
                    }
                }
            }
            if !request.is_empty() {
                lookups.push((held, request));
            }
        }
        lookups
    }
}
