//! Validation of parsed rule files into a [`RuleSet`]: every id checked, every reference
//! resolved, every problem reported, in the order of the files and of the tables in them.
//!
//! Two passes: first the vocabularies (roles, scopes) and the entities of all files, so that
//! rules may refer to any file; then the instruments and their rules.

mod categories;
mod entities;
mod instruments;
mod names;
mod vocabulary;

use std::collections::HashSet;

use crate::hash::FxHashMap as HashMap;

use toml::Spanned;

use super::RuleSet;
use super::model::{RawEntity, RawFile};
use crate::error::{Diagnostic, suggest};

/// Validates the parsed files together; appends every problem found to `diags`.
pub(super) fn validate<'a>(
    files: &'a [(&'a str, &'a str, RawFile<'a>)],
    packs: &'a [Option<usize>],
    broken: &'a HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> RuleSet {
    let mut v = Validator::new(files, packs, broken);
    v.validate_vocabularies_and_entities();
    v.sort_vocabularies_and_entities();
    v.build_index();
    v.validate_instruments_and_rules();
    diags.append(&mut v.diags);
    v.set
}

/// What the validation steps share: the files, the problems found, the set being built, and
/// where each id was first defined.
struct Validator<'a> {
    /// The parsed files: name, text, tables.
    files: &'a [(&'a str, &'a str, RawFile<'a>)],
    /// The pack of each parsed file, in the order of `files`.
    packs: &'a [Option<usize>],
    /// Every problem found, in the order found.
    diags: Vec<Diagnostic>,
    /// The rule set being built.
    set: RuleSet,
    /// Where each role id was first defined.
    role_ids: HashMap<&'a str, Seen<'a>>,
    /// Where each scope id was first defined.
    scope_ids: HashMap<&'a str, Seen<'a>>,
    /// Where each instrument id was first defined.
    instrument_ids: HashMap<&'a str, Seen<'a>>,
    /// Where each rule id was first defined.
    rule_ids: HashMap<&'a str, Seen<'a>>,
    /// Where each entity was first defined (file index, table): to report a duplicate id, and
    /// to place name conflicts found by the index.
    entity_src: HashMap<&'a str, (usize, &'a Spanned<RawEntity<'a>>)>,
    /// Each part-number family (normalised): the entity that lists it, and where.
    prefix_owner: HashMap<String, (&'a str, Seen<'a>)>,
    /// Ids defined in files that did not parse: not reported again as unknown references.
    broken: &'a HashSet<String>,
}

impl<'a> Validator<'a> {
    /// A validator for `files` that has found nothing yet.
    fn new(
        files: &'a [(&'a str, &'a str, RawFile<'a>)],
        packs: &'a [Option<usize>],
        broken: &'a HashSet<String>,
    ) -> Self {
        Validator {
            files,
            packs,
            broken,
            diags: Vec::new(),
            set: RuleSet::default(),
            role_ids: HashMap::default(),
            scope_ids: HashMap::default(),
            instrument_ids: HashMap::default(),
            rule_ids: HashMap::default(),
            entity_src: HashMap::default(),
            prefix_owner: HashMap::default(),
        }
    }

    /// Pass 1: the roles, scopes and entities of every file, so that rules may refer to any file.
    fn validate_vocabularies_and_entities(&mut self) {
        let files = self.files;
        let entities = files.iter().map(|(_, _, raw)| raw.entity.len()).sum();
        self.set.entities.reserve_exact(entities);
        for (fi, (file, text, raw)) in files.iter().enumerate() {
            let ctx = Ctx { file, text };
            self.validate_roles(&ctx, &raw.role);
            self.validate_scopes(&ctx, &raw.scope);
            self.validate_entities(fi, &ctx, &raw.entity);
        }
    }

    /// Puts entities, roles and scopes in the order the rule set keeps them: by id.
    fn sort_vocabularies_and_entities(&mut self) {
        // By an order of indices, then moved once: an entity is a few hundred bytes, and a
        // sort that moves them costs more than the comparisons.
        // Pairs of id and index, so that comparing reads the ids only. The ids are unique: an
        // unstable sort gives the order a stable one would.
        let mut pairs: Vec<(&str, usize)> = self
            .set
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        pairs.sort_unstable();
        let order: Vec<usize> = pairs.into_iter().map(|(_, i)| i).collect();
        let mut slots: Vec<Option<super::Entity>> = std::mem::take(&mut self.set.entities)
            .into_iter()
            .map(Some)
            .collect();
        // Collected into room made at once: a filtered iterator gives no exact size, and
        // growing the vector would copy every entity moved so far, again and again.
        let mut sorted = Vec::with_capacity(order.len());
        sorted.extend(
            order
                .iter()
                .filter_map(|i| slots.get_mut(*i).and_then(Option::take)),
        );
        self.set.entities = sorted;
        self.set.roles.sort_by(|a, b| a.id.cmp(&b.id));
        self.set.scopes.sort_by(|a, b| a.id.cmp(&b.id));
    }
}

/// The file a table comes from, to place diagnostics.
struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    /// A diagnostic placed where `s` starts.
    fn at<T>(&self, s: &Spanned<T>, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.file, msg).at_offset(self.text, s.span().start)
    }
}

/// Reports an id that is not lower-case letters, digits and '-'.
fn check_id(ctx: &Ctx<'_>, id: &Spanned<impl AsRef<str>>, what: &str, diags: &mut Vec<Diagnostic>) {
    let s = id.get_ref().as_ref();
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        diags.push(
            ctx.at(id, format!("{what} id `{s}` is not a valid id"))
                .help("use lower-case letters, digits and '-', e.g. `cn-cac-2023-micron`"),
        );
    }
}

/// Reports a country that is not two upper-case letters.
fn check_country(ctx: &Ctx<'_>, c: &Spanned<String>, diags: &mut Vec<Diagnostic>) {
    let s = c.get_ref();
    if s.len() != 2 || !s.bytes().all(|b| b.is_ascii_uppercase()) {
        diags.push(
            ctx.at(c, format!("`{s}` is not an ISO 3166-1 alpha-2 code"))
                .help("write two upper-case letters, e.g. `CN`, `US`, `GB`"),
        );
    }
}

/// Where something was first defined, for duplicate messages. The line is computed only
/// when a message needs it: counting lines for every id would make loading quadratic.
#[derive(Clone, Copy)]
struct Seen<'a> {
    file: &'a str,
    text: &'a str,
    offset: usize,
}

impl<'a> Seen<'a> {
    /// Where `s` starts, in the file of `ctx`.
    fn of<T>(ctx: &Ctx<'a>, s: &Spanned<T>) -> Seen<'a> {
        Seen {
            file: ctx.file,
            text: ctx.text,
            offset: s.span().start,
        }
    }
}

impl std::fmt::Display for Seen<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}",
            self.file,
            crate::error::line_col(self.text, self.offset).0
        )
    }
}

/// Records where `id` is defined; false, with a diagnostic, if it already was.
fn first_definition<'a>(
    seen: &mut HashMap<&'a str, Seen<'a>>,
    ctx: &Ctx<'a>,
    id: &'a Spanned<impl AsRef<str>>,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let name: &'a str = id.get_ref().as_ref();
    if let Some(prev) = seen.get(name) {
        diags.push(duplicate(ctx, id, what, prev));
        return false;
    }
    seen.insert(name, Seen::of(ctx, id));
    true
}

/// The diagnostic for an id defined again, at `id`, after its definition at `prev`.
fn duplicate(
    ctx: &Ctx<'_>,
    id: &Spanned<impl AsRef<str>>,
    what: &str,
    prev: &Seen<'_>,
) -> Diagnostic {
    ctx.at(
        id,
        format!("duplicate {what} id `{}`", id.get_ref().as_ref()),
    )
    .help(format!(
        "it is already defined at {prev}; ids must be unique in the rule set"
    ))
}

/// The diagnostic for a reference to an undefined id, with a suggestion or the known ids.
fn unknown<'a>(
    ctx: &Ctx<'_>,
    s: &Spanned<impl AsRef<str>>,
    what: &str,
    known: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let known: Vec<&str> = known.collect();
    let name = s.get_ref().as_ref();
    let d = ctx.at(s, format!("unknown {what} `{name}`"));
    match suggest(name, known.iter().copied()) {
        Some(k) => d.did_you_mean(k),
        None if known.is_empty() => d.help(format!("no {what} is defined in the rule set")),
        None => d.help(format!("defined: {}", known.join(", "))),
    }
}
