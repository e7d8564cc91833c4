//! The `shipgate` command line: argument parsing and wiring only. Exit codes follow
//! output.md: 0 audit ran and nothing reached `--fail-on`, 1 findings at or above it,
//! 2 usage or input error (one line on stderr).

mod cli;

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
            // Help and version are not errors; usage errors exit 2 (clap's own code).
            let code = e.exit_code();
            let _ = e.print();
            return ExitCode::from(code.clamp(0, 255) as u8);
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
