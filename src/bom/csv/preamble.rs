//! The rows above the header row.
//!
//! The header is the row among the first records that best names vendor columns, so the rows
//! above it are not all an exporter's preamble: a file may open with a plainer header and a
//! first section of parts, or with parts that have no header of their own. A row above the
//! header that names a manufacturer, part number or supplier is screened:
//!
//! * under the nearest header-like row above it (one that scored lower than the header), read
//!   as the rows after the header are, alternate rows included;
//! * with no header-like row above it, under the header's own columns, when it lines up with
//!   them: two values or more, and the header's number of cells or at least every designator,
//!   manufacturer and part-number column of the first source ([`Layout::identity_width`]).
//!
//! The rest is preamble, skipped and counted in a note: blank rows; titles, rows whose one
//! value is in the first cell (`Prepared for Huawei review`, `Individual Components:`); labels,
//! rows of at most two values that start with `Label:` or `Label: value` (`"Date:","…"`,
//! `Project: gateway`); the earlier header rows themselves; and rows that name no source. A
//! vendor named in a title or a label is thus never read as a maker (the price: a part row
//! whose one value is in its first cell is taken for a title, and counted). A row that lines up
//! puts its values in the header's columns, so a vendor in its manufacturer column is screened
//! as a maker even where the row was meant as metadata (`Customer,Huawei,,` under
//! `Ref,Manufacturer,MPN,Supplier`): a false alarm shows, a dropped row would not.

use super::header::Header;
use super::layout::{Layout, layout};
use super::scan::Rec;
use super::{Body, CsvOptions, PartCells, Row, RowKind, Sections, field};
use crate::bom::Component;
use crate::error::Error;

/// A record with the line it starts on.
type Record = (::csv::ByteRecord, usize);

/// The records above the header row.
pub(super) struct Above {
    rows: Vec<Record>,
    /// The indices in `rows` of the header-like rows (they scored lower than the header).
    headers: Vec<usize>,
}

/// What the rows above the header gave: the components sent, and the notes.
pub(super) struct Screened {
    pub(super) components: usize,
    pub(super) notes: Vec<String>,
}

/// The rows between two header-like rows, read under one header.
struct Segment {
    /// The line of the earlier header they were read under; `None` under the header's columns.
    under: Option<usize>,
    components: usize,
    /// The lines of the rows screened.
    lines: Vec<usize>,
    /// Rows skipped as preamble (not counting blank ones).
    preamble: usize,
}

impl Above {
    /// The records above the header, and which of them are header-like.
    pub(super) fn new(rows: Vec<Record>, headers: Vec<usize>) -> Above {
        Above { rows, headers }
    }

    /// Screens the rows above `header` that name a source, sending their components to
    /// `sink`; notes what was screened under which header and how many rows were preamble.
    pub(super) fn screen(
        &self,
        name: &str,
        header: &Header,
        opts: &CsvOptions,
        sink: &mut dyn FnMut(&mut Component),
    ) -> Result<Screened, Error> {
        let mut out = Screened {
            components: 0,
            notes: Vec::new(),
        };
        let mut preamble = 0;
        let mut start = 0;
        let mut under: Option<&Record> = None;
        for end in self.headers.iter().copied().chain([self.rows.len()]) {
            // The earlier header row itself is not data.
            preamble += usize::from(under.is_some());
            let rows = self.rows.get(start..end).unwrap_or_default();
            if !rows.is_empty() {
                let seg = segment(name, under, header, opts, rows, sink)?;
                out.components += seg.components;
                preamble += seg.preamble;
                out.notes.extend(seg.note(header.line));
            }
            start = end + 1;
            under = self.rows.get(end);
        }
        out.notes.extend(preamble_note(preamble, header.line));
        Ok(out)
    }
}

/// Reads `rows` under the earlier header `under` when it has a layout, else under the
/// header's columns (then a row must line up with them).
fn segment(
    name: &str,
    under: Option<&Record>,
    header: &Header,
    opts: &CsvOptions,
    rows: &[Record],
    sink: &mut dyn FnMut(&mut Component),
) -> Result<Segment, Error> {
    let (cells, lay, shape, under) = match under.and_then(|r| earlier_layout(name, r, opts)) {
        Some((cells, lay, line)) => (cells, lay, None, Some(line)),
        None => {
            let refs: Vec<&str> = header.cells.iter().map(String::as_str).collect();
            let (lay, _) = layout(name, &refs, header.line, opts)?;
            let shape = Shape {
                width: header.cells.len(),
                identity: lay.identity_width(),
            };
            (header.cells.clone(), lay, Some(shape), None)
        }
    };
    let mut body = Body::new(lay, Sections::new(&cells, false));
    let (lines, preamble) = read_rows(&mut body, rows, shape.as_ref(), sink);
    Ok(Segment {
        under,
        components: body.rows,
        lines,
        preamble,
    })
}

/// The cells, layout and line of an earlier header row: with the explicit mappings if it has
/// the mapped columns, else with its columns as named; `None` if it names no vendor column.
fn earlier_layout(
    name: &str,
    (rec, line): &Record,
    opts: &CsvOptions,
) -> Option<(Vec<String>, Layout, usize)> {
    let cells: Vec<String> = (0..rec.len()).map(|k| field(rec, k).to_string()).collect();
    let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
    let (lay, _) = layout(name, &refs, *line, opts)
        .or_else(|_| layout(name, &refs, *line, &CsvOptions::default()))
        .ok()?;
    Some((cells, lay, *line))
}

/// Reads the rows of a segment into `body`; returns the lines screened and the number of
/// (non-blank) rows skipped as preamble.
fn read_rows(
    body: &mut Body<'_>,
    rows: &[Record],
    shape: Option<&Shape>,
    sink: &mut dyn FnMut(&mut Component),
) -> (Vec<usize>, usize) {
    let mut spans = Vec::new();
    let mut bounds = Vec::new();
    let mut lines = Vec::new();
    let mut preamble = 0;
    for (rec, line) in rows {
        let rec = Rec::of_byte_record(rec, &mut bounds);
        let values = Values::of(&rec);
        if values.count == 0 {
            continue;
        }
        let lined_up =
            !values.is_preamble(shape.is_none()) && shape.is_none_or(|s| s.fits(rec.len()));
        if lined_up && body.above_row(&rec, *line, &mut spans, sink) {
            lines.push(*line);
        } else {
            // A preamble row ends the part above it: no alternate row attaches across it.
            body.flush(sink);
            preamble += 1;
        }
    }
    body.flush(sink);
    (lines, preamble)
}

impl Body<'_> {
    /// Reads a row above the header as [`Body::record`] reads one after it, except that a row
    /// naming no source is preamble, not a part. Returns whether the row was screened.
    fn above_row(
        &mut self,
        rec: &Rec<'_>,
        line: usize,
        spans: &mut Vec<(usize, usize)>,
        sink: &mut dyn FnMut(&mut Component),
    ) -> bool {
        let row = Row::new(rec, &self.mapped, spans);
        let cells = PartCells {
            reference: row.first(&self.lay.designator),
            quantity: row.first(&self.lay.quantity),
            name: row.first(&self.lay.name),
        };
        match self.row_kind(&row, rec, &cells) {
            RowKind::Blank | RowKind::Metadata => false,
            RowKind::Alternate => {
                self.push_sources(&row, line, true);
                true
            }
            RowKind::Part
                if self.filled.is_empty() && !self.provider_filled && !self.publisher_filled =>
            {
                false
            }
            RowKind::Part => {
                self.flush(sink);
                self.start(&row, &cells, line);
                true
            }
        }
    }
}

/// How a row with no header above it must line up with the header's columns.
struct Shape {
    /// The header's number of cells.
    width: usize,
    /// The cells needed to reach the designator, manufacturer and part-number columns.
    identity: usize,
}

impl Shape {
    /// Does a row of `cells` cells line up: as many as the header, or the identity columns?
    fn fits(&self, cells: usize) -> bool {
        cells == self.width || cells >= self.identity
    }
}

/// The non-empty cells of a record: how many, and the first one with its column.
struct Values<'r> {
    count: usize,
    first: &'r str,
    first_at: usize,
}

impl<'r> Values<'r> {
    fn of(rec: &Rec<'r>) -> Values<'r> {
        let mut v = Values {
            count: 0,
            first: "",
            first_at: 0,
        };
        for i in 0..rec.len() {
            let cell = rec.get(i).trim();
            if cell.is_empty() {
                continue;
            }
            if v.count == 0 {
                (v.first, v.first_at) = (cell, i);
            }
            v.count += 1;
        }
        v
    }

    /// Is the row a title or a label, whatever columns its values are in? Under a header a
    /// lone value outside the first cell is data (an alternate row with only a maker).
    fn is_preamble(&self, under_header: bool) -> bool {
        (self.count <= 2 && is_label(self.first))
            || (self.count == 1 && (self.first_at == 0 || !under_header))
    }
}

/// `Date:`, `Project: gateway`, `项目：网关`: a short label, a colon, then nothing or a space
/// (any text after a full-width colon).
fn is_label(cell: &str) -> bool {
    let Some((at, colon)) = cell.char_indices().find(|(_, c)| matches!(c, ':' | '：')) else {
        return false;
    };
    let label = cell.get(..at).unwrap_or("").trim();
    let rest = cell.get(at + colon.len_utf8()..).unwrap_or("");
    !label.is_empty()
        && label.chars().count() <= 40
        && (colon == '：' || rest.is_empty() || rest.starts_with(char::is_whitespace))
}

impl Segment {
    /// The note naming the rows screened and the header they were read under.
    fn note(&self, header_line: usize) -> Option<String> {
        let n = self.lines.len();
        let rows = format!(
            "{n} row{} before the header on line {header_line}",
            if n == 1 { "" } else { "s" }
        );
        (n > 0).then(|| match self.under {
            Some(h) => format!(
                "{rows} screened under the earlier header on line {h}: {}",
                line_list(&self.lines)
            ),
            None => format!(
                "{rows} screened under its columns (no header above them): {}",
                line_list(&self.lines)
            ),
        })
    }
}

/// `line 2`, `lines 2-3`, `lines 2-3, 5`: increasing lines as ranges.
fn line_list(lines: &[usize]) -> String {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &l in lines {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == l => *end = l,
            _ => ranges.push((l, l)),
        }
    }
    let list: Vec<String> = ranges
        .iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    format!(
        "line{} {}",
        if lines.len() == 1 { "" } else { "s" },
        list.join(", ")
    )
}

/// The note saying that preamble rows were skipped, if there were any.
fn preamble_note(n: usize, header_line: usize) -> Option<String> {
    (n > 0).then(|| {
        format!(
            "{n} row{} before the header on line {header_line} skipped as preamble",
            if n == 1 { "" } else { "s" }
        )
    })
}
