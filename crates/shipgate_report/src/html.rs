//! `--format html`: one self-contained page (inline CSS, inline script, no network loads)
//! with the verdict, a score chart per category, the problems (P0/P1/P2), sortable and filterable
//! findings with code excerpts, the pre-deploy checklist and the inventories.

use crate::problems;
use crate::roadmap::{self, Priority};
use crate::{Report, ReportFinding};
use shipgate_model::{CheckStatus, Guard, Severity};
use std::fmt::Write;

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escaped text with `code` spans (backtick pairs) as `<code>`.
fn prose(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    // An odd backtick count leaves the last span open: print it as text.
    let balanced = parts.len() % 2 == 1;
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 && (balanced || i + 1 < parts.len()) {
            let _ = write!(out, "<code>{}</code>", esc(part));
        } else {
            if i % 2 == 1 {
                out.push('`');
            }
            out.push_str(&esc(part));
        }
    }
    out
}

fn sev_rank(s: Severity) -> usize {
    Severity::ALL.iter().position(|x| *x == s).unwrap_or(4)
}

fn score_class(score: u32) -> &'static str {
    match score {
        90.. => "good",
        60..=89 => "fair",
        _ => "poor",
    }
}

const STYLE: &str = r#"
:root{--crit:#b3122e;--high:#d9480f;--med:#b08900;--low:#1c7ed6;--info:#868e96;--ok:#2b8a3e;--bg:#f8f9fa;--fg:#212529;--line:#dee2e6}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:17px;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:14px;margin:16px 0 6px}
code,pre{font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
code{background:#eef0f2;padding:0 3px;border-radius:3px}
.hero{display:flex;gap:24px;align-items:center;background:#fff;border:1px solid var(--line);border-radius:8px;padding:20px}
.verdict{font-size:26px;font-weight:700;padding:10px 18px;border-radius:6px;color:#fff;white-space:nowrap}
.v-not-ready{background:var(--crit)}.v-ready-with-risks{background:var(--high)}.v-ready{background:var(--ok)}
.score{font-size:40px;font-weight:700}.score small{font-size:16px;color:#666}
.counts span{display:inline-block;margin-right:10px}
.pill{display:inline-block;padding:0 7px;border-radius:10px;color:#fff;font-size:12px;font-weight:600}
.s-critical{background:var(--crit)}.s-high{background:var(--high)}.s-medium{background:var(--med)}.s-low{background:var(--low)}.s-info{background:var(--info)}
.chart{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px}
.bar{display:grid;grid-template-columns:260px 1fr 48px;gap:10px;align-items:center;margin:4px 0}
.track{background:#e9ecef;border-radius:4px;height:14px;overflow:hidden}
.fill{height:100%}.good{background:var(--ok)}.fair{background:var(--med)}.poor{background:var(--crit)}
.na{color:#888;font-style:italic}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line)}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:#f1f3f5;position:sticky;top:0}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th::after{content:" \2195";color:#aaa}
details summary{cursor:pointer}
pre.excerpt{background:#f8f9fa;border:1px solid var(--line);border-radius:4px;padding:6px 8px;overflow-x:auto;margin:6px 0}
pre.excerpt .hit{background:#fff3bf;display:block}
.fix{margin:6px 0}.related{margin:4px 0 4px 16px;padding:0}
.roadmap ol{margin:4px 0 12px}.roadmap li{margin:3px 0}
.effort{color:#555;font-size:12px}
.check li{list-style:none;margin:2px 0}.check{padding-left:4px}
.pass{color:var(--ok);font-weight:700}.fail{color:var(--crit);font-weight:700}
.tools{margin:8px 0}.tools input[type=search]{padding:4px 8px;width:320px;border:1px solid var(--line);border-radius:4px;margin-right:6px}
#findings{table-layout:fixed}#findings th:nth-child(1){width:56px}#findings th:nth-child(2){width:90px}
#findings th:nth-child(3){width:170px}#findings th:nth-child(4){width:210px}#findings th:nth-child(6){width:72px}
#findings td{overflow-wrap:anywhere}
.tools label{margin-left:10px}
footer{margin:32px 0;color:#666;font-size:12px}
"#;

const SCRIPT: &str = r#"
(function(){
  document.documentElement.classList.add('js');
  function key(td){var k=td.getAttribute('data-key');return k!==null?k:td.textContent.trim().toLowerCase();}
  document.querySelectorAll('table.sortable').forEach(function(t){
    t.querySelectorAll('th').forEach(function(th,i){
      th.addEventListener('click',function(){
        var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
        var asc=th.getAttribute('data-dir')!=='asc';
        t.querySelectorAll('th').forEach(function(o){o.removeAttribute('data-dir');});
        th.setAttribute('data-dir',asc?'asc':'desc');
        rows.sort(function(a,b){
          var x=key(a.cells[i]),y=key(b.cells[i]);
          var nx=parseFloat(x),ny=parseFloat(y);
          var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
          return asc?c:-c;
        });
        rows.forEach(function(r){body.appendChild(r);});
      });
    });
  });
  var q=document.getElementById('filter'),boxes=document.querySelectorAll('input[data-sev]');
  function apply(){
    var text=(q&&q.value||'').toLowerCase(),on={};
    boxes.forEach(function(b){on[b.getAttribute('data-sev')]=b.checked;});
    document.querySelectorAll('#findings tbody tr').forEach(function(r){
      var show=on[r.getAttribute('data-sev')]!==false&&(!text||r.textContent.toLowerCase().indexOf(text)>=0);
      r.style.display=show?'':'none';
    });
  }
  if(q){q.addEventListener('input',apply);}
  boxes.forEach(function(b){b.addEventListener('change',apply);});
  document.body.setAttribute('data-ready','1');
})();
"#;

pub fn render(r: &Report) -> String {
    let m = r.model;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>shipgate: {} · {}</title>\n<style>{STYLE}</style></head>\n<body><main>",
        esc(&m.root),
        r.verdict.as_str()
    );
    hero(r, &mut out);
    chart(r, &mut out);
    problems_section(r, &mut out);
    findings(r, &mut out);
    checklist(r, &mut out);
    inventories(r, &mut out);
    let _ = writeln!(
        out,
        "<footer>{} · {} files walked, {} JS/TS files parsed ({} lines).</footer>\n</main><script>{SCRIPT}</script></body></html>",
        esc(&r.provenance()),
        m.stats.files_walked,
        m.stats.files_parsed,
        m.stats.lines_parsed
    );
    out
}

fn hero(r: &Report, out: &mut String) {
    let m = r.model;
    let label = r.verdict.label();
    let _ = writeln!(
        out,
        "<h1>shipgate audit: <code>{}</code></h1>",
        esc(&m.root)
    );
    let _ = writeln!(
        out,
        "<section class=\"hero\"><div class=\"verdict v-{}\">{label}</div><div class=\"score\">{}<small>/100</small></div><div>",
        r.verdict.as_str(),
        r.score
    );
    let _ = writeln!(
        out,
        "<div><strong>{}</strong>.</div>",
        esc(r.verdict.headline())
    );
    let _ = write!(out, "<div class=\"counts\">");
    for s in Severity::ALL {
        let _ = write!(
            out,
            "<span><span class=\"pill s-{0}\">{1}</span> {0}</span>",
            s.as_str(),
            r.count(s)
        );
    }
    let _ = writeln!(out, "</div>");
    let by_guard = |g: Guard| m.routes.iter().filter(|rt| rt.guard == g).count();
    let _ = writeln!(
        out,
        "<div>{} routes ({} in-route, {} middleware-only, {} verified, {} public), {} pages. Stack: {}.</div>",
        m.routes.len(),
        by_guard(Guard::InRoute),
        by_guard(Guard::Middleware),
        by_guard(Guard::Verified),
        by_guard(Guard::Public),
        m.pages.len(),
        if m.stack.is_empty() {
            "not detected".to_string()
        } else {
            esc(&m.stack.join(", "))
        }
    );
    if let Some(b) = r.baseline {
        let _ = writeln!(
            out,
            "<div>Baseline: <strong>{} new</strong> finding(s); {} already in the baseline; {} fixed since.</div>",
            b.new,
            b.known,
            r.fixed.len()
        );
    }
    let _ = writeln!(out, "</div></section>");
}

fn chart(r: &Report, out: &mut String) {
    let _ = writeln!(out, "<h2>Score by category</h2><div class=\"chart\">");
    for cat in shipgate_model::Category::ALL {
        if !r.rules.iter().any(|m| m.category == cat) {
            continue;
        }
        match r.categories.iter().find(|c| c.category == cat) {
            Some(c) => {
                let _ = writeln!(
                    out,
                    "<div class=\"bar\"><span>{}</span><div class=\"track\"><div class=\"fill {}\" style=\"width:{}%\"></div></div><strong>{}</strong></div>",
                    esc(cat.title()),
                    score_class(c.score),
                    c.score.max(1),
                    c.score
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "<div class=\"bar\"><span>{}</span><span class=\"na\">no check applied</span><span></span></div>",
                    esc(cat.title())
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "</div><p class=\"effort\">Each category starts at 100 and loses, per severity, 40 (critical), 20 (high), 6 (medium) or 2 (low) points for the first finding and as much again for each doubling of the count. The health is the weighted mean of the categories (auth, tenancy and database count three times, integrations, API, configuration and storage twice); the verdict sets the score's band (0–49, 50–79, 80–100) and the health places the app in it.</p>"
    );
}

/// A problem's title in HTML: the subject as code, what it lets happen as text.
fn problem_title(p: &problems::Problem) -> String {
    match p.subject {
        shipgate_model::Subject::Rule(_) => esc(&p.what),
        _ => format!(
            "{}<code>{}</code>: {}",
            problems::subject_prefix(&p.subject),
            esc(p.subject.name()),
            esc(&p.what)
        ),
    }
}

fn finding_link(n: usize, f: &ReportFinding) -> String {
    format!(
        "<a href=\"#f{n}\">F{n}</a> <code>{}</code> <span class=\"pill s-{}\">{}</span> <code>{}</code>",
        esc(f.finding.rule),
        f.finding.severity,
        f.finding.severity,
        esc(&f.location())
    )
}

/// The problems under P0/P1/P2, each with its impact, findings and one fix per rule;
/// runs of look-alike problems fold into one item with the rest behind a click.
fn problems_section(r: &Report, out: &mut String) {
    use problems::{Entry, build, entries, subject_plural};
    let all = build(r);
    let listed: Vec<_> = all
        .iter()
        .filter(|p| Priority::of(p.severity).is_some())
        .cloned()
        .collect();
    let _ = writeln!(
        out,
        "<h2>Problems ({})</h2><div class=\"roadmap problems\">",
        listed.len()
    );
    if listed.is_empty() {
        let _ = writeln!(out, "<p>Nothing to fix above <code>info</code>.</p></div>");
        return;
    }
    for prio in Priority::ALL {
        let _ = writeln!(out, "<h3>{}</h3>", esc(prio.title()));
        let mine: Vec<_> = listed
            .iter()
            .filter(|p| Priority::of(p.severity) == Some(prio))
            .cloned()
            .collect();
        if mine.is_empty() {
            let _ = writeln!(out, "<p>None.</p>");
            continue;
        }
        let _ = writeln!(out, "<ol>");
        for e in entries(&mine, 3) {
            match e {
                Entry::One(p) => {
                    let _ = write!(
                        out,
                        "<li class=\"problem\" data-sev=\"{0}\"><details{1}><summary><span class=\"pill s-{0}\">{0}</span> <strong>{2}</strong></summary>",
                        p.severity,
                        if p.severity == Severity::Critical {
                            " open"
                        } else {
                            ""
                        },
                        problem_title(p)
                    );
                    if matches!(p.severity, Severity::Critical | Severity::High)
                        && let Some(impact) = p.impact()
                    {
                        let _ = write!(
                            out,
                            "<div class=\"impact\"><strong>Impact:</strong> {}</div>",
                            prose(&impact)
                        );
                    }
                    let _ = write!(out, "<ul class=\"related\">");
                    for (n, f) in &p.findings {
                        let _ = write!(out, "<li>{}</li>", finding_link(*n, f));
                    }
                    let _ = write!(out, "</ul><div class=\"fix\"><strong>Fix:</strong><ul>");
                    for (rule, fix) in p.fixes() {
                        let _ = write!(out, "<li><code>{}</code>: {}</li>", esc(rule), prose(fix));
                    }
                    let _ = writeln!(
                        out,
                        "</ul></div><span class=\"effort\">Effort: {}.</span></details></li>",
                        p.rules[0].effort.as_str()
                    );
                }
                Entry::Repeat {
                    rule,
                    severity,
                    problems,
                } => {
                    let first = problems[0];
                    let _ = write!(
                        out,
                        "<li class=\"problem\" data-sev=\"{severity}\"><details><summary><span class=\"pill s-{severity}\">{severity}</span> <strong><code>{}</code> in {} {}: {}</strong></summary><ul class=\"related\">",
                        esc(rule.id),
                        problems.len(),
                        subject_plural(&first.subject),
                        esc(rule.problem)
                    );
                    for p in &problems {
                        for (n, f) in &p.findings {
                            let _ = write!(out, "<li>{}</li>", finding_link(*n, f));
                        }
                    }
                    let _ = writeln!(
                        out,
                        "</ul><div class=\"fix\"><strong>Fix:</strong> {} (and the same in each of the others).</div><span class=\"effort\">Effort: {}.</span></details></li>",
                        prose(&first.findings[0].1.finding.fix),
                        rule.effort.as_str()
                    );
                }
            }
        }
        let _ = writeln!(out, "</ol>");
    }
    let _ = writeln!(out, "</div>");
}

fn finding_row(r: &Report, n: usize, f: &ReportFinding, out: &mut String) {
    let sev = f.finding.severity;
    let _ = write!(
        out,
        "<tr id=\"f{n}\" data-sev=\"{sev}\"><td data-key=\"{n}\">F{n}</td><td data-key=\"{}\"><span class=\"pill s-{sev}\">{sev}</span></td><td><code>{}</code></td><td data-key=\"{}\"><code>{}</code></td><td><details{}><summary>{}</summary>",
        sev_rank(sev),
        esc(f.finding.rule),
        esc(&format!(
            "{}:{:08}",
            f.file.as_deref().unwrap_or("~"),
            f.line
        )),
        esc(&f.location()),
        // Blockers show their code and fix without a click.
        if sev == Severity::Critical {
            " open"
        } else {
            ""
        },
        prose(&f.finding.message)
    );
    if matches!(sev, Severity::Critical | Severity::High)
        && let Some(impact) = r
            .rules
            .iter()
            .find(|m| m.id == f.finding.rule)
            .and_then(|m| m.impact())
    {
        let _ = write!(
            out,
            "<div class=\"impact\"><strong>Impact:</strong> {}</div>",
            prose(&impact)
        );
    }
    let lines = r.excerpt(f);
    if !lines.is_empty() {
        let _ = write!(out, "<pre class=\"excerpt\">");
        let width = lines.last().map_or(1, |l| l.number.to_string().len());
        for l in &lines {
            let text = format!("{:>width$} | {}", l.number, l.text);
            if l.marked {
                let _ = write!(out, "<span class=\"hit\">{}</span>", esc(&text));
            } else {
                let _ = writeln!(out, "{}", esc(&text));
            }
        }
        let _ = write!(out, "</pre>");
    }
    if !f.finding.related.is_empty() {
        let _ = write!(out, "<ul class=\"related\">");
        for rel in &f.finding.related {
            let _ = write!(
                out,
                "<li><code>{}</code>: {}</li>",
                esc(&r.describe(rel.at)),
                prose(&rel.message)
            );
        }
        let _ = write!(out, "</ul>");
    }
    let _ = writeln!(
        out,
        "<div class=\"fix\"><strong>Fix:</strong> {}</div></details></td><td data-key=\"{}\">{}{}</td></tr>",
        prose(&f.finding.fix),
        f.points,
        f.points,
        match (r.baseline.is_some(), f.baselined) {
            (true, true) => " (baseline)",
            (true, false) => " <strong>new</strong>",
            _ => "",
        }
    );
}

fn findings(r: &Report, out: &mut String) {
    let _ = writeln!(out, "<h2>Findings ({})</h2>", r.findings.len());
    if r.findings.is_empty() {
        let _ = writeln!(out, "<p>No findings.</p>");
        return;
    }
    let _ = write!(
        out,
        "<div class=\"tools\"><input id=\"filter\" type=\"search\" placeholder=\"Filter by rule, file or text\" aria-label=\"Filter findings\">"
    );
    for s in Severity::ALL {
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" data-sev=\"{s}\" checked> {s}</label>"
        );
    }
    let _ = writeln!(
        out,
        "</div>\n<table id=\"findings\" class=\"sortable\"><thead><tr><th>#</th><th>Severity</th><th>Rule</th><th>Location</th><th>Finding (click for code and fix)</th><th>Points</th></tr></thead><tbody>"
    );
    for (n, i) in roadmap::display_order(r).into_iter().enumerate() {
        finding_row(r, n + 1, &r.findings[i], out);
    }
    let _ = writeln!(out, "</tbody></table>");
}

fn checklist(r: &Report, out: &mut String) {
    let _ = writeln!(out, "<h2>Pre-deploy checklist</h2>");
    for cat in shipgate_model::Category::ALL {
        let mine: Vec<_> = r
            .checks
            .iter()
            .filter(|c| c.meta.category == cat && c.status != CheckStatus::NotApplicable)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<h3>{}</h3><ul class=\"check\">", esc(cat.title()));
        for c in mine {
            if c.status == CheckStatus::Pass {
                let _ = writeln!(
                    out,
                    "<li><span class=\"pass\">✓</span> <code>{}</code>: {}. <span class=\"effort\">{}</span></li>",
                    esc(c.meta.id),
                    esc(c.meta.summary),
                    prose(c.evidence.as_deref().unwrap_or("no finding"))
                );
            } else {
                let _ = writeln!(
                    out,
                    "<li><span class=\"fail\">✗</span> <code>{}</code>: {}. <strong>{} finding{}</strong></li>",
                    esc(c.meta.id),
                    esc(c.meta.summary),
                    c.findings,
                    if c.findings == 1 { "" } else { "s" }
                );
            }
        }
        let _ = writeln!(out, "</ul>");
    }
    let na: Vec<String> = r
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::NotApplicable)
        .map(|c| format!("<code>{}</code>", esc(c.meta.id)))
        .collect();
    if !na.is_empty() {
        let _ = writeln!(out, "<p class=\"na\">Did not apply: {}.</p>", na.join(", "));
    }
}

fn inventories(r: &Report, out: &mut String) {
    let m = r.model;
    let _ = writeln!(out, "<h2>Routes ({})</h2>", m.routes.len());
    if !m.routes.is_empty() {
        let _ = writeln!(
            out,
            "<table class=\"sortable\"><thead><tr><th>Method</th><th>Path</th><th>Guard</th><th>Evidence</th><th>Handler</th></tr></thead><tbody>"
        );
        for rt in &m.routes {
            let evidence = crate::route_evidence(rt);
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                esc(&rt.method),
                esc(&rt.path),
                rt.guard.as_str(),
                prose(&evidence),
                esc(&m.describe(rt.at))
            );
        }
        let _ = writeln!(out, "</tbody></table>");
    }
    let _ = writeln!(out, "<h2>Pages ({})</h2>", m.pages.len());
    if !m.pages.is_empty() {
        let _ = writeln!(
            out,
            "<table class=\"sortable\"><thead><tr><th>Path</th><th>Kind</th><th>Middleware requires sign-in</th><th>File</th></tr></thead><tbody>"
        );
        for p in &m.pages {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                esc(&p.path),
                if p.dynamic { "dynamic" } else { "static" },
                if p.middleware_guarded { "yes" } else { "no" },
                esc(m.path(p.file))
            );
        }
        let _ = writeln!(out, "</tbody></table>");
    }
    let tables: Vec<_> = m.schema.tables.iter().filter(|t| !t.external).collect();
    if !tables.is_empty() {
        let _ = writeln!(
            out,
            "<h2>Database tables ({})</h2><table class=\"sortable\"><thead><tr><th>Table</th><th>RLS</th><th>Policies</th><th>Defined at</th></tr></thead><tbody>",
            tables.len()
        );
        for t in tables {
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td data-key=\"{}\">{}</td><td><code>{}</code></td></tr>",
                esc(&t.qualified()),
                if t.rls.is_some() {
                    "on"
                } else {
                    "<strong>off</strong>"
                },
                t.policies.len(),
                t.policies.len(),
                esc(&m.describe(t.at))
            );
        }
        let _ = writeln!(out, "</tbody></table>");
    }
    if !m.middleware.is_empty() {
        let _ = writeln!(out, "<h2>Middleware</h2><ul>");
        for mw in &m.middleware {
            let matchers = crate::matcher_list(mw, |x| format!("<code>{}</code>", esc(x)));
            let _ = writeln!(
                out,
                "<li><code>{}</code>: {}. Matcher: {matchers}.</li>",
                esc(&m.describe(mw.at)),
                prose(&mw.evidence)
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    if !m.skipped.is_empty() {
        let _ = writeln!(out, "<h2>Skipped files</h2><ul>");
        for s in &m.skipped {
            let _ = writeln!(
                out,
                "<li><code>{}</code>: {}</li>",
                esc(&s.path),
                esc(&s.reason)
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(
        out,
        "<h2>What was not checked</h2><ul class=\"not-checked\">"
    );
    for (what, how) in r.not_checked() {
        let _ = writeln!(
            out,
            "<li>{}. Check with {}.</li>",
            prose(&what),
            prose(&how)
        );
    }
    let _ = writeln!(out, "</ul>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_renders_code_spans() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            prose("uses `<script>` here"),
            "uses <code>&lt;script&gt;</code> here"
        );
        // An unbalanced backtick stays literal.
        assert_eq!(prose("a `b"), "a `b");
    }
}
