//! The core check: components against a rule set in a context (who the buyer is, where, for
//! what, when), giving a [`Report`] of findings with severities and counts.
//!
//! The work is split by job (private modules): the `matcher` looks component values up in the
//! rule set's index (values → hits); the `judge` turns hits into findings under the rules in
//! context, with `obligations` on the as-of date and `evidence`; the `summary` sums up. Waivers,
//! baselines and fail levels are the [`gate`](crate::gate)'s business, not this module's.

mod category;
mod context;
mod evidence;
mod judge;
mod matcher;
mod obligations;
mod summary;

use std::path::{Path, PathBuf};

pub use context::Context;

use crate::bom::{self, Bom, BomInfo, Component, ReadOptions};
use crate::error::Error;
use crate::report::{Finding, Report, Summary, UNSCREENABLE_LISTED, Unscreenable};
use crate::rules::RuleSet;
use judge::Judge;
use matcher::Matcher;

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
    judge: Judge<'r>,
    matcher: Matcher<'r>,
    /// The file being read, as reports name it.
    file: String,
    findings: Vec<Finding>,
    summary: Summary,
    inputs: Vec<BomInfo>,
    unscreenable: Vec<Unscreenable>,
    root: Option<PathBuf>,
}

impl<'r> Checker<'r> {
    /// Prepares a check; fails if the context names a jurisdiction, role, segment or purpose
    /// that the rule set does not know, or if it selects no rule (a check that would pass
    /// every BOM).
    ///
    /// # Errors
    ///
    /// [`Error::Context`] if the context names a jurisdiction, role, segment or purpose the
    /// rule set does not define, or selects no rule.
    pub fn new(rules: &'r RuleSet, ctx: Context) -> Result<Checker<'r>, Error> {
        ctx.validate(rules)?;
        let judge = Judge::new(rules, ctx);
        if judge.active().next().is_none() {
            return Err(context::no_rule_applies(rules, judge.context()));
        }
        Ok(Checker {
            rules,
            judge,
            matcher: Matcher::new(rules),
            file: String::new(),
            findings: Vec::new(),
            summary: Summary::default(),
            inputs: Vec::new(),
            unscreenable: Vec::new(),
            root: None,
        })
    }

    /// Reports name BOM files relative to this folder (the project or repository root) when
    /// they lie inside it, so that reports, fingerprints and baselines do not depend on the
    /// working directory or the machine.
    pub fn set_root(&mut self, root: impl Into<PathBuf>) {
        self.root = Some(root.into());
    }

    /// Reads a BOM file and checks its components as they stream in.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if the file cannot be read; [`Error::Bom`] or [`Error::NoVendorColumn`] if
    /// it is not a BOM bomgate can read.
    pub fn check_path(&mut self, path: impl AsRef<Path>, opts: &ReadOptions) -> Result<(), Error> {
        let path = path.as_ref();
        let name = crate::report::file_name(self.root.as_deref(), path);
        self.file = name.clone();
        let info = bom::read_file_as(&name, path, opts, &mut |c| self.check(c))?;
        self.inputs.push(info);
        Ok(())
    }

    /// Reads BOM bytes (`name` is used in messages and reports) and checks them.
    ///
    /// # Errors
    ///
    /// [`Error::Bom`] or [`Error::NoVendorColumn`] if the bytes are not a BOM bomgate can read.
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

    /// An empty checker with the same rules, context and root: check some files with it
    /// (on another thread, say) and [`absorb`](Checker::absorb) it back, in file order, so
    /// the report is the one a single checker would have made.
    ///
    /// ```
    /// use bomgate::{Checker, Context, RuleSet, Date};
    /// let rules = RuleSet::shipped()?;
    /// let mut main = Checker::new(&rules, Context::new("2024-01-01".parse::<Date>()?))?;
    /// let boms: [&[u8]; 2] = [b"Ref,Manufacturer\nU1,Micron\n", b"Ref,Manufacturer\nU1,Yageo\n"];
    /// let parts = std::thread::scope(|s| {
    ///     let jobs: Vec<_> = boms.iter().enumerate().map(|(i, bytes)| {
    ///         let mut part = main.fork();
    ///         s.spawn(move || part.check_bytes(&format!("bom{i}.csv"), bytes, &Default::default()).map(|()| part))
    ///     }).collect();
    ///     jobs.into_iter().map(|j| j.join().expect("no panic")).collect::<Result<Vec<_>, _>>()
    /// })?;
    /// for part in parts {
    ///     main.absorb(part);
    /// }
    /// assert_eq!(main.finish().summary.components, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fork(&self) -> Checker<'r> {
        Checker {
            rules: self.rules,
            judge: self.judge.clone(),
            matcher: Matcher::new(self.rules),
            file: String::new(),
            findings: Vec::new(),
            summary: Summary::default(),
            inputs: Vec::new(),
            unscreenable: Vec::new(),
            root: self.root.clone(),
        }
    }

    /// What this checker found since it was made or last asked (a part to
    /// [`absorb`](Checker::absorb), in file order); it goes on empty, with only its caches
    /// kept: a thread that checks many files one after another with one fork, taking a part
    /// after each, looks each maker name up once, not once per file. Take a part after every
    /// file, and drop (do not absorb) one taken after a `check_*` call that failed: it holds
    /// what was read of that file before the error, without the file's facts.
    ///
    /// ```
    /// use bomgate::{Checker, Context, RuleSet, Date};
    /// let rules = RuleSet::shipped()?;
    /// let mut main = Checker::new(&rules, Context::new("2024-01-01".parse::<Date>()?))?;
    /// let mut worker = main.fork();
    /// worker.check_bytes("a.csv", b"Ref,Manufacturer\nU1,Micron\n", &Default::default())?;
    /// let a = worker.take_part();
    /// worker.check_bytes("b.csv", b"Ref,Manufacturer\nU1,Micron\n", &Default::default())?;
    /// let b = worker.take_part();
    /// main.absorb(a);
    /// main.absorb(b);
    /// let report = main.finish();
    /// assert_eq!(report.summary.components, 2);
    /// assert_eq!(report.inputs.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn take_part(&mut self) -> Checker<'r> {
        let mut part = self.fork();
        std::mem::swap(&mut part, self);
        std::mem::swap(&mut part.matcher, &mut self.matcher);
        part
    }

    /// Takes in what a [`fork`](Checker::fork) found, as if its files had been checked by
    /// this checker after its own.
    pub fn absorb(&mut self, part: Checker<'r>) {
        self.summary.components += part.summary.components;
        self.summary.screened += part.summary.screened;
        self.summary.unscreenable += part.summary.unscreenable;
        self.summary.flagged_components += part.summary.flagged_components;
        self.findings.extend(part.findings);
        self.inputs.extend(part.inputs);
        let room = UNSCREENABLE_LISTED.saturating_sub(self.unscreenable.len());
        self.unscreenable
            .extend(part.unscreenable.into_iter().take(room));
    }

    /// Checks one component that came from `file` (as reports should name it): for callers
    /// that read BOMs themselves and feed components one at a time.
    ///
    /// ```
    /// use bomgate::{Checker, Component, Context, RuleSet, Date};
    /// use bomgate::bom::SourceKind;
    /// let rules = RuleSet::shipped()?;
    /// let mut checker = Checker::new(&rules, Context::new("2024-01-01".parse::<Date>()?).jurisdiction("CN"))?;
    /// let mut c = Component::new();
    /// c.set_reference("U7");
    /// c.push_source(SourceKind::Primary, "Micron Technology", "MT41K256M16", "", Some(12));
    /// checker.check_in("hw/board.csv", &c);
    /// let report = checker.finish();
    /// assert_eq!(report.findings[0].location.file, "hw/board.csv");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_in(&mut self, file: &str, c: &Component) {
        if self.file != file {
            self.file = file.to_string();
        }
        self.check(c);
    }

    /// Checks one component of the current file: the last one read by
    /// [`check_path`](Checker::check_path) or [`check_bytes`](Checker::check_bytes), or named
    /// by [`check_in`](Checker::check_in) (empty before any).
    pub fn check(&mut self, c: &Component) {
        self.summary.components += 1;
        if !c.is_screenable() {
            self.summary.unscreenable += 1;
            if self.unscreenable.len() < UNSCREENABLE_LISTED {
                self.unscreenable.push(Unscreenable {
                    file: self.file.clone(),
                    line: c.location.line,
                    sheet: c.location.sheet.clone(),
                    reference: c.reference().to_string(),
                    name: c.name().to_string(),
                });
            }
            return;
        }
        self.summary.screened += 1;
        let hits = self.matcher.hits(c);
        let mut flagged =
            !hits.is_empty() && self.judge.judge(c, hits, &self.file, &mut self.findings);
        if c.class.is_some() {
            let found = category::findings(
                self.rules,
                self.judge.active(),
                self.judge.context(),
                c,
                &self.file,
            );
            flagged |= !found.is_empty();
            self.findings.extend(found);
        }
        if flagged {
            self.summary.flagged_components += 1;
        }
    }

    /// The product as a whole, when the context declares its class: checked against the
    /// country-of-production rules like a component.
    fn check_product(&mut self) {
        let ctx = self.judge.context();
        let Some(class) = ctx.product_class.clone() else {
            return;
        };
        let mut product = Component::new();
        product.set_name("(the product)");
        product.class = Some(class);
        product.origin = ctx.origin.clone();
        product.kind = crate::bom::Kind::Equipment;
        let file = self
            .inputs
            .first()
            .map(|i| i.file.clone())
            .unwrap_or_default();
        let found = category::findings(self.rules, self.judge.active(), ctx, &product, &file);
        self.findings.extend(found);
    }

    /// Ends the check and returns the report. Its verdict is the rules' own: it fails when a
    /// rule denies a component. Apply a [`gate::Policy`](crate::gate::Policy) for another fail
    /// level, waivers or a baseline.
    pub fn finish(mut self) -> Report {
        self.check_product();
        let collected = summary::Collected {
            findings: self.findings,
            summary: self.summary,
            inputs: self.inputs,
            unscreenable: self.unscreenable,
        };
        summary::report(self.rules, &self.judge, collected)
    }
}

/// Checks a BOM in memory against a rule set: the one-call API.
///
/// # Errors
///
/// As [`Checker::new`]: [`Error::Context`] for a context the rule set does not support.
pub fn check(rules: &RuleSet, bom: &Bom, ctx: Context) -> Result<Report, Error> {
    let mut checker = Checker::new(rules, ctx)?;
    checker.check_bom(bom);
    Ok(checker.finish())
}
