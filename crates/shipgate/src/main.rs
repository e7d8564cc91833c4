//! The `shipgate` command line: argument parsing and wiring only.

use clap::{Parser, Subcommand};
use shipgate_model::Config;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "shipgate",
    version,
    about = "An evidence-backed production-readiness audit for SaaS web apps"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Developer tools.
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Debug {
            what: DebugCommand::Facts { file },
        } => {
            let text = match std::fs::read_to_string(&file) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("shipgate: cannot read `{}`: {e}", file.display());
                    return ExitCode::from(2);
                }
            };
            match shipgate_extract::js::extract(&file.to_string_lossy(), &text) {
                Ok(facts) => {
                    println!("{facts:#?}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("shipgate: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Debug {
            what: DebugCommand::Model { path },
        } => {
            let display = path.to_string_lossy().to_string();
            match shipgate_extract::build_model(&path, &display, Config::default()) {
                Ok(model) => {
                    let v = shipgate_report::debug::model_json(&model);
                    println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("shipgate: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
