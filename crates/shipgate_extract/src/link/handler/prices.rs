//! Amounts a handler sends to Stripe that the request chose: `unit_amount: body.price *
//! 100`, `amount: Math.round(total * 100)` with `total` from the body, and line items
//! mapped from the cart the browser sent (`items.map((i) => ({ price_data: { unit_amount:
//! i.price } }))`). Stripe price ids and amounts read from the database are not the
//! request's.

use super::{FactsBuilder, Scope};
use crate::js::facts::{JsFacts, Val};
use crate::link::known;
use crate::link::project::Symbol;
use crate::link::summary::{range, root_of};
use shipgate_model::{ClientPrice, FileId, HandlerFacts, Loc, Span, ValueOrigin};
use std::collections::HashSet;

/// The element of a request array being mapped: the callback's parameter names.
type Item<'v> = Option<&'v HashSet<String>>;

/// Calls that keep a number's origin: `Math.round(x * 100)`, `Number(x)`.
fn keeps_origin(callee: &str) -> bool {
    callee.starts_with("Math.")
        || matches!(
            callee,
            "Number" | "parseInt" | "parseFloat" | "String" | "BigInt"
        )
        || callee.ends_with(".toFixed")
}

impl FactsBuilder<'_, '_> {
    pub(super) fn client_prices(&self, scope: &Scope, out: &mut HandlerFacts) {
        for c in scope.view.calls() {
            // `stripe.prices.create`, or any object built by the Stripe package
            // (`const payments = new Stripe(key)`).
            let Some((root, method)) = c.callee.split_once('.') else {
                continue;
            };
            let stripe = root.to_ascii_lowercase().contains("stripe")
                || self
                    .project()
                    .built_by(scope.view.file, &c.callee)
                    .is_some_and(|(_, pkg)| pkg == "stripe");
            if !stripe || !known::stripe_priced_method(method) {
                continue;
            }
            let Some(params) = c.args.first() else {
                continue;
            };
            let mut found = Vec::new();
            self.money_fields(scope, params, None, &mut found, 0);
            found.sort();
            found.dedup();
            let mut echoed = Vec::new();
            metadata_refs(scope.view.facts, params, &mut echoed);
            for (field, from) in found {
                let root = root_of(&from);
                out.client_prices.push(ClientPrice {
                    at: Loc::new(scope.view.file, c.span),
                    call: c.callee.clone(),
                    field,
                    echoed_in_metadata: echoed.iter().any(|r| root_of(r) == root),
                    from,
                });
            }
        }
    }

    /// Money parameters inside `v` whose value the request chose, as (key, source).
    fn money_fields(
        &self,
        scope: &Scope,
        v: &Val,
        item: Item,
        out: &mut Vec<(String, String)>,
        depth: u32,
    ) {
        if depth > 6 {
            return;
        }
        match v {
            Val::Object(props, _) => {
                for (k, val) in props {
                    if known::is_stripe_amount_key(k) {
                        if let Some(from) = self.chosen_by_request(scope, val, item, 0) {
                            out.push((k.clone(), from));
                        }
                    } else {
                        self.money_fields(scope, val, item, out, depth + 1);
                    }
                }
            }
            Val::Array(items) => {
                for i in items {
                    self.money_fields(scope, i, item, out, depth + 1);
                }
            }
            // `cart.items.map((line) => ({ price_data: { unit_amount: line.price } }))`
            Val::Call { callee, span } => {
                let Some(recv) = callee.strip_suffix(".map") else {
                    return;
                };
                if !from_request(&self.path_origin(scope, recv, 0)) {
                    return;
                }
                let Some(Val::Func(f)) =
                    scope.view.facts.call_at(*span).and_then(|c| c.args.first())
                else {
                    return;
                };
                let Some(func) = self.project().function(scope.view.file, *f) else {
                    return;
                };
                let names: HashSet<String> = func
                    .params
                    .first()
                    .map(|p| p.names.iter().cloned().collect())
                    .unwrap_or_default();
                for r in range(&scope.view.facts.returns, *f, |r| r.span.start) {
                    if f.contains(r.span) {
                        self.money_fields(scope, &r.val, Some(&names), out, depth + 1);
                    }
                }
            }
            // `line_items: lineItems`, built earlier in the handler.
            Val::Path(p) if !p.contains('.') => {
                if let Some(b) = scope
                    .view
                    .bindings()
                    .iter()
                    .rev()
                    .find(|b| b.names.iter().any(|n| n.name == *p && n.path.is_empty()))
                {
                    self.money_fields(scope, &b.init, item, out, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// The request value an amount is computed from, if any: a field of the request, or
    /// of an element of a request array being mapped.
    fn chosen_by_request(&self, scope: &Scope, v: &Val, item: Item, depth: u32) -> Option<String> {
        if depth > 4 {
            return None;
        }
        let mut refs = Vec::new();
        match v {
            Val::Input(_, field) => {
                return Some(field.clone().unwrap_or_else(|| "the body".into()));
            }
            Val::Path(p) => refs.push(p.clone()),
            Val::Other(r) => refs.extend(r.iter().cloned()),
            Val::Template(_, vals) => {
                return vals
                    .iter()
                    .find_map(|x| self.chosen_by_request(scope, x, item, depth + 1));
            }
            Val::Call { callee, span } if keeps_origin(callee) => {
                // `price.toFixed(0)`: the number it is called on.
                if let Some(recv) = callee.strip_suffix(".toFixed")
                    && self.request_ref(scope, recv, item, 0)
                {
                    return Some(recv.to_string());
                }
                return scope
                    .view
                    .facts
                    .call_at(*span)?
                    .args
                    .iter()
                    .find_map(|a| self.chosen_by_request(scope, a, item, depth + 1));
            }
            _ => return None,
        }
        refs.into_iter()
            .find(|r| self.request_ref(scope, r, item, 0))
    }

    /// Whether a path holds a request value: a request field, an element of the request
    /// array being mapped, or a local computed from either.
    fn request_ref(&self, scope: &Scope, r: &str, item: Item, depth: u32) -> bool {
        if item.is_some_and(|names| names.contains(root_of(r))) {
            return true;
        }
        if from_request(&self.path_origin(scope, r, 0)) {
            return true;
        }
        // A local computed from the request: `const total = subtotal + shipping`,
        // `items.reduce(...)`, `calculateTotal(input.items)` (a helper that reads nothing).
        if depth > 4 || r.contains('.') {
            return false;
        }
        let Some(b) = scope
            .view
            .bindings()
            .iter()
            .rev()
            .find(|b| b.names.iter().any(|n| n.name == r))
        else {
            return false;
        };
        match &b.init {
            Val::Call { callee, span } => {
                let Some(c) = scope.view.facts.call_at(*span) else {
                    return false;
                };
                let arg_from_request = || {
                    c.args.iter().any(|a| {
                        matches!(a, Val::Input(..)) || {
                            let mut refs = Vec::new();
                            a.refs(&mut refs);
                            refs.iter()
                                .any(|x| self.request_ref(scope, x, item, depth + 1))
                        }
                    })
                };
                if let Some(recv) = callee.strip_suffix(".reduce") {
                    return self.request_ref(scope, recv, item, depth + 1);
                }
                if keeps_origin(callee) {
                    return arg_from_request();
                }
                // A project helper that only computes: not async, no query.
                matches!(
                    self.project().resolve_callee(scope.view.file, callee),
                    Some(Symbol::Function(f, span)) if self.computes_only(f, span)
                ) && arg_from_request()
            }
            Val::Other(refs) => refs
                .iter()
                .any(|x| self.request_ref(scope, x, item, depth + 1)),
            _ => false,
        }
    }

    /// Whether a project function only computes from its arguments: it is not async (so it
    /// waits for no query or outside call) and queries nothing itself.
    fn computes_only(&self, file: FileId, span: Span) -> bool {
        let project = self.project();
        let (Some(func), Some(facts)) = (project.function(file, span), project.facts(file)) else {
            return false;
        };
        !func.is_async && !facts.data_ops.iter().any(|d| span.contains(d.span))
    }
}

/// The paths a value mentions, through the arguments of the calls in it
/// (`String(amount)`).
fn deep_refs(facts: &JsFacts, v: &Val, out: &mut Vec<String>, depth: u32) {
    if depth > 4 {
        return;
    }
    match v {
        Val::Call { span, .. } => {
            if let Some(c) = facts.call_at(*span) {
                c.args
                    .iter()
                    .for_each(|a| deep_refs(facts, a, out, depth + 1));
            }
        }
        Val::Object(props, spreads) => {
            props
                .iter()
                .for_each(|(_, x)| deep_refs(facts, x, out, depth + 1));
            spreads
                .iter()
                .for_each(|x| deep_refs(facts, x, out, depth + 1));
        }
        other => other.refs(out),
    }
}

/// The paths the values under a `metadata` key mention, at any depth of the params.
fn metadata_refs(facts: &JsFacts, v: &Val, out: &mut Vec<String>) {
    match v {
        Val::Object(props, _) => {
            for (k, val) in props {
                if k == "metadata" {
                    deep_refs(facts, val, out, 0);
                } else {
                    metadata_refs(facts, val, out);
                }
            }
        }
        Val::Array(items) => items.iter().for_each(|i| metadata_refs(facts, i, out)),
        _ => {}
    }
}

fn from_request(o: &ValueOrigin) -> bool {
    matches!(
        o,
        ValueOrigin::Request { .. } | ValueOrigin::Validated { .. }
    )
}
