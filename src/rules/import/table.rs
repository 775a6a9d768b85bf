//! Reading a list file as CSV records with the line each starts on: decoded as BOMs are (UTF-8,
//! UTF-16 with a byte-order mark, stray bytes as Windows-1252), quotes checked as BOMs' are.

use std::borrow::Cow;

use crate::error::{Diagnostic, Error};

/// The text of a list file, decoded; a note when it was not plain UTF-8.
pub(super) fn decode<'a>(
    name: &str,
    bytes: &'a [u8],
) -> Result<(Cow<'a, str>, Option<String>), Error> {
    crate::bom::decode(name, bytes).map_err(|e| as_import_error(e, "download the list again"))
}

/// A BOM reader's error as an import error: the same place and message, a help that fits.
pub(super) fn as_import_error(e: Error, help: &str) -> Error {
    match e {
        Error::Bom(d) | Error::Import(d) => {
            let mut d = d.help(help);
            d.message = d.message.replace("a text BOM", "a text file");
            Error::Import(d)
        }
        other => other,
    }
}

/// One CSV record: the line it starts on and its fields.
pub(super) struct Record<'r> {
    /// 1-based line of the record's first byte.
    pub line: usize,
    /// The fields, not trimmed.
    pub fields: &'r csv::StringRecord,
}

impl Record<'_> {
    /// Field `i`, trimmed; empty when the record is shorter.
    pub fn get(&self, i: Option<usize>) -> &str {
        i.and_then(|i| self.fields.get(i)).map_or("", str::trim)
    }

    /// Whether every field is empty or blank.
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

/// The delimiter of a list with a header: a tab when the first line has tabs and no comma
/// (ITA also publishes the CSL as TSV), else a comma.
pub(super) fn delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    }
}

/// Calls `each` with every record of `text` (fields separated by `delim`; blank lines are
/// skipped), in order; stops at its first error. A quote left open at the end of the file is
/// an error.
pub(super) fn each_record(
    name: &str,
    text: &str,
    delim: u8,
    each: &mut dyn FnMut(&Record<'_>) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rec = csv::StringRecord::new();
    let mut lines = LineCounter::default();
    let mut last_start = 0;
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e
                    .position()
                    .map_or(1, |p| lines.at(text, p.byte() as usize));
                return Err(Error::Import(
                    Diagnostic::new(name, format!("unreadable CSV: {e}"))
                        .at(line, 1)
                        .help("download the list again"),
                ));
            }
        }
        let start = rec.position().map_or(last_start, |p| p.byte() as usize);
        let start = skip_line_ends(text, start);
        last_start = start;
        let line = lines.at(text, start);
        each(&Record { line, fields: &rec })?;
    }
    crate::bom::check_closed_quotes(name, text, last_start, delim)
        .map_err(|e| as_import_error(e, "close the quote that opens on this line"))
}

/// The first byte at or after `at` that is not a line end (a record's position may point at
/// the blank lines before it).
fn skip_line_ends(text: &str, mut at: usize) -> usize {
    while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
        at += 1;
    }
    at
}

/// Lines counted from byte offsets that only grow: the csv crate's own count is one short per
/// CRLF line ending.
#[derive(Default)]
struct LineCounter {
    pos: usize,
    line: usize,
}

impl LineCounter {
    /// The 1-based line of byte `at` of `text`.
    fn at(&mut self, text: &str, at: usize) -> usize {
        if self.line == 0 {
            self.line = 1;
        }
        if at > self.pos {
            let between = text.as_bytes().get(self.pos..at).unwrap_or_default();
            self.line += memchr::memchr_iter(b'\n', between).count();
            self.pos = at;
        }
        self.line
    }
}

/// A diagnostic at `line` of `name`.
pub(super) fn at_line(name: &str, line: usize, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(name, message).at(line, 1)
}
