//! The `shipgate` command line: argument parsing and wiring only. Exit codes follow
//! output.md: 0 audit ran and nothing reached `--fail-on`, 1 findings at or above it,
//! 2 usage or input error (one line on stderr).

mod cli;
mod gitref;
mod init;

// Parsing and linking allocate many small objects; mimalloc is much faster at that than
// the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Panics are bugs: extraction catches them per file and reports the file as skipped;
    // anything else becomes one line on stderr and exit 2, never a backtrace.
    std::panic::set_hook(Box::new(|_| {}));
    match std::panic::catch_unwind(real_main) {
        Ok(code) => code,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            eprintln!("shipgate: internal error: {}", one_line(&msg));
            ExitCode::from(2)
        }
    }
}

fn real_main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(a) => a,
        Err(e) => {
            // Help and version are not errors: clap prints them in full.
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
            }
            // A usage error is one line, like every other error, and exits 2.
            eprintln!("shipgate: {}", usage_line(&e.render().to_string()));
            return ExitCode::from(2);
        }
    };
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("shipgate: {}", one_line(&msg));
            ExitCode::from(2)
        }
    }
}

/// An error as one line on stderr: secrets redacted, control characters (a line break
/// from a file name or a config value) shown, not obeyed.
fn one_line(msg: &str) -> String {
    let redacted = shipgate_model::secrets::redact_output(msg);
    shipgate_report::escape::visible(redacted.trim_end()).into_owned()
}

/// clap's usage error as one line: its message, its tip if it has one, and where to look.
fn usage_line(rendered: &str) -> String {
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines
        .next()
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ");
    let tip = rendered
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("tip: "))
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    one_line(&format!("{first}{tip}; see `shipgate --help`"))
}
