//! CSV BOMs as EDA tools, spreadsheets and asset inventories export them.
//!
//! * delimiter `,` `;` or tab, sniffed; quoted fields with newlines; CRLF;
//! * preamble lines before the header (KiCad), found by looking for the header row;
//! * header names in many spellings and languages, or mapped explicitly ([`Column`]);
//! * several manufacturer/part-number column groups on one row (alternates) and product
//!   variant columns;
//! * approved-alternate rows with an empty designator under the row they belong to;
//! * repeated summary sections (a second header row): rows whose designators were all seen
//!   before are skipped and counted, not checked twice.

use std::collections::HashSet;

use super::{BomInfo, Component, Field, SourceKind};
use crate::error::{Diagnostic, Error};

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
}

impl Column {
    /// Parses `designator`, `quantity`, `manufacturer`, `mpn`, `supplier` or `name`.
    pub fn parse(s: &str) -> Option<Column> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "designator" | "ref" | "reference" => Column::Designator,
            "quantity" | "qty" => Column::Quantity,
            "manufacturer" | "mfr" => Column::Manufacturer,
            "mpn" | "part-number" => Column::Mpn,
            "supplier" | "distributor" => Column::Supplier,
            "name" | "description" | "value" => Column::Name,
            _ => return None,
        })
    }

    fn as_str(self) -> &'static str {
        match self {
            Column::Designator => "designator",
            Column::Quantity => "quantity",
            Column::Manufacturer => "manufacturer",
            Column::Mpn => "mpn",
            Column::Supplier => "supplier",
            Column::Name => "name",
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

/// The longest field bomgate accepts (a guard against a whole file in one quoted field).
const MAX_FIELD: usize = 1 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Group {
    Numbered(u32),
    Variant(usize),
}

/// The columns of one source: kind, then manufacturer, part-number and supplier columns.
type SourceColumns = (SourceKind, Vec<usize>, Vec<usize>, Vec<usize>);

#[derive(Debug, Default)]
struct Layout {
    designator: Vec<usize>,
    quantity: Vec<usize>,
    name: Vec<usize>,
    /// Sources: (kind, manufacturer columns, mpn columns, supplier columns).
    sources: Vec<SourceColumns>,
}

impl Layout {
    /// Every column a role reads, sorted.
    fn columns(&self) -> Vec<usize> {
        let mut c: Vec<usize> = self
            .designator
            .iter()
            .chain(&self.quantity)
            .chain(&self.name)
            .copied()
            .collect();
        for (_, m, p, s) in &self.sources {
            c.extend(m.iter().chain(p).chain(s));
        }
        c.sort_unstable();
        c.dedup();
        c
    }
}

fn normalise_header(h: &str) -> String {
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
fn priority(header: &str) -> usize {
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

/// Builds the layout from a header row and explicit mappings.
fn layout(
    name: &str,
    header: &[&str],
    header_line: usize,
    opts: &CsvOptions,
) -> Result<(Layout, Vec<String>), Error> {
    let mut cols: Vec<(Column, Option<Group>, usize)> = Vec::new();
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
    // Explicit mappings replace what was detected for their role.
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
    // Within a role, the most specific header first (a stable sort keeps the file's order).
    cols.sort_by_key(|(_, _, i)| header.get(*i).map_or(usize::MAX, |h| priority(h)));
    let mut lay = Layout::default();
    let pick = |c: Column, cols: &[(Column, Option<Group>, usize)]| -> Vec<usize> {
        cols.iter()
            .filter(|(k, _, _)| *k == c)
            .map(|(_, _, i)| *i)
            .collect()
    };
    lay.designator = pick(Column::Designator, &cols);
    lay.quantity = pick(Column::Quantity, &cols);
    lay.name = pick(Column::Name, &cols);

    // Pair the k-th manufacturer group with the k-th part-number and supplier group.
    let groups = |c: Column| -> Vec<(Option<Group>, Vec<usize>)> {
        let mut g: Vec<(Option<Group>, Vec<usize>)> = Vec::new();
        for (k, grp, i) in &cols {
            if *k != c || matches!(grp, Some(Group::Variant(_))) {
                continue;
            }
            match g.iter_mut().find(|(x, _)| x == grp) {
                Some((_, v)) => v.push(*i),
                None => g.push((*grp, vec![*i])),
            }
        }
        g.sort_by_key(|(grp, _)| *grp);
        g.into_iter().collect()
    };
    let (m, p, s) = (
        groups(Column::Manufacturer),
        groups(Column::Mpn),
        groups(Column::Supplier),
    );
    let n = m.len().max(p.len()).max(s.len());
    for k in 0..n {
        let kind = if k == 0 {
            SourceKind::Primary
        } else {
            SourceKind::Alternate
        };
        let get = |g: &[(Option<Group>, Vec<usize>)]| {
            g.get(k).map(|(_, v)| v.clone()).unwrap_or_default()
        };
        lay.sources.push((kind, get(&m), get(&p), get(&s)));
    }
    for (vi, label) in variants.iter().enumerate() {
        let of = |c: Column| -> Vec<usize> {
            cols.iter()
                .filter(|(k, g, _)| *k == c && *g == Some(Group::Variant(vi)))
                .map(|(_, _, i)| *i)
                .collect()
        };
        lay.sources.push((
            SourceKind::Variant(label.clone()),
            of(Column::Manufacturer),
            of(Column::Mpn),
            of(Column::Supplier),
        ));
    }
    let mut notes = Vec::new();
    let named = |idx: &[usize]| -> String {
        idx.iter()
            .filter_map(|i| header.get(*i))
            .map(|h| format!("`{}`", h.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let all_m: Vec<usize> = pick(Column::Manufacturer, &cols);
    let all_p: Vec<usize> = pick(Column::Mpn, &cols);
    let all_s: Vec<usize> = pick(Column::Supplier, &cols);
    notes.push(format!(
        "columns: designator {}; manufacturer {}; part number {}; supplier {}",
        or_none(&named(&lay.designator)),
        or_none(&named(&all_m)),
        or_none(&named(&all_p)),
        or_none(&named(&all_s)),
    ));
    if all_m.is_empty() && all_s.is_empty() && all_p.is_empty() {
        return Err(Error::Bom(
            Diagnostic::new(
                name,
                "no manufacturer, part-number or supplier column: nothing to check",
            )
            .at(header_line, 1)
            .help(format!(
                "the header has: {}; map a column with e.g. `--column manufacturer=\"{}\"`",
                header_list(header),
                header.first().map_or("Vendor", |h| h.trim())
            )),
        ));
    }
    if all_m.is_empty() {
        notes.push(
            "no manufacturer column: parts are matched by part-number family and supplier only"
                .into(),
        );
    }
    Ok((lay, notes))
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "none" } else { s }
}

fn header_list(header: &[&str]) -> String {
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
    let mut rdr = ::csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rec = ::csv::ByteRecord::new();
    let mut info = BomInfo {
        file: name.to_string(),
        ..BomInfo::default()
    };
    if delim != b',' {
        info.notes.push(format!(
            "delimiter: {}",
            match delim {
                b';' => "semicolon",
                b'\t' => "tab",
                _ => "'|'",
            }
        ));
    }

    // Find the header row: among the first records, the one that names the most specific
    // vendor columns (a preamble such as `Part Number,Description` must not win over the
    // real header below it). The records read are kept and replayed after the header.
    let mut lines = Lines::new(text);
    let mut buffered: Vec<(::csv::ByteRecord, usize)> = Vec::new();
    let mut best: Option<(usize, usize)> = None; // (score, index in buffered)
    let mut first_row: Option<Vec<String>> = None;
    while buffered.len() < HEADER_SEARCH {
        if !next(name, &mut rdr, &mut rec)? {
            break;
        }
        let line = lines.of(&rec);
        buffered.push((rec.clone(), line));
        let cells: Vec<&str> = (0..rec.len()).map(|i| field(&rec, i)).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if first_row.is_none() {
            first_row = Some(cells.iter().map(|c| (*c).to_string()).collect());
        }
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
        let score = if explicit > 0 && explicit == opts.columns.len() {
            1000 + kinds.len()
        } else if vendorish && kinds.len() >= 2 {
            8 * has(Column::Manufacturer)
                + 4 * has(Column::Mpn)
                + 2 * has(Column::Supplier)
                + 2 * has(Column::Designator)
                + kinds.len()
        } else {
            0
        };
        if score > 0 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, buffered.len() - 1));
        }
    }
    let searched = buffered.len();
    let header: Option<(Vec<String>, usize)> = best.and_then(|(_, i)| {
        let (r, line) = buffered.get(i)?;
        Some((
            (0..r.len()).map(|k| field(r, k).to_string()).collect(),
            *line,
        ))
    });
    let header_offset = best
        .and_then(|(_, i)| buffered.get(i))
        .and_then(|(r, _)| r.position())
        .map_or(0, |p| p.byte() as usize);
    let skipped_before = best.map_or(0, |(_, i)| {
        buffered
            .iter()
            .take(i)
            .filter(|(r, _)| (0..r.len()).any(|k| !field(r, k).trim().is_empty()))
            .count()
    });
    let mut replay: std::collections::VecDeque<(::csv::ByteRecord, usize)> = match best {
        Some((_, i)) => buffered.into_iter().skip(i + 1).collect(),
        None => Default::default(),
    };
    let Some((header, header_line)) = header else {
        if let Some(first) = &first_row {
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
            if !missing.is_empty() {
                let cells: Vec<&str> = first.iter().map(String::as_str).collect();
                return Err(Error::Bom(
                    Diagnostic::new(name, missing.join("; "))
                        .at(1, 1)
                        .help(format!("the first row has: {}", header_list(&cells))),
                ));
            }
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
        return Err(Error::Bom(d.help(format!(
            "the first row has: {seen}; name the columns with e.g. `--column manufacturer=\"Hersteller\" --column mpn=\"Teilenummer\"`"
        ))));
    };
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let (lay, notes) = layout(name, &header_refs, header_line, opts)?;
    info.notes.extend(notes);
    if skipped_before > 0 {
        info.notes.push(format!(
            "{skipped_before} row{} before the header on line {header_line} skipped as preamble",
            if skipped_before == 1 { "" } else { "s" }
        ));
    }
    let header_norm: Vec<String> = header.iter().map(|h| normalise_header(h)).collect();

    // Summary sections start with a repeated header row. Only a file that repeats its header
    // line needs the designators of its first section remembered.
    // (A record's position may point at the blank lines before it.)
    let header_text = text
        .get(header_offset..)
        .and_then(|t| t.trim_start().lines().next())
        .map(str::trim)
        .unwrap_or("");
    let track_refs = !header_text.is_empty()
        && text.get(header_offset..).is_some_and(|rest| {
            rest.find(header_text)
                .and_then(|at| rest.get(at + header_text.len()..))
                .is_some_and(|after| after.contains(header_text))
        });
    // Designator → what the first section says about it, to tell a repeat from a new part.
    let mut seen_refs: crate::hash::FxHashMap<String, String> = Default::default();
    let mut section = 1;
    let mut current = Component::new();
    let mut have_current = false;
    let mut skipping = false;
    let mut rows = 0usize;
    let mut filled: Vec<usize> = Vec::with_capacity(lay.sources.len());
    let mapped = lay.columns();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut last_start = header_offset;
    let mut metadata_rows = 0usize;
    let first_header = header.first().map_or("", |h| h.trim());
    loop {
        let line = if let Some((r, l)) = replay.pop_front() {
            rec = r;
            l
        } else {
            if !next(name, &mut rdr, &mut rec)? {
                break;
            }
            lines.of(&rec)
        };
        last_start = rec.position().map_or(last_start, |p| p.byte() as usize);
        // A repeated header starts a summary section.
        if field(&rec, 0).trim().eq_ignore_ascii_case(first_header)
            && (0..rec.len().min(header_norm.len())).all(|i| {
                header_norm
                    .get(i)
                    .is_some_and(|h| normalise_header(field(&rec, i)) == *h)
            })
        {
            section += 1;
            continue;
        }
        let row = Row::new(&rec, &mapped, &mut spans);
        let reference = row.first(&lay.designator);
        let qty_text = row.first(&lay.quantity);
        let name_text = row.first(&lay.name);
        filled.clear();
        for (k, (_, m, p, s)) in lay.sources.iter().enumerate() {
            if !(row.first(m).is_empty() && row.first(p).is_empty() && row.first(s).is_empty()) {
                filled.push(k);
            }
        }
        let any_source = !filled.is_empty();
        if reference.is_empty() && qty_text.is_empty() && name_text.is_empty() && !any_source {
            continue; // blank or section-title row
        }
        if !any_source && is_metadata_row(&rec) {
            metadata_rows += 1;
            continue;
        }
        // An approved-alternate row: no designator, no quantity, under a component.
        let continuation = !lay.designator.is_empty()
            && reference.is_empty()
            && qty_text.is_empty()
            && any_source
            && (have_current || skipping);
        if continuation && skipping {
            continue; // an alternate of a repeated row
        }
        if !continuation {
            if have_current {
                rows += 1;
                sink(&current);
            }
            current.clear();
            have_current = false;
            skipping = false;
            // Summary sections repeat earlier rows: skip a row whose designators were all seen
            // with the same parts; a row that says something new is checked.
            if track_refs {
                let refs = super::split_refs(reference);
                let content = row_content(&row, &lay, &filled);
                if section > 1
                    && !refs.is_empty()
                    && refs.iter().all(|r| seen_refs.get(*r) == Some(&content))
                {
                    info.duplicates_skipped += 1;
                    skipping = true;
                    continue;
                }
                if section == 1 {
                    for r in &refs {
                        seen_refs.insert((*r).to_string(), content.clone());
                    }
                }
            }
            current.set_reference(reference);
            current.set_name(name_text);
            current.set_quantity_text(qty_text);
            current.location.line = Some(line);
            have_current = true;
        }
        for k in &filled {
            if let Some((kind, m, p, s)) = lay.sources.get(*k) {
                let kind = if continuation {
                    SourceKind::Alternate
                } else {
                    kind.clone()
                };
                let maker = row.first_maker(m);
                current.push_source(kind, maker, row.first(p), row.first(s), Some(line));
                // Other columns of the same role (`Vendor` beside `Manufacturer`, `Part
                // Number` beside `Manufacturer Part Number`) are screened too.
                for (cols, field, primary) in [
                    (m, Field::Manufacturer, maker),
                    (p, Field::Mpn, row.first(p)),
                    (s, Field::Supplier, row.first(s)),
                ] {
                    if cols.len() > 1 {
                        for v in row.all(cols).filter(|v| *v != primary) {
                            current.push_field(field, v);
                        }
                    }
                }
            }
        }
    }
    if have_current {
        rows += 1;
        sink(&current);
    }
    if let Some(tail) = text.as_bytes().get(last_start..)
        && unterminated_quote(tail, delim)
    {
        let line = text
            .get(..last_start)
            .map_or(0, |t| t.matches('\n').count())
            + 1;
        return Err(Error::Bom(
            Diagnostic::new(
                name,
                "unterminated quoted field: the file ends inside quotes",
            )
            .at(line, 1)
            .help(
                "close the quote that opens on this line; the rest of the file was swallowed by it",
            ),
        ));
    }
    if rows == 0 {
        return Err(Error::Bom(
            Diagnostic::new(name, "the header row is not followed by any component")
                .at(header_line, 1)
                .help("export the BOM again with its parts"),
        ));
    }
    if metadata_rows > 0 {
        info.notes.push(format!(
            "{metadata_rows} metadata row{} (`Label:,value`) skipped",
            if metadata_rows == 1 { "" } else { "s" }
        ));
    }
    info.components = rows;
    Ok(info)
}

/// A `Label:,value` row of an exporter's preamble or footer (`Component Count:,196`): at most
/// two cells, the first ending in a colon.
fn is_metadata_row(rec: &::csv::ByteRecord) -> bool {
    let mut cells = (0..rec.len())
        .map(|i| field(rec, i).trim())
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
    fn new(
        rec: &'r ::csv::ByteRecord,
        mapped: &[usize],
        spans: &'r mut Vec<(usize, usize)>,
    ) -> Row<'r> {
        // Fields split on ASCII bytes of UTF-8 text, so the record is UTF-8 as a whole.
        let text = std::str::from_utf8(rec.as_slice()).unwrap_or("");
        spans.clear();
        spans.resize(mapped.last().map_or(0, |m| m + 1), (0, 0));
        for &col in mapped {
            let Some(r) = rec.range(col) else { continue };
            let Some(cell) = text.get(r.clone()) else {
                continue;
            };
            let trimmed = super::fast_trim(cell);
            let lead = trimmed.as_ptr() as usize - cell.as_ptr() as usize;
            if let Some(slot) = spans.get_mut(col) {
                *slot = (r.start + lead, r.start + lead + trimmed.len());
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

    /// The first manufacturer cell that is not a placeholder such as `Generic` (when a row has
    /// several manufacturer columns), else the first non-empty one.
    fn first_maker(&self, idx: &[usize]) -> &'r str {
        if idx.len() > 1
            && let Some(v) = self.all(idx).find(|v| !crate::normalize::is_placeholder(v))
        {
            return v;
        }
        self.first(idx)
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

/// What a row says about its parts, to recognise the same row in a summary section.
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
    out
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

/// Line numbers of records, counted from their byte offsets: the csv crate's own count is
/// one short per CRLF line ending.
struct Lines<'t> {
    text: &'t [u8],
    pos: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        Lines {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The 1-based line a record starts on. Records come in order.
    fn of(&mut self, rec: &::csv::ByteRecord) -> usize {
        let mut b = rec.position().map_or(self.pos, |p| p.byte() as usize);
        // A record's position may point at the line ends of blank lines before it.
        while matches!(self.text.get(b), Some(b'\r' | b'\n')) {
            b += 1;
        }
        if b > self.pos {
            self.line += count_newlines(self.text.get(self.pos..b).unwrap_or_default());
            self.pos = b;
        }
        self.line
    }
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

fn line_of(rec: &::csv::ByteRecord) -> usize {
    rec.position().map_or(0, |p| p.line() as usize)
}

fn field(rec: &::csv::ByteRecord, i: usize) -> &str {
    // The text was decoded to UTF-8 before parsing, and fields split on ASCII bytes.
    rec.get(i)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("")
}

fn next(
    name: &str,
    rdr: &mut ::csv::Reader<&[u8]>,
    rec: &mut ::csv::ByteRecord,
) -> Result<bool, Error> {
    match rdr.read_byte_record(rec) {
        Ok(more) => {
            if more && rec.as_slice().len() > MAX_FIELD {
                let line = line_of(rec);
                return Err(Error::Bom(
                    Diagnostic::new(name, format!(
                        "a record of {} bytes: longer than any BOM line (limit {MAX_FIELD} bytes); an unterminated quote?",
                        rec.as_slice().len()
                    ))
                    .at(line, 1)
                    .help("check the quotes on this line; a field that opens a quote must close it"),
                ));
            }
            Ok(more)
        }
        Err(e) => {
            let line = e.position().map_or(0, |p| p.line() as usize);
            Err(Error::Bom(
                Diagnostic::new(name, format!("unreadable CSV: {e}"))
                    .at(line.max(1), 1)
                    .help("export the BOM again"),
            ))
        }
    }
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
