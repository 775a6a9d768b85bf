//! Rows to entities: rows whose names normalise to the same key are one entity (the BIS files
//! repeat a party once per address and alias; OFAC lists `CIMEX` and `CIMEX, S.A.`), with one
//! listing per list and dates. A pack may not give one name to two entities, so an alias that
//! is another entity's name, or an alias of several, is dropped and counted.

use std::collections::BTreeSet;

use crate::date::Date;
use crate::error::Error;
use crate::hash::FxHashMap;
use crate::normalize::NameKey;

use super::table::at_line;
use super::{Parsed, ids};

/// One entity of the pack.
#[derive(Debug)]
pub(super) struct Entity {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// `(list, from, until, source)`, sorted.
    pub listings: BTreeSet<(usize, Date, Option<Date>, Option<String>)>,
    /// What else identifies it, one line per row that said something.
    pub notes: BTreeSet<String>,
}

/// An entity being gathered, with its name key and its aliases' keys.
struct Acc {
    key: String,
    entity: Entity,
    alias_keys: Vec<String>,
}

/// The entities of the rows, sorted by id. A row whose name normalises to nothing (only a
/// legal form, or punctuation) is an error.
pub(super) fn entities(p: &mut Parsed) -> Result<Vec<Entity>, Error> {
    let mut accs: Vec<Acc> = Vec::new();
    let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
    for row in &p.rows {
        let Some(key) = NameKey::new(&row.name) else {
            return Err(Error::Import(
                at_line(
                    &p.name,
                    row.line,
                    format!("the name `{}` is empty once normalised", row.name),
                )
                .help("a name needs letters or digits besides legal forms such as `Ltd`"),
            ));
        };
        let i = *by_key.entry(key.plain.clone()).or_insert_with(|| {
            accs.push(Acc {
                key: key.plain.clone(),
                entity: Entity {
                    id: String::new(),
                    name: row.name.clone(),
                    aliases: Vec::new(),
                    listings: BTreeSet::new(),
                    notes: BTreeSet::new(),
                },
                alias_keys: Vec::new(),
            });
            accs.len() - 1
        });
        let Some(acc) = accs.get_mut(i) else { continue };
        let e = &mut acc.entity;
        e.listings
            .insert((row.list, row.from, row.until, row.source.clone()));
        e.notes.extend(row.note.clone());
        let variant = without_parenthetical(&row.name);
        for alias in row.aliases.iter().map(String::as_str).chain(variant) {
            add_alias(acc, alias, &mut p.summary);
        }
    }
    drop_shared_aliases(&mut accs, &by_key, &mut p.summary);
    let keys: Vec<&str> = accs.iter().map(|a| a.key.as_str()).collect();
    let ids = ids::assign(p.pack, &keys);
    let mut out: Vec<Entity> = accs
        .into_iter()
        .zip(ids)
        .map(|(a, id)| Entity { id, ..a.entity })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// `Academy of Aerospace Solid Propulsion Technology` for `… Technology (AASPT)`: BIS writes
/// an abbreviation after the name, which a BOM leaves out.
fn without_parenthetical(name: &str) -> Option<&str> {
    let head = name.strip_suffix(')')?;
    let open = head.rfind(" (")?;
    let head = head.get(..open)?.trim_end();
    (!head.is_empty()).then_some(head)
}

/// Adds an alias unless its key is empty (dropped, counted) or already the entity's.
fn add_alias(acc: &mut Acc, alias: &str, summary: &mut super::ImportSummary) {
    let Some(key) = NameKey::new(alias) else {
        summary.drop_name("empty once normalised");
        return;
    };
    if key.plain == acc.key || acc.alias_keys.contains(&key.plain) {
        return; // the same name in another spelling
    }
    acc.alias_keys.push(key.plain);
    acc.entity.aliases.push(alias.to_string());
}

/// Drops every alias that is another entity's name, or an alias of several entities: in one
/// pack a name must identify one entity.
fn drop_shared_aliases(
    accs: &mut [Acc],
    by_key: &FxHashMap<String, usize>,
    summary: &mut super::ImportSummary,
) {
    let mut holders: FxHashMap<&str, usize> = FxHashMap::default();
    for a in accs.iter() {
        for k in &a.alias_keys {
            *holders.entry(k.as_str()).or_default() += 1;
        }
    }
    let shared: crate::hash::FxHashSet<String> = holders
        .into_iter()
        .filter(|(k, n)| *n > 1 || by_key.contains_key(*k))
        .map(|(k, _)| k.to_string())
        .collect();
    if shared.is_empty() {
        return;
    }
    for a in accs.iter_mut() {
        let mut keep = a.alias_keys.iter().map(|k| !shared.contains(k));
        let before = a.entity.aliases.len();
        a.entity.aliases.retain(|_| keep.next().unwrap_or(true));
        a.alias_keys.retain(|k| !shared.contains(k));
        for _ in a.entity.aliases.len()..before {
            summary.drop_name("alias of another entity too");
        }
    }
}
