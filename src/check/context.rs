//! The context of a check: who the buyer is, where, for what, and on which date.

use crate::date::Date;
use crate::error::{Error, suggest};
use crate::rules::{RuleSet, ScopeKind};

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
    /// The product class of the product as a whole (`consumer-router`…), if declared.
    pub product_class: Option<String>,
    /// The product's country of production (ISO 3166-1 alpha-2), if declared.
    pub origin: Option<String>,
    /// Exceptions declared for the whole product (`blue-uas`).
    pub exceptions: Vec<String>,
}

impl Context {
    /// Every rule, evaluated on `as_of`.
    pub fn new(as_of: Date) -> Context {
        Context {
            as_of,
            jurisdictions: Vec::new(),
            roles: Vec::new(),
            segments: Vec::new(),
            purposes: Vec::new(),
            product_class: None,
            origin: None,
            exceptions: Vec::new(),
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

    /// Declares the product class of the product as a whole.
    pub fn product_class(mut self, class: impl Into<String>) -> Context {
        self.product_class = Some(class.into());
        self
    }

    /// Declares the product's country of production (a code or a country name).
    pub fn origin(mut self, origin: impl Into<String>) -> Context {
        self.origin = Some(origin.into());
        self
    }

    /// Declares an exception for the whole product.
    pub fn exception(mut self, id: impl Into<String>) -> Context {
        self.exceptions.push(id.into());
        self
    }

    /// Fails if the context names a jurisdiction, role, segment or purpose that the rule set
    /// does not know, suggesting the nearest known one.
    pub(crate) fn validate(&self, rules: &RuleSet) -> Result<(), Error> {
        let mut problems = Vec::new();
        let mut jur: Vec<&str> = rules
            .instruments
            .iter()
            .map(|i| i.jurisdiction.as_str())
            .chain(rules.roles.iter().map(|r| r.jurisdiction.as_str()))
            .collect();
        jur.sort_unstable();
        jur.dedup();
        let roles = rules.roles.iter().map(|r| r.id.as_str()).collect();
        let scopes = |k: ScopeKind| -> Vec<&str> {
            rules
                .scopes
                .iter()
                .filter(|s| s.kind == k)
                .map(|s| s.id.as_str())
                .collect()
        };
        unknown_words(&self.jurisdictions, jur, "jurisdiction", &mut problems);
        unknown_words(&self.roles, roles, "role", &mut problems);
        let segments = scopes(ScopeKind::Segment);
        unknown_words(&self.segments, segments, "segment", &mut problems);
        let purposes = scopes(ScopeKind::Purpose);
        unknown_words(&self.purposes, purposes, "purpose", &mut problems);
        self.validate_product(&mut problems);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Context(problems.join("\n")))
        }
    }

    /// The product class must be known and the origin a country.
    fn validate_product(&self, problems: &mut Vec<String>) {
        if let Some(class) = &self.product_class {
            unknown_words(
                std::slice::from_ref(class),
                crate::rules::PRODUCT_CLASSES.to_vec(),
                "product class",
                problems,
            );
        }
        if let Some(o) = &self.origin
            && crate::ident::country_code(o).is_none()
        {
            problems.push(format!(
                "origin `{o}` is not a country: give an ISO 3166-1 alpha-2 code such as CN or VN"
            ));
        }
    }
}

/// The error for a context that selects no rule: a check in it would pass every BOM. Says
/// what each of the context's filters selects alone, so the user sees which to change.
pub(crate) fn no_rule_applies(rules: &RuleSet, ctx: &Context) -> Error {
    if rules.rules.is_empty() {
        return Error::Context(
            "the rule set has no rules, so a check would pass every BOM: load rule files that define [[rule]] tables (or the shipped rules)".into(),
        );
    }
    let mut parts = Vec::new();
    let list = |ids: Vec<&str>| -> String {
        match ids.len() {
            0 => "no rule".to_string(),
            1 => format!("1 rule ({})", ids.join(", ")),
            n if n <= 4 => format!("{n} rules ({})", ids.join(", ")),
            n => format!("{n} rules"),
        }
    };
    for j in &ctx.jurisdictions {
        let ids = rules
            .rules
            .iter()
            .filter(|r| rules.jurisdiction_of(r) == j)
            .map(|r| r.id.as_str())
            .collect();
        parts.push(format!("--jurisdiction {j} selects {}", list(ids)));
    }
    for role in &ctx.roles {
        let rs: Vec<_> = rules
            .rules
            .iter()
            .filter(|r| r.binds.contains(role))
            .collect();
        let mut where_ = rs
            .iter()
            .map(|r| rules.jurisdiction_of(r))
            .collect::<Vec<_>>();
        where_.sort_unstable();
        where_.dedup();
        let ids = rs.iter().map(|r| r.id.as_str()).collect();
        let at = if where_.is_empty() {
            String::new()
        } else {
            format!(", in {}", where_.join(", "))
        };
        parts.push(format!("--role {role} selects {}{at}", list(ids)));
    }
    Error::Context(format!(
        "no rule applies to this context, so a check would pass every BOM: {}; together they select none — change --jurisdiction or --role (or `jurisdictions`/`roles` in bomgate.toml)",
        parts.join("; ")
    ))
}

/// Adds a problem for each word of `given` that is not in `known`.
fn unknown_words(given: &[String], known: Vec<&str>, what: &str, problems: &mut Vec<String>) {
    for g in given {
        if !known.contains(&g.as_str()) {
            let hint = match suggest(g, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("known: {}", known.join(", ")),
            };
            problems.push(format!("unknown {what} `{g}` — {hint}"));
        }
    }
}
