//! Sections: a header row after the header starts one. The same header again starts a summary
//! section, whose rows that repeat the first section are skipped; another header (one that
//! scores as a header row, by the same recognition as the first) starts a section read under
//! its own columns.

use super::header::{HeaderCell, header_cell, is_mapped, normalise_header};
use super::layout::Layout;
use super::scan::Rec;
use super::{CsvOptions, Row};

/// Does the header line appear again after itself, starting a summary section?
pub(super) fn repeats_header_line(text: &str, header_offset: usize) -> bool {
    // Only a file that repeats its header needs the designators of its first section
    // remembered. (A record's position may point at the blank lines before it.)
    let header_text = text
        .get(header_offset..)
        .and_then(|t| t.trim_start().lines().next())
        .map(str::trim)
        .unwrap_or("");
    // A vectorised search: the whole file is searched on every read.
    let find = |hay: &[u8]| memchr::memmem::find(hay, header_text.as_bytes());
    !header_text.is_empty()
        && text.as_bytes().get(header_offset..).is_some_and(|rest| {
            find(rest)
                .and_then(|at| rest.get(at + header_text.len()..))
                .is_some_and(|after| find(after).is_some())
        })
}

/// Summary sections: a repeated header row starts one, and its rows that repeat the first
/// section are skipped.
pub(super) struct Sections<'h> {
    /// The first header cell, trimmed: a cheap test before comparing whole rows.
    first_header: &'h str,
    /// The header cells, normalised.
    header_norm: Vec<String>,
    /// Whether designators are remembered (the file repeats its header line).
    track_refs: bool,
    /// Designator → what the first section says about it, to tell a repeat from a new part.
    seen_refs: crate::hash::FxHashMap<String, Seen>,
    /// The current section, from 1.
    section: usize,
    /// Whether the current section is under the first header (the first section, or a
    /// summary that repeats its header); not under another header.
    summary: bool,
}

/// What the first section says about one designator: its row, and the alternate rows under it.
struct Seen {
    row: String,
    alternates: Vec<String>,
}

impl<'h> Sections<'h> {
    /// Sections of a file with this header; `track_refs` when its header line repeats.
    pub(super) fn new(header: &'h [String], track_refs: bool) -> Sections<'h> {
        Sections {
            first_header: header.first().map_or("", |h| h.trim()),
            header_norm: header.iter().map(|h| normalise_header(h)).collect(),
            track_refs,
            seen_refs: Default::default(),
            section: 1,
            summary: true,
        }
    }

    /// Is this record the header again (the same cells, however spelt, where a missing cell
    /// is an empty one)? Then a summary section starts.
    #[inline]
    pub(super) fn starts_section(&mut self, rec: &Rec<'_>) -> bool {
        let repeated = rec.get(0).trim().eq_ignore_ascii_case(self.first_header)
            && (0..rec.len().max(self.header_norm.len())).all(|i| {
                normalise_header(rec.get(i)) == self.header_norm.get(i).map_or("", String::as_str)
            });
        if repeated {
            self.section += 1;
            self.summary = true;
        }
        repeated
    }

    /// Another header row starts a section read under its own columns: its rows are not
    /// compared with the first section's.
    pub(super) fn start_other(&mut self) {
        self.section += 1;
        self.summary = false;
    }

    /// Does the row repeat, designator by designator, the first section (which it records)?
    #[inline]
    pub(super) fn is_repeat(
        &mut self,
        reference: &str,
        row: &Row<'_>,
        lay: &Layout,
        filled: &[usize],
    ) -> bool {
        if !self.track_refs {
            return false;
        }
        let refs = crate::bom::split_refs(reference);
        let content = row_content(row, lay, filled);
        if self.section > 1
            && self.summary
            && !refs.is_empty()
            && refs
                .iter()
                .all(|r| self.seen_refs.get(*r).is_some_and(|s| s.row == content))
        {
            return true;
        }
        if self.section == 1 {
            for r in &refs {
                let seen = Seen {
                    row: content.clone(),
                    alternates: Vec::new(),
                };
                self.seen_refs.insert((*r).to_string(), seen);
            }
        }
        false
    }

    /// Records, in the first section, an alternate row under the part with designators
    /// `reference`.
    #[inline]
    pub(super) fn record_alternate(
        &mut self,
        reference: &str,
        row: &Row<'_>,
        lay: &Layout,
        filled: &[usize],
    ) {
        if !self.track_refs || self.section != 1 {
            return;
        }
        let content = row_content(row, lay, filled);
        for r in crate::bom::split_refs(reference) {
            if let Some(seen) = self.seen_refs.get_mut(r) {
                seen.alternates.push(content.clone());
            }
        }
    }

    /// Does an alternate row under the repeated part with designators `reference` repeat a row
    /// the first section has for each of them (the part's row or an alternate under it)?
    pub(super) fn alternate_repeats(
        &self,
        reference: &str,
        row: &Row<'_>,
        lay: &Layout,
        filled: &[usize],
    ) -> bool {
        let refs = crate::bom::split_refs(reference);
        let content = row_content(row, lay, filled);
        !refs.is_empty()
            && refs.iter().all(|r| {
                self.seen_refs
                    .get(*r)
                    .is_some_and(|s| s.row == content || s.alternates.contains(&content))
            })
    }
}

/// What a row says about its parts and providers, to recognise the same row in a summary
/// section.
fn row_content(row: &Row<'_>, lay: &Layout, filled: &[usize]) -> String {
    let mut out = String::new();
    for k in filled {
        if let Some((_, m, p, s)) = lay.sources.get(*k) {
            for v in [row.first(m), row.first(p), row.first(s)] {
                out.push_str(v);
                out.push('\u{1}');
            }
        }
    }
    for v in row.all(&lay.provider) {
        out.push_str(v);
        out.push('\u{2}');
    }
    for v in row.all(&lay.publisher) {
        out.push_str(v);
        out.push('\u{3}');
    }
    out
}

/// Could this record be another header row? A cheap test, run on every row after the header:
/// at least one cell, and at least half of the non-empty ones, are column names (by
/// [`header_cell`], or a mapped header). Allocation-free; it stops as soon as too many
/// cells are not names. [`super::header::is_header_row`] decides.
#[inline]
pub(super) fn may_be_header(rec: &Rec<'_>, opts: &CsvOptions) -> bool {
    let n = rec.len();
    let (mut named, mut plain) = (0usize, 0usize);
    for i in 0..n {
        let cell = crate::bom::fast_trim(rec.get(i));
        let kind = if !cell.is_empty() && is_mapped(cell, opts) {
            HeaderCell::Named
        } else {
            header_cell(cell)
        };
        match kind {
            HeaderCell::Empty => {}
            HeaderCell::Named | HeaderCell::Unsure => named += 1,
            HeaderCell::Plain => {
                plain += 1;
                // Even if every cell left were a name, they would be too few; and a header
                // row starts with column names: two plain values first make a data row. (Run
                // on every row, this keeps the test to a cell or two on data.)
                if plain > named + (n - i - 1) || (plain == 2 && named == 0) {
                    return false;
                }
            }
        }
    }
    named > 0 && named >= plain
}
