//! Property-based fuzzing (issue 16): the JS/TS facts extractor, the Prisma parser, the SQL
//! splitter and the middleware matcher compiler take text from a hostile tree. Whatever
//! they are given, built from their own language's tokens and broken at random, they must
//! return, never panic or hang.

use proptest::prelude::*;
use shipgate_extract::{js, link::matcher, load, prisma, sql};

/// Runs `f` on a thread with the stack extraction gets in production.
fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("no panic")
}

/// Cases per property: a few hundred in CI, many more with `SHIPGATE_HOSTILE_FULL=1`.
fn cases() -> u32 {
    if std::env::var_os("SHIPGATE_HOSTILE_FULL").is_some() {
        20_000
    } else {
        256
    }
}

/// Text made of `vocabulary`'s pieces, in any order and number.
fn text_from(vocabulary: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vocabulary), 0..max).prop_map(|v| v.concat())
}

const JS: &[&str] = &[
    "export ",
    "default ",
    "async ",
    "function ",
    "GET",
    "POST",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "req",
    "res",
    "=>",
    "=",
    "==",
    "!",
    "?",
    ":",
    ";",
    ",",
    ".",
    "await ",
    "return ",
    "if ",
    "else ",
    "const ",
    "let ",
    "new ",
    "typeof ",
    "\"",
    "'",
    "`",
    "${",
    "/",
    "*",
    "//",
    "/*",
    "*/",
    "\n",
    " ",
    "<a>",
    "</a>",
    "<div ",
    "onClick={",
    "/>",
    "getServerSession()",
    "supabase.from(\"t\")",
    ".select()",
    ".eq(\"id\", id)",
    "prisma.user.findMany(",
    "NextResponse.json(",
    "{ status: 401 }",
    "throw new Error()",
    "process.env.SECRET",
    "'use server'",
    "import ",
    " from ",
    "\"@/lib/x\"",
    "app.get(\"/x\", ",
    "router.use(",
    "try {",
    "} catch (e) {",
    "x?.y",
    "a ?? b",
    "...",
    "@",
    "#",
    "\\",
    "0",
    "1e3",
];

const PRISMA: &[&str] = &[
    "model ",
    "User",
    "Post",
    " {",
    "}",
    "\n",
    "id ",
    "String",
    "Int",
    "@id",
    "@default(",
    "cuid()",
    ")",
    "@relation(",
    "fields: [",
    "userId",
    "]",
    ", references: [",
    "id]",
    "@@map(\"",
    "users",
    "\")",
    "@@index([",
    "?",
    "[]",
    "enum ",
    "Role",
    "ADMIN",
    "//",
    "datasource db {",
    "provider = \"postgresql\"",
    "@unique",
    "@map(\"",
    " ",
    "\"",
];

const SQL: &[&str] = &[
    "create table ",
    "t",
    " (",
    "id int",
    ", ",
    ")",
    ";",
    "\n",
    "alter table ",
    "enable row level security",
    "create policy ",
    "p on ",
    "t ",
    "for select ",
    "using (",
    "auth.uid() = user_id",
    "'",
    "''",
    "\"",
    "$$",
    "$f$",
    "do ",
    "begin ",
    "end",
    "--",
    "/*",
    "*/",
    "insert into ",
    "values (",
    "1",
    "+",
    "and ",
    "or ",
    "create function ",
    "f() returns int ",
    "language sql ",
    "security definer ",
    "as ",
    "select ",
    "from ",
    "\u{feff}",
    "(",
    " ",
];

const MATCHER: &[&str] = &[
    "/",
    "api",
    ":path",
    "*",
    "+",
    "?",
    "(",
    ")",
    "((?!",
    "_next",
    "|",
    "\\.",
    ".*",
    "$",
    "^",
    "[",
    "]",
    "{",
    "}",
    "\\",
    "-",
    "dashboard",
    ":id(\\d+)",
    "static",
    "favicon.ico",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn js_facts_return_for_any_tokens(text in text_from(JS, 300)) {
        // As loading does: too-deep files are skipped before the parser sees them.
        if load::nesting(&text).too_deep().is_none() {
            let _ = on_big_stack(move || js::extract("app/api/x/route.tsx", &text).is_ok());
        }
    }

    #[test]
    fn prisma_parses_any_tokens(text in text_from(PRISMA, 300)) {
        let _ = prisma::parse(&text);
    }

    #[test]
    fn sql_reads_or_reports_any_tokens(text in text_from(SQL, 300)) {
        let facts = sql::extract(&text);
        // Every error points inside the file.
        for e in &facts.errors {
            prop_assert!(e.span.end as usize <= text.len());
        }
    }

    #[test]
    fn matchers_compile_or_fail_for_any_pattern(text in text_from(MATCHER, 40)) {
        if let Ok(re) = matcher::compile(&text) {
            let _ = re.is_match("/api/x/1");
        }
        let _ = matcher::sample_path(&text);
    }
}
