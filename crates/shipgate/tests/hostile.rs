//! Hostile trees (issue 16): each case is built from scratch in a temporary directory, and
//! the audit must end with exit 0, 1 or 2 within a time budget (30 s) and a memory budget
//! (2 GB peak resident, measured by the kernel), without reading through links, devices
//! or FIFOs, and without raw control characters in its report.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long one audit of a hostile tree may take here. The sizes below are small enough
/// that a healthy run takes well under a second; the budget only catches hangs.
const BUDGET: Duration = Duration::from_secs(30);

/// The most resident memory one audit of a hostile tree may take: 2 GB.
const MEMORY_BUDGET_KB: u64 = 2 * 1024 * 1024;

/// The exit status and peak resident memory (KB) of `child` once it has exited. On
/// Linux `wait4` reports the child's own peak; elsewhere the peak is not measured.
#[cfg(target_os = "linux")]
fn reap(child: &mut std::process::Child) -> Option<(std::process::ExitStatus, u64)> {
    use std::os::unix::process::ExitStatusExt;
    let mut status = 0;
    // SAFETY: wait4 writes only into the two out-parameters, which live on this stack.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
    assert!(r >= 0, "wait4 failed: {}", std::io::Error::last_os_error());
    (r == pid).then(|| {
        (
            std::process::ExitStatus::from_raw(status),
            usage.ru_maxrss as u64,
        )
    })
}

#[cfg(not(target_os = "linux"))]
fn reap(child: &mut std::process::Child) -> Option<(std::process::ExitStatus, u64)> {
    child.try_wait().expect("wait").map(|s| (s, 0))
}

/// Runs shipgate with `args`, killing it when it outlives the time budget, and checks it
/// stayed within the memory budget.
fn run(args: &[&str], root: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(args)
        .arg(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    // Drain the pipes on threads so a large report cannot block the child.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut b).ok();
        b
    });
    let err = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut b).ok();
        b
    });
    let start = Instant::now();
    let status = loop {
        if let Some((s, peak_kb)) = reap(&mut child) {
            // The peak resident memory of this run, from the kernel's own accounting.
            assert!(
                peak_kb < MEMORY_BUDGET_KB,
                "shipgate {args:?} peaked at {} MB on {} (budget {} MB)",
                peak_kb / 1024,
                root.display(),
                MEMORY_BUDGET_KB / 1024
            );
            break s;
        }
        if start.elapsed() > BUDGET {
            child.kill().ok();
            child.wait().ok();
            panic!(
                "shipgate {args:?} ran longer than {BUDGET:?} on {}",
                root.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().expect("stdout thread"),
        stderr: err.join().expect("stderr thread"),
    }
}

/// The exit code, which must be one shipgate documents (a signal or a panic is not).
fn exit_code(o: &Output) -> i32 {
    let code = o.status.code().unwrap_or(-1);
    assert!(
        (0..=2).contains(&code),
        "exit {:?}; stderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    code
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// A Next.js app with one open route, so there is something to report.
fn small_app(root: &Path) {
    write(
        root,
        "package.json",
        r#"{"dependencies":{"next":"15.0.0","@prisma/client":"6.0.0"}}"#,
    );
    write(
        root,
        "app/api/notes/route.ts",
        "import { PrismaClient } from \"@prisma/client\";\nconst db = new PrismaClient();\nexport async function POST(req: Request) {\n  const b = await req.json();\n  await db.note.create({ data: { text: b.text } });\n  return Response.json({ ok: true });\n}\n",
    );
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("json report")
}

fn skipped(v: &serde_json::Value) -> Vec<String> {
    v["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["path"].as_str().unwrap_or(""),
                s["reason"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// Whether some skipped entry starts with `prefix` (`path reason`).
fn skipped_as(skipped: &[String], prefix: &str) -> bool {
    skipped.iter().any(|s| s.starts_with(prefix))
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn ignore_files_that_are_links_devices_or_fifos_are_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    small_app(root);
    std::os::unix::fs::symlink("/dev/zero", root.join(".gitignore")).expect("symlink");
    std::os::unix::fs::symlink("/dev/stdin", root.join(".ignore")).expect("symlink");
    std::fs::create_dir_all(root.join("app/api/sub")).expect("mkdir");
    mkfifo(&root.join("app/api/sub/.gitignore"));
    // A regular nested ignore file still works.
    write(root, "app/api/hidden/.gitignore", "route.ts\n");
    write(
        root,
        "app/api/hidden/route.ts",
        "export async function DELETE() { return Response.json({}) }\n",
    );
    let o = run(&["audit", "--format", "json", "--fail-on", "none"], root);
    assert_eq!(exit_code(&o), 0);
    let v = json(&o);
    let skipped = skipped(&v);
    for name in [".gitignore", ".ignore", "app/api/sub/.gitignore"] {
        assert!(
            skipped_as(&skipped, &format!("{name} ignore file not read")),
            "{name}: {skipped:?}"
        );
    }
    let routes = v["inventory"]["routes"].to_string();
    assert!(routes.contains("/api/notes"), "{routes}");
    assert!(!routes.contains("/api/hidden"), "{routes}");
}

#[cfg(unix)]
#[test]
fn a_linked_or_special_shipgate_toml_is_refused_in_one_line() {
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        outside.path().join("private.toml"),
        "token = \"do-not-echo-me\"\n",
    )
    .expect("write");
    for target in [
        outside.path().join("private.toml"),
        "/dev/zero".into(),
        "/dev/stdin".into(),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        small_app(root);
        std::os::unix::fs::symlink(&target, root.join("shipgate.toml")).expect("symlink");
        let o = run(&["audit", "--format", "json"], root);
        assert_eq!(exit_code(&o), 2);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains("symbolic link"), "{err}");
        assert!(!err.contains("do-not-echo-me"), "{err}");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    small_app(root);
    mkfifo(&root.join("shipgate.toml"));
    let o = run(&["audit", "--format", "json"], root);
    assert_eq!(exit_code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("not a regular file"), "{err}");
}

/// A line break every `every` pieces, so no file looks minified.
fn lines_of(piece: &str, n: usize, every: usize) -> String {
    let mut s = String::with_capacity(n * (piece.len() + 1));
    for i in 0..n {
        s.push_str(piece);
        if i % every == every - 1 {
            s.push('\n');
        }
    }
    s
}

#[test]
fn deep_code_without_brackets_is_skipped_not_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    small_app(root);
    let cases = [
        (
            "lib/assign.ts",
            format!(
                "let a; export const v = {}1;\n",
                lines_of("a=", 500_000, 20)
            ),
        ),
        (
            "lib/arrows.ts",
            format!("export const v = {}1;\n", lines_of("a=>", 300_000, 20)),
        ),
        (
            "lib/conditional.ts",
            format!("export const v = {}1;\n", lines_of("a?b:", 240_000, 20)),
        ),
        (
            "lib/not.ts",
            format!("export const v = {}a;\n", lines_of("!", 900_000, 50)),
        ),
        (
            "lib/awaits.ts",
            format!(
                "export async function f() {{ return {}1; }}\n",
                lines_of("await ", 160_000, 10)
            ),
        ),
    ];
    for (rel, text) in &cases {
        write(root, rel, text);
    }
    // Deep JSON: parsing recurses, and so does dropping the value.
    write(
        root,
        "tsconfig.json",
        &format!("{{\"x\": {}{}}}", "[".repeat(150_000), "]".repeat(150_000)),
    );
    // Deep JSX: 100k nested elements once took gigabytes (each copied its ancestors).
    write(
        root,
        "app/deep/page.tsx",
        &format!(
            "export default function P() {{ return (\n{}{}); }}\n",
            "<a>\n".repeat(100_000),
            "</a>".repeat(100_000)
        ),
    );
    let o = run(&["audit", "--format", "json", "--fail-on", "none"], root);
    assert_eq!(exit_code(&o), 0);
    let v = json(&o);
    let skipped = skipped(&v);
    for (rel, _) in &cases {
        assert!(
            skipped_as(&skipped, &format!("{rel} expression nested too deep")),
            "{rel}: {skipped:?}"
        );
    }
    assert!(
        skipped_as(&skipped, "tsconfig.json nesting too deep"),
        "{skipped:?}"
    );
    assert!(
        !skipped_as(&skipped, "app/deep/page.tsx"),
        "deep JSX is parsed: {skipped:?}"
    );
}

#[test]
fn heavy_or_broken_sql_costs_one_statement_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    small_app(root);
    let dir_sql = "supabase/migrations";
    write(
        root,
        &format!("{dir_sql}/001_terms.sql"),
        &format!(
            "select {};\ncreate table after_terms (id int);\n",
            vec!["1"; 500_000].join("+")
        ),
    );
    write(
        root,
        &format!("{dir_sql}/002_policy.sql"),
        &format!(
            "create table t (a int);\nalter table t enable row level security;\ncreate policy p on t using ({});\ncreate table after_policy (id int);\n",
            vec!["a=1"; 100_000].join(" and ")
        ),
    );
    write(
        root,
        &format!("{dir_sql}/003_paren.sql"),
        "create table before_paren (id int);\ninsert into before_paren values (1;\ncreate table after_paren (id int);\n",
    );
    write(
        root,
        &format!("{dir_sql}/004_bom.sql"),
        "\u{feff}create table marked (id int);\n",
    );
    let o = run(&["audit", "--format", "json", "--fail-on", "none"], root);
    assert_eq!(exit_code(&o), 0);
    let v = json(&o);
    let tables = v["inventory"]["tables"].to_string();
    for t in [
        "after_terms",
        "after_policy",
        "before_paren",
        "after_paren",
        "marked",
    ] {
        assert!(tables.contains(&format!("public.{t}\"")), "{t}: {tables}");
    }
    let skipped = skipped(&v);
    for (file, why) in [
        ("001_terms.sql", "operators in one expression"),
        ("002_policy.sql", "operators in one expression"),
        ("003_paren.sql", "unclosed bracket"),
    ] {
        assert!(
            skipped
                .iter()
                .any(|s| s.starts_with(&format!("{dir_sql}/{file}")) && s.contains(why)),
            "{file}: {skipped:?}"
        );
    }
    assert!(
        !skipped_as(&skipped, &format!("{dir_sql}/004_bom")),
        "{skipped:?}"
    );
}

#[test]
fn one_long_line_does_not_flood_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    small_app(root);
    // 4,000 tables without row level security on one line (115 KB).
    let tables: String = (0..4000)
        .map(|i| format!("create table t{i} (id int); "))
        .collect();
    write(root, "supabase/migrations/001_init.sql", &tables);
    // A one-line workflow with thousands of keys.
    let keys: String = (0..4000).map(|i| format!("k{i}: v{i}, ")).collect();
    write(
        root,
        ".github/workflows/ci.yml",
        &format!("{{on: push, env: {{{keys}}}, jobs: {{}}}}\n"),
    );
    for format in ["json", "sarif", "markdown", "html", "text"] {
        let o = run(&["audit", "--format", format, "--fail-on", "none"], root);
        assert_eq!(exit_code(&o), 0);
        assert!(
            o.stdout.len() < 4_000_000,
            "{format}: {} bytes",
            o.stdout.len()
        );
    }
    let v = json(&run(
        &["audit", "--format", "json", "--fail-on", "none"],
        root,
    ));
    let findings = v["findings"].as_array().expect("findings");
    let rls: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule"] == "db/rls-disabled")
        .collect();
    assert_eq!(rls.len(), 50);
    assert!(
        rls.iter().any(|f| f["message"]
            .as_str()
            .is_some_and(|m| m.contains("3950 more findings of this rule in this file"))),
        "the rest are counted"
    );
    for f in findings {
        let evidence = f["evidence"].as_str().unwrap_or("");
        assert!(evidence.chars().count() <= 242, "{evidence}");
    }
}

/// A Markdown line without its code spans.
fn outside_code(line: &str) -> String {
    let b = line.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'`' {
            let n = b[i..].iter().take_while(|&&c| c == b'`').count();
            let fence = "`".repeat(n);
            if let Some(end) = line[i + n..].find(&fence) {
                i += n + end + n;
                continue;
            }
        }
        out.push(b[i] as char);
        i += 1;
    }
    out.push('\n');
    out
}

#[cfg(unix)]
#[test]
fn names_from_the_tree_cannot_drive_the_terminal_or_inject_markup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    small_app(root);
    let open_route = "import { PrismaClient } from \"@prisma/client\";\nconst db = new PrismaClient();\nexport async function POST() {\n  await db.note.deleteMany({});\n  return Response.json({});\n}\n";
    write(root, "app/api/\u{1b}[2J\u{1b}[H/route.ts", open_route);
    write(
        root,
        "app/api/x\nREADY  score 100\u{2f}100/route.ts"
            .replace('\u{2f}', "-")
            .as_str(),
        open_route,
    );
    write(
        root,
        "app/api/<img src=x onerror=alert(1)>/route.ts",
        open_route,
    );
    write(
        root,
        "lib/raw.ts",
        "// shipgate-ignore auth/unprotected-route: \u{1b}]0;owned\u{7}\nexport const a = 1;\n",
    );
    let text = run(&["audit", "--format", "text", "--fail-on", "none"], root);
    assert_eq!(exit_code(&text), 0);
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(
        !out.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "raw control characters in text output"
    );
    assert!(
        !out.lines().any(|l| l.starts_with("READY")),
        "a file name forged a line: {out}"
    );
    let md = run(
        &["audit", "--format", "markdown", "--fail-on", "none"],
        root,
    );
    assert_eq!(exit_code(&md), 0);
    let out = String::from_utf8_lossy(&md.stdout);
    // In code spans and blocks Markdown shows HTML as text; elsewhere it must be escaped.
    let prose: String = out
        .lines()
        .filter(|l| !l.starts_with('>') && !l.starts_with("  "))
        .map(outside_code)
        .collect();
    assert!(
        !prose.replace("\\<", "").contains("<img"),
        "raw HTML in markdown: {prose}"
    );
    assert!(
        !out.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "raw control characters in markdown"
    );
    let html = run(&["audit", "--format", "html", "--fail-on", "none"], root);
    assert!(!String::from_utf8_lossy(&html.stdout).contains("<img src=x"));
}

#[test]
fn no_secret_leaves_in_full_in_any_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    small_app(root);
    let aws = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8vN2kLp4R";
    let jwt_secret = "f3a9c1d27b8e4f60a5d3c2b1e0f9a8b7c6d5e4f3";
    let sendgrid = "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";
    let resend = "re_8xK2mN4pQ6rS8tU0vW2xY4z";
    let stripe = "sk_live_51HqJk2LmN8pQrStUvWx9yZa7Bc";
    let bearer = "4f3c2a1b9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b";
    // Next to an open route, so excerpts and snippets quote them.
    write(
        root,
        "app/api/mail/route.ts",
        &format!(
            "import {{ PrismaClient }} from \"@prisma/client\";\nconst s3 = {{ secretAccessKey: \"{aws}\" }};\nconst JWT_SECRET = \"{jwt_secret}\";\nconst db = new PrismaClient();\nexport async function POST() {{\n  const sg = \"{sendgrid}\"; const rs = \"{resend}\";\n  await fetch(\"https://api.example.com\", {{ headers: {{ Authorization: \"Bearer {bearer}\" }} }});\n  await db.note.deleteMany({{}});\n  return Response.json({{ s3, JWT_SECRET, sg, rs }});\n}}\n"
        ),
    );
    write(
        root,
        "Dockerfile",
        &format!(
            "FROM node:20\nENV JWT_SECRET={jwt_secret}\nENV STRIPE_KEY {stripe}\nCMD [\"node\", \"server.js\"]\n"
        ),
    );
    write(
        root,
        "docker-compose.yml",
        &format!("services:\n  web:\n    environment:\n      AWS_SECRET_ACCESS_KEY: {aws}\n"),
    );
    // Quoted in skipped-file reasons and in a suppression reason.
    write(
        root,
        "apps/x/package.json",
        &format!("{{\"token\": \"{stripe}\" oops"),
    );
    write(
        root,
        "supabase/migrations/001.sql",
        &format!("create table t (id int);\nselect '{stripe}' '{resend}' from;\n"),
    );
    write(
        root,
        "lib/keep.ts",
        &format!(
            "// shipgate-ignore secrets/hardcoded: rotated, was {stripe}\nexport const k = \"{stripe}\";\n"
        ),
    );
    // In a file name.
    write(root, &format!("notes/{resend}.md"), "hello\n");
    let secrets = [aws, jwt_secret, sendgrid, resend, stripe, bearer];
    let mut seen_masked = false;
    for format in ["json", "sarif", "markdown", "html", "text"] {
        let o = run(&["audit", "--format", format, "--fail-on", "none"], root);
        assert_eq!(exit_code(&o), 0);
        let out = String::from_utf8_lossy(&o.stdout);
        for s in secrets {
            assert!(!out.contains(s), "{format} prints {s}");
        }
        seen_masked |= out.contains("****");
    }
    assert!(seen_masked, "the secrets reached the report, masked");
    let o = run(&["debug", "model"], root);
    let out = String::from_utf8_lossy(&o.stdout);
    for s in secrets {
        assert!(!out.contains(s), "debug model prints {s}");
    }
    // A config error quoting a secret.
    write(
        root,
        "shipgate.toml",
        &format!("public_routes = [\"{stripe}\"\n"),
    );
    let o = run(&["audit"], root);
    assert_eq!(exit_code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains(stripe), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

/// The size of the scaling cases: small in CI, the sizes from the issue with
/// `SHIPGATE_HOSTILE_FULL=1` (see scripts/hostile-full.sh).
fn scale(small: usize, full: usize) -> usize {
    if std::env::var_os("SHIPGATE_HOSTILE_FULL").is_some() {
        full
    } else {
        small
    }
}

#[test]
fn many_routes_and_public_patterns_stay_near_linear() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "package.json",
        r#"{"dependencies":{"express":"4.21.0","next":"15.0.0"}}"#,
    );
    // Thousands of Express routes in a few files (each route's handler is resolved by
    // name in its file), and as many App Router handler files.
    let routes = scale(2_000, 50_000);
    let per_file = 12_500;
    for f in 0..routes.div_ceil(per_file) {
        let mut text =
            String::from("import express from \"express\";\nexport const app = express();\n");
        for i in f * per_file..((f + 1) * per_file).min(routes) {
            text.push_str(&format!(
                "app.get(\"/r{i}\", (req, res) => res.json({{ n: {i} }}));\n"
            ));
        }
        write(root, &format!("src/routes{f}.ts"), &text);
    }
    for i in 0..routes / 4 {
        write(
            root,
            &format!("app/api/h{i}/route.ts"),
            "export async function GET() { return Response.json({}) }\n",
        );
    }
    // Up to the 1 MiB a shipgate.toml may have.
    let patterns: Vec<String> = (0..scale(5_000, 48_000))
        .map(|i| format!("\"GET /api/p{i}/*\""))
        .collect();
    write(
        root,
        "shipgate.toml",
        &format!("public_routes = [{}]\n", patterns.join(", ")),
    );
    let o = run(&["audit", "--format", "json", "--fail-on", "none"], root);
    assert_eq!(exit_code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    let n = v["inventory"]["routes"].as_array().map_or(0, Vec::len);
    assert!(n >= routes + routes / 4, "{n} routes");
}
