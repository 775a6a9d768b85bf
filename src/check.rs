//! Checking components against a rule set in a context: who the buyer is, where, when.

use std::collections::HashMap;
use std::path::Path;

use crate::bom::{self, Bom, BomInfo, Component, Field, ReadOptions, SourceKind};
use crate::date::Date;
use crate::error::{Error, suggest};
use crate::index::{How, Target};
use crate::normalize::is_placeholder;
use crate::report::{
    ComponentRef, ContextInfo, EntityRef, Evidence, Finding, FindingLocation, ObligationState,
    Report, RuleInfo, SCHEMA_VERSION, State, Summary, ToolInfo, UNSCREENABLE_LISTED, Unscreenable,
    Verdict,
};
use crate::rules::{Rule, RuleSet, Severity};

/// Who is checking, for what, and on which date.
#[derive(Clone, Debug)]
pub struct Context {
    /// The date rules are evaluated on.
    pub as_of: Date,
    /// Only rules of these jurisdictions (ISO 3166-1 alpha-2); empty: all.
    pub jurisdictions: Vec<String>,
    /// Only rules binding one of these roles; empty: all.
    pub roles: Vec<String>,
    /// The network segments the parts are used in; empty: not declared.
    pub segments: Vec<String>,
    /// The purposes the parts are used for; empty: not declared.
    pub purposes: Vec<String>,
    /// The lowest severity that fails the check; `None`: never fail.
    pub fail_on: Option<Severity>,
}

impl Context {
    /// Every rule, evaluated on `as_of`, failing on `deny`.
    pub fn new(as_of: Date) -> Context {
        Context {
            as_of,
            jurisdictions: Vec::new(),
            roles: Vec::new(),
            segments: Vec::new(),
            purposes: Vec::new(),
            fail_on: Some(Severity::Deny),
        }
    }

    /// Every rule, evaluated today (UTC).
    pub fn today() -> Context {
        Context::new(Date::today_utc())
    }

    /// Adds a jurisdiction.
    pub fn jurisdiction(mut self, cc: impl Into<String>) -> Context {
        self.jurisdictions.push(cc.into());
        self
    }

    /// Adds a role.
    pub fn role(mut self, role: impl Into<String>) -> Context {
        self.roles.push(role.into());
        self
    }

    /// Declares a network segment.
    pub fn segment(mut self, s: impl Into<String>) -> Context {
        self.segments.push(s.into());
        self
    }

    /// Declares a purpose.
    pub fn purpose(mut self, p: impl Into<String>) -> Context {
        self.purposes.push(p.into());
        self
    }

    /// Sets the fail level.
    pub fn fail_on(mut self, level: Option<Severity>) -> Context {
        self.fail_on = level;
        self
    }
}

/// Checks components one at a time and collects a [`Report`].
///
/// ```
/// use bomgate::{Checker, Context, RuleSet, Date};
/// let rules = RuleSet::shipped()?;
/// let ctx = Context::new("2024-01-01".parse::<Date>()?).jurisdiction("CN");
/// let mut checker = Checker::new(&rules, ctx)?;
/// checker.check_bytes("bom.csv", b"Ref,Manufacturer,MPN\nU1,Micron,MT41K256M16TW-107:P\n", &Default::default())?;
/// let report = checker.finish();
/// assert_eq!(report.summary.deny, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Checker<'r> {
    rules: &'r RuleSet,
    ctx: Context,
    /// For each entity, the indices of the rules in context that name it.
    rules_of_entity: Vec<Vec<usize>>,
    active: Vec<usize>,
    /// BOM values seen so far: placeholder or not, and what they matched.
    name_cache: crate::hash::FxHashMap<String, CachedName>,
    hits: Vec<Hit>,
    scratch: Vec<(Target, How)>,
    mpn_buf: String,
    file: String,
    findings: Vec<Finding>,
    summary: Summary,
    inputs: Vec<BomInfo>,
    unscreenable: Vec<Unscreenable>,
    waivers: Vec<crate::waiver::Waiver>,
    waiver_warn_days: i64,
    baseline: Option<crate::baseline::Baseline>,
    root: Option<std::path::PathBuf>,
}

#[derive(Debug, Default)]
struct CachedName {
    placeholder: bool,
    hits: Vec<(Target, How)>,
}

#[derive(Clone, Copy, Debug)]
struct Hit {
    target: Target,
    how: How,
    field: Field,
    /// Index of the source (for manufacturer, mpn, supplier), or of the extra field.
    source: usize,
    extra: bool,
}

impl<'r> Checker<'r> {
    /// Prepares a check; fails if the context names a jurisdiction, role, segment or purpose
    /// that the rule set does not know.
    pub fn new(rules: &'r RuleSet, ctx: Context) -> Result<Checker<'r>, Error> {
        validate_context(rules, &ctx)?;
        let mut active = Vec::new();
        let mut rules_of_entity = vec![Vec::new(); rules.entities.len()];
        for (ri, rule) in rules.rules.iter().enumerate() {
            let j = rules.jurisdiction_of(rule);
            let by_j = ctx.jurisdictions.is_empty() || ctx.jurisdictions.iter().any(|x| x == j);
            let by_role = ctx.roles.is_empty() || rule.binds.iter().any(|b| ctx.roles.contains(b));
            if by_j && by_role {
                active.push(ri);
                for e in &rule.entities {
                    if let Some(v) = rules_of_entity.get_mut(*e) {
                        v.push(ri);
                    }
                }
            }
        }
        Ok(Checker {
            rules,
            ctx,
            rules_of_entity,
            active,
            name_cache: Default::default(),
            hits: Vec::new(),
            scratch: Vec::new(),
            mpn_buf: String::new(),
            file: String::new(),
            findings: Vec::new(),
            summary: Summary::default(),
            inputs: Vec::new(),
            unscreenable: Vec::new(),
            waivers: Vec::new(),
            waiver_warn_days: 30,
            baseline: None,
            root: None,
        })
    }

    /// Adds waivers; findings they cover are reported as waived and do not fail.
    pub fn waivers(&mut self, waivers: impl IntoIterator<Item = crate::waiver::Waiver>) {
        self.waivers.extend(waivers);
    }

    /// Warn about waivers that expire within this many days (default 30).
    pub fn waiver_warning_days(&mut self, days: i64) {
        self.waiver_warn_days = days;
    }

    /// Sets a baseline; findings it records do not fail.
    pub fn baseline(&mut self, baseline: crate::baseline::Baseline) {
        self.baseline = Some(baseline);
    }

    /// Reports name BOM files relative to this folder (the project or repository root) when
    /// they lie inside it, so that reports, fingerprints and baselines do not depend on the
    /// working directory or the machine.
    pub fn set_root(&mut self, root: impl Into<std::path::PathBuf>) {
        self.root = Some(root.into());
    }

    /// How reports name a BOM file: relative to the root when one is set and contains it
    /// (with `/` separators), else as given.
    fn display(&self, path: &Path) -> String {
        let given = path.display().to_string();
        let Some(root) = &self.root else {
            return given;
        };
        let abs = match std::env::current_dir() {
            Ok(cwd) if !path.is_absolute() => cwd.join(path),
            _ => path.to_path_buf(),
        };
        let abs = abs.canonicalize().unwrap_or(abs);
        let root = root.canonicalize().unwrap_or_else(|_| root.clone());
        match abs.strip_prefix(&root) {
            Ok(rel) => rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/"),
            Err(_) => given,
        }
    }

    /// Reads a BOM file and checks its components as they stream in.
    pub fn check_path(&mut self, path: impl AsRef<Path>, opts: &ReadOptions) -> Result<(), Error> {
        let path = path.as_ref();
        let name = self.display(path);
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.file = name.clone();
        let info = bom::read_bytes(&name, &bytes, opts, &mut |c| self.check(c))?;
        self.inputs.push(info);
        Ok(())
    }

    /// Reads BOM bytes (`name` is used in messages) and checks them.
    pub fn check_bytes(
        &mut self,
        name: &str,
        bytes: &[u8],
        opts: &ReadOptions,
    ) -> Result<(), Error> {
        self.file = name.to_string();
        let info = bom::read_bytes(name, bytes, opts, &mut |c| self.check(c))?;
        self.inputs.push(info);
        Ok(())
    }

    /// Checks a BOM already in memory.
    pub fn check_bom(&mut self, bom: &Bom) {
        self.file = bom.info.file.clone();
        for c in &bom.components {
            self.check(c);
        }
        self.inputs.push(bom.info.clone());
    }

    /// Checks one component of the current file.
    pub fn check(&mut self, c: &Component) {
        self.summary.components += 1;
        if !c.is_screenable() {
            self.summary.unscreenable += 1;
            if self.unscreenable.len() < UNSCREENABLE_LISTED {
                self.unscreenable.push(Unscreenable {
                    file: self.file.clone(),
                    line: c.location.line,
                    reference: c.reference().to_string(),
                    name: c.name().to_string(),
                });
            }
            return;
        }
        self.summary.screened += 1;
        self.hits.clear();
        for (si, s) in c.sources().enumerate() {
            if !s.manufacturer.is_empty() {
                self.lookup_name(Field::Manufacturer, s.manufacturer, si, false);
            }
            if !s.mpn.is_empty() {
                self.scratch.clear();
                let (rules, buf, scratch) = (self.rules, &mut self.mpn_buf, &mut self.scratch);
                rules.index.lookup_mpn(s.mpn, buf, scratch);
                self.push_scratch(Field::Mpn, si, false);
            }
            if !s.supplier.is_empty() {
                self.lookup_name(Field::Supplier, s.supplier, si, false);
            }
        }
        for (fi, (field, value)) in c.fields().enumerate() {
            self.scratch.clear();
            match field {
                Field::Publisher
                | Field::Author
                | Field::Originator
                | Field::Manufacturer
                | Field::Supplier => {
                    self.lookup_name(field, value, fi, true);
                    continue;
                }
                Field::Cpe => self.rules.index.lookup_cpe(value, &mut self.scratch),
                Field::Purl => self.rules.index.lookup_purl(value, &mut self.scratch),
                Field::FccId => self.rules.index.lookup_fcc_id(value, &mut self.scratch),
                Field::Mpn => {
                    let (rules, buf, scratch) = (self.rules, &mut self.mpn_buf, &mut self.scratch);
                    rules.index.lookup_mpn(value, buf, scratch);
                }
            }
            self.push_scratch(field, fi, true);
        }
        if self.hits.is_empty() {
            return;
        }
        self.judge(c);
    }

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
            });
        }
    }

    fn push_scratch(&mut self, field: Field, source: usize, extra: bool) {
        for (target, how) in self.scratch.drain(..) {
            self.hits.push(Hit {
                target,
                how,
                field,
                source,
                extra,
            });
        }
    }

    /// Turns the hits of one component into findings.
    fn judge(&mut self, c: &Component) {
        let rules = self.rules;
        let mut entities: Vec<u32> = self.hits.iter().map(|h| h.target.entity).collect();
        entities.sort_unstable();
        entities.dedup();
        let sources: Vec<bom::Source<'_>> = c.sources().collect();
        let mut flagged = false;
        for e in entities {
            let Some(entity) = rules.entities.get(e as usize) else {
                continue;
            };
            let Some(rule_ids) = self.rules_of_entity.get(e as usize) else {
                continue;
            };
            for ri in rule_ids {
                let Some(rule) = rules.rules.get(*ri) else {
                    continue;
                };
                // The hits that count for this rule on the as-of date.
                let hits: Vec<Hit> = self
                    .hits
                    .iter()
                    .filter(|h| h.target.entity == e)
                    .filter(|h| match h.target.member {
                        None => true,
                        Some(m) => rule.group && entity.member_active(m as usize, self.ctx.as_of),
                    })
                    .copied()
                    .collect();
                if hits.is_empty() {
                    continue;
                }
                let Some(finding) = self.finding(rule, entity, &hits, c, &sources) else {
                    continue;
                };
                flagged = true;
                self.findings.push(finding);
            }
        }
        if flagged {
            self.summary.flagged_components += 1;
        }
    }

    fn finding(
        &self,
        rule: &Rule,
        entity: &crate::rules::Entity,
        hits: &[Hit],
        c: &Component,
        sources: &[bom::Source<'_>],
    ) -> Option<Finding> {
        let rules = self.rules;
        let instrument = rules.instrument_of(rule)?;
        let mut notes = Vec::new();

        // How strong is the evidence?
        let named = |h: &Hit| {
            matches!(
                h.field,
                Field::Manufacturer
                    | Field::Publisher
                    | Field::Author
                    | Field::Originator
                    | Field::Cpe
                    | Field::Purl
                    | Field::FccId
            )
        };
        let strong = hits.iter().any(|h| {
            named(h)
                || (rule.supplied_by && h.field == Field::Supplier)
                || (h.field == Field::Mpn
                    && if h.extra {
                        // A part number from a second part-number column: its maker is the
                        // component's, if any.
                        sources.iter().all(|s| no_maker(s.manufacturer))
                    } else {
                        sources
                            .get(h.source)
                            .is_some_and(|s| no_maker(s.manufacturer))
                    })
        });
        if !strong {
            if hits.iter().all(|h| h.field == Field::Supplier) {
                notes.push(format!(
                    "{} is named only as supplier or distributor; the manufacturer is {}: a person must confirm who made the part",
                    entity.name,
                    describe_makers(sources)
                ));
            } else {
                notes.push(format!(
                    "the part number belongs to a {} family, but the manufacturer field names {}: a person must confirm who made the part",
                    entity.name,
                    describe_makers(sources)
                ));
            }
        }
        if hits.iter().any(|h| h.how == How::Confusable) {
            notes.push(
                "the name matched only after look-alike characters (e.g. Cyrillic or Greek letters, digits for letters) were folded: an obfuscated or mis-encoded name".into(),
            );
        }

        // Obligations on the as-of date.
        let as_of = self.ctx.as_of;
        let mut obligations = Vec::new();
        for o in &rule.obligations {
            let mut reason = None;
            let mut scope_open = false;
            for (wanted, declared, what) in [
                (&o.segments, &self.ctx.segments, "segment"),
                (&o.purposes, &self.ctx.purposes, "purpose"),
            ] {
                if wanted.is_empty() {
                    continue;
                }
                if declared.is_empty() {
                    scope_open = true;
                    reason = Some(format!(
                        "applies only to {what} {}; the context declares no {what} (use --{what})",
                        wanted.join(", ")
                    ));
                } else if !wanted.iter().any(|w| declared.contains(w)) {
                    scope_open = false;
                    reason = Some(String::new());
                    break;
                }
            }
            if reason.as_deref() == Some("") {
                continue; // scoped to segments or purposes the context excludes
            }
            let (state, mut severity) = if as_of < o.from {
                if as_of.days_until(o.from) > 365 {
                    continue;
                }
                (State::Upcoming, Severity::Info)
            } else if o.deadline.is_some_and(|d| as_of < d) {
                (State::DeadlinePending, Severity::Warn.min(rule.severity))
            } else {
                (State::InForce, rule.severity)
            };
            if scope_open || o.cap.is_some() {
                if o.cap.is_some() && reason.is_none() {
                    reason = Some(format!(
                        "a quantitative cap ({}) that a BOM alone cannot decide",
                        o.cap.as_deref().unwrap_or("")
                    ));
                }
                severity = severity.min(Severity::Review);
            }
            obligations.push(ObligationState {
                action: o.action,
                from: o.from,
                deadline: o.deadline,
                segments: o.segments.clone(),
                purposes: o.purposes.clone(),
                cap: o.cap.clone(),
                state,
                severity,
                reason,
            });
        }
        let mut severity = obligations.iter().map(|o| o.severity).max()?;
        let state = obligations.iter().map(|o| o.state).max()?;
        if !strong {
            severity = severity.min(Severity::Review);
        }

        // Evidence, strongest first, without repeats.
        let mut evidence: Vec<Evidence> = Vec::new();
        for h in hits {
            let value = if h.extra {
                c.fields().nth(h.source).map(|(_, v)| v).unwrap_or("")
            } else {
                sources.get(h.source).map_or("", |s| match h.field {
                    Field::Manufacturer => s.manufacturer,
                    Field::Mpn => s.mpn,
                    _ => s.supplier,
                })
            };
            let (source, line) = if h.extra {
                ("primary".to_string(), c.location.line)
            } else {
                sources.get(h.source).map_or(("primary".into(), None), |s| {
                    (
                        match s.kind {
                            SourceKind::Primary => "primary".to_string(),
                            SourceKind::Alternate => "alternate".to_string(),
                            SourceKind::Variant(v) => format!("variant {v}"),
                        },
                        s.line,
                    )
                })
            };
            let base = match (h.field, h.target.member) {
                (Field::Mpn, _) => "mpn-family",
                (Field::Cpe, _) => "cpe-vendor",
                (Field::Purl, _) => "purl-namespace",
                (Field::FccId, _) => "fcc-grantee",
                (_, Some(_)) => "group-member",
                (_, None) => {
                    if rules.index.text(&rules.entities, &h.target) == entity.name {
                        "name"
                    } else {
                        "alias"
                    }
                }
            };
            let via = match h.how {
                How::Exact => base.to_string(),
                How::GenericWords => format!("{base}+generic-words"),
                How::Confusable => format!("{base}+confusable"),
            };
            let strength = match h.field {
                Field::Cpe | Field::Purl | Field::FccId => crate::report::Strength::Identifier,
                Field::Mpn => crate::report::Strength::PartFamily,
                Field::Supplier => crate::report::Strength::Supplier,
                _ => crate::report::Strength::Name,
            };
            let ev = Evidence {
                strength,
                field: h.field,
                value: value.to_string(),
                matched: rules.index.text(&rules.entities, &h.target).to_string(),
                via,
                group: h.target.member.map(|m| entity.group_path(Some(m as usize))),
                source,
                line,
            };
            if !evidence.contains(&ev) {
                evidence.push(ev);
            }
        }
        evidence.sort_by_key(|ev| (ev.source != "primary", ev.strength, ev.field, ev.line));

        // Alternates: say whether the part can be sourced elsewhere.
        if sources.len() > 1 {
            let is_hit = |i: usize| hits.iter().any(|h| !h.extra && h.source == i);
            let others: Vec<String> = sources
                .iter()
                .enumerate()
                .filter(|(i, s)| !is_hit(*i) && !matches!(s.kind, SourceKind::Variant(_)))
                .map(|(_, s)| {
                    let m = if s.manufacturer.is_empty() {
                        "?"
                    } else {
                        s.manufacturer
                    };
                    format!("{m} {}", s.mpn).trim().to_string()
                })
                .collect();
            let primary_hit = is_hit(0);
            let short = short_name(entity);
            if primary_hit && !others.is_empty() {
                notes.push(format!(
                    "{short} is the primary source; non-{short} alternates exist: {}",
                    others.join(", ")
                ));
            } else if primary_hit {
                notes.push(format!("every listed source is {short}"));
            } else if !others.is_empty() {
                notes.push(format!(
                    "{short} is an approved alternate, not the primary source ({}): remove it from the approved sources",
                    others.first().map_or("", String::as_str)
                ));
            }
        }
        if instrument.interpretation.is_some() && hits.iter().any(|h| h.target.member.is_some()) {
            notes.push(
                "matched through the corporate group: that the rule covers group members is the rule file's interpretation (see the rule)".into(),
            );
        }

        let primary = sources.first();
        let component = ComponentRef {
            reference: c.reference().to_string(),
            manufacturer: primary.map_or("", |s| s.manufacturer).to_string(),
            mpn: primary.map_or("", |s| s.mpn).to_string(),
            supplier: primary.map_or("", |s| s.supplier).to_string(),
            name: c.name().to_string(),
            quantity: c.quantity(),
        };
        let message = message(rule, entity, &obligations, severity, as_of);
        // A component without designator or bom-ref (an SBOM package) is known by its name,
        // version and identifiers instead; a line or JSON index would move.
        let identity = if component.reference.is_empty() {
            let mut id = c.name().to_string();
            for (_, v) in c.fields() {
                id.push('\u{1}');
                id.push_str(v);
            }
            id
        } else {
            String::new()
        };
        let fingerprint =
            crate::report::fingerprint(&rule.id, &entity.id, &self.file, &component, &identity);
        Some(Finding {
            rule: rule.id.clone(),
            title: rule.title.clone(),
            instrument: instrument.id.clone(),
            jurisdiction: instrument.jurisdiction.clone(),
            binds: rule.binds.clone(),
            severity,
            state,
            entity: EntityRef {
                id: entity.id.clone(),
                name: entity.name.clone(),
            },
            component,
            location: FindingLocation {
                file: self.file.clone(),
                line: c.location.line,
                path: c.location.path.clone(),
            },
            evidence,
            obligations,
            source: instrument.sources.first().cloned().unwrap_or_default(),
            message,
            notes,
            fingerprint,
            waiver: None,
            baselined: false,
        })
    }

    /// Ends the check and returns the report.
    pub fn finish(mut self) -> Report {
        let file_order: HashMap<String, usize> = self
            .inputs
            .iter()
            .enumerate()
            .map(|(i, f)| (f.file.clone(), i))
            .collect();
        self.findings.sort_by(|a, b| {
            (
                &a.rule,
                file_order.get(&a.location.file),
                a.location.line,
                &a.component.reference,
                &a.entity.id,
            )
                .cmp(&(
                    &b.rule,
                    file_order.get(&b.location.file),
                    b.location.line,
                    &b.component.reference,
                    &b.entity.id,
                ))
        });
        // Waivers: the first that covers a finding and has not expired waives it.
        let as_of = self.ctx.as_of;
        let mut uses: Vec<crate::waiver::WaiverUse> = self
            .waivers
            .iter()
            .map(|w| {
                let days_left = as_of.days_until(w.expires);
                let state = if days_left < 0 {
                    crate::waiver::WaiverState::Expired
                } else if days_left < self.waiver_warn_days {
                    crate::waiver::WaiverState::Expiring
                } else {
                    crate::waiver::WaiverState::Active
                };
                crate::waiver::WaiverUse {
                    waiver: w.clone(),
                    state,
                    days_left,
                    matched: 0,
                    applied: 0,
                }
            })
            .collect();
        let mut warnings = Vec::new();
        for f in &mut self.findings {
            let waivable = self.rules.rule(&f.rule).is_none_or(|r| r.waivable);
            for u in uses.iter_mut() {
                if !u.waiver.covers(f) {
                    continue;
                }
                u.matched += 1;
                if !waivable {
                    f.notes.push(format!(
                        "waiver {} does not apply: rule {} cannot be waived",
                        u.waiver.source, f.rule
                    ));
                } else if u.state == crate::waiver::WaiverState::Expired {
                    f.notes.push(format!(
                        "waiver {} expired on {} and no longer waives this finding",
                        u.waiver.source, u.waiver.expires
                    ));
                } else if f.waiver.is_none() {
                    f.waiver = Some(u.waiver.clone());
                    u.applied += 1;
                }
            }
        }
        for u in &uses {
            let w = &u.waiver;
            match (u.state, u.matched) {
                (_, 0) => warnings.push(format!(
                    "waiver {} (rule {}, entity {}) matches no finding: remove it",
                    w.source, w.rule, w.entity
                )),
                (crate::waiver::WaiverState::Active | crate::waiver::WaiverState::Expiring, _)
                    if u.applied == 0 =>
                {
                    warnings.push(format!(
                        "waiver {} covers only findings it cannot waive (non-waivable rules, or waived by an earlier waiver): remove it",
                        w.source
                    ))
                }
                (crate::waiver::WaiverState::Expired, _) => warnings.push(format!(
                    "waiver {} expired on {} ({} days ago): its findings count again (owner {}, ticket {})",
                    w.source, w.expires, -u.days_left, w.owner, w.ticket
                )),
                (crate::waiver::WaiverState::Expiring, _) => warnings.push(format!(
                    "waiver {} expires on {} ({} days left; owner {}, ticket {})",
                    w.source, w.expires, u.days_left, w.owner, w.ticket
                )),
                _ => {}
            }
        }

        // Baseline: recorded findings do not fail; recorded findings that are gone are listed.
        let baseline = self.baseline.take().map(|b| {
            let mut seen = std::collections::HashSet::new();
            let mut matched = 0;
            for f in &mut self.findings {
                if b.entries.iter().any(|e| e.fingerprint == f.fingerprint) {
                    f.baselined = true;
                    matched += 1;
                    seen.insert(f.fingerprint.clone());
                }
            }
            let gone: Vec<_> = b
                .entries
                .iter()
                .filter(|e| !seen.contains(&e.fingerprint))
                .cloned()
                .collect();
            for e in &gone {
                warnings.push(format!(
                    "baseline entry {} ({} {} in {} {}) no longer occurs: write the baseline again",
                    e.fingerprint, e.rule, e.entity, e.file, e.reference
                ));
            }
            crate::report::BaselineUse {
                entries: b.entries.len(),
                matched,
                new: self.findings.len() - matched,
                gone,
            }
        });

        if self.summary.unscreenable > 0 {
            warnings.push(format!(
                "{} of {} components name no manufacturer, supplier, part number or identifier: they were not screened and are not known to comply",
                self.summary.unscreenable, self.summary.components
            ));
        }
        let s = &mut self.summary;
        s.duplicates_skipped = self.inputs.iter().map(|i| i.duplicates_skipped).sum();
        s.findings = self.findings.len();
        for f in &self.findings {
            match f.severity {
                Severity::Deny => s.deny += 1,
                Severity::Warn => s.warn += 1,
                Severity::Review => s.review += 1,
                Severity::Info => s.info += 1,
            }
            s.waived += usize::from(f.waiver.is_some());
            s.baselined += usize::from(f.baselined);
            if f.fails_at(self.ctx.fail_on) {
                s.failing += 1;
            }
        }
        s.verdict = if s.failing > 0 {
            Verdict::Fail
        } else {
            Verdict::Pass
        };
        let rules: Vec<RuleInfo> = self
            .active
            .iter()
            .filter_map(|ri| self.rules.rules.get(*ri))
            .filter_map(|r| {
                let i = self.rules.instrument_of(r)?;
                Some(RuleInfo {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    instrument: i.id.clone(),
                    citation: i.citation.clone(),
                    jurisdiction: i.jurisdiction.clone(),
                    authority: i.authority.clone(),
                    binds: r.binds.clone(),
                    severity: r.severity,
                    sources: i.sources.clone(),
                    checked: i.checked,
                    interpretation: i.interpretation.clone(),
                })
            })
            .collect();
        let context = ContextInfo {
            as_of: self.ctx.as_of,
            jurisdictions: self.ctx.jurisdictions.clone(),
            roles: self.ctx.roles.clone(),
            segments: self.ctx.segments.clone(),
            purposes: self.ctx.purposes.clone(),
            fail_on: self.ctx.fail_on,
        };
        let run = crate::report::RunRecord {
            tool: "bomgate",
            version: env!("CARGO_PKG_VERSION"),
            inputs: self
                .inputs
                .iter()
                .map(|i| crate::report::RunInput {
                    file: i.file.clone(),
                    sha256: i.sha256.clone(),
                })
                .collect(),
            rules_sha256: self.rules.digest.clone(),
            rules: rules
                .iter()
                .map(|r| crate::report::RunRule {
                    id: r.id.clone(),
                    checked: r.checked,
                })
                .collect(),
            as_of: self.ctx.as_of,
            context: context.clone(),
            waivers_applied: uses
                .iter()
                .filter(|u| u.applied > 0)
                .map(|u| u.waiver.source.clone())
                .collect(),
            verdict: self.summary.verdict,
        };
        Report {
            schema_version: SCHEMA_VERSION,
            tool: ToolInfo {
                name: "bomgate",
                version: env!("CARGO_PKG_VERSION"),
            },
            context,
            summary: self.summary,
            findings: self.findings,
            rules,
            inputs: self.inputs,
            unscreenable: self.unscreenable,
            waivers: uses,
            baseline,
            warnings,
            run,
        }
    }
}

/// Is this manufacturer value blank or a placeholder such as `Generic`?
fn no_maker(m: &str) -> bool {
    m.is_empty() || is_placeholder(m)
}

fn describe_makers(sources: &[bom::Source<'_>]) -> String {
    let makers: Vec<&str> = sources
        .iter()
        .map(|s| s.manufacturer)
        .filter(|m| !m.is_empty())
        .collect();
    if makers.is_empty() {
        "not given".into()
    } else {
        format!("`{}`", makers.join("`, `"))
    }
}

fn short_name(e: &crate::rules::Entity) -> &str {
    e.aliases
        .iter()
        .filter(|a| a.is_ascii())
        .min_by_key(|a| a.len())
        .map_or(e.name.as_str(), String::as_str)
}

fn message(
    rule: &Rule,
    entity: &crate::rules::Entity,
    obligations: &[ObligationState],
    severity: Severity,
    as_of: Date,
) -> String {
    let mut parts = Vec::new();
    for o in obligations {
        let what = o.action.as_str();
        let scope = if o.segments.is_empty() {
            String::new()
        } else {
            format!(" in {}", o.segments.join("/"))
        };
        parts.push(match o.state {
            State::InForce => match o.deadline {
                Some(d) => format!("{what}{scope} prohibited since {}, due {d}", o.from),
                None => format!("{what}{scope} prohibited since {}", o.from),
            },
            State::DeadlinePending => format!(
                "{what}{scope} must end by {} ({} days after {as_of})",
                o.deadline.map_or(String::new(), |d| d.to_string()),
                o.deadline.map_or(0, |d| as_of.days_until(d))
            ),
            State::Upcoming => format!(
                "{what}{scope} prohibited from {} ({} days after {as_of})",
                o.from,
                as_of.days_until(o.from)
            ),
        });
    }
    let lead = match severity {
        Severity::Review => "needs review",
        Severity::Info => "upcoming",
        _ => "restricted",
    };
    format!(
        "{} part {lead} under {}: {}",
        entity.name,
        rule.id,
        parts.join("; ")
    )
}

fn validate_context(rules: &RuleSet, ctx: &Context) -> Result<(), Error> {
    let mut problems = Vec::new();
    let mut jur: Vec<&str> = rules
        .instruments
        .iter()
        .map(|i| i.jurisdiction.as_str())
        .chain(rules.roles.iter().map(|r| r.jurisdiction.as_str()))
        .collect();
    jur.sort_unstable();
    jur.dedup();
    let check = |given: &[String], known: Vec<&str>, what: &str, problems: &mut Vec<String>| {
        for g in given {
            if !known.contains(&g.as_str()) {
                let hint = match suggest(g, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known: {}", known.join(", ")),
                };
                problems.push(format!("unknown {what} `{g}` — {hint}"));
            }
        }
    };
    check(&ctx.jurisdictions, jur, "jurisdiction", &mut problems);
    check(
        &ctx.roles,
        rules.roles.iter().map(|r| r.id.as_str()).collect(),
        "role",
        &mut problems,
    );
    let scopes = |k: crate::rules::ScopeKind| -> Vec<&str> {
        rules
            .scopes
            .iter()
            .filter(|s| s.kind == k)
            .map(|s| s.id.as_str())
            .collect()
    };
    check(
        &ctx.segments,
        scopes(crate::rules::ScopeKind::Segment),
        "segment",
        &mut problems,
    );
    check(
        &ctx.purposes,
        scopes(crate::rules::ScopeKind::Purpose),
        "purpose",
        &mut problems,
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Context(problems.join("\n")))
    }
}

/// Checks a BOM in memory against a rule set: the one-call API.
pub fn check(rules: &RuleSet, bom: &Bom, ctx: Context) -> Result<Report, Error> {
    let mut checker = Checker::new(rules, ctx)?;
    checker.check_bom(bom);
    Ok(checker.finish())
}
