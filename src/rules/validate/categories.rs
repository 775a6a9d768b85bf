//! Country-of-production rules (product classes, allowed countries, exceptions) and
//! suspended periods of obligations.

use toml::Spanned;

use super::{Ctx, Validator, check_country, unknown};
use crate::rules::model::{RawException, RawRule, RawSuspension};
use crate::rules::{PRODUCT_CLASSES, RuleException, Suspension};

/// What makes a rule a country-of-production rule.
pub(super) struct Category {
    pub classes: Vec<String>,
    pub produced_outside: Vec<String>,
    pub exceptions: Vec<RuleException>,
}

impl<'a> Validator<'a> {
    /// The classes, allowed countries and exceptions of rule `r`; reports unknown classes,
    /// bad country codes, a class rule without countries (or countries without classes).
    pub(super) fn resolve_category(&mut self, ctx: &Ctx<'a>, r: &RawRule) -> Category {
        let mut classes = Vec::new();
        for c in &r.classes {
            if PRODUCT_CLASSES.contains(&c.get_ref().as_str()) {
                classes.push(c.get_ref().clone());
            } else {
                let d = unknown(ctx, c, "product class", PRODUCT_CLASSES.iter().copied());
                self.diags.push(d);
            }
        }
        for c in &r.produced_outside {
            check_country(ctx, c, &mut self.diags);
        }
        if r.classes.is_empty() != r.produced_outside.is_empty() {
            self.diags.push(
                ctx.at(&r.id, format!("rule `{}` needs both `classes` and `produced-outside`", r.id.get_ref()))
                    .help("a country-of-production rule names the product classes it covers and the countries of production it allows"),
            );
        }
        let exceptions = r.exception.iter().map(|e| self.exception(ctx, e)).collect();
        Category {
            classes,
            produced_outside: r
                .produced_outside
                .iter()
                .map(|c| c.get_ref().clone())
                .collect(),
            exceptions,
        }
    }

    /// One `[[rule.exception]]`.
    fn exception(&mut self, ctx: &Ctx<'a>, e: &Spanned<RawException>) -> RuleException {
        let e = e.get_ref();
        super::check_id(ctx, &e.id, "exception", &mut self.diags);
        RuleException {
            id: e.id.get_ref().clone(),
            until: e.until.as_ref().map(|d| d.get_ref().0),
            note: e.note.clone(),
        }
    }

    /// The suspended periods of an obligation; reports an end not after the start.
    pub(super) fn suspensions(
        &mut self,
        ctx: &Ctx<'a>,
        raw: &[Spanned<RawSuspension>],
    ) -> Vec<Suspension> {
        raw.iter()
            .map(|s| {
                let s = s.get_ref();
                if let Some(u) = &s.until
                    && u.get_ref() <= s.from.get_ref()
                {
                    self.diags.push(
                        ctx.at(
                            u,
                            format!(
                                "`until` ({}) is not after `from` ({})",
                                u.get_ref(),
                                s.from.get_ref()
                            ),
                        )
                        .help("`until` is the day the suspension ends"),
                    );
                }
                Suspension {
                    from: s.from.get_ref().0,
                    until: s.until.as_ref().map(|d| d.get_ref().0),
                    source: s.source.clone(),
                    unverified: s.unverified,
                }
            })
            .collect()
    }
}
