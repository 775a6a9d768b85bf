//! Matching one component: every value that can name a maker (manufacturer, part number,
//! supplier, publisher, identifiers) looked up in the rule set's index, giving hits. Knows
//! nothing of rules, dates or contexts.

use crate::bom::{Component, Field};
use crate::hash::FxHashMap;
use crate::normalize::is_placeholder;
use crate::rules::RuleSet;
use crate::rules::index::{How, Target};

/// One value of a component that matched a listed name, family or identifier.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit {
    /// The entity (or member) and the text it matched.
    pub target: Target,
    /// How it matched.
    pub how: How,
    /// The field the value came from.
    pub field: Field,
    /// Index of the source (for manufacturer, mpn, supplier), or of the extra field.
    pub source: usize,
    /// Whether `source` indexes [`Component::fields`] rather than [`Component::sources`].
    pub extra: bool,
    /// Whether an identifier's vendor (a CPE vendor, a purl namespace's organisation) matched
    /// an entity's name rather than an identifier the entity declares.
    pub by_name: bool,
}

/// A BOM value seen before: whether it is a placeholder, and what it matched.
#[derive(Debug, Default)]
struct CachedName {
    placeholder: bool,
    hits: Vec<(Target, How)>,
}

/// Looks up component values, caching names (BOMs repeat the same makers on every line).
#[derive(Debug)]
pub(crate) struct Matcher<'r> {
    rules: &'r RuleSet,
    name_cache: FxHashMap<String, CachedName>,
    hits: Vec<Hit>,
    scratch: Vec<(Target, How)>,
    mpn_buf: String,
}

impl<'r> Matcher<'r> {
    /// A matcher over the index of `rules`.
    pub fn new(rules: &'r RuleSet) -> Matcher<'r> {
        Matcher {
            rules,
            name_cache: FxHashMap::default(),
            hits: Vec::new(),
            scratch: Vec::new(),
            mpn_buf: String::new(),
        }
    }

    /// Every hit of a component: its sources first (manufacturer, part number, supplier of
    /// the primary and each alternate), then its other fields.
    pub fn hits(&mut self, c: &Component) -> &[Hit] {
        self.hits.clear();
        for (si, s) in c.sources().enumerate() {
            if !s.manufacturer.is_empty() {
                self.lookup_name(Field::Manufacturer, s.manufacturer, si, false);
            }
            if !s.mpn.is_empty() {
                self.lookup_mpn(s.mpn, si, false);
            }
            if !s.supplier.is_empty() {
                self.lookup_name(Field::Supplier, s.supplier, si, false);
            }
        }
        for (fi, (field, value)) in c.fields().enumerate() {
            self.lookup_field(field, value, fi);
        }
        &self.hits
    }

    /// Looks up one extra field (a second maker column, a publisher, an identifier).
    fn lookup_field(&mut self, field: Field, value: &str, fi: usize) {
        let rules = self.rules;
        let index = &rules.index;
        self.scratch.clear();
        match field {
            Field::Publisher
            | Field::Author
            | Field::Originator
            | Field::Provider
            | Field::Manufacturer
            | Field::Supplier => return self.lookup_name(field, value, fi, true),
            Field::Mpn => return self.lookup_mpn(value, fi, true),
            Field::Cpe => index.lookup_cpe(value, &mut self.scratch),
            Field::Purl => index.lookup_purl(value, &mut self.scratch),
            // Grantee codes are codes, not names: only declared ones match.
            Field::FccId => index.lookup_fcc_id(value, &mut self.scratch),
            // A country of production names no vendor (country-of-production rules read it).
            Field::Origin => return,
        }
        if self.scratch.is_empty() {
            // No entity declares this identifier: compare the vendor it names with every
            // entity's names (`cpe:2.3:h:huawei:…`, `pkg:maven/com.huawei…`).
            let vendor = match field {
                Field::Cpe => crate::ident::cpe_vendor_words(value),
                Field::Purl => crate::ident::purl_organisation(value),
                _ => None,
            };
            if let Some(vendor) = vendor {
                self.lookup_name(field, &vendor, fi, true);
            }
            return self.mark_by_name(field, fi);
        }
        self.push_scratch(field, fi, true);
    }

    /// Marks the hits of an identifier's vendor looked up as a name.
    fn mark_by_name(&mut self, field: Field, fi: usize) {
        for h in self.hits.iter_mut().rev() {
            if !(h.field == field && h.source == fi && h.extra) {
                break;
            }
            h.by_name = true;
        }
    }

    /// Looks up a part number among the part-number families.
    fn lookup_mpn(&mut self, mpn: &str, source: usize, extra: bool) {
        self.scratch.clear();
        let rules = self.rules;
        rules
            .index
            .lookup_mpn(mpn, &mut self.mpn_buf, &mut self.scratch);
        self.push_scratch(Field::Mpn, source, extra);
    }

    /// Looks up a maker's name, through the cache. A placeholder manufacturer (`Generic`)
    /// matches nothing.
    fn lookup_name(&mut self, field: Field, value: &str, source: usize, extra: bool) {
        let found = match self.name_cache.get(value) {
            Some(v) => v,
            None => {
                let mut v = CachedName {
                    placeholder: is_placeholder(value),
                    hits: Vec::new(),
                };
                if !v.placeholder {
                    self.rules.index.lookup_name(value, &mut v.hits);
                }
                self.name_cache.entry(value.to_string()).or_insert(v)
            }
        };
        if field == Field::Manufacturer && found.placeholder {
            return;
        }
        for (target, how) in &found.hits {
            self.hits.push(Hit {
                target: *target,
                how: *how,
                field,
                source,
                extra,
                by_name: false,
            });
        }
    }

    /// Moves the look-up results in `scratch` into the hits.
    fn push_scratch(&mut self, field: Field, source: usize, extra: bool) {
        for (target, how) in self.scratch.drain(..) {
            self.hits.push(Hit {
                target,
                how,
                field,
                source,
                extra,
                by_name: false,
            });
        }
    }
}
