//! JS/TS extraction: parse one file with oxc and collect its [`facts::JsFacts`].

pub mod collect;
pub mod credentials;
pub mod db_types;
pub mod drizzle;
pub mod env_cond;
pub mod expr;
pub mod facts;
pub mod headers;
pub mod ignored;
pub mod jsx;
pub mod mocks;
pub mod program;
pub mod sql;
pub mod stripe_events;

use facts::{JsFacts, SuppressionFact};
use oxc_allocator::Allocator;
use oxc_ast_visit::Visit;
use oxc_parser::{ParseOptions, Parser};
use oxc_span::SourceType;
use std::cell::RefCell;

thread_local! {
    static ALLOCATOR: RefCell<Allocator> = RefCell::new(Allocator::default());
}

/// Source type for a path; `.js` files get JSX, as React code in `.js` files is common.
pub fn source_type_for(path: &str) -> Option<SourceType> {
    let ext = path.rsplit('.').next()?;
    let st = match ext {
        "js" | "mjs" | "cjs" | "jsx" => SourceType::from_extension(ext).ok()?.with_jsx(true),
        "ts" | "mts" | "cts" | "tsx" => SourceType::from_extension(ext).ok()?,
        _ => return None,
    };
    Some(st)
}

/// Parses and collects facts. `Err` carries a one-line reason when the file cannot be parsed.
pub fn extract(path: &str, text: &str) -> Result<JsFacts, String> {
    let source_type = source_type_for(path).ok_or_else(|| "not a JS/TS file".to_string())?;
    ALLOCATOR.with(|cell| {
        let mut allocator = cell.borrow_mut();
        allocator.reset();
        let ret = Parser::new(&allocator, text, source_type)
            .with_options(ParseOptions {
                allow_return_outside_function: true,
                ..ParseOptions::default()
            })
            .parse();
        if ret.panicked {
            let reason = ret
                .diagnostics
                .first()
                .map(|d| d.to_string())
                .unwrap_or_else(|| "parse error".to_string());
            return Err(format!("parse error: {}", collect::shorten(&reason, 160)));
        }
        if ret.diagnostics.len() > 20 {
            return Err(format!(
                "parse error: {} syntax errors",
                ret.diagnostics.len()
            ));
        }
        let mut collector = collect::Collector::new(text);
        collector.visit_program(&ret.program);
        let mut facts = collector.facts;
        if !facts.data_ops.is_empty() {
            let ignored = ignored::collect(&ret.program);
            for op in &mut facts.data_ops {
                op.failure_ignored = ignored.contains(&(op.span.start, op.span.end));
            }
        }
        if credentials::relevant(text) {
            credentials::collect(&ret.program, &mut facts);
        }
        if mocks::relevant(text) {
            mocks::collect(&ret.program, &mut facts);
        }
        if jsx::relevant(path, text) {
            jsx::collect(&ret.program, text, &mut facts);
        }
        if headers::relevant(text) {
            headers::collect(&ret.program, text, &mut facts);
        }
        for c in &ret.program.comments {
            let body = c.content_span().source_text(text);
            if let Some(s) = parse_suppression(body) {
                let line = text[..c.span.start as usize].matches('\n').count() as u32 + 1;
                facts.suppressions.push(SuppressionFact { line, ..s });
            }
        }
        facts.calls.sort_by_key(|c| (c.span.start, c.span.end));
        facts.exits.sort_by_key(|e| e.span.start);
        facts.bindings.sort_by_key(|b| b.span.start);
        facts.returns.sort_by_key(|r| r.span.start);
        facts.data_ops.sort_by_key(|d| d.span.start);
        facts.storage_ops.sort_by_key(|o| o.op_span.start);
        facts.inputs.sort_by_key(|i| i.span.start);
        Ok(facts)
    })
}

/// `shipgate-ignore auth/unprotected-route: reason`.
pub fn parse_suppression(comment: &str) -> Option<SuppressionFact> {
    let idx = comment.find("shipgate-ignore")?;
    let rest = comment[idx + "shipgate-ignore".len()..].trim_start();
    let (rule, reason) = match rest.split_once(':') {
        Some((r, why)) if !r.trim().contains(' ') => (r.trim(), why.trim()),
        _ => (rest.split_whitespace().next().unwrap_or(""), ""),
    };
    if rule.is_empty() || !rule.contains('/') {
        return None;
    }
    Some(SuppressionFact {
        line: 0,
        rule: rule.to_string(),
        reason: reason.trim_end_matches("*/").trim().to_string(),
    })
}
