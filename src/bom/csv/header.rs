//! Recognising the header row: the spellings of each column's name, and the search for the
//! row among the first records that names the most specific vendor columns.

use std::collections::{HashSet, VecDeque};
use std::sync::LazyLock;

use unicode_normalization::IsNormalized;

use super::preamble::Above;
use super::{Column, CsvOptions, Records, field};
use crate::error::{Diagnostic, Error, NoVendorColumn};
use crate::hash::FxHashSet;

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
            "mf",
            "mfgname",
            "mfrname",
            "manf",
            "manu",
            "manuf",
            "hersteller",
            "fabricant",
            "fabricante",
            "fabrikant",
            "produttore",
            "producent",
            "producer",
            "производитель",
            "изготовитель",
            "制造商",
            "製造商",
            "生产商",
            "生产厂家",
            "生产厂商",
            "厂商",
            "厂家",
            "メーカー",
            "メーカー名",
            "제조사",
            "maker",
            "make",
            "brand",
            "品牌",
            "vendor",
            "vendorname",
            // Less specific, screened beside the primary maker: second sources and the like.
            "oem",
            "madeby",
            "altmfr",
            "altmfg",
            "altmanufacturer",
            "alternatemanufacturer",
            "alternativemanufacturer",
            "secondsource",
            "approvedvendors",
            "approvedmanufacturers",
            "approvedmakers",
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
            "altmpn",
            "altpartnumber",
            "alternatempn",
            "alternatepartnumber",
            "料号",
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
    (
        Column::Provider,
        &[
            "provider",
            "serviceprovider",
            "carrier",
            "operator",
            "anbieter",
            "运营商",
            "服务商",
        ],
    ),
    (
        Column::Publisher,
        &[
            "publisher",
            "publishers",
            "publishername",
            "softwarepublisher",
            "herausgeber",
            "发布者",
        ],
    ),
    (Column::Kind, &["kind", "type", "category"]),
    (
        Column::Origin,
        &[
            "countryoforigin",
            "coo",
            "origin",
            "madein",
            "countryofproduction",
            "herkunftsland",
            "ursprungsland",
            "原产地",
            "产地",
        ],
    ),
    (Column::Class, &["productclass", "class"]),
    (Column::Exception, &["exception", "exceptions"]),
];

/// Columns that name the item a row is (`Part`, `Name`, `Component`), normalised. Beside a
/// manufacturer or publisher column one of them makes a row a header (`Part,Vendor`,
/// `Name,Publisher,Version`), as a value or description column does; it is read as the row's
/// name where the header has no value or description column, and screened as a part number
/// where it has no part-number column (a purchasing list's `Part` holds part numbers). Not
/// beside a part-number, supplier or provider column alone: `Name,Model` or `Name,Operator`
/// names no maker, and many tables that are no BOM have such columns.
const ITEM_NAMES: &[&str] = &[
    "part",
    "parts",
    "partname",
    "name",
    "itemname",
    "component",
    "components",
    "componentname",
    "product",
    "productname",
    "device",
    "article",
    "artikel",
    "品名",
    "物料",
    "物料名称",
    "元件",
];

/// Columns that number the items (`Item`, `Line item`): they make a header as [`ITEM_NAMES`]
/// do, but a line number is no name, so they are not read.
const ITEM_NUMBERS: &[&str] = &["item", "items", "itemno", "itemnumber", "lineitem", "序号"];

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
pub(super) fn split_number(h: &str) -> (&str, Option<u32>) {
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
        .or_else(|| ITEM_NAMES.contains(&n).then_some(Column::Name))
}

/// Does a header cell name the item a row is ([`ITEM_NAMES`], [`ITEM_NUMBERS`])? With
/// `numbers` false, only the names.
pub(super) fn is_item_column(header: &str, numbers: bool) -> bool {
    let n = normalise_header(header);
    let base = split_number(&n).0;
    [n.as_str(), base]
        .iter()
        .any(|k| ITEM_NAMES.contains(k) || (numbers && ITEM_NUMBERS.contains(k)))
}

/// Every header spelling of [`SYNONYMS`] and [`ITEM_NAMES`], for [`header_cell`].
static SPELLINGS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    SYNONYMS
        .iter()
        .flat_map(|(_, names)| names.iter().copied())
        .chain(ITEM_NAMES.iter().copied())
        .collect()
});

/// The shapes of the spellings (first byte, last byte, length) as bits of a 4,096-bit set: a
/// test that rules out most keys (designators, values) before [`SPELLINGS`] is probed.
static SHAPES: LazyLock<[u64; 64]> = LazyLock::new(|| {
    let mut bits = [0u64; 64];
    for s in SPELLINGS.iter() {
        let k = shape(s);
        if let Some(w) = bits.get_mut(k / 64) {
            *w |= 1 << (k % 64);
        }
    }
    bits
});

/// The bit of a key's shape in [`SHAPES`].
fn shape(key: &str) -> usize {
    let b = key.as_bytes();
    let first = usize::from(b.first().copied().unwrap_or(0));
    let last = usize::from(b.last().copied().unwrap_or(0));
    (first * 31 + last * 7 + b.len()) % 4096
}

/// [`split_number`]'s key without its number, without parsing the number.
fn without_number(h: &str) -> &str {
    match h.trim_end_matches(|c: char| c.is_ascii_digit()) {
        "" => h,
        base => base,
    }
}

/// Could `key` be a spelling? `false` only for a key that is none.
fn may_be_spelling(key: &str) -> bool {
    let k = shape(key);
    SHAPES.get(k / 64).is_some_and(|w| (w >> (k % 64)) & 1 == 1)
}

/// What one cell says about its row being a header row, read without allocating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum HeaderCell {
    /// Nothing (blank).
    Empty,
    /// A column name [`classify`] recognises.
    Named,
    /// Not a column name [`classify`] recognises.
    Plain,
    /// Only [`classify`] can tell (text that NFKC would change, a product-variant column, a
    /// name too long for the buffer): count it as a name.
    Unsure,
}

/// How many bytes of a normalised cell [`header_cell`] reads: every spelling is far shorter.
const KEY_BYTES: usize = 64;

/// A cell normalised as [`normalise_header`] does, in a fixed buffer.
struct Key {
    bytes: [u8; KEY_BYTES],
    len: usize,
}

impl Key {
    /// Appends `b`; `false` when the buffer is full.
    fn push(&mut self, b: &[u8]) -> bool {
        let end = self.len + b.len();
        match self.bytes.get_mut(self.len..end) {
            Some(dst) => {
                dst.copy_from_slice(b);
                self.len = end;
                true
            }
            None => false,
        }
    }

    /// The key so far (whole characters only were pushed).
    fn as_str(&self) -> &str {
        self.bytes
            .get(..self.len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

/// [`normalise_header`] of a trimmed cell into `key`, without allocating; `false` when only
/// [`normalise_header`] itself can say (NFKC would change the text, or the key is too long).
fn normalise_into(cell: &str, key: &mut Key) -> bool {
    if cell.is_ascii() {
        // NFKC and the invisible-character filter leave ASCII letters and digits alone.
        return cell.bytes().all(|b| match b {
            b'#' => key.push(b"number"),
            b if b.is_ascii_alphanumeric() => key.push(&[b.to_ascii_lowercase()]),
            _ => true,
        });
    }
    if unicode_normalization::is_nfkc_quick(cell.chars()) != IsNormalized::Yes {
        return false;
    }
    let mut utf8 = [0u8; 4];
    cell.chars().all(|c| {
        if c == '#' {
            key.push(b"number")
        } else if crate::normalize::is_invisible(c) || !c.is_alphanumeric() {
            true
        } else {
            c.to_lowercase()
                .all(|l| key.push(l.encode_utf8(&mut utf8).as_bytes()))
        }
    })
}

/// Is a (trimmed) cell a column name, as [`classify`] says? Allocation-free, for the rows
/// after the header, each of which may be another header row.
pub(super) fn header_cell(cell: &str) -> HeaderCell {
    if cell.is_empty() {
        return HeaderCell::Empty;
    }
    let mut key = Key {
        bytes: [0; KEY_BYTES],
        len: 0,
    };
    if !normalise_into(cell, &mut key) {
        return HeaderCell::Unsure;
    }
    let n = key.as_str();
    // `classify` reads product-variant columns by the word in the lower-cased cell, which
    // stays a run of letters in the key.
    if n.len() >= "variant".len() && n.contains("variant") {
        return HeaderCell::Unsure;
    }
    // `classify` tries the whole key, then the key without a trailing group number.
    let spelling = |k: &str| may_be_spelling(k) && SPELLINGS.contains(k);
    if spelling(n) || spelling(without_number(n)) {
        HeaderCell::Named
    } else {
        HeaderCell::Plain
    }
}

/// Is a row after the header another header row? It must score as one (a manufacturer,
/// part-number, supplier or provider column among two roles or more, or every mapped
/// column), and at least half of its non-empty cells must be column names: a description
/// that says `Manufacturer` does not make a data row a header.
pub(super) fn is_header_row(cells: &[&str], opts: &CsvOptions) -> bool {
    let (mut named, mut filled) = (0usize, 0usize);
    for c in cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        filled += 1;
        named += usize::from(classify(c).is_some() || is_mapped(c, opts));
    }
    named * 2 >= filled && header_score(cells, opts) > 0
}

/// Is a (trimmed) cell the header of an explicitly mapped column?
pub(super) fn is_mapped(cell: &str, opts: &CsvOptions) -> bool {
    opts.columns
        .iter()
        .any(|(_, h)| cell.eq_ignore_ascii_case(h.trim()))
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
    /// The first non-blank record with two values or more (else the first non-blank one)
    /// and its line: for the error when no header is found, a row a header may be.
    sample: Option<Sample>,
}

impl HeaderSearch {
    /// Reads up to [`HEADER_SEARCH`] records and scores each as a header row.
    pub(super) fn run(records: &mut Records<'_>, opts: &CsvOptions) -> Result<HeaderSearch, Error> {
        let mut s = HeaderSearch {
            buffered: Vec::new(),
            best: None,
            header_like: Vec::new(),
            sample: None,
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
            let better = match &s.sample {
                None => true,
                Some((_, c)) => filled(c) < 2 && filled(&cells) >= 2,
            };
            if better {
                s.sample = Some((line, cells.iter().map(|c| c.trim().to_string()).collect()));
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
            return Err(no_header(name, opts, self.sample.as_ref(), searched));
        };
        let mut above = self.buffered;
        let after: VecDeque<_> = above.split_off(i + 1).into();
        let Some((r, line)) = above.pop() else {
            return Err(no_header(name, opts, self.sample.as_ref(), searched));
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
    let explicit = explicit_count(cells, opts);
    // Most rows searched are data: a cell that the allocation-free test finds plain (or
    // empty) is no column name for `classify` either, and no item column, so only the others
    // are classified.
    let named = cells
        .iter()
        .filter(|c| !matches!(header_cell(c.trim()), HeaderCell::Plain | HeaderCell::Empty));
    score_of(cells, named, explicit, opts)
}

/// How many of the `--column` mappings name a cell of the row.
fn explicit_count(cells: &[&str], opts: &CsvOptions) -> usize {
    opts.columns
        .iter()
        .filter(|(_, h)| {
            cells
                .iter()
                .any(|c| c.trim().eq_ignore_ascii_case(h.trim()))
        })
        .count()
}

/// The score of a row whose cells that may name columns are `named`, `explicit` of them
/// mapped by `--column`.
fn score_of<'c>(
    cells: &[&str],
    named: impl Iterator<Item = &'c &'c str>,
    explicit: usize,
    opts: &CsvOptions,
) -> usize {
    let mut kinds: HashSet<Column> = named
        .filter(|c| !is_item_column(c, false))
        .filter_map(|c| classify(c).map(|x| x.0))
        .collect();
    // An item column counts beside a manufacturer or publisher column only ([`ITEM_NAMES`]).
    let maker = kinds.contains(&Column::Manufacturer) || kinds.contains(&Column::Publisher);
    if maker && cells.iter().any(|c| is_item_column(c, true)) {
        kinds.insert(Column::Name);
    }
    let has = |c: Column| usize::from(kinds.contains(&c));
    let vendorish = kinds.iter().any(|c| c.names_vendor());
    if explicit > 0 && explicit == opts.columns.len() {
        1000 + kinds.len()
    } else if vendorish && kinds.len() >= 2 {
        8 * has(Column::Manufacturer)
            + 4 * has(Column::Mpn)
            + 2 * has(Column::Supplier)
            + 2 * has(Column::Provider)
            + 2 * has(Column::Designator)
            + kinds.len()
    } else {
        0
    }
}

/// A row that may be the header, for the error when none is found: its line and cells.
type Sample = (usize, Vec<String>);

/// How many cells hold a value.
fn filled<S: AsRef<str>>(cells: &[S]) -> usize {
    cells
        .iter()
        .filter(|c| !c.as_ref().trim().is_empty())
        .count()
}

/// The error when no header row was found in the first `searched` records; `sample` is the
/// row shown (none when every record was blank).
fn no_header(name: &str, opts: &CsvOptions, sample: Option<&Sample>, searched: usize) -> Error {
    let Some((line, cells)) = sample else {
        let d = if searched == 0 {
            Diagnostic::new(name, "no rows: the file has no CSV records")
        } else {
            Diagnostic::new(
                name,
                format!("no values: the first {searched} rows are empty or hold only delimiters"),
            )
        };
        return Error::Bom(d.at(1, 1).help("export the BOM again with its parts"));
    };
    if let Some(e) = unmapped_columns(name, opts, *line, cells) {
        return e;
    }
    let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
    let named = vendor_columns_named(&refs);
    let message = if named.is_empty() {
        format!(
            "no header row with a manufacturer, part-number or supplier column in the first {searched} rows"
        )
    } else {
        format!(
            "no header row in the first {searched} rows: line {line} names {named} but no other column of a BOM (a designator, a quantity, a description, a manufacturer) to be its header"
        )
    };
    no_vendor_column(
        Diagnostic::new(name, message).at(*line, 1),
        &format!("line {line} has: {}", header_list(&refs)),
        &refs,
    )
}

/// The roles of columns that name a vendor or a part, in the order messages list them.
const VENDOR_ROLES: [Column; 5] = [
    Column::Manufacturer,
    Column::Mpn,
    Column::Supplier,
    Column::Provider,
    Column::Publisher,
];

/// The vendor columns a row names, by role: "a part-number column (`Model`)"; empty when it
/// names none.
fn vendor_columns_named(cells: &[&str]) -> String {
    let roles: Vec<String> = VENDOR_ROLES
        .into_iter()
        .filter_map(|want| {
            let of: Vec<&str> = cells
                .iter()
                .copied()
                .filter(|c| classify(c).is_some_and(|(col, _, _)| col == want))
                .collect();
            let role = want.describe();
            match of.len() {
                0 => None,
                1 => Some(format!("a {role} column ({})", header_list(&of))),
                _ => Some(format!("{role} columns ({})", header_list(&of))),
            }
        })
        .collect();
    roles.join(" and ")
}

/// The error for a table with no column that names a vendor: `diagnostic` with `help`, the
/// row's cells, and those that may hold a maker or part number.
pub(crate) fn no_vendor_column(diagnostic: Diagnostic, help: &str, cells: &[&str]) -> Error {
    Error::NoVendorColumn(Box::new(NoVendorColumn {
        diagnostic: diagnostic.help(help),
        header: cells
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect(),
        candidates: vendor_candidates(cells)
            .into_iter()
            .map(|(col, cell)| (col.as_str().to_string(), cell.to_string()))
            .collect(),
    }))
}

/// The cell among `cells` whose name suggests it holds the maker (`Maker Name`, `Company`),
/// if any: for the flag that maps it.
pub(super) fn maker_candidate<'c>(cells: &[&'c str]) -> Option<&'c str> {
    vendor_candidates(cells)
        .into_iter()
        .find(|(col, _)| *col == Column::Manufacturer)
        .map(|(_, cell)| cell)
}

/// Words of a column name that say it holds the maker (in the name, lower case, letters and
/// digits only), and short ones that must be a whole word.
const MAKER_WORDS: &[&str] = &[
    "manufactur",
    "hersteller",
    "fabricant",
    "vendor",
    "maker",
    "brand",
    "producer",
    "company",
    "производител",
    "制造",
    "厂商",
    "厂家",
    "品牌",
    "メーカー",
];
const MAKER_TOKENS: &[&str] = &["mfr", "mfg", "manf", "manu", "mnf", "make", "oem"];

/// The same for part numbers.
const MPN_WORDS: &[&str] = &[
    "partnumber",
    "partno",
    "partcode",
    "teilenummer",
    "mpn",
    "model",
    "型号",
    "料号",
    "型番",
];
const MPN_TOKENS: &[&str] = &["part", "parts", "pn"];

/// Words of columns that hold no maker's data however they are named: distributors' order
/// codes, links, prices, footprints.
const NOT_VENDOR_WORDS: &[&str] = &[
    "digikey",
    "mouser",
    "lcsc",
    "jlc",
    "farnell",
    "newark",
    "arrow",
    "element14",
    "avnet",
    "url",
    "link",
    "datasheet",
    "price",
    "cost",
    "stock",
    "order",
    "sku",
    "supplier",
    "distributor",
    "footprint",
    "package",
];

/// Cells of a row that may hold the maker, the part number, a supplier, a provider or a
/// publisher, at most one for each, in that order: a cell named as one by its spelling, else (makers and
/// part numbers only) one with a word that says so (`Maker Name`, `Part Code`), never a
/// distributor's or another role's column.
fn vendor_candidates<'c>(cells: &[&'c str]) -> Vec<(Column, &'c str)> {
    let role = |cell: &str| -> Option<(Column, bool)> {
        match classify(cell) {
            Some((c, _, _)) if c.names_vendor() => return Some((c, true)),
            Some(_) if !is_item_column(cell, false) => return None,
            _ => {}
        }
        let n = normalise_header(cell);
        let tokens: Vec<String> = cell
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(str::to_lowercase)
            .collect();
        let says = |words: &[&str], whole: &[&str]| {
            words.iter().any(|w| n.contains(w))
                || tokens.iter().any(|t| whole.contains(&t.as_str()))
        };
        if says(NOT_VENDOR_WORDS, &["rs", "tme"]) {
            None
        } else if says(MPN_WORDS, MPN_TOKENS) {
            Some((Column::Mpn, false))
        } else if says(MAKER_WORDS, MAKER_TOKENS) {
            Some((Column::Manufacturer, false))
        } else {
            None
        }
    };
    let roles: Vec<(Column, bool, &'c str)> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .filter_map(|c| role(c).map(|(col, named)| (col, named, c)))
        .collect();
    VENDOR_ROLES
        .into_iter()
        .filter_map(|want| {
            let of = |named: bool| roles.iter().find(|(c, n, _)| *c == want && *n == named);
            of(true)
                .or_else(|| of(false))
                .map(|(c, _, cell)| (*c, *cell))
        })
        .collect()
}

/// The error for explicitly mapped columns that the row on `line` does not name, if any.
fn unmapped_columns(name: &str, opts: &CsvOptions, line: usize, cells: &[String]) -> Option<Error> {
    let missing: Vec<String> = opts
        .columns
        .iter()
        .filter(|(_, h)| {
            !cells
                .iter()
                .any(|c| c.trim().eq_ignore_ascii_case(h.trim()))
        })
        .map(|(col, h)| format!("no column named `{h}` (mapped as {})", col.as_str()))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
    Some(Error::Bom(
        Diagnostic::new(name, missing.join("; "))
            .at(line, 1)
            .help(format!("line {line} has: {}", header_list(&cells))),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cheap test agrees with `classify` wherever it answers.
    fn agrees(cell: &str) {
        let got = header_cell(cell.trim());
        let named = classify(cell).is_some();
        match got {
            HeaderCell::Empty => assert!(cell.trim().is_empty(), "{cell:?}"),
            HeaderCell::Named => assert!(named, "{cell:?} is no column name"),
            HeaderCell::Plain => assert!(!named, "{cell:?} is a column name"),
            HeaderCell::Unsure => {}
        }
    }

    /// `header_score` as it was before cells the cheap test finds plain were skipped: every
    /// cell classified.
    fn score_classifying_every_cell(cells: &[&str], opts: &CsvOptions) -> usize {
        let explicit = explicit_count(cells, opts);
        score_of(cells, cells.iter(), explicit, opts)
    }

    /// Skipping the cells the cheap test finds plain changes no row's score: every pair and
    /// triple of header spellings (as written, upper-cased, numbered, variant, full-width)
    /// and data values.
    #[test]
    fn header_scores_are_those_of_classifying_every_cell() {
        let mut cells: Vec<String> = SYNONYMS
            .iter()
            .flat_map(|(_, names)| names.iter())
            .chain(ITEM_NAMES)
            .chain(ITEM_NUMBERS)
            .flat_map(|n| [n.to_string(), n.to_uppercase(), format!("{n} 2")])
            .collect();
        cells.extend(
            [
                "",
                " ",
                "Texas Instruments",
                "10k",
                "U1",
                "R1, R2",
                "MT41K256M16",
                "#",
                "mfg_product-variant:85F/4G",
                "Ｍａｎｕｆａｃｔｕｒｅｒ",
                "Manufacturer\u{200b}",
                "Qty",
                "1",
                "Value",
                "Comment",
                "Item",
                "Line #",
            ]
            .map(String::from),
        );
        let opts = CsvOptions::default();
        let mapped = CsvOptions {
            columns: vec![(Column::Manufacturer, "Texas Instruments".to_string())],
            ..CsvOptions::default()
        };
        let probes = ["Manufacturer", "MPN", "Qty", "10k", "Item", "Designator"];
        for a in &cells {
            for b in probes {
                for row in [vec![a.as_str(), b], vec![b, a.as_str(), "Supplier"]] {
                    for o in [&opts, &mapped] {
                        assert_eq!(
                            header_score(&row, o),
                            score_classifying_every_cell(&row, o),
                            "{row:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_cheap_header_test_agrees_with_classify() {
        let item_names: &[&str] = ITEM_NAMES;
        let names_and_items = SYNONYMS
            .iter()
            .map(|(_, names)| *names)
            .chain([item_names, ITEM_NUMBERS]);
        for names in names_and_items {
            for n in names {
                for cell in [
                    n.to_string(),
                    n.to_uppercase(),
                    format!("{n}1"),
                    format!(" {n} 2 "),
                    format!("{n}_3"),
                    format!("{n}99999999999999"),
                    format!("x{n}"),
                    format!("{n}s"),
                ] {
                    agrees(&cell);
                }
                let named = if ITEM_NUMBERS.contains(n) {
                    HeaderCell::Plain
                } else {
                    HeaderCell::Named
                };
                assert_eq!(header_cell(n), named, "{n}");
            }
        }
        for cell in [
            "Reference(s)",
            "manf#",
            "Manufacturer Part Number 1",
            "Service Provider",
            "运营商",
            "Ｍａｎｕｆａｃｔｕｒｅｒ",
            "Micron™",
            "mfg_product-variant:85F/4G",
            "Manu\u{200B}facturer",
            "Manu\u{3164}facturer",
            "MANUFACTURER",
            "U1",
            "R12, R13",
            "LM1117",
            "Huawei",
            "10k",
            "RES 10K 1% 0402",
            "电阻",
            "Manufacturer: TI",
            "",
            "   ",
            &"Manufacturer ".repeat(20),
            &format!("Manufacturer{}", "0".repeat(80)),
        ] {
            agrees(cell);
        }
        assert_eq!(header_cell("Ｍａｎｕｆａｃｔｕｒｅｒ"), HeaderCell::Unsure);
        assert_eq!(header_cell("U1"), HeaderCell::Plain);
        assert_eq!(header_cell("Carrier"), HeaderCell::Named);
    }

    #[test]
    fn a_header_row_needs_a_vendor_column_and_mostly_names() {
        let opts = CsvOptions::default();
        assert!(is_header_row(&["Ref", "MPN", "Manufacturer"], &opts));
        assert!(is_header_row(&["Asset tag", "Carrier"], &opts));
        // Names, but no vendor column.
        assert!(!is_header_row(&["Ref", "Qty", "Description"], &opts));
        // A vendor column among data.
        assert!(!is_header_row(
            &["U4", "Mouser", "Supplier", "Digikey", "Manufacturer"],
            &opts
        ));
        // Half of the cells are names: still a header (a header names columns it does not read).
        assert!(is_header_row(
            &["Item", "Ref", "Footprint", "Manufacturer"],
            &opts
        ));
    }

    #[test]
    fn an_item_column_makes_a_header_beside_a_maker_only() {
        let score = |cells: &[&str]| header_score(cells, &CsvOptions::default());
        for header in [
            &["Part", "Vendor"][..],
            &["Name", "Vendor", "Version"],
            &["Item", "Maker"],
            &["Component", "Brand", "Price"],
            &["Part Name", "Manufacturer"],
            &["Name", "Publisher", "Version"],
        ] {
            assert!(score(header) > 0, "{header:?}");
        }
        for not_a_header in [
            &["Name", "Version", "License"][..],
            &["Item", "Price", "Qty"],
            &["Vendor", "Price"],
            &["Name", "Operator", "Shift"],
            &["Name", "Model", "Accuracy"],
            &["Part", "Supplier"],
            // `Company` never makes a header: it is read as the maker only under one.
            &["Company", "Model", "Cost"],
        ] {
            assert_eq!(score(not_a_header), 0, "{not_a_header:?}");
        }
        // Beside a description an item column adds nothing (KiCad's `Item`, ulx3s's `Part`).
        assert_eq!(score(&["Item", "Value", "Mfg"]), score(&["Value", "Mfg"]),);
    }

    #[test]
    fn candidates_for_a_mapping_are_the_files_own_plausible_columns() {
        let guess = |cells: &[&str]| -> Vec<(&'static str, String)> {
            vendor_candidates(cells)
                .into_iter()
                .map(|(c, cell)| (c.as_str(), cell.to_string()))
                .collect()
        };
        let pairs = |p: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
            p.iter().map(|(a, b)| (*a, b.to_string())).collect()
        };
        assert_eq!(
            guess(&["Ref", "Qty", "Maker Name", "Part Code"]),
            pairs(&[("manufacturer", "Maker Name"), ("mpn", "Part Code")])
        );
        // A cell named as a role by its spelling comes before a word in a longer name.
        assert_eq!(
            guess(&["Brand Owner", "Vendor", "Price"]),
            pairs(&[("manufacturer", "Vendor")])
        );
        assert_eq!(
            guess(&["Name", "Operator"]),
            pairs(&[("provider", "Operator")])
        );
        assert_eq!(guess(&["Ref", "Qty", "Part"]), pairs(&[("mpn", "Part")]));
        assert_eq!(
            guess(&["Company", "Model", "Cost"]),
            pairs(&[("manufacturer", "Company"), ("mpn", "Model")])
        );
        // Distributors' codes, links and other roles are never proposed.
        assert!(guess(&["Designator", "Footprint", "Comment", "JLCPCB Part #"]).is_empty());
        assert!(guess(&["Mfr URL", "Digikey Part Number", "Description"]).is_empty());
        assert!(guess(&["Name", "Version", "License"]).is_empty());
    }
}
