//! Entities and the members of their groups: ids, dates, `of` references and part-number
//! families.

use toml::Spanned;

use super::{Ctx, Seen, Validator, check_country, check_id, duplicate};
use crate::error::suggest;
use crate::normalize::mpn_key;
use crate::rules::model::{RawEntity, RawMember, RawRelation};
use crate::rules::{Entity, Member, Relation};

impl<'a> Validator<'a> {
    /// Checks the entities of file number `fi` and keeps the first definition of each id.
    pub(super) fn validate_entities(
        &mut self,
        fi: usize,
        ctx: &Ctx<'a>,
        entities: &'a [Spanned<RawEntity<'a>>],
    ) {
        for ent in entities {
            self.validate_entity(fi, ctx, ent);
        }
    }

    /// Checks one entity with its members and families; adds it unless its id is a duplicate.
    fn validate_entity(&mut self, fi: usize, ctx: &Ctx<'a>, ent: &'a Spanned<RawEntity<'a>>) {
        let e = ent.get_ref();
        check_id(ctx, &e.id, "entity", &mut self.diags);
        if let Some(c) = &e.country {
            check_country(ctx, c, &mut self.diags);
        }
        if let Some((fi, first)) = self.entity_src.get(e.id.get_ref().as_ref())
            && let Some((file, text, _)) = self.files.get(*fi)
        {
            let prev = Seen {
                file,
                text,
                offset: first.get_ref().id.span().start,
            };
            self.diags.push(duplicate(ctx, &e.id, "entity", &prev));
            return;
        }
        let id = String::from(e.id.get_ref());
        self.entity_src.insert(e.id.get_ref(), (fi, ent));
        let members = self.validate_members(ctx, e, &id);
        self.check_member_cycles(ctx, e, &members);
        self.check_mpn_prefixes(ctx, e, &id);
        let mut entity = entity(e, id, members, ctx.file);
        entity.pack = self.packs.get(fi).copied().flatten();
        self.set.entities.push(entity);
    }

    /// Checks the members of entity `id` (dates, `of`) and converts them.
    fn validate_members(&mut self, ctx: &Ctx<'a>, e: &RawEntity, id: &str) -> Vec<Member> {
        let member_names: Vec<&str> = e
            .member
            .iter()
            .map(|m| m.get_ref().name.get_ref().as_str())
            .collect();
        let mut members = Vec::new();
        for m in &e.member {
            let m = m.get_ref();
            self.check_member_dates(ctx, m);
            let of = self.resolve_member_of(ctx, m, &member_names, id);
            members.push(member(m, of));
        }
        members
    }

    /// Reports a member whose `until` is not after its `from`.
    fn check_member_dates(&mut self, ctx: &Ctx<'a>, m: &RawMember) {
        if let (Some(from), Some(until)) = (&m.from, &m.until)
            && from.get_ref() >= until.get_ref()
        {
            self.diags.push(
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
    }

    /// The index of the member that `m` is `of`; `None` for the entity itself, or (reported)
    /// when no member of entity `id` has that name.
    fn resolve_member_of(
        &mut self,
        ctx: &Ctx<'a>,
        m: &RawMember,
        member_names: &[&str],
        id: &str,
    ) -> Option<usize> {
        let of = m.of.as_ref()?;
        if let Some(i) = member_names.iter().position(|n| n == of.get_ref()) {
            return Some(i);
        }
        let d = ctx.at(
            of,
            format!(
                "`of = \"{}\"` names no member of entity `{id}`",
                of.get_ref()
            ),
        );
        self.diags
            .push(match suggest(of.get_ref(), member_names.iter().copied()) {
                Some(s) => d.did_you_mean(s),
                None => d.help("`of` names another member of the same entity"),
            });
        None
    }

    /// Reports members that are, through `of`, part of themselves: `of` chains must end at the
    /// entity.
    fn check_member_cycles(&mut self, ctx: &Ctx<'a>, e: &RawEntity, members: &[Member]) {
        for (i, m) in e.member.iter().enumerate() {
            let mut cur = members.get(i).and_then(|x| x.of);
            let mut steps = 0;
            while let Some(c) = cur {
                steps += 1;
                if c == i || steps > members.len() {
                    self.diags.push(
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
    }

    /// Reports part-number families of entity `id` and its members that are too short or that
    /// another entity lists too.
    fn check_mpn_prefixes(&mut self, ctx: &Ctx<'a>, e: &'a RawEntity<'a>, id: &str) {
        let members = e
            .member
            .iter()
            .flat_map(|m| m.get_ref().mpn_prefixes.iter());
        for p in e.mpn_prefixes.iter().chain(members) {
            let key = mpn_key(p.get_ref());
            if key.chars().count() < 3 {
                self.diags.push(
                    ctx.at(p, format!("part-number family `{}` is shorter than 3 characters", p.get_ref()))
                        .help("a short prefix such as `MT` also hits other makers (MediaTek MT7621, Aerosemi MT3608); list the families, e.g. `MT41K`"),
                );
                continue;
            }
            if let Some((other, prev)) = self.prefix_owner.get(&key) {
                if *other != id {
                    self.diags.push(
                        ctx.at(p, format!(
                            "part-number family `{key}` of entity `{id}` is also listed for entity `{other}` ({prev})"
                        ))
                        .help("a family must identify one maker"),
                    );
                }
            } else {
                self.prefix_owner
                    .insert(key, (e.id.get_ref().as_ref(), Seen::of(ctx, p)));
            }
        }
    }
}

/// The entity `id` as the rule set keeps it, defined in `file` (of no pack yet).
fn entity(e: &RawEntity<'_>, id: String, members: Vec<Member>, file: &str) -> Entity {
    Entity {
        id,
        name: String::from(e.name.get_ref()),
        country: e.country.as_ref().map(|c| c.get_ref().clone()),
        aliases: e.aliases.iter().map(String::from).collect(),
        mpn_prefixes: e
            .mpn_prefixes
            .iter()
            .map(|p| mpn_key(p.get_ref()))
            .collect(),
        cpe_vendors: e.cpe_vendors.clone(),
        fcc_grantees: e.fcc_grantees.clone(),
        purl_namespaces: e.purl_namespaces.clone(),
        sources: e.sources.clone(),
        note: e.note.as_ref().map(String::from),
        members,
        file: file.to_string(),
        pack: None,
    }
}

/// A member as the rule set keeps it, `of` resolved to an index.
fn member(m: &RawMember, of: Option<usize>) -> Member {
    Member {
        name: m.name.get_ref().clone(),
        relation: match m.relation {
            RawRelation::Subsidiary => Relation::Subsidiary,
            RawRelation::Affiliate => Relation::Affiliate,
            RawRelation::Brand => Relation::Brand,
            RawRelation::Division => Relation::Division,
            RawRelation::FormerName => Relation::FormerName,
        },
        aliases: m.aliases.clone(),
        from: m.from.as_ref().map(|d| d.get_ref().0),
        until: m.until.as_ref().map(|d| d.get_ref().0),
        of,
        mpn_prefixes: m
            .mpn_prefixes
            .iter()
            .map(|p| mpn_key(p.get_ref()))
            .collect(),
        note: m.note.clone(),
    }
}
