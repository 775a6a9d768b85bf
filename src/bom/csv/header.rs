//! Recognising the header row: the spellings of each column's name, and the search for the
//! row among the first records that names the most specific vendor columns.

use std::collections::{HashSet, VecDeque};

use super::preamble::Above;
use super::{Column, CsvOptions, Records, field};
use crate::error::{Diagnostic, Error};

/// Header spellings, normalised (lower case, letters and digits only, `#` read as `number`).
const SYNONYMS: &[(Column, &[&str])] = &[
    (
        Column::Designator,
        &[
            "references",
            "reference",
            "refs",
            "ref",
            "refdes",
            "designator",
            "designators",
            "partreference",
            "bezeichner",
            "referenz",
            "bauteil",
            "repere",
            "位号",
            "位置号",
            "位号位置",
            "assettag",
            "assetid",
            "location",
            "locations",
            "position",
        ],
    ),
    (
        Column::Quantity,
        &[
            "qty",
            "quantity",
            "quantityperpcb",
            "qtyperboard",
            "count",
            "menge",
            "anzahl",
            "quantite",
            "cantidad",
            "数量",
            "用量",
        ],
    ),
    (
        Column::Manufacturer,
        // Most specific first: when a row has several columns of one role, the first
        // non-empty one in this order is the primary value; the others are screened too.
        &[
            "manufacturer",
            "manufacturers",
            "manufacturername",
            "mfr",
            "mfg",
            "mfgname",
            "mfrname",
            "manf",
            "manu",
            "manuf",
            "hersteller",
            "fabricant",
            "fabricante",
            "produttore",
            "制造商",
            "製造商",
            "生产商",
            "厂商",
            "厂家",
            "メーカー",
            "maker",
            "make",
            "brand",
            "品牌",
            "vendor",
        ],
    ),
    (
        Column::Mpn,
        &[
            "manufacturerpartnumber",
            "manufacturerpn",
            "manufacturernumber",
            "mfrpartnumber",
            "mfgpartnumber",
            "mfrpn",
            "mfgpn",
            "mfrnumber",
            "mfgnumber",
            "mfgpartno",
            "mfrpartno",
            "manufacturepn",
            "manufacturepartnumber",
            "manfnumber",
            "manfpn",
            "mpn",
            "mpnnumber",
            "herstellerteilenummer",
            "herstellernummer",
            "制造商型号",
            "厂商型号",
            "pn",
            "partnumber",
            "partno",
            "teilenummer",
            "型号",
            "规格型号",
            "器件型号",
            "型番",
            "model",
            "modelnumber",
        ],
    ),
    (
        Column::Supplier,
        &[
            "supplier",
            "suppliers",
            "distributor",
            "distributors",
            "suppliername",
            "lieferant",
            "fournisseur",
            "proveedor",
            "供应商",
            "供货商",
        ],
    ),
    (
        Column::Name,
        &[
            "value",
            "comment",
            "description",
            "desc",
            "parttype",
            "beschreibung",
            "wert",
            "描述",
            "名称",
            "规格",
            "名稱",
        ],
    ),
];

/// How many records are searched for the header row.
const HEADER_SEARCH: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Group {
    Numbered(u32),
    Variant(usize),
}

pub(super) fn normalise_header(h: &str) -> String {
    let h = crate::normalize::clean(h).replace('#', "number");
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits a trailing group number: `mfg2` → (`mfg`, 2), `manufacturer1` → (`manufacturer`, 1).
fn split_number(h: &str) -> (&str, Option<u32>) {
    let digits = h.len() - h.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits == h.len() {
        return (h, None);
    }
    let (base, num) = h.split_at(h.len() - digits);
    (base, num.parse().ok())
}

pub(crate) fn classify(header: &str) -> Option<(Column, Option<Group>, Option<String>)> {
    let raw = header.trim();
    let lower = raw.to_lowercase();
    // Product-variant columns: `mfg_product-variant:85F/4G`.
    if let Some(pos) = lower.find("variant") {
        let label = raw
            .get(pos + "variant".len()..)
            .unwrap_or("")
            .trim_matches(|c: char| c == ':' || c == '=' || c.is_whitespace())
            .to_string();
        let base = normalise_header(raw.get(..pos).unwrap_or(""));
        let base = base.trim_end_matches("product");
        let col = lookup(base)?;
        return Some((col, None, Some(label)));
    }
    let n = normalise_header(raw);
    if let Some(col) = lookup(&n) {
        return Some((col, None, None));
    }
    let (base, num) = split_number(&n);
    let col = lookup(base)?;
    Some((col, num.map(Group::Numbered), None))
}

/// How specific a header is for its role: lower is more specific (`Manufacturer` before
/// `Vendor`, `Manufacturer Part Number` before `Part Number`).
pub(super) fn priority(header: &str) -> usize {
    let n = normalise_header(header);
    let (base, _) = split_number(&n);
    SYNONYMS
        .iter()
        .find_map(|(_, names)| {
            names
                .iter()
                .position(|x| *x == n)
                .or_else(|| names.iter().position(|x| *x == base))
        })
        .unwrap_or(usize::MAX)
}

fn lookup(n: &str) -> Option<Column> {
    SYNONYMS
        .iter()
        .find(|(_, names)| names.contains(&n))
        .map(|(c, _)| *c)
}

pub(super) fn header_list(header: &[&str]) -> String {
    let list: Vec<String> = header
        .iter()
        .filter(|h| !h.trim().is_empty())
        .take(30)
        .map(|h| format!("`{}`", h.trim()))
        .collect();
    if list.is_empty() {
        "no named columns".into()
    } else {
        list.join(", ")
    }
}

/// The header row: its cells and where it starts.
pub(super) struct Header {
    pub(super) cells: Vec<String>,
    pub(super) line: usize,
    /// Byte offset of the record (it may point at blank lines before the row).
    pub(super) offset: usize,
}

/// The header, the rows above it, and the records after it (to replay).
pub(super) type Found = (Header, Above, VecDeque<(::csv::ByteRecord, usize)>);

/// The search for the header row: among the first records, the one that names the most
/// specific vendor columns (a preamble such as `Part Number,Description` must not win over
/// the real header below it).
pub(super) struct HeaderSearch {
    /// Every record read, with its line: those after the header are replayed.
    buffered: Vec<(::csv::ByteRecord, usize)>,
    /// The best candidate so far: (score, index in `buffered`).
    best: Option<(usize, usize)>,
    /// The indices in `buffered` of every record that scores as a header row.
    header_like: Vec<usize>,
    /// The cells of the first non-blank record, for the error when no header is found.
    first_row: Option<Vec<String>>,
}

impl HeaderSearch {
    /// Reads up to [`HEADER_SEARCH`] records and scores each as a header row.
    pub(super) fn run(records: &mut Records<'_>, opts: &CsvOptions) -> Result<HeaderSearch, Error> {
        let mut s = HeaderSearch {
            buffered: Vec::new(),
            best: None,
            header_like: Vec::new(),
            first_row: None,
        };
        while s.buffered.len() < HEADER_SEARCH {
            let Some(line) = records.advance()? else {
                break;
            };
            let rec = &records.rec;
            s.buffered.push((rec.clone(), line));
            let cells: Vec<&str> = (0..rec.len()).map(|i| field(rec, i)).collect();
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if s.first_row.is_none() {
                s.first_row = Some(cells.iter().map(|c| (*c).to_string()).collect());
            }
            let score = header_score(&cells, opts);
            if score > 0 {
                let i = s.buffered.len() - 1;
                s.header_like.push(i);
                if s.best.is_none_or(|(b, _)| score > b) {
                    s.best = Some((score, i));
                }
            }
        }
        Ok(s)
    }

    /// The line of the header row found, if one was.
    pub(super) fn line(&self) -> Option<usize> {
        let (_, i) = self.best?;
        self.buffered.get(i).map(|(_, line)| *line)
    }

    /// The header row found, the rows above it, and the records after it, to replay; or why
    /// there is none.
    pub(super) fn finish(self, name: &str, opts: &CsvOptions) -> Result<Found, Error> {
        let searched = self.buffered.len();
        let best = self.best.map(|(_, i)| i).filter(|i| *i < searched);
        let Some(i) = best else {
            return Err(no_header(name, opts, self.first_row.as_deref(), searched));
        };
        let mut above = self.buffered;
        let after: VecDeque<_> = above.split_off(i + 1).into();
        let Some((r, line)) = above.pop() else {
            return Err(no_header(name, opts, self.first_row.as_deref(), searched));
        };
        let header = Header {
            cells: (0..r.len()).map(|k| field(&r, k).to_string()).collect(),
            line,
            offset: r.position().map_or(0, |p| p.byte() as usize),
        };
        let headers = self.header_like.into_iter().filter(|k| *k < i).collect();
        Ok((header, Above::new(above, headers), after))
    }
}

/// How well a record's cells look like the header row; 0 when they do not.
fn header_score(cells: &[&str], opts: &CsvOptions) -> usize {
    let explicit = opts
        .columns
        .iter()
        .filter(|(_, h)| {
            cells
                .iter()
                .any(|c| c.trim().eq_ignore_ascii_case(h.trim()))
        })
        .count();
    let kinds: HashSet<Column> = cells
        .iter()
        .filter_map(|c| classify(c).map(|x| x.0))
        .collect();
    let has = |c: Column| usize::from(kinds.contains(&c));
    let vendorish = has(Column::Manufacturer) + has(Column::Mpn) + has(Column::Supplier) > 0;
    if explicit > 0 && explicit == opts.columns.len() {
        1000 + kinds.len()
    } else if vendorish && kinds.len() >= 2 {
        8 * has(Column::Manufacturer)
            + 4 * has(Column::Mpn)
            + 2 * has(Column::Supplier)
            + 2 * has(Column::Designator)
            + kinds.len()
    } else {
        0
    }
}

/// The error when no header row was found in the first `searched` records.
fn no_header(
    name: &str,
    opts: &CsvOptions,
    first_row: Option<&[String]>,
    searched: usize,
) -> Error {
    if let Some(first) = first_row
        && let Some(e) = unmapped_columns(name, opts, first)
    {
        return e;
    }
    let seen = first_row
        .map(|r| header_list(&r.iter().map(String::as_str).collect::<Vec<_>>()))
        .unwrap_or_else(|| "no rows".into());
    let d = if searched == 0 {
        Diagnostic::new(name, "no rows: the file has no CSV records").at(1, 1)
    } else {
        Diagnostic::new(
            name,
            format!("no header row with a manufacturer, part-number or supplier column in the first {searched} rows"),
        )
        .at(1, 1)
    };
    Error::Bom(d.help(format!(
        "the first row has: {seen}; name the columns with e.g. `--column manufacturer=\"Hersteller\" --column mpn=\"Teilenummer\"`"
    )))
}

/// The error for explicitly mapped columns that the first row does not name, if any.
fn unmapped_columns(name: &str, opts: &CsvOptions, first: &[String]) -> Option<Error> {
    let missing: Vec<String> = opts
        .columns
        .iter()
        .filter(|(_, h)| {
            !first
                .iter()
                .any(|c| c.trim().eq_ignore_ascii_case(h.trim()))
        })
        .map(|(col, h)| format!("no column named `{h}` (mapped as {})", col.as_str()))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let cells: Vec<&str> = first.iter().map(String::as_str).collect();
    Some(Error::Bom(
        Diagnostic::new(name, missing.join("; "))
            .at(1, 1)
            .help(format!("the first row has: {}", header_list(&cells))),
    ))
}
