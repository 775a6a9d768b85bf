//! CSV BOMs as EDA tools, spreadsheets and asset inventories export them.
//!
//! * delimiter `,` `;` or tab, sniffed; quoted fields with newlines; CRLF;
//! * preamble lines before the header (KiCad), found by looking for the header row; rows above
//!   it that name a source are screened, under an earlier header or in its columns
//!   ([`preamble`]);
//! * header names in many spellings and languages, or mapped explicitly ([`Column`]);
//! * several manufacturer/part-number column groups on one row (alternates) and product
//!   variant columns;
//! * approved-alternate rows with an empty designator under the row they belong to;
//! * sections ([`sections`]): the header row again starts a summary section, whose rows that
//!   repeat the first section (the same designators with the same parts) are skipped and
//!   counted, not checked twice; so are alternate rows that repeat a row of their part, while a
//!   new alternate is checked with its part. Another header row starts a section read under
//!   its own columns;
//! * service provider columns (`Provider`, `Carrier`), screened as makers, and the kind of
//!   thing each row is ([`kind`]).

use std::collections::VecDeque;

use self::header::{HeaderSearch, is_header_row};
use self::layout::{ColumnNotes, Layout, is_distributor, layout};
pub(crate) use self::scan::Refill;
use self::scan::{Place, Rec, Scanner};
use self::sections::{Sections, may_be_header, repeats_header_line};
use super::{BomInfo, Component, Field, SourceKind};
use crate::error::{Diagnostic, Error};

mod header;
mod kind;
mod layout;
mod preamble;
mod scan;
mod sections;

pub(crate) use self::header::{Group, classify, no_vendor_column};

/// What a CSV column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// Reference designators (or an asset tag).
    Designator,
    /// Quantity.
    Quantity,
    /// Manufacturer name.
    Manufacturer,
    /// Manufacturer part number (or model).
    Mpn,
    /// Supplier or distributor name.
    Supplier,
    /// Value, comment or description.
    Name,
    /// Who provides a service (a carrier, an operator): screened as a maker of a service.
    Provider,
    /// Who publishes software (`Publisher`): screened as its maker.
    Publisher,
    /// What kind of thing the row is (`Kind`, `Type`, `Category`).
    Kind,
    /// The country of production (`Country of Origin`, `COO`, `Made in`).
    Origin,
    /// The product class, for country-of-production rules (`Class`, `Product class`).
    Class,
    /// An exception the row declares (`Exception`, e.g. `blue-uas`).
    Exception,
}

impl Column {
    /// Parses `designator`, `quantity`, `manufacturer`, `mpn`, `supplier`, `provider`,
    /// `publisher`, `kind`, `origin`, `class`, `exception` or `name`.
    pub fn parse(s: &str) -> Option<Column> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "designator" | "ref" | "reference" => Column::Designator,
            "quantity" | "qty" => Column::Quantity,
            "manufacturer" | "mfr" => Column::Manufacturer,
            "mpn" | "part-number" => Column::Mpn,
            "supplier" | "distributor" => Column::Supplier,
            "name" | "description" | "value" => Column::Name,
            "provider" | "service-provider" | "carrier" => Column::Provider,
            "publisher" => Column::Publisher,
            "kind" | "type" | "category" => Column::Kind,
            "origin" | "country-of-origin" | "coo" => Column::Origin,
            "class" | "product-class" => Column::Class,
            "exception" => Column::Exception,
            _ => return None,
        })
    }

    /// Does the column name who made or sold a thing: a manufacturer, part-number, supplier,
    /// provider or publisher column?
    fn names_vendor(self) -> bool {
        matches!(
            self,
            Column::Manufacturer
                | Column::Mpn
                | Column::Supplier
                | Column::Provider
                | Column::Publisher
        )
    }

    /// The role in words, for messages: `part-number` for [`Column::Mpn`].
    fn describe(self) -> &'static str {
        match self {
            Column::Mpn => "part-number",
            other => other.as_str(),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Column::Designator => "designator",
            Column::Quantity => "quantity",
            Column::Manufacturer => "manufacturer",
            Column::Mpn => "mpn",
            Column::Supplier => "supplier",
            Column::Name => "name",
            Column::Provider => "provider",
            Column::Publisher => "publisher",
            Column::Kind => "kind",
            Column::Origin => "origin",
            Column::Class => "class",
            Column::Exception => "exception",
        }
    }
}

/// CSV reading options.
#[derive(Clone, Debug, Default)]
pub struct CsvOptions {
    /// Explicit column mapping: role → header name (as written in the file, case-insensitive).
    /// A mapped role replaces every column detected for that role.
    pub columns: Vec<(Column, String)>,
    /// Force the delimiter instead of sniffing it.
    pub delimiter: Option<u8>,
}

/// The longest field bomgate accepts (a guard against a whole file in one quoted field).
const MAX_FIELD: usize = 1 << 20;

/// Counts each delimiter outside quotes on the first lines and keeps the one that splits
/// the most lines into the same number of fields.
fn sniff(text: &str) -> u8 {
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let mut counts = Vec::new();
        let mut in_q = false;
        let mut n = 0usize;
        let mut lines = 0;
        for b in text.bytes().take(64 * 1024) {
            match b {
                b'"' => in_q = !in_q,
                b'\n' if !in_q => {
                    counts.push(n);
                    n = 0;
                    lines += 1;
                    if lines >= 40 {
                        break;
                    }
                }
                x if x == d && !in_q => n += 1,
                _ => {}
            }
        }
        counts.push(n);
        let mut freq: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for c in counts.iter().filter(|c| **c > 0) {
            *freq.entry(*c).or_default() += 1;
        }
        // Score: lines with the modal count, weighted by that count.
        let score = freq.iter().map(|(c, f)| f * 1000 + c).max().unwrap_or(0);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// Reads CSV text and sends each component to `sink`.
pub(crate) fn read(
    name: &str,
    text: &str,
    opts: &CsvOptions,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    let delim = opts.delimiter.unwrap_or_else(|| sniff(text));
    let records = Records::of(name, Scanner::new(text, delim));
    let read = read_records_of(name, records, delim, Some(text), opts, &mut |c| sink(c))?;
    // Not reached: only a windowed read gives up.
    read.ok_or_else(|| Error::Bom(Diagnostic::new(name, "the file could not be read")))
}

/// Reads CSV text that starts with `head` (at least the 64 KiB a delimiter is guessed from,
/// unless that is all of it), the rest coming from `source`, and sends each component to
/// `sink`. `Ok(None)` when the file repeats its header row: a summary section can only be
/// told from the first one with the whole file at hand, so the caller reads it whole (the
/// components sent so far are the first ones it will read again). `sink` may take the
/// component it is given, leaving any other in its place.
pub(crate) fn read_windowed(
    name: &str,
    head: String,
    source: &mut dyn Refill,
    opts: &CsvOptions,
    sink: &mut dyn FnMut(&mut Component),
) -> Result<Option<BomInfo>, Error> {
    let delim = opts.delimiter.unwrap_or_else(|| sniff(&head));
    let records = Records::of(name, Scanner::windowed(head, source, delim));
    read_records_of(name, records, delim, None, opts, sink)
}

/// [`read`] and [`read_windowed`]: `whole` is the text when it is all at hand.
fn read_records_of(
    name: &str,
    mut records: Records<'_>,
    delim: u8,
    whole: Option<&str>,
    opts: &CsvOptions,
    sink: &mut dyn FnMut(&mut Component),
) -> Result<Option<BomInfo>, Error> {
    let mut info = BomInfo {
        file: name.to_string(),
        ..BomInfo::default()
    };
    info.notes.extend(delimiter_note(delim));
    let (header, above, replay) = HeaderSearch::run(&mut records, opts)?.finish(name, opts)?;
    records.replay = replay;
    let header_refs: Vec<&str> = header.cells.iter().map(String::as_str).collect();
    let (lay, notes) = layout(name, &header_refs, header.line, opts)?;
    info.notes.extend(notes.notes);
    info.warnings.extend(notes.warning);
    // Rows above the header that name a source are screened, not dropped as preamble.
    let above = above.screen(name, &header, opts, sink)?;
    info.notes.extend(above.notes);
    let repeats = whole.is_some_and(|text| repeats_header_line(text, header.offset));
    let sections = Sections::new(&header.cells, repeats);
    let mut body = Body::new(lay, sections);
    body.others = Some(OtherHeaders { name, opts });
    body.windowed = whole.is_none();
    let header_place = Place {
        line: header.line,
        offset: header.offset,
    };
    let last = body.read_records(&mut records, header_place, sink)?;
    if body.gave_up {
        return Ok(None);
    }
    body.flush(sink);
    records.check_closed_quotes(last, delim)?;
    body.finish(name, header.line, above.components, info)
        .map(Some)
}

/// The line of the header row, as [`read`] finds it; `None` when the text has none (a
/// workbook's sheets without one are skipped, not errors).
pub(crate) fn header_line(
    name: &str,
    text: &str,
    opts: &CsvOptions,
) -> Result<Option<usize>, Error> {
    let delim = opts.delimiter.unwrap_or_else(|| sniff(text));
    let mut records = Records::of(name, Scanner::new(text, delim));
    Ok(HeaderSearch::run(&mut records, opts)?.line())
}

/// The note naming a delimiter other than the comma.
fn delimiter_note(delim: u8) -> Option<String> {
    (delim != b',').then(|| {
        format!(
            "delimiter: {}",
            match delim {
                b';' => "semicolon",
                b'\t' => "tab",
                _ => "'|'",
            }
        )
    })
}

/// The records of the file in order, with their lines: those read while looking for the
/// header are replayed first.
struct Records<'t> {
    name: &'t str,
    scanner: Scanner<'t>,
    /// The current record, for the header search (which keeps copies of what it reads).
    rec: ::csv::ByteRecord,
    /// Records read ahead, with their lines, to be returned before any new one.
    replay: VecDeque<(::csv::ByteRecord, usize)>,
    /// Ranges of a replayed record's fields.
    bounds: Vec<(usize, usize)>,
    /// Whether the current record is a replayed one (`rec`) rather than the scanner's.
    replayed: bool,
}

impl<'t> Records<'t> {
    /// A reader of the records `scanner` finds.
    fn of(name: &'t str, scanner: Scanner<'t>) -> Records<'t> {
        Records {
            name,
            scanner,
            rec: ::csv::ByteRecord::new(),
            replay: VecDeque::new(),
            bounds: Vec::new(),
            replayed: false,
        }
    }

    /// Makes the next record `rec` and returns the line it starts on; `None` at the end.
    fn advance(&mut self) -> Result<Option<usize>, Error> {
        if let Some((r, l)) = self.replay.pop_front() {
            self.rec = r;
            return Ok(Some(l));
        }
        let Some(place) = self.next_scanned()? else {
            return Ok(None);
        };
        let rec = self.scanner.rec();
        self.rec.clear();
        for i in 0..rec.len() {
            self.rec.push_field(rec.get(i).as_bytes());
        }
        let mut pos = ::csv::Position::new();
        pos.set_byte(place.offset as u64)
            .set_line(place.line as u64);
        self.rec.set_position(Some(pos));
        Ok(Some(place.line))
    }

    /// Reads the next record (a replayed one first) for [`Records::current`]; returns where
    /// it is, or `None` at the end.
    #[inline]
    fn next_body(&mut self) -> Result<Option<Place>, Error> {
        if let Some((r, line)) = self.replay.pop_front() {
            let offset = r.position().map_or(0, |p| p.byte() as usize);
            self.rec = r;
            self.replayed = true;
            return Ok(Some(Place { line, offset }));
        }
        self.replayed = false;
        self.next_scanned()
    }

    /// The record [`Records::next_body`] read.
    #[inline]
    fn current(&mut self) -> Rec<'_> {
        if self.replayed {
            Rec::of_byte_record(&self.rec, &mut self.bounds)
        } else {
            self.scanner.rec()
        }
    }

    /// An error when the last record, which starts at `last_start`, opens a quoted field that
    /// never closes.
    fn check_closed_quotes(&self, last: Place, delim: u8) -> Result<(), Error> {
        match self.scanner.text_from(last.offset) {
            Some(tail) if unterminated_quote(tail, delim) => {
                Err(unclosed_quote(self.name, last.line))
            }
            _ => Ok(()),
        }
    }

    /// The scanner's next record: an error when it is longer than any BOM line.
    #[inline]
    fn next_scanned(&mut self) -> Result<Option<Place>, Error> {
        let Some(place) = self.scanner.next() else {
            return Ok(None);
        };
        let bytes = self.scanner.rec().bytes();
        if bytes > MAX_FIELD {
            // The record's own line, not that of blank lines before it.
            let line = place.line;
            return Err(Error::Bom(
                Diagnostic::new(self.name, format!(
                    "a record of {bytes} bytes: longer than any BOM line (limit {MAX_FIELD} bytes); an unterminated quote?"
                ))
                .at(line, 1)
                .help("check the quotes on this line; a field that opens a quote must close it"),
            ));
        }
        Ok(Some(place))
    }
}

/// The cells of a row that say which part it is.
#[derive(Clone, Copy)]
struct PartCells<'r> {
    reference: &'r str,
    quantity: &'r str,
    name: &'r str,
}

/// What a record is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RowKind {
    /// Nothing to read: blank, or a section title.
    Blank,
    /// A `Label:,value` row.
    Metadata,
    /// An approved-alternate row: no designator, no quantity, under a component.
    Alternate,
    /// A component of its own.
    Part,
}

/// What the rows after the header need to read another header row in their midst.
struct OtherHeaders<'h> {
    /// The file name, for messages.
    name: &'h str,
    opts: &'h CsvOptions,
}

/// The rows after the header: the component being built and what the loop counts.
struct Body<'h> {
    lay: Layout,
    /// Every column the layout reads, sorted: only those cells are trimmed.
    mapped: Vec<usize>,
    /// The sources (indices into `lay.sources`) that have a value on the current row.
    filled: Vec<usize>,
    /// Whether the current row has a value in a provider column.
    provider_filled: bool,
    /// Whether the current row has a value in a publisher column.
    publisher_filled: bool,
    sections: Sections<'h>,
    /// Set when rows may hold other header rows (after the header, not above it).
    others: Option<OtherHeaders<'h>>,
    /// The header's own layout while the rows are read under another header's.
    first: Option<Layout>,
    current: Component,
    /// Whether `current` holds a component not yet sent.
    have_current: bool,
    /// Whether the current part's row repeats the first section. Its cells stay in `current`
    /// (not sent): an alternate row under it that is new is screened with it.
    skipping: bool,
    /// Components sent.
    rows: usize,
    /// `Label:,value` rows skipped.
    metadata_rows: usize,
    /// Rows skipped as repeats in a summary section.
    duplicates_skipped: usize,
    /// Notes on the sections read under other headers.
    notes: Vec<String>,
    /// Warnings on the sections read under other headers.
    warnings: Vec<String>,
    /// Whether the text is read through a window: a repeated header then stops the read.
    windowed: bool,
    /// Whether the read stopped at a repeated header (see [`read_windowed`]).
    gave_up: bool,
}

impl<'h> Body<'h> {
    /// The reading state for rows laid out as `lay`.
    fn new(lay: Layout, sections: Sections<'h>) -> Body<'h> {
        Body {
            mapped: lay.columns(),
            filled: Vec::with_capacity(lay.sources.len()),
            provider_filled: false,
            publisher_filled: false,
            lay,
            sections,
            others: None,
            first: None,
            current: Component::new(),
            have_current: false,
            skipping: false,
            rows: 0,
            metadata_rows: 0,
            duplicates_skipped: 0,
            notes: Vec::new(),
            warnings: Vec::new(),
            windowed: false,
            gave_up: false,
        }
    }

    /// Reads every record after the header (at `header`); returns where the last one is.
    fn read_records(
        &mut self,
        records: &mut Records<'_>,
        header: Place,
        sink: &mut dyn FnMut(&mut Component),
    ) -> Result<Place, Error> {
        let mut last = header;
        let mut spans: Vec<(usize, usize)> = Vec::new();
        while let Some(place) = records.next_body()? {
            last = place;
            self.record(&records.current(), place.line, &mut spans, sink);
            if self.gave_up {
                break;
            }
        }
        Ok(last)
    }

    /// Reads one record: starts a component, adds alternates to the current one, or skips.
    #[inline]
    fn record(
        &mut self,
        rec: &Rec<'_>,
        line: usize,
        spans: &mut Vec<(usize, usize)>,
        sink: &mut dyn FnMut(&mut Component),
    ) {
        if self.sections.starts_section(rec) {
            if self.windowed {
                self.gave_up = true;
                return;
            }
            // The header again: its rows are read under its own columns.
            if let Some(first) = self.first.take() {
                self.flush(sink);
                self.set_layout(first);
            }
            return;
        }
        if self.other_header(rec, line, sink) {
            return;
        }
        let row = Row::new(rec, &self.mapped, spans);
        let cells = PartCells {
            reference: row.first(&self.lay.designator),
            quantity: row.first(&self.lay.quantity),
            name: row.first(&self.lay.name),
        };
        match self.row_kind(&row, rec, &cells) {
            RowKind::Blank => {}
            RowKind::Metadata => self.metadata_rows += 1,
            RowKind::Alternate => self.alternate(&row, line),
            RowKind::Part => {
                self.flush(sink);
                self.start(&row, &cells, line);
                // Summary sections repeat earlier rows: skip a row whose designators were all
                // seen with the same parts; a row that says something new is checked.
                if self
                    .sections
                    .is_repeat(cells.reference, &row, &self.lay, &self.filled)
                {
                    self.duplicates_skipped += 1;
                    self.skipping = true;
                    self.have_current = false;
                }
            }
        }
    }

    /// Is the record another header row? Then the part above it ends, and the rows below it
    /// are read under its columns, with a note naming its line.
    #[inline]
    fn other_header(
        &mut self,
        rec: &Rec<'_>,
        line: usize,
        sink: &mut dyn FnMut(&mut Component),
    ) -> bool {
        let Some(others) = &self.others else {
            return false;
        };
        if !may_be_header(rec, others.opts) {
            return false;
        }
        let Some((lay, notes)) = others.layout(rec, line) else {
            return false;
        };
        self.flush(sink);
        self.sections.start_other();
        self.notes.extend(
            notes
                .notes
                .into_iter()
                .map(|n| format!("another header on line {line}: {n}")),
        );
        self.warnings.extend(
            notes
                .warning
                .map(|w| format!("another header on line {line}: {w}")),
        );
        // The header's own layout is kept for when its header row comes again.
        let previous = std::mem::replace(&mut self.lay, lay);
        self.first.get_or_insert(previous);
        self.mapped = self.lay.columns();
        true
    }

    /// Reads the rows from here on under `lay`.
    fn set_layout(&mut self, lay: Layout) {
        self.mapped = lay.columns();
        self.lay = lay;
    }

    /// Adds an approved-alternate row to the current part. Under a part whose row repeats the
    /// first section, an alternate that repeats one of that part's rows there is skipped too;
    /// a new one is screened with the part's row, which is then no longer a skipped duplicate.
    #[inline]
    fn alternate(&mut self, row: &Row<'_>, line: usize) {
        if self.skipping {
            let reference = self.current.reference();
            if self
                .sections
                .alternate_repeats(reference, row, &self.lay, &self.filled)
            {
                self.duplicates_skipped += 1;
                return;
            }
            if !self.have_current {
                self.have_current = true;
                self.duplicates_skipped = self.duplicates_skipped.saturating_sub(1);
            }
        } else {
            let reference = self.current.reference();
            self.sections
                .record_alternate(reference, row, &self.lay, &self.filled);
        }
        self.push_sources(row, line, true);
    }

    /// Tells what a row is, noting which sources (and whether a provider) it fills.
    #[inline]
    fn row_kind(&mut self, row: &Row<'_>, rec: &Rec<'_>, cells: &PartCells<'_>) -> RowKind {
        self.filled.clear();
        for (k, (_, m, p, s)) in self.lay.sources.iter().enumerate() {
            if !(row.first(m).is_empty() && row.first(p).is_empty() && row.first(s).is_empty()) {
                self.filled.push(k);
            }
        }
        self.provider_filled = !row.first(&self.lay.provider).is_empty();
        self.publisher_filled = !row.first(&self.lay.publisher).is_empty();
        let any_source = !self.filled.is_empty() || self.provider_filled || self.publisher_filled;
        if cells.reference.is_empty()
            && cells.quantity.is_empty()
            && cells.name.is_empty()
            && !any_source
        {
            return RowKind::Blank;
        }
        if !any_source && is_metadata_row(rec) {
            return RowKind::Metadata;
        }
        let continuation = !self.lay.designator.is_empty()
            && cells.reference.is_empty()
            && cells.quantity.is_empty()
            && any_source
            && (self.have_current || self.skipping);
        if continuation {
            RowKind::Alternate
        } else {
            RowKind::Part
        }
    }

    /// Sends the current component, if any, and starts afresh.
    #[inline]
    fn flush(&mut self, sink: &mut dyn FnMut(&mut Component)) {
        if self.have_current {
            self.rows += 1;
            sink(&mut self.current);
        }
        self.current.clear();
        self.have_current = false;
        self.skipping = false;
    }

    /// Starts a component from its row: designator, name, quantity, sources and kind.
    #[inline]
    fn start(&mut self, row: &Row<'_>, cells: &PartCells<'_>, line: usize) {
        self.current.set_reference(cells.reference);
        self.current.set_name(cells.name);
        self.current.set_quantity_text(cells.quantity);
        self.current.location.line = Some(line);
        self.have_current = true;
        self.push_sources(row, line, false);
        self.current.kind = self.component_kind(row);
    }

    /// Adds the sources the row fills to the current component (as alternates if `alternate`),
    /// and its providers and publishers.
    #[inline]
    fn push_sources(&mut self, row: &Row<'_>, line: usize, alternate: bool) {
        for k in &self.filled {
            if let Some((kind, m, p, s)) = self.lay.sources.get(*k) {
                let kind = if alternate {
                    SourceKind::Alternate
                } else {
                    kind.clone()
                };
                let (maker, sold_by) = row.maker(m, &self.lay.vendor);
                let supplier = match row.first(s) {
                    "" => sold_by,
                    s => s,
                };
                self.current
                    .push_source(kind, maker, row.first(p), supplier, Some(line));
                if !self.publisher_filled {
                    push_unnamed_maker(&self.lay, &mut self.current, row, s, maker);
                }
                // Other columns of the same role (`Brand` beside `Manufacturer`, `Part
                // Number` beside `Manufacturer Part Number`) are screened too.
                if m.len() > 1 || !sold_by.is_empty() {
                    for (field, v) in row.makers(m, &self.lay.vendor) {
                        let primary = if field == Field::Supplier {
                            supplier
                        } else {
                            maker
                        };
                        if v != primary {
                            self.current.push_field(field, v);
                        }
                    }
                }
                for (cols, field, primary) in [
                    (p, Field::Mpn, row.first(p)),
                    (s, Field::Supplier, row.first(s)),
                ] {
                    if cols.len() > 1 {
                        for v in row.all(cols).filter(|v| *v != primary) {
                            self.current.push_field(field, v);
                        }
                    }
                }
            }
        }
        for (filled, cols, field) in [
            (self.provider_filled, &self.lay.provider, Field::Provider),
            (self.publisher_filled, &self.lay.publisher, Field::Publisher),
        ] {
            if filled {
                for v in row.all(cols) {
                    self.current.push_field(field, v);
                }
            }
        }
        self.push_production(row, line);
    }

    /// The row's country of production, product class and declared exceptions, for
    /// country-of-production rules (read only where the file has such columns). A class that
    /// is not one of the product classes is noted, since no rule could cover it.
    fn push_production(&mut self, row: &Row<'_>, line: usize) {
        let origin = row.first(&self.lay.origin);
        if !origin.is_empty() && self.current.origin.is_none() {
            self.current.origin = Some(origin.to_string());
        }
        let class = row.first(&self.lay.class);
        if !class.is_empty() && self.current.class.is_none() {
            let class = class.to_ascii_lowercase().replace([' ', '_'], "-");
            if !super::PRODUCT_CLASSES.contains(&class.as_str()) {
                self.notes.push(format!(
                    "line {line}: class `{class}` is not a product class ({}): no country-of-production rule can cover it",
                    super::PRODUCT_CLASSES.join(", ")
                ));
            }
            self.current.class = Some(class);
        }
        for v in row.all(&self.lay.exception) {
            self.current.exceptions.push(v.to_ascii_lowercase());
        }
    }

    /// Adds the counts and notes to `info`, with the `above` components read above the header;
    /// an error when there is no component at all.
    fn finish(
        self,
        name: &str,
        header_line: usize,
        above: usize,
        mut info: BomInfo,
    ) -> Result<BomInfo, Error> {
        if self.rows + above == 0 {
            return Err(Error::Bom(
                Diagnostic::new(name, "the header row is not followed by any component")
                    .at(header_line, 1)
                    .help("export the BOM again with its parts"),
            ));
        }
        info.notes.extend(self.notes);
        info.warnings.extend(self.warnings);
        let n = self.metadata_rows;
        if n > 0 {
            info.notes.push(format!(
                "{n} metadata row{} (`Label:,value`) skipped",
                if n == 1 { "" } else { "s" }
            ));
        }
        info.duplicates_skipped += self.duplicates_skipped;
        info.components = self.rows + above;
        Ok(info)
    }
}

impl OtherHeaders<'_> {
    /// The layout of a record that is a header row, with the notes on its columns: with the
    /// explicit mappings if it has the mapped columns, else with its columns as named.
    fn layout(&self, rec: &Rec<'_>, line: usize) -> Option<(Layout, ColumnNotes)> {
        let cells: Vec<&str> = (0..rec.len()).map(|k| rec.get(k)).collect();
        if !is_header_row(&cells, self.opts) {
            return None;
        }
        layout(self.name, &cells, line, self.opts)
            .or_else(|_| layout(self.name, &cells, line, &CsvOptions::default()))
            .ok()
    }
}

/// An error when the last record, starting at `last_start`, opens a quote it never closes.
pub(crate) fn check_closed_quotes(
    name: &str,
    text: &str,
    last_start: usize,
    delim: u8,
) -> Result<(), Error> {
    if let Some(tail) = text.as_bytes().get(last_start..)
        && unterminated_quote(tail, delim)
    {
        let line = text
            .get(..last_start)
            .map_or(0, |t| t.matches('\n').count())
            + 1;
        return Err(unclosed_quote(name, line));
    }
    Ok(())
}

/// The file ends inside the quoted field that opens on `line`.
fn unclosed_quote(name: &str, line: usize) -> Error {
    Error::Bom(
        Diagnostic::new(
            name,
            "unterminated quoted field: the file ends inside quotes",
        )
        .at(line, 1)
        .help("close the quote that opens on this line; the rest of the file was swallowed by it"),
    )
}

/// On a row that names no maker (nor a publisher: the caller checks), the cells of the supplier
/// columns `s` that are `Vendor` columns ([`Layout::reseller`]) and name no distributor are
/// screened as makers too: `Ref,Manufacturer,MPN,Vendor` with `U1,,,Huawei` names no one else
/// who made the part.
fn push_unnamed_maker(lay: &Layout, c: &mut Component, row: &Row<'_>, s: &[usize], maker: &str) {
    if lay.reseller.is_empty() || !(maker.is_empty() || crate::normalize::is_placeholder(maker)) {
        return;
    }
    for i in s.iter().filter(|i| lay.reseller.contains(i)) {
        let v = row.first(std::slice::from_ref(i));
        if !v.is_empty() && !is_distributor(v) {
            c.push_field(Field::Manufacturer, v);
        }
    }
}

/// A `Label:,value` row of an exporter's preamble or footer (`Component Count:,196`): at most
/// two cells, the first ending in a colon.
fn is_metadata_row(rec: &Rec<'_>) -> bool {
    let mut cells = (0..rec.len())
        .map(|i| rec.get(i).trim())
        .filter(|c| !c.is_empty());
    let first = cells.next();
    cells.next(); // the value
    cells.next().is_none() && first.is_some_and(|f| f.ends_with(':'))
}

/// One record with its mapped cells validated and trimmed once.
struct Row<'r> {
    text: &'r str,
    spans: &'r [(usize, usize)],
}

impl<'r> Row<'r> {
    fn new(rec: &Rec<'r>, mapped: &[usize], spans: &'r mut Vec<(usize, usize)>) -> Row<'r> {
        let text = rec.text();
        spans.clear();
        spans.resize(mapped.last().map_or(0, |m| m + 1), (0, 0));
        for &col in mapped {
            let Some((a, b)) = rec.range(col) else {
                continue;
            };
            let Some(cell) = text.get(a..b) else {
                continue;
            };
            let trimmed = super::fast_trim(cell);
            let lead = trimmed.as_ptr() as usize - cell.as_ptr() as usize;
            if let Some(slot) = spans.get_mut(col) {
                *slot = (a + lead, a + lead + trimmed.len());
            }
        }
        Row { text, spans }
    }

    /// Every non-empty cell among the columns of one role.
    fn all<'s>(&'s self, idx: &'s [usize]) -> impl Iterator<Item = &'r str> + 's {
        idx.iter().filter_map(|i| {
            let &(a, b) = self.spans.get(*i)?;
            (b > a).then(|| self.text.get(a..b)).flatten()
        })
    }

    /// The maker among the manufacturer columns `idx` and the distributor that one of the
    /// `vendor` columns names instead (`Digi-Key`), if any ([`is_distributor`]). The maker is
    /// the first cell that is not a placeholder such as `Generic` (when a row has several
    /// manufacturer columns), else the first non-empty one.
    fn maker(&self, idx: &[usize], vendor: &[usize]) -> (&'r str, &'r str) {
        if vendor.is_empty() {
            let real = match idx.len() {
                0 | 1 => None,
                _ => self.all(idx).find(|v| !crate::normalize::is_placeholder(v)),
            };
            return (real.unwrap_or_else(|| self.first(idx)), "");
        }
        let (mut first, mut real, mut sold_by) = ("", "", "");
        for (field, v) in self.makers(idx, vendor) {
            if field == Field::Supplier {
                if sold_by.is_empty() {
                    sold_by = v;
                }
                continue;
            }
            if first.is_empty() {
                first = v;
            }
            if idx.len() > 1 && real.is_empty() && !crate::normalize::is_placeholder(v) {
                real = v;
            }
        }
        (if real.is_empty() { first } else { real }, sold_by)
    }

    /// Every non-empty cell of the manufacturer columns `idx`: as a manufacturer, or as a
    /// supplier where one of the `vendor` columns names a distributor.
    fn makers<'s>(
        &'s self,
        idx: &'s [usize],
        vendor: &'s [usize],
    ) -> impl Iterator<Item = (Field, &'r str)> + 's {
        idx.iter().filter_map(move |i| {
            let v = self.first(std::slice::from_ref(i));
            if v.is_empty() {
                None
            } else if vendor.contains(i) && is_distributor(v) {
                Some((Field::Supplier, v))
            } else {
                Some((Field::Manufacturer, v))
            }
        })
    }

    /// The first non-empty cell among the columns of one role.
    fn first(&self, idx: &[usize]) -> &'r str {
        for i in idx {
            if let Some(&(a, b)) = self.spans.get(*i)
                && b > a
            {
                return self.text.get(a..b).unwrap_or("");
            }
        }
        ""
    }
}

/// Does this last record open a quoted field that never closes? The csv crate accepts such a
/// file; bomgate does not, because it has lost data.
fn unterminated_quote(tail: &[u8], delim: u8) -> bool {
    let mut at_field_start = true;
    let mut i = 0;
    while let Some(&b) = tail.get(i) {
        if at_field_start && b == b'"' {
            i += 1;
            loop {
                match tail.get(i) {
                    None => return true,
                    Some(b'"') if tail.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            at_field_start = false;
            continue;
        }
        at_field_start = b == delim || b == b'\n' || b == b'\r';
        i += 1;
    }
    false
}

/// Counts `\n` bytes eight at a time (SWAR): a byte is zero after `^ 0x0a` exactly when it was
/// a newline.
fn count_newlines(bytes: &[u8]) -> usize {
    const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const NL: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0usize;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w) ^ NL;
        // High bit of each byte set iff the byte is non-zero.
        let nonzero = ((x & LO7) + LO7) | x;
        n += (!nonzero & !LO7).count_ones() as usize;
    }
    n + chunks.remainder().iter().filter(|b| **b == b'\n').count()
}

fn field(rec: &::csv::ByteRecord, i: usize) -> &str {
    // The text was decoded to UTF-8 before parsing, and fields split on ASCII bytes.
    rec.get(i)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_many_spellings() {
        let c = |h: &str| classify(h).map(|x| x.0);
        assert_eq!(c("Reference(s)"), Some(Column::Designator));
        assert_eq!(c("Mfg"), Some(Column::Manufacturer));
        assert_eq!(c("manf#"), Some(Column::Mpn));
        assert_eq!(c("Manufacturer Part Number 1"), Some(Column::Mpn));
        assert_eq!(c("Supplier 1"), Some(Column::Supplier));
        assert_eq!(c("MANU"), Some(Column::Manufacturer));
        assert_eq!(c("PART NUMBER"), Some(Column::Mpn));
        assert_eq!(c("Hersteller"), Some(Column::Manufacturer));
        assert_eq!(c("制造商"), Some(Column::Manufacturer));
        assert_eq!(c("型号"), Some(Column::Mpn));
        assert_eq!(c("Asset tag"), Some(Column::Designator));
        assert_eq!(c("Embest P/N"), None);
        assert_eq!(c("Digikey"), None);
        assert_eq!(c("MNF1_URL"), None);
        assert_eq!(c("Supplier Part Number 1"), None);
        let v = classify("mfg_product-variant:85F/4G").unwrap();
        assert_eq!(
            (v.0, v.2.as_deref()),
            (Column::Manufacturer, Some("85F/4G"))
        );
    }

    #[test]
    fn counts_newlines() {
        let text = b"a\nbb\n\n\xff\x0a\x8a\x0b\ncccccccccccccccccccc\n\n";
        let naive = text.iter().filter(|b| **b == b'\n').count();
        for k in 0..text.len() {
            let part = &text[k..];
            assert_eq!(
                count_newlines(part),
                part.iter().filter(|b| **b == b'\n').count()
            );
        }
        assert_eq!(count_newlines(text), naive);
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff("a;b;c\n1;\"x,y\";3\n"), b';');
        assert_eq!(sniff("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(
            sniff("\"Source:\",\"x\"\n\na,b,c,d\n1,2,3,4\n5,6,7,8\n"),
            b','
        );
    }
}
