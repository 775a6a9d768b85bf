//! The rule-file format as written: serde structs, before validation.
//!
//! Unknown keys are caught earlier by [`super::schema`], which reports all of them at once;
//! `deny_unknown_fields` stays as a second line of defence.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer};
use toml::Spanned;

use crate::date::TomlDate;

/// A string of a rule file, borrowed from the file's text unless it has escapes. The strings
/// a large list has by the hundred thousand (ids, names, aliases, the entities of a rule, the
/// entities of listings) are kept this way: they are copied once, into the rule set, rather
/// than allocated here as well.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Text<'a>(pub Cow<'a, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&Text<'_>> for String {
    /// A copy (`to_string` would go through `Display`, much slower for hundreds of thousands).
    fn from(t: &Text<'_>) -> String {
        String::from(&*t.0)
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// Expects what a `String` expects, so that messages stay the same.
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }

            fn visit_str<E>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_owned())))
            }

            fn visit_string<E>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        d.deserialize_str(Visit)
    }
}

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile<'a> {
    pub instrument: Option<Spanned<RawInstrument>>,
    #[serde(default, borrow)]
    pub rule: Vec<Spanned<RawRule<'a>>>,
    #[serde(default, borrow)]
    pub entity: Vec<Spanned<RawEntity<'a>>>,
    #[serde(default)]
    pub role: Vec<Spanned<RawRole>>,
    #[serde(default)]
    pub scope: Vec<Spanned<RawScope>>,
}

impl RawFile<'_> {
    /// Whether the file defines no table at all (empty, or comments only).
    pub fn is_empty(&self) -> bool {
        self.instrument.is_none()
            && self.rule.is_empty()
            && self.entity.is_empty()
            && self.role.is_empty()
            && self.scope.is_empty()
    }
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawInstrument {
    pub id: Spanned<String>,
    pub title: String,
    pub jurisdiction: Spanned<String>,
    pub authority: String,
    pub citation: String,
    pub sources: Spanned<Vec<Spanned<String>>>,
    pub checked: TomlDate,
    pub interpretation: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule<'a> {
    pub id: Spanned<String>,
    pub title: Option<String>,
    pub binds: Spanned<Vec<Spanned<String>>>,
    #[serde(borrow)]
    pub entities: Spanned<Vec<Spanned<Text<'a>>>>,
    pub group: bool,
    #[serde(default, rename = "supplied-by")]
    pub supplied_by: bool,
    #[serde(default = "yes")]
    pub waivable: bool,
    #[serde(default)]
    pub kinds: Vec<Spanned<String>>,
    #[serde(default, rename = "match-fields")]
    pub match_fields: Vec<Spanned<String>>,
    #[serde(default)]
    pub classes: Vec<Spanned<String>>,
    #[serde(default, rename = "produced-outside")]
    pub produced_outside: Vec<Spanned<String>>,
    #[serde(default)]
    pub exception: Vec<Spanned<RawException>>,
    pub severity: RawSeverity,
    pub note: Option<String>,
    #[serde(default)]
    pub obligation: Vec<Spanned<RawObligation>>,
    #[serde(default, borrow)]
    pub listing: Vec<Spanned<RawListing<'a>>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, Clone, Copy, Debug)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RawSeverity {
    Deny,
    Warn,
    Review,
}

#[derive(Deserialize, Clone, Copy, Debug)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RawAction {
    Procure,
    Install,
    Use,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawObligation {
    pub action: RawAction,
    pub from: Spanned<TomlDate>,
    pub deadline: Option<Spanned<TomlDate>>,
    #[serde(default)]
    pub segments: Vec<Spanned<String>>,
    #[serde(default)]
    pub purposes: Vec<Spanned<String>>,
    pub cap: Option<String>,
    pub until: Option<Spanned<TomlDate>>,
    pub note: Option<String>,
    #[serde(default)]
    pub suspended: Vec<Spanned<RawSuspension>>,
}

/// `[[rule.obligation.suspended]]`: a period in which the measure is suspended.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSuspension {
    pub from: Spanned<TomlDate>,
    pub until: Option<Spanned<TomlDate>>,
    pub source: Option<String>,
    #[serde(default)]
    pub unverified: bool,
}

/// `[[rule.exception]]`: an exception a BOM or the context may declare.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawException {
    pub id: Spanned<String>,
    pub until: Option<Spanned<TomlDate>>,
    pub note: Option<String>,
}

/// `[[rule.listing]]`: when a list-based rule's list named an entity (or one of its members).
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawListing<'a> {
    #[serde(borrow)]
    pub entity: Spanned<Text<'a>>,
    pub member: Option<Spanned<String>>,
    pub from: Spanned<TomlDate>,
    pub until: Option<Spanned<TomlDate>>,
    #[serde(borrow)]
    pub source: Option<Text<'a>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawEntity<'a> {
    #[serde(borrow)]
    pub id: Spanned<Text<'a>>,
    #[serde(borrow)]
    pub name: Spanned<Text<'a>>,
    pub country: Option<Spanned<String>>,
    /// Not spanned: spans cost a tenth of the load time of a large list, and the rare error
    /// about an alias finds it in the entity's text instead.
    #[serde(default, borrow)]
    pub aliases: Vec<Text<'a>>,
    #[serde(default)]
    pub mpn_prefixes: Vec<Spanned<String>>,
    #[serde(default)]
    pub cpe_vendors: Vec<String>,
    #[serde(default)]
    pub fcc_grantees: Vec<String>,
    #[serde(default)]
    pub purl_namespaces: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(borrow)]
    pub note: Option<Text<'a>>,
    #[serde(default)]
    pub member: Vec<Spanned<RawMember>>,
}

#[derive(Deserialize, Clone, Copy, Debug)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RawRelation {
    Subsidiary,
    Affiliate,
    Brand,
    Division,
    FormerName,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawMember {
    pub name: Spanned<String>,
    pub relation: RawRelation,
    /// Not spanned: spans cost a tenth of the load time of a large list, and the rare error
    /// about an alias finds it in the entity's text instead.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub from: Option<Spanned<TomlDate>>,
    pub until: Option<Spanned<TomlDate>>,
    pub of: Option<Spanned<String>>,
    #[serde(default)]
    pub mpn_prefixes: Vec<Spanned<String>>,
    pub note: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRole {
    pub id: Spanned<String>,
    pub jurisdiction: Spanned<String>,
    pub name: String,
    pub description: String,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum RawScopeKind {
    Segment,
    Purpose,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScope {
    pub id: Spanned<String>,
    pub kind: RawScopeKind,
    pub description: String,
}
