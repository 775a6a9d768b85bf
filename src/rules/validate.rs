//! Validation of parsed rule files into a [`RuleSet`]: every id checked, every reference
//! resolved, every problem reported, in the order of the files and of the tables in them.

use crate::hash::FxHashMap as HashMap;

use toml::Spanned;

use super::model::{self, RawAction, RawFile, RawRelation, RawScopeKind, RawSeverity};
use super::{
    Action, Entity, Instrument, Member, Obligation, Relation, Role, Rule, RuleSet, Scope,
    ScopeKind, Severity,
};
use crate::error::{Diagnostic, suggest};
use crate::normalize::mpn_key;

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn at<T>(&self, s: &Spanned<T>, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.file, msg).at_offset(self.text, s.span().start)
    }
}

fn check_id(ctx: &Ctx<'_>, id: &Spanned<String>, what: &str, diags: &mut Vec<Diagnostic>) {
    let s = id.get_ref();
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

fn first_definition<'a>(
    seen: &mut HashMap<String, Seen<'a>>,
    ctx: &Ctx<'a>,
    id: &Spanned<String>,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    if let Some(prev) = seen.get(id.get_ref()) {
        diags.push(
            ctx.at(id, format!("duplicate {what} id `{}`", id.get_ref()))
                .help(format!(
                    "it is already defined at {prev}; ids must be unique in the rule set"
                )),
        );
        return false;
    }
    seen.insert(id.get_ref().clone(), Seen::of(ctx, id));
    true
}

/// Validates the parsed files together; appends every problem found to `diags`.
pub(super) fn validate(files: &[(&str, &str, RawFile)], diags: &mut Vec<Diagnostic>) -> RuleSet {
    let mut set = RuleSet::default();

    // Pass 1: vocabularies and entities, so that rules may refer to any file.
    let mut role_ids = HashMap::default();
    let mut scope_ids = HashMap::default();
    let mut entity_ids = HashMap::default();
    // Where each entity was defined, to place name conflicts found by the index.
    let mut entity_src: HashMap<String, (usize, &Spanned<model::RawEntity>)> = HashMap::default();
    let mut prefix_owner: HashMap<String, (String, Seen<'_>)> = HashMap::default();
    for (fi, (file, text, raw)) in files.iter().enumerate() {
        let ctx = Ctx { file, text };
        for role in &raw.role {
            let r = role.get_ref();
            check_id(&ctx, &r.id, "role", diags);
            check_country(&ctx, &r.jurisdiction, diags);
            if first_definition(&mut role_ids, &ctx, &r.id, "role", diags) {
                set.roles.push(Role {
                    id: r.id.get_ref().clone(),
                    jurisdiction: r.jurisdiction.get_ref().clone(),
                    name: r.name.clone(),
                    description: r.description.clone(),
                });
            }
        }
        for scope in &raw.scope {
            let s = scope.get_ref();
            check_id(&ctx, &s.id, "scope", diags);
            if first_definition(&mut scope_ids, &ctx, &s.id, "scope", diags) {
                set.scopes.push(Scope {
                    id: s.id.get_ref().clone(),
                    kind: match s.kind {
                        RawScopeKind::Segment => ScopeKind::Segment,
                        RawScopeKind::Purpose => ScopeKind::Purpose,
                    },
                    description: s.description.clone(),
                });
            }
        }
        for ent in &raw.entity {
            let e = ent.get_ref();
            check_id(&ctx, &e.id, "entity", diags);
            if let Some(c) = &e.country {
                check_country(&ctx, c, diags);
            }
            if !first_definition(&mut entity_ids, &ctx, &e.id, "entity", diags) {
                continue;
            }
            let id = e.id.get_ref().clone();
            entity_src.insert(id.clone(), (fi, ent));
            let mut prefixes: Vec<&Spanned<String>> = e.mpn_prefixes.iter().collect();
            let mut members = Vec::new();
            let member_names: Vec<&str> = e
                .member
                .iter()
                .map(|m| m.get_ref().name.get_ref().as_str())
                .collect();
            for m in &e.member {
                let m = m.get_ref();
                prefixes.extend(m.mpn_prefixes.iter());
                if let (Some(from), Some(until)) = (&m.from, &m.until)
                    && from.get_ref() >= until.get_ref()
                {
                    diags.push(
                        ctx.at(
                            until,
                            format!(
                                "member `{}`: `until` ({}) is not after `from` ({})",
                                m.name.get_ref(),
                                until.get_ref(),
                                from.get_ref()
                            ),
                        )
                        .help("`from` is the day it joined the group, `until` the day it left"),
                    );
                }
                let of = match &m.of {
                    None => None,
                    Some(of) => match member_names.iter().position(|n| n == of.get_ref()) {
                        Some(i) => Some(i),
                        None => {
                            let hint = match suggest(of.get_ref(), member_names.iter().copied()) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => "`of` names another member of the same entity".to_string(),
                            };
                            diags.push(
                                ctx.at(
                                    of,
                                    format!(
                                        "`of = \"{}\"` names no member of entity `{id}`",
                                        of.get_ref()
                                    ),
                                )
                                .help(hint),
                            );
                            None
                        }
                    },
                };
                members.push(Member {
                    name: m.name.get_ref().clone(),
                    relation: match m.relation {
                        RawRelation::Subsidiary => Relation::Subsidiary,
                        RawRelation::Affiliate => Relation::Affiliate,
                        RawRelation::Brand => Relation::Brand,
                        RawRelation::Division => Relation::Division,
                        RawRelation::FormerName => Relation::FormerName,
                    },
                    aliases: m.aliases.clone(),
                    from: m.from.as_ref().map(|d| *d.get_ref()),
                    until: m.until.as_ref().map(|d| *d.get_ref()),
                    of,
                    mpn_prefixes: m
                        .mpn_prefixes
                        .iter()
                        .map(|p| mpn_key(p.get_ref()))
                        .collect(),
                    note: m.note.clone(),
                });
            }
            // `of` chains must end at the entity.
            for (i, m) in e.member.iter().enumerate() {
                let mut cur = members.get(i).and_then(|x| x.of);
                let mut steps = 0;
                while let Some(c) = cur {
                    steps += 1;
                    if c == i || steps > members.len() {
                        diags.push(
                            ctx.at(
                                &m.get_ref().name,
                                format!(
                                    "member `{}` is, through `of`, part of itself",
                                    m.get_ref().name.get_ref()
                                ),
                            )
                            .help("break the cycle of `of` references"),
                        );
                        break;
                    }
                    cur = members.get(c).and_then(|x| x.of);
                }
            }
            for p in &prefixes {
                let key = mpn_key(p.get_ref());
                if key.chars().count() < 3 {
                    diags.push(
                        ctx.at(*p, format!("part-number family `{}` is shorter than 3 characters", p.get_ref()))
                            .help("a short prefix such as `MT` also hits other makers (MediaTek MT7621, Aerosemi MT3608); list the families, e.g. `MT41K`"),
                    );
                    continue;
                }
                if let Some((other, prev)) = prefix_owner.get(&key) {
                    if *other != id {
                        diags.push(
                            ctx.at(*p, format!(
                                "part-number family `{key}` of entity `{id}` is also listed for entity `{other}` ({prev})"
                            ))
                            .help("a family must identify one maker"),
                        );
                    }
                } else {
                    prefix_owner.insert(key, (id.clone(), Seen::of(&ctx, *p)));
                }
            }
            set.entities.push(Entity {
                id,
                name: e.name.get_ref().clone(),
                country: e.country.as_ref().map(|c| c.get_ref().clone()),
                aliases: e.aliases.clone(),
                mpn_prefixes: e
                    .mpn_prefixes
                    .iter()
                    .map(|p| mpn_key(p.get_ref()))
                    .collect(),
                cpe_vendors: e.cpe_vendors.clone(),
                fcc_grantees: e.fcc_grantees.clone(),
                purl_namespaces: e.purl_namespaces.clone(),
                sources: e.sources.clone(),
                note: e.note.clone(),
                members,
                file: file.to_string(),
            });
        }
    }
    set.entities.sort_by(|a, b| a.id.cmp(&b.id));
    set.roles.sort_by(|a, b| a.id.cmp(&b.id));
    set.scopes.sort_by(|a, b| a.id.cmp(&b.id));

    // The match index; names that normalise to nothing, or to another entity's name, are errors.
    let (index, conflicts) = crate::index::Index::build(&set.entities);
    set.index = index;
    for c in conflicts {
        let (entity, name, other) = match &c {
            crate::index::Conflict::Empty { entity, name } => (*entity, name, None),
            crate::index::Conflict::SharedName { first, second } => {
                (second.0, &second.1, Some(first))
            }
        };
        let Some(e) = set.entities.get(entity as usize) else {
            continue;
        };
        let Some((fi, raw)) = entity_src.get(&e.id) else {
            continue;
        };
        let Some((file, text, _)) = files.get(*fi) else {
            continue;
        };
        let ctx = Ctx { file, text };
        let at = name_offset(text, raw, name);
        match other {
            None => diags.push(
                Diagnostic::new(*file, format!("name `{name}` is empty after normalisation"))
                    .at_offset(text, at)
                    .help("a name needs letters or digits besides legal forms such as `Inc`"),
            ),
            Some((o, oname)) => {
                let oid = set.entities.get(*o as usize).map_or("", |x| x.id.as_str());
                let place = entity_src
                    .get(oid)
                    .and_then(|(ofi, oraw)| {
                        let (ofile, otext, _) = files.get(*ofi)?;
                        let seen = Seen {
                            file: ofile,
                            text: otext,
                            offset: name_offset(otext, oraw, oname),
                        };
                        Some(seen.to_string())
                    })
                    .unwrap_or_default();
                diags.push(
                    Diagnostic::new(*file, format!(
                        "name `{name}` of entity `{}` is also a name of entity `{oid}` ({place})",
                        e.id
                    ))
                    .at_offset(ctx.text, at)
                    .help("a name must identify one entity; remove it from one of them"),
                );
            }
        }
    }

    // Pass 2: instruments and rules.
    let entity_pos: HashMap<String, usize> = set
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    let mut instrument_ids = HashMap::default();
    let mut rule_ids = HashMap::default();
    let mut pending_rules = Vec::new();
    for (file, text, raw) in files {
        let ctx = Ctx { file, text };
        let Some(inst) = &raw.instrument else {
            if let Some(r) = raw.rule.first() {
                diags.push(
                    ctx.at(r, "`[[rule]]` without an `[instrument]` in the same file")
                        .help("add the `[instrument]` table that the rules come from (one instrument per file)"),
                );
            }
            continue;
        };
        let i = inst.get_ref();
        check_id(&ctx, &i.id, "instrument", diags);
        check_country(&ctx, &i.jurisdiction, diags);
        if i.sources.get_ref().is_empty() {
            diags.push(
                ctx.at(&i.sources, "`sources` is empty")
                    .help("cite at least one URL of the instrument or a reliable report of it"),
            );
        }
        for s in i.sources.get_ref() {
            if !(s.get_ref().starts_with("https://") || s.get_ref().starts_with("http://")) {
                diags.push(
                    ctx.at(s, format!("source `{}` is not a URL", s.get_ref()))
                        .help("write a full http:// or https:// address"),
                );
            }
        }
        if raw.rule.is_empty() {
            diags.push(
                ctx.at(
                    inst,
                    format!("instrument `{}` has no `[[rule]]`", i.id.get_ref()),
                )
                .help("add at least one `[[rule]]` table, or remove the instrument"),
            );
        }
        if !first_definition(&mut instrument_ids, &ctx, &i.id, "instrument", diags) {
            continue;
        }
        let inst_index = set.instruments.len();
        set.instruments.push(Instrument {
            id: i.id.get_ref().clone(),
            title: i.title.clone(),
            jurisdiction: i.jurisdiction.get_ref().clone(),
            authority: i.authority.clone(),
            citation: i.citation.clone(),
            sources: i
                .sources
                .get_ref()
                .iter()
                .map(|s| s.get_ref().clone())
                .collect(),
            checked: i.checked,
            interpretation: i.interpretation.clone(),
            file: file.to_string(),
        });
        for rule in &raw.rule {
            let r = rule.get_ref();
            check_id(&ctx, &r.id, "rule", diags);
            if !first_definition(&mut rule_ids, &ctx, &r.id, "rule", diags) {
                continue;
            }
            let mut binds = Vec::new();
            if r.binds.get_ref().is_empty() {
                diags.push(
                    ctx.at(&r.binds, "`binds` is empty")
                        .help("name at least one role, e.g. `binds = [\"cii-operator\"]`"),
                );
            }
            for b in r.binds.get_ref() {
                match set.roles.iter().find(|x| &x.id == b.get_ref()) {
                    Some(role) => {
                        if role.jurisdiction != *i.jurisdiction.get_ref() {
                            diags.push(ctx.at(b, format!(
                                "role `{}` belongs to jurisdiction {}, but instrument `{}` is of {}",
                                role.id, role.jurisdiction, i.id.get_ref(), i.jurisdiction.get_ref()
                            )).help("bind a role of the instrument's own jurisdiction"));
                        }
                        binds.push(role.id.clone());
                    }
                    None => diags.push(unknown(
                        &ctx,
                        b,
                        "role",
                        set.roles.iter().map(|x| x.id.as_str()),
                    )),
                }
            }
            let mut entities = Vec::new();
            if r.entities.get_ref().is_empty() {
                diags.push(
                    ctx.at(&r.entities, "`entities` is empty")
                        .help("name at least one entity id"),
                );
            }
            for e in r.entities.get_ref() {
                match entity_pos.get(e.get_ref()) {
                    Some(idx) => entities.push(*idx),
                    None => diags.push(unknown(
                        &ctx,
                        e,
                        "entity",
                        set.entities.iter().map(|x| x.id.as_str()),
                    )),
                }
            }
            if r.obligation.is_empty() {
                diags.push(
                    ctx.at(
                        &r.id,
                        format!("rule `{}` has no `[[rule.obligation]]`", r.id.get_ref()),
                    )
                    .help("add an obligation with `action` and `from`"),
                );
            }
            let mut obligations = Vec::new();
            for o in &r.obligation {
                let o = o.get_ref();
                if let Some(dl) = &o.deadline
                    && dl.get_ref() < o.from.get_ref()
                {
                    diags.push(ctx.at(dl, format!(
                            "`deadline` ({}) is before `from` ({})", dl.get_ref(), o.from.get_ref()
                        )).help("the deadline is the day compliance is due; it cannot precede the day the obligation starts"));
                }
                for (list, kind) in [
                    (&o.segments, ScopeKind::Segment),
                    (&o.purposes, ScopeKind::Purpose),
                ] {
                    for s in list {
                        match set.scopes.iter().find(|x| &x.id == s.get_ref()) {
                            Some(sc) if sc.kind == kind => {}
                            Some(sc) => diags.push(
                                ctx.at(
                                    s,
                                    format!("scope `{}` is a {:?}, not a {kind:?}", sc.id, sc.kind)
                                        .to_lowercase(),
                                )
                                .help("move it to `segments` or `purposes` as its kind says"),
                            ),
                            None => diags.push(unknown(
                                &ctx,
                                s,
                                "scope",
                                set.scopes
                                    .iter()
                                    .filter(|x| x.kind == kind)
                                    .map(|x| x.id.as_str()),
                            )),
                        }
                    }
                }
                obligations.push(Obligation {
                    action: match o.action {
                        RawAction::Procure => Action::Procure,
                        RawAction::Install => Action::Install,
                        RawAction::Use => Action::Use,
                    },
                    from: *o.from.get_ref(),
                    deadline: o.deadline.as_ref().map(|d| *d.get_ref()),
                    segments: o.segments.iter().map(|s| s.get_ref().clone()).collect(),
                    purposes: o.purposes.iter().map(|s| s.get_ref().clone()).collect(),
                    cap: o.cap.clone(),
                    note: o.note.clone(),
                });
            }
            pending_rules.push(Rule {
                id: r.id.get_ref().clone(),
                title: r.title.clone().unwrap_or_else(|| i.title.clone()),
                instrument: inst_index,
                binds,
                entities,
                group: r.group,
                supplied_by: r.supplied_by,
                waivable: r.waivable,
                severity: match r.severity {
                    RawSeverity::Deny => Severity::Deny,
                    RawSeverity::Warn => Severity::Warn,
                },
                note: r.note.clone(),
                obligations,
            });
        }
    }
    // Sort instruments by id and point the rules at their new places.
    let unsorted: Vec<String> = set.instruments.iter().map(|i| i.id.clone()).collect();
    set.instruments.sort_by(|a, b| a.id.cmp(&b.id));
    let place: HashMap<&str, usize> = set
        .instruments
        .iter()
        .enumerate()
        .map(|(k, i)| (i.id.as_str(), k))
        .collect();
    for r in &mut pending_rules {
        r.instrument = unsorted
            .get(r.instrument)
            .and_then(|id| place.get(id.as_str()))
            .copied()
            .unwrap_or(0);
    }
    pending_rules.sort_by(|a, b| a.id.cmp(&b.id));
    set.rules = pending_rules;
    set
}

/// The byte offset of a name inside an entity's table: the `name` key's span, else the first
/// occurrence of the name as a TOML string in the table, else the table itself.
fn name_offset(text: &str, raw: &Spanned<model::RawEntity>, name: &str) -> usize {
    let r = raw.get_ref();
    if r.name.get_ref() == name {
        return r.name.span().start;
    }
    if let Some(m) = r.member.iter().find(|m| m.get_ref().name.get_ref() == name) {
        return m.get_ref().name.span().start;
    }
    let span = raw.span();
    let quoted = format!("\"{name}\"");
    text.get(span.clone())
        .and_then(|t| t.find(&quoted))
        .map_or(span.start, |i| span.start + i)
}

fn unknown<'a>(
    ctx: &Ctx<'_>,
    s: &Spanned<String>,
    what: &str,
    known: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let known: Vec<&str> = known.collect();
    let d = ctx.at(s, format!("unknown {what} `{}`", s.get_ref()));
    match suggest(s.get_ref(), known.iter().copied()) {
        Some(k) => d.help(format!("did you mean `{k}`?")),
        None if known.is_empty() => d.help(format!("no {what} is defined in the rule set")),
        None => d.help(format!("defined: {}", known.join(", "))),
    }
}
