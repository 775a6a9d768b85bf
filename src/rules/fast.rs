//! A fast reader for rule files in the plain TOML they are written in: `[table]` and
//! `[[array.of.tables]]` headers under bare keys, `key = value` lines, basic, multi-line basic
//! and literal strings, booleans, local dates, and arrays of these, with comments anywhere
//! TOML allows them.
//!
//! It builds a small tree (strings without escapes are borrowed from the text) and
//! deserialises the raw model from it with serde, each value carrying the span the `toml`
//! crate would give it. It never reports a problem: anything outside that subset, and
//! anything wrong (a syntax error, an unknown key, a missing field, a value of the wrong type,
//! a file that defines nothing), makes it give up, and the file is read again with the `toml`
//! crate, whose messages name the place and the fix. A valid file thus reads the same either
//! way (the tests compare both readings, spans included), only faster: the `toml` crate's parse
//! tree and its deserialiser cost ten times as much on a list of 20,000 entities.

mod de;
#[cfg(test)]
mod tests;

use super::model::RawFile;
use super::schema;

/// No node: the end of a list of children.
const NONE: u32 = u32::MAX;
/// The root table is the first node.
const ROOT: u32 = 0;
/// How deeply arrays may nest before the reader gives up.
const MAX_DEPTH: usize = 16;
/// How many keys a table may have before the reader gives up (keys are found by a scan, and
/// no table of the format has nearly as many).
const MAX_KEYS: usize = 64;
/// How many keys a table header may have (`[[rule.obligation.suspended]]` has three).
const MAX_PATH: usize = 4;

/// Reads a rule file; `None` when the file is outside the subset or has any problem.
pub(super) fn read(text: &str) -> Option<RawFile<'_>> {
    let tree = parse(text)?;
    if !tree.follows(ROOT, &schema::FILE) {
        return None;
    }
    let raw: RawFile<'_> = serde::Deserialize::deserialize(de::De::new(&tree, ROOT)).ok()?;
    (!raw.is_empty()).then_some(raw)
}

/// The parsed document: nodes in one vector, children linked in order. Nodes refer to the
/// text by offsets, so that one is 32 bytes: a list of 20,000 entities has 250,000.
struct Tree<'a> {
    text: &'a str,
    nodes: Vec<Node>,
    /// The strings with escapes, decoded.
    owned: Vec<String>,
}

/// A value with its key (`key_len` 0 for array items and the root), its span in the text,
/// and its next sibling.
struct Node {
    key_start: u32,
    key_len: u32,
    start: u32,
    end: u32,
    next: u32,
    value: Value,
}

/// A TOML value of the subset.
enum Value {
    /// A string without escapes: its text between `start` and `end`.
    Raw {
        start: u32,
        end: u32,
    },
    /// A string with escapes: its index in [`Tree::owned`].
    Owned(u32),
    Bool(bool),
    /// A local date, written as the node's span (`2025-06-01`).
    Date,
    /// An array; `tables` when `[[header]]`s made it.
    Array {
        first: u32,
        last: u32,
        tables: bool,
    },
    /// A table: the root, or one a header opened.
    Table {
        first: u32,
        last: u32,
    },
}

impl<'a> Tree<'a> {
    fn get(&self, i: u32) -> Option<&Node> {
        self.nodes.get(i as usize)
    }

    /// The key of a node.
    fn key(&self, n: &Node) -> &'a str {
        let start = n.key_start as usize;
        self.text
            .get(start..start + n.key_len as usize)
            .unwrap_or_default()
    }

    /// The text of a string or date node.
    fn str(&self, n: &Node) -> Option<&str> {
        let text: &'a str = self.text;
        match n.value {
            Value::Raw { start, end } => text.get(start as usize..end as usize),
            Value::Owned(i) => self.owned.get(i as usize).map(String::as_str),
            Value::Date => text.get(n.start as usize..n.end as usize),
            _ => None,
        }
    }

    /// Adds a node without key or parent; returns its index.
    fn push(&mut self, start: usize, end: usize, value: Value) -> u32 {
        self.nodes.push(Node {
            key_start: 0,
            key_len: 0,
            start: start as u32,
            end: end as u32,
            next: NONE,
            value,
        });
        (self.nodes.len() - 1) as u32
    }

    /// Gives node `i` the key at `start..end` of the text.
    fn set_key(&mut self, i: u32, (start, end): (usize, usize)) -> Option<()> {
        let n = self.nodes.get_mut(i as usize)?;
        n.key_start = start as u32;
        n.key_len = (end - start) as u32;
        Some(())
    }

    /// The children of a table or array, in order.
    fn children(&self, parent: u32) -> Children<'_, 'a> {
        let next = match self.get(parent).map(|n| &n.value) {
            Some(Value::Array { first, .. } | Value::Table { first, .. }) => *first,
            _ => NONE,
        };
        Children { tree: self, next }
    }

    /// Appends `child` to the children of `parent`.
    fn append(&mut self, parent: u32, child: u32) -> Option<()> {
        let prev = match &mut self.nodes.get_mut(parent as usize)?.value {
            Value::Array { first, last, .. } | Value::Table { first, last } => {
                let prev = *last;
                if prev == NONE {
                    *first = child;
                }
                *last = child;
                prev
            }
            _ => return None,
        };
        if prev != NONE {
            self.nodes.get_mut(prev as usize)?.next = child;
        }
        Some(())
    }

    /// The child of `table` under `key`.
    fn find(&self, table: u32, key: &str) -> Option<u32> {
        self.children(table)
            .find(|(_, n)| self.key(n) == key)
            .map(|(i, _)| i)
    }

    /// Adds `child` to `table` under its key; `None` if the key is taken or the table full.
    fn insert(&mut self, table: u32, child: u32) -> Option<()> {
        let key = self.key(self.get(child)?);
        let mut count = 0;
        for (_, n) in self.children(table) {
            count += 1;
            if self.key(n) == key || count >= MAX_KEYS {
                return None;
            }
        }
        self.append(table, child)
    }

    /// The table a header's leading key leads to: a table, or the last table of an array of
    /// tables. Tables TOML would create implicitly are outside the subset.
    fn descend(&self, table: u32, key: &str) -> Option<u32> {
        let child = self.find(table, key)?;
        match self.get(child)?.value {
            Value::Table { .. } => Some(child),
            Value::Array {
                last, tables: true, ..
            } if last != NONE => Some(last),
            _ => None,
        }
    }

    /// Opens the table of a header with last key `key` in `table`: a new `[table]`, or a new
    /// element of an `[[array]]`. Both carry the header's span, as in the `toml` crate.
    fn open(
        &mut self,
        table: u32,
        key: (usize, usize),
        array: bool,
        span: (usize, usize),
    ) -> Option<u32> {
        let (start, end) = span;
        let existing = self.find(table, self.text.get(key.0..key.1)?);
        let empty = Value::Table {
            first: NONE,
            last: NONE,
        };
        if !array {
            if existing.is_some() {
                return None;
            }
            let t = self.push(start, end, empty);
            self.set_key(t, key)?;
            self.insert(table, t)?;
            return Some(t);
        }
        let list = match existing {
            None => {
                let list = Value::Array {
                    first: NONE,
                    last: NONE,
                    tables: true,
                };
                let list = self.push(start, end, list);
                self.set_key(list, key)?;
                self.insert(table, list)?;
                list
            }
            Some(i) if matches!(self.get(i)?.value, Value::Array { tables: true, .. }) => i,
            Some(_) => return None,
        };
        let t = self.push(start, end, empty);
        self.append(list, t)?;
        Some(t)
    }

    /// Whether every key of `table`, and of the tables below it, is one `schema` allows.
    fn follows(&self, table: u32, schema: &schema::Table) -> bool {
        self.children(table)
            .all(|(i, n)| match schema.key(self.key(n)) {
                None => false,
                Some(None) => true,
                Some(Some(sub)) => match n.value {
                    Value::Table { .. } => self.follows(i, sub),
                    Value::Array { .. } => self.children(i).all(|(j, item)| match item.value {
                        Value::Table { .. } => self.follows(j, sub),
                        _ => true,
                    }),
                    _ => true,
                },
            })
    }
}

/// An iterator over the children of a node, with their indices.
struct Children<'t, 'a> {
    tree: &'t Tree<'a>,
    next: u32,
}

impl<'t> Iterator for Children<'t, '_> {
    type Item = (u32, &'t Node);

    fn next(&mut self) -> Option<Self::Item> {
        let i = self.next;
        let n = self.tree.get(i)?;
        self.next = n.next;
        Some((i, n))
    }
}

/// Parses the whole text; `None` if it is outside the subset or not valid TOML.
fn parse(text: &str) -> Option<Tree<'_>> {
    if text.len() >= NONE as usize || text.starts_with('\u{feff}') {
        return None;
    }
    let mut p = Parser {
        text,
        i: 0,
        tree: Tree {
            text,
            nodes: Vec::with_capacity(text.len() / 24),
            owned: Vec::new(),
        },
    };
    let root = p.tree.push(
        0,
        0,
        Value::Table {
            first: NONE,
            last: NONE,
        },
    );
    let mut table = root;
    loop {
        p.skip_ws();
        match p.peek() {
            None => break,
            Some(b'\n' | b'\r') => p.newline()?,
            Some(b'#') => p.comment()?,
            Some(b'[') => {
                table = p.header(root)?;
                p.end_of_line()?;
            }
            Some(_) => {
                p.key_value(table)?;
                p.end_of_line()?;
            }
        }
    }
    Some(p.tree)
}

/// The parser's state: the text, the position, the tree built so far.
struct Parser<'a> {
    text: &'a str,
    i: usize,
    tree: Tree<'a>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.at(0)
    }

    fn at(&self, k: usize) -> Option<u8> {
        self.text.as_bytes().get(self.i + k).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    /// A line break: LF or CR LF.
    fn newline(&mut self) -> Option<()> {
        match (self.peek(), self.at(1)) {
            (Some(b'\n'), _) => self.i += 1,
            (Some(b'\r'), Some(b'\n')) => self.i += 2,
            _ => return None,
        }
        Some(())
    }

    /// A comment from `#` to the end of the line (not included). Control characters in it
    /// are left to the `toml` crate.
    fn comment(&mut self) -> Option<()> {
        let bytes = self.text.as_bytes();
        self.i += 1;
        loop {
            self.i = plain_run_end(bytes, self.i);
            let Some(&c) = bytes.get(self.i) else {
                return Some(());
            };
            if c == b'\n' || (c == b'\r' && bytes.get(self.i + 1) == Some(&b'\n')) {
                return Some(());
            }
            if is_control(c) || is_c1(bytes, self.i) {
                return None;
            }
            self.i += 1;
        }
    }

    /// White space and a comment to the end of the line, and the line break (or the end).
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_ws();
        if self.peek() == Some(b'#') {
            self.comment()?;
        }
        match self.peek() {
            None => Some(()),
            Some(_) => self.newline(),
        }
    }

    /// White space, line breaks and comments, as between the items of an array.
    fn skip_blank(&mut self) -> Option<()> {
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'#') => self.comment()?,
                Some(b'\n' | b'\r') => self.newline()?,
                _ => return Some(()),
            }
        }
    }

    /// A bare key (ASCII letters, digits, `_` and `-`): where it is in the text.
    fn bare_key(&mut self) -> Option<(usize, usize)> {
        let start = self.i;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        {
            self.i += 1;
        }
        (self.i > start).then_some((start, self.i))
    }

    /// `key = value`, added to `table`. Dotted and quoted keys are outside the subset.
    fn key_value(&mut self, table: u32) -> Option<()> {
        let key = self.bare_key()?;
        self.skip_ws();
        if self.peek() != Some(b'=') {
            return None;
        }
        self.i += 1;
        self.skip_ws();
        let node = self.value(0)?;
        self.tree.set_key(node, key)?;
        self.tree.insert(table, node)
    }

    /// A `[table]` or `[[array.of.tables]]` header; returns the table it opens.
    fn header(&mut self, root: u32) -> Option<u32> {
        let start = self.i;
        let array = self.at(1) == Some(b'[');
        self.i += if array { 2 } else { 1 };
        let mut path = [(0, 0); MAX_PATH];
        let mut n = 0;
        loop {
            *path.get_mut(n)? = self.bare_key()?;
            n += 1;
            match self.peek()? {
                b'.' => self.i += 1,
                b']' => break,
                _ => return None,
            }
        }
        self.i += 1;
        if array {
            if self.peek() != Some(b']') {
                return None;
            }
            self.i += 1;
        }
        let (last, parents) = path.get(..n)?.split_last()?;
        let mut table = root;
        for k in parents {
            table = self.tree.descend(table, self.text.get(k.0..k.1)?)?;
        }
        self.tree.open(table, *last, array, (start, self.i))
    }

    /// One value; returns its node.
    fn value(&mut self, depth: usize) -> Option<u32> {
        let start = self.i;
        let value = match self.peek()? {
            b'"' => match self.basic_string()? {
                Str::Raw(start, end) => raw(start, end),
                Str::Owned(s) => {
                    self.tree.owned.push(s);
                    Value::Owned((self.tree.owned.len() - 1) as u32)
                }
            },
            b'\'' => self.literal_string()?,
            b't' => {
                self.word("true")?;
                Value::Bool(true)
            }
            b'f' => {
                self.word("false")?;
                Value::Bool(false)
            }
            b'0'..=b'9' => {
                self.date()?;
                Value::Date
            }
            b'[' => return self.array(depth),
            _ => return None,
        };
        Some(self.tree.push(start, self.i, value))
    }

    /// Whether the value just read ends here, as TOML requires.
    fn at_delimiter(&self) -> bool {
        matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'#')
        )
    }

    /// The word `w` (`true`, `false`), standing alone.
    fn word(&mut self, w: &str) -> Option<()> {
        let rest = self.text.get(self.i..)?;
        if !rest.starts_with(w) {
            return None;
        }
        self.i += w.len();
        self.at_delimiter().then_some(())
    }

    /// A local date, `YYYY-MM-DD`. Anything with a time is left to the `toml` crate.
    fn date(&mut self) -> Option<()> {
        let s = self.text.get(self.i..self.i + 10)?;
        let b = s.as_bytes();
        let digits =
            |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        let two = |k: usize| -> u32 {
            b.get(k..k + 2)
                .map_or(0, |d| d.iter().fold(0, |n, c| n * 10 + u32::from(c - b'0')))
        };
        let shaped = digits(0..4)
            && b.get(4) == Some(&b'-')
            && digits(5..7)
            && b.get(7) == Some(&b'-')
            && digits(8..10);
        if !shaped || !(1..=12).contains(&two(5)) || !(1..=31).contains(&two(8)) {
            return None;
        }
        self.i += 10;
        self.at_delimiter().then_some(())
    }

    /// An array of values; returns its node, spanning `[` to `]`.
    fn array(&mut self, depth: usize) -> Option<u32> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let start = self.i;
        let list = Value::Array {
            first: NONE,
            last: NONE,
            tables: false,
        };
        let node = self.tree.push(start, start, list);
        self.i += 1;
        loop {
            self.skip_blank()?;
            if self.peek() == Some(b']') {
                break;
            }
            let item = self.value(depth + 1)?;
            self.tree.append(node, item)?;
            self.skip_blank()?;
            match self.peek()? {
                b',' => self.i += 1,
                b']' => break,
                _ => return None,
            }
        }
        self.i += 1;
        self.tree.nodes.get_mut(node as usize)?.end = self.i as u32;
        Some(node)
    }

    /// A literal string, `'…'`, on one line. Multi-line literal strings are left to the
    /// `toml` crate.
    fn literal_string(&mut self) -> Option<Value> {
        if self.at(1) == Some(b'\'') && self.at(2) == Some(b'\'') {
            return None;
        }
        let bytes = self.text.as_bytes();
        self.i += 1;
        let start = self.i;
        loop {
            self.i = plain_run_end(bytes, self.i);
            let c = *bytes.get(self.i)?;
            if c == b'\'' {
                break;
            }
            if is_control(c) || is_c1(bytes, self.i) {
                return None;
            }
            self.i += 1;
        }
        self.i += 1;
        Some(raw(start, self.i - 1))
    }

    /// A basic string, `"…"` on one line or `"""…"""` on several.
    fn basic_string(&mut self) -> Option<Str> {
        if self.at(1) == Some(b'"') && self.at(2) == Some(b'"') {
            return self.multi_line_string();
        }
        let bytes = self.text.as_bytes();
        self.i += 1;
        let start = self.i;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            self.i = plain_run_end(bytes, self.i);
            let c = *bytes.get(self.i)?;
            match c {
                b'"' => break,
                b'\\' => {
                    let buf = owned.get_or_insert_with(String::new);
                    buf.push_str(self.text.get(run..self.i)?);
                    self.escape(buf)?;
                    run = self.i;
                }
                _ if is_control(c) || is_c1(bytes, self.i) => return None,
                _ => self.i += 1,
            }
        }
        let end = self.i;
        self.i += 1;
        Some(match owned {
            None => Str::Raw(start, end),
            Some(mut s) => {
                s.push_str(self.text.get(run..end)?);
                Str::Owned(s)
            }
        })
    }

    /// A multi-line basic string: a line break right after the opening quotes is dropped, a
    /// backslash at the end of a line drops the white space up to the next text. CR LF line
    /// breaks inside, and quotes just before the closing ones, are left to the `toml` crate.
    fn multi_line_string(&mut self) -> Option<Str> {
        self.i += 3;
        if self.peek() == Some(b'\n') {
            self.i += 1;
        }
        let bytes = self.text.as_bytes();
        let mut buf = String::new();
        let mut run = self.i;
        loop {
            self.i = plain_run_end(bytes, self.i);
            let c = *bytes.get(self.i)?;
            match c {
                b'"' if self.at(1) == Some(b'"') && self.at(2) == Some(b'"') => {
                    if self.at(3) == Some(b'"') {
                        return None;
                    }
                    buf.push_str(self.text.get(run..self.i)?);
                    self.i += 3;
                    return Some(Str::Owned(buf));
                }
                b'\\' => {
                    buf.push_str(self.text.get(run..self.i)?);
                    if !self.line_ending_backslash() {
                        self.escape(&mut buf)?;
                    }
                    run = self.i;
                }
                b'\n' | b'\t' | b'"' => self.i += 1,
                _ if is_control(c) || is_c1(bytes, self.i) => return None,
                _ => self.i += 1,
            }
        }
    }

    /// At a backslash followed by white space up to the end of the line: skips it, the line
    /// break and the white space and line breaks after it.
    fn line_ending_backslash(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        let mut j = self.i + 1;
        while matches!(bytes.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        if bytes.get(j) != Some(&b'\n') {
            return false;
        }
        while matches!(bytes.get(j), Some(b' ' | b'\t' | b'\n')) {
            j += 1;
        }
        self.i = j;
        true
    }

    /// An escape sequence of TOML 1.0, at the backslash; its character goes to `buf`.
    fn escape(&mut self, buf: &mut String) -> Option<()> {
        let c = self.at(1)?;
        self.i += 2;
        let ch = match c {
            b'b' => '\u{8}',
            b't' => '\t',
            b'n' => '\n',
            b'f' => '\u{c}',
            b'r' => '\r',
            b'"' => '"',
            b'\\' => '\\',
            b'u' => self.hex(4)?,
            b'U' => self.hex(8)?,
            _ => return None,
        };
        buf.push(ch);
        Some(())
    }

    /// `n` hex digits naming a Unicode scalar value.
    fn hex(&mut self, n: usize) -> Option<char> {
        let h = self.text.get(self.i..self.i + n)?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.i += n;
        char::from_u32(u32::from_str_radix(h, 16).ok()?)
    }
}

/// A string as read: where it is in the text, when it has no escapes; else decoded.
enum Str {
    Raw(usize, usize),
    Owned(String),
}

/// The value of a string that is the text between `start` and `end`.
fn raw(start: usize, end: usize) -> Value {
    Value::Raw {
        start: start as u32,
        end: end as u32,
    }
}

/// The first position at or after `i` of a byte that a string or comment must look at: a
/// quote, a backslash, an ASCII control, or the first byte of a C1 control (`0xc2`). Eight
/// bytes are tested at a time: most of a rule file is plain text inside strings and comments.
fn plain_run_end(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether any byte of `w` is zero; exact (no byte is reported that is not zero).
    let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH != 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // A byte below 0x20 (bytes from 0x80 up have their high bit set and are masked).
        let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH != 0;
        if control
            || zero(w ^ (ONES * u64::from(b'"')))
            || zero(w ^ (ONES * u64::from(b'\'')))
            || zero(w ^ (ONES * u64::from(b'\\')))
            || zero(w ^ (ONES * 0x7f))
            || zero(w ^ (ONES * 0xc2))
        {
            break;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b < 0x20 || matches!(b, b'"' | b'\'' | b'\\' | 0x7f | 0xc2) {
            break;
        }
        i += 1;
    }
    i
}

/// An ASCII control character other than tab (line breaks are handled before).
fn is_control(c: u8) -> bool {
    (c < 0x20 && c != b'\t') || c == 0x7f
}

/// Whether the character at byte `i` is a C1 control (U+0080 to U+009F): left to the `toml`
/// crate.
fn is_c1(bytes: &[u8], i: usize) -> bool {
    bytes.get(i) == Some(&0xc2) && bytes.get(i + 1).is_some_and(|b| (0x80..0xa0).contains(b))
}
