//! Baselines: today's findings recorded by fingerprint, so that a gate fails only on new ones
//! and says which recorded ones are gone.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error};
pub use crate::report::BaselineEntry;
use crate::report::Report;

/// The baseline file format version.
pub const BASELINE_VERSION: u32 = 1;

/// A set of accepted findings.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// [`BASELINE_VERSION`].
    pub bomgate_baseline: u32,
    /// The findings, sorted by fingerprint.
    pub entries: Vec<BaselineEntry>,
}

impl Baseline {
    /// Every finding of a report that no waiver waives, sorted by fingerprint. A waived
    /// finding is left out: its waiver accounts for it, and when the waiver expires the
    /// finding must count again, not pass as recorded ([`Baseline::left_out`] counts them).
    /// Findings are not merged: identical components have distinct fingerprints (see
    /// [`fingerprint_occurrence`](crate::report::fingerprint_occurrence)), and each entry
    /// shields one finding.
    pub fn from_report(report: &Report) -> Baseline {
        let mut entries: Vec<BaselineEntry> = report
            .findings
            .iter()
            .filter(|f| f.waiver.is_none())
            .map(|f| BaselineEntry {
                fingerprint: f.fingerprint.clone(),
                rule: f.rule.clone(),
                entity: f.entity.id.clone(),
                file: f.location.file.clone(),
                reference: f.component.reference.clone(),
                mpn: f.component.mpn.clone(),
            })
            .collect();
        entries.sort();
        Baseline {
            bomgate_baseline: BASELINE_VERSION,
            entries,
        }
    }

    /// How many findings of `report` [`Baseline::from_report`] leaves out: the waived ones.
    pub fn left_out(report: &Report) -> usize {
        report
            .findings
            .iter()
            .filter(|f| f.waiver.is_some())
            .count()
    }

    /// Reads the baseline file at `path` (named in messages as given).
    ///
    /// # Errors
    ///
    /// [`Error::MissingBaseline`] when the file does not exist: a baseline is written first
    /// (from [`Baseline::from_report`]), never assumed empty. [`Error::Io`] when it cannot be
    /// read; [`Error::Config`] as [`Baseline::parse`].
    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                Error::MissingBaseline {
                    path: path.to_path_buf(),
                }
            } else {
                Error::Io {
                    path: path.to_path_buf(),
                    source,
                }
            }
        })?;
        Baseline::parse(&path.display().to_string(), &text)
    }

    /// Reads a baseline file's text; `name` is used in messages.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the text is not a bomgate baseline of [`BASELINE_VERSION`].
    pub fn parse(name: &str, text: &str) -> Result<Baseline, Error> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| {
            Error::Config(vec![
                Diagnostic::new(name, format!("not a bomgate baseline: {e}"))
                    .at(e.line().max(1), e.column().max(1))
                    .help("write one with `bomgate check --write-baseline FILE`"),
            ])
        })?;
        if b.bomgate_baseline != BASELINE_VERSION {
            return Err(Error::Config(vec![
                Diagnostic::new(
                    name,
                    format!(
                        "baseline version {} is not {BASELINE_VERSION}",
                        b.bomgate_baseline
                    ),
                )
                .help("write it again with this version of bomgate"),
            ]));
        }
        Ok(b)
    }

    /// The baseline as pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}
