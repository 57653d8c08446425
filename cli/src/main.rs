//! The `zkos` binary: parses the command line (clap) and hands each subcommand to the library. Exit codes:
//! 0 success, 1 a failed block or a check that differs, 2 bad usage or bad input (with a one-line reason).

use std::process::ExitCode;

use clap::Parser;
use zkos_cli::args::{Cli, Command};
use zkos_cli::commands;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    match &cli.command {
        Command::Run(args) => commands::run(args),
        Command::Statetest(args) => commands::statetest(args),
        Command::Simulate(args) => commands::simulate(args),
        Command::Replay(args) => zkos_cli::replay::run(args),
        Command::Chain(command) => zkos_cli::chain::run(command),
        Command::T8n(args) => zkos_cli::t8n::run(args),
    }
}

/// `--help` and `--version` print and succeed; any other parse error is one line on stderr and exit 2.
fn usage_error(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        _ => {
            // clap's message, up to its usage block, on one line.
            let text = error.render().to_string();
            let reason: Vec<&str> = text
                .lines()
                .map(str::trim)
                .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more information"))
                .filter(|line| !line.is_empty())
                .collect();
            let reason = reason.join(" ");
            eprintln!("zkos: {} (see zkos --help)", reason.trim_start_matches("error: "));
            ExitCode::from(2)
        }
    }
}
