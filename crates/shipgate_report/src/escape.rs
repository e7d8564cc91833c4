//! Text from the audited tree made safe for each format: control characters shown, not
//! sent to the terminal, and Markdown that renders what the tree wrote as text, never as
//! markup or HTML. (HTML, JSON and SARIF escape in their own writers.)

use std::borrow::Cow;

/// `s` with every control character except tab written as `\u{..}`: an escape sequence
/// in a file name must not clear the screen, and a line break must not forge a line.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\t') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() && c != '\t' {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Markdown text that renders as `s` and nothing more: characters that start emphasis,
/// links, code, tables or HTML are backslash-escaped.
pub fn md_text(s: &str) -> String {
    let s = visible(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// An inline code span showing `s` exactly: the fence is longer than any run of
/// backticks inside, and padded when `s` starts or ends with one.
pub fn md_code(s: &str) -> String {
    let s = visible(s);
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A message: text with code spans in backticks, as rules write them (a span may use a
/// longer fence to hold backticks, as in Markdown). Code stays code, shown exactly; the
/// text around it is escaped, and so is a backtick run that closes nothing.
pub fn md_prose(s: &str) -> String {
    let b = s.as_bytes();
    let run_at = |i: usize| b[i..].iter().take_while(|&&c| c == b'`').count();
    let mut out = String::with_capacity(s.len() + 8);
    let mut text_start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let n = run_at(i);
        // The closing run: the next run of exactly `n` backticks.
        let mut j = i + n;
        let close = loop {
            match b[j..].iter().position(|&c| c == b'`') {
                None => break None,
                Some(p) => {
                    let at = j + p;
                    let m = run_at(at);
                    if m == n {
                        break Some(at);
                    }
                    j = at + m;
                }
            }
        };
        match close {
            Some(at) => {
                out.push_str(&md_text(&s[text_start..i]));
                let inner = &s[i + n..at];
                // Markdown strips one space on each side of a padded span.
                let inner = match inner.strip_prefix(' ').and_then(|x| x.strip_suffix(' ')) {
                    Some(x) if !x.trim().is_empty() => x,
                    _ => inner,
                };
                out.push_str(&md_code(inner));
                i = at + n;
                text_start = i;
            }
            None => i += n,
        }
    }
    out.push_str(&md_text(&s[text_start..]));
    out
}

/// A fence for a code block that holds `lines`: longer than any run of backticks in them.
pub fn md_fence<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let longest = lines
        .flat_map(|l| l.split(|c| c != '`').map(str::len))
        .max()
        .unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_from_the_tree_becomes_markup() {
        assert_eq!(visible("a\u{1b}[2Jb\nc\td"), "a\\u{1b}[2Jb\\u{a}c\td");
        assert_eq!(
            md_text("<img src=x onerror=alert(1)>"),
            "\\<img src=x onerror=alert(1)\\>"
        );
        assert_eq!(
            md_text("a|b *c* [d](e) &lt;"),
            "a\\|b \\*c\\* \\[d\\](e) &amp;lt;"
        );
        assert_eq!(md_code("plain"), "`plain`");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`x"), "`` `x ``");
        assert_eq!(
            md_prose("`POST /x` reads <b>`t`</b>"),
            "`POST /x` reads \\<b\\>`t`\\</b\\>"
        );
        assert_eq!(md_prose("odd ` tick <i>"), "odd \\` tick \\<i\\>");
        assert_eq!(
            md_prose("`` a !== `b` `` compares `S`"),
            "`` a !== `b` `` compares `S`"
        );
        assert_eq!(md_fence(["a ``` b", "c"].into_iter()), "````");
        assert_eq!(md_fence(["plain"].into_iter()), "```");
    }
}
