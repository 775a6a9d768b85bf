//! The match index built from a rule set: hash maps from normalised names, part-number
//! families and identifiers to entities. A look-up costs the same with ten entities or with
//! tens of thousands.

use crate::hash::FxHashMap as HashMap;

use crate::normalize::{NameKey, mpn_key, skeleton_string};
use crate::rules::Entity;

/// What a key points at: an entity, or one of its group members, and the name as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    pub entity: u32,
    pub member: Option<u32>,
    /// Index into [`Index::texts`]: the alias or family as written in the rule file.
    pub text: u32,
}

/// How a value matched a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum How {
    /// Equal after normalisation.
    Exact,
    /// Equal after generic trailing words were dropped (`Micron Semiconductor`).
    GenericWords,
    /// Equal only after confusable characters were folded.
    Confusable,
}

#[derive(Default, Debug, Clone)]
pub(crate) struct Index {
    plain: HashMap<String, Vec<Target>>,
    folded: HashMap<String, Vec<Target>>,
    mpn: HashMap<String, Vec<Target>>,
    mpn_lens: Vec<usize>,
    cpe: HashMap<String, Vec<Target>>,
    purl: HashMap<String, Vec<Target>>,
    fcc: HashMap<String, Vec<Target>>,
    pub texts: Vec<String>,
}

impl Index {
    pub fn build(entities: &[Entity]) -> Index {
        let mut ix = Index::default();
        for (ei, e) in entities.iter().enumerate() {
            let ei = ei as u32;
            let mut names: Vec<(Option<u32>, &str)> = vec![(None, e.name.as_str())];
            names.extend(e.aliases.iter().map(|a| (None, a.as_str())));
            let mut prefixes: Vec<(Option<u32>, &str)> =
                e.mpn_prefixes.iter().map(|p| (None, p.as_str())).collect();
            for (mi, m) in e.members.iter().enumerate() {
                let mi = Some(mi as u32);
                names.push((mi, m.name.as_str()));
                names.extend(m.aliases.iter().map(|a| (mi, a.as_str())));
                prefixes.extend(m.mpn_prefixes.iter().map(|p| (mi, p.as_str())));
            }
            for (member, name) in names {
                let Some(key) = NameKey::new(name) else {
                    continue;
                };
                let t = ix.target(ei, member, name);
                push_unique(&mut ix.plain, key.plain_key(), t);
                push_unique(&mut ix.folded, key.folded_key(), t);
            }
            for (member, p) in prefixes {
                let t = ix.target(ei, member, p);
                push_unique(&mut ix.mpn, mpn_key(p), t);
            }
            for v in &e.cpe_vendors {
                let t = ix.target(ei, None, v);
                push_unique(&mut ix.cpe, cpe_token(v), t);
            }
            for v in &e.purl_namespaces {
                let t = ix.target(ei, None, v);
                push_unique(&mut ix.purl, v.to_lowercase(), t);
            }
            for v in &e.fcc_grantees {
                let t = ix.target(ei, None, v);
                push_unique(&mut ix.fcc, v.to_uppercase(), t);
            }
        }
        let mut lens: Vec<usize> = ix.mpn.keys().map(String::len).collect();
        lens.sort_unstable_by(|a, b| b.cmp(a));
        lens.dedup();
        ix.mpn_lens = lens;
        ix
    }

    fn target(&mut self, entity: u32, member: Option<u32>, text: &str) -> Target {
        self.texts.push(text.to_string());
        Target {
            entity,
            member,
            text: (self.texts.len() - 1) as u32,
        }
    }

    pub fn text(&self, t: &Target) -> &str {
        self.texts.get(t.text as usize).map_or("", String::as_str)
    }

    /// Looks a name up: whole key, then without trailing generic words, then folded.
    /// A value such as `美光(Micron)` or `Micron / Crucial` is also tried piece by piece.
    pub fn lookup_name(&self, value: &str, out: &mut Vec<(Target, How)>) {
        if self.lookup_one(value, out) {
            return;
        }
        let pieces: Vec<&str> = value
            .split(['/', ';', '|', '(', ')', '（', '）', '[', ']'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if pieces.len() > 1 {
            for p in pieces {
                self.lookup_one(p, out);
            }
        }
    }

    fn lookup_one(&self, value: &str, out: &mut Vec<(Target, How)>) -> bool {
        let Some(key) = NameKey::new(value) else {
            return false;
        };
        for (k, dropped) in NameKey::lookup_keys(&key.plain) {
            if let Some(ts) = self.plain.get(&k) {
                let how = if dropped { How::GenericWords } else { How::Exact };
                out.extend(ts.iter().map(|t| (*t, how)));
                return true;
            }
        }
        for (k, _) in NameKey::lookup_keys(&key.folded) {
            if let Some(ts) = self.folded.get(&skeleton_string(&k)) {
                out.extend(ts.iter().map(|t| (*t, How::Confusable)));
                return true;
            }
        }
        false
    }

    /// Looks a part number up by family; `buf` is scratch space. Longest family first.
    pub fn lookup_mpn(&self, mpn: &str, buf: &mut String, out: &mut Vec<(Target, How)>) {
        if self.mpn_lens.is_empty() || mpn.is_empty() {
            return;
        }
        buf.clear();
        if mpn.is_ascii() {
            buf.extend(mpn.trim().chars().map(|c| c.to_ascii_uppercase()));
        } else {
            buf.push_str(&mpn_key(mpn));
        }
        for len in &self.mpn_lens {
            let Some(prefix) = buf.get(..*len) else {
                continue;
            };
            if let Some(ts) = self.mpn.get(prefix) {
                out.extend(ts.iter().map(|t| (*t, How::Exact)));
                return;
            }
        }
    }

    /// Looks up the vendor of a CPE name (`cpe:2.3:h:vendor:…` or `cpe:/h:vendor:…`).
    pub fn lookup_cpe(&self, cpe: &str, out: &mut Vec<(Target, How)>) {
        let parts: Vec<&str> = if let Some(rest) = cpe.strip_prefix("cpe:2.3:") {
            rest.split(':').collect()
        } else if let Some(rest) = cpe.strip_prefix("cpe:/") {
            rest.split(':').collect()
        } else {
            return;
        };
        if let Some(vendor) = parts.get(1) {
            if let Some(ts) = self.cpe.get(&cpe_token(vendor)) {
                out.extend(ts.iter().map(|t| (*t, How::Exact)));
            }
        }
    }

    /// Looks up the namespace of a package URL (`pkg:type/namespace/name@version`).
    pub fn lookup_purl(&self, purl: &str, out: &mut Vec<(Target, How)>) {
        let Some(rest) = purl.strip_prefix("pkg:") else {
            return;
        };
        let path = rest.split(['@', '?', '#']).next().unwrap_or("");
        let segs: Vec<&str> = path.split('/').collect();
        if segs.len() >= 3 {
            if let Some(ns) = segs.get(1) {
                if let Some(ts) = self.purl.get(&ns.to_lowercase()) {
                    out.extend(ts.iter().map(|t| (*t, How::Exact)));
                }
            }
        }
    }

    /// Looks up the grantee code of an FCC ID: the first 5 characters when it starts with
    /// `2` (codes issued since 2013), else the first 3.
    pub fn lookup_fcc_id(&self, id: &str, out: &mut Vec<(Target, How)>) {
        let id = id.trim().to_uppercase();
        let len = if id.starts_with('2') { 5 } else { 3 };
        if let Some(code) = id.get(..len) {
            if let Some(ts) = self.fcc.get(code) {
                out.extend(ts.iter().map(|t| (*t, How::Exact)));
            }
        }
    }
}

fn cpe_token(s: &str) -> String {
    s.trim().to_lowercase().replace('\\', "")
}

fn push_unique(map: &mut HashMap<String, Vec<Target>>, key: String, t: Target) {
    let v = map.entry(key).or_default();
    // One target per entity and key: the entity itself wins over a member whose name
    // normalises the same (`Micron Technology B.V.` is `Micron Technology` once `B.V.` goes).
    match v.iter_mut().find(|x| x.entity == t.entity) {
        Some(x) if x.member.is_some() && t.member.is_none() => *x = t,
        Some(_) => {}
        None => v.push(t),
    }
}
