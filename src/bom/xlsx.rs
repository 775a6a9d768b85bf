//! Workbooks: Excel (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`) and OpenDocument (`.ods`)
//! spreadsheets, read with calamine.
//!
//! A workbook is many tables. Every worksheet is looked at, hidden ones too; each one that has
//! a BOM header among its first rows (as the CSV reader finds one: a manufacturer,
//! part-number or supplier column, or the columns mapped with `--column`) is screened, and the
//! others are named in the notes as skipped. A workbook in which no sheet has a BOM header is
//! an error that names each sheet and what its first row holds.
//!
//! A sheet is read by the CSV reader itself: its cells become comma-separated text, line *n*
//! for row *n* ([`grid`]), so that the header search, the column layout, approved-alternate
//! rows, summary sections and the rows above the header are the CSV reader's, and findings
//! name the sheet and the row (`bom.xlsx:Sheet1:112`). Only cells that hold a value are read,
//! wherever the sheet claims its used range ends. Cells read as a person sees them
//! ([`cells::cell_text`]): a part number `10000`, not `10000.0`. A formula gives the value
//! Excel saved with it; an error value (`#N/A`) reads as empty and is counted in a note.
//!
//! Designators are kept as written, as in a CSV BOM: `D2-12` is one designator, not expanded
//! into `D2` … `D12` (the same text may name one designator with a suffix, such as `J1-2`, and
//! an expansion would name designators the BOM does not); lists (`D2, D5`) are split by
//! [`split_refs`](super::split_refs).

mod cells;
mod grid;

use super::csv::{self, CsvOptions};
use super::{BomInfo, Component};
use crate::error::{Diagnostic, Error};

/// The kinds of workbook calamine reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Office Open XML (`.xlsx`, `.xlsm`): a zip of XML parts.
    Xlsx,
    /// Excel binary workbook (`.xlsb`): a zip of binary parts.
    Xlsb,
    /// Excel 97–2003 (`.xls`): an OLE compound file.
    Xls,
    /// OpenDocument spreadsheet (`.ods`): a zip of XML parts.
    Ods,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Xlsx => "xlsx",
            Kind::Xlsb => "xlsb",
            Kind::Xls => "xls",
            Kind::Ods => "ods",
        }
    }
}

/// The signature of a zip archive (xlsx, xlsb, ods).
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The signature of an OLE compound file (xls).
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The file names of workbooks.
const EXTENSIONS: [&str; 5] = [".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"];

/// The kind of workbook the bytes are, by their signature: a zip archive is an OpenDocument
/// spreadsheet when its `mimetype` says so, an Excel binary workbook when it holds
/// `xl/workbook.bin`, else Office Open XML.
pub(crate) fn sniff(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(OLE_MAGIC) {
        return Some(Kind::Xls);
    }
    if !bytes.starts_with(ZIP_MAGIC) {
        return None;
    }
    let has = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    Some(if has(b"application/vnd.oasis.opendocument.spreadsheet") {
        Kind::Ods
    } else if has(b"xl/workbook.bin") {
        Kind::Xlsb
    } else {
        Kind::Xlsx
    })
}

/// The kind of workbook a file name says, if it says one.
pub(crate) fn by_extension(name: &str) -> Option<Kind> {
    let lower = name.to_ascii_lowercase();
    let ext = EXTENSIONS.iter().find(|e| lower.ends_with(*e))?;
    Some(match *ext {
        ".xlsb" => Kind::Xlsb,
        ".xls" => Kind::Xls,
        ".ods" => Kind::Ods,
        _ => Kind::Xlsx,
    })
}

/// Reads a workbook and sends the components of every sheet with a BOM header to `sink`,
/// with their sheet; `kind` is what the file seems to be (its signature, else its name).
pub(crate) fn read(
    name: &str,
    bytes: &[u8],
    kind: Kind,
    opts: &CsvOptions,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    not_a_workbook(name, bytes)?;
    let mut book = cells::open(name, bytes, kind)?;
    let sheets = cells::sheets(&book);
    let mut info = BomInfo {
        file: name.to_string(),
        ..BomInfo::default()
    };
    info.notes.push(workbook_note(kind, &sheets));
    let opts = CsvOptions {
        delimiter: Some(b','),
        ..opts.clone()
    };
    let mut skipped = Vec::new();
    // The first rows of the first sheet with values that may be a header, for the error.
    let mut sample: Option<Vec<String>> = None;
    for (sheet, is_worksheet) in &sheets {
        if !is_worksheet {
            info.notes.push(format!(
                "sheet `{sheet}` skipped: not a worksheet (a chart or macro sheet)"
            ));
            continue;
        }
        let mut found = cells::read(name, &mut book, sheet)?;
        grid::sort(&mut found.cells);
        let first = || -> Vec<(u32, String)> {
            grid::first_rows(&found.cells, 3)
                .into_iter()
                .map(|(row, values)| (row, list(&values)))
                .collect()
        };
        match read_sheet(name, sheet, &found, &opts, sink)? {
            Sheet::Screened(screened) => merge(&mut info, sheet, screened),
            Sheet::NoHeader => {
                let first = first();
                if sample.is_none() {
                    sample = header_sample(&found.cells);
                }
                info.notes.push(skipped_note(sheet, &first));
                skipped.push((
                    format!("sheet `{sheet}`: {}", holds(&first)),
                    !first.is_empty(),
                ));
            }
            Sheet::HeaderOnly(row) => {
                let what = format!("a BOM header on row {row} with nothing under it");
                info.notes.push(format!("sheet `{sheet}` skipped: {what}"));
                skipped.push((format!("sheet `{sheet}`: {what}"), true));
            }
        }
        info.notes.extend(error_note(sheet, &found));
    }
    if info.sheets.is_empty() {
        return Err(no_bom_sheet(name, &skipped, sample.as_deref()));
    }
    Ok(info)
}

/// The errors a workbook's bytes show before any is read, more plainly than the spreadsheet
/// reader's: an encrypted (password-protected) workbook, and a zip archive whose entries
/// (named in plain text, even when compressed) include no workbook.
fn not_a_workbook(name: &str, bytes: &[u8]) -> Result<(), Error> {
    let has = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let (message, help) = if bytes.starts_with(OLE_MAGIC) && has(&utf16("EncryptedPackage")) {
        (
            "the workbook is encrypted (protected by a password)",
            "save a copy without a password, or export the BOM sheet as CSV",
        )
    } else if bytes.starts_with(ZIP_MAGIC) && !has(b"xl/workbook.") && !has(b"content.xml") {
        (
            "a zip archive that is not an Excel or OpenDocument workbook",
            "unzip it and check the BOM inside; bomgate reads workbooks, CSV, CycloneDX, SPDX and bomgate TOML",
        )
    } else {
        return Ok(());
    };
    Err(Error::Bom(Diagnostic::new(name, message).help(help)))
}

/// What became of one sheet.
enum Sheet {
    /// Read: what the CSV reader gave.
    Screened(BomInfo),
    /// No BOM header.
    NoHeader,
    /// A BOM header on this row and nothing below it (a template, an empty list).
    HeaderOnly(usize),
}

/// Reads one sheet with the CSV reader, its components sent with the sheet's name.
fn read_sheet(
    name: &str,
    sheet: &str,
    found: &cells::SheetCells,
    opts: &CsvOptions,
    sink: &mut dyn FnMut(&Component),
) -> Result<Sheet, Error> {
    if found.cells.is_empty() {
        return Ok(Sheet::NoHeader);
    }
    let text = grid::to_csv(name, sheet, &found.cells)?;
    // Messages of the CSV reader name the sheet as a file: `bom.xlsx:Sheet1:7:1: …`.
    let place = format!("{name}:{sheet}");
    let Some(header) = csv::header_line(&place, &text, opts)? else {
        return Ok(Sheet::NoHeader);
    };
    let last_row = found.cells.last().map_or(0, |c| c.0 as usize + 1);
    let mut on_sheet = Component::new();
    let read = csv::read(&place, &text, opts, &mut |c: &Component| {
        on_sheet.clone_from(c);
        on_sheet.location.sheet = Some(sheet.to_string());
        sink(&on_sheet);
    });
    match read {
        Ok(info) => Ok(Sheet::Screened(info)),
        // Nothing below the header: the sheet holds no part, which is no error in a workbook
        // whose other sheets do (one where none does is an error all the same).
        Err(_) if last_row <= header => Ok(Sheet::HeaderOnly(header)),
        Err(e) => Err(e),
    }
}

/// Adds what a screened sheet gave to the workbook's facts; its notes name it.
fn merge(info: &mut BomInfo, sheet: &str, screened: BomInfo) {
    info.components += screened.components;
    info.duplicates_skipped += screened.duplicates_skipped;
    let n = screened.components;
    info.notes.push(format!(
        "sheet `{sheet}` screened: {n} component{}",
        if n == 1 { "" } else { "s" }
    ));
    info.notes.extend(
        screened
            .notes
            .into_iter()
            .map(|note| format!("sheet `{sheet}`: {}", rows_not_lines(&note))),
    );
    info.warnings.extend(
        screened
            .warnings
            .into_iter()
            .map(|w| format!("sheet `{sheet}`: {}", rows_not_lines(&w))),
    );
    info.sheets.push(sheet.to_string());
}

/// A note of the CSV reader with its lines called rows, which on a sheet they are: the words
/// `line` and `lines` outside backquotes (header names stay as written).
fn rows_not_lines(note: &str) -> String {
    let mut out = String::with_capacity(note.len());
    for (k, part) in note.split('`').enumerate() {
        if k > 0 {
            out.push('`');
        }
        if k % 2 == 1 {
            out.push_str(part);
            continue;
        }
        let mut word = String::new();
        for ch in part.chars().chain(std::iter::once('\0')) {
            if ch.is_alphanumeric() {
                word.push(ch);
                continue;
            }
            out.push_str(match word.as_str() {
                "line" => "row",
                "lines" => "rows",
                w => w,
            });
            word.clear();
            if ch != '\0' {
                out.push(ch);
            }
        }
    }
    out
}

/// `xlsx workbook, 3 sheets: `Sheet1`, `Sheet2`, `Sheet3``.
fn workbook_note(kind: Kind, sheets: &[(String, bool)]) -> String {
    let names: Vec<String> = sheets.iter().map(|(s, _)| format!("`{s}`")).collect();
    let n = names.len();
    format!(
        "{} workbook, {n} sheet{}: {}",
        kind.as_str(),
        if n == 1 { "" } else { "s" },
        names.join(", ")
    )
}

/// At most the first ten values of a row, each in backquotes.
fn list(values: &[&str]) -> String {
    let mut s: Vec<String> = values.iter().take(10).map(|v| format!("`{v}`")).collect();
    if values.len() > 10 {
        s.push("…".into());
    }
    s.join(", ")
}

/// What a sheet without a BOM header holds: its first rows with a value, or nothing.
fn holds(first: &[(u32, String)]) -> String {
    if first.is_empty() {
        return "it is empty".into();
    }
    first
        .iter()
        .map(|(row, values)| format!("row {row} has {values}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The note for a sheet skipped for having no BOM header.
fn skipped_note(sheet: &str, first: &[(u32, String)]) -> String {
    if first.is_empty() {
        return format!("sheet `{sheet}` skipped: it is empty");
    }
    format!(
        "sheet `{sheet}` skipped: no BOM header (no manufacturer, part-number or supplier column) in its first rows; {}",
        holds(first)
    )
}

/// The note counting the error values (`#N/A`) of a sheet, which were read as empty.
fn error_note(sheet: &str, found: &cells::SheetCells) -> Option<String> {
    let row = found.first_error_row?;
    let n = found.errors;
    Some(format!(
        "sheet `{sheet}`: {n} cell{} with an error value (`#N/A`, `#REF!`…) read as empty, the first on row {}",
        if n == 1 { "" } else { "s" },
        u64::from(row) + 1
    ))
}

/// Of a sheet's first rows with values, the first with two values or more (a title has one),
/// else the first: the row a header may be.
fn header_sample(cells: &[cells::Cell]) -> Option<Vec<String>> {
    let rows = grid::first_rows(cells, 3);
    rows.iter()
        .find(|(_, values)| values.len() >= 2)
        .or(rows.first())
        .map(|(_, values)| values.iter().map(|v| (*v).to_string()).collect())
}

/// The error for a workbook in which no sheet holds a BOM; `skipped` says, sheet by sheet,
/// what each holds and whether it holds any value; `sample` is the row of the first sheet
/// with values that may be a header.
fn no_bom_sheet(name: &str, skipped: &[(String, bool)], sample: Option<&[String]>) -> Error {
    let what = skipped
        .iter()
        .map(|(s, _)| s.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let d = if skipped.iter().any(|(_, values)| *values) {
        let cells: Vec<&str> = sample
            .unwrap_or_default()
            .iter()
            .map(String::as_str)
            .collect();
        return csv::no_vendor_column(
            Diagnostic::new(
                name,
                "no sheet of the workbook holds a BOM: a header row naming a manufacturer, part-number or supplier column, with parts under it",
            ),
            &what,
            &cells,
        );
    } else if skipped.is_empty() {
        Diagnostic::new(name, "the workbook has no worksheet")
            .help("export the BOM again, as a worksheet or as CSV")
    } else {
        Diagnostic::new(name, "the workbook is empty: no sheet holds a value")
            .help(format!("{what}; export the BOM again with its parts"))
    };
    Error::Bom(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_call_lines_rows() {
        assert_eq!(
            rows_not_lines("2 rows before the header on line 6 screened: lines 2-3, 5"),
            "2 rows before the header on line 6 screened: lines 2-3, 5"
                .replace("line 6", "row 6")
                .replace("lines 2", "rows 2")
        );
        assert_eq!(
            rows_not_lines("columns: designator `line`; mpn `Part lines`"),
            "columns: designator `line`; mpn `Part lines`"
        );
    }

    #[test]
    fn workbooks_by_signature_and_name() {
        assert_eq!(sniff(b"PK\x03\x04...xl/workbook.xml"), Some(Kind::Xlsx));
        assert_eq!(sniff(b"PK\x03\x04...xl/workbook.bin"), Some(Kind::Xlsb));
        assert_eq!(
            sniff(b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.spreadsheet"),
            Some(Kind::Ods)
        );
        assert_eq!(sniff(OLE_MAGIC), Some(Kind::Xls));
        assert_eq!(sniff(b"Ref,Mfr\n"), None);
        assert_eq!(by_extension("BOM.XLSX"), Some(Kind::Xlsx));
        assert_eq!(by_extension("bom.xls"), Some(Kind::Xls));
        assert_eq!(by_extension("bom.ods"), Some(Kind::Ods));
        assert_eq!(by_extension("bom.csv"), None);
    }
}
