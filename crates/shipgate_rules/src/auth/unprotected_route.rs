//! auth/unprotected-route: an API handler anyone can call that is not meant to be public.

use crate::util::{backticked, guard_finding, related};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{
    AppModel, ClientKind, Guard, InputSource, Route, RuleMeta, Severity, ValueOrigin, names,
};

declare_rule! {
    /// ## What it checks
    /// Every API entry point (Next.js route handlers and Pages API routes, Express and Hono
    /// routes, tRPC procedures, server actions) whose guard is `public`: no session or token
    /// check in the handler, in a wrapper or helper it calls, or in route-level middleware,
    /// no signature or shared-secret check, and no global middleware that rejects anonymous
    /// requests for its path. A session that is read but never enforced counts as no check,
    /// and so does a key or token checked only when the caller chooses to send one.
    ///
    /// Endpoints that are meant to be public are left alone: health and status checks,
    /// auth-framework routes (`/api/auth/*`, `/auth/callback`), login/signup/reset,
    /// OAuth callbacks, verified webhooks, public content (OG images, feeds, sitemaps),
    /// contact/newsletter forms, and anything listed in `public_routes` in `shipgate.toml`.
    /// Webhook receivers without a signature check are reported by
    /// `webhook/unverified-signature` instead.
    ///
    /// Severity follows what the handler does: `critical` when it writes through a client
    /// that bypasses row level security (service role, Prisma, Drizzle, raw SQL) or triggers costly
    /// side effects (AI, e-mail, SMS, payments); `high` for writes through a user-scoped
    /// client that row level security lets anonymous callers make (no RLS on the table, or
    /// a policy for the command open to `anon`/`public`); `medium`, marked as needing
    /// review, when the table's row level security is not in the repository, so whether the
    /// write lands cannot be told; `low` when the table's policies refuse anonymous writes;
    /// `low` for a handler that only appends records of events or feedback (analytics,
    /// page views, clicks, logs, reactions, feedback: by the table's name) and reads
    /// nothing back, a beacon or a public feedback form;
    /// `critical` for a read that bypasses row level security with no filter at all, of a
    /// table whose selected columns hold personal data or credentials (every user's
    /// e-mail address to anyone); `medium` for other reads that bypass row level
    /// security (public content is common,
    /// so this asks for a decision); `low` for reads that rely on row level security alone;
    /// `info` when shipgate sees no data access at all. A server
    /// action that no component imports (an exported helper in a `'use server'` module) is
    /// reported at `low`.
    ///
    /// ## Why it matters
    /// A route with no check is callable by anyone on the internet who guesses its path.
    /// Handlers that use the service role or Prisma see every tenant's rows.
    ///
    /// ## How to fix
    /// Check the session at the top of the handler and return 401 when it is missing, or
    /// wrap the handler in your auth helper. If the route really is public, declare it in
    /// `shipgate.toml` (`public_routes = ["GET /api/posts/*"]`) so the decision is written down.
    ///
    /// ## Example
    /// ```ts
    /// // app/api/devices/route.ts — flagged: anyone can register tokens
    /// export async function POST(req: Request) {
    ///   const { userId, token } = await req.json();
    ///   await getSupabaseAdmin().from("device_tokens").upsert({ user_id: userId, token });
    /// }
    /// // fixed
    /// export async function POST(req: Request) {
    ///   const supabase = await createClient();
    ///   const { data: { user } } = await supabase.auth.getUser();
    ///   if (!user) return NextResponse.json({ error: "Unauthorized" }, { status: 401 });
    ///   ...
    /// }
    /// ```
    pub struct UnprotectedRoute {
        id: "auth/unprotected-route",
        category: Auth,
        severity: Critical,
        effort: Small,
        summary: "An API handler anyone can call, that is not an intended public endpoint",
        problem: "anyone on the internet can call it",
    }
}

/// What the handler does that makes an open door dangerous, how bad, and what shipgate
/// could not see that the judgement rests on.
pub(crate) struct Exposure {
    pub severity: Severity,
    pub what: String,
    /// Set when the severity rests on something outside the repository.
    pub unresolved: Vec<String>,
}

/// What the handler does that makes an open door dangerous, and how bad.
pub(crate) fn exposure(model: &AppModel, route: &Route) -> Option<Exposure> {
    let (severity, what) = exposure_by_effect(route)?;
    if severity == Severity::Medium
        && let Some((table, columns)) = every_row_of_personal_data(model, route)
    {
        return Some(Exposure {
            severity: Severity::Critical,
            what: format!(
                "{}: it reads every row of `{table}` with {} through a client that bypasses row level security, with no filter, so anyone can dump that data",
                what.trim_end_matches(READ_ASK),
                backticked(&columns)
            ),
            unresolved: Vec::new(),
        });
    }
    if severity != Severity::High {
        return Some(Exposure {
            severity,
            what,
            unresolved: Vec::new(),
        });
    }
    // Writes through the caller's own client: the database's policies decide whether an
    // anonymous write lands.
    let mut unknown = Vec::new();
    let mut refused = Vec::new();
    for d in route.facts.data_ops.iter().filter(|d| d.op.is_write()) {
        let Some(table) = d.table.as_deref() else {
            continue;
        };
        match anonymous_write(model, table, d.op) {
            AnonymousWrite::Unknown => unknown.push(table.to_string()),
            AnonymousWrite::Refused(at) => refused.push((table.to_string(), at)),
            AnonymousWrite::Allowed => {
                return Some(Exposure {
                    severity,
                    what,
                    unresolved: Vec::new(),
                });
            }
        }
    }
    unknown.sort();
    unknown.dedup();
    if !unknown.is_empty() {
        return Some(Exposure {
            severity,
            what: format!(
                "{what}; whether an anonymous write lands depends on row level security for {}, which is not in the repository",
                backticked(&unknown)
            ),
            unresolved: unknown
                .iter()
                .map(|t| format!("row level security for `{t}`"))
                .collect(),
        });
    }
    if let Some((table, at)) = refused.first() {
        return Some(Exposure {
            severity: Severity::Low,
            what: format!(
                "{what}; row level security on `{table}` refuses anonymous writes ({}), so only signed-in users' writes land",
                model.describe(*at)
            ),
            unresolved: Vec::new(),
        });
    }
    Some(Exposure {
        severity,
        what,
        unresolved: Vec::new(),
    })
}

/// A read through a client that bypasses row level security, with no filter at all, of a
/// table whose selected columns (all of them for `*`) hold personal data or credentials:
/// the table and those columns.
fn every_row_of_personal_data(model: &AppModel, route: &Route) -> Option<(String, Vec<String>)> {
    use shipgate_model::names::{Sensitive, sensitive_column};
    route.facts.data_ops.iter().find_map(|d| {
        if d.op != shipgate_model::DbOp::Select
            || !d.client.bypasses_rls()
            || d.filter_hidden
            || d.values
                .iter()
                .any(|v| v.role == shipgate_model::ValueRole::Filter)
        {
            return None;
        }
        let table = d.table.as_deref()?;
        let all = d.columns.is_empty() || d.columns.iter().any(|c| c == "*");
        let columns: Vec<String> = if all {
            model
                .schema
                .table(table)?
                .columns
                .iter()
                .map(|c| c.name.clone())
                .collect()
        } else {
            d.columns.clone()
        };
        let mut personal: Vec<String> = columns
            .into_iter()
            .filter(|c| {
                matches!(
                    sensitive_column(c),
                    Some(Sensitive::Personal | Sensitive::Secret)
                )
            })
            .collect();
        personal.sort();
        personal.dedup();
        (!personal.is_empty()).then(|| (table.to_string(), personal))
    })
}

/// What a read through a client without row level security asks of the reader.
const READ_ASK: &str = "; make sure this data is meant to be public";

/// Whether the migrations let an anonymous caller's client make this write.
enum AnonymousWrite {
    /// The table or its row level security is not in the repository.
    Unknown,
    /// Row level security is on and no policy for the command admits anonymous callers;
    /// the location is where it was enabled.
    Refused(shipgate_model::Loc),
    Allowed,
}

fn anonymous_write(model: &AppModel, table: &str, op: shipgate_model::DbOp) -> AnonymousWrite {
    use shipgate_model::schema::{PolicyCommand, PolicyScope};
    let Some(t) = model.schema.table(table) else {
        return AnonymousWrite::Unknown;
    };
    let Some(enabled) = t.rls else {
        // No row level security: Supabase's default grants let anyone write.
        return AnonymousWrite::Allowed;
    };
    let commands: &[PolicyCommand] = match op {
        shipgate_model::DbOp::Insert => &[PolicyCommand::Insert],
        shipgate_model::DbOp::Update => &[PolicyCommand::Update],
        shipgate_model::DbOp::Delete => &[PolicyCommand::Delete],
        _ => &[PolicyCommand::Insert, PolicyCommand::Update],
    };
    let admits_anonymous = t.policies.iter().any(|p| {
        p.permissive
            && (p.command == PolicyCommand::All || commands.contains(&p.command))
            && p.roles.iter().any(|r| r == "public" || r == "anon")
            && [p.using.as_ref(), p.with_check.as_ref()]
                .into_iter()
                .flatten()
                .all(|e| matches!(e.scope, PolicyScope::Everyone | PolicyScope::Other))
    });
    if admits_anonymous {
        AnonymousWrite::Allowed
    } else {
        AnonymousWrite::Refused(enabled)
    }
}

/// What the handler does that makes an open door dangerous, and how bad, by its effects
/// alone.
fn exposure_by_effect(route: &Route) -> Option<(Severity, String)> {
    let f = &route.facts;
    let mut what = Vec::new();
    let writes: Vec<String> = f
        .data_ops
        .iter()
        .filter(|d| d.op.is_write())
        .filter_map(|d| d.table.clone())
        .collect();
    let bypass: Vec<&shipgate_model::DataOp> = f
        .data_ops
        .iter()
        .filter(|d| d.client.bypasses_rls())
        .collect();
    let mut effects: Vec<&str> = f.effects.iter().map(|e| e.kind.as_str()).collect();
    effects.sort();
    effects.dedup();
    if !writes.is_empty() {
        let mut w = writes.clone();
        w.sort();
        w.dedup();
        what.push(format!("writes {}", backticked(&w)));
    }
    if !bypass.is_empty() {
        let mut tables: Vec<String> = bypass.iter().filter_map(|d| d.table.clone()).collect();
        tables.sort();
        tables.dedup();
        let kind = match bypass[0].client {
            ClientKind::ServiceRole => "a service-role client",
            ClientKind::Prisma => "Prisma",
            ClientKind::Drizzle => "Drizzle",
            ClientKind::RawSql => "raw SQL",
            _ => "a client that bypasses row level security",
        };
        what.push(format!("reaches {} through {kind}", backticked(&tables)));
    }
    if !effects.is_empty() {
        what.push(format!("triggers {}", effects.join(", ")));
    }
    let summary = what.join(", ");
    // Writes nothing stops and paid calls anyone can trigger are blockers; reads through
    // a client without row level security expose data; RLS-scoped writes depend on policies.
    let unguarded_write = f
        .data_ops
        .iter()
        .any(|d| d.op.is_write() && (d.client.bypasses_rls() || d.client == ClientKind::Unknown));
    let costly = f.effects.iter().any(|e| e.costs_the_owner());
    // Every write is keyed to a value from the caller's own cookie (a guest cart): a
    // stranger only reaches the rows their own browser holds the key to.
    // New rows (`insert`) belong to nobody yet; changes to existing ones must be keyed.
    let cookie_keyed = |d: &&shipgate_model::DataOp| {
        d.values.iter().any(|v| {
            matches!(
                v.origin,
                ValueOrigin::Request {
                    source: InputSource::Cookies,
                    ..
                }
            )
        })
    };
    let changes: Vec<&shipgate_model::DataOp> = f
        .data_ops
        .iter()
        .filter(|d| d.op.is_write() && d.op != shipgate_model::DbOp::Insert)
        .collect();
    let own_cookie_rows = !changes.is_empty() && changes.iter().all(cookie_keyed);
    if own_cookie_rows && !costly {
        return Some((
            Severity::Low,
            format!(
                "{summary}; every write is keyed to the caller's own cookie, so this looks like a guest flow"
            ),
        ));
    }
    // It only appends records of what happened (a page view, a click, a thumbs-up) and
    // reads nothing back: a beacon or a public feedback form, whoever sends it.
    let beacon = !costly
        && !f.data_ops.is_empty()
        && f.data_ops.iter().all(|d| {
            d.op == shipgate_model::DbOp::Insert
                && d.table.as_deref().is_some_and(names::is_event_table)
        });
    if beacon {
        return Some((
            Severity::Low,
            format!(
                "{summary}; it only adds event or feedback records and reads nothing back, so this looks like a public beacon or feedback form: rate-limit it"
            ),
        ));
    }
    if costly && route.rate_limited && !unguarded_write {
        return Some((
            Severity::Low,
            format!("{summary}; a rate limiter runs for it, so the spend is bounded"),
        ));
    }
    if costly || unguarded_write {
        return Some((Severity::Critical, summary));
    }
    if !effects.is_empty() && writes.is_empty() {
        // Starting a checkout or a payment intent: a public purchase step.
        return Some((
            Severity::Low,
            format!(
                "{summary}; starting a payment charges nothing until the buyer pays, so this looks like a public purchase step"
            ),
        ));
    }
    if !writes.is_empty() {
        return Some((Severity::High, summary));
    }
    // Read-only: public content is common (blogs, catalogues), so ask rather than alarm.
    if !bypass.is_empty() || !f.service_role_uses.is_empty() {
        return Some((Severity::Medium, format!("{summary}{READ_ASK}")));
    }
    if !f.data_ops.is_empty() {
        let mut tables: Vec<String> = f.data_ops.iter().filter_map(|d| d.table.clone()).collect();
        tables.sort();
        tables.dedup();
        return Some((
            Severity::Low,
            format!(
                "reads {} and relies on row level security alone",
                backticked(&tables)
            ),
        ));
    }
    // A server action that touches nothing shipgate can see is usually a UI helper.
    if route.is_mutating() && route.framework != shipgate_model::Framework::ServerAction {
        return Some((Severity::Info, String::new()));
    }
    None
}

impl Rule for UnprotectedRoute {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        if model.routes.is_empty() {
            return Outcome::not_applicable("no API routes found");
        }
        let mut findings = Vec::new();
        for route in model
            .routes
            .iter()
            .filter(|r| r.guard == Guard::Public && r.intended_public.is_none())
            // Unverified webhooks are `webhook/unverified-signature`'s.
            .filter(|r| crate::webhook::webhook_signal(r).is_none())
        {
            let Some(Exposure {
                mut severity,
                what,
                unresolved,
            }) = exposure(model, route)
            else {
                continue;
            };
            let mut message = format!(
                "`{}` accepts requests from anyone: {}",
                route.entity(),
                route.evidence
            );
            if what.is_empty() {
                message.push_str(
                    ". shipgate found no data access or side effect here to judge the risk by",
                );
            } else {
                message.push_str(&format!(". It {what}"));
            }
            if route.middleware_exempt && severity == Severity::Medium {
                // A read the team listed as public in middleware is most likely meant to be
                // public. Writes and paid calls stay where they are: an exemption from the
                // sign-in check still needs a secret or signature check of its own.
                severity = Severity::Low;
                message.push_str(
                    ". It is on the middleware's public-path list, so this looks deliberate",
                );
            }
            if route.ui_referenced == Some(false) {
                // Next.js registers every export of a 'use server' module, but only actions
                // a component references get an id shipped to browsers.
                severity = severity.max(Severity::Low);
                message.push_str(
                    ". No component imports it, so it looks like a helper in a 'use server' module; Next.js still registers it as an action",
                );
            }
            let mut f = guard_finding(
                &Self::META,
                severity,
                route,
                message,
                route.at,
                "Check the session at the top of the handler and return 401 when it is missing (or wrap it in your auth helper); if the route is meant to be public, add it to `public_routes` in shipgate.toml.".into(),
            );
            if !unresolved.is_empty() {
                f = f.resting_on(shipgate_model::Confidence::Possible, &unresolved);
            }
            if let Some(l) = route.unenforced_session {
                f.related.push(related(
                    l,
                    "session or credential read here, but nothing rejects a request without one",
                ));
            }
            if let Some(d) = route
                .facts
                .data_ops
                .iter()
                .find(|d| d.op.is_write() || d.client.bypasses_rls())
            {
                f.related.push(related(d.at, "data access here"));
            }
            findings.push(f);
        }
        let checked = model.routes.len();
        Outcome::from_findings(
            findings,
            format!("all {checked} routes are guarded or intended public"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::UnprotectedRoute::META.id);
    }
}
