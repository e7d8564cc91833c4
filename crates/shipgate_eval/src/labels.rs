//! `eval/labels/<owner>__<name>.tsv`: one line per judged finding, tab-separated:
//! `verdict  expected  rule  file  entity  reason`.
//!
//! - `tp`: real, and `expected` is the severity it deserves (critical or high).
//! - `ws`: real, but wrongly rated; `expected` is the right severity.
//! - `fp`: not real (`expected` is `-`).
//! - `missed`: a serious flaw found by reading the code that shipgate did not report at
//!   high or above; `rule` is the rule that should catch it (or `-`).
//! - `?`: not judged yet (written by `--triage`).
//!
//! A finding is matched by rule, file and entity (a route such as `POST /api/x`, a table,
//! or the file), never by line, so labels survive changes to shipgate's wording.

use shipgate_model::Severity;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Tp,
    WrongSeverity,
    Fp,
    Missed,
    Unjudged,
}

#[derive(Debug, Clone)]
pub struct Label {
    pub verdict: Verdict,
    pub expected: Option<Severity>,
    pub rule: String,
    pub file: String,
    pub entity: String,
    pub reason: String,
}

impl Label {
    pub fn key(&self) -> (&str, &str, &str) {
        (&self.rule, &self.file, &self.entity)
    }
}

pub const HEADER: &str = "verdict\texpected\trule\tfile\tentity\treason";

pub fn parse(text: &str, name: &str) -> Result<Vec<Label>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line == HEADER {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 {
            return Err(format!(
                "{name}:{}: expected 6 tab-separated columns",
                i + 1
            ));
        }
        let verdict = match cols[0] {
            "tp" => Verdict::Tp,
            "ws" => Verdict::WrongSeverity,
            "fp" => Verdict::Fp,
            "missed" => Verdict::Missed,
            "?" => Verdict::Unjudged,
            other => return Err(format!("{name}:{}: unknown verdict `{other}`", i + 1)),
        };
        let expected = match cols[1] {
            "-" | "" => None,
            s => Some(
                s.parse::<Severity>()
                    .map_err(|e| format!("{name}:{}: {e}", i + 1))?,
            ),
        };
        if matches!(verdict, Verdict::Tp | Verdict::WrongSeverity) && expected.is_none() {
            return Err(format!(
                "{name}:{}: a real finding needs the severity it deserves",
                i + 1
            ));
        }
        out.push(Label {
            verdict,
            expected,
            rule: cols[2].to_string(),
            file: cols[3].to_string(),
            entity: cols[4].to_string(),
            reason: cols.get(5).copied().unwrap_or("").to_string(),
        });
    }
    Ok(out)
}

/// One line of a label file.
pub fn line(
    verdict: &str,
    expected: &str,
    rule: &str,
    file: &str,
    entity: &str,
    reason: &str,
) -> String {
    let clean = |s: &str| s.replace(['\t', '\n'], " ");
    let mut s = String::new();
    let _ = write!(
        s,
        "{verdict}\t{expected}\t{}\t{}\t{}\t{}",
        clean(rule),
        clean(file),
        clean(entity),
        clean(reason)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_verdict_and_rejects_bad_lines() {
        let text = format!(
            "{HEADER}\n# comment\ntp\tcritical\tauth/x\ta.ts\tPOST /a\treal\nws\tmedium\tauth/y\ta.ts\tGET /a\ttoo high\nfp\t-\tdb/z\t-\tpublic.t\twrong\nmissed\thigh\t-\tb.ts\tGET /b\topen admin\n?\t-\tapi/q\tc.ts\tc.ts\t\n"
        );
        let labels = parse(&text, "t").unwrap();
        assert_eq!(labels.len(), 5);
        assert_eq!(labels[1].verdict, Verdict::WrongSeverity);
        assert_eq!(labels[1].expected, Some(Severity::Medium));
        assert_eq!(labels[2].key(), ("db/z", "-", "public.t"));
        assert!(
            parse("tp\t-\ta\tb\tc\td", "t").is_err(),
            "tp needs a severity"
        );
        assert!(parse("maybe\thigh\ta\tb\tc\td", "t").is_err());
        assert!(parse("tp\thigh", "t").is_err());
    }

    #[test]
    fn lines_never_break_the_format() {
        let l = line("?", "-", "r", "f", "e", "a\tb\nc");
        assert_eq!(parse(&l, "t").unwrap()[0].reason, "a b c");
    }
}
