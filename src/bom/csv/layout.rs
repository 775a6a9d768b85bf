//! The layout of a CSV BOM: which columns hold designators, quantities and names, and which
//! groups of manufacturer, part-number and supplier columns make up each source of a part.

use super::header::{self, Group, classify, header_list, is_item_column, priority};
use super::{Column, CsvOptions};
use crate::bom::SourceKind;
use crate::error::{Diagnostic, Error};

/// The columns of one source: kind, then manufacturer, part-number and supplier columns.
type SourceColumns = (SourceKind, Vec<usize>, Vec<usize>, Vec<usize>);

#[derive(Debug, Default)]
pub(super) struct Layout {
    pub(super) designator: Vec<usize>,
    pub(super) quantity: Vec<usize>,
    pub(super) name: Vec<usize>,
    /// Sources: (kind, manufacturer columns, mpn columns, supplier columns).
    pub(super) sources: Vec<SourceColumns>,
    /// Service provider columns (`Provider`, `Carrier`): each value is screened as a maker.
    pub(super) provider: Vec<usize>,
    /// Kind columns (`Kind`, `Type`, `Category`).
    pub(super) kind: Vec<usize>,
    /// Country-of-production columns (`Country of Origin`, `COO`).
    pub(super) origin: Vec<usize>,
    /// Product-class columns.
    pub(super) class: Vec<usize>,
    /// Exception columns.
    pub(super) exception: Vec<usize>,
}

impl Layout {
    /// Every column a role reads, sorted.
    pub(super) fn columns(&self) -> Vec<usize> {
        let mut c: Vec<usize> = self
            .designator
            .iter()
            .chain(&self.quantity)
            .chain(&self.name)
            .chain(&self.provider)
            .chain(&self.kind)
            .chain(&self.origin)
            .chain(&self.class)
            .chain(&self.exception)
            .copied()
            .collect();
        for (_, m, p, s) in &self.sources {
            c.extend(m.iter().chain(p).chain(s));
        }
        c.sort_unstable();
        c.dedup();
        c
    }

    /// How many cells a row needs to hold every designator, manufacturer and part-number column
    /// of the first source (its supplier columns when it has neither; the provider columns
    /// when there is no source).
    pub(super) fn identity_width(&self) -> usize {
        let vendor = match self.sources.first() {
            None => self.provider.iter().max(),
            Some((_, m, p, s)) if m.is_empty() && p.is_empty() => s.iter().max(),
            Some((_, m, p, _)) => m.iter().chain(p).max(),
        };
        vendor
            .into_iter()
            .chain(self.designator.iter().max())
            .max()
            .map_or(0, |last| last + 1)
    }
}

/// A column the header names: its role, its group (numbered or product variant) and index.
type HeaderColumn = (Column, Option<Group>, usize);

/// Builds the layout from a header row and explicit mappings.
pub(super) fn layout(
    name: &str,
    header: &[&str],
    header_line: usize,
    opts: &CsvOptions,
) -> Result<(Layout, Vec<String>), Error> {
    let (mut cols, variants) = detect_columns(header);
    drop_item_names(header, &mut cols);
    apply_mappings(name, header, header_line, opts, &mut cols)?;
    // Within a role, the most specific header first (a stable sort keeps the file's order).
    cols.sort_by_key(|(_, _, i)| header.get(*i).map_or(usize::MAX, |h| priority(h)));
    let mut lay = Layout {
        designator: columns_of(&cols, Column::Designator),
        quantity: columns_of(&cols, Column::Quantity),
        name: columns_of(&cols, Column::Name),
        sources: numbered_sources(&cols),
        provider: columns_of(&cols, Column::Provider),
        kind: columns_of(&cols, Column::Kind),
        origin: columns_of(&cols, Column::Origin),
        class: columns_of(&cols, Column::Class),
        exception: columns_of(&cols, Column::Exception),
    };
    lay.sources.extend(variant_sources(&cols, &variants));
    let notes = column_notes(name, header, header_line, &lay, &cols)?;
    Ok((lay, notes))
}

/// The columns recognised by their header, and the product variant labels (group indices).
fn detect_columns(header: &[&str]) -> (Vec<HeaderColumn>, Vec<String>) {
    let mut cols: Vec<HeaderColumn> = Vec::new();
    let mut variants: Vec<String> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if let Some((col, group, variant)) = classify(h) {
            let group = match variant {
                Some(label) => {
                    let idx = match variants.iter().position(|v| *v == label) {
                        Some(idx) => idx,
                        None => {
                            variants.push(label);
                            variants.len() - 1
                        }
                    };
                    Some(Group::Variant(idx))
                }
                None => group,
            };
            cols.push((col, group, i));
        }
    }
    (cols, variants)
}

/// Item columns (`Part`, `Name`) are read as the name only where no value or description
/// column is: `Value` says more about a part than a KiCad `Part` or an ulx3s `Component`.
fn drop_item_names(header: &[&str], cols: &mut Vec<HeaderColumn>) {
    let item = |i: usize| header.get(i).is_some_and(|h| is_item_column(h, false));
    if cols.iter().any(|(c, _, i)| *c == Column::Name && !item(*i)) {
        cols.retain(|(c, _, i)| *c != Column::Name || !item(*i));
    }
}

/// Explicit mappings replace what was detected for their role (and for their column).
fn apply_mappings(
    name: &str,
    header: &[&str],
    header_line: usize,
    opts: &CsvOptions,
    cols: &mut Vec<HeaderColumn>,
) -> Result<(), Error> {
    for (col, wanted) in &opts.columns {
        let want = wanted.trim().to_lowercase();
        let Some(i) = header.iter().position(|h| h.trim().to_lowercase() == want) else {
            return Err(Error::Bom(
                Diagnostic::new(
                    name,
                    format!("no column named `{wanted}` (mapped as {})", col.as_str()),
                )
                .at(header_line, 1)
                .help(format!("the header has: {}", header_list(header))),
            ));
        };
        cols.retain(|(c, _, idx)| c != col && *idx != i);
        cols.push((*col, None, i));
    }
    Ok(())
}

/// The indices of every column of one role, in order.
fn columns_of(cols: &[HeaderColumn], c: Column) -> Vec<usize> {
    cols.iter()
        .filter(|(k, _, _)| *k == c)
        .map(|(_, _, i)| *i)
        .collect()
}

/// The columns of one role outside product variants, by group (ungrouped first).
fn groups_of(cols: &[HeaderColumn], c: Column) -> Vec<(Option<Group>, Vec<usize>)> {
    let mut g: Vec<(Option<Group>, Vec<usize>)> = Vec::new();
    for (k, grp, i) in cols {
        if *k != c || matches!(grp, Some(Group::Variant(_))) {
            continue;
        }
        match g.iter_mut().find(|(x, _)| x == grp) {
            Some((_, v)) => v.push(*i),
            None => g.push((*grp, vec![*i])),
        }
    }
    g.sort_by_key(|(grp, _)| *grp);
    g
}

/// The primary and alternate sources, pairing the k-th group of each role.
fn numbered_sources(cols: &[HeaderColumn]) -> Vec<SourceColumns> {
    let (m, p, s) = (
        groups_of(cols, Column::Manufacturer),
        groups_of(cols, Column::Mpn),
        groups_of(cols, Column::Supplier),
    );
    let n = m.len().max(p.len()).max(s.len());
    (0..n)
        .map(|k| {
            let kind = if k == 0 {
                SourceKind::Primary
            } else {
                SourceKind::Alternate
            };
            let get = |g: &[(Option<Group>, Vec<usize>)]| {
                g.get(k).map(|(_, v)| v.clone()).unwrap_or_default()
            };
            (kind, get(&m), get(&p), get(&s))
        })
        .collect()
}

/// One source per product variant, in the order the header names them.
fn variant_sources<'c>(
    cols: &'c [HeaderColumn],
    variants: &'c [String],
) -> impl Iterator<Item = SourceColumns> + 'c {
    variants.iter().enumerate().map(move |(vi, label)| {
        let of = |c: Column| -> Vec<usize> {
            cols.iter()
                .filter(|(k, g, _)| *k == c && *g == Some(Group::Variant(vi)))
                .map(|(_, _, i)| *i)
                .collect()
        };
        (
            SourceKind::Variant(label.clone()),
            of(Column::Manufacturer),
            of(Column::Mpn),
            of(Column::Supplier),
        )
    })
}

/// The notes on the columns read; an error when none of them names a vendor.
fn column_notes(
    name: &str,
    header: &[&str],
    header_line: usize,
    lay: &Layout,
    cols: &[HeaderColumn],
) -> Result<Vec<String>, Error> {
    let mut notes = Vec::new();
    let named = |idx: &[usize]| -> String {
        idx.iter()
            .filter_map(|i| header.get(*i))
            .map(|h| format!("`{}`", h.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let all_m: Vec<usize> = columns_of(cols, Column::Manufacturer);
    let all_p: Vec<usize> = columns_of(cols, Column::Mpn);
    let all_s: Vec<usize> = columns_of(cols, Column::Supplier);
    let mut columns = format!(
        "columns: designator {}; manufacturer {}; part number {}; supplier {}",
        or_none(&named(&lay.designator)),
        or_none(&named(&all_m)),
        or_none(&named(&all_p)),
        or_none(&named(&all_s)),
    );
    // Named only where a file has them, so that the note on a parts list stays as it was.
    for (role, idx) in [("provider", &lay.provider), ("kind", &lay.kind)] {
        if !idx.is_empty() {
            columns.push_str(&format!("; {role} {}", named(idx)));
        }
    }
    notes.push(columns);
    let parts = !(all_m.is_empty() && all_s.is_empty() && all_p.is_empty());
    if !parts && lay.provider.is_empty() {
        return Err(no_vendor_column(name, header, header_line));
    }
    if !parts {
        notes.push("no manufacturer, part-number or supplier column: rows are matched by their provider only".into());
    } else if all_m.is_empty() {
        notes.push(
            "no manufacturer column: parts are matched by part-number family and supplier only"
                .into(),
        );
    }
    Ok(notes)
}

/// The error for a header that names no manufacturer, part-number, supplier or provider column.
fn no_vendor_column(name: &str, header: &[&str], header_line: usize) -> Error {
    header::no_vendor_column(
        Diagnostic::new(
            name,
            "no manufacturer, part-number or supplier column: nothing to check",
        )
        .at(header_line, 1),
        &format!("the header has: {}", header_list(header)),
        header,
    )
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "none" } else { s }
}
