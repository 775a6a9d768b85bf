//! Instruments and their rules: sources, the roles rules bind, the entities they name, the
//! dates and scopes of their obligations.

use toml::Spanned;

use super::{Ctx, Validator, check_country, check_id, first_definition, unknown};
use crate::bom::Kind;
use crate::hash::FxHashMap as HashMap;
use crate::rules::model::{
    RawAction, RawEntity, RawFile, RawInstrument, RawListing, RawObligation, RawRule, RawSeverity,
};
use crate::rules::{
    Action, Instrument, Listing, MatchField, Obligation, Rule, ScopeKind, Severity,
};

impl<'a> Validator<'a> {
    /// Pass 2: the instrument and rules of every file, then both sorted by id.
    pub(super) fn validate_instruments_and_rules(&mut self) {
        // Keyed by the ids as the files write them, so that no id is copied.
        let entity_pos: HashMap<&'a str, usize> = self
            .set
            .entities
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let (_, raw): (usize, &'a Spanned<RawEntity<'a>>) =
                    *self.entity_src.get(e.id.as_str())?;
                Some((raw.get_ref().id.get_ref().as_ref(), i))
            })
            .collect();
        let mut rules = Vec::new();
        let files = self.files;
        for (file, text, raw) in files {
            let ctx = Ctx { file, text };
            let Some(inst) = &raw.instrument else {
                if let Some(r) = raw.rule.first() {
                    self.diags.push(
                        ctx.at(r, "`[[rule]]` without an `[instrument]` in the same file")
                            .help("add the `[instrument]` table that the rules come from (one instrument per file)"),
                    );
                }
                continue;
            };
            let Some(inst_index) = self.validate_instrument(&ctx, raw, inst) else {
                continue;
            };
            let i = inst.get_ref();
            for rule in &raw.rule {
                rules.extend(self.validate_rule(&ctx, i, inst_index, rule, &entity_pos));
            }
        }
        self.set.rules = self.sort_instruments(rules);
    }

    /// Checks the instrument of a file; adds it and returns its index unless its id is a
    /// duplicate.
    fn validate_instrument(
        &mut self,
        ctx: &Ctx<'a>,
        raw: &RawFile,
        inst: &'a Spanned<RawInstrument>,
    ) -> Option<usize> {
        let i = inst.get_ref();
        check_id(ctx, &i.id, "instrument", &mut self.diags);
        check_country(ctx, &i.jurisdiction, &mut self.diags);
        self.check_sources(ctx, i);
        if raw.rule.is_empty() {
            self.diags.push(
                ctx.at(
                    inst,
                    format!("instrument `{}` has no `[[rule]]`", i.id.get_ref()),
                )
                .help("add at least one `[[rule]]` table, or remove the instrument"),
            );
        }
        if !first_definition(
            &mut self.instrument_ids,
            ctx,
            &i.id,
            "instrument",
            &mut self.diags,
        ) {
            return None;
        }
        let index = self.set.instruments.len();
        self.set.instruments.push(Instrument {
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
            checked: i.checked.0,
            interpretation: i.interpretation.clone(),
            file: ctx.file.to_string(),
        });
        Some(index)
    }

    /// Reports an instrument without sources, and sources that are not http(s) URLs.
    fn check_sources(&mut self, ctx: &Ctx<'a>, i: &RawInstrument) {
        if i.sources.get_ref().is_empty() {
            self.diags.push(
                ctx.at(&i.sources, "`sources` is empty")
                    .help("cite at least one URL of the instrument or a reliable report of it"),
            );
        }
        for s in i.sources.get_ref() {
            if !(s.get_ref().starts_with("https://") || s.get_ref().starts_with("http://")) {
                self.diags.push(
                    ctx.at(s, format!("source `{}` is not a URL", s.get_ref()))
                        .help("write a full http:// or https:// address"),
                );
            }
        }
    }

    /// Checks one rule of instrument `i` (number `inst_index`) and resolves its references;
    /// `None` if its id is a duplicate.
    fn validate_rule(
        &mut self,
        ctx: &Ctx<'a>,
        i: &RawInstrument,
        inst_index: usize,
        rule: &'a Spanned<RawRule>,
        entity_pos: &HashMap<&'a str, usize>,
    ) -> Option<Rule> {
        let r = rule.get_ref();
        check_id(ctx, &r.id, "rule", &mut self.diags);
        if !first_definition(&mut self.rule_ids, ctx, &r.id, "rule", &mut self.diags) {
            return None;
        }
        let binds = self.resolve_binds(ctx, i, r);
        let entities = self.resolve_rule_entities(ctx, r, entity_pos);
        if r.obligation.is_empty() {
            self.diags.push(
                ctx.at(
                    &r.id,
                    format!("rule `{}` has no `[[rule.obligation]]`", r.id.get_ref()),
                )
                .help("add an obligation with `action` and `from`"),
            );
        }
        let obligations = r
            .obligation
            .iter()
            .map(|o| self.validate_obligation(ctx, o.get_ref()))
            .collect();
        let kinds = self.resolve_kinds(ctx, r);
        let match_fields = self.resolve_match_fields(ctx, r);
        let category = self.resolve_category(ctx, r);
        let listings = self.resolve_listings(ctx, r, &entities);
        Some(Rule {
            id: r.id.get_ref().clone(),
            title: r.title.clone().unwrap_or_else(|| i.title.clone()),
            instrument: inst_index,
            binds,
            entities,
            group: r.group,
            supplied_by: r.supplied_by,
            waivable: r.waivable,
            kinds,
            match_fields,
            listings,
            classes: category.classes,
            produced_outside: category.produced_outside,
            exceptions: category.exceptions,
            severity: match r.severity {
                RawSeverity::Deny => Severity::Deny,
                RawSeverity::Warn => Severity::Warn,
                RawSeverity::Review => Severity::Review,
            },
            note: r.note.clone(),
            obligations,
        })
    }

    /// The field classes rule `r` counts; reports unknown ones.
    fn resolve_match_fields(&mut self, ctx: &Ctx<'a>, r: &RawRule) -> Vec<MatchField> {
        let mut out = Vec::new();
        for f in &r.match_fields {
            match MatchField::ALL
                .into_iter()
                .find(|m| m.as_str() == f.get_ref())
            {
                Some(m) if !out.contains(&m) => out.push(m),
                Some(_) => {}
                None => self.diags.push(unknown(
                    ctx,
                    f,
                    "match field",
                    MatchField::ALL.iter().map(|m| m.as_str()),
                )),
            }
        }
        out.sort_unstable();
        out
    }

    /// The listings of rule `r`, whose entities are `entities`: each names an entity of the
    /// rule (and maybe one of its members), and every entity has at least one.
    fn resolve_listings(&mut self, ctx: &Ctx<'a>, r: &RawRule, entities: &[usize]) -> Vec<Listing> {
        let mut out = Vec::new();
        if r.listing.is_empty() {
            return out;
        }
        // By id, so that an imported list of tens of thousands of entities and listings
        // resolves in linear time.
        let by_id: HashMap<String, usize> = entities
            .iter()
            .filter_map(|e| Some((self.set.entities.get(*e)?.id.clone(), *e)))
            .collect();
        for l in &r.listing {
            let e = by_id.get(l.get_ref().entity.get_ref().as_ref()).copied();
            if let Some(listing) = self.resolve_listing(ctx, r, l.get_ref(), e) {
                out.push(listing);
            }
        }
        let listed: std::collections::HashSet<usize> = out.iter().map(|l| l.entity).collect();
        for e in entities {
            if !listed.contains(e)
                && let Some(ent) = self.set.entities.get(*e)
            {
                self.diags.push(
                    ctx.at(&r.id, format!("rule `{}` has listings, but none for entity `{}`", r.id.get_ref(), ent.id))
                        .help("a list-based rule says when its list named each entity: add a [[rule.listing]] for it"),
                );
            }
        }
        // By entity, so that a match finds its entity's listings by binary search.
        out.sort_by_key(|l| (l.entity, l.member, l.from));
        out
    }

    /// One listing: its entity must be one the rule names (`entity`, its index, when it is);
    /// its member, one of that entity's.
    fn resolve_listing(
        &mut self,
        ctx: &Ctx<'a>,
        r: &RawRule,
        l: &RawListing,
        entity: Option<usize>,
    ) -> Option<Listing> {
        let Some(e) = entity else {
            let named: Vec<&str> = r
                .entities
                .get_ref()
                .iter()
                .map(|e| e.get_ref().as_ref())
                .collect();
            self.diags.push(
                ctx.at(
                    &l.entity,
                    format!(
                        "listing for `{}`, which rule `{}` does not name",
                        l.entity.get_ref(),
                        r.id.get_ref()
                    ),
                )
                .help(format!(
                    "list one of the rule's entities: {}",
                    named.join(", ")
                )),
            );
            return None;
        };
        let member = match &l.member {
            None => None,
            Some(m) => {
                let ent = self.set.entities.get(e)?;
                match ent.members.iter().position(|x| &x.name == m.get_ref()) {
                    Some(i) => Some(i),
                    None => {
                        self.diags.push(unknown(
                            ctx,
                            m,
                            "member",
                            ent.members.iter().map(|x| x.name.as_str()),
                        ));
                        return None;
                    }
                }
            }
        };
        if let Some(u) = &l.until
            && u.get_ref() <= l.from.get_ref()
        {
            self.diags.push(
                ctx.at(
                    u,
                    format!(
                        "`until` ({}) is not after `from` ({})",
                        u.get_ref(),
                        l.from.get_ref()
                    ),
                )
                .help("`until` is the day the listing ended"),
            );
        }
        Some(Listing {
            entity: e,
            member,
            from: l.from.get_ref().0,
            until: l.until.as_ref().map(|d| d.get_ref().0),
            source: l.source.as_ref().map(String::from),
        })
    }

    /// The kinds of component rule `r` is limited to; reports unknown kinds.
    fn resolve_kinds(&mut self, ctx: &Ctx<'a>, r: &RawRule) -> Vec<Kind> {
        let mut kinds = Vec::new();
        for k in &r.kinds {
            match Kind::parse(k.get_ref()) {
                Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
                Some(_) => {}
                None => self.diags.push(unknown(
                    ctx,
                    k,
                    "kind",
                    Kind::NAMED.iter().map(|k| k.as_str()),
                )),
            }
        }
        kinds.sort_unstable();
        kinds
    }

    /// The role ids rule `r` binds; reports unknown roles and roles of another jurisdiction
    /// than instrument `i`.
    fn resolve_binds(&mut self, ctx: &Ctx<'a>, i: &RawInstrument, r: &RawRule) -> Vec<String> {
        let mut binds = Vec::new();
        if r.binds.get_ref().is_empty() {
            self.diags.push(
                ctx.at(&r.binds, "`binds` is empty")
                    .help("name at least one role, e.g. `binds = [\"cii-operator\"]`"),
            );
        }
        for b in r.binds.get_ref() {
            match self.set.roles.iter().find(|x| &x.id == b.get_ref()) {
                Some(role) => {
                    if role.jurisdiction != *i.jurisdiction.get_ref() {
                        self.diags.push(ctx.at(b, format!(
                            "role `{}` belongs to jurisdiction {}, but instrument `{}` is of {}",
                            role.id, role.jurisdiction, i.id.get_ref(), i.jurisdiction.get_ref()
                        )).help("bind a role of the instrument's own jurisdiction"));
                    }
                    binds.push(role.id.clone());
                }
                None if self.broken.contains(b.get_ref()) => {}
                None => self.diags.push(unknown(
                    ctx,
                    b,
                    "role",
                    self.set.roles.iter().map(|x| x.id.as_str()),
                )),
            }
        }
        binds
    }

    /// The indices of the entities rule `r` names; reports unknown entities.
    fn resolve_rule_entities(
        &mut self,
        ctx: &Ctx<'a>,
        r: &RawRule,
        entity_pos: &HashMap<&'a str, usize>,
    ) -> Vec<usize> {
        let mut entities = Vec::new();
        if r.entities.get_ref().is_empty() && r.classes.is_empty() {
            self.diags
                .push(ctx.at(&r.entities, "`entities` is empty").help(
                    "name at least one entity id (or, for a country-of-production rule, `classes`)",
                ));
        }
        for e in r.entities.get_ref() {
            match entity_pos.get(e.get_ref().as_ref()) {
                Some(idx) => entities.push(*idx),
                None if self.broken.contains(e.get_ref().as_ref()) => {}
                None => self.diags.push(unknown(
                    ctx,
                    e,
                    "entity",
                    self.set.entities.iter().map(|x| x.id.as_str()),
                )),
            }
        }
        entities
    }

    /// Checks one obligation's dates and scopes and converts it.
    fn validate_obligation(&mut self, ctx: &Ctx<'a>, o: &RawObligation) -> Obligation {
        self.check_obligation_dates(ctx, o);
        self.check_obligation_scopes(ctx, &o.segments, ScopeKind::Segment);
        self.check_obligation_scopes(ctx, &o.purposes, ScopeKind::Purpose);
        Obligation {
            action: match o.action {
                RawAction::Procure => Action::Procure,
                RawAction::Install => Action::Install,
                RawAction::Use => Action::Use,
            },
            from: o.from.get_ref().0,
            deadline: o.deadline.as_ref().map(|d| d.get_ref().0),
            segments: o.segments.iter().map(|s| s.get_ref().clone()).collect(),
            purposes: o.purposes.iter().map(|s| s.get_ref().clone()).collect(),
            cap: o.cap.clone(),
            until: o.until.as_ref().map(|d| d.get_ref().0),
            note: o.note.clone(),
            suspended: self.suspensions(ctx, &o.suspended),
        }
    }

    /// Reports a deadline before the day the obligation starts, and an end not after it.
    fn check_obligation_dates(&mut self, ctx: &Ctx<'a>, o: &RawObligation) {
        if let Some(u) = &o.until
            && u.get_ref() <= o.from.get_ref()
        {
            self.diags.push(
                ctx.at(
                    u,
                    format!(
                        "`until` ({}) is not after `from` ({})",
                        u.get_ref(),
                        o.from.get_ref()
                    ),
                )
                .help("`until` is the day the obligation ends; it must come after `from`"),
            );
        }
        if let Some(dl) = &o.deadline
            && dl.get_ref() < o.from.get_ref()
        {
            self.diags.push(ctx.at(dl, format!(
                    "`deadline` ({}) is before `from` ({})", dl.get_ref().0, o.from.get_ref().0
                )).help("the deadline is the day compliance is due; it cannot precede the day the obligation starts"));
        }
    }

    /// Reports scopes in `list` that are unknown or not of `kind`.
    fn check_obligation_scopes(
        &mut self,
        ctx: &Ctx<'a>,
        list: &[Spanned<String>],
        kind: ScopeKind,
    ) {
        for s in list {
            match self.set.scopes.iter().find(|x| &x.id == s.get_ref()) {
                Some(sc) if sc.kind == kind => {}
                Some(sc) => self.diags.push(
                    ctx.at(
                        s,
                        format!("scope `{}` is a {:?}, not a {kind:?}", sc.id, sc.kind)
                            .to_lowercase(),
                    )
                    .help("move it to `segments` or `purposes` as its kind says"),
                ),
                None if self.broken.contains(s.get_ref()) => {}
                None => self.diags.push(unknown(
                    ctx,
                    s,
                    "scope",
                    self.set
                        .scopes
                        .iter()
                        .filter(|x| x.kind == kind)
                        .map(|x| x.id.as_str()),
                )),
            }
        }
    }

    /// Sorts the instruments by id, points `rules` at their instruments' new places, and
    /// returns the rules sorted by id.
    fn sort_instruments(&mut self, mut rules: Vec<Rule>) -> Vec<Rule> {
        let unsorted: Vec<String> = self.set.instruments.iter().map(|i| i.id.clone()).collect();
        self.set.instruments.sort_by(|a, b| a.id.cmp(&b.id));
        let place: HashMap<&str, usize> = self
            .set
            .instruments
            .iter()
            .enumerate()
            .map(|(k, i)| (i.id.as_str(), k))
            .collect();
        for r in &mut rules {
            r.instrument = unsorted
                .get(r.instrument)
                .and_then(|id| place.get(id.as_str()))
                .copied()
                .unwrap_or(0);
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        rules
    }
}
