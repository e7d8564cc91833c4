//! `--format html`: one self-contained page (inline CSS, inline script, no network loads)
//! with the verdict, a score chart per category, the problems (P0/P1/P2), sortable and filterable
//! findings with code excerpts, the pre-deploy checklist, filterable inventories and the docs
//! of every rule that fired. Follows the system's dark mode; prints with every section open.
//! Filters can be set from the address (`?q=devices&sev=critical,high&routes-guard=public`).

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
:root{--crit:#b3122e;--high:#d9480f;--med:#b08900;--low:#1c7ed6;--info:#868e96;--ok:#2b8a3e;--bg:#f8f9fa;--fg:#212529;--line:#dee2e6;--card:#fff;--code:#eef0f2;--head:#f1f3f5;--track:#e9ecef;--hit:#fff3bf;--muted:#555}
@media (prefers-color-scheme:dark){:root{--bg:#16181b;--fg:#e4e6e8;--line:#3a3f44;--card:#1f2226;--code:#2b3035;--head:#262a2f;--track:#33383d;--hit:#4d4320;--muted:#aab0b6;--info:#9aa1a8}a{color:#74b0ff}}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:17px;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:14px;margin:16px 0 6px}
code,pre{font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
code{background:var(--code);padding:0 3px;border-radius:3px}
.hero{display:flex;gap:24px;align-items:center;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:20px}
.verdict{font-size:26px;font-weight:700;padding:10px 18px;border-radius:6px;color:#fff;white-space:nowrap}
.v-not-ready{background:var(--crit)}.v-ready-with-risks{background:var(--high)}.v-ready{background:var(--ok)}
.score{font-size:40px;font-weight:700}.score small{font-size:16px;color:#666}
.counts span{display:inline-block;margin-right:10px}
.pill{display:inline-block;padding:0 7px;border-radius:10px;color:#fff;font-size:12px;font-weight:600}
.s-critical{background:var(--crit)}.s-high{background:var(--high)}.s-medium{background:var(--med)}.s-low{background:var(--low)}.s-info{background:var(--info)}
.chart{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px}
.bar{display:grid;grid-template-columns:260px 1fr 48px;gap:10px;align-items:center;margin:4px 0}
.track{background:var(--track);border-radius:4px;height:14px;overflow:hidden}
.fill{height:100%}.good{background:var(--ok)}.fair{background:var(--med)}.poor{background:var(--crit)}
.na{color:#888;font-style:italic}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line)}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:var(--head);position:sticky;top:0}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th::after{content:" \2195";color:#aaa}
details summary{cursor:pointer}
pre.excerpt{background:var(--bg);border:1px solid var(--line);border-radius:4px;padding:6px 8px;overflow-x:auto;margin:6px 0}
pre.excerpt .hit{background:var(--hit);display:block}
.fix{margin:6px 0}.related{margin:4px 0 4px 16px;padding:0}
.roadmap ol{margin:4px 0 12px}.roadmap li{margin:3px 0}
.effort{color:var(--muted);font-size:12px}
.check li{list-style:none;margin:2px 0}.check{padding-left:4px}
.pass{color:var(--ok);font-weight:700}.fail{color:var(--crit);font-weight:700}
.tools{margin:8px 0}.tools input[type=search]{padding:4px 8px;width:320px;border:1px solid var(--line);border-radius:4px;margin-right:6px}
#findings{table-layout:fixed}#findings th:nth-child(1){width:56px}#findings th:nth-child(2){width:90px}
#findings th:nth-child(3){width:170px}#findings th:nth-child(4){width:210px}#findings th:nth-child(6){width:72px}
#findings td{overflow-wrap:anywhere}
.tools label{margin-left:10px}
footer{margin:32px 0;color:var(--muted);font-size:12px}
.tools select{padding:3px 6px;border:1px solid var(--line);border-radius:4px;background:var(--card);color:var(--fg)}
.tools input[type=search]{background:var(--card);color:var(--fg)}
.rule-doc{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:4px 12px;margin:8px 0}
.rule-doc h4{margin:10px 0 4px;font-size:13px}
.problems li.problem{margin:6px 0}
@media print{
:root{--bg:#fff;--fg:#000;--card:#fff;--code:#f1f3f5;--head:#f1f3f5;--line:#bbb}
body{font-size:11px}main{max-width:none;padding:0}
.tools,#rules-docs{display:none}
details>summary{list-style:none}
tr,li.problem,.rule-doc{break-inside:avoid}
th{position:static}
a{color:inherit;text-decoration:none}
}
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
  var boxes=document.querySelectorAll('input[data-sev]');
  function sevOn(){var on={};boxes.forEach(function(b){on[b.getAttribute('data-sev')]=b.checked;});return on;}
  function matches(el,text){return !text||el.textContent.toLowerCase().indexOf(text)>=0;}
  // Each filter box names what it filters (data-target: a CSS selector of rows or items)
  // and, optionally, a select that narrows one column (data-column, data-select).
  function apply(){
    var on=sevOn();
    document.querySelectorAll('[data-target]').forEach(function(box){
      var text=(box.value||'').toLowerCase();
      var sel=box.getAttribute('data-select')&&document.getElementById(box.getAttribute('data-select'));
      var col=box.getAttribute('data-column');
      var want=sel?sel.value:'';
      document.querySelectorAll(box.getAttribute('data-target')).forEach(function(row){
        var sev=row.getAttribute('data-sev');
        var show=(sev===null||on[sev]!==false)&&matches(row,text);
        if(show&&want&&col!==null){show=row.getAttribute('data-'+col)===want;}
        row.style.display=show?'':'none';
      });
    });
  }
  // Filters can be set from the address: report.html?q=devices&sev=critical,high&routes=public
  var params=new URLSearchParams(location.search);
  document.querySelectorAll('[data-param]').forEach(function(el){
    var v=params.get(el.getAttribute('data-param'));
    if(v!==null){el.value=v;}
  });
  if(params.get('sev')!==null){
    var keep=params.get('sev').split(',');
    boxes.forEach(function(b){b.checked=keep.indexOf(b.getAttribute('data-sev'))>=0;});
  }
  document.querySelectorAll('[data-target],[data-param],input[data-sev]').forEach(function(el){
    el.addEventListener('input',apply);el.addEventListener('change',apply);
  });
  apply();
  // Printing shows everything: closed sections open first.
  window.addEventListener('beforeprint',function(){
    document.querySelectorAll('details').forEach(function(d){d.setAttribute('open','');});
  });
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
    toolbar(r, &mut out);
    problems_section(r, &mut out);
    findings(r, &mut out);
    checklist(r, &mut out);
    inventories(r, &mut out);
    rule_docs(r, &mut out);
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

/// A rule's docs (our own Markdown: headings, paragraphs, lists, fenced code) as HTML.
fn doc_html(md: &str) -> String {
    let mut out = String::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list = false;
    let mut code = false;
    let flush = |out: &mut String, para: &mut Vec<&str>| {
        if !para.is_empty() {
            let _ = write!(out, "<p>{}</p>", prose(&para.join(" ")));
            para.clear();
        }
    };
    for line in md.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            flush(&mut out, &mut para);
            out.push_str(if code {
                "</pre>"
            } else {
                "<pre class=\"excerpt\">"
            });
            code = !code;
            continue;
        }
        if code {
            let _ = writeln!(out, "{}", esc(line));
            continue;
        }
        let item = t.strip_prefix("- ");
        if list && item.is_none() && !t.is_empty() && !line.starts_with("  ") {
            out.push_str("</ul>");
            list = false;
        }
        if let Some(h) = t.strip_prefix("## ") {
            flush(&mut out, &mut para);
            let _ = write!(out, "<h4>{}</h4>", esc(h));
        } else if let Some(i) = item {
            flush(&mut out, &mut para);
            if !list {
                out.push_str("<ul>");
                list = true;
            }
            let _ = write!(out, "<li>{}</li>", prose(i));
        } else if t.is_empty() {
            flush(&mut out, &mut para);
        } else {
            para.push(t);
        }
    }
    flush(&mut out, &mut para);
    if list {
        out.push_str("</ul>");
    }
    if code {
        out.push_str("</pre>");
    }
    out
}

/// The anchor of a rule's embedded docs.
fn rule_anchor(id: &str) -> String {
    format!("rule-{}", id.replace('/', "-"))
}

/// The docs of every rule with a finding, embedded so the report stands alone; findings
/// and problems link to them.
fn rule_docs(r: &Report, out: &mut String) {
    let mut ids: Vec<&str> = r.findings.iter().map(|f| f.finding.rule).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"rules-docs\"><h2>Rules in this report</h2>"
    );
    for id in ids {
        let Some(meta) = r.rules.iter().find(|m| m.id == id) else {
            continue;
        };
        let _ = writeln!(
            out,
            "<details class=\"rule-doc\" id=\"{}\"><summary><code>{}</code>: {} <span class=\"effort\">(default {})</span></summary>{}</details>",
            rule_anchor(id),
            esc(id),
            esc(meta.summary),
            meta.severity,
            doc_html(meta.docs)
        );
    }
    let _ = writeln!(out, "</section>");
}

/// The filter for problems and findings: text and severities, also settable from the
/// address (`?q=devices&sev=critical,high`).
fn toolbar(r: &Report, out: &mut String) {
    if r.findings.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<div class=\"tools\"><input id=\"filter\" type=\"search\" data-target=\"#findings tbody tr, .problems li.problem\" data-param=\"q\" placeholder=\"Filter problems and findings by rule, file or text\" aria-label=\"Filter problems and findings\">"
    );
    for s in Severity::ALL {
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" data-sev=\"{s}\" checked> {s}</label>"
        );
    }
    let _ = writeln!(out, "</div>");
}

/// A text filter over one inventory's rows, with an optional select over one column.
fn inventory_filter(out: &mut String, table: &str, what: &str, column: Option<(&str, &[&str])>) {
    let _ = write!(
        out,
        "<div class=\"tools\"><input type=\"search\" data-target=\"#{table} tbody tr\" data-param=\"{table}\" placeholder=\"Filter {what}\" aria-label=\"Filter {what}\""
    );
    match column {
        Some((col, values)) => {
            let _ = write!(
                out,
                " data-column=\"{col}\" data-select=\"{table}-{col}\"><label>{col} <select id=\"{table}-{col}\" data-param=\"{table}-{col}\"><option value=\"\">any</option>"
            );
            for v in values {
                let _ = write!(out, "<option>{v}</option>");
            }
            let _ = writeln!(out, "</select></label></div>");
        }
        None => {
            let _ = writeln!(out, "></div>");
        }
    }
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
                        let _ = write!(
                            out,
                            "<li><a href=\"#{}\"><code>{}</code></a>: {}</li>",
                            rule_anchor(rule),
                            esc(rule),
                            prose(fix)
                        );
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
        "<tr id=\"f{n}\" data-sev=\"{sev}\"><td data-key=\"{n}\">F{n}</td><td data-key=\"{}\"><span class=\"pill s-{sev}\">{sev}</span></td><td><a href=\"#{}\"><code>{}</code></a></td><td data-key=\"{}\"><code>{}</code></td><td><details{}><summary>{}</summary>",
        sev_rank(sev),
        rule_anchor(f.finding.rule),
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
    let _ = writeln!(
        out,
        "<table id=\"findings\" class=\"sortable\"><thead><tr><th>#</th><th>Severity</th><th>Rule</th><th>Location</th><th>Finding (click for code and fix)</th><th>Points</th></tr></thead><tbody>"
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
        inventory_filter(
            out,
            "routes",
            "routes",
            Some(("guard", &["public", "in-route", "middleware", "verified"])),
        );
        let _ = writeln!(
            out,
            "<table id=\"routes\" class=\"sortable\"><thead><tr><th>Method</th><th>Path</th><th>Guard</th><th>Evidence</th><th>Handler</th></tr></thead><tbody>"
        );
        for rt in &m.routes {
            let evidence = crate::route_evidence(rt);
            let _ = writeln!(
                out,
                "<tr data-guard=\"{2}\"><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
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
        inventory_filter(out, "pages", "pages", None);
        let _ = writeln!(
            out,
            "<table id=\"pages\" class=\"sortable\"><thead><tr><th>Path</th><th>Kind</th><th>Middleware requires sign-in</th><th>File</th></tr></thead><tbody>"
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
        let _ = writeln!(out, "<h2>Database tables ({})</h2>", tables.len());
        inventory_filter(out, "tables", "tables", Some(("rls", &["on", "off"])));
        let _ = writeln!(
            out,
            "<table id=\"tables\" class=\"sortable\"><thead><tr><th>Table</th><th>RLS</th><th>Policies</th><th>Defined at</th></tr></thead><tbody>"
        );
        for t in tables {
            let _ = writeln!(
                out,
                "<tr data-rls=\"{}\"><td><code>{}</code></td><td>{}</td><td data-key=\"{}\">{}</td><td><code>{}</code></td></tr>",
                if t.rls.is_some() { "on" } else { "off" },
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
