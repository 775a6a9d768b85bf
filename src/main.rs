//! The `bomgate` command: parses arguments, dispatches to a subcommand (in `cli/`), and maps
//! the outcome to an exit code — 0 clean, 1 findings at the fail level, 2 error.

/// A line on standard error, like `eprintln!`, that never panics: a closed standard error
/// (`2>&1 | head`) must not stop the command or change its exit code.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// A line on standard output, like `println!`, that never panics on a closed pipe.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod cli;

use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Command, RulesCommand};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Check(args) => cli::check::run(*args),
        Command::Rules(RulesCommand::List { source, format }) => cli::rules::list(&source, format),
        Command::Rules(RulesCommand::Show { id, source, format }) => {
            cli::rules::show(&id, &source, format)
        }
        Command::Rules(RulesCommand::Check(src)) => cli::rules::check(&src),
        Command::Rules(RulesCommand::Diff { old, new, format }) => {
            cli::rules::diff(&old, &new, format)
        }
        Command::Rules(RulesCommand::Import(args)) => cli::rules::import(&args),
        Command::Init { force } => cli::init::run(force),
        Command::Explain(args) => cli::explain::run(*args),
        Command::Timeline(args) => cli::explain::timeline(*args),
        Command::Completions { shell } => cli::about::completions(shell),
        Command::Man { dir } => cli::about::man(dir.as_deref()),
        Command::Version { format } => cli::about::version(format),
        Command::Rules(RulesCommand::Doc) => cli::about::rules_doc(),
    };
    match result {
        Ok(code) => code,
        Err(e) if cli::errors::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            note!("error: {}", cli::errors::message(&e));
            ExitCode::from(2)
        }
    }
}
