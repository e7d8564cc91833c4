//! Splitting a SQL file into statements without losing any: quote-aware scanning, a
//! complexity budget that keeps Postgres' parser away from pathological expressions, and
//! recovery at the next `;` where the scanner cannot find a statement's end.

use shipgate_model::Span;

/// Operators in one expression beyond this are not handed to the parser: long chains
/// (`1+1+…`, `a=1 and a=1 and …`) cost it time and memory per term, and real migrations
/// stay in the tens.
pub(super) const MAX_OPERATORS: usize = 1_000;

/// A piece of a file: a statement to parse, or a span that could not be read as one.
pub(super) enum Piece<'t> {
    Statement { start: usize, text: &'t str },
    Bad { span: Span, reason: String },
}

/// Where the quoted string, quoted identifier, dollar-quoted body or comment that starts
/// at `i` ends (the index after it), if one starts there.
fn skip_quoted(b: &[u8], i: usize) -> Option<usize> {
    match b[i] {
        q @ (b'\'' | b'"') => {
            let mut j = i + 1;
            while j < b.len() {
                if b[j] == q {
                    // A doubled quote is an escaped one.
                    if b.get(j + 1) == Some(&q) {
                        j += 2;
                        continue;
                    }
                    return Some(j + 1);
                }
                j += 1;
            }
            Some(b.len())
        }
        b'-' if b.get(i + 1) == Some(&b'-') => {
            let end = b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |p| i + p);
            Some(end)
        }
        b'/' if b.get(i + 1) == Some(&b'*') => {
            // Postgres nests block comments.
            let (mut depth, mut j) = (0usize, i);
            while j + 1 < b.len() {
                if b[j] == b'/' && b[j + 1] == b'*' {
                    depth += 1;
                    j += 2;
                } else if b[j] == b'*' && b[j + 1] == b'/' {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        return Some(j);
                    }
                } else {
                    j += 1;
                }
            }
            Some(b.len())
        }
        b'$' => {
            // `$$` or `$tag$`, not a parameter (`$1`).
            let len = b[i + 1..]
                .iter()
                .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))?;
            if b.get(i + 1 + len) != Some(&b'$') || b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                return None;
            }
            let tag = &b[i..i + len + 2];
            let body = i + tag.len();
            let end = b[body..]
                .windows(tag.len())
                .position(|w| w == tag)
                .map_or(b.len(), |p| body + p + tag.len());
            Some(end)
        }
        _ => None,
    }
}

/// The most operators in any one expression of `text` (between commas and semicolons;
/// brackets add up): arithmetic, comparison, casts, `and`, `or`, `not`, `when`.
pub(super) fn heaviest_expression(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut run, mut max, mut i) = (0usize, 0usize, 0usize);
    while i < b.len() {
        if let Some(end) = skip_quoted(b, i) {
            i = end.max(i + 1);
            continue;
        }
        let c = b[i];
        match c {
            b',' | b';' => run = 0,
            b'+' | b'-' | b'*' | b'/' | b'%' | b'=' | b'<' | b'>' | b'|' | b'&' | b'^' | b'~'
            | b'!' | b':' => run += 1,
            _ if c.is_ascii_alphabetic() => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let w = &b[start..i];
                if [&b"and"[..], b"or", b"not", b"when"]
                    .iter()
                    .any(|k| w.eq_ignore_ascii_case(k))
                {
                    run += 1;
                    max = max.max(run);
                }
                continue;
            }
            _ => {}
        }
        max = max.max(run);
        i += 1;
    }
    max
}

/// The index after the next `;` outside quotes and comments at or after `from`, or the
/// end of the text.
fn after_next_semicolon(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < b.len() {
        if let Some(end) = skip_quoted(b, i) {
            i = end.max(i + 1);
            continue;
        }
        if b[i] == b';' {
            return i + 1;
        }
        i += 1;
    }
    b.len()
}

/// Whether `b[from..]` holds nothing but whitespace, comments and semicolons.
fn only_trivia(b: &[u8], from: usize) -> bool {
    let mut i = from;
    while i < b.len() {
        if matches!(b[i], b'-' | b'/')
            && let Some(end) = skip_quoted(b, i)
        {
            i = end;
            continue;
        }
        if !(b[i].is_ascii_whitespace() || b[i] == b';') {
            return false;
        }
        i += 1;
    }
    true
}

/// Every statement of `text`, in order. Postgres' scanner splits at top-level `;`; where
/// it stops early (an unclosed bracket swallows the rest of the file), the span up to
/// the next `;` is reported as bad and splitting goes on after it.
pub(super) fn statements(text: &str) -> Vec<Piece<'_>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0usize;
    while pos < b.len() && !only_trivia(b, pos) {
        let rest = &text[pos..];
        let mut covered = pos;
        match pg_query::split_with_scanner(rest) {
            Ok(pieces) => {
                for piece in pieces {
                    let start = piece.as_ptr() as usize - text.as_ptr() as usize;
                    covered = start + piece.len();
                    out.push(Piece::Statement { start, text: piece });
                }
                // Past the last statement's own `;`.
                while covered < b.len() && (b[covered].is_ascii_whitespace() || b[covered] == b';')
                {
                    covered += 1;
                }
                if only_trivia(b, covered) {
                    break;
                }
            }
            Err(e) => {
                let end = after_next_semicolon(b, pos);
                out.push(Piece::Bad {
                    span: Span::new(pos as u32, end as u32),
                    reason: format!("not split into statements: {e}"),
                });
                pos = end;
                continue;
            }
        }
        // The scanner stopped before the end: the statement there does not close.
        let end = after_next_semicolon(b, covered);
        out.push(Piece::Bad {
            span: Span::new(covered as u32, end as u32),
            reason: "an unclosed bracket or quote before its `;`".to_string(),
        });
        pos = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Vec<String> {
        statements(text)
            .into_iter()
            .map(|p| match p {
                Piece::Statement { text, .. } => format!("ok {}", text.trim()),
                Piece::Bad { span, .. } => {
                    format!(
                        "bad {}",
                        text[span.start as usize..span.end as usize].trim()
                    )
                }
            })
            .collect()
    }

    #[test]
    fn an_unclosed_bracket_costs_one_statement() {
        let text = "create table a (id int);\ninsert into a values (1;\ncreate table b (id int);\n-- done\n";
        assert_eq!(
            shape(text),
            [
                "ok create table a (id int)",
                "bad insert into a values (1;",
                "ok create table b (id int)",
            ]
        );
        assert_eq!(
            shape("select 1;\n-- trailing\n/* note */\n"),
            ["ok select 1"]
        );
    }

    #[test]
    fn quotes_and_comments_hide_semicolons_and_operators() {
        let b = "select ';' -- ;\n, $f$ a;b $f$ /* ; */;".as_bytes();
        assert_eq!(after_next_semicolon(b, 0), b.len());
        assert_eq!(heaviest_expression("select 'a+b+c+d' -- + + +\n"), 0);
        assert_eq!(heaviest_expression("select $$ 1+1+1 $$, $1 + 2"), 1);
        let chain = format!("select {};", vec!["1"; 5000].join("+"));
        assert_eq!(heaviest_expression(&chain), 4999);
        let ands = format!("using ({})", vec!["a = 1"; 600].join(" and "));
        assert!(heaviest_expression(&ands) > MAX_OPERATORS);
        let values = format!(
            "insert into t values {};",
            vec!["(1, 'x')"; 5000].join(", ")
        );
        assert!(heaviest_expression(&values) < 5);
    }
}
