//! The fail level: which findings make a check fail.

use std::fmt;
use std::str::FromStr;

use crate::rules::Severity;

/// The lowest severity that fails a check, or `Never`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailLevel {
    /// Findings of this severity or above fail the check (unless waived or baselined).
    At(Severity),
    /// Nothing fails the check; findings are only reported.
    Never,
}

impl Default for FailLevel {
    /// `deny`: what the rules forbid fails the check.
    fn default() -> FailLevel {
        FailLevel::At(Severity::Deny)
    }
}

impl FailLevel {
    /// The severity, or `None` for `Never`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            FailLevel::At(s) => Some(s),
            FailLevel::Never => None,
        }
    }

    /// `deny`, `warn`, `review`, `info` or `never`.
    pub fn as_str(self) -> &'static str {
        match self {
            FailLevel::At(s) => s.as_str(),
            FailLevel::Never => "never",
        }
    }
}

impl From<Option<Severity>> for FailLevel {
    /// `None` is `Never`.
    fn from(level: Option<Severity>) -> FailLevel {
        level.map_or(FailLevel::Never, FailLevel::At)
    }
}

impl fmt::Display for FailLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of [`FailLevel::from_str`]: the word given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a fail level: use deny, warn, review, info or never")]
pub struct UnknownFailLevel(pub String);

impl FromStr for FailLevel {
    type Err = UnknownFailLevel;

    fn from_str(s: &str) -> Result<FailLevel, UnknownFailLevel> {
        match s {
            "never" => Ok(FailLevel::Never),
            _ => s
                .parse::<Severity>()
                .map(FailLevel::At)
                .map_err(|_| UnknownFailLevel(s.to_string())),
        }
    }
}

/// What a check does when nothing in its BOMs could be screened (a software SBOM that names
/// no vendor): nothing is then known to comply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unscreenable {
    /// An error (exit 2): the default, since a BOM without vendor data is usually a wrong export.
    #[default]
    Error,
    /// The check fails (exit 1), with a warning.
    Fail,
    /// The check passes, with a warning.
    Warn,
}

impl FromStr for Unscreenable {
    type Err = String;

    fn from_str(s: &str) -> Result<Unscreenable, String> {
        match s {
            "error" => Ok(Unscreenable::Error),
            "fail" => Ok(Unscreenable::Fail),
            "warn" => Ok(Unscreenable::Warn),
            _ => Err(format!(
                "`{s}` is not an unscreenable policy: use error, fail or warn"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for w in ["deny", "warn", "review", "info", "never"] {
            let level: FailLevel = w.parse().unwrap();
            assert_eq!(level.to_string(), w);
        }
        assert!("sometimes".parse::<FailLevel>().is_err());
        assert_eq!(FailLevel::from(None), FailLevel::Never);
    }
}
