//! `bomgate rules import`: an official machine-readable screening list turned into a rule pack
//! that `--rules DIR` loads. The library parses the list and returns the pack's files as
//! `(relative path, text)`; it never writes them.
//!
//! Two formats: the US Consolidated Screening List CSV of the International Trade
//! Administration (`csl`, also the BIS and State source files in their own CSV layouts), and
//! OFAC's `sdn.csv` with its `alt.csv` (`ofac-sdn`). Rows become entities (grouped by their
//! normalised name), each source list an instrument with one list-based rule whose listings
//! carry the rows' dates. Same file, same pack, to the byte.

mod csl;
mod group;
mod ids;
mod lists;
mod ofac;
mod render;
mod table;

use std::collections::BTreeMap;

use crate::date::Date;
use crate::error::Error;
use crate::rules::Severity;

/// The list formats `rules import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    /// The US Consolidated Screening List CSV (ITA); also the BIS Entity List and Military
    /// End-User List CSVs and State's nonproliferation CSV, whose headers it recognises.
    Csl,
    /// OFAC's `sdn.csv` (no header, `-0-` for empty), with `alt.csv` for aliases.
    OfacSdn,
}

impl ListFormat {
    /// The pack id of an imported list of this format, which prefixes its entity and rule ids.
    pub fn pack_id(self) -> &'static str {
        match self {
            ListFormat::Csl => "csl",
            ListFormat::OfacSdn => "ofac-sdn",
        }
    }
}

/// One input file: its name (in messages and in the generated files' header, without its
/// folder) and its bytes.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The file's name as the user gave it.
    pub name: &'a str,
    /// Its content.
    pub bytes: &'a [u8],
}

/// How to import.
#[derive(Clone, Copy, Debug)]
pub struct ImportOptions {
    /// The day the list was published or downloaded (neither file says): the pack's version,
    /// the instruments' `checked` date, and the listing date of rows without a start date.
    pub list_date: Date,
    /// Also import individuals, vessels and aircraft (default: entities only).
    pub all_types: bool,
}

/// A rule pack made from a list.
#[derive(Clone, Debug)]
pub struct ImportedPack {
    /// The pack's id (`csl`, `ofac-sdn`).
    pub id: String,
    /// Its version: the list date as semver (`2025.6.25`).
    pub version: String,
    /// The files: `(path relative to the pack folder, text)`, `pack.toml` first.
    pub files: Vec<(String, String)>,
    /// What the import found.
    pub summary: ImportSummary,
}

/// What an import read, kept and left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Data rows read (the header and blank lines not counted).
    pub rows: usize,
    /// Entities in the pack.
    pub entities: usize,
    /// Names in the pack: entity names and aliases.
    pub names: usize,
    /// The lists, one rule each.
    pub lists: Vec<ListSummary>,
    /// Rows not imported, by reason (`individual`, `vessel`…).
    pub skipped: BTreeMap<String, usize>,
    /// Names not imported, by reason (an alias of two entities…).
    pub dropped: BTreeMap<String, usize>,
    /// Other things worth knowing (a date not understood, a list bomgate does not know).
    pub notes: Vec<String>,
}

/// One list of an imported pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListSummary {
    /// Its rule's id.
    pub rule: String,
    /// Its name.
    pub title: String,
    /// Its rule's severity.
    pub severity: Severity,
    /// The entities it names.
    pub entities: usize,
}

impl ImportSummary {
    fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_default() += 1;
    }

    fn drop_name(&mut self, reason: &str) {
        *self.dropped.entry(reason.to_string()).or_default() += 1;
    }
}

/// Imports a list: parses `input` (and, for OFAC, `alt`) and returns the pack's files. A
/// malformed row is an error that names its file and line, never skipped.
///
/// # Errors
///
/// [`Error::Import`] (with file, line and column) if the list is not in the format named, has
/// no usable rows, or a name cannot be turned into a valid rule file.
pub fn import(
    format: ListFormat,
    input: Input<'_>,
    alt: Option<Input<'_>>,
    opts: &ImportOptions,
) -> Result<ImportedPack, Error> {
    let mut parsed = match format {
        ListFormat::Csl => {
            if let Some(a) = alt {
                return Err(Error::Import(
                    crate::error::Diagnostic::new(a.name, "an alias file is for ofac-sdn only")
                        .help("the Consolidated Screening List has its aliases in `alt_names`"),
                ));
            }
            csl::read(input, opts)?
        }
        ListFormat::OfacSdn => ofac::read(input, alt, opts)?,
    };
    let entities = group::entities(&mut parsed)?;
    if entities.is_empty() {
        return Err(nothing_to_import(&parsed));
    }
    let files = render::files(&parsed, &entities, opts);
    let mut summary = parsed.summary;
    summary.entities = entities.len();
    summary.names = entities.iter().map(|e| 1 + e.aliases.len()).sum();
    summary.lists = render::list_summaries(&parsed.lists, &entities);
    Ok(ImportedPack {
        id: parsed.pack.to_string(),
        version: version(opts.list_date),
        files,
        summary,
    })
}

/// The error for a list that gives no entity: a pack without rules would pass every BOM.
fn nothing_to_import(p: &Parsed) -> Error {
    let skipped: Vec<String> = p
        .summary
        .skipped
        .iter()
        .map(|(reason, n)| format!("{n} {reason}"))
        .collect();
    let why = if skipped.is_empty() {
        String::new()
    } else {
        format!(", all skipped: {}", skipped.join(", "))
    };
    Error::Import(
        crate::error::Diagnostic::new(
            &p.name,
            format!("no entity to import: {} rows read{why}", p.summary.rows),
        )
        .help("is this the whole list? --all-types also imports individuals, vessels and aircraft"),
    )
}

/// The pack version of a list date: `2025.6.25` (semver has no leading zeros).
fn version(d: Date) -> String {
    format!("{}.{}.{}", d.year(), d.month(), d.day())
}

/// One row kept: an entity on one list.
#[derive(Clone, Debug)]
struct Row {
    /// The line it starts on.
    line: usize,
    /// Index of its list in [`Parsed::lists`].
    list: usize,
    /// The name as listed, whitespace collapsed.
    name: String,
    /// Other names, whitespace collapsed.
    aliases: Vec<String>,
    /// The day it was listed: the row's start date, else the list date.
    from: Date,
    /// The day it was taken off, if the row says.
    until: Option<Date>,
    /// Where the listing is published (a Federal Register notice).
    source: Option<String>,
    /// What else identifies it (`SDN 52291`, its programmes).
    note: Option<String>,
}

/// A list file read: its rows and lists, and what was left out.
#[derive(Debug)]
struct Parsed {
    /// The pack id.
    pack: &'static str,
    /// The format's name on the command line.
    format: &'static str,
    /// The input file's name as given, for messages.
    name: String,
    /// The input file's name without its folder, and its SHA-256, for the files' header.
    file: String,
    sha256: String,
    /// The lists, in order of first appearance.
    lists: Vec<lists::List>,
    /// The rows kept, in file order.
    rows: Vec<Row>,
    summary: ImportSummary,
}

impl Parsed {
    fn new(pack: &'static str, format: &'static str, input: Input<'_>) -> Parsed {
        use sha2::Digest;
        let file = std::path::Path::new(input.name).file_name().map_or_else(
            || input.name.to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Parsed {
            pack,
            format,
            name: input.name.to_string(),
            file,
            sha256: crate::ident::hex(&sha2::Sha256::digest(input.bytes)),
            lists: Vec::new(),
            rows: Vec::new(),
            summary: ImportSummary::default(),
        }
    }

    /// The index of the list a `source` value names, added on first sight; `url` is the
    /// list's page as the row gives it.
    fn list_of(&mut self, source: &str, url: &str) -> usize {
        let list = lists::List::of_source(self.pack, source);
        if let Some(i) = self.lists.iter().position(|l| l.id == list.id) {
            return i;
        }
        let mut list = list;
        if url.starts_with("https://") || url.starts_with("http://") {
            list.url = url.to_string();
        }
        if !list.known {
            self.summary.notes.push(format!(
                "list `{source}` is not one bomgate knows: imported as `{}`, severity review",
                list.id
            ));
        }
        self.lists.push(list);
        self.lists.len() - 1
    }
}

/// A name with its runs of whitespace (line breaks, tabs, doubled spaces) made one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A listing's `from` and `until`: the row's start date (else the list date) and end date.
/// `None` when the row ended on or before the list date and says no start date, since the
/// day it was listed is then unknown; an end not after the start is a malformed row.
fn listing_dates(
    file: &str,
    line: usize,
    start: Option<Date>,
    end: Option<Date>,
    list_date: Date,
) -> Result<Option<(Date, Option<Date>)>, Error> {
    match (start, end) {
        (Some(s), Some(e)) if e <= s => Err(Error::Import(
            table::at_line(
                file,
                line,
                format!("the end date {e} is not after the start date {s}"),
            )
            .help("a listing ends after it starts; check the row's dates"),
        )),
        (None, Some(e)) if e <= list_date => Ok(None),
        (s, e) => Ok(Some((s.unwrap_or(list_date), e))),
    }
}
