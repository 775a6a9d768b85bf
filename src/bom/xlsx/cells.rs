//! The cells of a sheet: opened with calamine, read as the text a person sees, kept only where
//! they hold a value.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Data, Ods, Reader, SheetType, Sheets, Xls, Xlsb, Xlsx, open_workbook_from_rs};

use super::Kind;
use crate::error::{Diagnostic, Error};

/// The most cells with a value one sheet may hold (a BOM of 100,000 rows and 100 columns has a
/// tenth of it): a guard against a decompression bomb.
const MAX_CELLS: usize = 1 << 24;

/// An open workbook over the file's bytes.
pub(super) type Book<'b> = Sheets<Cursor<&'b [u8]>>;

/// One cell that holds a value: 0-based row and column, and its text.
pub(super) type Cell = (u32, u32, String);

/// What one sheet holds.
#[derive(Default)]
pub(super) struct SheetCells {
    /// The cells with a value, in no particular order.
    pub(super) cells: Vec<Cell>,
    /// Cells holding an error value (`#N/A`, `#REF!`), read as empty: how many, and the first
    /// one's 0-based row.
    pub(super) errors: usize,
    pub(super) first_error_row: Option<u32>,
}

impl SheetCells {
    /// Keeps a cell that holds a value; counts an error value.
    fn push(
        &mut self,
        name: &str,
        sheet: &str,
        row: u32,
        col: u32,
        value: &Data,
    ) -> Result<(), Error> {
        if let Data::Error(_) = value {
            self.errors += 1;
            self.first_error_row = Some(self.first_error_row.map_or(row, |r| r.min(row)));
            return Ok(());
        }
        let text = cell_text(value);
        if text.trim().is_empty() {
            return Ok(());
        }
        if self.cells.len() >= MAX_CELLS {
            return Err(Error::Bom(
                Diagnostic::new(
                    name,
                    format!("sheet `{sheet}` holds more than {MAX_CELLS} cells with a value: far more than any BOM"),
                )
                .help("export the BOM sheet alone, or as CSV"),
            ));
        }
        self.cells.push((row, col, text));
        Ok(())
    }
}

/// Runs a calamine call, turning a panic inside it into an error: a malformed workbook must
/// be an error that names the file, never a crash.
fn guarded<T>(name: &str, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(unreadable(
            name,
            "the spreadsheet reader failed on the file: it is malformed",
        ))
    })
}

/// The error for a workbook that cannot be read.
pub(super) fn unreadable(name: &str, why: impl std::fmt::Display) -> Error {
    Error::Bom(
        Diagnostic::new(name, format!("unreadable workbook: {why}")).help(
            "open it in Excel or LibreOffice and save it again, or export the BOM sheet as CSV",
        ),
    )
}

/// Opens the workbook.
pub(super) fn open<'b>(name: &str, bytes: &'b [u8], kind: Kind) -> Result<Book<'b>, Error> {
    let rs = Cursor::new(bytes);
    guarded(name, || match kind {
        Kind::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(rs)
            .map(Sheets::Xlsx)
            .map_err(|e| unreadable(name, e)),
        Kind::Xlsb => open_workbook_from_rs::<Xlsb<_>, _>(rs)
            .map(Sheets::Xlsb)
            .map_err(|e| unreadable(name, e)),
        Kind::Xls => open_workbook_from_rs::<Xls<_>, _>(rs)
            .map(Sheets::Xls)
            .map_err(|e| unreadable(name, e)),
        Kind::Ods => open_workbook_from_rs::<Ods<_>, _>(rs)
            .map(Sheets::Ods)
            .map_err(|e| unreadable(name, e)),
    })
}

/// The sheets of the workbook, in order: name, and whether it is a worksheet (chart, dialog
/// and macro sheets hold no table).
pub(super) fn sheets(book: &Book<'_>) -> Vec<(String, bool)> {
    book.sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ == SheetType::WorkSheet))
        .collect()
}

/// The cells with a value of one sheet. An `.xlsx` sheet is streamed cell by cell, so that a
/// sheet whose used range claims 1,048,576 rows costs only the cells it holds; the other
/// formats come as calamine's range, which it bounds.
pub(super) fn read(name: &str, book: &mut Book<'_>, sheet: &str) -> Result<SheetCells, Error> {
    guarded(name, || {
        let mut out = SheetCells::default();
        if let Sheets::Xlsx(x) = book {
            let mut cells = x
                .worksheet_cells_reader(sheet)
                .map_err(|e| unreadable(name, format!("sheet `{sheet}`: {e}")))?;
            while let Some(cell) = cells
                .next_cell()
                .map_err(|e| unreadable(name, format!("sheet `{sheet}`: {e}")))?
            {
                let (row, col) = cell.get_position();
                let value = Data::from(cell.get_value().clone());
                out.push(name, sheet, row, col, &value)?;
            }
            return Ok(out);
        }
        let range = book
            .worksheet_range(sheet)
            .map_err(|e| unreadable(name, format!("sheet `{sheet}`: {e}")))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        for (r, c, value) in range.used_cells() {
            let row = top.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
            let col = left.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
            out.push(name, sheet, row, col, value)?;
        }
        Ok(out)
    })
}

/// A cell's value as a person sees it: text as written; a number in at most 15 significant
/// digits as Excel shows it (`10000`, not `10000.0`; `178.08`, not `178.07999999999998`); a
/// date as ISO 8601 (`2024-03-01`, with the time when it has one); `TRUE`/`FALSE`.
pub(super) fn cell_text(value: &Data) -> String {
    match value {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
            match (d.as_f64() < 1.0, (h, mi, s) == (0, 0, 0)) {
                (true, _) => format!("{h:02}:{mi:02}:{s:02}"),
                (false, true) => format!("{y:04}-{mo:02}-{day:02}"),
                (false, false) => format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}"),
            }
        }
        Data::DateTime(d) => number(d.as_f64()),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// A number as Excel's General format shows it: rounded to 15 significant digits, with no
/// trailing zeros and no exponent.
fn number(f: f64) -> String {
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    // `-0` is shown as `0`.
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    rounded.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_excel_shows_them() {
        assert_eq!(number(10000.0), "10000");
        assert_eq!(number(178.07999999999998), "178.08");
        // As the workbook stores it: `0.44519999999999998`.
        assert_eq!(number("0.44519999999999998".parse().unwrap()), "0.4452");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(1.5e-3), "0.0015");
        assert_eq!(number(123456789012.0), "123456789012");
        assert_eq!(cell_text(&Data::Int(42)), "42");
        assert_eq!(cell_text(&Data::Bool(true)), "TRUE");
    }

    #[test]
    fn dates_as_iso() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let d = |v: f64| Data::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false));
        assert_eq!(cell_text(&d(45352.0)), "2024-03-01");
        assert_eq!(cell_text(&d(45352.5)), "2024-03-01 12:00:00");
        assert_eq!(cell_text(&d(0.25)), "06:00:00");
    }
}
