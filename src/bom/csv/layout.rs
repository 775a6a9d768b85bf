//! The layout of a CSV BOM: which columns hold designators, quantities and names, and which
//! groups of manufacturer, part-number and supplier columns make up each source of a part.

use super::header::{
    self, Group, classify, header_list, is_item_column, normalise_header, priority, split_number,
};
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
    /// Software publisher columns (`Publisher`): each value is screened as a maker.
    pub(super) publisher: Vec<usize>,
    /// Manufacturer columns named `Vendor`, which may name the distributor instead: a cell
    /// that names one ([`is_distributor`]) is read as the supplier.
    pub(super) vendor: Vec<usize>,
    /// Supplier columns named `Vendor` (beside a manufacturer column, say): on a row that
    /// names no maker, a cell that names no distributor is screened as a maker too.
    pub(super) reseller: Vec<usize>,
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
            .chain(&self.publisher)
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
    /// of the first source (its supplier columns when it has neither; the provider and
    /// publisher columns when there is no source).
    pub(super) fn identity_width(&self) -> usize {
        let vendor = match self.sources.first() {
            None => self.provider.iter().chain(&self.publisher).max(),
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

/// What the reader says about a header's columns: notes, and a warning when a maker named in
/// a column it does not read would go unscreened.
#[derive(Debug, Default)]
pub(super) struct ColumnNotes {
    pub(super) notes: Vec<String>,
    pub(super) warning: Option<String>,
}

/// Builds the layout from a header row and explicit mappings.
pub(super) fn layout(
    name: &str,
    header: &[&str],
    header_line: usize,
    opts: &CsvOptions,
) -> Result<(Layout, ColumnNotes), Error> {
    let (mut cols, variants) = detect_columns(header);
    drop_item_names(header, &mut cols);
    vendor_as_supplier(header, &mut cols);
    company_as_maker(header, &mut cols);
    apply_mappings(name, header, header_line, opts, &mut cols)?;
    item_as_part_number(header, &mut cols);
    // Within a role, the most specific header first (a stable sort keeps the file's order).
    cols.sort_by_key(|(_, _, i)| header.get(*i).map_or(usize::MAX, |h| priority(h)));
    let mut lay = Layout {
        designator: columns_of(&cols, Column::Designator),
        quantity: columns_of(&cols, Column::Quantity),
        name: columns_of(&cols, Column::Name),
        sources: numbered_sources(&cols),
        provider: columns_of(&cols, Column::Provider),
        publisher: columns_of(&cols, Column::Publisher),
        vendor: columns_of(&cols, Column::Manufacturer)
            .into_iter()
            .filter(|i| header.get(*i).is_some_and(|h| is_vendor(h)))
            .collect(),
        reseller: columns_of(&cols, Column::Supplier)
            .into_iter()
            .filter(|i| header.get(*i).is_some_and(|h| is_vendor(h)))
            .collect(),
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

/// Spellings of `Vendor` (normalised, without a group number): a maker column that may name
/// the distributor instead.
const VENDOR: &[&str] = &["vendor", "vendorname"];

/// Is a header cell a `Vendor` column ([`VENDOR`])?
fn is_vendor(header: &str) -> bool {
    let n = normalise_header(header);
    VENDOR.contains(&split_number(&n).0)
}

/// What follows `vendor` in a column of the vendor's own part numbers (`Vendor PN`, `Vendor
/// Part Number`), normalised.
const VENDOR_CODES: &[&str] = &[
    "pn",
    "partnumber",
    "partno",
    "number",
    "sku",
    "code",
    "partcode",
    "ordercode",
    "ordernumber",
    "catalognumber",
];

/// A `Vendor` column is the distributor, read as the supplier, beside a manufacturer column
/// (`Manufacturer,MPN,Vendor`), a publisher column (`Name,Publisher,Vendor`: a reseller), or a
/// column of the vendor's own part numbers (`Vendor PN`, which only a distributor has).
fn vendor_as_supplier(header: &[&str], cols: &mut [HeaderColumn]) {
    let vendor = |i: usize| header.get(i).is_some_and(|h| is_vendor(h));
    let maker = cols
        .iter()
        .any(|(c, _, i)| (*c == Column::Manufacturer && !vendor(*i)) || *c == Column::Publisher);
    let codes = header.iter().any(|h| {
        let n = normalise_header(h);
        n.strip_prefix("vendor")
            .is_some_and(|rest| VENDOR_CODES.contains(&split_number(rest).0))
    });
    if !(maker || codes) {
        return;
    }
    for (c, _, i) in cols.iter_mut() {
        if *c == Column::Manufacturer && vendor(*i) {
            *c = Column::Supplier;
        }
    }
}

/// Spellings of `Company` (normalised): a maker column only in a header that is a BOM's
/// without it and names no manufacturer or publisher (elsewhere a company may be the owner or
/// the customer), so it never makes a header.
const COMPANY: &[&str] = &["company", "companyname"];

/// Reads a `Company` column ([`COMPANY`]) as the manufacturer where no column is one.
fn company_as_maker(header: &[&str], cols: &mut Vec<HeaderColumn>) {
    if cols
        .iter()
        .any(|(c, _, _)| matches!(c, Column::Manufacturer | Column::Publisher))
    {
        return;
    }
    let company = header.iter().enumerate().find(|(i, h)| {
        COMPANY.contains(&normalise_header(h).as_str()) && !cols.iter().any(|(_, _, k)| k == i)
    });
    if let Some((i, _)) = company {
        cols.push((Column::Manufacturer, None, i));
    }
}

/// Where a parts list has no part-number column, the item column read as its name (`Part`,
/// `Name`: there is no value or description column) is screened as a part number too: a
/// purchasing list's `Part` holds them (`Part,Vendor,Qty` with `MT41K256M16TW-107:P,Digi-Key,10`).
/// Not where a value or description is the name (EAGLE's `Part` is the designator), and not in
/// a software list (one with a publisher column), whose names are products'.
fn item_as_part_number(header: &[&str], cols: &mut Vec<HeaderColumn>) {
    let has = |want: Column| cols.iter().any(|(c, _, _)| *c == want);
    let parts = has(Column::Manufacturer) || has(Column::Supplier);
    if has(Column::Mpn) || has(Column::Publisher) || !parts {
        return;
    }
    let items: Vec<usize> = cols
        .iter()
        .filter(|(c, _, i)| {
            *c == Column::Name && header.get(*i).is_some_and(|h| is_item_column(h, false))
        })
        .map(|(_, _, i)| *i)
        .collect();
    cols.extend(items.into_iter().map(|i| (Column::Mpn, None, i)));
}

/// Distributors and resellers (normalised: lower case, letters and digits only), whose name
/// in a `Vendor` column names who sold the part, not who made it.
const DISTRIBUTORS: &[&str] = &[
    "digikey",
    "mouser",
    "arrow",
    "avnet",
    "farnell",
    "premierfarnell",
    "newark",
    "element14",
    "rs",
    "rscomponents",
    "rsonline",
    "tme",
    "lcsc",
    "jlcpcb",
    "futureelectronics",
    "ttiinc",
    "chip1stop",
    "cdw",
    "得捷",
    "得捷电子",
    "贸泽",
    "贸泽电子",
    "立创商城",
];

/// Words a distributor's name may end with (`Digi-Key Electronics`, `Arrow Electronics, Inc.`).
const DISTRIBUTOR_SUFFIXES: &[&str] = &[
    "electronics",
    "electronic",
    "components",
    "corporation",
    "corp",
    "inc",
    "ltd",
    "limited",
    "llc",
    "gmbh",
    "co",
    "com",
];

/// Does a cell name a distributor or reseller ([`DISTRIBUTORS`])? Run only on `Vendor` cells.
pub(super) fn is_distributor(cell: &str) -> bool {
    let mut key: String = cell
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    loop {
        if DISTRIBUTORS.contains(&key.as_str()) {
            return true;
        }
        match DISTRIBUTOR_SUFFIXES
            .iter()
            .find(|s| key.len() > s.len() && key.ends_with(*s))
        {
            Some(s) => key.truncate(key.len() - s.len()),
            None => return false,
        }
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

/// The notes on the columns read, and the warning when no column names the maker; an error
/// when none of them names a vendor.
fn column_notes(
    name: &str,
    header: &[&str],
    header_line: usize,
    lay: &Layout,
    cols: &[HeaderColumn],
) -> Result<ColumnNotes, Error> {
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
    let others = [
        ("provider", &lay.provider),
        ("publisher", &lay.publisher),
        ("kind", &lay.kind),
    ];
    for (role, idx) in others {
        if !idx.is_empty() {
            columns.push_str(&format!("; {role} {}", named(idx)));
        }
    }
    let mut out = ColumnNotes {
        notes: vec![columns],
        warning: None,
    };
    let parts = !(all_m.is_empty() && all_s.is_empty() && all_p.is_empty());
    let by = match (lay.provider.is_empty(), lay.publisher.is_empty()) {
        (true, true) if !parts => return Err(no_vendor_column(name, header, header_line)),
        (false, true) => "provider",
        (true, false) => "publisher",
        _ => "provider and publisher",
    };
    if !parts {
        out.notes.push(format!(
            "no manufacturer, part-number or supplier column: rows are matched by their {by} only"
        ));
    } else if all_m.is_empty() && lay.publisher.is_empty() {
        out.notes.push(
            "no manufacturer column: parts are matched by part-number family and supplier only"
                .into(),
        );
        out.warning = Some(no_maker_warning(header, &lay.columns()));
    }
    Ok(out)
}

/// The warning for a parts list with no manufacturer column: it names the columns not read,
/// and the flag that maps one (the one whose name suggests a maker, if any).
fn no_maker_warning(header: &[&str], read: &[usize]) -> String {
    let unread: Vec<&str> = header
        .iter()
        .enumerate()
        .filter(|(i, h)| !h.trim().is_empty() && !read.contains(i))
        .map(|(_, h)| h.trim())
        .collect();
    let lead = "no manufacturer column: parts are matched by part-number family and supplier only, so a banned maker goes unseen unless its part family is listed";
    if unread.is_empty() {
        return format!("{lead}; every column is read, so add the manufacturer to the BOM");
    }
    let flag = match header::maker_candidate(&unread) {
        Some(cell) => format!("`--column manufacturer={}`", quote(cell)),
        None => "`--column manufacturer=NAME`".into(),
    };
    format!(
        "{lead}; columns not read: {}; if one holds the manufacturer, map it with {flag}",
        header_list(&unread)
    )
}

/// A header name as a shell argument: in double quotes, or in single quotes when it holds a
/// character the shell would read inside double quotes.
fn quote(s: &str) -> String {
    if s.contains(['"', '\\', '$', '`', '!']) {
        format!("'{}'", s.replace('\'', r"'\''"))
    } else {
        format!("\"{s}\"")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distributors_by_name_with_their_usual_endings() {
        for cell in [
            "Digi-Key",
            "DigiKey Electronics",
            "Mouser Electronics, Inc.",
            "mouser.com",
            "Arrow Electronics",
            "RS Components Ltd",
            "Future Electronics",
            "得捷电子",
            "CDW",
        ] {
            assert!(is_distributor(cell), "{cell}");
        }
        for cell in [
            "Huawei",
            "Micron",
            "RS Pro",
            "Future Technology Devices International",
            "Avnet Embedded",
            "Electronics",
            "",
        ] {
            assert!(!is_distributor(cell), "{cell}");
        }
    }

    #[test]
    fn a_vendor_column_is_a_supplier_beside_a_maker_publisher_or_vendor_code() {
        let roles = |header: &[&str]| -> Vec<Column> {
            let (mut cols, _) = detect_columns(header);
            vendor_as_supplier(header, &mut cols);
            cols.iter().map(|(c, _, _)| *c).collect()
        };
        use Column::{Manufacturer as M, Mpn as P, Publisher as Pub, Supplier as S};
        assert_eq!(roles(&["Manufacturer", "Vendor"]), [M, S]);
        assert_eq!(roles(&["Publisher", "Vendor Name"]), [Pub, S]);
        assert_eq!(roles(&["MPN", "Vendor", "Vendor Part Number"]), [P, S]);
        assert_eq!(roles(&["MPN", "Vendor"]), [P, M]);
        // A second maker column beside `Vendor` is not a vendor's.
        assert_eq!(roles(&["Vendor", "Vendor 2"]), [M, M]);
    }
}
