//! Next.js middleware matchers, evaluated the way Next.js does: each `config.matcher`
//! source is compiled with path-to-regexp (v6 semantics: `:param`, `*`/`+`/`?` modifiers,
//! raw `(regex)` groups with lookahead, `{}` groups) into an anchored regular expression.
//! Clerk's `createRouteMatcher` patterns use the same syntax.

use fancy_regex::Regex;

#[derive(Debug, PartialEq)]
enum Tok {
    Modifier(char),
    Escaped(char),
    Open,
    Close,
    Name(String),
    Pattern(String),
    Char(char),
}

fn lex(s: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' | '+' | '?' => {
                out.push(Tok::Modifier(c));
                i += 1;
            }
            '\\' => {
                let next = *chars.get(i + 1).ok_or("trailing backslash")?;
                out.push(Tok::Escaped(next));
                i += 2;
            }
            '{' => {
                out.push(Tok::Open);
                i += 1;
            }
            '}' => {
                out.push(Tok::Close);
                i += 1;
            }
            ':' => {
                let mut j = i + 1;
                let mut name = String::new();
                while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                    name.push(chars[j]);
                    j += 1;
                }
                if name.is_empty() {
                    return Err(format!("missing parameter name at {i}"));
                }
                out.push(Tok::Name(name));
                i = j;
            }
            '(' => {
                let mut count = 1;
                let mut pattern = String::new();
                let mut j = i + 1;
                if chars.get(j) == Some(&'?') {
                    return Err(format!("pattern cannot start with \"?\" at {j}"));
                }
                while j < chars.len() {
                    if chars[j] == '\\' {
                        pattern.push(chars[j]);
                        if let Some(n) = chars.get(j + 1) {
                            pattern.push(*n);
                        }
                        j += 2;
                        continue;
                    }
                    if chars[j] == ')' {
                        count -= 1;
                        if count == 0 {
                            j += 1;
                            break;
                        }
                    } else if chars[j] == '(' {
                        count += 1;
                        if chars.get(j + 1) != Some(&'?') {
                            return Err(format!("capturing groups are not allowed at {j}"));
                        }
                    }
                    pattern.push(chars[j]);
                    j += 1;
                }
                if count != 0 {
                    return Err(format!("unbalanced pattern at {i}"));
                }
                if pattern.is_empty() {
                    return Err(format!("missing pattern at {i}"));
                }
                out.push(Tok::Pattern(pattern));
                i = j;
            }
            _ => {
                out.push(Tok::Char(c));
                i += 1;
            }
        }
    }
    Ok(out)
}

enum Part {
    Text(String),
    Key {
        prefix: String,
        suffix: String,
        pattern: String,
        modifier: String,
    },
}

const DEFAULT_PATTERN: &str = r"[^\/#\?]+?";

fn take_name(toks: &[Tok], i: &mut usize) -> Option<String> {
    match toks.get(*i) {
        Some(Tok::Name(n)) => {
            *i += 1;
            Some(n.clone())
        }
        _ => None,
    }
}

fn take_pattern(toks: &[Tok], i: &mut usize) -> Option<String> {
    match toks.get(*i) {
        Some(Tok::Pattern(p)) => {
            *i += 1;
            Some(p.clone())
        }
        _ => None,
    }
}

fn parse(s: &str) -> Result<Vec<Part>, String> {
    let toks = lex(s)?;
    let mut parts = Vec::new();
    let mut path = String::new();
    let mut i = 0;
    let modifier = |i: &mut usize| match toks.get(*i) {
        Some(Tok::Modifier(m)) => {
            *i += 1;
            m.to_string()
        }
        _ => String::new(),
    };
    while i < toks.len() {
        let ch = match toks.get(i) {
            Some(Tok::Char(c)) => {
                i += 1;
                Some(*c)
            }
            _ => None,
        };
        let name = take_name(&toks, &mut i);
        let pattern = take_pattern(&toks, &mut i);
        if name.is_some() || pattern.is_some() {
            let mut prefix = ch.map(String::from).unwrap_or_default();
            if !(prefix == "/" || prefix == "." || prefix.is_empty()) {
                path.push_str(&prefix);
                prefix.clear();
            }
            if !path.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut path)));
            }
            let m = modifier(&mut i);
            parts.push(Part::Key {
                prefix,
                suffix: String::new(),
                pattern: pattern.unwrap_or_else(|| DEFAULT_PATTERN.into()),
                modifier: m,
            });
            continue;
        }
        if let Some(c) = ch {
            path.push(c);
            continue;
        }
        if let Some(Tok::Escaped(c)) = toks.get(i) {
            path.push(*c);
            i += 1;
            continue;
        }
        if !path.is_empty() {
            parts.push(Part::Text(std::mem::take(&mut path)));
        }
        if toks.get(i) == Some(&Tok::Open) {
            i += 1;
            let text = |i: &mut usize| {
                let mut t = String::new();
                while let Some(Tok::Char(c) | Tok::Escaped(c)) = toks.get(*i) {
                    t.push(*c);
                    *i += 1;
                }
                t
            };
            let prefix = text(&mut i);
            let name = take_name(&toks, &mut i);
            let pattern = take_pattern(&toks, &mut i);
            let suffix = text(&mut i);
            if toks.get(i) != Some(&Tok::Close) {
                return Err("expected `}`".into());
            }
            i += 1;
            let m = modifier(&mut i);
            let pattern = match (name, pattern) {
                (_, Some(p)) => p,
                (Some(_), None) => DEFAULT_PATTERN.into(),
                (None, None) => String::new(),
            };
            parts.push(Part::Key {
                prefix,
                suffix,
                pattern,
                modifier: m,
            });
            continue;
        }
        return Err(format!("unexpected token at {i}"));
    }
    if !path.is_empty() {
        parts.push(Part::Text(path));
    }
    Ok(parts)
}

fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if ".+*?=^!:${}()[]|/\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Compiles a path-to-regexp source (non-strict, anchored at both ends) to a regex string.
pub fn to_regex_source(source: &str) -> Result<String, String> {
    let mut route = String::from("^");
    for part in parse(source)? {
        match part {
            Part::Text(t) => route.push_str(&escape(&t)),
            Part::Key {
                prefix,
                suffix,
                pattern,
                modifier,
            } => {
                let (prefix, suffix) = (escape(&prefix), escape(&suffix));
                if pattern.is_empty() {
                    route.push_str(&format!("(?:{prefix}{suffix}){modifier}"));
                } else if !prefix.is_empty() || !suffix.is_empty() {
                    if modifier == "+" || modifier == "*" {
                        let m = if modifier == "*" { "?" } else { "" };
                        route.push_str(&format!("(?:{prefix}((?:{pattern})(?:{suffix}{prefix}(?:{pattern}))*){suffix}){m}"));
                    } else {
                        route.push_str(&format!("(?:{prefix}({pattern}){suffix}){modifier}"));
                    }
                } else if modifier == "+" || modifier == "*" {
                    route.push_str(&format!("((?:{pattern}){modifier})"));
                } else {
                    route.push_str(&format!("({pattern}){modifier}"));
                }
            }
        }
    }
    route.push_str(r"[\/#\?]?$");
    Ok(route)
}

pub fn compile(source: &str) -> Result<Regex, String> {
    let re = to_regex_source(source)?;
    Regex::new(&re).map_err(|e| format!("`{source}`: {e}"))
}

/// A concrete request path for a route pattern: `[id]` → `1`, `[...slug]` → `a/b`,
/// `[[...slug]]` → nothing.
pub fn sample_path(route: &str) -> String {
    let mut out = String::new();
    for seg in route.split('/').filter(|s| !s.is_empty()) {
        if seg.starts_with("[[...") {
            continue;
        }
        out.push('/');
        if seg.starts_with("[...") {
            out.push_str("a/b");
        } else if seg.starts_with('[') || seg.starts_with(':') {
            out.push('1');
        } else if seg == "*" {
            out.push('x');
        } else {
            out.push_str(seg);
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(src: &str, path: &str) -> bool {
        compile(src).unwrap().is_match(path).unwrap()
    }

    #[test]
    fn params_and_modifiers() {
        assert!(m("/dashboard/:path*", "/dashboard"));
        assert!(m("/dashboard/:path*", "/dashboard/a/b"));
        assert!(!m("/dashboard/:path*", "/dashboards"));
        assert!(m("/api/:path+", "/api/x"));
        assert!(!m("/api/:path+", "/api"));
        assert!(m("/about/:id?", "/about"));
        assert!(m("/about", "/about/"));
    }

    #[test]
    fn negative_lookahead_like_nextjs_templates() {
        let src = "/((?!api|_next/static|_next/image|favicon.ico).*)";
        assert!(m(src, "/"));
        assert!(m(src, "/dashboard"));
        assert!(!m(src, "/api/deals"));
        assert!(!m(src, "/_next/static/x.js"));
        let supa =
            r"/((?!_next/static|_next/image|favicon.ico|.*\.(?:svg|png|jpg|jpeg|gif|webp)$).*)";
        assert!(m(supa, "/api/deals/1"));
        assert!(!m(supa, "/logo.png"));
    }

    #[test]
    fn clerk_patterns() {
        assert!(m("/sign-in(.*)", "/sign-in"));
        assert!(m("/sign-in(.*)", "/sign-in/factor-one"));
        assert!(m("/api/webhooks(.*)", "/api/webhooks/stripe"));
        assert!(!m("/api/webhooks(.*)", "/api/deals"));
        assert!(m("/", "/"));
    }

    #[test]
    fn samples() {
        assert_eq!(sample_path("/api/deals/[id]"), "/api/deals/1");
        assert_eq!(sample_path("/docs/[[...slug]]"), "/docs");
        assert_eq!(sample_path("/blog/[...slug]"), "/blog/a/b");
        assert_eq!(sample_path("/"), "/");
    }

    #[test]
    fn bad_sources_are_errors() {
        assert!(compile("/(foo").is_err());
        assert!(compile("/:").is_err());
    }
}
