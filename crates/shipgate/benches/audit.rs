//! Speed benchmark: generates a large, real-shaped Next.js monorepo (4,000 files, about
//! 500,000 lines: route handlers, pages, components, lib code, a Prisma package, a tRPC
//! API and an Express service) in a temp dir, then audits it end to end (walk, parse,
//! link, rules, JSON report) several times and prints files/s and wall time.
//!
//! Run: `cargo bench -p shipgate --bench audit` (optional args: FILES, RUNS).

use shipgate_model::Config;

// The same allocator as the `shipgate` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use shipgate_report::Report;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const RESOURCES: &[&str] = &[
    "projects",
    "tasks",
    "contacts",
    "deals",
    "invoices",
    "notes",
    "teams",
    "members",
    "files",
    "comments",
    "events",
    "reports",
    "tags",
    "labels",
    "orders",
    "products",
    "customers",
    "tickets",
    "messages",
    "threads",
];

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(p, text).expect("write");
}

fn route_file(i: usize, res: &str) -> String {
    let mut s = String::new();
    let guarded = !i.is_multiple_of(5);
    let _ = writeln!(
        s,
        "import {{ NextResponse }} from \"next/server\";\nimport {{ z }} from \"zod\";\nimport {{ createClient }} from \"@/lib/supabase/server\";\nimport {{ log }} from \"@/lib/log\";\n"
    );
    let _ = writeln!(
        s,
        "const Input{i} = z.object({{\n  title: z.string().min(1),\n  body: z.string().max(5000).optional(),\n  status: z.enum([\"open\", \"closed\"]),\n}});\n"
    );
    for method in ["GET", "POST", "PATCH"] {
        let _ = writeln!(
            s,
            "export async function {method}(request: Request) {{\n  const supabase = await createClient();"
        );
        if guarded {
            let _ = writeln!(
                s,
                "  const {{ data: {{ user }} }} = await supabase.auth.getUser();\n  if (!user) {{\n    return NextResponse.json({{ error: \"Unauthorized\" }}, {{ status: 401 }});\n  }}"
            );
        }
        match method {
            "GET" => {
                let _ = writeln!(
                    s,
                    "  const url = new URL(request.url);\n  const page = Number(url.searchParams.get(\"page\") ?? \"0\");\n  const {{ data, error }} = await supabase\n    .from(\"{res}\")\n    .select(\"id, title, status, created_at\")\n    .range(page * 50, page * 50 + 49)\n    .order(\"created_at\", {{ ascending: false }});\n  if (error) {{\n    log.error(\"list {res} failed\", {{ error }});\n    return NextResponse.json({{ error: \"Failed\" }}, {{ status: 500 }});\n  }}\n  return NextResponse.json(data);"
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "  const parsed = Input{i}.safeParse(await request.json());\n  if (!parsed.success) {{\n    return NextResponse.json({{ error: parsed.error.flatten() }}, {{ status: 400 }});\n  }}\n  const {{ data, error }} = await supabase\n    .from(\"{res}\")\n    .insert({{ ...parsed.data }})\n    .select()\n    .single();\n  if (error) {{\n    log.error(\"write {res} failed\", {{ error }});\n    return NextResponse.json({{ error: \"Failed\" }}, {{ status: 500 }});\n  }}\n  return NextResponse.json(data, {{ status: 201 }});"
                );
            }
        }
        let _ = writeln!(s, "}}\n");
    }
    s
}

fn component_file(i: usize, lines_target: usize) -> String {
    let mut s = format!(
        "\"use client\";\n\nimport {{ useState, useEffect }} from \"react\";\nimport {{ Button }} from \"@acme/ui/button\";\n\ntype Props{i} = {{ id: string; title: string; items: {{ id: string; label: string }}[] }};\n\nexport function Panel{i}({{ id, title, items }}: Props{i}) {{\n  const [open, setOpen] = useState(false);\n  const [data, setData] = useState<unknown>(null);\n  useEffect(() => {{\n    fetch(`/api/items/${{id}}`).then((r) => r.json()).then(setData);\n  }}, [id]);\n  return (\n    <section className=\"panel\">\n      <h2>{{title}}</h2>\n"
    );
    let mut n = 0;
    while s.lines().count() < lines_target.saturating_sub(6) {
        let _ = writeln!(
            s,
            "      <div className=\"row row-{n}\">\n        <span>{{items[{n}]?.label ?? \"\"}}</span>\n        <Button variant=\"ghost\" onClick={{() => setOpen(!open)}}>Toggle {n}</Button>\n        {{open && <p>{{JSON.stringify(data)}}</p>}}\n      </div>"
        );
        n += 1;
    }
    s.push_str("    </section>\n  );\n}\n");
    s
}

fn lib_file(i: usize, lines_target: usize) -> String {
    let mut s = format!(
        "import {{ prisma }} from \"@acme/db\";\n\nexport type Row{i} = {{ id: string; ownerId: string; value: number }};\n\n"
    );
    let mut n = 0;
    while s.lines().count() < lines_target {
        let _ = writeln!(
            s,
            "export async function compute{i}_{n}(ownerId: string, rows: Row{i}[]): Promise<number> {{\n  const existing = await prisma.metric.findMany({{ where: {{ ownerId, kind: \"k{n}\" }} }});\n  let total = 0;\n  for (const row of rows) {{\n    if (row.ownerId !== ownerId) continue;\n    total += row.value * {n};\n  }}\n  return total + existing.length;\n}}\n"
        );
        n += 1;
    }
    s
}

fn generate(root: &Path, files: usize) -> (usize, usize) {
    write(
        root,
        "package.json",
        r#"{ "name": "acme", "private": true, "workspaces": ["apps/*", "packages/*", "services/*"] }"#,
    );
    write(
        root,
        "apps/web/package.json",
        r#"{ "name": "@acme/web", "dependencies": { "next": "15.1.0", "@supabase/ssr": "0.5.0", "react": "19.0.0" } }"#,
    );
    write(
        root,
        "apps/web/tsconfig.json",
        r#"{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }"#,
    );
    write(
        root,
        "apps/web/src/lib/supabase/server.ts",
        "import { createServerClient } from \"@supabase/ssr\";\nimport { cookies } from \"next/headers\";\nexport async function createClient() {\n  const store = await cookies();\n  return createServerClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!, { cookies: { getAll: () => store.getAll(), setAll: () => {} } });\n}\n",
    );
    write(
        root,
        "apps/web/src/lib/log.ts",
        "export const log = { error: (m: string, x: unknown) => console.error(m, x) };\n",
    );
    write(
        root,
        "apps/web/src/middleware.ts",
        "import { NextResponse, type NextRequest } from \"next/server\";\nexport function middleware(req: NextRequest) {\n  if (!req.cookies.get(\"sb-access-token\") && req.nextUrl.pathname.startsWith(\"/dashboard\")) {\n    return NextResponse.redirect(new URL(\"/login\", req.url));\n  }\n  return NextResponse.next();\n}\nexport const config = { matcher: [\"/((?!_next/static|_next/image|favicon.ico).*)\"] };\n",
    );
    write(
        root,
        "packages/db/package.json",
        r#"{ "name": "@acme/db", "main": "src/index.ts", "dependencies": { "@prisma/client": "6.0.0" } }"#,
    );
    write(
        root,
        "packages/db/src/index.ts",
        "import { PrismaClient } from \"@prisma/client\";\nexport const prisma = new PrismaClient();\n",
    );
    write(
        root,
        "services/api/package.json",
        r#"{ "name": "@acme/api", "dependencies": { "express": "4.21.0", "jsonwebtoken": "9.0.0" } }"#,
    );
    let mut written = 9;
    let mut i = 0;
    while written < files {
        let res = RESOURCES[i % RESOURCES.len()];
        let (rel, text) = match i % 8 {
            0 | 1 => (
                format!("apps/web/src/app/api/{res}/v{}/[id]/route.ts", i),
                route_file(i, res),
            ),
            2 => (
                format!("apps/web/src/app/(app)/{res}/s{i}/page.tsx"),
                component_file(i, 90).replace("export function", "export default function"),
            ),
            3 | 4 => (
                format!("packages/ui/src/{res}/panel{i}.tsx"),
                component_file(i, 170),
            ),
            5 | 6 => (
                format!("packages/core/src/{res}/compute{i}.ts"),
                lib_file(i, 150),
            ),
            _ => (
                format!("services/api/src/routes/{res}{i}.js"),
                format!(
                    "const express = require(\"express\");\nconst router = express.Router();\nconst {{ requireAuth }} = require(\"../auth\");\n\nrouter.use(requireAuth);\n\nrouter.get(\"/{res}/{i}\", async (req, res) => {{\n  const rows = await req.db.query(\"select * from {res} where owner_id = $1\", [req.user.id]);\n  res.json(rows);\n}});\n\nmodule.exports = router;\n{}",
                    lib_file(i, 100)
                        .replace(
                            "import { prisma } from \"@acme/db\";",
                            "const { prisma } = require(\"@acme/db\");"
                        )
                        .replace("export async function", "async function")
                        .replace("export type", "// type")
                ),
            ),
        };
        write(root, &rel, &text);
        written += 1;
        i += 1;
    }
    let mut lines = 0;
    for entry in walk(root) {
        lines += std::fs::read_to_string(entry)
            .map(|t| t.lines().count())
            .unwrap_or(0);
    }
    (written, lines)
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn audit(root: &Path) -> (usize, usize) {
    let model = shipgate_extract::build_model(root, "bench", Config::default()).expect("model");
    let runs = shipgate_rules::run(&model);
    let report = Report::build(&model, runs);
    let json = shipgate_report::json::render(&report);
    std::hint::black_box(json.len());
    (model.routes.len(), report.findings.len())
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let files: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(4000);
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let dir = tempfile::tempdir().expect("tempdir");
    let (written, lines) = generate(dir.path(), files);
    println!(
        "generated {written} files, {lines} lines; {} rayon threads",
        rayon_threads()
    );
    let (routes, findings) = audit(dir.path()); // warm the page cache
    println!("model: {routes} routes, {findings} findings");
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        audit(dir.path());
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let median = times[times.len() / 2];
    let best = times[0];
    println!(
        "audit wall time: median {:.3}s, best {:.3}s over {runs} runs; {:.0} files/s, {:.0} lines/s (median)",
        median,
        best,
        written as f64 / median,
        lines as f64 / median
    );
}

fn rayon_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}
