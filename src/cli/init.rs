//! `bomgate init`: a commented starter `bomgate.toml`.

use std::path::PathBuf;
use std::process::ExitCode;

use bomgate::Error;
use bomgate::config::{FILE_NAME, STARTER};

use super::output::write_atomic;

/// Writes `bomgate.toml` in the working directory; refuses to overwrite one unless `force`.
pub fn run(force: bool) -> Result<ExitCode, Error> {
    let path = PathBuf::from(FILE_NAME);
    if path.exists() && !force {
        return Err(Error::Context(format!(
            "{} exists already: edit it, or pass --force to overwrite it",
            path.display()
        )));
    }
    write_atomic(&path, STARTER.as_bytes())?;
    say!(
        "wrote {} — edit it, then run `bomgate check`",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
