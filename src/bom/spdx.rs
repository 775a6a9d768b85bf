//! SPDX software bills of materials: 2.2/2.3 JSON, 2.x tag-value and 3.0 JSON-LD.
//!
//! Every SPDX package becomes one [`Component`], whether or not it names anyone to screen
//! (a package without supplier, originator or identifier is counted as unscreenable by the
//! checker, not passed):
//!
//! | SPDX 2 (JSON / tag-value)                 | SPDX 3.0 JSON-LD                          | component                      |
//! |-------------------------------------------|-------------------------------------------|--------------------------------|
//! | `SPDXID` / `SPDXID:`                      | `spdxId`                                  | reference, `location.path`     |
//! | `name` + `versionInfo` / `PackageName:` + `PackageVersion:` | `name` + `software_packageVersion` | name                 |
//! | `supplier` / `PackageSupplier:`           | `suppliedBy` (resolved to the agent's `name`) | primary source's supplier  |
//! | `originator` / `PackageOriginator:`       | `originatedBy` (resolved likewise)        | [`Field::Originator`]          |
//! | `externalRefs` `cpe23Type`, `cpe22Type` / `ExternalRef:` | `externalIdentifier` `cpe23`, `cpe22` | [`Field::Cpe`]      |
//! | `externalRefs` `purl` / `ExternalRef:`    | `externalIdentifier` `packageUrl`, `software_packageUrl` | [`Field::Purl`] |
//!
//! SPDX 2 names a party as `Organization: NAME (EMAIL)`, `Person: NAME (EMAIL)`,
//! `Tool: NAME`, `NOASSERTION` or `NONE`; [`party_name`] keeps the name alone. The SPDX
//! supplier is the party that distributes the package, so it goes where a BOM puts the
//! supplier or distributor; the originator (where the package came from) is kept apart.
//!
//! A component's line is the line where its package starts (the package object in JSON, the
//! `PackageName:` line in tag-value); the supplier's source carries the line of the supplier
//! itself, so that a finding on the supplier points at it.

use std::collections::HashMap;

use serde::Deserialize;

use super::jsonpos::{Seg, object_lines};
use super::{BomInfo, Component, Field, Kind, SourceKind};
use crate::error::{Diagnostic, Error};

/// How deep [`object_lines`] follows the JSON (serde_json itself stops at 128 levels).
const MAX_DEPTH: usize = 256;

/// Where the SPDX 2.3 and 3.0 specifications are, for help texts.
const SPEC_2: &str = "https://spdx.github.io/spdx-spec/v2.3/";
const SPEC_3: &str = "https://spdx.github.io/spdx-spec/v3.0.1/";

// ---------------------------------------------------------------------------------------
// Shared

/// The name in an SPDX 2 party string: `Organization: Acme (sales@acme.example)` gives
/// `Acme`, `Person: Jane Doe` gives `Jane Doe`; `NOASSERTION`, `NONE` and empty strings give
/// `None`. The `Organization:`, `Person:` and `Tool:` prefixes are optional (and matched
/// without regard to case). A trailing parenthesised group is dropped when it is empty or
/// holds an e-mail address (also `<x@y>`); any other (`Acme (Shenzhen)`) stays part of the
/// name.
fn party_name(s: &str) -> Option<&str> {
    let mut s = s.trim();
    for prefix in ["Organization:", "Person:", "Tool:"] {
        if let Some(head) = s.get(..prefix.len())
            && head.eq_ignore_ascii_case(prefix)
        {
            s = s.get(prefix.len()..).unwrap_or("").trim();
            break;
        }
    }
    for (open_c, close_c) in [('(', ')'), ('<', '>')] {
        if let Some(body) = s.strip_suffix(close_c)
            && let Some(open) = body.rfind(open_c)
        {
            let inner = body.get(open + 1..).unwrap_or("");
            if inner.trim().is_empty() || inner.contains('@') {
                s = body.get(..open).unwrap_or("").trim_end();
            }
        }
    }
    if s.is_empty() || s.eq_ignore_ascii_case("NOASSERTION") || s.eq_ignore_ascii_case("NONE") {
        None
    } else {
        Some(s)
    }
}

/// The field an SPDX 2 external reference type fills: `cpe23Type` and `cpe22Type` are CPE
/// names, `purl` a package URL; other types (`advisory`, `swid`…) name no party.
fn ref_field(kind: &str) -> Option<Field> {
    let kind = kind.trim();
    if kind.eq_ignore_ascii_case("cpe23Type") || kind.eq_ignore_ascii_case("cpe22Type") {
        Some(Field::Cpe)
    } else if kind.eq_ignore_ascii_case("purl") {
        Some(Field::Purl)
    } else {
        None
    }
}

/// Sets the component's name: the package name, a space and the version, or whichever of
/// the two is present.
fn set_name(c: &mut Component, name: &str, version: &str) {
    let (name, version) = (name.trim(), version.trim());
    if name.is_empty() || version.is_empty() {
        c.set_name(if name.is_empty() { version } else { name });
    } else {
        c.set_name(&format!("{name} {version}"));
    }
}

/// A non-empty, trimmed string, or `None`.
fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// The error for a document serde_json could not read: its place, and whether it is broken
/// JSON or a field of the wrong type.
fn json_error(name: &str, e: &serde_json::Error, what: &str, spec: &str) -> Error {
    let full = e.to_string();
    let place = format!(" at line {} column {}", e.line(), e.column());
    let msg = full.strip_suffix(place.as_str()).unwrap_or(&full);
    let help = if msg.contains("recursion limit") {
        "the JSON nests deeper than any real SBOM; the file is malformed or hostile".to_string()
    } else if e.is_data() {
        format!("a field of this {what} document has the wrong type; see {spec}")
    } else {
        "the file is not well-formed JSON; export it again".to_string()
    };
    Error::Bom(
        Diagnostic::new(name, format!("invalid JSON: {msg}"))
            .at(e.line().max(1), e.column().max(1))
            .help(help),
    )
}

/// The text without a leading byte-order mark (the usual caller has dropped it already).
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// The error for a document that holds no package.
fn no_packages(name: &str, what: &str) -> Error {
    Error::Bom(
        Diagnostic::new(
            name,
            format!("this {what} document has no packages: nothing to check"),
        )
        .help("describe the product's parts as SPDX packages"),
    )
}

/// For each element of the array under the root object's key `array_key`, the 1-based line
/// of the element's own member `member` (its first occurrence). The vector is indexed by
/// array position; elements without the member, or that are not objects, give `None` (or lie
/// past the end of the vector).
fn member_lines(text: &str, array_key: &str, member: &str) -> Vec<Option<usize>> {
    let mut out: Vec<Option<usize>> = Vec::new();
    super::jsonpos::scan(text, &[array_key, member], 16, &mut |e| {
        if let super::jsonpos::Event::Key {
            path: [Seg::Key(Some(0)), Seg::Index(index)],
            key: Some(1),
            line,
        } = e
        {
            if out.len() <= *index {
                out.resize(index + 1, None);
            }
            if let Some(slot) = out.get_mut(*index) {
                slot.get_or_insert(line);
            }
        }
    });
    out
}

/// The lines of the objects directly in the array under the root key `array_key`, one per
/// element of `count` elements; empty (no lines rather than wrong ones) when the array holds
/// something other than objects.
fn element_lines(text: &str, array_key: &str, count: usize) -> Vec<usize> {
    let want = |p: &[Seg]| matches!(p, [Seg::Key(Some(0)), Seg::Index(_)]);
    let lines = object_lines(text, &[array_key], MAX_DEPTH, &want);
    if lines.len() == count {
        lines
    } else {
        Vec::new()
    }
}

// ---------------------------------------------------------------------------------------
// SPDX 2.2 / 2.3 JSON

/// The parts of an SPDX 2 JSON document bomgate reads; everything else is skipped.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Document2 {
    spdx_version: Option<String>,
    packages: Vec<Package2>,
}

/// The kind of thing a package is by its primary purpose (SPDX 2.3 `primaryPackagePurpose`,
/// SPDX 3 `software_primaryPurpose`): `DEVICE` is equipment, the software purposes software,
/// anything else (or nothing) unknown.
fn kind_of_purpose(purpose: Option<&str>) -> Kind {
    let Some(p) = purpose.map(|p| p.trim().to_ascii_lowercase().replace(['_', ' '], "-")) else {
        return Kind::Unknown;
    };
    match p.as_str() {
        "device" => Kind::Equipment,
        "application" | "framework" | "library" | "container" | "operating-system"
        | "operatingsystem" | "firmware" | "device-driver" | "devicedriver" | "source"
        | "archive" | "install" | "file" | "executable" | "module" | "patch" => Kind::Software,
        _ => Kind::Unknown,
    }
}

/// An SPDX 2 JSON package.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Package2 {
    #[serde(rename = "SPDXID")]
    spdx_id: Option<String>,
    name: Option<String>,
    version_info: Option<String>,
    supplier: Option<String>,
    originator: Option<String>,
    external_refs: Vec<ExternalRef2>,
    primary_package_purpose: Option<String>,
}

/// An SPDX 2 JSON external reference (`externalRefs[]`).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ExternalRef2 {
    reference_type: Option<String>,
    reference_locator: Option<String>,
}

/// Reads an SPDX 2.2 or 2.3 JSON document: one component per element of `packages`.
pub(crate) fn read_json(
    name: &str,
    text: &str,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    let text = without_bom(text);
    let doc: Document2 =
        serde_json::from_str(text).map_err(|e| json_error(name, &e, "SPDX 2 JSON", SPEC_2))?;
    let version = spdx2_version(name, doc.spdx_version.as_deref(), || {
        line_of_key(text, "spdxVersion")
    })?;
    if doc.packages.is_empty() {
        return Err(no_packages(name, "SPDX"));
    }
    let lines = element_lines(text, "packages", doc.packages.len());
    let supplier_lines = member_lines(text, "packages", "supplier");
    let mut c = Component::new();
    for (i, p) in doc.packages.iter().enumerate() {
        c.clear();
        let line = lines.get(i).copied();
        let id = non_empty(p.spdx_id.as_deref());
        c.set_reference(id.unwrap_or(""));
        set_name(
            &mut c,
            p.name.as_deref().unwrap_or(""),
            p.version_info.as_deref().unwrap_or(""),
        );
        c.location.line = line;
        c.location.path = Some(id.map_or_else(|| format!("/packages/{i}"), str::to_string));
        c.kind = kind_of_purpose(p.primary_package_purpose.as_deref());
        if let Some(supplier) = p.supplier.as_deref().and_then(party_name) {
            let at = supplier_lines.get(i).copied().flatten().or(line);
            c.push_source(SourceKind::Primary, "", "", supplier, at);
        }
        if let Some(originator) = p.originator.as_deref().and_then(party_name) {
            c.push_field(Field::Originator, originator);
        }
        for r in &p.external_refs {
            if let (Some(field), Some(locator)) = (
                r.reference_type.as_deref().and_then(ref_field),
                non_empty(r.reference_locator.as_deref()),
            ) {
                c.push_field(field, locator);
            }
        }
        sink(&c);
    }
    let n = doc.packages.len();
    Ok(BomInfo {
        file: name.to_string(),
        components: n,
        notes: vec![format!("SPDX {version} JSON: {}", packages(n))],
        ..BomInfo::default()
    })
}

/// Checks an SPDX 2 version (`SPDX-2.3`) and returns its number (`2.3`); `line` finds where
/// the version is, for the error.
fn spdx2_version<'a>(
    name: &str,
    version: Option<&'a str>,
    line: impl Fn() -> usize,
) -> Result<&'a str, Error> {
    match non_empty(version) {
        Some(v) if v.starts_with("SPDX-2.") => Ok(v.get("SPDX-".len()..).unwrap_or(v)),
        Some(v) => Err(Error::Bom(
            Diagnostic::new(name, format!("SPDX version `{v}` is not supported"))
                .at(line(), 1)
                .help("bomgate reads SPDX 2.2 and 2.3 (JSON and tag-value) and SPDX 3.0 JSON-LD"),
        )),
        None => Err(Error::Bom(
            Diagnostic::new(name, "no `spdxVersion`: this JSON is not an SPDX 2 document")
                .at(1, 1)
                .help("an SPDX 2 JSON document has \"spdxVersion\": \"SPDX-2.3\"; SPDX 3.0 JSON-LD has an `@graph`"),
        )),
    }
}

/// The line of the first `"key"` in the text (1 when there is none).
fn line_of_key(text: &str, key: &str) -> usize {
    let needle = format!("\"{key}\"");
    text.find(&needle)
        .map_or(1, |i| crate::error::line_col(text, i).0)
}

/// `1 package`, `4 packages`.
fn packages(n: usize) -> String {
    format!("{n} package{}", if n == 1 { "" } else { "s" })
}

// ---------------------------------------------------------------------------------------
// SPDX 2 tag-value

/// One `Tag: value` of a tag-value document. The value is trimmed; a `<text>…</text>` value
/// is the text between the markers, over as many lines as it takes.
struct TagValue<'a> {
    /// 1-based line of the tag.
    line: usize,
    tag: &'a str,
    value: &'a str,
}

/// The `Tag: value` pairs of a tag-value document, in order. Blank lines and `#` comments are
/// skipped; a line without a colon or an unclosed `<text>` is an error and ends the pairs.
struct TagValues<'a> {
    name: &'a str,
    text: &'a str,
    /// Byte offset of the next line.
    pos: usize,
    /// 1-based number of the next line.
    line: usize,
}

impl<'a> TagValues<'a> {
    fn new(name: &'a str, text: &'a str) -> TagValues<'a> {
        TagValues {
            name,
            text,
            pos: 0,
            line: 1,
        }
    }
}

impl<'a> Iterator for TagValues<'a> {
    type Item = Result<TagValue<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let start = self.pos;
            let rest = self.text.get(start..).filter(|r| !r.is_empty())?;
            let len = rest.find('\n').map_or(rest.len(), |i| i + 1);
            let raw = rest.get(..len).unwrap_or("");
            let line = self.line;
            self.pos = start + len;
            self.line += 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let Some(colon) = raw.find(':') else {
                // Not `Tag: value` (a line cut short, or text outside `<text>`): the document
                // is damaged, and what it lost may be a supplier.
                self.pos = self.text.len();
                return Some(Err(Error::Bom(
                    Diagnostic::new(
                        self.name,
                        format!(
                            "`{}` is not a `Tag: value` line",
                            trimmed.chars().take(40).collect::<String>()
                        ),
                    )
                    .at(line, 1)
                    .help("multi-line values belong in <text>…</text>; the file may be truncated"),
                )));
            };
            let tag = raw.get(..colon).unwrap_or("").trim();
            let after = raw.get(colon + 1..).unwrap_or("");
            let value = after.trim();
            if !value.starts_with("<text>") {
                return Some(Ok(TagValue { line, tag, value }));
            }
            // A `<text>` value: up to `</text>`, on this line or a later one.
            let open = start + colon + 1 + (after.len() - after.trim_start().len());
            let body_start = open + "<text>".len();
            let Some(body_len) = self.text.get(body_start..).and_then(|t| t.find("</text>")) else {
                self.pos = self.text.len();
                return Some(Err(Error::Bom(
                    Diagnostic::new(
                        self.name,
                        format!("the `<text>` value of `{tag}` is never closed"),
                    )
                    .at_offset(self.text, open)
                    .help("end the multi-line value with `</text>`"),
                )));
            };
            let body_end = body_start + body_len;
            let close_end = body_end + "</text>".len();
            // Whatever follows `</text>` on its line is not a tag.
            self.pos = self
                .text
                .get(close_end..)
                .and_then(|t| t.find('\n'))
                .map_or(self.text.len(), |i| close_end + i + 1);
            let spanned = self.text.get(start..self.pos).unwrap_or("");
            self.line = line + spanned.matches('\n').count().max(1);
            let value = self.text.get(body_start..body_end).unwrap_or("").trim();
            return Some(Ok(TagValue { line, tag, value }));
        }
    }
}

/// The package being read from a tag-value document, as views into the text.
#[derive(Default)]
struct TvPackage<'a> {
    /// Is a package section open?
    open: bool,
    line: usize,
    id: &'a str,
    name: &'a str,
    version: &'a str,
    /// Supplier names and their lines.
    suppliers: Vec<(&'a str, usize)>,
    originators: Vec<&'a str>,
    ids: Vec<(Field, &'a str)>,
    /// `PrimaryPackagePurpose:`.
    purpose: Option<&'a str>,
}

impl<'a> TvPackage<'a> {
    /// Opens a new package section at a `PackageName:` line.
    fn start(&mut self, line: usize, name: &'a str) {
        self.open = true;
        self.line = line;
        self.id = "";
        self.name = name;
        self.version = "";
        self.purpose = None;
        self.suppliers.clear();
        self.originators.clear();
        self.ids.clear();
    }

    /// Sends the open package, if any, to the sink and closes it; returns whether it did.
    fn flush(&mut self, c: &mut Component, sink: &mut dyn FnMut(&Component)) -> bool {
        if !self.open {
            return false;
        }
        self.open = false;
        c.clear();
        c.set_reference(self.id);
        set_name(c, self.name, self.version);
        c.location.line = Some(self.line);
        c.location.path = non_empty(Some(self.id)).map(str::to_string);
        c.kind = kind_of_purpose(self.purpose);
        for (supplier, line) in &self.suppliers {
            c.push_source(SourceKind::Primary, "", "", supplier, Some(*line));
        }
        for originator in &self.originators {
            c.push_field(Field::Originator, originator);
        }
        for (field, value) in &self.ids {
            c.push_field(*field, value);
        }
        sink(c);
        true
    }
}

/// Reads an SPDX 2.x tag-value document: one component per `PackageName:` section.
pub(crate) fn read_tag_value(
    name: &str,
    text: &str,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    let text = without_bom(text);
    // The version first (normally line 1), so nothing reaches the sink from a non-SPDX file.
    let mut version = None;
    for tv in TagValues::new(name, text) {
        let tv = tv?;
        if tv.tag == "SPDXVersion" {
            version = Some(tv);
            break;
        }
    }
    let Some(version) = version else {
        return Err(Error::Bom(
            Diagnostic::new(
                name,
                "no `SPDXVersion:` line: this is not an SPDX tag-value document",
            )
            .help(format!(
                "an SPDX 2 tag-value document starts with `SPDXVersion: SPDX-2.3`; see {SPEC_2}"
            )),
        ));
    };
    let number = spdx2_version(name, Some(version.value), || version.line)?;

    let mut c = Component::new();
    let mut pkg = TvPackage::default();
    let mut count = 0usize;
    for tv in TagValues::new(name, text) {
        let tv = tv?;
        match tv.tag {
            "PackageName" => {
                count += usize::from(pkg.flush(&mut c, sink));
                pkg.start(tv.line, tv.value);
            }
            // Sections that end a package: files, snippets, extracted licences.
            "FileName" | "SnippetSPDXID" | "LicenseID" => {
                count += usize::from(pkg.flush(&mut c, sink));
            }
            _ if !pkg.open => {}
            "SPDXID" => pkg.id = tv.value,
            "PackageVersion" => pkg.version = tv.value,
            "PrimaryPackagePurpose" => pkg.purpose = Some(tv.value),
            "PackageSupplier" => {
                if let Some(s) = party_name(tv.value) {
                    pkg.suppliers.push((s, tv.line));
                }
            }
            "PackageOriginator" => {
                if let Some(s) = party_name(tv.value) {
                    pkg.originators.push(s);
                }
            }
            "ExternalRef" => {
                // `<category> <type> <locator>`
                let mut parts = tv.value.split_whitespace();
                let _category = parts.next();
                if let (Some(field), Some(locator)) =
                    (parts.next().and_then(ref_field), parts.next())
                {
                    pkg.ids.push((field, locator));
                }
            }
            _ => {}
        }
    }
    count += usize::from(pkg.flush(&mut c, sink));
    if count == 0 {
        return Err(no_packages(name, "SPDX tag-value"));
    }
    Ok(BomInfo {
        file: name.to_string(),
        components: count,
        notes: vec![format!("SPDX {number} tag-value: {}", packages(count))],
        ..BomInfo::default()
    })
}

// ---------------------------------------------------------------------------------------
// SPDX 3.0 JSON-LD

/// The parts of an SPDX 3 JSON-LD document bomgate reads.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Document3 {
    #[serde(rename = "@graph")]
    graph: Option<Vec<Element3>>,
}

/// An element of the `@graph`: a package, an agent, a creation-info block or anything else.
/// JSON-LD allows `@id`/`@type` for `spdxId`/`type`; both are read.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Element3 {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(rename = "@type")]
    at_type: Option<String>,
    spdx_id: Option<String>,
    #[serde(rename = "@id")]
    at_id: Option<String>,
    name: Option<String>,
    /// On `CreationInfo`: `3.0.1`.
    spec_version: Option<String>,
    #[serde(rename = "software_packageVersion")]
    package_version: Option<String>,
    #[serde(rename = "software_packageUrl")]
    package_url: Option<String>,
    #[serde(rename = "software_primaryPurpose")]
    primary_purpose: Option<String>,
    supplied_by: Option<AgentRef>,
    originated_by: Option<AgentRef>,
    external_identifier: Vec<ExternalIdentifier3>,
}

impl Element3 {
    fn id(&self) -> Option<&str> {
        non_empty(self.spdx_id.as_deref()).or_else(|| non_empty(self.at_id.as_deref()))
    }

    fn kind(&self) -> &str {
        non_empty(self.kind.as_deref())
            .or_else(|| non_empty(self.at_type.as_deref()))
            .unwrap_or("")
    }

    /// Is it a package of any profile: `software_Package` and its subclasses
    /// `ai_AIPackage` and `dataset_DatasetPackage` (and any later `*Package` class), by
    /// compact name or full IRI? An AI model or a data set has a supplier to screen too.
    fn is_package(&self) -> bool {
        let k = self.kind();
        let local = k.rsplit(['/', '_', '#']).next().unwrap_or(k);
        local.ends_with("Package") && local.len() >= "Package".len()
    }
}

/// A reference to an agent: its `spdxId`, the agent written inline, or a list of either.
#[derive(Deserialize)]
#[serde(untagged)]
enum AgentRef {
    Id(String),
    Many(Vec<AgentRef>),
    Inline(InlineAgent),
}

/// An agent written in place of its id.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct InlineAgent {
    spdx_id: Option<String>,
    #[serde(rename = "@id")]
    at_id: Option<String>,
    name: Option<String>,
}

impl AgentRef {
    /// The names of the agents referred to, in order, looked up in `names` (spdxId → name);
    /// returns how many references could not be resolved.
    fn resolve<'a>(&'a self, names: &HashMap<&str, &'a str>, out: &mut Vec<&'a str>) -> usize {
        match self {
            AgentRef::Id(id) => match names.get(id.trim()) {
                Some(name) => {
                    out.push(*name);
                    0
                }
                None => 1,
            },
            AgentRef::Many(refs) => refs.iter().map(|r| r.resolve(names, out)).sum(),
            AgentRef::Inline(a) => {
                let id = non_empty(a.spdx_id.as_deref()).or_else(|| non_empty(a.at_id.as_deref()));
                match non_empty(a.name.as_deref())
                    .or_else(|| id.and_then(|id| names.get(id).copied()))
                {
                    Some(name) => {
                        out.push(name);
                        0
                    }
                    None => 1,
                }
            }
        }
    }
}

/// An SPDX 3 external identifier (`externalIdentifier[]`).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ExternalIdentifier3 {
    external_identifier_type: Option<String>,
    identifier: Option<String>,
}

/// Reads an SPDX 3.0 JSON-LD document: one component per package element of `@graph`.
/// Suppliers and originators are resolved to the `name` of the element they refer to,
/// wherever it is in the graph.
pub(crate) fn read_json_ld(
    name: &str,
    text: &str,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    let text = without_bom(text);
    let doc: Document3 =
        serde_json::from_str(text).map_err(|e| json_error(name, &e, "SPDX 3 JSON-LD", SPEC_3))?;
    let Some(graph) = doc.graph else {
        return Err(no_graph(name));
    };
    let spec_version = graph
        .iter()
        .find_map(|e| non_empty(e.spec_version.as_deref()));
    check_version3(name, text, spec_version)?;
    let places = Graph3::new(text, &graph);
    let mut c = Component::new();
    let mut agents = Vec::new();
    let mut count = 0usize;
    let mut unresolved = 0usize;
    for (i, e) in graph.iter().enumerate() {
        if !e.is_package() {
            continue;
        }
        count += 1;
        unresolved += places.fill(&mut c, i, e, &mut agents);
        sink(&c);
    }
    if count == 0 {
        return Err(no_packages(name, "SPDX 3"));
    }
    Ok(info3(name, spec_version, count, unresolved))
}

/// The error for JSON without an `@graph`.
fn no_graph(name: &str) -> Error {
    Error::Bom(
        Diagnostic::new(
            name,
            "no `@graph`: this JSON is not an SPDX 3 JSON-LD document",
        )
        .at(1, 1)
        .help(format!(
            "an SPDX 3 document lists its elements in an `@graph` array; see {SPEC_3}"
        )),
    )
}

/// An error when the document's `specVersion` is not 3.x.
fn check_version3(name: &str, text: &str, spec_version: Option<&str>) -> Result<(), Error> {
    if let Some(v) = spec_version
        && !v.starts_with("3.")
    {
        return Err(Error::Bom(
            Diagnostic::new(
                name,
                format!("SPDX `specVersion` `{v}` is not supported here"),
            )
            .at(line_of_key(text, "specVersion"), 1)
            .help("bomgate reads SPDX 3.0 JSON-LD, and SPDX 2.2 and 2.3 JSON and tag-value"),
        ));
    }
    Ok(())
}

/// What the whole graph tells about each element: the names agents resolve to, and the
/// lines of elements and of their `suppliedBy`.
struct Graph3<'g> {
    /// Every named element, so that references resolve whatever the order.
    names: HashMap<&'g str, &'g str>,
    /// The line of each element of `@graph`.
    lines: Vec<usize>,
    /// The line of each element's `suppliedBy`, where it has one.
    supplier_lines: Vec<Option<usize>>,
}

impl<'g> Graph3<'g> {
    /// Indexes `graph`, parsed from `text`.
    fn new(text: &str, graph: &'g [Element3]) -> Graph3<'g> {
        Graph3 {
            names: graph
                .iter()
                .filter_map(|e| Some((e.id()?, non_empty(e.name.as_deref())?)))
                .collect(),
            lines: element_lines(text, "@graph", graph.len()),
            supplier_lines: member_lines(text, "@graph", "suppliedBy"),
        }
    }

    /// Fills `c` from package `e` (element `i`); returns how many agent references are unresolved.
    fn fill(
        &self,
        c: &mut Component,
        i: usize,
        e: &'g Element3,
        agents: &mut Vec<&'g str>,
    ) -> usize {
        let mut unresolved = 0;
        c.clear();
        let line = self.lines.get(i).copied();
        let id = e.id();
        c.set_reference(id.unwrap_or(""));
        set_name(
            c,
            e.name.as_deref().unwrap_or(""),
            e.package_version.as_deref().unwrap_or(""),
        );
        c.location.line = line;
        c.location.path = Some(id.map_or_else(|| format!("/@graph/{i}"), str::to_string));
        c.kind = kind_of_purpose(e.primary_purpose.as_deref());
        if let Some(r) = &e.supplied_by {
            agents.clear();
            unresolved += r.resolve(&self.names, agents);
            let at = self.supplier_lines.get(i).copied().flatten().or(line);
            for supplier in agents.iter() {
                c.push_source(SourceKind::Primary, "", "", supplier, at);
            }
        }
        if let Some(r) = &e.originated_by {
            agents.clear();
            unresolved += r.resolve(&self.names, agents);
            for originator in agents.iter() {
                c.push_field(Field::Originator, originator);
            }
        }
        push_identifiers3(c, e);
        unresolved
    }
}

/// The CPEs and package URLs of an SPDX 3 package.
fn push_identifiers3(c: &mut Component, e: &Element3) {
    for x in &e.external_identifier {
        let field = match x.external_identifier_type.as_deref().map(str::trim) {
            Some("cpe23" | "cpe22") => Field::Cpe,
            Some("packageUrl") => Field::Purl,
            _ => continue,
        };
        if let Some(value) = non_empty(x.identifier.as_deref()) {
            c.push_field(field, value);
        }
    }
    if let Some(purl) = non_empty(e.package_url.as_deref()) {
        c.push_field(Field::Purl, purl);
    }
}

/// What was read from an SPDX 3 document: its packages, and the references left unresolved.
fn info3(name: &str, spec_version: Option<&str>, count: usize, unresolved: usize) -> BomInfo {
    let mut notes = vec![format!(
        "SPDX {} JSON-LD: {}",
        spec_version.unwrap_or("3"),
        packages(count)
    )];
    if unresolved > 0 {
        notes.push(format!(
            "{unresolved} `suppliedBy`/`originatedBy` reference{} name no element of the graph: not screened",
            if unresolved == 1 { "" } else { "s" }
        ));
    }
    BomInfo {
        file: name.to_string(),
        components: count,
        notes,
        ..BomInfo::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of the three readers.
    type Reader = fn(&str, &str, &mut dyn FnMut(&Component)) -> Result<BomInfo, Error>;

    /// Reads with `f` and keeps the components.
    fn read(f: Reader, text: &str) -> (BomInfo, Vec<Component>) {
        let mut out = Vec::new();
        let info = f("test.spdx", text, &mut |c: &Component| out.push(c.clone())).unwrap();
        (info, out)
    }

    fn suppliers(c: &Component) -> Vec<(&str, Option<usize>)> {
        c.sources().map(|s| (s.supplier, s.line)).collect()
    }

    fn fields(c: &Component, field: Field) -> Vec<&str> {
        c.fields()
            .filter(|(f, _)| *f == field)
            .map(|(_, v)| v)
            .collect()
    }

    fn error(r: Result<BomInfo, Error>) -> Diagnostic {
        match r {
            Err(Error::Bom(d)) => d,
            other => panic!("expected a BOM error, got {other:?}"),
        }
    }

    #[test]
    fn party_grammar() {
        assert_eq!(
            party_name("Organization: SPDX (Spdx-tech@lists.spdx.org)"),
            Some("SPDX")
        );
        assert_eq!(party_name("Organization: Webjar"), Some("Webjar"));
        assert_eq!(
            party_name("Person: Jane Doe (jane.doe@example.com)"),
            Some("Jane Doe")
        );
        assert_eq!(
            party_name("Organization: ExampleCodeInspect ()"),
            Some("ExampleCodeInspect")
        );
        assert_eq!(party_name("Tool: builder-1.0"), Some("builder-1.0"));
        assert_eq!(party_name("organization:Acme"), Some("Acme"));
        assert_eq!(
            party_name("  Micron Technology, Inc. "),
            Some("Micron Technology, Inc.")
        );
        assert_eq!(party_name("Acme (Shenzhen)"), Some("Acme (Shenzhen)"));
        assert_eq!(party_name("NOASSERTION"), None);
        assert_eq!(party_name("NONE"), None);
        assert_eq!(party_name("Organization: NOASSERTION"), None);
        assert_eq!(party_name("Organization: (a@b.example)"), None);
        assert_eq!(party_name(""), None);
        assert_eq!(party_name("Person:"), None);
    }

    #[test]
    fn corpus_security_example() {
        let text =
            include_str!("../../tests/fixtures/corpus/spdx-2.3-examples/04-SBOMwSecurity.json");
        let (info, cs) = read(read_json, text);
        assert_eq!(info.components, 2);
        assert_eq!(info.notes, ["SPDX 2.3 JSON: 2 packages"]);
        assert_eq!(cs.len(), 2);
        // The package objects open on lines 11 (`"packages" : [ {`) and 29; their
        // suppliers are on lines 15 and 42.
        assert_eq!(cs[0].location.line, Some(11));
        assert_eq!(cs[1].location.line, Some(29));
        assert_eq!(suppliers(&cs[0]), [("SPDX", Some(15))]);
        assert_eq!(suppliers(&cs[1]), [("Webjar", Some(42))]);
        assert_eq!(cs[0].reference(), "SPDXRef-Package");
        assert_eq!(cs[0].location.path.as_deref(), Some("SPDXRef-Package"));
        assert_eq!(cs[0].name(), "tools-java 1.5.1");
        assert_eq!(cs[1].name(), "xlsx 0.16.6");
        assert_eq!(
            fields(&cs[1], Field::Purl),
            ["pkg:maven/org.webjars.npm/xlsx@0.16.6"]
        );
        assert_eq!(
            cs[1].fields().count(),
            1,
            "the advisory reference is no identifier"
        );
    }

    #[test]
    fn corpus_acme_example() {
        let text =
            include_str!("../../tests/fixtures/corpus/spdx-2.3-examples/ACME-v2.3.spdx.json");
        let (info, cs) = read(read_json, text);
        assert_eq!(info.components, 4);
        assert_eq!(cs.len(), 4);
        let acme = &cs[0];
        assert_eq!(acme.location.line, Some(15));
        assert_eq!(acme.name(), "Acme Applcation 2.3");
        assert_eq!(suppliers(acme), [("Jane Doe", Some(33))]);
        assert_eq!(fields(acme, Field::Originator), ["ExampleCodeInspect"]);
        let bare: Vec<&str> = cs
            .iter()
            .filter(|c| c.source_count() == 0 && fields(c, Field::Originator).is_empty())
            .map(Component::reference)
            .collect();
        assert_eq!(
            bare,
            ["SPDXRef-npm-elliptic", "SPDXRef-alpine", "SPDXRef-openssl"]
        );
        assert_eq!(
            cs.iter().map(|c| c.location.line).collect::<Vec<_>>(),
            [Some(15), Some(35), Some(53), Some(60)]
        );
        assert!(!cs[2].is_screenable(), "alpine names no one");
    }

    #[test]
    fn json_without_ids_cpes_and_errors() {
        let text = r#"{"spdxVersion": "SPDX-2.2", "packages": [
  {"name": "modem", "supplier": "NOASSERTION", "originator": "NONE",
   "externalRefs": [{"referenceCategory": "SECURITY", "referenceType": "cpe23Type",
                     "referenceLocator": "cpe:2.3:h:zte:mf286:-:*:*:*:*:*:*:*"},
                    {"referenceType": "cpe22Type", "referenceLocator": "cpe:/h:zte:mf286"}]}
]}"#;
        let (info, cs) = read(read_json, text);
        assert_eq!(info.notes, ["SPDX 2.2 JSON: 1 package"]);
        assert_eq!(cs[0].location.path.as_deref(), Some("/packages/0"));
        assert_eq!(cs[0].location.line, Some(2));
        assert_eq!(cs[0].source_count(), 0);
        assert_eq!(fields(&cs[0], Field::Cpe).len(), 2);

        let d = error(read_json(
            "x.json",
            r#"{"spdxVersion": "SPDX-3.0", "packages": []}"#,
            &mut |_| {},
        ));
        assert!(d.file == "x.json" && d.message.contains("SPDX-3.0"), "{d}");
        let d = error(read_json(
            "x.json",
            r#"{"packages": [{"name": "a"}]}"#,
            &mut |_| {},
        ));
        assert!(d.message.contains("spdxVersion"), "{d}");
        let d = error(read_json(
            "x.json",
            "{\"spdxVersion\": \"SPDX-2.3\",\n \"packages\": [{\"name\": 7}]}",
            &mut |_| {},
        ));
        assert!(
            d.message.starts_with("invalid JSON") && !d.message.contains(" at line "),
            "{d}"
        );
        assert_eq!(d.line, Some(2));
        let d = error(read_json(
            "x.json",
            "{\"spdxVersion\": \"SPDX-2.3\", ",
            &mut |_| {},
        ));
        assert!(d.message.starts_with("invalid JSON"), "{d}");
        let d = error(read_json(
            "x.json",
            r#"{"spdxVersion": "SPDX-2.3"}"#,
            &mut |_| {},
        ));
        assert!(d.message.contains("no packages"), "{d}");
    }

    #[test]
    fn member_lines_follow_the_array_only() {
        let text = "{\"a\": {\"supplier\": 1},\n \"packages\": [\n {\"x\": {\"supplier\": 2}},\n {\"n\": \"s\\\"\", \"supplier\": 3}, 5,\n {\n \"supplier\": 4}]}";
        assert_eq!(
            member_lines(text, "packages", "supplier"),
            [None, Some(4), None, Some(6)]
        );
    }

    const TAG_VALUE: &str = "\
SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentComment: <text>Not a package:
PackageName: fake
SPDXID: SPDXRef-fake
PackageSupplier: Organization: Fake</text>
# a comment: PackageName: no

PackageName: gateway-firmware
SPDXID: SPDXRef-fw
PackageVersion: 1.0
PackageSupplier: Organization: Example Devices (supply@example.com)
PackageOriginator: Person: Jane Doe
PackageDescription: <text>Firmware.
ExternalRef: SECURITY cpe23Type cpe:2.3:a:fake:fake:1:*:*:*:*:*:*:*
PackageSupplier: Organization: Also Fake</text>
ExternalRef: SECURITY cpe23Type cpe:2.3:o:example:gw:1.0:*:*:*:*:*:*:*
ExternalRef: PACKAGE-MANAGER purl pkg:generic/example/gw@1.0
ExternalRefComment: <text>one line</text>

PackageName: ddr-blob
SPDXID: SPDXRef-ddr
PackageSupplier: NOASSERTION
PackageComment: <text>
</text>

FileName: ./blob.bin
SPDXID: SPDXRef-file
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-fw
";

    #[test]
    fn tag_value_with_text_blocks() {
        let (info, cs) = read(read_tag_value, TAG_VALUE);
        assert_eq!(info.components, 2);
        assert_eq!(info.notes, ["SPDX 2.3 tag-value: 2 packages"]);
        assert_eq!(cs.len(), 2);
        let fw = &cs[0];
        assert_eq!(
            (fw.reference(), fw.name(), fw.location.line),
            ("SPDXRef-fw", "gateway-firmware 1.0", Some(10))
        );
        assert_eq!(suppliers(fw), [("Example Devices", Some(13))]);
        assert_eq!(fields(fw, Field::Originator), ["Jane Doe"]);
        assert_eq!(
            fields(fw, Field::Cpe),
            ["cpe:2.3:o:example:gw:1.0:*:*:*:*:*:*:*"]
        );
        assert_eq!(fields(fw, Field::Purl), ["pkg:generic/example/gw@1.0"]);
        let ddr = &cs[1];
        assert_eq!(
            (ddr.reference(), ddr.name(), ddr.location.line),
            ("SPDXRef-ddr", "ddr-blob", Some(22))
        );
        assert_eq!(ddr.location.path.as_deref(), Some("SPDXRef-ddr"));
        assert!(!ddr.is_screenable());
    }

    #[test]
    fn tag_value_lines_after_text_blocks() {
        let tags: Vec<(usize, String)> = TagValues::new("t", TAG_VALUE)
            .map(|t| t.map(|t| (t.line, t.tag.to_string())).unwrap())
            .filter(|(_, t)| t == "PackageName" || t == "FileName" || t == "Relationship")
            .collect();
        assert_eq!(
            tags,
            [
                (10, "PackageName".into()),
                (22, "PackageName".into()),
                (28, "FileName".into()),
                (30, "Relationship".into())
            ]
        );
    }

    #[test]
    fn tag_value_errors() {
        let d = error(read_tag_value(
            "a.spdx",
            "PackageName: x\nSPDXID: SPDXRef-x\n",
            &mut |_| {},
        ));
        assert!(
            d.file == "a.spdx" && d.message.contains("SPDXVersion"),
            "{d}"
        );
        let d = error(read_tag_value(
            "a.spdx",
            "SPDXVersion: SPDX-2.3\nPackageName: x\nPackageComment: <text>open\n",
            &mut |_| {},
        ));
        assert_eq!((d.line, d.column), (Some(3), Some(17)));
        assert!(d.message.contains("never closed"), "{d}");
        let d = error(read_tag_value(
            "a.spdx",
            "SPDXVersion: SPDX-1.2\nPackageName: x\n",
            &mut |_| {},
        ));
        assert!(d.message.contains("SPDX-1.2"), "{d}");
        let d = error(read_tag_value(
            "a.spdx",
            "SPDXVersion: SPDX-2.3\r\nDataLicense: CC0-1.0\r\n",
            &mut |_| {},
        ));
        assert!(d.message.contains("no packages"), "{d}");
        let (_, cs) = read(
            read_tag_value,
            "SPDXVersion: SPDX-2.3\r\nPackageName: crlf\r\nPackageSupplier: Organization: X\r\n",
        );
        assert_eq!(suppliers(&cs[0]), [("X", Some(3))]);
    }

    const JSON_LD: &str = r#"{
  "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
  "@graph": [
    {
      "type": "CreationInfo",
      "@id": "_:creationinfo",
      "specVersion": "3.0.1",
      "created": "2026-01-01T00:00:00Z",
      "createdBy": ["https://example.com/spdx/person-dev"]
    },
    {
      "type": "software_Package",
      "spdxId": "https://example.com/spdx/camera-fw",
      "creationInfo": "_:creationinfo",
      "name": "camera-fw",
      "software_packageVersion": "5.7.3",
      "software_packageUrl": "pkg:generic/example/camera-fw@5.7.3",
      "suppliedBy": "https://example.com/spdx/org-maker",
      "originatedBy": ["https://example.com/spdx/person-dev", "https://example.com/spdx/missing"],
      "externalIdentifier": [
        {"type": "ExternalIdentifier", "externalIdentifierType": "cpe23",
         "identifier": "cpe:2.3:o:example:camera_fw:5.7.3:*:*:*:*:*:*:*"},
        {"type": "ExternalIdentifier", "externalIdentifierType": "packageUrl",
         "identifier": "pkg:github/example/camera-fw@5.7.3"},
        {"type": "ExternalIdentifier", "externalIdentifierType": "swhid", "identifier": "swh:1:cnt:0"}
      ]
    },
    {"type": "software_Package", "name": "libfoo", "suppliedBy": {"type": "Organization", "name": "Inline Org"}},
    {"type": "software_File", "spdxId": "https://example.com/spdx/file", "name": "fw.bin"},
    {
      "type": "Organization",
      "spdxId": "https://example.com/spdx/org-maker",
      "creationInfo": "_:creationinfo",
      "name": "Example Camera Maker Co., Ltd."
    },
    {"type": "Person", "spdxId": "https://example.com/spdx/person-dev", "name": "Jane Doe"}
  ]
}"#;

    #[test]
    fn json_ld_resolves_agents_defined_later() {
        let (info, cs) = read(read_json_ld, JSON_LD);
        assert_eq!(info.components, 2);
        assert_eq!(
            info.notes.first().map(String::as_str),
            Some("SPDX 3.0.1 JSON-LD: 2 packages")
        );
        assert!(
            info.notes
                .iter()
                .any(|n| n.starts_with("1 `suppliedBy`/`originatedBy` reference "))
        );
        let fw = &cs[0];
        assert_eq!(fw.reference(), "https://example.com/spdx/camera-fw");
        assert_eq!(
            fw.location.path.as_deref(),
            Some("https://example.com/spdx/camera-fw")
        );
        assert_eq!((fw.name(), fw.location.line), ("camera-fw 5.7.3", Some(11)));
        assert_eq!(
            suppliers(fw),
            [("Example Camera Maker Co., Ltd.", Some(18))]
        );
        assert_eq!(fields(fw, Field::Originator), ["Jane Doe"]);
        assert_eq!(
            fields(fw, Field::Cpe),
            ["cpe:2.3:o:example:camera_fw:5.7.3:*:*:*:*:*:*:*"]
        );
        assert_eq!(
            fields(fw, Field::Purl),
            [
                "pkg:github/example/camera-fw@5.7.3",
                "pkg:generic/example/camera-fw@5.7.3"
            ]
        );
        let lib = &cs[1];
        assert_eq!((lib.reference(), lib.location.line), ("", Some(28)));
        assert_eq!(lib.location.path.as_deref(), Some("/@graph/2"));
        assert_eq!(suppliers(lib), [("Inline Org", Some(28))]);
    }

    #[test]
    fn json_ld_errors() {
        let d = error(read_json_ld(
            "x.jsonld",
            r#"{"spdxVersion": "SPDX-2.3"}"#,
            &mut |_| {},
        ));
        assert!(d.message.contains("@graph"), "{d}");
        let d = error(read_json_ld(
            "x.jsonld",
            r#"{"@graph": [{"type": "Person", "name": "x"}]}"#,
            &mut |_| {},
        ));
        assert!(d.message.contains("no packages"), "{d}");
        let d = error(read_json_ld(
            "x.jsonld",
            r#"{"@graph": [{"type": "software_Package", "suppliedBy": 5}]}"#,
            &mut |_| {},
        ));
        assert!(d.message.starts_with("invalid JSON"), "{d}");
        let d = error(read_json_ld(
            "x.jsonld",
            r#"{"@graph": [{"type": "CreationInfo", "specVersion": "2.3"}]}"#,
            &mut |_| {},
        ));
        assert!(d.message.contains("`2.3`"), "{d}");
    }
}
