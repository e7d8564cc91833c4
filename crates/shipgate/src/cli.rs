//! Subcommands: `audit`, `rules`, `rule <id>`, `debug model|facts|docs`.

use clap::{Parser, Subcommand, ValueEnum};
use shipgate_extract::progress::Progress;
use shipgate_model::{Config, Severity};
use shipgate_report::Report;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(
    name = "shipgate",
    version,
    about = "An evidence-backed production-readiness audit for SaaS web apps"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Markdown,
    Json,
    Sarif,
    /// One self-contained HTML page.
    Html,
    /// GitHub Actions annotations (workflow commands), for a CI step's log.
    Github,
    /// A short Markdown summary (verdict, counts, the worst findings) for a CI job page.
    Summary,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    None,
}

#[derive(Subcommand)]
enum Command {
    /// Audit a repository and print the report.
    Audit {
        /// Repository root to audit.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Write the report to FILE instead of stdout.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Exit with 1 when a finding at or above this severity stands.
        #[arg(long, value_enum, default_value_t = FailOn::Critical)]
        fail_on: FailOn,
        /// Configuration file (default: PATH/shipgate.toml when present).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Never use colour in text output.
        #[arg(long)]
        no_color: bool,
        /// Count only findings not listed in this baseline file for `--fail-on`.
        #[arg(long, value_name = "FILE", group = "base")]
        baseline: Option<PathBuf>,
        /// Use the tree at this git ref (branch, tag, remote branch such as origin/main,
        /// or full commit id) as the baseline: it is read from the repository's objects,
        /// never checked out, and audited with the same configuration.
        #[arg(long, value_name = "REF", group = "base")]
        baseline_ref: Option<String>,
        /// Write every current finding to FILE as the new baseline (the run then exits 0).
        #[arg(long, value_name = "FILE")]
        write_baseline: Option<PathBuf>,
        /// With --baseline or --baseline-ref: show only findings the baseline does not
        /// list.
        #[arg(long, requires = "base")]
        new_only: bool,
        /// Warn on stderr about shipgate-ignore comments that silenced nothing (on by
        /// default when the CI environment variable is set).
        #[arg(long)]
        report_unused_suppressions: bool,
    },
    /// List the rule catalogue.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: RulesFormat,
        /// Print the catalogue as JSON (the same as --format json).
        #[arg(long, hide = true)]
        json: bool,
        /// Only rules of this category (`auth`, `db`, `product`...) or id group (`ux`,
        /// `billing`...).
        #[arg(long)]
        category: Option<String>,
        /// Only rules whose default severity is this.
        #[arg(long, value_enum)]
        severity: Option<FailOn>,
    },
    /// Print one rule's documentation.
    Rule { id: String },
    /// Write a commented starter shipgate.toml for the app in PATH.
    Init {
        /// The app's root directory.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Replace an existing shipgate.toml.
        #[arg(long)]
        force: bool,
    },
    /// Developer tools.
    #[command(hide = true)]
    Debug {
        #[command(subcommand)]
        what: DebugCommand,
    },
}

#[derive(Subcommand)]
enum DebugCommand {
    /// Print the app model (routes, guards, pages, middleware) as JSON.
    Model { path: PathBuf },
    /// Print the raw facts extracted from one JS/TS file.
    Facts { file: PathBuf },
    /// Write docs/rules/*.md from rule metadata.
    Docs { out: PathBuf },
}

pub fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Audit {
            path,
            format,
            output,
            fail_on,
            config,
            no_color,
            baseline,
            baseline_ref,
            write_baseline,
            new_only,
            report_unused_suppressions,
        } => audit(
            &path,
            format,
            output.as_deref(),
            fail_on,
            config.as_deref(),
            no_color,
            Baselines {
                read: baseline.as_deref(),
                reference: baseline_ref.as_deref(),
                write: write_baseline.as_deref(),
                new_only,
                unused_suppressions: report_unused_suppressions || std::env::var_os("CI").is_some(),
            },
        ),
        Command::Rules {
            format,
            json,
            category,
            severity,
        } => {
            if let Some(c) = &category {
                let known = shipgate_rules::RULES.iter().any(|r| {
                    let m = r.meta();
                    m.category.id() == c || m.id.split('/').next() == Some(c.as_str())
                });
                if !known {
                    return Err(format!(
                        "unknown category `{c}` (categories: {}; id groups: the part of a rule id before `/`)",
                        shipgate_model::Category::ALL.map(|c| c.id()).join(", ")
                    ));
                }
            }
            let wanted = |m: &shipgate_model::RuleMeta| {
                category
                    .as_deref()
                    .is_none_or(|c| m.category.id() == c || m.id.split('/').next() == Some(c))
                    && severity.is_none_or(|s| Some(m.severity) == severity_of(s))
            };
            let selected: Vec<&&dyn shipgate_rules::Rule> = shipgate_rules::RULES
                .iter()
                .filter(|r| wanted(r.meta()))
                .collect();
            let mut out = String::new();
            if json || format == RulesFormat::Json {
                let list: Vec<serde_json::Value> = selected
                    .iter()
                    .map(|r| {
                        let m = r.meta();
                        serde_json::json!({ "id": m.id, "category": m.category.id(), "severity": m.severity.as_str(), "effort": m.effort.as_str(), "summary": m.summary })
                    })
                    .collect();
                out = serde_json::to_string_pretty(&list).unwrap_or_default();
                out.push('\n');
            } else {
                for r in &selected {
                    let m = r.meta();
                    out.push_str(&format!(
                        "{:<40} {:<9} {:<8} {}\n",
                        m.id,
                        m.severity.as_str(),
                        m.category.id(),
                        m.summary
                    ));
                }
            }
            print_stdout(&out)?;
            Ok(0)
        }
        Command::Rule { id } => match shipgate_rules::find(&id) {
            Some(r) => {
                print_stdout(&rule_doc(r.meta()))?;
                Ok(0)
            }
            None => Err(format!(
                "unknown rule `{id}`{} (run `shipgate rules` for the list)",
                did_you_mean(&id)
                    .map(|k| format!(", did you mean `{k}`?"))
                    .unwrap_or_default()
            )),
        },
        Command::Init { path, force } => crate::init::init(&path, force),
        Command::Debug { what } => debug(what),
    }
}

/// A rule's documentation as Markdown.
pub fn rule_doc(m: &shipgate_model::RuleMeta) -> String {
    let body: Vec<&str> = m
        .docs
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    format!(
        "# {}\n\n{}\n\nSeverity: {} · Category: {} · Effort to fix: {} ({})\n\n{}\n",
        m.id,
        m.summary,
        m.severity.as_str(),
        m.category.title(),
        m.effort.as_str(),
        m.effort.hint(),
        body.join("\n").trim_end()
    )
}

fn print_stdout(s: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(s.as_bytes()).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write to stdout: {e}")),
    }
}

pub fn load_config(root: &Path, explicit: Option<&Path>) -> Result<Config, String> {
    let (path, required) = match explicit {
        Some(p) => (p.to_path_buf(), true),
        None => (root.join("shipgate.toml"), false),
    };
    // The tree's own shipgate.toml must be a regular file inside it; a path the user
    // names may be a link, but never to a device or FIFO.
    use shipgate_extract::walk::{SMALL_FILE_CAP, Unread, read_regular};
    let text = match read_regular(&path, SMALL_FILE_CAP, required) {
        Ok(t) => t,
        Err(Unread::Missing) if !required => return Ok(Config::default()),
        Err(e) => return Err(format!("cannot read config `{}`: {e}", path.display())),
    };
    let shown = if required {
        path.display().to_string()
    } else {
        "shipgate.toml".to_string()
    };
    let config = Config::parse(&text, &shown).map_err(|e| e.to_string())?;
    // Every key must name at least one rule: an id, a glob over ids, an id group or a
    // category.
    for key in config.rule_keys() {
        let names_some = shipgate_rules::RULES.iter().any(|r| {
            let m = r.meta();
            shipgate_model::config::key_matches(key, m.id, m.category.id()).is_some()
        });
        if !names_some {
            return Err(format!(
                "{shown}: [rules] names unknown rule `{key}`{} (run `shipgate rules` for the list)",
                did_you_mean(key)
                    .map(|k| format!(", did you mean `{k}`?"))
                    .unwrap_or_default()
            ));
        }
    }
    Ok(config)
}

/// `--baseline` and `--write-baseline`.
#[derive(Clone, Copy, Default)]
pub struct Baselines<'a> {
    pub read: Option<&'a Path>,
    /// `--baseline-ref`: the baseline is the audit of the tree at this git ref.
    pub reference: Option<&'a str>,
    pub write: Option<&'a Path>,
    /// Show only findings the baseline does not list.
    pub new_only: bool,
    /// Warn about suppressions that silenced nothing.
    pub unused_suppressions: bool,
}

/// The rule id closest to a misspelt one, if one is close.
/// The severity a `--severity`/`--fail-on` value names (`none` names none).
fn severity_of(s: FailOn) -> Option<Severity> {
    match s {
        FailOn::Critical => Some(Severity::Critical),
        FailOn::High => Some(Severity::High),
        FailOn::Medium => Some(Severity::Medium),
        FailOn::Low => Some(Severity::Low),
        FailOn::None => None,
    }
}

fn did_you_mean(id: &str) -> Option<&'static str> {
    shipgate_rules::RULES
        .iter()
        .map(|r| r.meta().id)
        .map(|known| (strsim::jaro_winkler(id, known), known))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, known)| known)
}

/// Where the audited tree sits inside the working directory, as a path prefix
/// (`apps/web/`), so annotations name files as the repository does; empty when the tree
/// is the working directory or lies outside it.
fn repo_prefix(path: &Path) -> String {
    let (Ok(cwd), Ok(root)) = (std::env::current_dir(), path.canonicalize()) else {
        return String::new();
    };
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    match root.strip_prefix(&cwd) {
        Ok(rel) if !rel.as_os_str().is_empty() => {
            let mut p = rel.to_string_lossy().replace('\\', "/");
            p.push('/');
            p
        }
        _ => String::new(),
    }
}

/// Whether two paths name the same file, whether or not it exists yet.
fn same_file(a: &Path, b: &Path) -> bool {
    let full = |p: &Path| {
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        match (
            abs.parent().and_then(|d| d.canonicalize().ok()),
            abs.file_name(),
        ) {
            (Some(dir), Some(name)) => dir.join(name),
            _ => abs,
        }
    };
    full(a) == full(b)
}

/// What one audit produced.
pub struct Audited {
    pub rendered: String,
    /// Whether a finding reached `--fail-on`.
    pub failed: bool,
    /// The verdict, score and counts in one line, for stderr when the report goes to a
    /// file.
    pub summary: String,
    /// How many findings the baseline written lists, when one was written.
    pub baseline_written: Option<usize>,
}

/// The baseline entries of the tree at `refname`: that tree audited with the same
/// configuration, so what the current tree adds and what it fixed can be told.
fn ref_baseline(
    path: &Path,
    refname: &str,
    config: &Config,
) -> Result<Vec<shipgate_report::baseline::Entry>, String> {
    let tree = crate::gitref::tree_at(path, refname)?;
    eprintln!(
        "shipgate: baseline: `{}` (commit {})",
        shipgate_report::escape::visible(refname),
        &tree.commit[..tree.commit.len().min(12)]
    );
    let display = path.to_string_lossy().to_string();
    let model = shipgate_extract::build_model_with_progress(
        &tree.root,
        &display,
        config.clone(),
        &Progress::default(),
    )?;
    let runs = shipgate_rules::run(&model);
    let report = Report::build(&model, runs);
    shipgate_report::baseline::read_entries(&shipgate_report::baseline::write(&report))
        .map_err(|e| format!("--baseline-ref `{refname}`: {e}"))
}

/// Runs the whole audit and returns the rendered report and what CI needs to know of it.
pub fn audit_to_string(
    path: &Path,
    format: Format,
    fail_on: FailOn,
    config: Config,
    color: bool,
    baselines: Baselines,
) -> Result<Audited, String> {
    // Read the baseline before the audit, so a bad file fails fast.
    let known = match baselines.read {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read baseline `{}`: {e}", file.display()))?;
            Some(
                shipgate_report::baseline::read_entries(&text)
                    .map_err(|e| format!("`{}`: {e}", file.display()))?,
            )
        }
        None => None,
    };
    let known = match (known, baselines.reference) {
        (Some(k), _) => Some(k),
        (None, Some(refname)) => Some(ref_baseline(path, refname, &config)?),
        (None, None) => None,
    };
    let display = path.to_string_lossy().to_string();
    let (model, runs) = with_progress_line(|progress| {
        let model = shipgate_extract::build_model_with_progress(path, &display, config, progress)?;
        // An empty tree, a library or a Rust crate is not a web app: a verdict on it
        // ("READY 100/100") would be a claim about nothing.
        if model.stack.is_empty()
            && model.routes.is_empty()
            && model.pages.is_empty()
            && model.schema.is_empty()
        {
            return Err(format!(
                "no web app found in `{display}` (looked for a web framework in package.json, API routes, pages and SQL migrations)"
            ));
        }
        let runs = shipgate_rules::run(&model);
        Ok::<_, String>((model, runs))
    })?;
    // Configuration and comments that do nothing: said on stderr and in the report.
    let mut warnings = Vec::new();
    // A public_routes entry that matches nothing is a decision that does nothing.
    let unused = model.config.unused_public_routes(
        model
            .routes
            .iter()
            .map(|r| (r.method.as_str(), r.path.as_str())),
    );
    for entry in unused.iter().take(10) {
        warnings.push(format!(
            "public_routes entry `{}` matches no route",
            shipgate_report::escape::visible(entry)
        ));
    }
    if unused.len() > 10 {
        warnings.push(format!(
            "{} more public_routes entries match no route",
            unused.len() - 10
        ));
    }
    // A suppression for a rule that does not exist silences nothing.
    for sup in &model.suppressions {
        if shipgate_rules::find(&sup.rule).is_some() {
            continue;
        }
        warnings.push(format!(
            "{}:{} suppresses unknown rule `{}`{}",
            shipgate_report::escape::visible(model.path(sup.file)),
            sup.line,
            shipgate_report::escape::visible(&sup.rule),
            did_you_mean(&sup.rule)
                .map(|id| format!(" (did you mean `{id}`?)"))
                .unwrap_or_default()
        ));
    }
    let mut report = Report::build(&model, runs);
    if baselines.unused_suppressions {
        let used: std::collections::BTreeSet<&str> =
            report.suppressed.iter().map(|s| s.at.as_str()).collect();
        for sup in &model.suppressions {
            let at = format!("{}:{}", model.path(sup.file), sup.line);
            if shipgate_rules::find(&sup.rule).is_some() && !used.contains(at.as_str()) {
                warnings.push(format!(
                    "{} shipgate-ignore {} silences nothing",
                    shipgate_report::escape::visible(&at),
                    shipgate_report::escape::visible(&sup.rule)
                ));
            }
        }
    }
    for w in &warnings {
        eprintln!("shipgate: warning: {w}");
    }
    report.warnings = warnings;
    if let Some(file) = baselines.write {
        std::fs::write(file, shipgate_report::baseline::write(&report))
            .map_err(|e| format!("cannot write baseline `{}`: {e}", file.display()))?;
        report.apply_baseline(
            &report
                .findings
                .iter()
                .map(|f| f.fingerprint.clone())
                .collect(),
        );
    } else if let Some(entries) = &known {
        report.apply_baseline_entries(entries);
        if baselines.new_only {
            report.keep_new_only();
        }
    }
    let rendered = match format {
        Format::Text => shipgate_report::text::render(&report, color),
        Format::Markdown => shipgate_report::markdown::render(&report),
        Format::Json => shipgate_report::json::render(&report),
        Format::Sarif => shipgate_report::sarif::render(&report, &repo_prefix(path)),
        Format::Html => shipgate_report::html::render(&report),
        Format::Github => shipgate_report::github::render(&report, &repo_prefix(path)),
        Format::Summary => shipgate_report::summary::render(&report),
    };
    // One redaction pass over everything the report says, whatever field it came from.
    let rendered = match shipgate_model::secrets::redact_output(&rendered) {
        std::borrow::Cow::Borrowed(_) => rendered,
        std::borrow::Cow::Owned(r) => r,
    };
    let threshold = severity_of(fail_on);
    let failed = report.fails(threshold);
    let summary = report.summary_line();
    let report_len = report.findings.len();
    // The process is about to exit: freeing every fact one by one would only cost time.
    std::mem::forget(report);
    std::mem::forget(model);
    Ok(Audited {
        rendered,
        failed,
        summary,
        baseline_written: baselines.write.map(|_| report_len),
    })
}

/// Runs `work` while a progress line on stderr says what it is doing, when stderr is a
/// terminal and the work takes long enough to be worth it (large trees). The line is
/// erased before returning, so reports and piped output never contain it.
fn with_progress_line<T>(work: impl FnOnce(&Progress) -> T + Send) -> T
where
    T: Send,
{
    let progress = Progress::default();
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return work(&progress);
    }
    let finished = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let start = std::time::Instant::now();
            let mut shown = false;
            while !finished.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(100));
                // Small trees finish before anyone would read a progress line.
                if start.elapsed() < std::time::Duration::from_millis(700) {
                    continue;
                }
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r\x1b[2Kshipgate: {}", progress.line());
                let _ = err.flush();
                shown = true;
            }
            if shown {
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r\x1b[2K");
                let _ = err.flush();
            }
        });
        let out = work(&progress);
        finished.store(true, std::sync::atomic::Ordering::Relaxed);
        out
    })
}

fn audit(
    path: &Path,
    format: Format,
    output: Option<&Path>,
    fail_on: FailOn,
    config: Option<&Path>,
    no_color: bool,
    baselines: Baselines,
) -> Result<u8, String> {
    if let (Some(w), Some(o)) = (baselines.write, output)
        && same_file(w, o)
    {
        return Err(format!(
            "--write-baseline and --output both name `{}`; the report would overwrite the baseline",
            w.display()
        ));
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(format!("`{}` is not a directory", path.display())),
        Err(e) => return Err(format!("cannot read `{}`: {e}", path.display())),
    }
    // A directory that cannot be listed would audit as empty, and read as ready.
    if let Err(e) = std::fs::read_dir(path) {
        return Err(format!("cannot read directory `{}`: {e}", path.display()));
    }
    let config = load_config(path, config)?;
    let color = format == Format::Text
        && output.is_none()
        && !no_color
        && std::env::var_os("NO_COLOR").is_none()
        && std::io::stdout().is_terminal();
    let done = audit_to_string(path, format, fail_on, config, color, baselines)?;
    match output {
        Some(file) => {
            std::fs::write(file, done.rendered.as_bytes())
                .map_err(|e| format!("cannot write `{}`: {e}", file.display()))?;
            // A CI log must say something when the report went to a file.
            eprintln!("shipgate: {} → {}", done.summary, file.display());
        }
        // Writing a baseline is not reading a report: say what was written.
        None if done.baseline_written.is_some() => {}
        None => print_stdout(&done.rendered)?,
    }
    if let (Some(n), Some(file)) = (done.baseline_written, baselines.write) {
        print_stdout(&format!(
            "shipgate: wrote {n} finding{} to the baseline `{}`; {}\n",
            if n == 1 { "" } else { "s" },
            file.display(),
            done.summary
        ))?;
    }
    Ok(if done.failed { 1 } else { 0 })
}

/// Debug dumps quote audited code too: every line goes through the same redaction as
/// the reports.
fn debug(what: DebugCommand) -> Result<u8, String> {
    match what {
        DebugCommand::Model { path } => {
            let config = load_config(&path, None)?;
            let model = shipgate_extract::build_model(&path, &path.to_string_lossy(), config)?;
            let v = shipgate_report::debug::model_json(&model);
            let json = serde_json::to_string_pretty(&v).unwrap_or_default();
            print_stdout(&shipgate_model::secrets::redact_output(&json))?;
        }
        DebugCommand::Facts { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read `{}`: {e}", file.display()))?;
            let facts = shipgate_extract::js::extract(&file.to_string_lossy(), &text)?;
            print_stdout(&shipgate_model::secrets::redact_output(&format!(
                "{facts:#?}"
            )))?;
        }
        DebugCommand::Docs { out } => {
            for (name, text) in docs_files() {
                let p = out.join(name);
                if let Some(parent) = p.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
                }
                std::fs::write(&p, text)
                    .map_err(|e| format!("cannot write `{}`: {e}", p.display()))?;
            }
        }
    }
    Ok(0)
}

/// The generated rule docs: `README.md` index plus one file per rule.
pub fn docs_files() -> Vec<(String, String)> {
    let mut index = String::from(
        "# Rule catalogue\n\nGenerated from rule metadata by `shipgate debug docs docs/rules`; do not edit.\n\n| Rule | Severity | Category | Detects |\n|---|---|---|---|\n",
    );
    let mut files = Vec::new();
    for r in shipgate_rules::RULES {
        let m = r.meta();
        let file = format!("{}.md", m.id.replace('/', "--"));
        index.push_str(&format!(
            "| [`{}`]({file}) | {} | {} | {} |\n",
            m.id,
            m.severity.as_str(),
            m.category.id(),
            m.summary
        ));
        files.push((file, rule_doc(m)));
    }
    files.insert(0, ("README.md".to_string(), index));
    files
}
