//! BOMs and their components, whatever format they came in.
//!
//! A [`Component`] is one BOM line (or one SBOM component): its designators, and one or more
//! [`Source`]s — the manufacturer, part number and supplier of the primary part, of approved
//! alternates and of product variants. The model also holds what SBOM formats bring: other
//! parties (publisher, author, originator), identifiers (purl, CPE, FCC ID) and nesting.
//!
//! Components keep their text in one buffer, so that a reader can refill one component per
//! line without allocating: a million-line BOM streams through [`read_path`] in constant memory.

mod chunked;
mod csv;
mod cyclonedx;
pub(crate) mod digest;
#[cfg(feature = "threads")]
mod handover;
mod jsonpos;
mod jsonstream;
mod spdx;
mod toml;
mod windowed;
mod xlsx;

use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error};

pub(crate) use self::csv::check_closed_quotes;
pub use self::csv::{Column, CsvOptions};
pub use crate::ident::purl_namespace;

/// The formats bomgate reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum BomFormat {
    /// Comma, semicolon or tab separated values from an EDA tool or a spreadsheet.
    Csv,
    /// bomgate's own TOML format (see `examples/boms/*.toml`).
    Toml,
    /// CycloneDX 1.2–1.7 JSON.
    #[serde(rename = "cyclonedx-json")]
    CycloneDxJson,
    /// CycloneDX 1.2–1.7 XML.
    #[serde(rename = "cyclonedx-xml")]
    CycloneDxXml,
    /// SPDX 2.2/2.3 JSON.
    #[serde(rename = "spdx-json")]
    SpdxJson,
    /// SPDX 2.x tag-value.
    #[serde(rename = "spdx-tag-value")]
    SpdxTagValue,
    /// SPDX 3.0 JSON-LD.
    #[serde(rename = "spdx3-json-ld")]
    Spdx3JsonLd,
    /// A workbook: Excel (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`) or OpenDocument (`.ods`). Every
    /// sheet with a BOM header is read as a CSV BOM would be.
    Xlsx,
}

impl BomFormat {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            BomFormat::Csv => "csv",
            BomFormat::Toml => "toml",
            BomFormat::CycloneDxJson => "cyclonedx-json",
            BomFormat::CycloneDxXml => "cyclonedx-xml",
            BomFormat::SpdxJson => "spdx-json",
            BomFormat::SpdxTagValue => "spdx-tag-value",
            BomFormat::Spdx3JsonLd => "spdx3-json-ld",
            BomFormat::Xlsx => "xlsx",
        }
    }
}

/// Which field of a component a value comes from: the field a finding cites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    /// Who made the part.
    Manufacturer,
    /// Manufacturer part number.
    Mpn,
    /// Who sold or distributed it (may be a distributor, not the maker).
    Supplier,
    /// Who published it (software).
    Publisher,
    /// Who wrote it.
    Author,
    /// Where it originated (SPDX).
    Originator,
    /// A CPE name.
    Cpe,
    /// A package URL.
    Purl,
    /// An FCC ID (grantee code + product code).
    FccId,
    /// Who provides a service (a carrier, a cloud operator): the maker of a service.
    Provider,
    /// Where it was produced (country of production).
    Origin,
}

impl Field {
    /// Lower-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Manufacturer => "manufacturer",
            Field::Mpn => "mpn",
            Field::Supplier => "supplier",
            Field::Publisher => "publisher",
            Field::Author => "author",
            Field::Originator => "originator",
            Field::Cpe => "cpe",
            Field::Purl => "purl",
            Field::FccId => "fcc-id",
            Field::Provider => "provider",
            Field::Origin => "origin",
        }
    }
}

/// Whether a source is the part itself, an approved alternate, or a product variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// The primary part.
    Primary,
    /// An approved alternate (another column group, or a continuation row).
    Alternate,
    /// The part fitted in a named product variant.
    Variant(String),
}

/// One source of a component, as string views into the component's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source<'a> {
    /// Primary, alternate or variant.
    pub kind: &'a SourceKind,
    /// Manufacturer name, empty when absent.
    pub manufacturer: &'a str,
    /// Manufacturer part number, empty when absent.
    pub mpn: &'a str,
    /// Supplier or distributor, empty when absent.
    pub supplier: &'a str,
    /// The BOM line this source is on.
    pub line: Option<usize>,
}

#[derive(Clone, Debug)]
struct SourceSlot {
    kind: SourceKind,
    manufacturer: Range<u32>,
    mpn: Range<u32>,
    supplier: Range<u32>,
    line: Option<usize>,
}

/// What kind of thing a component is, as far as its BOM says. Whether a rule about
/// *equipment* covers a software package by a listed maker is a rule question: a rule may
/// restrict the kinds it covers (`kinds` in its rule file), and a match on another kind, or on
/// an unknown one, is then for a person to review.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The BOM does not say.
    #[default]
    Unknown,
    /// An electronic component on a board (a BOM row with a designator, a CycloneDX `device`
    /// inside a product).
    Part,
    /// A device or system (the product a CycloneDX BOM describes, a CPE `h` name, an SPDX
    /// package for a device).
    Equipment,
    /// A radio or compute module inside a device (an LTE module, a system on module).
    Module,
    /// Software or firmware (CycloneDX application, library, firmware…; CPE `a` and `o`
    /// names; SPDX packages for applications, libraries, firmware…).
    Software,
    /// A service (a carrier, a cloud service).
    Service,
}

impl Kind {
    /// Every kind but `Unknown`, as rule files name them.
    pub const NAMED: [Kind; 5] = [
        Kind::Part,
        Kind::Equipment,
        Kind::Module,
        Kind::Software,
        Kind::Service,
    ];

    /// The kebab-case name: `part`, `equipment`, `module`, `software`, `service`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Unknown => "unknown",
            Kind::Part => "part",
            Kind::Equipment => "equipment",
            Kind::Module => "module",
            Kind::Software => "software",
            Kind::Service => "service",
        }
    }

    /// The kind a name stands for.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::NAMED.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the BOM said nothing.
    pub fn is_unknown(&self) -> bool {
        *self == Kind::Unknown
    }

    /// The kind a CPE name's part says: `h` hardware (equipment), `o` and `a` software.
    pub fn of_cpe(cpe: &str) -> Kind {
        let lower = cpe.trim().to_ascii_lowercase();
        let part = lower
            .strip_prefix("cpe:2.3:")
            .or_else(|| lower.strip_prefix("cpe:/"))
            .and_then(|r| r.chars().next());
        match part {
            Some('h') => Kind::Equipment,
            Some('o' | 'a') => Kind::Software,
            _ => Kind::Unknown,
        }
    }

    /// The kind a description or category names, for words that leave no doubt: a module
    /// (`LTE module`, `Wi-Fi module`, `system on module`) or equipment (`IP camera`, `NVR`,
    /// `router`). `Unknown` otherwise: most descriptions name a part's function.
    pub fn of_description(text: &str) -> Kind {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let has = |w: &str| words.contains(&w);
        if has("module")
            || has("som")
            || lower.contains("system on module")
            || lower.contains("模组")
            || lower.contains("模块")
        {
            Kind::Module
        } else if has("nvr")
            || has("dvr")
            || has("router")
            || lower.contains("ip camera")
            || lower.contains("network camera")
            || lower.contains("base station")
            || lower.contains("access point")
        {
            Kind::Equipment
        } else {
            Kind::Unknown
        }
    }
}

/// The product classes a component may belong to, for country-of-production rules.
pub const PRODUCT_CLASSES: &[&str] = &[
    "uas",
    "uas-critical-component",
    "consumer-router",
    "power-inverter",
    "robotic-device",
];

/// Where a component is in its BOM file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// 1-based line of the component (the first line of a multi-line record).
    pub line: Option<usize>,
    /// A stable path inside structured BOMs (bom-ref, JSON pointer, SPDX id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The sheet of a workbook the component is on (`line` is then its row).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

/// One component (BOM line).
#[derive(Clone, Debug, Default)]
pub struct Component {
    text: String,
    reference: Range<u32>,
    name: Range<u32>,
    quantity: Range<u32>,
    sources: Vec<SourceSlot>,
    extra: Vec<(Field, Range<u32>)>,
    /// Where it is.
    pub location: Location,
    /// Index of the component it is nested in, for hierarchical BOMs.
    pub parent: Option<usize>,
    /// What kind of thing it is, as the BOM says.
    pub kind: Kind,
    /// Its country of production (ISO 3166-1 alpha-2), when the BOM says.
    pub origin: Option<String>,
    /// Its product class (`uas`, `consumer-router`…), when the BOM says.
    pub class: Option<String>,
    /// Exceptions the BOM declares for it (`blue-uas`).
    pub exceptions: Vec<String>,
}

impl Component {
    /// An empty component.
    pub fn new() -> Component {
        Component::default()
    }

    /// Empties the component, keeping its buffers for reuse.
    pub fn clear(&mut self) {
        self.text.clear();
        self.reference = 0..0;
        self.name = 0..0;
        self.quantity = 0..0;
        self.sources.clear();
        self.extra.clear();
        self.location = Location::default();
        self.parent = None;
        self.kind = Kind::Unknown;
        self.origin = None;
        self.class = None;
        self.exceptions.clear();
    }

    /// Makes this component a copy of `other`, reusing its buffers.
    pub fn copy_from(&mut self, other: &Component) {
        // Named field by field, so that a new field cannot be forgotten here.
        let Component {
            text,
            reference,
            name,
            quantity,
            sources,
            extra,
            location: Location { line, path, sheet },
            parent,
            kind,
            origin,
            class,
            exceptions,
        } = other;
        self.text.clone_from(text);
        self.reference.clone_from(reference);
        self.name.clone_from(name);
        self.quantity.clone_from(quantity);
        self.sources.clone_from(sources);
        self.extra.clone_from(extra);
        self.location.line = *line;
        self.location.path.clone_from(path);
        self.location.sheet.clone_from(sheet);
        self.parent = *parent;
        self.kind.clone_from(kind);
        self.origin.clone_from(origin);
        self.class.clone_from(class);
        self.exceptions.clone_from(exceptions);
    }

    fn push_text(&mut self, s: &str) -> Range<u32> {
        let s = fast_trim(s);
        let start = self.text.len();
        self.text.push_str(s);
        // A component's text is one BOM row: far below 4 GiB (rows are capped by readers).
        let end = self.text.len();
        (u32::try_from(start).unwrap_or(u32::MAX))..(u32::try_from(end).unwrap_or(u32::MAX))
    }

    fn get(&self, r: &Range<u32>) -> &str {
        self.text
            .get(r.start as usize..r.end as usize)
            .unwrap_or("")
    }

    /// Sets the designator text as written (`U11, U12`).
    pub fn set_reference(&mut self, s: &str) {
        self.reference = self.push_text(s);
    }

    /// Sets the name (value, comment, description or package name).
    pub fn set_name(&mut self, s: &str) {
        self.name = self.push_text(s);
    }

    /// Sets the quantity.
    pub fn set_quantity(&mut self, q: Option<f64>) {
        match q {
            Some(q) => self.set_quantity_text(&q.to_string()),
            None => self.quantity = 0..0,
        }
    }

    /// Sets the quantity as written (`2`, `0,5`); parsed when asked for.
    pub fn set_quantity_text(&mut self, s: &str) {
        self.quantity = self.push_text(s);
    }

    /// Adds a source; empty strings mean absent.
    pub fn push_source(
        &mut self,
        kind: SourceKind,
        manufacturer: &str,
        mpn: &str,
        supplier: &str,
        line: Option<usize>,
    ) {
        let manufacturer = self.push_text(manufacturer);
        let mpn = self.push_text(mpn);
        let supplier = self.push_text(supplier);
        self.sources.push(SourceSlot {
            kind,
            manufacturer,
            mpn,
            supplier,
            line,
        });
    }

    /// Adds another party or identifier (publisher, author, CPE, purl, FCC ID…).
    pub fn push_field(&mut self, field: Field, value: &str) {
        let r = self.push_text(value);
        if !r.is_empty() {
            self.extra.push((field, r));
        }
    }

    /// The designator text as written, e.g. `U11, U12`; empty when absent.
    pub fn reference(&self) -> &str {
        self.get(&self.reference)
    }

    /// The designators, split: `U11, U12` gives `U11` and `U12`.
    pub fn refs(&self) -> Vec<&str> {
        split_refs(self.reference())
    }

    /// The name (value, description or package name); empty when absent.
    pub fn name(&self) -> &str {
        self.get(&self.name)
    }

    /// The quantity, when the BOM gives one as a number.
    pub fn quantity(&self) -> Option<f64> {
        let s = self.get(&self.quantity);
        if s.is_empty() {
            return None;
        }
        let q = if s.contains(',') {
            s.replace(',', ".").parse::<f64>().ok()
        } else {
            s.parse::<f64>().ok()
        };
        q.filter(|q| q.is_finite())
    }

    /// The sources, primary first.
    pub fn sources(&self) -> impl Iterator<Item = Source<'_>> {
        self.sources.iter().map(|s| Source {
            kind: &s.kind,
            manufacturer: self.get(&s.manufacturer),
            mpn: self.get(&s.mpn),
            supplier: self.get(&s.supplier),
            line: s.line,
        })
    }

    /// Other parties and identifiers.
    pub fn fields(&self) -> impl Iterator<Item = (Field, &str)> {
        self.extra.iter().map(|(f, r)| (*f, self.get(r)))
    }

    /// Does the component carry anything to screen: a manufacturer, supplier, part number,
    /// party or identifier? A package URL counts only with a namespace (`pkg:npm/left-pad`
    /// names no vendor; `pkg:maven/com.kaspersky/av` does).
    pub fn is_screenable(&self) -> bool {
        self.class.is_some()
            || self
                .extra
                .iter()
                .any(|(f, r)| *f != Field::Purl || purl_namespace(self.get(r)).is_some())
            || self
                .sources
                .iter()
                .any(|s| !s.manufacturer.is_empty() || !s.mpn.is_empty() || !s.supplier.is_empty())
    }

    /// The number of sources.
    pub fn source_count(&self) -> usize {
        self.sources.len()
    }

    /// Does the component hold no data at all?
    pub fn is_empty(&self) -> bool {
        self.reference.is_empty()
            && self.name.is_empty()
            && self.quantity.is_empty()
            && !self.is_screenable()
    }
}

/// `str::trim` with a shortcut for the usual cell that has no space at either end.
pub(crate) fn fast_trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b)) if *a > b' ' && *a < 0x80 && *b > b' ' && *b < 0x80 => s,
        _ => s.trim(),
    }
}

/// Splits a designator list on commas, semicolons and spaces outside parentheses.
pub fn split_refs(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '（' | '[' => depth += 1,
            ')' | '）' | ']' => depth -= 1,
            ',' | ';' | '，' | '、' | ' ' | '\t' | '\n' | '\r' if depth <= 0 => {
                if let Some(part) = s.get(start..i) {
                    let part = part.trim();
                    if !part.is_empty() {
                        out.push(part);
                    }
                }
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    if let Some(part) = s.get(start..) {
        let part = part.trim();
        if !part.is_empty() {
            out.push(part);
        }
    }
    out
}

/// Facts about a BOM read, for the report.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BomInfo {
    /// The file name as given.
    pub file: String,
    /// Its format.
    pub format: Option<BomFormat>,
    /// Components read.
    pub components: usize,
    /// Rows that repeat earlier components (summary sections) and were not counted again.
    pub duplicates_skipped: usize,
    /// The sheets of a workbook that were screened, in workbook order; empty for other formats.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<String>,
    /// What the reader noticed: encoding, columns used, columns missing.
    pub notes: Vec<String>,
    /// What the reader noticed that may hide a banned vendor (a parts list with no
    /// manufacturer column): the report lists them among its warnings, with the file's name.
    #[serde(skip)]
    pub warnings: Vec<String>,
    /// SHA-256 of the file's bytes, for the run record.
    pub sha256: String,
}

/// A BOM held in memory.
#[derive(Clone, Debug, Default)]
pub struct Bom {
    /// Facts about the read.
    pub info: BomInfo,
    /// The components, in file order.
    pub components: Vec<Component>,
}

/// How to read a BOM.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Force a format instead of detecting it.
    pub format: Option<BomFormat>,
    /// CSV column mapping and reading options.
    pub csv: CsvOptions,
}

impl Bom {
    /// Reads a BOM file, detecting its format.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if the file cannot be read; [`Error::Bom`] (with file, line and column) or
    /// [`Error::NoVendorColumn`] if it is not a BOM bomgate can read: unknown format, unknown
    /// column layout, unknown key, invalid text.
    pub fn from_path(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<Bom, Error> {
        let path = path.as_ref();
        let bytes = read_file(path)?;
        Bom::from_bytes(&path.display().to_string(), &bytes, opts)
    }

    /// Reads a BOM from a reader; `name` is used in messages and reports.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if reading fails; otherwise as [`Bom::from_bytes`].
    pub fn from_reader(
        name: &str,
        mut reader: impl std::io::Read,
        opts: &ReadOptions,
    ) -> Result<Bom, Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(|source| Error::Io {
            path: name.into(),
            source,
        })?;
        Bom::from_bytes(name, &bytes, opts)
    }

    /// Reads a BOM from bytes; `name` is used in messages and reports.
    ///
    /// # Errors
    ///
    /// [`Error::Bom`] (with file, line and column) or [`Error::NoVendorColumn`] if the bytes
    /// are not a BOM bomgate can read: unknown format, unknown column layout, unknown key,
    /// invalid text.
    pub fn from_bytes(name: &str, bytes: &[u8], opts: &ReadOptions) -> Result<Bom, Error> {
        let mut components = Vec::new();
        let info = read_bytes(name, bytes, opts, &mut |c: &Component| {
            components.push(c.clone());
        })?;
        Ok(Bom { info, components })
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Streams the components of a BOM file to `sink`, one at a time (the component is reused
/// between calls: clone it to keep it). Returns facts about the read.
///
/// # Errors
///
/// [`Error::Io`] if the file cannot be read; otherwise as [`read_bytes`].
pub fn read_path(
    path: impl AsRef<Path>,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    let path = path.as_ref();
    read_file_as(&path.display().to_string(), path, opts, sink)
}

/// Bytes read first from a file, to tell whether it can be read in chunks.
const HEAD: u64 = 64 * 1024;

/// [`read_path`], with `name` for the file in messages and reports. CycloneDX JSON is read in
/// chunks, so that memory does not grow with the file; other formats are read whole.
pub(crate) fn read_file_as(
    name: &str,
    path: &Path,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    use std::io::Read;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    (&mut file).take(HEAD).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 == HEAD && chunked_cyclonedx(name, &bytes, opts.format) {
        return match chunked::read(name, &mut file, bytes, sink) {
            chunked::Read::Done(info) => info,
            chunked::Read::Again { sent } => {
                read_whole_again(name, path, &mut file, opts, sent, sink)
            }
        };
    }
    let big = file.metadata().is_ok_and(|m| m.len() >= windowed::FROM);
    if big && windowed::applies(name, &bytes, opts.format) {
        return match windowed::read(name, path, &file, opts, sink) {
            windowed::Read::Done(info) => info,
            windowed::Read::Whole { sent, stamp } => {
                let info = read_whole_again(name, path, &mut file, opts, sent, sink)?;
                // The components skipped are those of the file first read.
                stamp.check(name, &file).map(|()| info)
            }
        };
    }
    file.read_to_end(&mut bytes).map_err(io)?;
    read_bytes(name, &bytes, opts, sink)
}

/// Reads `file` again, whole, as [`read_bytes`] does; the first `sent` components, which a
/// read in chunks already sent to `sink`, are not sent again.
fn read_whole_again(
    name: &str,
    path: &Path,
    file: &mut std::fs::File,
    opts: &ReadOptions,
    sent: usize,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    use std::io::{Read, Seek};
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    file.rewind().map_err(io)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(io)?;
    let mut seen = 0usize;
    read_bytes(name, &bytes, opts, &mut |c| {
        if seen < sent {
            seen += 1;
        } else {
            sink(c);
        }
    })
}

/// Is a file that starts with `head` CycloneDX JSON by what [`read_bytes`] would decide: not a
/// workbook, UTF-8, a JSON object whose first deciding top-level key is CycloneDX's (or the
/// format forced)? Anything the head cannot settle is read whole.
fn chunked_cyclonedx(name: &str, head: &[u8], forced: Option<BomFormat>) -> bool {
    let Some(text) = head_text(name, head) else {
        return false;
    };
    match forced {
        Some(f) => f == BomFormat::CycloneDxJson,
        None => {
            let t = text.trim_start();
            t.starts_with('{') && top_level_format(t) == Some(BomFormat::CycloneDxJson)
        }
    }
}

/// The text the first bytes of a file start with, for deciding how to read it: the longest
/// UTF-8 start, without a byte-order mark; `None` for a workbook (by signature or name).
fn head_text<'h>(name: &str, head: &'h [u8]) -> Option<&'h str> {
    if xlsx::sniff(head).is_some() || xlsx::by_extension(name).is_some() {
        return None;
    }
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
    Some(match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) => {
            std::str::from_utf8(head.get(..e.valid_up_to()).unwrap_or_default()).unwrap_or("")
        }
    })
}

/// Streams the components of BOM bytes to `sink`; see [`read_path`].
///
/// # Errors
///
/// [`Error::Bom`] or [`Error::NoVendorColumn`] if the bytes are not a BOM bomgate can read;
/// components already passed to the callback stay passed.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    let (info, sha256) = hashing(bytes, || read_handed_over(name, bytes, opts, sink));
    let mut info = info?;
    info.sha256 = sha256;
    Ok(info)
}

/// Inputs from this size on are read and hashed on threads of their own (with the `threads`
/// feature).
#[cfg(feature = "threads")]
const PARALLEL_FROM: usize = 1 << 20;

/// Runs `read` and hashes `bytes` (SHA-256, for the run record; nothing when the read fails).
/// With the `threads` feature, a large input is hashed on a scoped thread while it is read.
fn hashing(
    bytes: &[u8],
    read: impl FnOnce() -> Result<BomInfo, Error>,
) -> (Result<BomInfo, Error>, String) {
    let hash = || {
        use sha2::Digest;
        crate::ident::hex(&sha2::Sha256::digest(bytes))
    };
    #[cfg(feature = "threads")]
    if bytes.len() >= PARALLEL_FROM {
        return std::thread::scope(|s| {
            let hasher = std::thread::Builder::new().spawn_scoped(s, hash);
            let info = read();
            let sha = match hasher.map(|h| h.join()) {
                Ok(Ok(sha)) => sha,
                // No thread could be started (or it failed): hash here.
                _ => hash(),
            };
            (info, sha)
        });
    }
    let info = read();
    let sha = if info.is_ok() { hash() } else { String::new() };
    (info, sha)
}

/// [`read_unhashed`], on a reading thread for a large input (with the `threads` feature):
/// the calling thread gets the components as they are read, so that reading and what `sink`
/// does overlap.
fn read_handed_over(
    name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    #[cfg(feature = "threads")]
    if bytes.len() >= PARALLEL_FROM {
        let read = |hand: &mut handover::Handover<'_>| {
            read_unhashed(name, bytes, opts, &mut |c| hand.give(c))
        };
        return handover::run(&read, sink);
    }
    read_unhashed(name, bytes, opts, sink)
}

/// [`read_bytes`] without the hash of the bytes.
fn read_unhashed(
    name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    if let Some(kind) = workbook(name, bytes, opts.format) {
        if bytes.is_empty() {
            return Err(Error::Bom(
                Diagnostic::new(name, "the file is empty")
                    .help("export the BOM again; an empty file cannot be checked"),
            ));
        }
        let info = xlsx::read(name, bytes, kind, &opts.csv, sink)?;
        return Ok(finish(info, BomFormat::Xlsx, None));
    }
    let (text, encoding_note) = decode(name, bytes)?;
    let format = match opts.format {
        Some(f) => f,
        None => detect(name, &text)?,
    };
    let info = match format {
        BomFormat::Csv => csv::read(name, &text, &opts.csv, sink)?,
        BomFormat::Toml => toml::read(name, &text, sink)?,
        BomFormat::CycloneDxJson => cyclonedx::read_json(name, &text, sink)?,
        BomFormat::CycloneDxXml => cyclonedx::read_xml(name, &text, sink)?,
        BomFormat::SpdxJson => spdx::read_json(name, &text, sink)?,
        BomFormat::SpdxTagValue => spdx::read_tag_value(name, &text, sink)?,
        BomFormat::Spdx3JsonLd => spdx::read_json_ld(name, &text, sink)?,
        // Not reached: `workbook` sends every forced workbook to the reader above.
        BomFormat::Xlsx => xlsx::read(name, bytes, xlsx::Kind::Xlsx, &opts.csv, sink)?,
    };
    Ok(finish(info, format, encoding_note))
}

/// Is the file a workbook, and of which kind? Forced with `--bom-format xlsx` (the kind then
/// by signature or name, else xlsx); otherwise when its bytes start with a workbook's
/// signature (a zip archive, an OLE compound file), or when its name says workbook and its
/// bytes are not text (a tool's CSV export named `.xls` is read as the text it is).
fn workbook(name: &str, bytes: &[u8], forced: Option<BomFormat>) -> Option<xlsx::Kind> {
    let sniffed = xlsx::sniff(bytes);
    match forced {
        Some(BomFormat::Xlsx) => Some(
            sniffed
                .or_else(|| xlsx::by_extension(name))
                .unwrap_or(xlsx::Kind::Xlsx),
        ),
        Some(_) => None,
        None => sniffed.or_else(|| xlsx::by_extension(name).filter(|_| bytes.contains(&0))),
    }
}

/// Completes the facts of a read: format, and the encoding note first.
fn finish(mut info: BomInfo, format: BomFormat, encoding_note: Option<String>) -> BomInfo {
    info.format = Some(format);
    if let Some(note) = encoding_note {
        info.notes.insert(0, note);
    }
    info
}

/// Decodes BOM bytes to text: UTF-8 (with or without a byte-order mark), UTF-16 with a
/// byte-order mark (Excel "Unicode text"), or, for text that is not UTF-8, Windows-1252.
/// Binary data is an error.
pub(crate) fn decode<'a>(
    name: &str,
    bytes: &'a [u8],
) -> Result<(std::borrow::Cow<'a, str>, Option<String>), Error> {
    use std::borrow::Cow;
    if bytes.is_empty() || bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Bom(
            Diagnostic::new(name, "the file is empty")
                .help("export the BOM again; an empty file cannot be checked"),
        ));
    }
    if let Some(what) = only_byte_order_mark(bytes) {
        return Err(Error::Bom(
            Diagnostic::new(name, format!("the file is empty: it holds {what}"))
                .help("export the BOM again; an empty file cannot be checked"),
        ));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(name, rest, u16::from_le_bytes)
            .map(|s| (Cow::Owned(s), Some("decoded from UTF-16LE".into())));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(name, rest, u16::from_be_bytes)
            .map(|s| (Cow::Owned(s), Some("decoded from UTF-16BE".into())));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    // `contains` on bytes is a vectorised memchr; find the place only when there is one.
    if let Some(pos) = bytes
        .contains(&0)
        .then(|| bytes.iter().position(|b| *b == 0))
        .flatten()
    {
        let (line, col) = line_col_bytes(bytes, pos);
        return Err(Error::Bom(
            Diagnostic::new(name, "binary data (a NUL byte): this is not a text BOM")
                .at(line, col)
                .help("export the BOM as CSV, an Excel workbook, CycloneDX, SPDX or bomgate TOML; UTF-16 files need a byte-order mark"),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((Cow::Borrowed(s), None)),
        Err(e) => {
            let controls = bytes
                .iter()
                .filter(|b| b.is_ascii_control() && !b.is_ascii_whitespace())
                .count();
            if controls * 100 > bytes.len() {
                let (line, col) = line_col_bytes(bytes, e.valid_up_to());
                return Err(Error::Bom(
                    Diagnostic::new(name, "binary data: this is not a text BOM")
                        .at(line, col)
                        .help("export the BOM as CSV, an Excel workbook, CycloneDX, SPDX or bomgate TOML"),
                ));
            }
            // Keep every valid UTF-8 sequence (a Chinese name stays Chinese) and read only the
            // stray bytes as Windows-1252, the usual source of them.
            let (line, _) = line_col_bytes(bytes, e.valid_up_to());
            let mut text = String::with_capacity(bytes.len());
            let mut stray = 0usize;
            for chunk in bytes.utf8_chunks() {
                text.push_str(chunk.valid());
                stray += chunk.invalid().len();
                text.extend(chunk.invalid().iter().map(|b| cp1252(*b)));
            }
            Ok((
                Cow::Owned(text),
                Some(format!(
                    "{stray} byte{} not UTF-8 (the first on line {line}): read as Windows-1252",
                    if stray == 1 { "" } else { "s" }
                )),
            ))
        }
    }
}

/// What a file holds when it holds a byte-order mark and nothing else but blanks
/// (`only a UTF-8 byte-order mark`), to say plainly that it is empty.
fn only_byte_order_mark(bytes: &[u8]) -> Option<String> {
    let blank_units = |rest: &[u8], le: bool| {
        rest.len().is_multiple_of(2)
            && rest.chunks_exact(2).all(|unit| match unit {
                [b, 0] if le => b.is_ascii_whitespace(),
                [0, b] if !le => b.is_ascii_whitespace(),
                _ => false,
            })
    };
    let (mark, rest, blank) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        ("UTF-8", rest, rest.iter().all(u8::is_ascii_whitespace))
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        ("UTF-16LE", rest, blank_units(rest, true))
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        ("UTF-16BE", rest, blank_units(rest, false))
    } else {
        return None;
    };
    blank.then(|| {
        let and = if rest.is_empty() {
            ""
        } else {
            " and blank lines"
        };
        format!("only a {mark} byte-order mark{and}")
    })
}

fn line_col_bytes(bytes: &[u8], pos: usize) -> (usize, usize) {
    let before = bytes.get(..pos).unwrap_or(bytes);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let col = pos
        - before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    (line, col)
}

fn utf16(name: &str, bytes: &[u8], f: fn([u8; 2]) -> u16) -> Result<String, Error> {
    if !bytes.len().is_multiple_of(2) {
        return Err(Error::Bom(
            Diagnostic::new(
                name,
                "UTF-16 text with an odd number of bytes: the file is truncated",
            )
            .help("export the BOM again"),
        ));
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .filter_map(|c| Some(f([*c.first()?, *c.get(1)?])))
        .collect();
    String::from_utf16(&units).map_err(|_| {
        Error::Bom(
            Diagnostic::new(name, "invalid UTF-16 text (an unpaired surrogate)")
                .help("export the BOM again as UTF-8"),
        )
    })
}

fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH
            .get(usize::from(b - 0x80))
            .copied()
            .unwrap_or('\u{FFFD}'),
        _ => char::from(b),
    }
}

/// Detects the format from the content (not only the name).
fn detect(name: &str, text: &str) -> Result<BomFormat, Error> {
    let lower = name.to_ascii_lowercase();
    let head = text.trim_start();
    if head.starts_with('{') {
        // By the document's own top-level keys, wherever they stand (sorted keys put
        // `spdxVersion` last); a nested key of that name (a property) does not count.
        return top_level_format(head).ok_or_else(|| {
            Error::Bom(
                Diagnostic::new(
                    name,
                    "JSON that is neither CycloneDX (`bomFormat`) nor SPDX (`spdxVersion`)",
                )
                .at(1, 1)
                .help("bomgate reads CycloneDX and SPDX JSON, CSV and its own TOML BOMs"),
            )
        });
    }
    if head.starts_with('<') {
        return Ok(BomFormat::CycloneDxXml);
    }
    if head.starts_with('[') && lower.ends_with(".json") {
        return Err(Error::Bom(
            Diagnostic::new(name, "a JSON array is not a BOM document")
                .at(1, 1)
                .help("bomgate reads CycloneDX and SPDX JSON documents, which are objects"),
        ));
    }
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    if first.starts_with("SPDXVersion:") {
        return Ok(BomFormat::SpdxTagValue);
    }
    if lower.ends_with(".toml") || first.starts_with("[bom]") || first.starts_with("[[component]]")
    {
        return Ok(BomFormat::Toml);
    }
    Ok(BomFormat::Csv)
}

/// The format a JSON document's top-level keys say: `spdxVersion` (SPDX 2), `@context` or
/// `@graph` (SPDX 3 JSON-LD), `bomFormat` or `specVersion` (CycloneDX). The first such key
/// decides; nested objects and arrays are skipped without being parsed.
fn top_level_format(json: &str) -> Option<BomFormat> {
    let b = json.as_bytes();
    let mut i = json.find('{')? + 1;
    loop {
        i = skip_ws(b, i);
        match b.get(i)? {
            b'}' => return None,
            b',' => i += 1,
            b'"' => {
                let end = string_end(b, i)?;
                let key = json.get(i + 1..end - 1)?;
                let decided = match key {
                    "spdxVersion" => Some(BomFormat::SpdxJson),
                    "@context" | "@graph" => Some(BomFormat::Spdx3JsonLd),
                    "bomFormat" | "specVersion" => Some(BomFormat::CycloneDxJson),
                    _ => None,
                };
                if decided.is_some() {
                    return decided;
                }
                i = skip_ws(b, end);
                if b.get(i) != Some(&b':') {
                    return None;
                }
                i = value_end(b, skip_ws(b, i + 1))?;
            }
            _ => return None,
        }
    }
}

/// The index after white space from `i`.
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The index after the JSON string that starts at `i` (a `"`).
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match b.get(j)? {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
}

/// The index after the JSON value that starts at `i`: a string, an object or array (nested
/// to any depth, without recursion), or a scalar.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = i;
    loop {
        match b.get(j) {
            Some(b'"') => j = string_end(b, j)?,
            Some(b'{' | b'[') => {
                depth += 1;
                j += 1;
            }
            Some(b'}' | b']') if depth > 0 => {
                depth -= 1;
                j += 1;
            }
            Some(b',' | b'}' | b']') | None if depth == 0 => return Some(j),
            None => return None,
            Some(_) => j += 1,
        }
        if depth == 0 && j > i && matches!(b.get(j - 1), Some(b'}' | b']' | b'"')) {
            return Some(j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_formats_by_top_level_keys() {
        let f = |s: &str| top_level_format(s);
        assert_eq!(
            f(r#"{"bomFormat":"CycloneDX"}"#),
            Some(BomFormat::CycloneDxJson)
        );
        assert_eq!(
            f(
                r#"{"components":[{"properties":[{"name":"spdxVersion","value":"x"}]}],"specVersion":"1.6"}"#
            ),
            Some(BomFormat::CycloneDxJson),
            "a nested key does not decide"
        );
        assert_eq!(
            f(
                r#"{"metadata":{"a":"}\"{"},"name":"x","packages":[[1,2],{"b":[]}],"spdxVersion":"SPDX-2.3"}"#
            ),
            Some(BomFormat::SpdxJson)
        );
        assert_eq!(
            f(r#"{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}"#),
            Some(BomFormat::Spdx3JsonLd)
        );
        assert_eq!(f(r#"{"a":1,"b":true,"c":null}"#), None);
        assert_eq!(f(r#"{"a":"#), None);
    }

    #[test]
    fn designator_lists() {
        assert_eq!(split_refs("U11, U12"), ["U11", "U12"]);
        assert_eq!(split_refs("P8,P9"), ["P8", "P9"]);
        assert_eq!(
            split_refs("R3,J92（ PIN1与PIN2之间）"),
            ["R3", "J92（ PIN1与PIN2之间）"]
        );
        assert!(split_refs(" ").is_empty());
    }

    #[test]
    fn component_text_views() {
        let mut c = Component::new();
        c.set_reference(" U1 ");
        c.push_source(SourceKind::Primary, "Micron", "MT41K", "", Some(3));
        c.push_field(Field::Publisher, "");
        assert_eq!(c.reference(), "U1");
        let s: Vec<_> = c.sources().collect();
        assert_eq!(s[0].manufacturer, "Micron");
        assert_eq!(s[0].supplier, "");
        assert!(c.is_screenable());
        c.clear();
        assert!(c.is_empty());
    }

    #[test]
    fn decodes_utf16_and_rejects_binary() {
        let mut b = vec![0xFF, 0xFE];
        for u in "a,b\n".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        assert_eq!(decode("x", &b).unwrap().0, "a,b\n");
        assert!(decode("x", b"a\0b").is_err());
        assert!(decode("x", b"").is_err());
        assert_eq!(decode("x", b"W\xfcrth").unwrap().0, "Würth");
    }
}
