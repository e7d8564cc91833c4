//! webhook/no-idempotency: a webhook handler with non-repeatable side effects that never
//! records or checks the event id.

use super::webhook_signal;
use crate::util::{related, route_finding};
use crate::{Outcome, Rule, declare_rule};
use shipgate_model::{AppModel, DbOp, EffectKind, Route, RuleMeta, Severity};

declare_rule! {
    /// ## What it checks
    /// Webhook receivers (a `webhook` path segment or a provider signature header) whose
    /// handler, or the helpers it calls, does something that is wrong to do twice: inserts
    /// rows, sends e-mail, SMS or push notifications, moves money or calls an AI model.
    /// Such a handler must record or check the event or delivery id first. Counted as
    /// deduplication:
    /// - a read or write of a table for events (`processed_events`, `stripe_events`,
    ///   `webhook_deliveries`, `idempotency_keys`);
    /// - a column such as `event_id`, `stripe_event_id`, `delivery_id`, `svix_id` or
    ///   `idempotency_key` in a filter or a written row;
    /// - a helper named for it (`isDuplicateEvent`, `markEventProcessed`, `withIdempotency`).
    ///
    /// Inserts and payment calls are high; a handler that only sends messages (e-mail,
    /// SMS, push) or calls an AI model is medium.
    ///
    /// Handlers that only update or upsert state are not reported: applying the same
    /// change twice leaves the same state. Neither are find-or-create inserts (the handler
    /// reads the table it inserts into) and inserts into audit, activity or log tables.
    ///
    /// ## Why it matters
    /// Providers deliver at least once. Stripe, GitHub, Clerk and the rest retry on any
    /// timeout or 5xx, and sometimes send the same event twice even after a 200. Without
    /// a dedupe step, a retried `invoice.paid` grants credits twice, a retried
    /// `user.created` sends two welcome e-mails.
    ///
    /// ## How to fix
    /// Insert the event id into a table with a unique constraint before acting, and stop
    /// when the insert conflicts:
    /// `insert into processed_events (id) values ($1) on conflict do nothing returning id`.
    ///
    /// ## Example
    /// ```ts
    /// // flagged: a retried event adds credits again
    /// if (event.type === "invoice.paid") await db.insert(credits).values({ userId, amount: 100 });
    /// // fixed
    /// const fresh = await db.insert(processedEvents).values({ id: event.id }).onConflictDoNothing().returning();
    /// if (fresh.length === 0) return new Response("duplicate", { status: 200 });
    /// ```
    pub struct NoIdempotency {
        id: "webhook/no-idempotency",
        category: Integrations,
        severity: High,
        effort: Medium,
        summary: "a webhook handler with side effects that does not record or dedupe the event id",
        problem: "a redelivered event is processed twice",
    }
}

fn is_event_table(table: &str) -> bool {
    let t = table.to_ascii_lowercase().replace('_', "");
    [
        "event",
        "webhook",
        "idempot",
        "processed",
        "deliver",
        "dedup",
    ]
    .iter()
    .any(|w| t.contains(w))
}

fn is_event_id_column(column: &str) -> bool {
    let c = column.to_ascii_lowercase().replace('_', "");
    [
        "eventid",
        "deliveryid",
        "webhookid",
        "svixid",
        "messageid",
        "idempotencykey",
        "dedupekey",
        "deduplicationid",
    ]
    .iter()
    .any(|w| c.ends_with(w))
}

/// Audit, activity and log tables: a duplicate entry there is noise, not harm.
fn is_log_table(table: &str) -> bool {
    let t = table.to_ascii_lowercase();
    ["log", "audit", "activit", "history", "analytics", "outbox"]
        .iter()
        .any(|w| t.contains(w))
}

/// The handler also reads the table it inserts into: find-or-create, which a repeated
/// delivery finds instead of creating again.
fn looked_up_first(route: &Route, table: &str) -> bool {
    route
        .facts
        .data_ops
        .iter()
        .any(|op| op.op == DbOp::Select && op.table.as_deref() == Some(table))
}

fn dedupes(route: &Route) -> bool {
    let f = &route.facts;
    f.data_ops.iter().any(|op| {
        op.table.as_deref().is_some_and(is_event_table)
            || op.values.iter().any(|v| is_event_id_column(&v.column))
            || op.columns.iter().any(|c| is_event_id_column(c))
    }) || f.helpers.iter().any(|h| {
        let l = h.to_ascii_lowercase();
        [
            "idempot",
            "dedup",
            "duplicate",
            "processed",
            "alreadyhandled",
            "seenevent",
        ]
        .iter()
        .any(|w| l.contains(w))
    })
}

impl Rule for NoIdempotency {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, model: &AppModel) -> Outcome {
        let mut findings = Vec::new();
        let mut receivers = 0;
        for route in &model.routes {
            // Slash commands and interactive actions are user requests, one per click,
            // not event deliveries a provider retries.
            let user_action = ["command", "interaction", "interactiv"]
                .iter()
                .any(|w| route.path.to_ascii_lowercase().contains(w));
            if webhook_signal(route).is_none() || !route.is_mutating() || user_action {
                continue;
            }
            receivers += 1;
            if dedupes(route) {
                continue;
            }
            let inserts: Vec<_> = route
                .facts
                .data_ops
                .iter()
                .filter(|op| {
                    op.op == DbOp::Insert
                        && !op.fallback
                        && !op
                            .table
                            .as_deref()
                            .is_some_and(|t| is_log_table(t) || looked_up_first(route, t))
                })
                .collect();
            let effects: Vec<_> = route
                .facts
                .effects
                .iter()
                .filter(|e| {
                    matches!(
                        e.kind,
                        EffectKind::Email
                            | EffectKind::Sms
                            | EffectKind::Push
                            | EffectKind::Payment
                            | EffectKind::Ai
                    )
                })
                .collect();
            let mut what = Vec::new();
            let mut tables: Vec<&str> = inserts
                .iter()
                .filter_map(|op| op.table.as_deref())
                .collect();
            tables.sort();
            tables.dedup();
            if !inserts.is_empty() {
                what.push(if tables.is_empty() {
                    "inserts rows".to_string()
                } else {
                    format!(
                        "inserts into {}",
                        crate::util::backticked(
                            &tables.iter().map(|t| t.to_string()).collect::<Vec<_>>()
                        )
                    )
                });
            }
            let mut kinds: Vec<EffectKind> = effects.iter().map(|e| e.kind).collect();
            kinds.sort();
            kinds.dedup();
            for k in &kinds {
                what.push(format!("triggers {}", k.as_str()));
            }
            let Some(first) = inserts
                .iter()
                .map(|op| op.at)
                .chain(effects.iter().map(|e| e.at))
                .min()
            else {
                continue;
            };
            // Rows and money repeated are worse than a message sent twice.
            let severity = if inserts.is_empty() && !kinds.contains(&EffectKind::Payment) {
                Severity::Medium
            } else {
                Self::META.severity
            };
            let mut f = route_finding(
                &Self::META,
                severity,
                route,
                format!(
                    "`{}` {} without recording or checking the event id: a retried or duplicated delivery does it again",
                    route.entity(),
                    what.join(" and ")
                ),
                route.at,
                "Record the event id in a table with a unique constraint before acting (`on conflict do nothing`), and return 200 without acting when it was already there.".into(),
            );
            f.related.push(related(first, "repeated on every delivery"));
            findings.push(f);
        }
        if receivers == 0 {
            return Outcome::not_applicable("no webhook receivers");
        }
        Outcome::from_findings(
            findings,
            format!("{receivers} webhook receiver(s) dedupe events or only update state"),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixtures() {
        crate::testing::check_fixtures(super::NoIdempotency::META.id);
    }
}
