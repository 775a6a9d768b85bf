//! A sheet's cells as CSV text for the CSV reader: line *n* of the text is row *n* of the
//! sheet, so that every line number the reader gives (findings, notes, errors) is a row.

use super::cells::Cell;
use crate::error::{Diagnostic, Error};

/// Excel's last row: a row beyond it is a malformed sheet.
const MAX_ROWS: u32 = 1_048_576;

/// The most cells the text of one sheet may span (rows with a value × columns with a value):
/// 64 Mi, some 60 times a BOM of 10,000 rows and 100 columns.
const MAX_SPAN: usize = 1 << 26;

/// The cells of a sheet in row order, deduplicated (a malformed sheet may give one place
/// twice: the first value is kept).
pub(super) fn sort(cells: &mut Vec<Cell>) {
    cells.sort_by_key(|c| (c.0, c.1));
    cells.dedup_by_key(|c| (c.0, c.1));
}

/// The first `n` rows that hold a value (1-based) with their values, of cells in row order.
pub(super) fn first_rows(cells: &[Cell], n: usize) -> Vec<(u32, Vec<&str>)> {
    let mut rows: Vec<(u32, Vec<&str>)> = Vec::new();
    for c in cells {
        let row = c.0.saturating_add(1);
        if let Some((last, values)) = rows.last_mut()
            && *last == row
        {
            values.push(c.2.trim());
            continue;
        }
        if rows.len() == n {
            break;
        }
        rows.push((row, vec![c.2.trim()]));
    }
    rows
}

/// The CSV text of a sheet's cells in row order: one line per row from row 1 to the last row
/// with a value (rows without one are empty lines, which the reader skips), and in every row
/// one field per column that holds a value anywhere in the sheet (a column empty throughout
/// is left out: the reader would see only an empty field there). Every row has the same
/// fields, as a spreadsheet's CSV export has. Line breaks in a cell become spaces, so that a
/// row stays one line.
pub(super) fn to_csv(name: &str, sheet: &str, cells: &[Cell]) -> Result<String, Error> {
    let mut columns: Vec<u32> = cells.iter().map(|c| c.1).collect();
    columns.sort_unstable();
    columns.dedup();
    let width = columns.len();
    let last_row = cells.last().map_or(0, |c| c.0);
    let rows = count_rows(cells);
    if last_row >= MAX_ROWS || rows.saturating_mul(width) > MAX_SPAN {
        return Err(too_large(name, sheet, last_row, rows, width));
    }
    let content: usize = cells.iter().map(|c| c.2.len() + 2).sum();
    let mut out = String::with_capacity(content + rows * width + last_row as usize + 1);
    let mut line = 0u32;
    let mut rest = cells;
    while let Some(first) = rest.first() {
        let row = first.0;
        let n = rest.iter().take_while(|c| c.0 == row).count();
        let (this, after) = rest.split_at(n);
        for _ in line..row {
            out.push('\n');
        }
        write_row(&mut out, this, &columns);
        out.push('\n');
        line = row + 1;
        rest = after;
    }
    Ok(out)
}

/// How many rows hold a value, of cells in row order.
fn count_rows(cells: &[Cell]) -> usize {
    let mut n = 0;
    let mut last = None;
    for c in cells {
        if last != Some(c.0) {
            n += 1;
            last = Some(c.0);
        }
    }
    n
}

/// One row's fields, one per column in `columns`; `cells` are the row's, in column order.
fn write_row(out: &mut String, cells: &[Cell], columns: &[u32]) {
    let mut next = cells.iter().peekable();
    for (j, col) in columns.iter().enumerate() {
        if j > 0 {
            out.push(',');
        }
        if let Some(c) = next.next_if(|c| c.1 == *col) {
            write_field(out, &c.2);
        }
    }
}

/// A field, quoted when it holds a comma or a quote; line breaks become spaces.
fn write_field(out: &mut String, text: &str) {
    let quote = text.contains([',', '"']);
    if quote {
        out.push('"');
    }
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\"\""),
            '\r' | '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    if quote {
        out.push('"');
    }
}

/// The error for a sheet too large to be a BOM.
fn too_large(name: &str, sheet: &str, last_row: u32, rows: usize, width: usize) -> Error {
    Error::Bom(
        Diagnostic::new(
            name,
            format!(
                "sheet `{sheet}` is too large to read as a BOM: {rows} rows with values up to row {}, in {width} columns",
                u64::from(last_row) + 1
            ),
        )
        .help("delete the stray cells far below or right of the BOM, or export the BOM sheet as CSV"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(r: u32, c: u32, t: &str) -> Cell {
        (r, c, t.to_string())
    }

    #[test]
    fn rows_are_lines_and_empty_columns_go() {
        let mut cells = vec![
            cell(3, 5, "b"),
            cell(1, 1, "Title"),
            cell(3, 1, "a,\"x\""),
            cell(4, 9, "two\nlines"),
            cell(3, 1, "again"),
        ];
        sort(&mut cells);
        let text = to_csv("w.xlsx", "S", &cells).unwrap();
        assert_eq!(text, "\nTitle,,\n\n\"a,\"\"x\"\"\",b,\n,,two lines\n");
        assert_eq!(
            first_rows(&cells, 2),
            [(2, vec!["Title"]), (4, vec!["a,\"x\"", "b"])]
        );
    }

    #[test]
    fn a_sheet_beyond_excel_is_an_error() {
        let cells = vec![cell(0, 0, "a"), cell(MAX_ROWS, 0, "b")];
        assert!(to_csv("w.xlsx", "S", &cells).is_err());
        assert_eq!(to_csv("w.xlsx", "S", &[]).unwrap(), "");
    }
}
