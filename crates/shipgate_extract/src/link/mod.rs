//! Link phase: turns per-file facts into the app model. Resolves imports, summarises
//! functions, finds routes for each framework and decides who guards each one.

pub mod admin;
pub mod edge;
pub mod env;
pub mod env_schema;
pub mod error_leaks;
pub mod express;
pub mod handler;
pub mod headers;
pub mod html;
pub mod known;
pub mod matcher;
pub mod middleware;
pub mod next;
pub mod oauth;
pub mod outbound;
pub mod project;
pub mod rate_limit;
pub mod routes;
pub mod schema;
pub mod summary;
pub mod suppress;
pub mod tenant_guards;
pub mod trpc;
pub mod ui;

use middleware::{Evaluator, MwVerdict};
use project::Project;
use routes::{Candidate, Classifier};
use shipgate_model::{AppModel, Framework, Loc, Route, Span, Stats, Suppression};
use summary::Analyzer;

pub fn link(
    project: Project,
    root: &str,
    files_walked: usize,
    skipped: Vec<shipgate_model::SkippedFile>,
) -> AppModel {
    let timings = std::env::var_os("SHIPGATE_TIMINGS").is_some();
    let mut clock = std::time::Instant::now();
    let mut lap = |what: &str| {
        if timings {
            eprintln!("  link {what}: {:?}", clock.elapsed());
        }
        clock = std::time::Instant::now();
    };
    let analyzer = Analyzer::new(&project);
    let roots = next::roots(&project);
    let mws = middleware::find(&project, &roots);
    let evaluator = Evaluator::new(&analyzer);
    lap("middleware");
    let next_out = next::collect(&project, &roots);
    lap("next routes");
    let mut candidates: Vec<Candidate> = next_out.routes;
    candidates.extend(next::server_actions(&project, &roots));
    lap("server actions");
    candidates.extend(express::collect(&project));
    lap("express/hono");
    candidates.extend(trpc::collect(&project));
    lap("trpc");
    candidates.extend(edge::collect(&project));

    let ui_refs = ui_references(&project);
    lap("ui references");
    let classifier = Classifier {
        analyzer: &analyzer,
        evaluator: &evaluator,
        middleware: &mws,
    };
    let facts_builder = handler::FactsBuilder::new(&analyzer);
    let mut routes = Vec::with_capacity(candidates.len());
    let mut mw_route_counts = vec![0usize; mws.len()];
    for c in &candidates {
        let d = classifier.decide(c);
        if let Some(i) = d.middleware_index {
            mw_route_counts[i] += 1;
        }
        // A route that rejects every request in production is not reachable there.
        let dev_only = c
            .handler
            .and_then(|h| analyzer.summary(h).disabled_in_production)
            .map(|at| {
                let line = project.files[at.file.0 as usize].line_col(at.span.start).0;
                format!(
                    "development only: rejects every request in production at {}:{line}",
                    project.path(at.file)
                )
            });
        let intended_public = dev_only
            .or_else(|| routes::intended_public(&project, &c.method, &c.path, d.guard))
            .or_else(|| {
                let flow = c
                    .handler
                    .and_then(|h| analyzer.summary(h).auth_flow.clone())?;
                // Signing in or out is open to anyone, whatever guards the rest.
                Some(format!("sign-in/sign-up flow (`{flow}()`)"))
            })
            .or_else(|| {
                let signed_out = gate_fns(&c.gates)
                    .chain(c.handler)
                    .any(|k| analyzer.summary(k).anonymous_only);
                (signed_out && d.guard == shipgate_model::Guard::Public).then(|| {
                    "signed-out flow (rejects callers who already have a session)".to_string()
                })
            });
        // A session check that rests only on an unverified cookie read.
        let unverified_session = (d.guard == shipgate_model::Guard::InRoute)
            .then(|| {
                let mut reads = Vec::new();
                for k in gate_fns(&c.gates).chain(c.handler) {
                    reads.extend(analyzer.summary(k).session_reads.iter().cloned());
                }
                summary::unverified_session(&reads)
            })
            .flatten();
        routes.push(Route {
            method: c.method.clone(),
            path: c.path.clone(),
            framework: c.framework,
            at: Loc::new(c.file, c.at),
            guard: d.guard,
            evidence: d.evidence,
            guard_at: d.guard_at,
            confidence: d.confidence,
            unresolved: d.unresolved,
            intended_public,
            auth_idiom: d.idiom,
            role_check: d.role,
            unenforced_session: d.unenforced,
            unverified_session,
            middleware_matches: d.middleware_matches,
            middleware_exempt: d.middleware_exempt,
            fails_open: if d.guard == shipgate_model::Guard::Verified {
                d.fails_open.clone()
            } else {
                None
            },
            ui_referenced: (c.framework == Framework::ServerAction).then(|| {
                let name = c.path.rsplit('#').next().unwrap_or_default();
                name.starts_with("inline@")
                    || project
                        .facts(c.file)
                        .is_some_and(|f| !f.has_directive("use server"))
                    || ui_refs.contains(&(c.file, name.to_string()))
                    || ui_refs.contains(&(c.file, "*".to_string()))
            }),
            rate_limited: false,
            errors: c.handler.and_then(|h| {
                let wrapped = c.gates.iter().any(|g| match g {
                    routes::Gate::Fn { name, .. } => catches_by_name(name),
                    _ => false,
                });
                error_handling(&project, h, wrapped)
            }),
            // Server action arguments come from the client, unless a wrapper supplies them.
            facts: {
                let mut facts = facts_builder.build(c.handler, c.action && c.gates.is_empty());
                let gates: Vec<_> = gate_fns(&c.gates).collect();
                facts_builder.add_gate_checks(&gates, &mut facts);
                facts
            },
        });
        // One Pages Router handler serves every method; a route split out by method keeps
        // only what its own branch (or code shared by all methods) does.
        if let Some(r) = routes.last_mut()
            && c.framework == Framework::NextPages
            && r.method != "ANY"
            && let Some(h) = c.handler
            && let Some(hf) = project.facts(h.0)
        {
            let others: Vec<Span> = hf
                .method_branches
                .iter()
                .filter(|(m, span)| *m != r.method && h.1.contains(*span))
                .map(|(_, span)| *span)
                .collect();
            if !others.is_empty() {
                let elsewhere =
                    |at: Loc| at.file == h.0 && others.iter().any(|s| s.contains(at.span));
                r.facts.data_ops.retain(|d| !elsewhere(d.at));
                r.facts.effects.retain(|e| !elsewhere(e.at));
                r.facts.service_role_uses.retain(|u| !elsewhere(u.at));
                r.facts.storage_ops.retain(|s| !elsewhere(s.at));
                r.facts.inputs.retain(|i| !elsewhere(i.at));
            }
        }
        if let Some(r) = routes.last_mut() {
            for g in &c.gates {
                if let routes::Gate::Fn { key, name, .. } = g {
                    r.facts.helpers.push(name.clone());
                    if let Some(declared) =
                        project.function(key.0, key.1).and_then(|f| f.name.clone())
                    {
                        r.facts.helpers.push(declared);
                    }
                }
            }
            r.facts.helpers.sort();
            r.facts.helpers.dedup();
        }
        if let Some(r) = routes.last_mut()
            && r.guard == shipgate_model::Guard::Public
            && r.intended_public.is_none()
            && token_gated(&r.facts)
        {
            r.intended_public = Some("bearer-token link: a secret token from the request selects the only rows it touches".into());
        }
    }
    lap("guards and handler facts");
    routes.sort_by(|a, b| (&a.path, &a.method, a.at).cmp(&(&b.path, &b.method, b.at)));
    routes.dedup_by(|a, b| a.path == b.path && a.method == b.method && a.at == b.at);

    let mut pages = next_out.pages;
    for p in &mut pages {
        let root = project.path(p.file);
        let sample = matcher::sample_path(&p.path);
        p.middleware_guarded = mws
            .iter()
            .filter(|m| m.next_root.is_empty() || root.starts_with(&format!("{}/", m.next_root)))
            .any(|m| {
                matches!(
                    evaluator.verdict(m, &sample, "GET"),
                    MwVerdict::Guarded { .. }
                )
            });
        let (role, data) = admin::page_access(&project, &analyzer, &facts_builder, p);
        p.role_check = role;
        p.data_ops = data;
    }
    pages.sort_by(|a, b| (&a.path, a.file).cmp(&(&b.path, b.file)));
    lap("pages");

    let middleware = mws
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let guarded_routes = mw_route_counts[i];
            let guarded_pages = pages
                .iter()
                .filter(|p| {
                    p.middleware_guarded
                        && (m.next_root.is_empty()
                            || project
                                .path(p.file)
                                .starts_with(&format!("{}/", m.next_root)))
                })
                .count();
            let enforces = guarded_routes + guarded_pages > 0;
            let mut evidence = format!(
                "{}; guards {guarded_routes} API route(s) and {guarded_pages} page(s)",
                m.describe_kind()
            );
            if let Some(e) = &m.matcher_error {
                evidence.push_str(&format!("; matcher could not be read: {e}"));
            }
            shipgate_model::Middleware {
                at: Loc::new(m.file, m.at),
                kind: m.describe_kind(),
                matchers: m.matchers.clone(),
                enforces,
                evidence,
                role_check: admin::middleware_role(&project, m),
                unverified_session: match &m.kind {
                    middleware::MwKind::Program { body, gate } if enforces => {
                        let mut reads = analyzer.summary(*body).session_reads.clone();
                        if let Some(g) = gate {
                            reads.extend(analyzer.summary(*g).session_reads.iter().cloned());
                        }
                        summary::unverified_session(&reads)
                    }
                    _ => None,
                },
            }
        })
        .collect();

    let ui = ui::collect(
        &project,
        &roots,
        &routes,
        &pages,
        &next_out.handler_files,
        &mws,
    );
    lap("ui");
    let outbound_calls = outbound::collect(&project);
    let html_writes = html::collect(&project);
    lap("outbound calls");
    let mut suppressions = Vec::new();
    for (file, facts) in project.js_files() {
        for s in &facts.suppressions {
            suppressions.push(Suppression {
                file,
                line: s.line,
                through: s.line + 1,
                rule: s.rule.clone(),
                reason: s.reason.clone(),
            });
        }
    }
    suppressions.extend(suppress::in_other_files(&project));
    suppressions.sort();

    let stack = detect_stack(&project, &routes);
    let package_json = project.by_path.get("package.json").copied();
    let lines_parsed = project
        .js_files()
        .map(|(id, _)| project.files[id.0 as usize].line_count() as usize)
        .sum();
    let files_parsed = project.js_files().count();
    let config = project.config.clone();
    lap("routes sorted");
    let schema = schema::build(&project);
    let supabase_configs = supabase_configs(&project);
    let mw_files: Vec<_> = mws.iter().map(|m| m.file).collect();
    let route_files: Vec<_> = routes.iter().map(|r| r.at.file).collect();
    let tenant_guards = tenant_guards::collect(&project, &mw_files, &route_files);
    lap("schema and tenant guards");
    let mut secret_compares = Vec::new();
    let mut stripe_creates = Vec::new();
    let mut secret_fallbacks = Vec::new();
    let mut credential_logins = Vec::new();
    let mut mock_fallbacks: Vec<shipgate_model::MockFallback> = Vec::new();
    let mut stripe_events = Vec::new();
    for (file, facts) in project.js_files() {
        if project::is_test_path(project.path(file)) {
            continue;
        }
        for (name, span) in &facts.stripe_events {
            stripe_events.push((name.clone(), Loc::new(file, *span)));
        }
        if !is_offline_module(project.path(file)) {
            for m in &facts.mock_fallbacks {
                if mock_fallbacks
                    .last()
                    .is_some_and(|l| l.at == Loc::new(file, m.span))
                {
                    continue;
                }
                mock_fallbacks.push(shipgate_model::MockFallback {
                    at: Loc::new(file, m.span),
                    condition: Loc::new(file, m.test),
                    env: m.env.clone(),
                    flag: m.flag,
                });
            }
        }
        for c in &facts.credentials {
            credential_logins.push(credential_login(file, c));
        }
        // Seed and maintenance scripts run by hand, not in the deployed app.
        let offline = is_offline_module(project.path(file));
        for f in facts.secret_fallbacks.iter().filter(|_| !offline) {
            secret_fallbacks.push(shipgate_model::SecretFallback {
                at: Loc::new(file, f.span),
                env: f.env.clone(),
                value: f.value.clone(),
            });
        }
        for c in &facts.calls {
            if let Some(create) = known::stripe_create(&c.callee, &c.args) {
                stripe_creates.push(shipgate_model::StripeCreate {
                    at: Loc::new(file, c.span),
                    call: c.callee.clone(),
                    idempotency_key: create,
                    trial: c.args.first().is_some_and(|a| starts_trial(a, 0)),
                });
            }
        }
        // Browser code (client components, React hooks, lint rules) compares no secrets
        // an attacker can time.
        let client_side = is_client_code(project.path(file), facts);
        for c in facts.secret_compares.iter().filter(|_| !client_side) {
            secret_compares.push(shipgate_model::SecretCompare {
                at: Loc::new(file, c.span),
                text: c.text.clone(),
                what: c.what.clone(),
            });
        }
    }
    lap("stripe and secret compares");
    let secrets = secret_leaks(&project);
    let oauth_callbacks = oauth::collect(&project, &routes);
    lap("oauth");
    let limits = rate_limit::Limits::new(&project, &mw_files);
    for r in &mut routes {
        r.rate_limited = limits.covers(r);
    }
    let has_rate_limiter = limits.any;
    lap("rate limits");
    let env_files = env::collect(&project);
    let env_reads = env::reads(&project);
    lap("env reads");
    let env_schemas = env_schema::collect(&project);
    lap("env schemas");
    let error_leaks = error_leaks::collect(&project);
    lap("error leaks");
    let next_route_files: Vec<_> = routes
        .iter()
        .filter(|r| matches!(r.framework, Framework::NextApp | Framework::NextPages))
        .map(|r| r.at.file)
        .collect();
    let headers::Headers { headers, cors } =
        headers::collect(&project, &mw_files, &next_route_files);
    lap("headers");
    drop(facts_builder);
    drop(evaluator);
    drop(analyzer);
    let mut skipped = skipped;
    skipped.sort();
    AppModel {
        commit: None,
        root: root.to_string(),
        all_paths: project.all_paths.iter().cloned().collect(),
        packages: project
            .packages
            .iter()
            .map(|p| shipgate_model::PackageManifest {
                file: p.file,
                dir: p.dir.clone(),
                deps: p.deps.iter().cloned().collect(),
                scripts: p.scripts.clone(),
            })
            .collect(),
        files: project.files,
        skipped,
        stack,
        routes,
        pages,
        middleware,
        schema,
        supabase_configs,
        tenant_guards,
        secret_compares,
        stripe_creates,
        has_rate_limiter,
        oauth_callbacks,
        stripe_events,
        secrets,
        secret_fallbacks,
        credential_logins,
        mock_fallbacks,
        env_files,
        env_reads,
        env_schemas,
        error_leaks,
        headers,
        cors,
        served: ui.served,
        url_refs: ui.url_refs,
        outbound_calls,
        html_writes,
        dead_controls: ui.dead_controls,
        images: ui.images,
        suppressions,
        config,
        package_json,
        stats: Stats {
            files_walked,
            files_parsed,
            lines_parsed,
        },
    }
}

/// A wrapper whose name says it deals with failures: `asyncHandler`, `catchAsync`,
/// `withErrorHandling`, `safeRoute`.
fn catches_by_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    ["async", "catch", "error", "wrap", "safe", "handler"]
        .iter()
        .any(|w| l.contains(w))
}

/// Whether a handler function is async and catches failures itself.
fn error_handling(
    project: &Project,
    (file, span): summary::FnKey,
    wrapped: bool,
) -> Option<shipgate_model::ErrorHandling> {
    let facts = project.facts(file)?;
    let f = facts.function_at(span)?;
    let calls = summary::range(&facts.calls, span, |c| c.span.start);
    let catches = calls.iter().any(|c| {
        c.try_ctx != crate::js::facts::TryContext::None
            || c.callee.ends_with(".catch")
            || c.callee.ends_with(".then") && c.args.len() > 1
    });
    Some(shipgate_model::ErrorHandling {
        is_async: f.is_async && !calls.is_empty(),
        catches,
        wrapped,
    })
}

/// The credentials found while loading, located and redacted.
fn secret_leaks(project: &Project) -> Vec<shipgate_model::SecretLeak> {
    let mut out = Vec::new();
    for (file, found) in &project.secrets {
        let path = project.path(*file);
        let in_test = project::is_test_path(path) || env::is_example_file(path);
        let text = &project.files[file.0 as usize].text;
        for m in found {
            out.push(shipgate_model::SecretLeak {
                at: Loc::new(*file, Span::new(m.start as u32, m.end as u32)),
                kind: m.kind,
                redacted: if m.kind == shipgate_model::secrets::SecretKind::PrivateKey {
                    // The PEM header names the key type and is not secret; the body is.
                    format!("{} ****", &text[m.start..m.end])
                } else {
                    shipgate_model::secrets::redact(&text[m.start..m.end])
                },
                in_test,
            });
        }
    }
    out
}

/// Every database operation is keyed by a secret token the caller must hold (an e-mail
/// confirmation or unsubscribe link): possession of the token is the check.
/// The project functions among a route's gates (middleware, wrappers, tRPC middleware).
fn gate_fns(gates: &[routes::Gate]) -> impl Iterator<Item = summary::FnKey> + '_ {
    gates.iter().filter_map(|g| match g {
        routes::Gate::Fn { key, .. } => Some(*key),
        _ => None,
    })
}

fn token_gated(facts: &shipgate_model::HandlerFacts) -> bool {
    use shipgate_model::{ValueOrigin, ValueRole};
    let token_column = |c: &str| {
        let l = c.to_ascii_lowercase().replace('_', "");
        l.ends_with("token") || l.ends_with("hash") || l == "nonce" || l == "secret" || l == "otp"
    };
    // Share and invite links use the row id (or slug/code) itself as the secret.
    let link_table = |t: Option<&str>| {
        let l = t.unwrap_or("").to_ascii_lowercase();
        [
            "share",
            "invite",
            "invitation",
            "magic",
            "token",
            "secret",
            "otp",
            "verification",
        ]
        .iter()
        .any(|w| l.contains(w))
    };
    // Audit and event rows written alongside are side records, not what the token guards.
    let side_record = |d: &&shipgate_model::DataOp| {
        let l = d.table.as_deref().unwrap_or("").to_ascii_lowercase();
        d.op == shipgate_model::DbOp::Insert
            && ["log", "audit", "outbox", "event", "analytics", "metric"]
                .iter()
                .any(|w| l.contains(w))
    };
    let ops: Vec<&shipgate_model::DataOp> =
        facts.data_ops.iter().filter(|d| !side_record(d)).collect();
    !ops.is_empty()
        && ops.iter().all(|d| {
            d.values.iter().any(|v| {
                let keyed = token_column(&v.column)
                    || matches!(v.column.as_str(), "id" | "slug" | "code" | "key")
                        && link_table(d.table.as_deref());
                v.role == ValueRole::Filter
                    && keyed
                    && matches!(
                        v.origin,
                        ValueOrigin::Request { .. } | ValueOrigin::Validated { .. }
                    )
            })
        })
}

/// `(action module, exported name)` pairs that components import.
fn ui_references(project: &Project) -> std::collections::HashSet<(shipgate_model::FileId, String)> {
    use crate::js::facts::Imported;
    let mut out = std::collections::HashSet::new();
    for (file, facts) in project.js_files() {
        let path = project.path(file);
        let ui =
            facts.has_directive("use client") || path.ends_with(".tsx") || path.ends_with(".jsx");
        if !ui {
            continue;
        }
        for imp in &facts.imports {
            let Some(target) = project.resolve_import(file, &imp.source) else {
                continue;
            };
            let name = match &imp.imported {
                Imported::Named(n) => n.clone(),
                Imported::Default => "default".to_string(),
                Imported::Namespace => "*".to_string(),
            };
            let is_action_module = |f| {
                project
                    .facts(f)
                    .is_some_and(|x| x.has_directive("use server"))
            };
            if is_action_module(target) {
                out.insert((target, name));
                continue;
            }
            // Through a barrel file: `export * from "./actions"`, `export { x } from ...`.
            if name != "*" {
                let origin = match project.resolve_export(target, &name, 0) {
                    Some(project::Symbol::Function(f, _)) => Some(f),
                    Some(project::Symbol::Binding { file: f, .. }) => Some(f),
                    _ => None,
                };
                if let Some(f) = origin
                    && is_action_module(f)
                {
                    out.insert((f, name));
                }
            }
        }
    }
    out
}

/// `supabase/config.toml`: the sign-up settings, found line by line (the file is small and
/// flat; a real TOML parse checks it is well-formed first).
fn supabase_configs(project: &Project) -> Vec<shipgate_model::SupabaseConfig> {
    let mut out = Vec::new();
    for (i, f) in project.files.iter().enumerate() {
        if !f.path.ends_with("supabase/config.toml") || f.path.ends_with("/.supabase/config.toml") {
            continue;
        }
        let text = &*f.text;
        if text.parse::<toml::Table>().is_err() {
            continue;
        }
        let file = shipgate_model::FileId(i as u32);
        let mut section = String::new();
        let mut cfg = shipgate_model::SupabaseConfig {
            file,
            email_confirmations: None,
            site_url: None,
            has_remotes: false,
        };
        let mut offset = 0usize;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let t = line.trim();
            if let Some(s) = t.strip_prefix('[').and_then(|s| s.split(']').next()) {
                section = s.trim().to_string();
                if section.starts_with("remotes.") {
                    cfg.has_remotes = true;
                }
                continue;
            }
            let Some((key, value)) = t.split_once('=') else {
                continue;
            };
            let value = value.split('#').next().unwrap_or("").trim();
            match (section.as_str(), key.trim()) {
                ("auth.email", "enable_confirmations") => {
                    let span = shipgate_model::Span::new(
                        start as u32,
                        (start + line.trim_end().len()) as u32,
                    );
                    cfg.email_confirmations = Some((value == "true", Loc::new(file, span)));
                }
                ("auth", "site_url") => cfg.site_url = Some(value.trim_matches('"').to_string()),
                _ => {}
            }
        }
        out.push(cfg);
    }
    out
}

fn detect_stack(project: &Project, routes: &[Route]) -> Vec<String> {
    let mut deps = std::collections::BTreeSet::new();
    for p in &project.packages {
        deps.extend(p.deps.iter().cloned());
    }
    let has = |names: &[&str]| {
        names.iter().any(|n| {
            deps.iter()
                .any(|d| d == n || (n.ends_with('/') && d.starts_with(n)))
        })
    };
    let mut stack = Vec::new();
    let fw = |f: Framework| routes.iter().any(|r| r.framework == f);
    if fw(Framework::NextApp)
        || project
            .all_paths
            .iter()
            .any(|p| p.ends_with("/page.tsx") || p.starts_with("app/"))
            && has(&["next"])
    {
        stack.push("next-app-router");
    }
    if fw(Framework::NextPages) {
        stack.push("next-pages-router");
    }
    for (name, pkgs) in [
        ("supabase", &["@supabase/"][..]),
        ("prisma", &["@prisma/client", "prisma"][..]),
        ("drizzle", &["drizzle-orm"][..]),
        ("stripe", &["stripe", "@stripe/"][..]),
        ("next-auth", &["next-auth", "@auth/"][..]),
        ("clerk", &["@clerk/"][..]),
        ("better-auth", &["better-auth"][..]),
        ("express", &["express"][..]),
        ("hono", &["hono"][..]),
        ("trpc", &["@trpc/"][..]),
    ] {
        if has(pkgs) {
            stack.push(name);
        }
    }
    // Deployed on Vercel: a `vercel.json`, or Vercel's packages (analytics, OG images...).
    if has(&["@vercel/", "vercel"])
        || project
            .all_paths
            .iter()
            .any(|p| p == "vercel.json" || p.ends_with("/vercel.json"))
    {
        stack.push("vercel");
    }
    if !stack.contains(&"express") && fw(Framework::Express) {
        stack.push("express");
    }
    if !stack.contains(&"hono") && fw(Framework::Hono) {
        stack.push("hono");
    }
    let mut out: Vec<String> = stack.into_iter().map(str::to_string).collect();
    out.sort();
    out.dedup();
    out
}

/// A credentials provider as the model describes it.
fn credential_login(
    file: shipgate_model::FileId,
    c: &crate::js::facts::CredentialsFact,
) -> shipgate_model::CredentialLogin {
    use crate::js::facts::PasswordUse;
    use shipgate_model::PasswordCheck;
    let password = match c.password {
        PasswordUse::Literal(s) => PasswordCheck::Literal(Loc::new(file, s)),
        PasswordUse::Checked => PasswordCheck::Checked,
        PasswordUse::NotRead | PasswordUse::Ignored if c.password_field => {
            PasswordCheck::NotChecked
        }
        PasswordUse::NotRead | PasswordUse::Ignored => PasswordCheck::NoPassword,
    };
    shipgate_model::CredentialLogin {
        at: Loc::new(file, c.span),
        env_flag: c
            .env_flag
            .as_ref()
            .map(|(n, s)| (n.clone(), Loc::new(file, *s))),
        dev_only: c.dev_only,
        password,
    }
}

/// Modules that never serve requests: mocks, stories, fixtures, seeds and scripts.
pub(crate) fn is_offline_module(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [
        "/mocks/",
        "/__mocks__/",
        "/mock/",
        "/fixtures/",
        "/stories/",
        "/storybook/",
        "/seed/",
        "/seeds/",
        "/scripts/",
        "/demo/",
    ]
    .iter()
    .any(|d| lower.contains(d) || lower.starts_with(&d[1..]))
        || [
            ".mock.",
            ".mocks.",
            ".stories.",
            ".story.",
            ".fixture.",
            "seed.",
        ]
        .iter()
        .any(|w| lower.rsplit('/').next().unwrap_or(&lower).contains(w))
}

/// Stripe parameters that start a trial: `trial_period_days`, `trial_end`, also nested in
/// `subscription_data`.
fn starts_trial(v: &crate::js::facts::Val, depth: u32) -> bool {
    use crate::js::facts::Val;
    match v {
        Val::Object(props, _) if depth < 3 => props.iter().any(|(k, x)| {
            matches!(
                k.as_str(),
                "trial_period_days" | "trial_end" | "trial_from_plan"
            ) && !matches!(x, Val::Null | Val::Bool(false))
                || starts_trial(x, depth + 1)
        }),
        _ => false,
    }
}

/// Code that never runs on the request path: client components, React hooks, client
/// stores, lint plugins, and modules that use browser state libraries.
pub(crate) fn is_client_code(path: &str, facts: &crate::js::facts::JsFacts) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let hook = name
        .strip_prefix("use")
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_uppercase()));
    facts.has_directive("use client")
        || hook
        || [
            "/hooks/",
            "/components/",
            "/store/",
            "/stores/",
            "eslint-plugin",
            "/eslint/",
        ]
        .iter()
        .any(|d| path.contains(d))
        || facts.module_deps.iter().any(|d| {
            matches!(
                d.as_str(),
                "jotai" | "zustand" | "valtio" | "recoil" | "swr" | "react-dom"
            ) || d.starts_with("@tanstack/react-")
        })
}
