//! The keys a rule file may use, checked before deserialisation so that every unknown key
//! of a file is reported at once, each with its place and the closest known key.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{Diagnostic, suggest_key};

/// A table's allowed keys; a key with a sub-table (or array of tables) names its schema.
pub(crate) struct Table {
    name: &'static str,
    keys: &'static [(&'static str, Option<&'static Table>)],
}

impl Table {
    /// Whether `name` is an allowed key: `Some` with the schema of its sub-tables, if any.
    pub(crate) fn key(&self, name: &str) -> Option<Option<&'static Table>> {
        self.keys
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, sub)| *sub)
    }
}

pub(crate) const FILE: Table = Table {
    name: "the top level",
    keys: &[
        ("instrument", Some(&INSTRUMENT)),
        ("rule", Some(&RULE)),
        ("entity", Some(&ENTITY)),
        ("role", Some(&ROLE)),
        ("scope", Some(&SCOPE)),
    ],
};

const INSTRUMENT: Table = Table {
    name: "[instrument]",
    keys: &[
        ("id", None),
        ("title", None),
        ("jurisdiction", None),
        ("authority", None),
        ("citation", None),
        ("sources", None),
        ("checked", None),
        ("interpretation", None),
    ],
};

const RULE: Table = Table {
    name: "[[rule]]",
    keys: &[
        ("id", None),
        ("title", None),
        ("binds", None),
        ("entities", None),
        ("group", None),
        ("supplied-by", None),
        ("waivable", None),
        ("kinds", None),
        ("match-fields", None),
        ("classes", None),
        ("produced-outside", None),
        ("exception", Some(&EXCEPTION)),
        ("severity", None),
        ("note", None),
        ("obligation", Some(&OBLIGATION)),
        ("listing", Some(&LISTING)),
    ],
};

const EXCEPTION: Table = Table {
    name: "[[rule.exception]]",
    keys: &[("id", None), ("until", None), ("note", None)],
};

const LISTING: Table = Table {
    name: "[[rule.listing]]",
    keys: &[
        ("entity", None),
        ("member", None),
        ("from", None),
        ("until", None),
        ("source", None),
    ],
};

const OBLIGATION: Table = Table {
    name: "[[rule.obligation]]",
    keys: &[
        ("action", None),
        ("from", None),
        ("deadline", None),
        ("segments", None),
        ("purposes", None),
        ("cap", None),
        ("until", None),
        ("note", None),
        ("suspended", Some(&SUSPENDED)),
    ],
};

const SUSPENDED: Table = Table {
    name: "[[rule.obligation.suspended]]",
    keys: &[
        ("from", None),
        ("until", None),
        ("source", None),
        ("unverified", None),
    ],
};

const ENTITY: Table = Table {
    name: "[[entity]]",
    keys: &[
        ("id", None),
        ("name", None),
        ("country", None),
        ("aliases", None),
        ("mpn-prefixes", None),
        ("cpe-vendors", None),
        ("fcc-grantees", None),
        ("purl-namespaces", None),
        ("sources", None),
        ("note", None),
        ("member", Some(&MEMBER)),
    ],
};

const MEMBER: Table = Table {
    name: "[[entity.member]]",
    keys: &[
        ("name", None),
        ("relation", None),
        ("aliases", None),
        ("from", None),
        ("until", None),
        ("of", None),
        ("mpn-prefixes", None),
        ("note", None),
    ],
};

const ROLE: Table = Table {
    name: "[[role]]",
    keys: &[
        ("id", None),
        ("jurisdiction", None),
        ("name", None),
        ("description", None),
    ],
};

const SCOPE: Table = Table {
    name: "[[scope]]",
    keys: &[("id", None), ("kind", None), ("description", None)],
};

/// Pushes a diagnostic for every key of `table` (recursively) that `schema` does not allow.
pub(crate) fn check_keys(
    file: &str,
    text: &str,
    table: &DeTable<'_>,
    schema: &Table,
    out: &mut Vec<Diagnostic>,
) {
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        let Some((_, sub)) = schema.keys.iter().find(|(k, _)| *k == name) else {
            let mut d = Diagnostic::new(file, format!("unknown key `{name}` in {}", schema.name))
                .at_offset(text, key.span().start);
            let known = schema.keys.iter().map(|(k, _)| *k);
            d = match suggest_key(name, known) {
                Some(s) => d.did_you_mean(s),
                None => d.help(format!(
                    "allowed keys: {}",
                    schema
                        .keys
                        .iter()
                        .map(|(k, _)| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            out.push(d);
            continue;
        };
        if let Some(sub) = sub {
            check_value(file, text, value, sub, out);
        }
    }
}

fn check_value(
    file: &str,
    text: &str,
    value: &Spanned<DeValue<'_>>,
    schema: &Table,
    out: &mut Vec<Diagnostic>,
) {
    match value.get_ref() {
        DeValue::Table(t) => check_keys(file, text, t, schema, out),
        DeValue::Array(items) => {
            for item in items.iter() {
                if let DeValue::Table(t) = item.get_ref() {
                    check_keys(file, text, t, schema, out);
                }
            }
        }
        _ => {}
    }
}
