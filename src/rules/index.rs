//! The match index built from a rule set: hash maps from normalised names, part-number
//! families and identifiers to entities. A look-up costs the same with ten entities or with
//! tens of thousands.

use std::hash::Hasher as _;

use crate::hash::{FxHashMap as HashMap, FxHasher};

use crate::ident;
use crate::normalize::{self, NameKey, mpn_key, skeleton_string};
use crate::rules::Entity;

/// What a key points at: an entity, or one of its group members, and the name as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    pub entity: u32,
    pub member: Option<u32>,
    pub text: TextRef,
}

/// Where the matched text is: a name of the entity or member (0 = its name, k = its alias
/// k - 1), or an entry of [`Index::texts`] (families and identifiers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TextRef {
    Name(u32),
    Extra(u32),
}

/// Two entities of one pack whose names normalise to the same key, or a name that normalises
/// to nothing.
#[derive(Debug)]
pub(crate) enum Conflict {
    /// `(entity, name)` pairs: the first owner, then the second, of the same pack.
    SharedName {
        first: (u32, String),
        second: (u32, String),
    },
    /// An entity name with no letters or digits left after normalisation.
    Empty { entity: u32, name: String },
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
    /// Equal once a leading Chinese place name was dropped (`Zhejiang Dahua`).
    PlacePrefix,
}

/// The targets of one key: almost always one, so it is stored inline.
#[derive(Debug, Clone)]
enum Targets {
    One(Target),
    Many(Vec<Target>),
}

impl Targets {
    fn as_slice(&self) -> &[Target] {
        match self {
            Targets::One(t) => std::slice::from_ref(t),
            Targets::Many(v) => v,
        }
    }
}

/// No entry: the end of a chain.
const NONE: u32 = u32::MAX;

/// A map from keys to their targets whose keys live in one buffer, not in a string each: the
/// index of a list of 20,000 entities holds 200,000 name keys, and allocating and freeing them
/// one by one cost as much as the rest of loading.
#[derive(Default, Debug, Clone)]
struct Map {
    /// The keys, one after another.
    text: Vec<u8>,
    /// One per key, in the order added.
    entries: Vec<Entry>,
    /// The first entry of each key hash; entries whose keys share a hash are chained.
    heads: HashMap<u64, u32>,
}

/// A key of a [`Map`]: its place in the map's text, the next entry with the same hash, and
/// its targets.
#[derive(Debug, Clone)]
struct Entry {
    start: usize,
    len: usize,
    next: u32,
    targets: Targets,
}

impl Map {
    fn reserve(&mut self, keys: usize) {
        self.entries.reserve(keys);
        self.heads.reserve(keys);
    }

    fn hash(key: &[u8]) -> u64 {
        let mut h = FxHasher::default();
        h.write(key);
        h.write_usize(key.len());
        h.finish()
    }

    fn key(&self, e: &Entry) -> &[u8] {
        self.text.get(e.start..e.start + e.len).unwrap_or_default()
    }

    /// The entry of `key`, whose hash is `hash`.
    fn find(&self, key: &[u8], hash: u64) -> Option<usize> {
        let mut i = *self.heads.get(&hash)?;
        while let Some(e) = self.entries.get(i as usize) {
            if self.key(e) == key {
                return Some(i as usize);
            }
            i = e.next;
        }
        None
    }

    fn get(&self, key: &str) -> Option<&Targets> {
        self.get_bytes(key.as_bytes())
    }

    fn get_bytes(&self, key: &[u8]) -> Option<&Targets> {
        let i = self.find(key, Self::hash(key))?;
        self.entries.get(i).map(|e| &e.targets)
    }

    fn keys(&self) -> impl Iterator<Item = &[u8]> {
        self.entries.iter().map(|e| self.key(e))
    }

    /// Adds a target to a key: one target per entity and key, the entity itself winning over
    /// a member whose name normalises the same (`Micron Technology B.V.` is `Micron
    /// Technology` once `B.V.` goes).
    fn push(&mut self, key: &[u8], t: Target) {
        let hash = Self::hash(key);
        let found = self.find(key, hash);
        self.push_found(key, hash, found, t);
    }

    /// [`Map::push`] of a key whose hash and entry (`found`) were looked up already.
    fn push_found(&mut self, key: &[u8], hash: u64, found: Option<usize>, t: Target) {
        if let Some(e) = found.and_then(|i| self.entries.get_mut(i)) {
            let list = match &mut e.targets {
                Targets::One(x) => vec![*x],
                Targets::Many(v) => std::mem::take(v),
            };
            let mut list = list;
            match list.iter_mut().find(|x| x.entity == t.entity) {
                Some(x) if x.member.is_some() && t.member.is_none() => *x = t,
                Some(_) => {}
                None => list.push(t),
            }
            e.targets = match list.as_slice() {
                [one] => Targets::One(*one),
                _ => Targets::Many(list),
            };
            return;
        }
        let next = self
            .heads
            .insert(hash, self.entries.len() as u32)
            .unwrap_or(NONE);
        let start = self.text.len();
        self.text.extend_from_slice(key);
        self.entries.push(Entry {
            start,
            len: key.len(),
            next,
            targets: Targets::One(t),
        });
    }
}

#[derive(Default, Debug, Clone)]
pub(crate) struct Index {
    plain: Map,
    folded: Map,
    mpn: Map,
    mpn_lens: Vec<usize>,
    /// The first three bytes of every family (families have at least three characters):
    /// most part numbers are ruled out by one look-up here.
    mpn_heads: crate::hash::FxHashSet<[u8; 3]>,
    cpe: Map,
    purl: Map,
    fcc: Map,
    pub texts: Vec<String>,
}

impl Index {
    /// Builds the index. A key may lead to entities of different packs (the same company in
    /// the shipped rules and on an imported list): a look-up returns each. Names shared by two
    /// entities of one pack are reported, and the first owner kept.
    pub fn build(entities: &[Entity]) -> (Index, Vec<Conflict>) {
        let mut ix = Index::default();
        let names: usize = entities
            .iter()
            .map(|e| {
                1 + e.aliases.len() + e.members.iter().map(|m| 1 + m.aliases.len()).sum::<usize>()
            })
            .sum();
        ix.plain.reserve(names);
        ix.folded.reserve(names);
        let mut conflicts = Vec::new();
        let mut scratch = Scratch::default();
        let (mut names, mut prefixes) = (Vec::new(), Vec::new());
        for (ei, e) in entities.iter().enumerate() {
            let ei = ei as u32;
            names_and_families(e, &mut names, &mut prefixes);
            for (member, pos, name) in names.drain(..) {
                let at = (ei, member, pos);
                ix.add_name(entities, at, name, &mut scratch, &mut conflicts);
            }
            for (member, p) in prefixes.drain(..) {
                let t = ix.extra(ei, member, p);
                ix.mpn.push(mpn_key(p).as_bytes(), t);
            }
            ix.add_identifiers(ei, e);
        }
        ix.mpn_heads = ix.mpn.keys().filter_map(head3).collect();
        let mut lens: Vec<usize> = ix.mpn.keys().map(<[u8]>::len).collect();
        lens.sort_unstable_by(|a, b| b.cmp(a));
        lens.dedup();
        ix.mpn_lens = lens;
        (ix, conflicts)
    }

    /// Adds one name of an entity or member under its plain and folded keys; a name that
    /// normalises to nothing, or to the name of another entity of the same pack, is a conflict
    /// instead.
    fn add_name(
        &mut self,
        entities: &[Entity],
        (ei, member, pos): (u32, Option<u32>, u32),
        name: &str,
        keys: &mut Scratch,
        conflicts: &mut Vec<Conflict>,
    ) {
        if !normalize::index_keys(name, &mut keys.plain, &mut keys.folded) {
            conflicts.push(Conflict::Empty {
                entity: ei,
                name: name.to_string(),
            });
            return;
        }
        let t = Target {
            entity: ei,
            member,
            text: TextRef::Name(pos),
        };
        let pack = |e: u32| entities.get(e as usize).map(|x| x.pack);
        let hash = Map::hash(&keys.plain);
        let found = self.plain.find(&keys.plain, hash);
        if let Some(other) = found.and_then(|i| self.plain.entries.get(i)).and_then(|e| {
            e.targets
                .as_slice()
                .iter()
                .find(|x| x.entity != ei && pack(x.entity) == pack(ei))
        }) {
            let first = (other.entity, name_text(entities, other).to_string());
            conflicts.push(Conflict::SharedName {
                first,
                second: (ei, name.to_string()),
            });
            return;
        }
        self.plain.push_found(&keys.plain, hash, found, t);
        self.folded.push(&keys.folded, t);
    }

    /// Adds an entity's declared identifiers: CPE vendors, purl namespaces, FCC grantee codes.
    fn add_identifiers(&mut self, ei: u32, e: &Entity) {
        for v in &e.cpe_vendors {
            let t = self.extra(ei, None, v);
            self.cpe.push(ident::cpe_token(v).as_bytes(), t);
        }
        for v in &e.purl_namespaces {
            let t = self.extra(ei, None, v);
            self.purl.push(v.to_lowercase().as_bytes(), t);
        }
        for v in &e.fcc_grantees {
            let t = self.extra(ei, None, v);
            self.fcc.push(v.to_uppercase().as_bytes(), t);
        }
    }

    fn extra(&mut self, entity: u32, member: Option<u32>, text: &str) -> Target {
        self.texts.push(text.to_string());
        Target {
            entity,
            member,
            text: TextRef::Extra((self.texts.len() - 1) as u32),
        }
    }

    /// The name, alias, family or identifier a target stands for, as written.
    pub fn text<'a>(&'a self, entities: &'a [Entity], t: &Target) -> &'a str {
        match t.text {
            TextRef::Extra(i) => self.texts.get(i as usize).map_or("", String::as_str),
            TextRef::Name(_) => name_text(entities, t),
        }
    }

    /// Looks a name up: whole key, then without trailing generic words, then folded, then
    /// without a leading Chinese place name. A value such as `美光(Micron)`, `Micron / Crucial`
    /// or `美光Micron` is also tried piece by piece.
    pub fn lookup_name(&self, value: &str, out: &mut Vec<(Target, How)>) {
        if self.lookup_marked(value, out) {
            return;
        }
        // Several makers in one cell: `Samsung/Micron`, `Samsung, Micron`, one per line,
        // `Micron or equivalent`, `美光(Micron)`.
        let spaced = value
            .replace(" and ", "\n")
            .replace(" or ", "\n")
            .replace(" AND ", "\n")
            .replace(" OR ", "\n");
        let pieces: Vec<&str> = spaced
            .split([
                '/', ';', '|', '(', ')', '（', '）', '[', ']', ',', '，', '、', '&', '+', '\n',
                '\r',
            ])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if pieces.len() > 1 {
            for p in pieces {
                if !self.lookup_marked(p, out) {
                    self.lookup_bilingual(p, out);
                }
            }
        } else if !self.lookup_bilingual(value, out) {
            self.lookup_listed_words(value, out);
        }
    }

    /// A name in two scripts (`美光 Micron`, `MICRON美光`): each run of one script looked up.
    fn lookup_bilingual(&self, value: &str, out: &mut Vec<(Target, How)>) -> bool {
        let runs = normalize::script_runs(value);
        let mut found = false;
        if runs.len() > 1 {
            // A name in two scripts has a few runs; a cell of thousands (a hostile value) is
            // looked up in its first ones only, so that its cost stays linear.
            for r in runs.into_iter().take(MAX_SCRIPT_RUNS) {
                found |= self.lookup_marked(r, out);
            }
        }
        found
    }

    /// Names separated by spaces only (`Micron Crucial`), when every word is a listed name
    /// by itself; a value in which some word is not (`SG Micro`) matches nothing this way.
    fn lookup_listed_words(&self, value: &str, out: &mut Vec<(Target, How)>) -> bool {
        let words: Vec<&str> = value.split_whitespace().collect();
        if words.len() < 2 {
            return false;
        }
        let mut found = Vec::new();
        for w in words {
            let before = found.len();
            if !self.lookup_one(w, &mut found) || found.len() == before {
                return false;
            }
        }
        out.extend(found);
        true
    }

    /// [`Index::lookup_one`], and where invisible marks stand inside the value, once more
    /// with each read as a space (`Micron⁠Technology` with a word joiner).
    fn lookup_marked(&self, value: &str, out: &mut Vec<(Target, How)>) -> bool {
        self.lookup_one(value, out)
            || (normalize::has_inner_invisible(value)
                && self.lookup_one(&normalize::invisibles_as_spaces(value), out))
    }

    /// One name: its keys, then the same without a leading Chinese place name.
    fn lookup_one(&self, value: &str, out: &mut Vec<(Target, How)>) -> bool {
        let Some(key) = NameKey::new(value) else {
            return false;
        };
        self.lookup_key(&key, false, out)
            || key
                .without_places()
                .iter()
                .any(|k| self.lookup_key(k, true, out))
    }

    /// The plain key (whole, then without generic words), then the folded key.
    fn lookup_key(&self, key: &NameKey, placed: bool, out: &mut Vec<(Target, How)>) -> bool {
        for (k, dropped) in NameKey::lookup_keys(&key.plain) {
            if let Some(ts) = self.plain.get(&k) {
                let how = match (placed, dropped) {
                    (true, _) => How::PlacePrefix,
                    (false, true) => How::GenericWords,
                    (false, false) => How::Exact,
                };
                out.extend(ts.as_slice().iter().map(|t| (*t, how)));
                return true;
            }
        }
        for (k, _) in NameKey::lookup_keys(&key.folded) {
            if let Some(ts) = self.folded.get(&skeleton_string(&k)) {
                out.extend(ts.as_slice().iter().map(|t| (*t, How::Confusable)));
                return true;
            }
        }
        false
    }

    /// Looks a part number up by family; `buf` is scratch space. Longest family first; all
    /// families that match are returned.
    pub fn lookup_mpn(&self, mpn: &str, buf: &mut String, out: &mut Vec<(Target, How)>) {
        if self.mpn_lens.is_empty() || mpn.is_empty() {
            return;
        }
        if mpn.is_ascii() {
            let m = mpn.trim().as_bytes();
            if let (Some(a), Some(b), Some(c)) = (m.first(), m.get(1), m.get(2)) {
                let head = [
                    a.to_ascii_uppercase(),
                    b.to_ascii_uppercase(),
                    c.to_ascii_uppercase(),
                ];
                if !self.mpn_heads.contains(&head) {
                    return;
                }
            } else {
                return;
            }
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
            // Every family that claims the part counts, not only the longest: when two
            // makers' families nest, the part is reported under both.
            if let Some(ts) = self.mpn.get(prefix) {
                out.extend(ts.as_slice().iter().map(|t| (*t, How::Exact)));
            }
        }
    }

    /// Looks up the vendor of a CPE name (`cpe:2.3:h:vendor:…` or `cpe:/h:vendor:…`).
    pub fn lookup_cpe(&self, cpe: &str, out: &mut Vec<(Target, How)>) {
        if let Some(ts) = ident::cpe_vendor(cpe).and_then(|v| self.cpe.get(&v)) {
            out.extend(ts.as_slice().iter().map(|t| (*t, How::Exact)));
        }
    }

    /// Looks up the namespace of a package URL (`pkg:type/namespace/name@version`).
    pub fn lookup_purl(&self, purl: &str, out: &mut Vec<(Target, How)>) {
        if let Some(ts) =
            ident::purl_namespace(purl).and_then(|ns| self.purl.get(&ns.to_lowercase()))
        {
            out.extend(ts.as_slice().iter().map(|t| (*t, How::Exact)));
        }
    }

    /// Looks up the grantee code of an FCC ID.
    pub fn lookup_fcc_id(&self, id: &str, out: &mut Vec<(Target, How)>) {
        if let Some(ts) = ident::fcc_grantee(id).and_then(|code| self.fcc.get(&code)) {
            out.extend(ts.as_slice().iter().map(|t| (*t, How::Exact)));
        }
    }
}

/// How many runs of one script a cell is looked up in at most (`美光 Micron` has two).
const MAX_SCRIPT_RUNS: usize = 8;

/// A name of an entity (member `None`) or member: (member, position, name).
type NameRef<'a> = (Option<u32>, u32, &'a str);
/// A part-number family of an entity or member: (member, family).
type FamilyRef<'a> = (Option<u32>, &'a str);

/// Buffers for the keys of one name, reused from name to name.
#[derive(Default)]
struct Scratch {
    plain: Vec<u8>,
    folded: Vec<u8>,
}

/// Every name of an entity and its members as (member, position, name) — position 0 is the
/// name, k the alias k - 1 — and every part-number family as (member, family), into `names`
/// and `prefixes`.
fn names_and_families<'a>(
    e: &'a Entity,
    names: &mut Vec<NameRef<'a>>,
    prefixes: &mut Vec<FamilyRef<'a>>,
) {
    names.clear();
    prefixes.clear();
    names.push((None, 0, e.name.as_str()));
    names.extend(
        e.aliases
            .iter()
            .enumerate()
            .map(|(k, a)| (None, k as u32 + 1, a.as_str())),
    );
    prefixes.extend(e.mpn_prefixes.iter().map(|p| (None, p.as_str())));
    for (mi, m) in e.members.iter().enumerate() {
        let mi = Some(mi as u32);
        names.push((mi, 0, m.name.as_str()));
        names.extend(
            m.aliases
                .iter()
                .enumerate()
                .map(|(k, a)| (mi, k as u32 + 1, a.as_str())),
        );
        prefixes.extend(m.mpn_prefixes.iter().map(|p| (mi, p.as_str())));
    }
}

fn head3(b: &[u8]) -> Option<[u8; 3]> {
    Some([*b.first()?, *b.get(1)?, *b.get(2)?])
}

fn name_text<'a>(entities: &'a [Entity], t: &Target) -> &'a str {
    let TextRef::Name(pos) = t.text else {
        return "";
    };
    let Some(e) = entities.get(t.entity as usize) else {
        return "";
    };
    let (name, aliases) = match t.member.and_then(|m| e.members.get(m as usize)) {
        Some(m) => (&m.name, &m.aliases),
        None => (&e.name, &e.aliases),
    };
    match pos {
        0 => name,
        k => aliases.get(k as usize - 1).map_or("", String::as_str),
    }
}
