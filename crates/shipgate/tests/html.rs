//! The HTML report: one self-contained file (no network loads) that renders in headless
//! Chromium, runs its script, and holds every finding with its code excerpt.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

fn render_example(out: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(["audit", "examples/acme-crm", "--format", "html", "--output"])
        .arg(out)
        .current_dir(repo_root())
        .output()
        .expect("shipgate runs");
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read_to_string(out).expect("report written")
}

fn json_finding_count() -> usize {
    let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(["audit", "examples/acme-crm", "--format", "json"])
        .current_dir(repo_root())
        .output()
        .expect("shipgate runs");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    v["findings"].as_array().expect("findings").len()
}

#[test]
fn html_report_is_self_contained_and_complete() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let html = render_example(&dir.join("report-static.html"));
    let lower = html.to_ascii_lowercase();
    // Markup that loads something; the audited code and rule docs are escaped text, so a
    // `z.string().url()` in an excerpt is not a load.
    for load in [
        "<img",
        "<script src",
        "<iframe",
        "<link",
        " src=\"",
        "href=\"http",
        "href='http",
    ] {
        assert!(!lower.contains(load), "the report must not load `{load}`");
    }
    let style =
        &lower[lower.find("<style>").expect("style")..lower.find("</style>").expect("/style")];
    for load in ["url(", "@import"] {
        assert!(
            !style.contains(load),
            "the stylesheet must not load `{load}`"
        );
    }
    let n = json_finding_count();
    assert!(n > 10);
    // One table row per finding, numbered F1..Fn, the blockers' excerpts shown.
    assert_eq!(html.matches("<tr id=\"f").count(), n);
    assert!(html.contains(&format!("id=\"f{n}\"")));
    assert!(!html.contains(&format!("id=\"f{}\"", n + 1)));
    assert!(html.contains("class=\"verdict v-not-ready\">NOT READY<"));
    assert!(html.contains("<span class=\"hit\">"));
    // Problems lead: one item per route, table or file, each linking its findings.
    let problems = html.matches("<li class=\"problem\"").count();
    assert!(
        problems > 10 && problems < n,
        "{problems} problems for {n} findings"
    );
    assert!(html.contains("<code>POST /api/devices</code>: the caller chooses"));
    assert!(html.contains("<h2>Pre-deploy checklist</h2>"));
    assert!(html.contains("<h2>Routes (18)</h2>"));
    // Code from the audited app is escaped, never markup.
    assert!(html.contains("String(formData.get(&quot;ownerId&quot;))"));
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
}

/// Runs headless Chromium with `args` on `url`, giving up after 90 s. Its stdout goes to
/// a file: a DOM dump is larger than a pipe's buffer, and nothing reads the pipe until
/// the browser exits.
fn headless(browser: &str, args: &[String], url: &str) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let out_path = dir.join(format!("chromium-{}.out", std::process::id()));
    let profile = dir.join(format!("chromium-profile-{}", std::process::id()));
    let out_file = std::fs::File::create(&out_path).expect("stdout file");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--window-size=1280,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(out_file)
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("headless chromium did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = std::fs::read(&out_path).expect("chromium output");
    let _ = std::fs::remove_file(&out_path);
    let _ = std::fs::remove_dir_all(&profile);
    String::from_utf8_lossy(&out).into_owned()
}

/// Every element of the DOM dump that starts with `open`, up to `close`.
fn elements(dom: &str, open: &str, close: &str) -> Vec<String> {
    dom.split(open)
        .skip(1)
        .map(|rest| {
            let end = rest.find(close).unwrap_or(rest.len());
            format!("{open}{}", &rest[..end])
        })
        .collect()
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        // CI installs Chromium with `scripts/setup.sh --tests`; elsewhere say why.
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is missing: run scripts/setup.sh --tests"
        );
        eprintln!("skipped: no Chromium (run scripts/setup.sh --tests)");
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let file = dir.join("report.html");
    render_example(&file);
    let url = format!("file://{}", file.display());
    // The script ran to its end: it marks the body once sorting and filters are wired.
    let dom = headless(browser, &["--dump-dom".to_string()], &url);
    assert!(
        dom.contains("data-ready=\"1\""),
        "the report's script did not run: {}",
        &dom[..dom.len().min(400)]
    );
    assert!(dom.contains("NOT READY"));
    // Grouping: the device route's findings are one problem item.
    let items = elements(&dom, "<li class=\"problem\"", "</details></li>");
    let devices: Vec<&String> = items
        .iter()
        .filter(|e| e.contains("<code>POST /api/devices</code>: "))
        .collect();
    assert_eq!(devices.len(), 1, "one problem for the device route");
    assert!(
        devices[0].matches("href=\"#f").count() >= 2,
        "it joins its findings"
    );
    // Filtering from the address: text and severity narrow problems and findings; the
    // route inventory filters by guard.
    let filtered = headless(
        browser,
        &["--dump-dom".to_string()],
        &format!("{url}?q=devices&sev=critical&routes-guard=public"),
    );
    let shown = |e: &&String| !e.contains("display: none");
    let problems = elements(&filtered, "<li class=\"problem\"", "</details></li>");
    let visible: Vec<&String> = problems.iter().filter(shown).collect();
    assert_eq!(visible.len(), 1, "only the device problem stays");
    assert!(visible[0].contains("POST /api/devices"));
    let rows = elements(&filtered, "<tr id=\"f", "</tr>");
    let visible: Vec<&String> = rows.iter().filter(shown).collect();
    assert!(!visible.is_empty());
    assert!(
        visible
            .iter()
            .all(|r| r.contains("data-sev=\"critical\"") && r.contains("devices"))
    );
    assert!(rows.len() > visible.len());
    let routes = elements(&filtered, "<tr data-guard=", "</tr>");
    assert!(
        routes
            .iter()
            .filter(shown)
            .all(|r| r.contains("data-guard=\"public\""))
    );
    assert!(routes.iter().any(|r| !shown(&r)), "other guards are hidden");
    // A screenshot to look at: target/tmp/report.png.
    let png = dir.join("report.png");
    let _ = std::fs::remove_file(&png);
    headless(browser, &[format!("--screenshot={}", png.display())], &url);
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
    assert!(bytes.len() > 20_000, "suspiciously small screenshot");
}
