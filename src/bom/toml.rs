//! bomgate's own TOML BOM format. Strict: an unknown key is an error, never ignored.
//!
//! ```toml
//! [bom]
//! name = "Gateway board"        # optional
//! revision = "B"                # optional
//!
//! [[component]]
//! ref = "U3"                    # designators: "U3" or "U3, U4"
//! name = "DDR3L 4Gb"            # optional: value or description
//! quantity = 1                  # optional
//! manufacturer = "Micron Technology Inc."
//! mpn = "MT41K256M16TW-107:P"
//! supplier = "Digi-Key"         # optional: distributor
//! publisher = "…"               # optional (software)
//! cpe = "cpe:2.3:h:…"           # optional identifiers: cpe, purl, fcc-id
//! kind = "module"               # optional: part, equipment, module, software, service
//! class = "uas"                 # optional: product class, for country-of-production rules
//! origin = "CN"                 # optional: country of production
//! exception = "blue-uas"        # optional: an exception the rules allow
//!
//! [[component.alternate]]       # optional approved alternates
//! manufacturer = "Kingston"
//! mpn = "D2516ECMDXGJD-U"
//! ```

use serde::Deserialize;
use toml::Spanned;

use super::{BomInfo, Component, Field, Kind, SourceKind};
use crate::error::{Diagnostic, Error, suggest_key};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBom {
    /// Name and revision: accepted (and checked for unknown keys), not used.
    #[allow(dead_code)]
    bom: Option<RawMeta>,
    #[serde(default)]
    component: Vec<Spanned<RawComponent>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    #[allow(dead_code)]
    name: Option<String>,
    #[allow(dead_code)]
    revision: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawComponent {
    #[serde(rename = "ref")]
    reference: Option<String>,
    name: Option<String>,
    quantity: Option<f64>,
    manufacturer: Option<String>,
    mpn: Option<String>,
    supplier: Option<String>,
    publisher: Option<String>,
    author: Option<String>,
    cpe: Option<String>,
    purl: Option<String>,
    fcc_id: Option<String>,
    kind: Option<Spanned<String>>,
    origin: Option<String>,
    class: Option<String>,
    exception: Option<String>,
    #[serde(default)]
    alternate: Vec<Spanned<RawAlternate>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlternate {
    manufacturer: Option<String>,
    mpn: Option<String>,
    supplier: Option<String>,
}

pub(crate) fn read(
    name: &str,
    text: &str,
    sink: &mut dyn FnMut(&Component),
) -> Result<BomInfo, Error> {
    let raw: RawBom = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let mut d = Diagnostic::new(name, e.message().trim().to_string());
            if let Some(span) = e.span() {
                d = d.at_offset(text, span.start);
            }
            return Err(Error::Bom(match unknown_key_help(e.message()) {
                Some(KeyHelp::Candidate(s)) => d.did_you_mean(&s),
                Some(KeyHelp::Allowed(h)) => d.help(h),
                None => d.help("see the TOML BOM format in the README (`[[component]]` with `ref`, `manufacturer`, `mpn`…)"),
            }));
        }
    };
    if raw.component.is_empty() {
        return Err(Error::Bom(
            Diagnostic::new(name, "no `[[component]]` tables: nothing to check")
                .help("list the parts as `[[component]]` tables"),
        ));
    }
    let mut c = Component::new();
    for comp in &raw.component {
        let line = crate::error::line_col(text, comp.span().start).0;
        fill(&mut c, comp.get_ref(), line, text);
        c.kind = kind(name, text, comp.get_ref())?;
        sink(&c);
    }
    Ok(BomInfo {
        file: name.to_string(),
        components: raw.component.len(),
        ..BomInfo::default()
    })
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a` or `b`"): the
/// key it probably means, from the keys the message lists (those of the table it is in:
/// `[bom]`, `[[component]]`, `[[component.alternate]]`), else those keys.
fn unknown_key_help(msg: &str) -> Option<KeyHelp> {
    let rest = msg.strip_prefix("unknown field `")?;
    let key = rest.split('`').next()?;
    let (_, expected) = rest.split_once("expected")?;
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    Some(match suggest_key(key, known.iter().copied()) {
        Some(s) => KeyHelp::Candidate(s.to_string()),
        None => KeyHelp::Allowed(format!("allowed keys: {}", known.join(", "))),
    })
}

/// The key an unknown key probably means, or the keys allowed where it is.
enum KeyHelp {
    Candidate(String),
    Allowed(String),
}

/// Fills `c` from one `[[component]]` table that starts on `line`.
fn fill(c: &mut Component, r: &RawComponent, line: usize, text: &str) {
    c.clear();
    c.set_reference(r.reference.as_deref().unwrap_or(""));
    c.set_name(r.name.as_deref().unwrap_or(""));
    c.set_quantity(r.quantity);
    c.location.line = Some(line);
    let s = |o: &Option<String>| o.as_deref().unwrap_or("").to_string();
    if r.manufacturer.is_some() || r.mpn.is_some() || r.supplier.is_some() {
        c.push_source(
            SourceKind::Primary,
            &s(&r.manufacturer),
            &s(&r.mpn),
            &s(&r.supplier),
            Some(line),
        );
    }
    for alt in &r.alternate {
        let aline = crate::error::line_col(text, alt.span().start).0;
        let a = alt.get_ref();
        c.push_source(
            SourceKind::Alternate,
            &s(&a.manufacturer),
            &s(&a.mpn),
            &s(&a.supplier),
            Some(aline),
        );
    }
    for (field, v) in [
        (Field::Publisher, &r.publisher),
        (Field::Author, &r.author),
        (Field::Cpe, &r.cpe),
        (Field::Purl, &r.purl),
        (Field::FccId, &r.fcc_id),
    ] {
        if let Some(v) = v {
            c.push_field(field, v);
        }
    }
    c.origin = r.origin.clone();
    c.class = r.class.clone();
    c.exceptions.extend(r.exception.iter().cloned());
}

/// A component's kind: `kind = "…"` when given, else what its name says (a module, a piece of
/// equipment), else a part when it has a designator and a maker or part number.
fn kind(name: &str, text: &str, r: &RawComponent) -> Result<Kind, Error> {
    if let Some(class) = &r.class
        && !super::PRODUCT_CLASSES.contains(&class.as_str())
    {
        return Err(Error::Bom(
            Diagnostic::new(name, format!("unknown product class `{class}`"))
                .help(format!("use one of {}", super::PRODUCT_CLASSES.join(", "))),
        ));
    }
    if let Some(k) = &r.kind {
        return Kind::parse(k.get_ref()).ok_or_else(|| {
            let kinds: Vec<&str> = Kind::NAMED.iter().map(|k| k.as_str()).collect();
            Error::Bom(
                Diagnostic::new(name, format!("unknown kind `{}`", k.get_ref()))
                    .at_offset(text, k.span().start)
                    .help(format!("use one of {}", kinds.join(", "))),
            )
        });
    }
    let described = Kind::of_description(r.name.as_deref().unwrap_or(""));
    let placed = r.reference.as_deref().is_some_and(|x| !x.trim().is_empty())
        && (r.manufacturer.is_some() || r.mpn.is_some());
    Ok(match described {
        Kind::Unknown if placed => Kind::Part,
        k => k,
    })
}
