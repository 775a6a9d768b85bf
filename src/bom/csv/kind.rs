//! What kind of thing a row is, as far as its cells say: a kind column (`Kind`, `Type`,
//! `Category`) that names a kind or words that leave no doubt, a provider (a service), a
//! publisher (software), a description that names a module or equipment, a designator with a maker or part number
//! (a part). Each test runs only when the layout has the columns it reads, and none
//! allocates for a row that does not name a module or equipment.

use super::{Body, Row};
use crate::bom::Kind;

impl Body<'_> {
    /// The kind of the component that starts on `row` (after [`Body::row_kind`] noted what it
    /// fills).
    pub(super) fn component_kind(&self, row: &Row<'_>) -> Kind {
        // A kind column says it outright (`module`), or in words (`LTE module`, `Router`).
        if !self.lay.kind.is_empty() {
            if let Some(k) = row.all(&self.lay.kind).find_map(named) {
                return k;
            }
            if let Some(k) = row.all(&self.lay.kind).find_map(described) {
                return k;
            }
        }
        if self.provider_filled {
            return Kind::Service;
        }
        if self.publisher_filled {
            return Kind::Software;
        }
        if let Some(k) = row.all(&self.lay.name).find_map(described) {
            return k;
        }
        if !self.current.reference().is_empty() && self.names_maker_or_part(row) {
            Kind::Part
        } else {
            Kind::Unknown
        }
    }

    /// Does the row name a manufacturer or a part number in one of its sources?
    fn names_maker_or_part(&self, row: &Row<'_>) -> bool {
        self.filled.iter().any(|k| {
            self.lay
                .sources
                .get(*k)
                .is_some_and(|(_, m, p, _)| !(row.first(m).is_empty() && row.first(p).is_empty()))
        })
    }
}

/// The kind a cell names exactly: `part`, `equipment`, `module`, `software` or `service`, in
/// any case.
fn named(cell: &str) -> Option<Kind> {
    Kind::NAMED
        .into_iter()
        .find(|k| cell.eq_ignore_ascii_case(k.as_str()))
}

/// The kind a description names ([`Kind::of_description`]), when it names one.
fn described(text: &str) -> Option<Kind> {
    if !may_describe_kind(text) {
        return None;
    }
    Some(Kind::of_description(text)).filter(|k| !k.is_unknown())
}

/// Could [`Kind::of_description`] find a kind in `text`? A scan of its ASCII words that
/// allocates nothing: true for every text it finds one in (and for a few more).
///
/// It finds one by a word (`module`, `som`, `nvr`, `dvr`, `router`), by a phrase that ends in
/// a word starting `camera`, `station`, `point` or `module` (`IP camera`, `base station`,
/// `access point`, `system on module`), or by `模组` or `模块`. Its words are split on every
/// character that is not a letter or digit, so each is one of the ASCII words here, split on
/// ASCII non-alphanumerics and any non-ASCII byte; lower-casing makes no ASCII letter of these
/// words from a non-ASCII one except `k`, which none of them has.
fn may_describe_kind(text: &str) -> bool {
    // Each word is compared only with those that start with its first letter.
    let word = |w: &[u8]| {
        let is = |k: &[u8]| w.eq_ignore_ascii_case(k);
        let starts = |k: &[u8]| w.get(..k.len()).is_some_and(|p| p.eq_ignore_ascii_case(k));
        match w.first().map(|f| f | 0x20) {
            Some(b'm') => starts(b"module"),
            Some(b's') => is(b"som") || starts(b"station"),
            Some(b'n') => is(b"nvr"),
            Some(b'd') => is(b"dvr"),
            Some(b'r') => is(b"router"),
            Some(b'c') => starts(b"camera"),
            Some(b'p') => starts(b"point"),
            _ => false,
        }
    };
    if text
        .as_bytes()
        .split(|b| !b.is_ascii_alphanumeric())
        .any(|w| w.len() >= 3 && word(w))
    {
        return true;
    }
    !text.is_ascii() && (text.contains("模组") || text.contains("模块"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_never_misses_a_kind_the_description_names() {
        for text in [
            "LTE module",
            "Wi-Fi MODULE, 2.4 GHz",
            "SoM",
            "system on modules",
            "8-channel NVR",
            "DVR",
            "Edge router",
            "VoIP camera",
            "Network Camera 4MP",
            "5G base stations",
            "Wireless access points",
            "4G模组",
            "WiFi模块",
            "Überwachungs-Router",
            "module·LTE",
        ] {
            assert!(
                !Kind::of_description(text).is_unknown(),
                "{text}: a kind the test expects"
            );
            assert!(may_describe_kind(text), "{text}");
            assert_eq!(described(text), Some(Kind::of_description(text)), "{text}");
        }
        for text in [
            "RES 10K 1% 0402",
            "LDO 3.3V",
            "",
            "电阻 10K",
            "modular jack",
        ] {
            assert!(Kind::of_description(text).is_unknown(), "{text}");
            assert_eq!(described(text), None, "{text}");
        }
    }

    #[test]
    fn kind_names_in_any_case() {
        assert_eq!(named("Module"), Some(Kind::Module));
        assert_eq!(named("SERVICE"), Some(Kind::Service));
        assert_eq!(named("unknown"), None);
        assert_eq!(named("modules"), None);
    }
}
