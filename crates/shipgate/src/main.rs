//! The `shipgate` command line: argument parsing and wiring only. Exit codes follow
//! output.md: 0 audit ran and nothing reached `--fail-on`, 1 findings at or above it,
//! 2 usage or input error (one line on stderr).

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
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
            eprintln!("shipgate: {msg}");
            ExitCode::from(2)
        }
    }
}
