//! Rule sets: legal instruments, the rules they impose, the entities they name, the roles they
//! bind. Loaded strictly from TOML in the format below (also printed by `bomgate rules doc`);
//! every problem is reported at once.
//!
#![doc = include_str!("../rules/README.md")]

pub mod diff;
mod fast;
pub mod import;
pub(crate) mod index;
mod model;
pub mod pack;
mod schema;
mod shipped;
mod validate;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::date::Date;
use crate::error::{Diagnostic, Error};
use model::RawFile;

/// Where a rule-file error sends the reader.
const FORMAT_HELP: &str =
    "see the rule-file format: `bomgate rules doc` or the `bomgate::rules` docs";

/// How serious a finding is. Ordered: `Info` < `Review` < `Warn` < `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing; nothing to do yet (an obligation that starts within a year).
    Info,
    /// A person must decide (scope not declared, supplier-only match, quantitative cap).
    Review,
    /// A problem that does not block by default (an obligation whose deadline is still ahead).
    Warn,
    /// A violation of a rule in force.
    Deny,
}

impl Severity {
    /// The lower-case name used in reports and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Review => "review",
            Severity::Warn => "warn",
            Severity::Deny => "deny",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of [`Severity::from_str`](std::str::FromStr): the word given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a severity: use deny, warn, review or info")]
pub struct UnknownSeverity(pub String);

impl std::str::FromStr for Severity {
    type Err = UnknownSeverity;

    fn from_str(s: &str) -> Result<Severity, UnknownSeverity> {
        [
            Severity::Deny,
            Severity::Warn,
            Severity::Review,
            Severity::Info,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
        .ok_or_else(|| UnknownSeverity(s.to_string()))
    }
}

/// What an obligation restricts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Buying, obtaining, contracting for.
    Procure,
    /// Installing new equipment.
    Install,
    /// Using or keeping equipment in service.
    Use,
}

impl Action {
    /// The lower-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Procure => "procure",
            Action::Install => "install",
            Action::Use => "use",
        }
    }
}

/// How a group member relates to its entity (or to the member it is `of`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Owned or controlled company.
    Subsidiary,
    /// Company under common control.
    Affiliate,
    /// Trade name of the group.
    Brand,
    /// Business unit without its own legal person.
    Division,
    /// A name the entity or member used to have.
    FormerName,
}

impl Relation {
    /// The phrase used in group paths: "Crucial → brand of Micron Technology, Inc.".
    pub fn phrase(self) -> &'static str {
        match self {
            Relation::Subsidiary => "subsidiary of",
            Relation::Affiliate => "affiliate of",
            Relation::Brand => "brand of",
            Relation::Division => "division of",
            Relation::FormerName => "former name of",
        }
    }
}

/// A role a rule can bind: who the buyer is. A role belongs to one jurisdiction, and only
/// rules of instruments of that jurisdiction may bind it.
#[derive(Clone, Debug, Serialize)]
pub struct Role {
    /// Stable id, e.g. `cii-operator`.
    pub id: String,
    /// ISO 3166-1 alpha-2 code.
    pub jurisdiction: String,
    /// Short name.
    pub name: String,
    /// Who exactly is covered.
    pub description: String,
}

/// Whether a scope names a network segment or a purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeKind {
    /// A part of a network, e.g. `5g`, `core`.
    Segment,
    /// A use, e.g. `public-safety`.
    Purpose,
}

/// One word of the scope vocabulary.
#[derive(Clone, Debug, Serialize)]
pub struct Scope {
    /// Stable id.
    pub id: String,
    /// Segment or purpose.
    pub kind: ScopeKind,
    /// What it covers.
    pub description: String,
}

/// A member of an entity's corporate group.
#[derive(Clone, Debug, Serialize)]
pub struct Member {
    /// Name as the group uses it.
    pub name: String,
    /// How it relates to its parent.
    pub relation: Relation,
    /// Other spellings and scripts.
    pub aliases: Vec<String>,
    /// Joined the group (or began to be used).
    pub from: Option<Date>,
    /// Left the group: not matched from this day on.
    pub until: Option<Date>,
    /// Index of the member this one belongs to; `None`: the entity itself.
    pub of: Option<usize>,
    /// Part-number families.
    pub mpn_prefixes: Vec<String>,
    /// Free text.
    pub note: Option<String>,
}

/// A company named by rules, defined once.
#[derive(Clone, Debug, Serialize)]
pub struct Entity {
    /// Stable id, e.g. `micron`.
    pub id: String,
    /// Canonical legal name.
    pub name: String,
    /// ISO 3166-1 alpha-2 code of its seat.
    pub country: Option<String>,
    /// Other names and scripts.
    pub aliases: Vec<String>,
    /// Part-number families.
    pub mpn_prefixes: Vec<String>,
    /// CPE vendor strings.
    pub cpe_vendors: Vec<String>,
    /// FCC grantee codes.
    pub fcc_grantees: Vec<String>,
    /// Package-URL namespaces.
    pub purl_namespaces: Vec<String>,
    /// Where the entity and group facts come from.
    pub sources: Vec<String>,
    /// Free text.
    pub note: Option<String>,
    /// Subsidiaries, affiliates, brands, divisions, former names.
    pub members: Vec<Member>,
    /// The file that defines it.
    pub file: String,
    /// Index in [`RuleSet::packs`] of the pack it comes from; `None` for rule text added with
    /// [`RuleSetBuilder::text`] before any pack. Two entities of one pack may not share a name;
    /// entities of different packs may (the same company in the shipped rules and on an
    /// imported list), and a match then reports each.
    pub pack: Option<usize>,
}

impl Entity {
    /// "Crucial → brand of Micron Technology, Inc.", or the entity's name for `None`.
    pub fn group_path(&self, member: Option<usize>) -> String {
        let mut parts = Vec::new();
        let mut cur = member;
        let mut guard = 0;
        while let Some(i) = cur {
            let Some(m) = self.members.get(i) else { break };
            if parts.is_empty() {
                parts.push(m.name.clone());
            }
            let parent = match m.of.and_then(|p| self.members.get(p)) {
                Some(p) => p.name.as_str(),
                None => self.name.as_str(),
            };
            parts.push(format!("{} {parent}", m.relation.phrase()));
            cur = m.of;
            guard += 1;
            if guard > self.members.len() {
                break;
            }
        }
        if parts.is_empty() {
            self.name.clone()
        } else {
            parts.join(" → ")
        }
    }

    /// Is the member (and every member it belongs to) in the group on `date`?
    /// Former names follow the member they name.
    pub fn member_active(&self, member: usize, date: Date) -> bool {
        let mut cur = Some(member);
        let mut guard = 0;
        while let Some(i) = cur {
            let Some(m) = self.members.get(i) else {
                return false;
            };
            if m.relation != Relation::FormerName
                && (m.from.is_some_and(|f| date < f) || m.until.is_some_and(|u| date >= u))
            {
                return false;
            }
            cur = m.of;
            guard += 1;
            if guard > self.members.len() {
                return false;
            }
        }
        true
    }
}

/// A legal instrument: the source of one or more rules.
#[derive(Clone, Debug, Serialize)]
pub struct Instrument {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// ISO 3166-1 alpha-2 code.
    pub jurisdiction: String,
    /// Who issued it.
    pub authority: String,
    /// Formal citation.
    pub citation: String,
    /// Source URLs, the first one shown in reports.
    pub sources: Vec<String>,
    /// The day the facts were last checked.
    pub checked: Date,
    /// Where the scope is our reading rather than the text.
    pub interpretation: Option<String>,
    /// The file that defines it.
    pub file: String,
}

/// One obligation of a rule: an action restricted from a date, optionally with a deadline.
#[derive(Clone, Debug, Serialize)]
pub struct Obligation {
    /// What is restricted.
    pub action: Action,
    /// The day it takes effect.
    pub from: Date,
    /// The day compliance is due, if later.
    pub deadline: Option<Date>,
    /// Network segments it is limited to (empty: all).
    pub segments: Vec<String>,
    /// Purposes it is limited to (empty: all).
    pub purposes: Vec<String>,
    /// A quantitative limit, which a BOM alone cannot decide.
    pub cap: Option<String>,
    /// The day it ends (a sunset): it no longer applies from this day on.
    pub until: Option<Date>,
    /// Free text.
    pub note: Option<String>,
    /// Periods in which the measure is suspended (or its status is unverified).
    pub suspended: Vec<Suspension>,
}

/// A period in which an obligation is suspended.
#[derive(Clone, Debug, Serialize)]
pub struct Suspension {
    /// The first day of the suspension.
    pub from: Date,
    /// The day it ends, if known.
    pub until: Option<Date>,
    /// Where the suspension is announced.
    pub source: Option<String>,
    /// Whether it is not known if the measure applies in this period (then `review`, not
    /// suspended).
    pub unverified: bool,
}

impl Suspension {
    /// Whether `date` falls in the period.
    pub fn covers(&self, date: Date) -> bool {
        self.from <= date && self.until.is_none_or(|u| date < u)
    }
}

pub use crate::bom::PRODUCT_CLASSES;

/// An exception a country-of-production rule allows when a BOM or the context declares it.
#[derive(Clone, Debug, Serialize)]
pub struct RuleException {
    /// Its id (`blue-uas`).
    pub id: String,
    /// The day it ends, if it ends.
    pub until: Option<Date>,
    /// What it is.
    pub note: Option<String>,
}

/// The fields whose matches a rule counts (`match-fields`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchField {
    /// Who made it: manufacturer, publisher, author, originator, provider.
    Manufacturer,
    /// A part-number family.
    Mpn,
    /// Who supplied it.
    Supplier,
    /// An identifier: CPE, purl, FCC ID.
    Identifier,
}

impl MatchField {
    /// Every class, as rule files name them.
    pub const ALL: [MatchField; 4] = [
        MatchField::Manufacturer,
        MatchField::Mpn,
        MatchField::Supplier,
        MatchField::Identifier,
    ];

    /// The name in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchField::Manufacturer => "manufacturer",
            MatchField::Mpn => "mpn",
            MatchField::Supplier => "supplier",
            MatchField::Identifier => "identifier",
        }
    }

    /// The class of a component field.
    pub fn of(field: crate::bom::Field) -> MatchField {
        use crate::bom::Field;
        match field {
            Field::Mpn => MatchField::Mpn,
            Field::Supplier => MatchField::Supplier,
            Field::Cpe | Field::Purl | Field::FccId | Field::Origin => MatchField::Identifier,
            Field::Manufacturer
            | Field::Publisher
            | Field::Author
            | Field::Originator
            | Field::Provider => MatchField::Manufacturer,
        }
    }
}

/// When a list-based rule's list named an entity, or one member of it.
#[derive(Clone, Debug, Serialize)]
pub struct Listing {
    /// Index of the entity in [`RuleSet::entities`].
    pub entity: usize,
    /// Index of the member listed on its own, if the listing names a member.
    pub member: Option<usize>,
    /// The day it was put on the list.
    pub from: Date,
    /// The day it was taken off, if it was.
    pub until: Option<Date>,
    /// Where the listing is published.
    pub source: Option<String>,
}

impl Listing {
    /// Whether it is on the list on `date`.
    pub fn listed_on(&self, date: Date) -> bool {
        self.from <= date && self.until.is_none_or(|u| date < u)
    }
}

/// A rule: whom it binds, which entities it names, what it restricts.
#[derive(Clone, Debug, Serialize)]
pub struct Rule {
    /// Stable id, unique in the set.
    pub id: String,
    /// Title (the instrument's when the rule has none).
    pub title: String,
    /// Index of its instrument in [`RuleSet::instruments`].
    #[serde(skip)]
    pub instrument: usize,
    /// Role ids, each a role of the instrument's own jurisdiction (loading refuses others).
    pub binds: Vec<String>,
    /// Indices into [`RuleSet::entities`].
    #[serde(skip)]
    pub entities: Vec<usize>,
    /// Whether group members count.
    pub group: bool,
    /// Whether the rule covers what the entity supplies, not only what it makes: a match in
    /// the supplier field is then full evidence rather than a matter for review.
    pub supplied_by: bool,
    /// Whether a waiver may cover the rule's findings.
    pub waivable: bool,
    /// The kinds of component the rule covers (`part`, `equipment`, `module`, `software`,
    /// `service`); empty: every kind. A match on another kind, or on a component whose kind
    /// the BOM does not say, is for a person to review.
    pub kinds: Vec<crate::bom::Kind>,
    /// The fields whose matches count (empty: all).
    pub match_fields: Vec<MatchField>,
    /// When its list named each entity (empty: the rule is not list-based, and its entities
    /// count whenever its obligations apply), sorted by entity, member and date.
    pub listings: Vec<Listing>,
    /// Product classes it covers, when it is a country-of-production rule (`uas`, …).
    pub classes: Vec<String>,
    /// The countries of production it allows: a covered product made anywhere else is a
    /// finding (ISO 3166-1 alpha-2).
    pub produced_outside: Vec<String>,
    /// Exceptions a BOM or the context may declare.
    pub exceptions: Vec<RuleException>,
    /// `Deny`, `Warn` or `Review`: the severity once the rule bites. `Review` is for lists
    /// whose listing restricts without forbidding (the BIS Entity List): a person must decide.
    pub severity: Severity,
    /// Free text.
    pub note: Option<String>,
    /// What is restricted and when.
    pub obligations: Vec<Obligation>,
}

/// A validated, self-consistent set of rules, entities, roles and scopes, with its match
/// index. Read-only once built: the parts are reached through accessors, so that the index can
/// never go stale (edit the rule files and build again instead).
///
/// ```compile_fail
/// let mut rules = bomgate::RuleSet::shipped().unwrap();
/// rules.entities.clear(); // private: a stale index would still find the removed entities
/// ```
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    /// Roles, sorted by id.
    pub(crate) roles: Vec<Role>,
    /// Scopes, sorted by id.
    pub(crate) scopes: Vec<Scope>,
    /// Entities, sorted by id.
    pub(crate) entities: Vec<Entity>,
    /// Instruments, sorted by id.
    pub(crate) instruments: Vec<Instrument>,
    /// Rules, sorted by id.
    pub(crate) rules: Vec<Rule>,
    /// The match index over the entities.
    pub(crate) index: index::Index,
    /// SHA-256 of the rule files (names relative to the folder they were loaded from, and
    /// texts, in load order), for the run record: the same on every machine.
    pub(crate) digest: String,
    /// The packs the rules came from, in load order.
    pub(crate) packs: Vec<pack::Pack>,
}

impl RuleSet {
    /// Roles, sorted by id.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// Scopes (segments and purposes), sorted by id.
    pub fn scopes(&self) -> &[Scope] {
        &self.scopes
    }

    /// Entities, sorted by id.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Instruments, sorted by id.
    pub fn instruments(&self) -> &[Instrument] {
        &self.instruments
    }

    /// Rules, sorted by id.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// SHA-256 of the rule files (names relative to the folder they were loaded from, and
    /// texts), as the run record gives it: the same on every machine.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// The packs the rules came from, in load order (`shipped` first when it is used).
    pub fn packs(&self) -> &[pack::Pack] {
        &self.packs
    }

    /// The rules shipped inside bomgate (the `rules/` folder of the source tree).
    ///
    /// # Errors
    ///
    /// [`Error::Rules`] only if the embedded rule files fail validation, which the test suite
    /// rules out for a released build.
    pub fn shipped() -> Result<RuleSet, Error> {
        RuleSet::builder().shipped().build()
    }

    /// Loads a rule file or a folder of them (recursively, `*.toml`).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if a file cannot be read; [`Error::Rules`] listing every problem of the
    /// rule files with file, line and column.
    pub fn from_path(path: impl AsRef<Path>) -> Result<RuleSet, Error> {
        RuleSet::builder().path(path)?.build()
    }

    /// The shipped rule files as `(path, text)`, e.g. to print or copy them.
    pub fn shipped_files() -> &'static [(&'static str, &'static str)] {
        shipped::FILES
    }

    /// Starts an empty set of rule sources.
    pub fn builder() -> RuleSetBuilder {
        RuleSetBuilder::default()
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// The position of the entity with this id in [`RuleSet::entities`], as rules refer to it.
    pub fn entity_index(&self, id: &str) -> Option<usize> {
        self.entities.iter().position(|e| e.id == id)
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The instrument a rule comes from.
    pub fn instrument_of(&self, rule: &Rule) -> Option<&Instrument> {
        self.instruments.get(rule.instrument)
    }

    /// The jurisdiction of a rule (its instrument's).
    pub fn jurisdiction_of(&self, rule: &Rule) -> &str {
        self.instrument_of(rule)
            .map_or("", |i| i.jurisdiction.as_str())
    }
}

/// Collects rule files, then validates them together with [`RuleSetBuilder::build`].
#[derive(Default, Debug)]
pub struct RuleSetBuilder {
    /// (name in diagnostics, text).
    files: Vec<(String, String)>,
    /// The pack of each file (an index into `packs`), in the order of `files`.
    file_packs: Vec<Option<usize>>,
    /// The name each file has in the rule set's digest: relative to the folder it was added
    /// from, so that the digest does not depend on where a checkout lives.
    digest_names: Vec<String>,
    /// The packs added.
    packs: Vec<pack::Pack>,
    /// Errors found while adding (a pack that requires another bomgate).
    errors: Vec<Diagnostic>,
}

impl RuleSetBuilder {
    /// Adds the rules shipped inside bomgate.
    pub fn shipped(mut self) -> Self {
        match pack::Pack::parse(shipped::PACK.0, shipped::PACK.1) {
            Ok(p) => self.packs.push(p),
            Err(Error::Rules(d)) => self.errors.extend(d),
            Err(e) => self
                .errors
                .push(Diagnostic::new(shipped::PACK.0, e.to_string())),
        }
        let pack = self.packs.len().checked_sub(1);
        for (name, text) in shipped::FILES {
            self.files.push(((*name).to_string(), (*text).to_string()));
            self.file_packs.push(pack);
            self.digest_names.push((*name).to_string());
        }
        self
    }

    /// Adds a rule file, or every `*.toml` file under a folder (sorted by path).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if the path or a file under it cannot be read.
    pub fn path(mut self, path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let meta = std::fs::metadata(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut paths = Vec::new();
        if meta.is_dir() {
            collect_toml(path, &mut paths)?;
            paths.sort();
            self.packs.push(read_pack(path)?);
        } else {
            paths.push(path.to_path_buf());
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
            self.packs
                .push(pack::Pack::unversioned(dir.unwrap_or(path)));
        }
        for p in paths {
            let relative = if meta.is_dir() {
                p.strip_prefix(path).unwrap_or(&p)
            } else {
                Path::new(p.file_name().unwrap_or(p.as_os_str()))
            };
            let digest_name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            self.add_file(&p, digest_name)?;
        }
        Ok(self)
    }

    /// Adds one rule file from disk, under `digest_name` in the digest.
    fn add_file(&mut self, p: &Path, digest_name: String) -> Result<(), Error> {
        let bytes = std::fs::read(p).map_err(|source| Error::Io {
            path: p.to_path_buf(),
            source,
        })?;
        let name = p.display().to_string();
        match String::from_utf8(bytes) {
            Ok(text) => {
                self.files.push((name, text));
                // `path` adds the file's pack before its files.
                self.file_packs.push(self.packs.len().checked_sub(1));
                self.digest_names.push(digest_name);
                Ok(())
            }
            Err(e) => Err(Error::Rules(vec![
                Diagnostic::new(
                    name,
                    format!(
                        "not UTF-8 text (invalid byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                )
                .help("save rule files as UTF-8"),
            ])),
        }
    }

    /// Adds rule text under a name used in diagnostics. It belongs to the pack added before it
    /// (by [`RuleSetBuilder::shipped`] or [`RuleSetBuilder::path`]), if any: its entities may
    /// not share a name with that pack's.
    pub fn text(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        let name = name.into();
        self.digest_names.push(name.clone());
        self.files.push((name, text.into()));
        self.file_packs.push(self.packs.len().checked_sub(1));
        self
    }

    /// Parses and validates everything added; returns every problem found.
    ///
    /// # Errors
    ///
    /// [`Error::Rules`] listing every problem of the rule files (unknown keys, bad dates,
    /// unknown references, names that collide) with file, line and column.
    pub fn build(self) -> Result<RuleSet, Error> {
        let mut diags = self.errors.clone();
        let mut parsed = Vec::new();
        let mut parsed_packs = Vec::new();
        // Ids defined in files that did not parse: references to them are not reported as
        // unknown, since the file's own error says what is wrong.
        let mut broken = std::collections::HashSet::new();
        for ((name, text), pack) in self.files.iter().zip(&self.file_packs) {
            match parse_file(name, text, &mut diags) {
                Some(raw) => {
                    parsed.push((name.as_str(), text.as_str(), raw));
                    parsed_packs.push(*pack);
                }
                None => broken.extend(defined_ids(text)),
            }
        }
        let mut set = validate::validate(&parsed, &parsed_packs, &broken, &mut diags);
        set.packs = self.packs.clone();
        set.digest = {
            use sha2::Digest;
            let mut h = sha2::Sha256::new();
            for ((_, text), name) in self.files.iter().zip(&self.digest_names) {
                h.update(name.as_bytes());
                h.update([0]);
                h.update(text.as_bytes());
                h.update([0]);
            }
            crate::ident::hex(&h.finalize())
        };
        if diags.is_empty() {
            Ok(set)
        } else {
            Err(Error::Rules(diags))
        }
    }
}

/// The ids a rule file's tables define (`id = "…"` lines), read from its text alone so that
/// a file with errors still tells which ids it meant to define.
fn defined_ids(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().filter_map(|l| {
        let rest = l
            .trim()
            .strip_prefix("id")?
            .trim_start()
            .strip_prefix('=')?;
        let value = rest.trim().strip_prefix('"')?;
        value.split('"').next().map(str::to_string)
    })
}

/// The pack of a rule folder: its `pack.toml`, else an unversioned pack named after it.
fn read_pack(dir: &Path) -> Result<pack::Pack, Error> {
    let file = dir.join(pack::PACK_FILE);
    match std::fs::read_to_string(&file) {
        Ok(text) => pack::Pack::parse(&file.display().to_string(), &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(pack::Pack::unversioned(dir)),
        Err(source) => Err(Error::Io { path: file, source }),
    }
}

/// Every `*.toml` file under `dir` but `pack.toml` files.
fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let rd = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in rd {
        let entry = entry.map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let p = entry.path();
        if p.is_dir() {
            collect_toml(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "toml")
            && p.file_name().is_none_or(|n| n != pack::PACK_FILE)
        {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads a rule file: with the fast reader, or, for anything it does not take, with the
/// `toml` crate, which reports every problem with its place.
fn parse_file<'a>(name: &str, text: &'a str, diags: &mut Vec<Diagnostic>) -> Option<RawFile<'a>> {
    fast::read(text).or_else(|| parse_file_toml(name, text, diags))
}

/// Reads a rule file with the `toml` crate; every problem goes to `diags`.
fn parse_file_toml<'a>(
    name: &str,
    text: &'a str,
    diags: &mut Vec<Diagnostic>,
) -> Option<RawFile<'a>> {
    let table = match toml::de::DeTable::parse(text) {
        Ok(t) => t,
        Err(e) => {
            let mut d = Diagnostic::new(name, format!("invalid TOML: {}", e.message().trim()));
            if let Some(span) = e.span() {
                d = d.at_offset(text, span.start);
            }
            diags.push(d.help(FORMAT_HELP));
            return None;
        }
    };
    let before = diags.len();
    schema::check_keys(name, text, table.get_ref(), &schema::FILE, diags);
    if diags.len() > before {
        return None;
    }
    // Each table on its own, so that every table with a wrong value reports it (serde stops
    // at the first error of what it deserialises).
    let mut raw = RawFile::default();
    let mut failed = false;
    let mut report = |e: toml::de::Error, diags: &mut Vec<Diagnostic>| {
        let mut d = Diagnostic::new(name, e.message().trim().to_string());
        if let Some(span) = e.span() {
            d = d.at_offset(text, span.start);
        }
        diags.push(d.help(FORMAT_HELP));
        failed = true;
    };
    fn one<'de, T: serde::Deserialize<'de>>(
        v: Spanned<toml::de::DeValue<'de>>,
    ) -> Result<Spanned<T>, toml::de::Error> {
        serde::Deserialize::deserialize(toml::de::ValueDeserializer::from(v))
    }
    fn many<'de, T: serde::Deserialize<'de>>(
        v: Spanned<toml::de::DeValue<'de>>,
        out: &mut Vec<Spanned<T>>,
        errors: &mut Vec<toml::de::Error>,
    ) {
        let span = v.span();
        match v.into_inner() {
            toml::de::DeValue::Array(items) => {
                for item in items {
                    match one(item) {
                        Ok(x) => out.push(x),
                        Err(e) => errors.push(e),
                    }
                }
            }
            other => {
                // Not an array of tables: let serde say so, with the place.
                if let Err(e) = one::<Vec<T>>(Spanned::new(span, other)) {
                    errors.push(e);
                }
            }
        }
    }
    let mut errors = Vec::new();
    for (key, value) in table.into_inner() {
        match key.get_ref().as_ref() {
            "instrument" => match one(value) {
                Ok(i) => raw.instrument = Some(i),
                Err(e) => errors.push(e),
            },
            "rule" => many(value, &mut raw.rule, &mut errors),
            "entity" => many(value, &mut raw.entity, &mut errors),
            "role" => many(value, &mut raw.role, &mut errors),
            "scope" => many(value, &mut raw.scope, &mut errors),
            _ => {} // reported by the key check above
        }
    }
    for e in errors {
        report(e, diags);
    }
    if !failed && raw.is_empty() {
        diags.push(
            Diagnostic::new(name, "the file defines nothing: no [instrument], [[rule]], [[entity]], [[role]] or [[scope]] table")
                .at(1, 1)
                .help("a rule file cut short would drop its rules without a word; delete the file if it is meant to be empty"),
        );
        return None;
    }
    (!failed).then_some(raw)
}
