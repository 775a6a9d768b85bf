//! A fast reader for the usual shape of a CycloneDX component object, beside serde_json.
//!
//! It reads a strict subset of JSON: strings without escapes, values of the types the
//! component's fields take, other members skipped (any JSON value without escapes in its
//! strings), nesting up to [`MAX_NEST`]. Within that subset it gives exactly the [`Comp`] the
//! derived serde_json deserializer gives; on anything else (an escape, a duplicate field, a
//! value of another type, a syntax error, the end of the text) it gives up, and the caller
//! parses the object with serde_json, which then decides — so a component is never read in a
//! way serde_json would not read it.

use std::borrow::Cow;

use super::{Comp, Org, Party, Prop, Txt};

/// Nesting (objects and arrays within the component) beyond which serde_json reads it.
const MAX_NEST: usize = 48;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Reads the component object at the start of `text` (after white space) in place and calls
/// `f` with it and the bytes it takes; `false` when it is not in the subset read here.
pub(super) fn component<'a>(text: &'a str, f: &mut dyn FnMut(&mut Comp<'a>, usize)) -> bool {
    let mut p = Parser {
        s: text,
        b: text.as_bytes(),
        i: 0,
        nest: 0,
    };
    p.ws();
    let mut c = Comp::default();
    if p.comp(&mut c).is_none() {
        return false;
    }
    f(&mut c, p.i);
    true
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    nest: usize,
}

impl<'a> Parser<'a> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Consumes `c` after white space.
    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        if self.peek()? != c {
            return None;
        }
        self.i += 1;
        Some(())
    }

    /// A string without escapes or control characters, after white space.
    fn str(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.i;
        loop {
            let word = self.b.get(self.i..self.i + 8);
            if let Some(w) = word {
                let x = u64::from_le_bytes(w.try_into().ok()?);
                // Bytes that are `"`, `\` or below 0x20 (the lowest one found is exact).
                let hit = zero(x ^ (ONES * u64::from(b'"')))
                    | zero(x ^ (ONES * u64::from(b'\\')))
                    | (x.wrapping_sub(ONES * 0x20) & !x & HIGH);
                if hit == 0 {
                    self.i += 8;
                    continue;
                }
                self.i += (hit.trailing_zeros() / 8) as usize;
            } else {
                while self
                    .peek()
                    .is_some_and(|c| c >= 0x20 && c != b'"' && c != b'\\')
                {
                    self.i += 1;
                }
            }
            break;
        }
        if self.peek()? != b'"' {
            return None;
        }
        let t = self.s.get(start..self.i)?;
        self.i += 1;
        Some(t)
    }

    /// `lit`, after white space.
    fn lit(&mut self, lit: &[u8]) -> Option<()> {
        self.ws();
        if self.b.get(self.i..self.i + lit.len())? != lit {
            return None;
        }
        self.i += lit.len();
        Some(())
    }

    /// `null` (true) or not (false, nothing consumed).
    fn null(&mut self) -> Option<bool> {
        self.ws();
        if self.peek()? == b'n' {
            self.lit(b"null")?;
            return Some(true);
        }
        Some(false)
    }

    /// A string field: a string or `null`.
    fn text(&mut self) -> Option<Option<Txt<'a>>> {
        if self.null()? {
            return Some(None);
        }
        Some(Some(Txt(Cow::Borrowed(self.str()?))))
    }

    /// An object: `member` is called with each key, the parser at its value.
    fn object(&mut self, mut member: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        self.nest += 1;
        if self.nest > MAX_NEST {
            return None;
        }
        self.ws();
        if self.peek()? == b'}' {
            self.i += 1;
        } else {
            loop {
                let key = self.str()?;
                self.eat(b':')?;
                member(self, key)?;
                self.ws();
                match self.peek()? {
                    b',' => self.i += 1,
                    b'}' => {
                        self.i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.nest -= 1;
        Some(())
    }

    /// An array: `each` is called with the parser at each element.
    fn array(&mut self, mut each: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        self.nest += 1;
        if self.nest > MAX_NEST {
            return None;
        }
        self.ws();
        if self.peek()? == b']' {
            self.i += 1;
        } else {
            loop {
                each(self)?;
                self.ws();
                match self.peek()? {
                    b',' => self.i += 1,
                    b']' => {
                        self.i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.nest -= 1;
        Some(())
    }

    /// Any value, skipped.
    fn skip(&mut self) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'"' => self.str().map(|_| ()),
            b'{' => self.object(|p, _| p.skip()),
            b'[' => self.array(Self::skip),
            b't' => self.lit(b"true"),
            b'f' => self.lit(b"false"),
            b'n' => self.lit(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    /// A number, by JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Option<()> {
        if self.peek()? == b'-' {
            self.i += 1;
        }
        match self.peek()? {
            b'0' => {
                self.i += 1;
                if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    return None;
                }
            }
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !self.peek()?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if !self.peek()?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        // A number must not end the text: it may go on in the next chunk.
        self.peek().map(|_| ())
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
    }

    /// A manufacturer or supplier: an organisation object, a plain string naming one, or
    /// `null`.
    fn party(&mut self) -> Option<Option<Party<'a>>> {
        if self.null()? {
            return Some(None);
        }
        if self.peek()? == b'"' {
            return Some(Some(Party::plain(Txt(Cow::Borrowed(self.str()?)))));
        }
        Some(Some(Party::object(self.org_object()?)))
    }

    fn org_object(&mut self) -> Option<Org<'a>> {
        let mut org = Org::default();
        let mut seen = false;
        self.object(|p, key| match key {
            "name" if !seen => {
                seen = true;
                org.name = p.text()?;
                Some(())
            }
            "name" => None,
            _ => p.skip(),
        })?;
        Some(org)
    }

    fn prop(&mut self) -> Option<Prop<'a>> {
        let mut prop = Prop::default();
        let mut seen = [false; 2];
        self.object(|p, key| {
            let (k, slot) = match key {
                "name" => (0, &mut prop.name),
                "value" => (1, &mut prop.value),
                _ => return p.skip(),
            };
            if std::mem::replace(seen.get_mut(k)?, true) {
                return None;
            }
            *slot = p.text()?;
            Some(())
        })?;
        Some(prop)
    }

    /// A component object, read into `c` (a default one).
    fn comp(&mut self, c: &mut Comp<'a>) -> Option<()> {
        let mut seen = 0u32;
        self.object(|p, key| {
            let bit = field_bit(key);
            if bit != 0 && seen & bit != 0 {
                return None;
            }
            seen |= bit;
            p.member(c, key)
        })
    }

    /// The value of member `key` of a component, into `c`.
    fn member(&mut self, c: &mut Comp<'a>, key: &str) -> Option<()> {
        match key {
            "type" => c.kind = self.text()?,
            "bom-ref" => c.bom_ref = self.text()?,
            "name" => c.name = self.text()?,
            "group" => c.group = self.text()?,
            "version" => c.version = self.text()?,
            "publisher" => c.publisher = self.text()?,
            "author" => c.author = self.text()?,
            "purl" => c.purl = self.text()?,
            "cpe" => c.cpe = self.text()?,
            "manufacturer" => c.manufacturer = self.party()?,
            "manufacture" => c.manufacture = self.party()?,
            "supplier" => c.supplier = self.party()?,
            "authors" => self.array(|p| {
                c.authors.push(p.org_object()?);
                Some(())
            })?,
            "properties" => self.array(|p| {
                c.properties.push(p.prop()?);
                Some(())
            })?,
            "components" => self.array(|p| {
                let mut child = Comp::default();
                p.comp(&mut child)?;
                c.components.push(child);
                Some(())
            })?,
            _ => self.skip()?,
        }
        Some(())
    }
}

/// The bit of a component field (for duplicates); 0 for keys that are not fields.
fn field_bit(key: &str) -> u32 {
    const FIELDS: [&str; 15] = [
        "type",
        "bom-ref",
        "name",
        "group",
        "version",
        "publisher",
        "author",
        "purl",
        "cpe",
        "manufacturer",
        "manufacture",
        "supplier",
        "authors",
        "properties",
        "components",
    ];
    FIELDS.iter().position(|f| *f == key).map_or(0, |k| 1 << k)
}

/// The bytes of `x` that are zero, as their high bits (the lowest one found is exact).
fn zero(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGH
}
