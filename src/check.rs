//! The core check: components against a rule set in a context (who the buyer is, where, for
//! what, when), giving a [`Report`] of findings with severities and counts.
//!
//! The work is split by job: the [`matcher`] looks component values up in the rule set's
//! index (values → hits); the [`judge`] turns hits into findings under the rules in context,
//! with [`obligations`] on the as-of date and [`evidence`]; the [`summary`] sums up. Waivers,
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
    pub fn check_path(&mut self, path: impl AsRef<Path>, opts: &ReadOptions) -> Result<(), Error> {
        let path = path.as_ref();
        let name = crate::report::file_name(self.root.as_deref(), path);
        self.file = name.clone();
        let info = bom::read_file_as(&name, path, opts, &mut |c| self.check(c))?;
        self.inputs.push(info);
        Ok(())
    }

    /// Reads BOM bytes (`name` is used in messages and reports) and checks them.
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
pub fn check(rules: &RuleSet, bom: &Bom, ctx: Context) -> Result<Report, Error> {
    let mut checker = Checker::new(rules, ctx)?;
    checker.check_bom(bom);
    Ok(checker.finish())
}
