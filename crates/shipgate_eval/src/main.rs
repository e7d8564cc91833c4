//! `shipgate-eval`: audits every app of the evaluation set found under a directory and
//! prints how many of shipgate's critical and high findings hand-judged labels call real,
//! per set (training and held-out check), per rule and severity; the judged real findings
//! it no longer reports; and the findings nobody has judged yet.

mod apps;
mod labels;
mod tally;

use apps::{App, Set};
use clap::Parser;
use shipgate_model::{Config, Severity};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tally::{AppScore, Counts, Current};

#[derive(Parser)]
#[command(
    name = "shipgate-eval",
    about = "Score shipgate against the labelled evaluation set"
)]
struct Cli {
    /// The directory holding one checkout per app, named `owner__name`.
    apps_dir: PathBuf,
    /// The app list.
    #[arg(long, default_value = "eval/apps.toml")]
    apps: PathBuf,
    /// The directory of label files.
    #[arg(long, default_value = "eval/labels")]
    labels: PathBuf,
    /// Only these apps (`owner/name`), repeatable.
    #[arg(long)]
    only: Vec<String>,
    /// Only this set.
    #[arg(long, value_parser = ["train", "check"])]
    set: Option<String>,
    /// Append every unjudged critical/high finding to its app's label file as a `?` line.
    #[arg(long)]
    triage: bool,
    /// Also list every finding the labels call false.
    #[arg(long)]
    show_false: bool,
    /// Also list every real finding reported at another severity than the judged one.
    #[arg(long)]
    show_severity: bool,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("shipgate-eval: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let text = std::fs::read_to_string(&cli.apps)
        .map_err(|e| format!("cannot read `{}`: {e}", cli.apps.display()))?;
    let apps: Vec<App> = apps::parse(&text)?
        .into_iter()
        .filter(|a| cli.only.is_empty() || cli.only.contains(&a.repo))
        .filter(|a| cli.set.as_deref().is_none_or(|s| a.set.as_str() == s))
        .collect();
    let mut results: Vec<(&App, AppScore)> = Vec::new();
    let mut missing = Vec::new();
    println!(
        "{:<48} {:<5} {:<20} {:>5} {:>5} {:>5} {:>4} {:>5} {:>5} {:>6}",
        "app", "set", "kind", "found", "real", "right", "fp", "new", "lost", "prec%"
    );
    for app in &apps {
        let dir = cli.apps_dir.join(app.slug());
        if !dir.is_dir() {
            missing.push(app.repo.clone());
            continue;
        }
        let current = audit(&dir)?;
        let label_file = cli.labels.join(format!("{}.tsv", app.slug()));
        let labels = match std::fs::read_to_string(&label_file) {
            Ok(t) => labels::parse(&t, &label_file.display().to_string())?,
            Err(_) => Vec::new(),
        };
        let s = tally::score(&current, &labels);
        println!(
            "{:<48} {:<5} {:<20} {:>5} {:>5} {:>5} {:>4} {:>5} {:>5} {:>6}",
            app.repo,
            app.set.as_str(),
            app.kind,
            s.counts.found,
            s.counts.real,
            s.counts.right_severity,
            s.counts.fp,
            s.counts.unjudged,
            s.lost.len(),
            pct(s.counts.precision())
        );
        if cli.triage && !s.unjudged.is_empty() {
            append_unjudged(&label_file, &s.unjudged)?;
        }
        results.push((app, s));
    }
    println!();
    for set in [Set::Train, Set::Check] {
        let in_set: Vec<&AppScore> = results
            .iter()
            .filter(|(a, _)| a.set == set)
            .map(|(_, s)| s)
            .collect();
        if in_set.is_empty() {
            continue;
        }
        let (c, by_rule, lost) = tally::total(in_set.iter().copied());
        println!(
            "{} set, {} apps: {} critical/high findings, {} judged: {} real ({}% precision), {} at the right severity ({}%), {} false; {} unjudged; {} judged real findings lost",
            set.as_str(),
            in_set.len(),
            c.found,
            c.judged(),
            c.real,
            pct(c.precision()),
            c.right_severity,
            pct(c.right_severity_rate()),
            c.fp,
            c.unjudged,
            lost
        );
        print_rules(&by_rule);
        println!();
    }
    print_details(&results);
    if cli.show_false {
        println!("judged false:");
        for (a, s) in &results {
            for f in &s.false_found {
                print_finding(&a.repo, f);
            }
        }
    }
    if cli.show_severity {
        println!("real, at another severity than judged:");
        for (a, s) in &results {
            for (f, expected) in &s.wrong_severity {
                print_finding(&a.repo, f);
                println!("      judged {}", expected.map_or("-", Severity::as_str));
            }
        }
    }
    if !missing.is_empty() {
        println!(
            "not found under {} ({}): {}",
            cli.apps_dir.display(),
            missing.len(),
            missing.join(", ")
        );
    }
    Ok(())
}

fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "-".to_string(), |p| format!("{p:.0}"))
}

fn print_rules(by_rule: &std::collections::BTreeMap<(String, Severity), Counts>) {
    println!(
        "  {:<44} {:<8} {:>5} {:>5} {:>5} {:>4} {:>5} {:>6}",
        "rule", "severity", "found", "real", "right", "fp", "new", "prec%"
    );
    for ((rule, sev), c) in by_rule {
        println!(
            "  {:<44} {:<8} {:>5} {:>5} {:>5} {:>4} {:>5} {:>6}",
            rule,
            sev.as_str(),
            c.found,
            c.real,
            c.right_severity,
            c.fp,
            c.unjudged,
            pct(c.precision())
        );
    }
}

/// One finding, a line: `owner/name [severity] rule path:line entity`.
fn print_finding(repo: &str, f: &Current) {
    println!(
        "  {repo} [{}] {} {} {}",
        f.severity.as_str(),
        f.rule,
        f.location,
        f.entity
    );
}

fn print_details(results: &[(&App, AppScore)]) {
    let lost: Vec<_> = results
        .iter()
        .flat_map(|(a, s)| s.lost.iter().map(move |l| (a, l)))
        .collect();
    if !lost.is_empty() {
        println!(
            "judged real, no longer reported at high or above ({}):",
            lost.len()
        );
        for (a, l) in lost {
            println!(
                "  {} [{}] {} {} {}: {}",
                a.repo,
                l.expected.map_or("-", Severity::as_str),
                l.rule,
                l.file,
                l.entity,
                l.reason
            );
        }
        println!();
    }
    let unjudged: Vec<_> = results
        .iter()
        .flat_map(|(a, s)| s.unjudged.iter().map(move |f| (a, f)))
        .collect();
    if !unjudged.is_empty() {
        println!("not judged yet ({}):", unjudged.len());
        for (a, f) in unjudged {
            print_finding(&a.repo, f);
        }
        println!();
    }
}

/// Today's critical and high findings for one app, with shipgate's defaults.
fn audit(dir: &Path) -> Result<Vec<Current>, String> {
    let model = shipgate_extract::build_model(dir, &dir.to_string_lossy(), Config::default())?;
    let runs = shipgate_rules::run(&model);
    let report = shipgate_report::Report::build(&model, runs);
    Ok(report
        .findings
        .iter()
        .filter(|f| f.finding.severity <= Severity::High)
        .map(|f| Current {
            rule: f.finding.rule.to_string(),
            file: f.file.clone().unwrap_or_else(|| "-".into()),
            entity: f.finding.entity.clone(),
            severity: f.finding.severity,
            location: f.location(),
            message: f.finding.message.clone(),
        })
        .collect())
}

fn append_unjudged(file: &Path, found: &[Current]) -> Result<(), String> {
    use std::io::Write as _;
    let exists = file.exists();
    let mut out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .map_err(|e| format!("cannot write `{}`: {e}", file.display()))?;
    let mut text = String::new();
    if !exists {
        text.push_str(labels::HEADER);
        text.push('\n');
    }
    for f in found {
        text.push_str(&labels::line(
            "?",
            "-",
            &f.rule,
            &f.file,
            &f.entity,
            &format!("[{} at {}] {}", f.severity.as_str(), f.location, f.message),
        ));
        text.push('\n');
    }
    out.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write `{}`: {e}", file.display()))
}
