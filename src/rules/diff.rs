//! What changed between two rule sets — instruments, rules, obligations, listings, entities,
//! names and members — for an auditor to read before accepting a rule update.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{Entity, Instrument, Rule, RuleSet};

/// The differences between two rule sets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDiff {
    /// The packs of the old set (`id version`).
    pub old_packs: Vec<String>,
    /// The packs of the new set.
    pub new_packs: Vec<String>,
    /// Instruments added, removed, changed.
    pub instruments: Section,
    /// Rules (with their obligations and listings) added, removed, changed.
    pub rules: Section,
    /// Entities (with their names, members, families and identifiers) added, removed, changed.
    pub entities: Section,
}

/// The differences in one kind of item, by id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Ids only in the new set.
    pub added: Vec<String>,
    /// Ids only in the old set.
    pub removed: Vec<String>,
    /// Items in both whose facts differ.
    pub changed: Vec<Changed>,
}

/// One item present in both sets, and how it changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changed {
    /// The item's id.
    pub id: String,
    /// One line per change: `checked: 2026-11-27 → 2026-11-30`, `alias added: Quectel`.
    pub changes: Vec<String>,
}

impl RuleDiff {
    /// Whether the two sets say the same.
    pub fn is_empty(&self) -> bool {
        [&self.instruments, &self.rules, &self.entities]
            .iter()
            .all(|s| s.added.is_empty() && s.removed.is_empty() && s.changed.is_empty())
    }
}

/// The differences between `old` and `new`.
pub fn diff(old: &RuleSet, new: &RuleSet) -> RuleDiff {
    let packs = |set: &RuleSet| -> Vec<String> {
        set.packs()
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    p.id,
                    p.version.as_deref().unwrap_or("(unversioned)")
                )
            })
            .collect()
    };
    RuleDiff {
        old_packs: packs(old),
        new_packs: packs(new),
        instruments: section(
            &facts_by_id(old, old.instruments(), instrument_facts),
            &facts_by_id(new, new.instruments(), instrument_facts),
        ),
        rules: section(
            &facts_by_id(old, old.rules(), rule_facts),
            &facts_by_id(new, new.rules(), rule_facts),
        ),
        entities: section(
            &facts_by_id(old, old.entities(), entity_facts),
            &facts_by_id(new, new.entities(), entity_facts),
        ),
    }
}

/// The facts of an item: (key, value) pairs; a key may repeat (one per alias).
type Facts = Vec<(&'static str, String)>;

/// Items that have an id.
trait HasId {
    fn id(&self) -> &str;
}

impl HasId for Instrument {
    fn id(&self) -> &str {
        &self.id
    }
}

impl HasId for Rule {
    fn id(&self) -> &str {
        &self.id
    }
}

impl HasId for Entity {
    fn id(&self) -> &str {
        &self.id
    }
}

fn facts_by_id<T: HasId>(
    set: &RuleSet,
    items: &[T],
    facts: fn(&RuleSet, &T) -> Facts,
) -> BTreeMap<String, Facts> {
    items
        .iter()
        .map(|i| (i.id().to_string(), facts(set, i)))
        .collect()
}

/// Keys that hold one value: their change is shown as `key: old → new`.
const SINGLE: &[&str] = &[
    "title",
    "jurisdiction",
    "authority",
    "citation",
    "checked",
    "interpretation",
    "group",
    "supplied-by",
    "waivable",
    "severity",
    "note",
    "name",
    "country",
    "first source",
];

fn section(old: &BTreeMap<String, Facts>, new: &BTreeMap<String, Facts>) -> Section {
    let mut s = Section::default();
    for (id, facts) in new {
        match old.get(id) {
            None => s.added.push(id.clone()),
            Some(before) => {
                let changes = changes(before, facts);
                if !changes.is_empty() {
                    s.changed.push(Changed {
                        id: id.clone(),
                        changes,
                    });
                }
            }
        }
    }
    s.removed = old
        .keys()
        .filter(|id| !new.contains_key(*id))
        .cloned()
        .collect();
    s
}

/// The change lines between two fact lists.
fn changes(old: &Facts, new: &Facts) -> Vec<String> {
    let mut out = Vec::new();
    let keys: BTreeSet<&str> = old.iter().chain(new).map(|(k, _)| *k).collect();
    for key in keys {
        let values = |f: &Facts| -> BTreeSet<String> {
            f.iter()
                .filter(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
                .collect()
        };
        let (a, b) = (values(old), values(new));
        if a == b {
            continue;
        }
        if SINGLE.contains(&key) {
            let one =
                |s: &BTreeSet<String>| s.iter().next().cloned().unwrap_or_else(|| "(none)".into());
            out.push(format!("{key}: {} → {}", one(&a), one(&b)));
            continue;
        }
        out.extend(b.difference(&a).map(|v| format!("{key} added: {v}")));
        out.extend(a.difference(&b).map(|v| format!("{key} removed: {v}")));
    }
    out
}

fn instrument_facts(_: &RuleSet, i: &Instrument) -> Facts {
    let mut f: Facts = vec![
        ("title", i.title.clone()),
        ("jurisdiction", i.jurisdiction.clone()),
        ("authority", i.authority.clone()),
        ("citation", i.citation.clone()),
        ("checked", i.checked.to_string()),
        (
            "first source",
            i.sources.first().cloned().unwrap_or_default(),
        ),
    ];
    f.extend(i.sources.iter().map(|s| ("source", s.clone())));
    f.extend(
        i.interpretation
            .iter()
            .map(|s| ("interpretation", s.clone())),
    );
    f
}

fn rule_facts(set: &RuleSet, r: &Rule) -> Facts {
    let entity = |e: usize| {
        set.entities()
            .get(e)
            .map_or("?".to_string(), |x| x.id.clone())
    };
    let mut f: Facts = vec![
        ("title", r.title.clone()),
        ("group", r.group.to_string()),
        ("supplied-by", r.supplied_by.to_string()),
        ("waivable", r.waivable.to_string()),
        ("severity", r.severity.as_str().to_string()),
    ];
    f.extend(r.binds.iter().map(|b| ("binds", b.clone())));
    f.extend(r.entities.iter().map(|e| ("entity", entity(*e))));
    f.extend(r.kinds.iter().map(|k| ("kind", k.as_str().to_string())));
    f.extend(
        r.match_fields
            .iter()
            .map(|m| ("match field", m.as_str().to_string())),
    );
    f.extend(r.note.iter().map(|n| ("note", n.clone())));
    for o in &r.obligations {
        let mut line = format!("{} from {}", o.action.as_str(), o.from);
        for (what, d) in [("deadline", o.deadline), ("until", o.until)] {
            if let Some(d) = d {
                line.push_str(&format!(", {what} {d}"));
            }
        }
        for (what, v) in [("segments", &o.segments), ("purposes", &o.purposes)] {
            if !v.is_empty() {
                line.push_str(&format!(", {what} {}", v.join("/")));
            }
        }
        if let Some(c) = &o.cap {
            line.push_str(&format!(", cap {c}"));
        }
        f.push(("obligation", line));
    }
    for l in &r.listings {
        let ent = set.entities().get(l.entity);
        let who = match (ent, l.member) {
            (Some(e), Some(m)) => format!(
                "{} / {}",
                e.id,
                e.members.get(m).map_or("?", |x| x.name.as_str())
            ),
            (Some(e), None) => e.id.clone(),
            (None, _) => "?".into(),
        };
        let until = l.until.map_or(String::new(), |u| format!(" until {u}"));
        f.push(("listing", format!("{who} from {}{until}", l.from)));
    }
    f
}

fn entity_facts(_: &RuleSet, e: &Entity) -> Facts {
    let mut f: Facts = vec![("name", e.name.clone())];
    f.extend(e.country.iter().map(|c| ("country", c.clone())));
    f.extend(e.aliases.iter().map(|a| ("alias", a.clone())));
    f.extend(
        e.mpn_prefixes
            .iter()
            .map(|p| ("part-number family", p.clone())),
    );
    f.extend(e.cpe_vendors.iter().map(|v| ("CPE vendor", v.clone())));
    f.extend(
        e.purl_namespaces
            .iter()
            .map(|v| ("purl namespace", v.clone())),
    );
    f.extend(e.fcc_grantees.iter().map(|v| ("FCC grantee", v.clone())));
    for m in &e.members {
        let mut line = format!("{} ({}", m.name, format!("{:?}", m.relation).to_lowercase());
        if let Some(d) = m.from {
            line.push_str(&format!(", from {d}"));
        }
        if let Some(d) = m.until {
            line.push_str(&format!(", until {d}"));
        }
        line.push(')');
        f.push(("member", line));
        f.extend(
            m.aliases
                .iter()
                .map(|a| ("member alias", format!("{}: {a}", m.name))),
        );
        f.extend(
            m.mpn_prefixes
                .iter()
                .map(|p| ("part-number family", format!("{p} ({})", m.name))),
        );
    }
    f
}

/// The diff for people: one block per kind of item.
pub fn render_text(d: &RuleDiff) -> String {
    let mut out = format!(
        "old: {}\nnew: {}\n",
        d.old_packs.join(", "),
        d.new_packs.join(", ")
    );
    if d.is_empty() {
        out.push_str("\nno difference in instruments, rules or entities\n");
        return out;
    }
    for (title, s) in [
        ("INSTRUMENTS", &d.instruments),
        ("RULES", &d.rules),
        ("ENTITIES", &d.entities),
    ] {
        if s.added.is_empty() && s.removed.is_empty() && s.changed.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{title}\n"));
        for id in &s.added {
            out.push_str(&format!("  + {id}\n"));
        }
        for id in &s.removed {
            out.push_str(&format!("  - {id}\n"));
        }
        for c in &s.changed {
            out.push_str(&format!("  ~ {}\n", c.id));
            for line in &c.changes {
                out.push_str(&format!("      {line}\n"));
            }
        }
    }
    out
}
