//! CycloneDX 1.2–1.7, JSON and XML: a lenient read-only subset of what identifies a vendor.
//!
//! Field roles follow the specification: `component.manufacturer` (1.6+) and the older
//! `manufacture` name who made a part; `supplier` may be a distributor and is reported as such;
//! `publisher`, `author` and `authors` name who made software; `metadata.component` is the
//! product itself (with `metadata.manufacture` and `metadata.supplier` as its maker and
//! supplier in versions before 1.6), while `metadata.manufacturer` (1.6+) names who made the
//! BOM and is ignored. Identifiers: `purl`, `cpe`, the device-taxonomy FCC ID property
//! (`cdx:device:certifications:US:FCC:id`), and EDA properties naming manufacturer, part
//! number or supplier. Components nest to any depth the parser accepts.
//!
//! JSON files stream: read in chunks, each top-level component parsed and checked before the
//! next is read (`stream.rs`, the usual shape by `fast.rs`), so a million-part BOM needs a few
//! megabytes whatever its size. A document the window cannot vouch for is read whole with
//! serde_json, as the reference reader, which gives the same components and the same errors.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::jsonpos::{Seg, object_lines};
use super::jsonstream::{Chunks, Stop, Window};
use super::{BomInfo, Component, Field, Kind, SourceKind};
use crate::error::{Diagnostic, Error};

mod fast;
mod stream;
#[cfg(test)]
mod tests;

/// The CycloneDX versions read.
const VERSIONS: &[&str] = &["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"];

/// XML nesting beyond this is refused (JSON is limited by serde_json's recursion limit).
const MAX_XML_DEPTH: usize = 512;

/// Text borrowed from the document where it has no escapes (most of it), so that a million
/// components do not mean millions of allocations. (serde's own `Cow` support copies inside
/// an `Option`.)
#[derive(Debug, Default, Clone)]
struct Txt<'a>(Cow<'a, str>);

impl std::ops::Deref for Txt<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Txt<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Txt<'a>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Txt<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Txt<'de>, E> {
                Ok(Txt(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Txt<'de>, E> {
                Ok(Txt(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Txt<'de>, E> {
                Ok(Txt(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

type Text<'a> = Option<Txt<'a>>;

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct Org<'a> {
    #[serde(borrow)]
    name: Text<'a>,
}

/// A manufacturer or supplier: an organisation object, as the specification has it, or a
/// plain string naming one, as some tools write it (read as the organisation's name, and
/// counted for a note).
#[derive(Default, Debug)]
struct Party<'a> {
    org: Org<'a>,
    plain: bool,
}

impl<'a> std::ops::Deref for Party<'a> {
    type Target = Org<'a>;
    fn deref(&self) -> &Org<'a> {
        &self.org
    }
}

impl<'a> Party<'a> {
    /// An organisation object.
    fn object(org: Org<'a>) -> Party<'a> {
        Party { org, plain: false }
    }

    /// A plain string naming the organisation.
    fn plain(name: Txt<'a>) -> Party<'a> {
        Party {
            org: Org { name: Some(name) },
            plain: true,
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Party<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Party<'a>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Party<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // As the derived `Org` says it, so that other values are refused as before.
                f.write_str("struct Org")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Party<'de>, E> {
                Ok(Party::plain(Txt(Cow::Borrowed(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<Party<'de>, E> {
                Ok(Party::plain(Txt(Cow::Owned(v.to_string()))))
            }
            fn visit_string<E>(self, v: String) -> Result<Party<'de>, E> {
                Ok(Party::plain(Txt(Cow::Owned(v))))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Party<'de>, A::Error> {
                Org::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Party::object)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Party<'de>, A::Error> {
                Org::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(Party::object)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct Prop<'a> {
    #[serde(borrow)]
    name: Text<'a>,
    #[serde(borrow)]
    value: Text<'a>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct Comp<'a> {
    #[serde(rename = "type", borrow)]
    kind: Text<'a>,
    #[serde(rename = "bom-ref", borrow)]
    bom_ref: Text<'a>,
    #[serde(borrow)]
    name: Text<'a>,
    #[serde(borrow)]
    group: Text<'a>,
    #[serde(borrow)]
    version: Text<'a>,
    #[serde(borrow)]
    manufacturer: Option<Party<'a>>,
    #[serde(borrow)]
    manufacture: Option<Party<'a>>,
    #[serde(borrow)]
    supplier: Option<Party<'a>>,
    #[serde(borrow)]
    publisher: Text<'a>,
    #[serde(borrow)]
    author: Text<'a>,
    #[serde(borrow)]
    authors: Vec<Org<'a>>,
    #[serde(borrow)]
    purl: Text<'a>,
    #[serde(borrow)]
    cpe: Text<'a>,
    #[serde(borrow)]
    properties: Vec<Prop<'a>>,
    #[serde(borrow)]
    components: Vec<Comp<'a>>,
    /// The line of an XML component (JSON lines come from a scan of the text).
    #[serde(skip)]
    xml_line: usize,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Meta<'a> {
    #[serde(borrow)]
    component: Option<Comp<'a>>,
    /// Before 1.6: who made the product the BOM describes.
    #[serde(borrow)]
    manufacture: Option<Party<'a>>,
    /// Who supplied the product the BOM describes.
    #[serde(borrow)]
    supplier: Option<Party<'a>>,
}

/// A CycloneDX service (`services[]`, nested `services`): a carrier, a cloud API, a hosted
/// function. Its `provider` is who runs it, screened like a maker.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct Service<'a> {
    #[serde(rename = "bom-ref", borrow)]
    bom_ref: Text<'a>,
    #[serde(borrow)]
    name: Text<'a>,
    #[serde(borrow)]
    group: Text<'a>,
    #[serde(borrow)]
    version: Text<'a>,
    #[serde(borrow)]
    provider: Option<Org<'a>>,
    #[serde(borrow)]
    services: Vec<Service<'a>>,
}

/// Turns parsed components into [`Component`]s, in document order, with their lines.
struct Emitter<'s> {
    /// Takes each component; it may keep it by swapping it for another (whose buffers the
    /// next component reuses).
    sink: &'s mut dyn FnMut(&mut Component),
    component: Component,
    lines: Vec<usize>,
    next_line: usize,
    /// The lines of the services, in document order.
    service_lines: Vec<usize>,
    next_service_line: usize,
    count: usize,
    product: Option<String>,
    /// Manufacturers and suppliers written as plain strings, and the line of the first.
    plain: usize,
    plain_line: Option<usize>,
}

/// A JSON pointer (or XML path), written out only for a component without a `bom-ref`.
#[derive(Clone, Copy)]
enum Pointer<'p> {
    Text(&'p str),
    /// `{prefix}/{k}`: an element of a top-level array.
    Item(&'static str, usize),
    /// `{parent}/{key}/{k}`: a nested element.
    Child(&'p Pointer<'p>, &'static str, usize),
}

impl fmt::Display for Pointer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pointer::Text(t) => f.write_str(t),
            Pointer::Item(prefix, k) => write!(f, "{prefix}/{k}"),
            Pointer::Child(parent, key, k) => write!(f, "{parent}/{key}/{k}"),
        }
    }
}

impl<'s> Emitter<'s> {
    /// An emitter that sends components to `sink`.
    fn new(sink: &'s mut dyn FnMut(&mut Component)) -> Emitter<'s> {
        Emitter {
            sink,
            component: Component::new(),
            lines: Vec::new(),
            next_line: 0,
            service_lines: Vec::new(),
            next_service_line: 0,
            count: 0,
            product: None,
            plain: 0,
            plain_line: None,
        }
    }

    fn take_line(&mut self) -> Option<usize> {
        let l = self.lines.get(self.next_line).copied();
        self.next_line += 1;
        l
    }

    /// Emits `c` and its children, pre-order. `pointer` is its JSON pointer (or XML path).
    fn emit(&mut self, c: &Comp, pointer: Pointer<'_>, line: Option<usize>, parent: Option<usize>) {
        let me = self.count;
        self.count += 1;
        self.note_plain(c, line);
        fill(&mut self.component, c, pointer, line, parent, true);
        (self.sink)(&mut self.component);
        for (k, child) in c.components.iter().enumerate() {
            let line = self.take_line();
            self.emit(
                child,
                Pointer::Child(&pointer, "components", k),
                line,
                Some(me),
            );
        }
    }

    /// Counts a manufacturer or supplier written as a plain string, for the note.
    fn note_plain(&mut self, c: &Comp, line: Option<usize>) {
        for p in [&c.manufacturer, &c.manufacture, &c.supplier]
            .into_iter()
            .flatten()
        {
            if p.plain {
                self.plain += 1;
                self.plain_line = self.plain_line.or(line);
            }
        }
    }

    /// Emits service `s` and the services nested in it, pre-order.
    fn emit_service(&mut self, s: &Service, pointer: Pointer<'_>, parent: Option<usize>) {
        let line = self.service_lines.get(self.next_service_line).copied();
        self.next_service_line += 1;
        let me = self.count;
        self.count += 1;
        let c = &mut self.component;
        c.clear();
        c.kind = Kind::Service;
        c.location.line = line;
        c.location.path = Some(match &s.bom_ref {
            Some(r) => r.to_string(),
            None => pointer.to_string(),
        });
        c.parent = parent;
        c.set_reference(s.bom_ref.as_deref().unwrap_or(""));
        let display: Vec<&str> = [&s.group, &s.name, &s.version]
            .into_iter()
            .filter_map(|t| t.as_deref())
            .collect();
        c.set_name(&display.join(" "));
        if let Some(p) = s.provider.as_ref().and_then(|o| o.name.as_deref()) {
            c.push_field(Field::Provider, p);
        }
        (self.sink)(&mut self.component);
        for (k, child) in s.services.iter().enumerate() {
            self.emit_service(child, Pointer::Child(&pointer, "services", k), Some(me));
        }
    }

    /// The product (`metadata.component`): checked when it names a maker, otherwise only
    /// noted; its children are components like any other.
    fn emit_product<'a>(
        &mut self,
        mut c: Comp<'a>,
        meta_maker: Option<Party<'a>>,
        meta_supplier: Option<Party<'a>>,
    ) {
        let line = self.take_line();
        if c.manufacturer.is_none() && c.manufacture.is_none() {
            c.manufacture = meta_maker;
        }
        if c.supplier.is_none() {
            c.supplier = meta_supplier;
        }
        self.product = c.name.as_deref().map(str::to_string);
        let children = std::mem::take(&mut c.components);
        self.note_plain(&c, line);
        let pointer = Pointer::Text("/metadata/component");
        fill(&mut self.component, &c, pointer, line, None, false);
        let product = self.count;
        if self.component.is_screenable() {
            self.count += 1;
            (self.sink)(&mut self.component);
        }
        for (k, child) in children.iter().enumerate() {
            let line = self.take_line();
            let parent = (self.count > product).then_some(product);
            self.emit(
                child,
                Pointer::Child(&pointer, "components", k),
                line,
                parent,
            );
        }
    }
}

/// Fills `out` from a parsed component. `name_is_mpn`: a hardware component's name stands
/// for its part number (not so for the product the BOM describes).
fn fill(
    out: &mut Component,
    c: &Comp<'_>,
    pointer: Pointer<'_>,
    line: Option<usize>,
    parent: Option<usize>,
    name_is_mpn: bool,
) {
    use std::fmt::Write as _;
    // The path's text is kept from the last component, and the display name is built in it.
    let mut path = out.location.path.take().unwrap_or_default();
    out.clear();
    path.clear();
    for part in [&c.group, &c.name, &c.version].into_iter().flatten() {
        if !path.is_empty() {
            path.push(' ');
        }
        path.push_str(part);
    }
    out.set_name(&path);
    path.clear();
    match &c.bom_ref {
        Some(r) => path.push_str(r),
        None => {
            let _ = write!(path, "{pointer}");
        }
    }
    out.location.path = Some(path);
    out.location.line = line;
    out.parent = parent;
    out.set_reference(c.bom_ref.as_deref().unwrap_or(""));
    let (mut primary, alternates) = sources(c, out);
    // A hardware component's name is usually its part number.
    let hardware = matches!(c.kind.as_deref(), Some("device" | "hardware"));
    out.kind = kind_of_type(c.kind.as_deref(), name_is_mpn);
    if primary.mpn.is_empty() && hardware && name_is_mpn {
        primary.mpn = c.name.as_deref().unwrap_or("");
    }
    if !primary.is_empty() {
        out.push_source(
            SourceKind::Primary,
            primary.maker,
            primary.mpn,
            primary.supplier,
            line,
        );
    }
    for (_, a) in alternates.iter().filter(|(_, a)| !a.is_empty()) {
        out.push_source(SourceKind::Alternate, a.maker, a.mpn, a.supplier, line);
    }
    if let Some(p) = &c.publisher {
        out.push_field(Field::Publisher, p);
    }
    if let Some(a) = &c.author {
        out.push_field(Field::Author, a);
    }
    for a in &c.authors {
        if let Some(n) = &a.name {
            out.push_field(Field::Author, n);
        }
    }
    if let Some(cpe) = &c.cpe {
        out.push_field(Field::Cpe, cpe);
    }
    if let Some(purl) = &c.purl {
        out.push_field(Field::Purl, purl);
    }
}

/// The kind of thing a component is by its CycloneDX `type`: a device inside the product is
/// a part, the product itself (`metadata.component`) equipment; the software types software.
fn kind_of_type(t: Option<&str>, inside_product: bool) -> Kind {
    match t.map(str::trim) {
        Some("device" | "hardware") if inside_product => Kind::Part,
        Some("device" | "hardware") => Kind::Equipment,
        Some(
            "application"
            | "framework"
            | "library"
            | "container"
            | "platform"
            | "operating-system"
            | "device-driver"
            | "firmware"
            | "file"
            | "machine-learning-model"
            | "data"
            | "cryptographic-asset",
        ) => Kind::Software,
        _ => Kind::Unknown,
    }
}

/// The primary source and the approved alternates (by number) of a component, from its
/// manufacturer and supplier fields and its properties; FCC ID and quantity properties go
/// straight to `out`.
fn sources<'c>(c: &'c Comp<'_>, out: &mut Component) -> (Sourced<'c>, Vec<(u32, Sourced<'c>)>) {
    fn org<'s>(o: &'s Option<Party<'_>>) -> Option<&'s str> {
        o.as_ref().and_then(|o| o.name.as_deref())
    }
    let mut primary = Sourced {
        maker: org(&c.manufacturer).or(org(&c.manufacture)).unwrap_or(""),
        supplier: org(&c.supplier).unwrap_or(""),
        mpn: "",
    };
    let mut alternates: Vec<(u32, Sourced<'_>)> = Vec::new();
    for p in &c.properties {
        let (Some(n), Some(v)) = (p.name.as_deref(), p.value.as_deref()) else {
            continue;
        };
        match property_role(n) {
            Some((PropRole::FccId, _)) => out.push_field(Field::FccId, v),
            Some((PropRole::Origin, _)) => out.origin = Some(v.to_string()),
            Some((PropRole::Class, _)) => out.class = Some(v.trim().to_ascii_lowercase()),
            Some((PropRole::Exception, _)) => out.exceptions.push(v.trim().to_string()),
            Some((PropRole::Quantity, _)) => out.set_quantity_text(v),
            Some((role, 0)) => primary.take(role, v, out),
            Some((role, k)) => {
                let at = match alternates.iter().position(|(n, _)| *n == k) {
                    Some(at) => at,
                    None => {
                        alternates.push((k, Sourced::default()));
                        alternates.len() - 1
                    }
                };
                if let Some((_, alt)) = alternates.get_mut(at) {
                    alt.take(role, v, out);
                }
            }
            None => {}
        }
    }
    alternates.sort_by_key(|(k, _)| *k);
    (primary, alternates)
}

/// The maker, part number and supplier of one source of a component, as its fields and
/// properties give them.
#[derive(Default)]
struct Sourced<'a> {
    maker: &'a str,
    mpn: &'a str,
    supplier: &'a str,
}

impl<'a> Sourced<'a> {
    /// Whether it names nothing.
    fn is_empty(&self) -> bool {
        self.maker.is_empty() && self.mpn.is_empty() && self.supplier.is_empty()
    }

    /// Takes a property's value for its role; a second, different value for a role already
    /// filled (a `Manufacturer` property beside `manufacturer.name`) is screened as an extra
    /// field, never dropped.
    fn take(&mut self, role: PropRole, v: &'a str, out: &mut Component) {
        let (slot, field) = match role {
            PropRole::Manufacturer => (&mut self.maker, Field::Manufacturer),
            PropRole::Mpn => (&mut self.mpn, Field::Mpn),
            PropRole::Supplier => (&mut self.supplier, Field::Supplier),
            PropRole::FccId
            | PropRole::Quantity
            | PropRole::Origin
            | PropRole::Class
            | PropRole::Exception => return,
        };
        if slot.is_empty() {
            *slot = v;
        } else if !slot.trim().eq_ignore_ascii_case(v.trim()) && !v.trim().is_empty() {
            out.push_field(field, v);
        }
    }
}

/// What a component property carries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PropRole {
    FccId,
    Quantity,
    /// Country of production.
    Origin,
    /// Product class.
    Class,
    /// A declared exception.
    Exception,
    Manufacturer,
    Mpn,
    Supplier,
}

/// The role of a property by its name, and the source it belongs to (0: the primary; k: the
/// k-th approved alternate): the device taxonomy's FCC ID and quantity, or an EDA property
/// naming manufacturer, part number or supplier, recognised like CSV headers — numbered
/// (`MFR2`, `Manufacturer 2`, `Manufacturer Part Number 2`) or marked (`Alt Manufacturer`)
/// ones are alternates, as CSV column groups are.
fn property_role(name: &str) -> Option<(PropRole, u32)> {
    // The common names first, without allocating.
    match name {
        "mpn" | "MPN" => return Some((PropRole::Mpn, 0)),
        "footprint"
        | "value"
        | "cdx:device:function"
        | "cdx:device:location"
        | "cdx:device:deviceType" => return None,
        "cdx:device:quantity" => return Some((PropRole::Quantity, 0)),
        _ => {}
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(":fcc:id") || matches!(lower.as_str(), "fcc id" | "fccid" | "fcc-id") {
        return Some((PropRole::FccId, 0));
    }
    let bare = lower.rsplit(':').next().unwrap_or(&lower);
    match bare {
        "origin"
        | "country of origin"
        | "country-of-origin"
        | "coo"
        | "made in"
        | "country of production" => return Some((PropRole::Origin, 0)),
        "class" | "product class" | "product-class" => return Some((PropRole::Class, 0)),
        "exception" => return Some((PropRole::Exception, 0)),
        _ => {}
    }
    let bare = lower.rsplit(':').next().unwrap_or(&lower);
    let (bare, marked) = match ["alternate", "alternative", "second", "alt"]
        .iter()
        .find_map(|p| bare.strip_prefix(p))
    {
        Some(rest) if rest.starts_with([' ', '_', '-', '.']) => {
            (rest.trim_start_matches([' ', '_', '-', '.']), true)
        }
        _ => (bare, false),
    };
    let (column, group, _) = super::csv::classify(bare)?;
    let source = match group {
        Some(super::csv::Group::Numbered(k)) if k >= 2 => k,
        _ if marked => 2,
        _ => 0,
    };
    let role = match column {
        super::Column::Manufacturer => PropRole::Manufacturer,
        super::Column::Mpn => PropRole::Mpn,
        super::Column::Supplier => PropRole::Supplier,
        super::Column::Quantity => PropRole::Quantity,
        _ => return None,
    };
    Some((role, source))
}

// ---------------------------------------------------------------------------------------
// JSON

struct BomVisitor<'e, 's> {
    emitter: &'e mut Emitter<'s>,
}

#[derive(Default)]
struct Header {
    bom_format: Option<String>,
    spec_version: Option<String>,
}

impl<'de> Visitor<'de> for BomVisitor<'_, '_> {
    type Value = Header;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CycloneDX BOM object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Header, A::Error> {
        let mut h = Header::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "bomFormat" => h.bom_format = Some(map.next_value()?),
                "specVersion" => h.spec_version = Some(map.next_value()?),
                "metadata" => {
                    let meta: Meta = map.next_value()?;
                    if let Some(c) = meta.component {
                        self.emitter
                            .emit_product(c, meta.manufacture, meta.supplier)
                    }
                }
                "components" => map.next_value_seed(ComponentsSeed {
                    emitter: &mut *self.emitter,
                })?,
                "services" => {
                    let services: Vec<Service> = map.next_value()?;
                    for (k, s) in services.iter().enumerate() {
                        self.emitter
                            .emit_service(s, Pointer::Item("/services", k), None);
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(h)
    }
}

impl<'de> DeserializeSeed<'de> for BomVisitor<'_, '_> {
    type Value = Header;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Header, D::Error> {
        d.deserialize_map(self)
    }
}

struct ComponentsSeed<'e, 's> {
    emitter: &'e mut Emitter<'s>,
}

impl<'de> DeserializeSeed<'de> for ComponentsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ComponentsSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of components")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut k = 0usize;
        while let Some(c) = seq.next_element::<Comp>()? {
            let line = self.emitter.take_line();
            self.emitter
                .emit(&c, Pointer::Item("/components", k), line, None);
            k += 1;
        }
        Ok(())
    }
}

/// Is this JSON path a service: `/services/N(/services/N)*`?
fn service_path(p: &[Seg]) -> bool {
    const SERVICES: Seg = Seg::Key(Some(0));
    !p.is_empty() && p.chunks(2).all(|c| matches!(c, [SERVICES, Seg::Index(_)]))
}

/// Is this JSON path a component: `/components/N(/components/N)*` or
/// `/metadata/component(/components/N)*`?
fn component_path(p: &[Seg]) -> bool {
    const COMPONENTS: Seg = Seg::Key(Some(0));
    let rest = match p {
        [Seg::Key(Some(1)), Seg::Key(Some(2)), rest @ ..] => rest,
        [COMPONENTS, Seg::Index(_), rest @ ..] => rest,
        _ => return false,
    };
    component_path_in(rest)
}

/// Is this path, from a component, the component itself or one nested in it
/// (`(/components/N)*`, with `components` the key numbered 0)?
fn component_path_in(p: &[Seg]) -> bool {
    const COMPONENTS: Seg = Seg::Key(Some(0));
    p.chunks(2)
        .all(|c| matches!(c, [COMPONENTS, Seg::Index(_)]))
}

/// Reads CycloneDX JSON in memory and sends each component to `sink`.
pub(crate) fn read_json(
    name: &str,
    text: &str,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    match read_json_window(name, Window::whole(text), &mut |c| sink(c)) {
        Outcome::Done(read) => read,
        Outcome::Fallback { emitted } => {
            let mut seen = 0usize;
            read_json_whole(name, text, &mut |c| {
                if seen < emitted {
                    seen += 1;
                } else {
                    sink(c);
                }
            })
        }
    }
}

/// How a read through a window ended.
pub(crate) enum Outcome {
    /// The document was read: what the whole-document reader would have said.
    Done(Result<BomInfo, Error>),
    /// The document must be read whole; the first `emitted` components were already sent,
    /// and the whole-document reader sends them again (skip them).
    Fallback {
        /// Components sent before the window stopped.
        emitted: usize,
    },
}

/// Reads CycloneDX JSON from a file's chunks, one component at a time; `sink` may keep a
/// component by swapping it for another.
pub(crate) fn read_json_chunks(
    name: &str,
    chunks: Chunks<'_>,
    sink: &mut dyn FnMut(&mut Component),
) -> Outcome {
    match Window::chunks(chunks) {
        Ok(w) => read_json_window(name, w, sink),
        Err(Stop::Io(e)) => Outcome::Done(Err(io_error(name, e))),
        Err(Stop::Fallback) => Outcome::Fallback { emitted: 0 },
    }
}

/// Reads the document in `w`. A header the window cannot vouch for (a wrong `bomFormat` or
/// `specVersion`, whose errors name the line of the key in the whole text) is a fallback.
fn read_json_window(
    name: &str,
    mut w: Window<'_>,
    sink: &mut dyn FnMut(&mut Component),
) -> Outcome {
    let mut emitted = 0usize;
    let mut counted = |c: &mut Component| {
        emitted += 1;
        sink(c);
    };
    let mut emitter = Emitter::new(&mut counted);
    let read = stream::read(&mut w, &mut emitter);
    let version = match read {
        Ok(h)
            if h.bom_format.as_deref() == Some("CycloneDX")
                && VERSIONS.contains(&h.spec_version.as_deref().unwrap_or_default()) =>
        {
            h.spec_version.unwrap_or_default()
        }
        Err(Stop::Io(e)) => return Outcome::Done(Err(io_error(name, e))),
        Ok(_) | Err(Stop::Fallback) => {
            drop(emitter);
            return Outcome::Fallback { emitted };
        }
    };
    Outcome::Done(info(name, &emitter, &format!("CycloneDX {version} JSON")))
}

/// A read error of the file `name`.
fn io_error(name: &str, source: std::io::Error) -> Error {
    Error::Io {
        path: name.into(),
        source,
    }
}

/// Reads CycloneDX JSON in memory with one serde_json parse of the whole text: the reference
/// the window's reader agrees with, and the reader of every document the window does not
/// vouch for, whose errors it reports.
fn read_json_whole(
    name: &str,
    text: &str,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    let lines = object_lines(
        text,
        &["components", "metadata", "component"],
        256,
        &component_path,
    );
    let service_lines = object_lines(text, &["services"], 256, &service_path);
    let mut sink = |c: &mut Component| sink(c);
    let mut emitter = Emitter::new(&mut sink);
    emitter.lines = lines;
    emitter.service_lines = service_lines;
    let mut de = serde_json::Deserializer::from_str(text);
    let header = BomVisitor {
        emitter: &mut emitter,
    }
    .deserialize(&mut de)
    .and_then(|h| de.end().map(|()| h))
    .map_err(|e| {
        let help = if e.to_string().contains("recursion limit") {
            "components nest deeper than any real BOM; the file is malformed or hostile"
        } else {
            "the file is not valid CycloneDX JSON; export it again"
        };
        Error::Bom(
            Diagnostic::new(name, format!("invalid JSON: {e}"))
                .at(e.line().max(1), e.column().max(1))
                .help(help),
        )
    })?;
    match header.bom_format.as_deref() {
        Some("CycloneDX") => {}
        Some(other) => {
            return Err(Error::Bom(
                Diagnostic::new(name, format!("`bomFormat` is `{other}`, not `CycloneDX`"))
                    .at(line_of_key(text, "bomFormat"), 1)
                    .help("bomgate reads CycloneDX, SPDX, CSV and its own TOML BOMs"),
            ));
        }
        None => {
            return Err(Error::Bom(
                Diagnostic::new(name, "no `bomFormat`: this JSON is not a CycloneDX BOM")
                    .at(1, 1)
                    .help("a CycloneDX BOM starts with \"bomFormat\": \"CycloneDX\""),
            ));
        }
    }
    let version = header.spec_version.unwrap_or_default();
    if !VERSIONS.contains(&version.as_str()) {
        return Err(Error::Bom(
            Diagnostic::new(
                name,
                format!("CycloneDX `specVersion` `{version}` is not supported"),
            )
            .at(line_of_key(text, "specVersion"), 1)
            .help(format!("bomgate reads CycloneDX {}", VERSIONS.join(", "))),
        ));
    }
    info(name, &emitter, &format!("CycloneDX {version} JSON"))
}

fn info(name: &str, emitter: &Emitter<'_>, what: &str) -> Result<BomInfo, Error> {
    if emitter.count == 0 {
        return Err(Error::Bom(
            Diagnostic::new(name, format!("{what} with no components: nothing to check"))
                .help("export the BOM with its components; an empty BOM cannot pass a check"),
        ));
    }
    let mut notes = vec![format!("{what}: {} components", emitter.count)];
    if let Some(p) = &emitter.product {
        notes.push(format!("product: {p}"));
    }
    if emitter.plain > 0 {
        let first = emitter
            .plain_line
            .map(|l| format!(" (the first on line {l})"))
            .unwrap_or_default();
        notes.push(format!(
            "{} manufacturer or supplier value{} written as a plain string, not an organisation object{first}: read as the organisation's name",
            emitter.plain,
            if emitter.plain == 1 { "" } else { "s" }
        ));
    }
    Ok(BomInfo {
        file: name.to_string(),
        components: emitter.count,
        notes,
        ..BomInfo::default()
    })
}

fn line_of_key(text: &str, key: &str) -> usize {
    let needle = format!("\"{key}\"");
    text.find(&needle)
        .map_or(1, |i| crate::error::line_col(text, i).0)
}

// ---------------------------------------------------------------------------------------
// XML

/// Reads CycloneDX XML and sends each component to `sink`.
pub(crate) fn read_xml(
    name: &str,
    text: &str,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    let mut sink = |c: &mut Component| sink(c);
    let mut x = XmlReader::new(name, text, &mut sink);
    x.read_events()?;
    x.finish()
}

/// The XML reader: the parser, where it is in the text, what the root said, and the state
/// of the components being built. One method per kind of event or element.
struct XmlReader<'a, 's> {
    name: &'a str,
    text: &'a str,
    reader: quick_xml::Reader<&'a [u8]>,
    lines: LineCounter,
    /// The CycloneDX version of the `<bom>` namespace, once the root element is read.
    version: Option<String>,
    st: XmlState<'a, 's>,
}

impl<'a, 's> XmlReader<'a, 's> {
    /// A reader of `text` that sends components to `sink`.
    fn new(name: &'a str, text: &'a str, sink: &'s mut dyn FnMut(&mut Component)) -> Self {
        XmlReader {
            name,
            text,
            reader: quick_xml::Reader::from_str(text),
            lines: LineCounter::default(),
            version: None,
            st: XmlState {
                emitter: Emitter::new(sink),
                path: Vec::new(),
                stack: Vec::new(),
                tops: 0,
                meta_maker: None,
                meta_supplier: None,
                product: None,
                buf: String::new(),
                prop_name: None,
                skip_depth: None,
            },
        }
    }

    /// An error at the parser's position.
    fn error(&self, msg: String, help: &str) -> Error {
        let pos = usize::try_from(self.reader.buffer_position()).unwrap_or(0);
        let (l, c) = crate::error::line_col(self.text, pos);
        Error::Bom(
            Diagnostic::new(self.name, msg)
                .at(l, c)
                .help(help.to_string()),
        )
    }

    /// Reads every event of the document, up to its end.
    fn read_events(&mut self) -> Result<(), Error> {
        use quick_xml::events::Event;
        loop {
            let before = usize::try_from(self.reader.buffer_position()).unwrap_or(0);
            let event = self.reader.read_event().map_err(|e| {
                let pos = usize::try_from(self.reader.error_position()).unwrap_or(0);
                let (l, c) = crate::error::line_col(self.text, pos);
                Error::Bom(
                    Diagnostic::new(self.name, format!("invalid XML: {e}"))
                        .at(l, c)
                        .help("the file is not well-formed XML; export it again"),
                )
            })?;
            let skipping = self.st.skip_depth.is_some();
            match event {
                Event::DocType(d) if d.contains("ENTITY") => {
                    return Err(self.error(
                        "the XML declares entities in a DOCTYPE".into(),
                        "CycloneDX needs no DTD; entity declarations are refused (they can expand without bound)",
                    ));
                }
                Event::Start(ref e) if skipping => self.st.skipped_start(e),
                Event::Empty(_) if skipping => {}
                Event::End(_) if skipping => self.st.skipped_end(),
                Event::Text(_) | Event::CData(_) if skipping => {}
                Event::Start(ref e) => self.open(e, false, before)?,
                Event::Empty(ref e) => self.open(e, true, before)?,
                Event::End(_) => self.st.close(),
                Event::Text(t) => self.st.buf.push_str(&t.xml10_content()),
                Event::CData(t) => self.st.buf.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => self.reference(&r)?,
                Event::Eof => return self.end_of_file(),
                _ => {}
            }
        }
    }

    /// An element opens (`is_empty`: and closes at once) at byte offset `before`.
    fn open(
        &mut self,
        e: &quick_xml::events::BytesStart<'_>,
        is_empty: bool,
        before: usize,
    ) -> Result<(), Error> {
        let local = e.local_name().as_ref().to_string();
        if self.st.path.is_empty() {
            self.root(e, &local)?;
        }
        if self.st.path.len() >= MAX_XML_DEPTH {
            return Err(self.error(
                format!("elements nest deeper than {MAX_XML_DEPTH} levels"),
                "the file is malformed or hostile",
            ));
        }
        let line = self.lines.line_at(self.text, before);
        if local == "component" && !self.st.is_bom_component() {
            // A component of the pedigree, of a tool, of a formula: not a part of this BOM,
            // and its fields must not land on the component around it.
            if !is_empty {
                self.st.skip_depth = Some(self.st.path.len());
                self.st.path.push(local);
            }
            return Ok(());
        }
        if local == "component" {
            self.st.open_component(e, line);
        } else if local == "property" {
            self.st.open_property(e);
        }
        self.st.buf.clear();
        self.st.path.push(local);
        if is_empty {
            self.st.close();
        }
        Ok(())
    }

    /// The root element: `<bom>` in a CycloneDX namespace, whose version it keeps.
    fn root(&mut self, e: &quick_xml::events::BytesStart<'_>, local: &str) -> Result<(), Error> {
        if local != "bom" {
            return Err(self.error(
                format!("the root element is `<{local}>`, not `<bom>`"),
                "this XML is not a CycloneDX BOM",
            ));
        }
        // The namespace of `<bom>` or of a prefixed `<cdx:bom xmlns:cdx=…>`.
        let prefix = e
            .name()
            .as_ref()
            .split_once(':')
            .map(|(p, _)| p.to_string());
        let want = match &prefix {
            Some(p) => format!("xmlns:{p}"),
            None => "xmlns".to_string(),
        };
        let ns = e
            .attributes()
            .flatten()
            .find(|a| a.key.as_ref() == want)
            .map(|a| a.value.to_string())
            .unwrap_or_default();
        let v = ns
            .strip_prefix("http://cyclonedx.org/schema/bom/")
            .unwrap_or("");
        if !VERSIONS.contains(&v) {
            return Err(self.error(
                format!("namespace `{ns}` is not CycloneDX {}", VERSIONS.join(", ")),
                "bomgate reads CycloneDX 1.2 to 1.7",
            ));
        }
        self.version = Some(v.to_string());
        Ok(())
    }

    /// An entity or character reference in text: only the predefined ones resolve.
    fn reference(&mut self, r: &quick_xml::events::BytesRef<'_>) -> Result<(), Error> {
        if let Ok(Some(ch)) = r.resolve_char_ref() {
            self.st.buf.push(ch);
        } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(r) {
            self.st.buf.push_str(s);
        } else {
            return Err(self.error(
                format!("undefined entity `&{};`", &**r),
                "XML defines only &lt; &gt; &amp; &apos; &quot; and character references",
            ));
        }
        Ok(())
    }

    /// The end of the text: an error when an element is still open.
    fn end_of_file(&self) -> Result<(), Error> {
        if let Some(open) = self.st.path.last() {
            return Err(self.error(
                format!("the file ends inside `<{open}>`: it is truncated"),
                "export the BOM again; a truncated BOM may have lost components",
            ));
        }
        Ok(())
    }

    /// After the last event: emits the product, and sums up what was read.
    fn finish(mut self) -> Result<BomInfo, Error> {
        if self.version.is_none() {
            return Err(Error::Bom(
                Diagnostic::new(
                    self.name,
                    "no `<bom>` element: this XML is not a CycloneDX BOM",
                )
                .at(1, 1),
            ));
        }
        let st = &mut self.st;
        if let Some(c) = st.product.take() {
            st.emitter.lines = pre_order_lines(&c);
            st.emitter.next_line = 0;
            let (maker, supplier) = (st.meta_maker.take(), st.meta_supplier.take());
            st.emitter.emit_product(c, maker, supplier);
        }
        info(
            self.name,
            &st.emitter,
            &format!("CycloneDX {} XML", self.version.unwrap_or_default()),
        )
    }
}

/// The state of the XML reader: where it is, and what it is building.
struct XmlState<'a, 's> {
    emitter: Emitter<'s>,
    /// Element names from the root.
    path: Vec<String>,
    /// The components being built, outermost first.
    stack: Vec<Comp<'a>>,
    /// Top-level components emitted so far.
    tops: usize,
    meta_maker: Option<Party<'a>>,
    meta_supplier: Option<Party<'a>>,
    product: Option<Comp<'a>>,
    /// The text of the current element.
    buf: String,
    /// The `name` attribute of the current `<property>`.
    prop_name: Option<String>,
    /// Inside a `<component>` that is not a BOM component: the path length to return to.
    skip_depth: Option<usize>,
}

impl XmlState<'_, '_> {
    /// Would a `<component>` at the current path (its parent's path) be a component of the
    /// BOM: `bom/components`, `bom/metadata` (the product), or the `components` of one?
    fn is_bom_component(&self) -> bool {
        let n = self.path.len();
        let at = |k: usize| {
            n.checked_sub(k)
                .and_then(|i| self.path.get(i))
                .map(String::as_str)
        };
        // (Components outside the BOM are skipped whole, so an enclosing `<component>` seen
        // here is always one of the BOM's.)
        matches!(
            (at(2), at(1)),
            (Some("bom"), Some("components" | "metadata"))
                | (Some("component"), Some("components"))
        )
    }

    /// An element opens inside a component outside the BOM: only the depth is tracked.
    fn skipped_start(&mut self, e: &quick_xml::events::BytesStart<'_>) {
        self.path.push(e.local_name().as_ref().to_string());
    }

    /// An element closes inside a skipped component: the skip ends with that component.
    fn skipped_end(&mut self) {
        self.path.pop();
        if self.skip_depth == Some(self.path.len()) {
            self.skip_depth = None;
        }
    }

    /// A BOM `<component>` opens on `line`: its `type` and `bom-ref` are attributes.
    fn open_component(&mut self, e: &quick_xml::events::BytesStart<'_>, line: usize) {
        let mut c = Comp {
            xml_line: line,
            ..Comp::default()
        };
        for a in e.attributes().flatten() {
            let v = attr_value(&a);
            match a.key.as_ref() {
                "type" => c.kind = Some(Txt(Cow::Owned(v))),
                "bom-ref" => c.bom_ref = Some(Txt(Cow::Owned(v))),
                _ => {}
            }
        }
        self.stack.push(c);
    }

    /// A `<property>` opens: its name is an attribute, its value the text.
    fn open_property(&mut self, e: &quick_xml::events::BytesStart<'_>) {
        self.prop_name = e
            .attributes()
            .flatten()
            .find(|a| a.key.as_ref() == "name")
            .map(|a| attr_value(&a));
    }

    /// Ends the current element: stores its text where it belongs, or finishes a component.
    fn close(&mut self) {
        let Some(local) = self.path.pop() else {
            return;
        };
        let text = self.buf.trim().to_string();
        self.buf.clear();
        if local == "component" && self.is_bom_component() {
            self.close_component();
            return;
        }
        self.close_field(&local, text);
    }

    /// A BOM `<component>` ends: the product, a child, or a top-level one emitted at once.
    fn close_component(&mut self) {
        let Some(c) = self.stack.pop() else {
            return;
        };
        if self.path.last().map(String::as_str) == Some("metadata") {
            self.product = Some(c);
        } else if let Some(p) = self.stack.last_mut() {
            p.components.push(c);
        } else {
            // A top-level component: emit it with its subtree, lines in pre-order.
            self.emitter.lines = pre_order_lines(&c);
            self.emitter.next_line = 1;
            let first = self.emitter.lines.first().copied();
            let pointer = format!("/bom/components/component[{}]", self.tops + 1);
            self.emitter.emit(&c, Pointer::Text(&pointer), first, None);
            self.tops += 1;
        }
    }

    /// Any other element ends: its `text` goes to the component or metadata field it names.
    fn close_field(&mut self, local: &str, text: String) {
        let parent = self.path.last().map(String::as_str);
        let grand = self
            .path
            .len()
            .checked_sub(2)
            .and_then(|i| self.path.get(i))
            .map(String::as_str);
        let org = || {
            Some(Party::object(Org {
                name: Some(Txt(Cow::Owned(text.clone()))),
            }))
        };
        // Metadata-level maker and supplier of the product (before CycloneDX 1.6).
        if local == "name" && grand == Some("metadata") {
            match parent {
                Some("manufacture") => {
                    self.meta_maker = org();
                    return;
                }
                Some("supplier") => {
                    self.meta_supplier = org();
                    return;
                }
                _ => {}
            }
        }
        let Some(c) = self.stack.last_mut() else {
            return;
        };
        let v = Some(Txt(Cow::Owned(text.clone())));
        // Only direct children of <component> (or their <name> for organisations) count.
        match (local, parent, grand) {
            ("name", Some("component"), _) => c.name = v,
            ("group", Some("component"), _) => c.group = v,
            ("version", Some("component"), _) => c.version = v,
            ("publisher", Some("component"), _) => c.publisher = v,
            ("author", Some("component"), _) => c.author = v,
            ("purl", Some("component"), _) => c.purl = v,
            ("cpe", Some("component"), _) => c.cpe = v,
            ("name", Some("manufacturer" | "manufacture"), Some("component")) => {
                c.manufacturer = org();
            }
            ("name", Some("supplier"), Some("component")) => c.supplier = org(),
            ("name", Some("author"), Some("authors")) => c.authors.push(Org { name: v }),
            ("property", Some("properties"), Some("component")) => c.properties.push(Prop {
                name: self.prop_name.take().map(|n| Txt(Cow::Owned(n))),
                value: v,
            }),
            _ => {}
        }
    }
}

/// An attribute's value with entity and character references resolved (predefined only).
fn attr_value(a: &quick_xml::events::attributes::Attribute<'_>) -> String {
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .map(|v| v.into_owned())
        .unwrap_or_else(|_| a.value.to_string())
}

/// Lines of a component and its descendants, pre-order, as [`Emitter::emit`] takes them.
fn pre_order_lines(c: &Comp<'_>) -> Vec<usize> {
    let mut out = vec![c.xml_line];
    fn walk(c: &Comp<'_>, out: &mut Vec<usize>) {
        for child in &c.components {
            out.push(child.xml_line);
            walk(child, out);
        }
    }
    walk(c, &mut out);
    out
}

/// Lines of byte offsets, counted incrementally (offsets only grow).
#[derive(Default)]
struct LineCounter {
    pos: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        if self.line == 0 {
            self.line = 1;
        }
        if offset > self.pos {
            let gap = text.as_bytes().get(self.pos..offset).unwrap_or_default();
            self.line += gap.iter().filter(|b| **b == b'\n').count();
            self.pos = offset;
        }
        // The element starts after leading whitespace of the event.
        let rest = text.get(offset..).unwrap_or("");
        let ws = rest.len() - rest.trim_start().len();
        self.line + rest.get(..ws).map_or(0, |w| w.matches('\n').count())
    }
}
