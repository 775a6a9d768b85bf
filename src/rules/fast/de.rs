//! Serde over the fast reader's tree: the raw model's derived `Deserialize` reads it as it
//! reads the `toml` crate's values. A `Spanned` gets the span of its value, a date is offered
//! as the `toml` crate offers a datetime (a one-entry map), and every error is only a signal
//! to give up, so it carries no message.

use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer, UsizeDeserializer};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::{NONE, Node, Tree, Value};

/// The serde name and fields by which `toml::Spanned` asks for a span.
const SPANNED: &str = "$__serde_spanned_private_Spanned";
const SPAN_START: &str = "$__serde_spanned_private_start";
const SPAN_END: &str = "$__serde_spanned_private_end";
const SPAN_VALUE: &str = "$__serde_spanned_private_value";
/// The key by which a `toml` datetime is offered as a map.
const DATETIME: &str = "$__toml_private_datetime";

/// Something did not fit: the file is read again with the `toml` crate.
#[derive(Debug)]
pub(super) struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not read by the fast reader")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

/// A deserializer for one node of the tree.
pub(super) struct De<'t, 'a> {
    tree: &'t Tree<'a>,
    node: u32,
}

impl<'t, 'a> De<'t, 'a> {
    pub(super) fn new(tree: &'t Tree<'a>, node: u32) -> Self {
        De { tree, node }
    }

    fn node(&self) -> Result<&'t Node, GiveUp> {
        self.tree.get(self.node).ok_or(GiveUp)
    }

    /// The text of a string or date node, borrowed from the file when it has no escapes.
    fn text(&self, n: &Node) -> Result<&'a str, GiveUp> {
        let text: &'a str = self.tree.text;
        let (start, end) = match n.value {
            Value::Raw { start, end } => (start, end),
            Value::Date => (n.start, n.end),
            _ => return Err(GiveUp),
        };
        text.get(start as usize..end as usize).ok_or(GiveUp)
    }
}

impl<'de> de::Deserializer<'de> for De<'_, 'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        let n = self.node()?;
        match n.value {
            Value::Raw { .. } => visitor.visit_borrowed_str(self.text(n)?),
            Value::Owned(_) => visitor.visit_str(self.tree.str(n).ok_or(GiveUp)?),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Date => visitor.visit_map(DateAccess {
                date: Some(self.text(n)?),
            }),
            Value::Array { first, .. } => visitor.visit_seq(Items {
                tree: self.tree,
                next: first,
            }),
            Value::Table { first, .. } => visitor.visit_map(Entries {
                tree: self.tree,
                next: first,
                value: NONE,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        if name == SPANNED {
            let n = self.node()?;
            return visitor.visit_map(SpanAccess {
                de: Some(self),
                start: n.start as usize,
                end: n.end as usize,
                step: 0,
            });
        }
        match self.node()?.value {
            Value::Table { .. } => self.deserialize_any(visitor),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        let n = self.node()?;
        match n.value {
            Value::Raw { .. } => {
                visitor.visit_enum(BorrowedStrDeserializer::<GiveUp>::new(self.text(n)?))
            }
            Value::Owned(_) => {
                let s = self.tree.str(n).ok_or(GiveUp)?;
                visitor.visit_enum(StrDeserializer::<GiveUp>::new(s))
            }
            _ => Err(GiveUp),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// The items of an array.
struct Items<'t, 'a> {
    tree: &'t Tree<'a>,
    next: u32,
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, GiveUp> {
        let Some(n) = self.tree.get(self.next) else {
            return Ok(None);
        };
        let node = self.next;
        self.next = n.next;
        seed.deserialize(De::new(self.tree, node)).map(Some)
    }
}

/// The entries of a table.
struct Entries<'t, 'a> {
    tree: &'t Tree<'a>,
    next: u32,
    /// The node whose key was just given.
    value: u32,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GiveUp> {
        let Some(n) = self.tree.get(self.next) else {
            return Ok(None);
        };
        self.value = self.next;
        self.next = n.next;
        seed.deserialize(BorrowedStrDeserializer::new(self.tree.key(n)))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        seed.deserialize(De::new(self.tree, self.value))
    }
}

/// A value as `toml::Spanned` asks for it: its start, its end, then the value itself.
struct SpanAccess<'t, 'a> {
    de: Option<De<'t, 'a>>,
    start: usize,
    end: usize,
    step: u8,
}

impl<'de> MapAccess<'de> for SpanAccess<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GiveUp> {
        let key = match self.step {
            0 => SPAN_START,
            1 => SPAN_END,
            2 => SPAN_VALUE,
            _ => return Ok(None),
        };
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        self.step += 1;
        match self.step {
            1 => seed.deserialize(UsizeDeserializer::<GiveUp>::new(self.start)),
            2 => seed.deserialize(UsizeDeserializer::<GiveUp>::new(self.end)),
            _ => seed.deserialize(self.de.take().ok_or(GiveUp)?),
        }
    }
}

/// A date as the `toml` crate offers a datetime: a map with one private key.
struct DateAccess<'a> {
    date: Option<&'a str>,
}

impl<'de> MapAccess<'de> for DateAccess<'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, GiveUp> {
        if self.date.is_none() {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::new(DATETIME))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, GiveUp> {
        let date = self.date.take().ok_or(GiveUp)?;
        seed.deserialize(BorrowedStrDeserializer::<GiveUp>::new(date))
    }
}
