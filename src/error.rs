//! Typed errors. Findings are not errors: an error means the check could not be done.

use std::fmt;
use std::path::PathBuf;

/// A problem in an input file, with its place and, where there is one, how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The file, as given by the caller.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// What the file probably meant, best first (a key or an id close to the one written):
    /// for editors and tools that offer a fix. The help says the same in words.
    pub candidates: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic about a whole file.
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
            candidates: Vec::new(),
        }
    }

    /// The same diagnostic placed at a line and column.
    pub fn at(mut self, line: usize, column: usize) -> Diagnostic {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// The same diagnostic placed at a byte offset of `text`.
    pub fn at_offset(self, text: &str, offset: usize) -> Diagnostic {
        let (line, column) = line_col(text, offset);
        self.at(line, column)
    }

    /// The same diagnostic suggesting `candidate` ("did you mean `aliases`?"), in words and in
    /// [`candidates`](Diagnostic::candidates).
    pub fn did_you_mean(mut self, candidate: &str) -> Diagnostic {
        self.help = Some(format!("did you mean `{candidate}`?"));
        self.candidates = vec![candidate.to_string()];
        self
    }

    /// The same diagnostic with a hint on how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " — {help}")?;
        }
        Ok(())
    }
}

/// 1-based line and character column of a byte offset (clamped to the text).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// Everything that can stop a check.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The rule set has problems; all of them are listed.
    #[error("{}", Diagnostics(.0))]
    Rules(Vec<Diagnostic>),
    /// A configuration, waiver or baseline file has problems; all of them are listed.
    #[error("{}", ConfigDiagnostics(.0))]
    Config(Vec<Diagnostic>),
    /// The BOM cannot be read as a BOM.
    #[error("{0}")]
    Bom(Diagnostic),
    /// A table BOM (a CSV file, a workbook) names no column that can be screened: no header
    /// row names a manufacturer, part-number, supplier or provider column.
    #[error("{0}")]
    NoVendorColumn(Box<NoVendorColumn>),
    /// A screening list cannot be imported as a rule pack (`rules import`).
    #[error("{0}")]
    Import(Diagnostic),
    /// The check context names something the rule set does not define, or is malformed.
    #[error("{0}")]
    Context(String),
    /// A baseline named by the caller or the configuration does not exist yet. It is made from
    /// a report of today's findings ([`crate::Baseline::from_report`]), committed, and
    /// checked against from then on; the command's `--write-baseline FILE` writes it.
    #[error(
        "the baseline {} does not exist yet: record today's findings in it first",
        path.display()
    )]
    MissingBaseline {
        /// The baseline file, as named.
        path: PathBuf,
    },
}

/// What [`Error::NoVendorColumn`] knows: where, what the file holds, and which of its columns
/// may be mapped. The diagnostic's help says what the file holds; the other fields let a
/// caller say how to map its columns (the command prints `--column` flags).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoVendorColumn {
    /// What, where, and what the file holds.
    pub diagnostic: Diagnostic,
    /// The cells of the header row (the row that may be one, when no header was found),
    /// trimmed, as written: the names a column mapping matches.
    pub header: Vec<String>,
    /// Cells of `header` that may hold a vendor column, by their name or a word in it, each
    /// with the role it may have (`manufacturer`, `mpn`, `supplier` or `provider`), at most
    /// one for each role; empty when none may.
    pub candidates: Vec<(String, String)>,
}

impl fmt::Display for NoVendorColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}; say which columns hold the manufacturer and part number",
            self.diagnostic
        )
    }
}

struct Diagnostics<'a>(&'a [Diagnostic]);

impl fmt::Display for Diagnostics<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "the rule set has {n} problem{}",
            if n == 1 { "" } else { "s" }
        )?;
        for d in self.0 {
            write!(f, "\n  {d}")?;
        }
        Ok(())
    }
}

struct ConfigDiagnostics<'a>(&'a [Diagnostic]);

impl fmt::Display for ConfigDiagnostics<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [one] => write!(f, "{one}"),
            all => {
                write!(f, "{} problems", all.len())?;
                for d in all {
                    write!(f, "\n  {d}")?;
                }
                Ok(())
            }
        }
    }
}

/// The closest candidate to a misspelled word, if one is close enough to suggest.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Keys people write for a key of bomgate's files, by what they mean, normalised (lower case,
/// letters and digits only); each with the keys it may stand for, in order of preference.
const KEY_SYNONYMS: &[(&[&str], &[&str])] = &[
    (
        &[
            "manufacturerpn",
            "manufacturerpartnumber",
            "manufacturerpartno",
            "mfrpn",
            "mfgpn",
            "mfrpartnumber",
            "mfgpartnumber",
            "mfrpartno",
            "partnumber",
            "partno",
            "pn",
            "model",
            "modelnumber",
        ],
        &["mpn"],
    ),
    (
        &[
            "mfg",
            "mfr",
            "manf",
            "manufacture",
            "manufacturername",
            "maker",
            "make",
            "brand",
            "vendor",
            "producer",
            "oem",
        ],
        &["manufacturer"],
    ),
    (&["distributor", "seller", "vendorname"], &["supplier"]),
    (
        &[
            "alias",
            "aka",
            "alsoknownas",
            "othernames",
            "names",
            "alternatenames",
        ],
        &["aliases"],
    ),
    (
        &[
            "designator",
            "designators",
            "reference",
            "references",
            "refdes",
            "refs",
        ],
        &["ref"],
    ),
    (&["qty", "count", "amount"], &["quantity"]),
    (&["description", "desc", "value", "title"], &["name"]),
    (&["type", "category"], &["kind"]),
    (
        &["country", "countryoforigin", "coo", "madein"],
        &["origin", "country"],
    ),
    (
        &[
            "alternates",
            "alternative",
            "alternatives",
            "alt",
            "secondsource",
        ],
        &["alternate"],
    ),
    (
        &[
            "members",
            "subsidiary",
            "subsidiaries",
            "affiliate",
            "affiliates",
        ],
        &["member"],
    ),
    (&["since", "start", "startdate", "effective"], &["from"]),
    (
        &["end", "enddate", "expires", "expiry"],
        &["until", "expires"],
    ),
    (&["due", "duedate"], &["deadline"]),
    (&["roles", "role", "appliesto"], &["binds"]),
    (&["url", "urls", "link", "links"], &["sources", "source"]),
    (&["version", "rev"], &["revision"]),
];

/// Lower case, letters and digits only: `Manufacturer_PN` and `manufacturer-pn` alike.
fn key_form(key: &str) -> String {
    key.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The known key an unknown key of a file probably means: the same key written with other
/// case or separators (`fcc_id` for `fcc-id`), else the key it is a common synonym of
/// (`manufacturer_pn` → `mpn`, `vendor` → `manufacturer`, `alias` → `aliases`), else the
/// closest by spelling ([`suggest`]).
pub fn suggest_key<'a>(
    key: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let form = key_form(key);
    if let Some(same) = candidates.iter().find(|c| key_form(c) == form) {
        return Some(same);
    }
    let synonym = KEY_SYNONYMS
        .iter()
        .filter(|(words, _)| words.contains(&form.as_str()))
        .flat_map(|(_, targets)| targets.iter())
        .find_map(|t| candidates.iter().find(|c| *c == t));
    if let Some(s) = synonym {
        return Some(s);
    }
    suggest(key, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        let t = "a = 1\nbé = 2\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 6), (2, 1));
        assert_eq!(line_col(t, 9), (2, 3));
        assert_eq!(line_col(t, 999), (3, 1));
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("alias", ["aliases", "name", "id"]), Some("aliases"));
        assert_eq!(suggest("zzz", ["aliases", "name"]), None);
    }

    #[test]
    fn key_suggestions_know_synonyms_and_separators() {
        let component = ["ref", "name", "manufacturer", "mpn", "supplier", "fcc-id"];
        for (key, want) in [
            ("manufacturer_pn", "mpn"),
            ("mfr_pn", "mpn"),
            ("part_number", "mpn"),
            ("Part-Number", "mpn"),
            ("mfg", "manufacturer"),
            ("vendor", "manufacturer"),
            ("maker", "manufacturer"),
            ("fcc_id", "fcc-id"),
            ("FCC ID", "fcc-id"),
            ("designator", "ref"),
            ("manufactuer", "manufacturer"),
        ] {
            assert_eq!(suggest_key(key, component), Some(want), "{key}");
        }
        // A synonym's key must be a candidate: `alias` means `aliases` only where that is one.
        assert_eq!(suggest_key("alias", ["name", "aliases"]), Some("aliases"));
        assert_eq!(suggest_key("alias", ["ref", "mpn"]), None);
        assert_eq!(suggest_key("country", ["origin", "kind"]), Some("origin"));
        assert_eq!(suggest_key("country", ["id", "country"]), Some("country"));
        assert_eq!(suggest_key("zzz", component), None);
    }
}
