//! JSON text read one value at a time, through a window that a file fills in chunks: a reader
//! parses one component after another (each with serde_json, strings borrowed from the
//! window), so memory does not grow with the file.
//!
//! The window vouches only for what it parsed completely and exactly as a whole-document
//! parse would. Anything else — a syntax error, bytes that are not UTF-8, a NUL, nesting near
//! serde_json's recursion limit — stops it with [`Stop::Fallback`], and the caller reads the
//! document whole, which gives the same components, or the same error, as it always did.

use std::io::Read;
use std::sync::Arc;

use serde::Deserialize;

use super::digest::Digest;

/// Bytes read from a file at a time.
const CHUNK: usize = 1 << 20;

/// The deepest nesting (from the document's root) the window parses itself. serde_json's
/// limit is 128 levels; values nested deeper than this go to the whole-document parse, whose
/// limit then decides as it always did.
const MAX_DEPTH: usize = 100;

/// Why the window stopped.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The document must be read whole: the window cannot vouch for what comes next.
    Fallback,
    /// The file could not be read.
    Io(std::io::Error),
}

/// A type parsed from the window, borrowing from it: `Of<'b>` for text borrowed for `'b`.
pub(crate) trait Parse {
    /// The parsed value.
    type Of<'b>: Deserialize<'b>;

    /// A faster reader of the usual shape of the value at the start of `text`: parses it in
    /// place and calls `f` with it and the bytes it takes, giving `true`; or gives `false` to
    /// leave it to serde_json. What it reads must be exactly what serde_json would read, and
    /// nest at most 50 levels.
    fn fast<'b>(text: &'b str, f: &mut dyn FnMut(&mut Self::Of<'b>, usize)) -> bool {
        let _ = (text, f);
        false
    }
}

/// A JSON string, copied.
pub(crate) struct Str;

impl Parse for Str {
    type Of<'b> = String;
}

/// Any JSON value, checked and skipped.
pub(crate) struct Skip;

impl Parse for Skip {
    type Of<'b> = serde::de::IgnoredAny;
}

/// What a file brings into the window: its reader, the text read and not yet parsed (shared
/// with `digest`, which hashes every byte read, so that no chunk is copied for it).
pub(crate) struct Chunks<'r> {
    reader: &'r mut dyn Read,
    digest: &'r mut Digest,
    /// Text checked: UTF-8 without NUL.
    text: Arc<String>,
    /// The start of a character that the last chunk cut, read and hashed already.
    tail: Vec<u8>,
    eof: bool,
    chunk: usize,
}

impl<'r> Chunks<'r> {
    /// A file's chunks; `head` holds its first bytes, already read (and not yet hashed).
    pub(crate) fn new(
        reader: &'r mut dyn Read,
        head: Vec<u8>,
        digest: &'r mut Digest,
    ) -> Chunks<'r> {
        Chunks {
            reader,
            digest,
            text: Arc::new(String::new()),
            tail: head,
            eof: false,
            chunk: CHUNK,
        }
    }

    /// The same, read `chunk` bytes at a time (tests cut documents everywhere).
    #[cfg(test)]
    pub(crate) fn with_chunk(mut self, chunk: usize) -> Chunks<'r> {
        self.chunk = chunk.max(1);
        self
    }

    /// Takes in the head given to [`Chunks::new`].
    fn first(&mut self) -> Result<(), Stop> {
        let head = std::mem::take(&mut self.tail);
        self.accept(head, 0)
    }

    /// Makes `buf`, whose bytes from `new` on were just read, the text: UTF-8 (a character
    /// cut at the end waits for the next chunk) without NUL, or a fallback: anything else is
    /// for the whole-document reader to report.
    fn accept(&mut self, buf: Vec<u8>, new: usize) -> Result<(), Stop> {
        if memchr::memchr(0, buf.get(new..).unwrap_or_default()).is_some() {
            return Err(Stop::Fallback);
        }
        let text = match String::from_utf8(buf) {
            Ok(t) => t,
            Err(e) if e.utf8_error().error_len().is_none() && !self.eof => {
                let valid = e.utf8_error().valid_up_to();
                let mut bytes = e.into_bytes();
                self.tail = bytes.split_off(valid);
                String::from_utf8(bytes).map_err(|_| Stop::Fallback)?
            }
            Err(_) => return Err(Stop::Fallback),
        };
        self.text = Arc::new(text);
        self.digest.shared(&self.text, new);
        self.digest.update(&self.tail);
        Ok(())
    }

    /// Drops the first `done` bytes of the text and reads the next chunk after the rest;
    /// `false` at the end of the file.
    fn more(&mut self, done: usize) -> Result<bool, Stop> {
        if self.eof {
            return Ok(false);
        }
        if !self.text.is_char_boundary(done) {
            return Err(Stop::Fallback);
        }
        // The text's buffer is reused unless the digest still reads it.
        let mut buf = match Arc::try_unwrap(std::mem::take(&mut self.text)) {
            Ok(t) => {
                let mut b = t.into_bytes();
                b.drain(..done);
                b
            }
            Err(shared) => {
                let mut b = Vec::with_capacity(self.chunk + shared.len() - done + 4);
                b.extend_from_slice(shared.as_bytes().get(done..).unwrap_or_default());
                b
            }
        };
        buf.append(&mut self.tail);
        let new = buf.len();
        buf.reserve(self.chunk);
        let n = Read::take(&mut *self.reader, self.chunk as u64)
            .read_to_end(&mut buf)
            .map_err(Stop::Io)?;
        self.eof = n == 0;
        self.accept(buf, new)?;
        Ok(n > 0)
    }
}

/// The text a window reads: a document in memory, or a file's chunks.
enum Text<'t> {
    Whole(&'t str),
    Chunks(Box<Chunks<'t>>),
}

/// A window on JSON text: the position of the parse, and the line it is on.
pub(crate) struct Window<'t> {
    text: Text<'t>,
    pos: usize,
    /// The 1-based line at byte `line_pos` of the window.
    line: usize,
    line_pos: usize,
}

impl<'t> Window<'t> {
    /// A window on a whole document in memory.
    pub(crate) fn whole(text: &'t str) -> Window<'t> {
        Window {
            text: Text::Whole(text),
            pos: 0,
            line: 1,
            line_pos: 0,
        }
    }

    /// A window on a file read in chunks. A UTF-8 byte-order mark at its start is skipped.
    pub(crate) fn chunks(chunks: Chunks<'t>) -> Result<Window<'t>, Stop> {
        let mut w = Window {
            text: Text::Chunks(Box::new(chunks)),
            pos: 0,
            line: 1,
            line_pos: 0,
        };
        // The head is read but not yet hashed or checked.
        if let Text::Chunks(c) = &mut w.text {
            c.first()?;
            if c.text.starts_with('\u{feff}') {
                w.pos = 3;
                w.line_pos = 3;
            }
        }
        Ok(w)
    }

    fn text(&self) -> &str {
        match &self.text {
            Text::Whole(t) => t,
            Text::Chunks(c) => c.text.as_str(),
        }
    }

    fn bytes(&self) -> &[u8] {
        self.text().as_bytes()
    }

    fn at_eof(&self) -> bool {
        match &self.text {
            Text::Whole(_) => true,
            Text::Chunks(c) => c.eof,
        }
    }

    /// Reads more of the file, keeping the bytes from the position on; `false` at its end.
    fn more(&mut self) -> Result<bool, Stop> {
        self.line_here();
        let done = self.pos;
        let Text::Chunks(c) = &mut self.text else {
            return Ok(false);
        };
        let more = c.more(done)?;
        self.pos -= done;
        self.line_pos -= done;
        Ok(more)
    }

    /// The 1-based line of the position.
    pub(crate) fn line_here(&mut self) -> usize {
        let (from, to) = (self.line_pos, self.pos);
        let gap = self.bytes().get(from..to).unwrap_or_default();
        self.line += memchr::memchr_iter(b'\n', gap).count();
        self.line_pos = to;
        self.line
    }

    /// The next byte that is not white space, not consumed; `None` at the end of the text.
    pub(crate) fn peek(&mut self) -> Result<Option<u8>, Stop> {
        loop {
            let rest = self.bytes().get(self.pos..).unwrap_or_default();
            match rest
                .iter()
                .position(|b| !matches!(b, b' ' | b'\n' | b'\t' | b'\r'))
            {
                Some(k) => {
                    let b = rest.get(k).copied();
                    self.pos += k;
                    return Ok(b);
                }
                None => {
                    self.pos += rest.len();
                    if !self.more()? {
                        return Ok(None);
                    }
                }
            }
        }
    }

    /// Consumes the byte `want` (after white space), or stops: the document is not one the
    /// window reads.
    pub(crate) fn expect(&mut self, want: u8) -> Result<(), Stop> {
        if self.peek()? != Some(want) {
            return Err(Stop::Fallback);
        }
        self.pos += 1;
        Ok(())
    }

    /// Parses the next value as `P` and hands it to `f` with its text. `depth` is the nesting
    /// of the value's place in the document (1 for a member of the root object).
    pub(crate) fn value<P: Parse, R>(
        &mut self,
        depth: usize,
        mut f: impl for<'b> FnMut(&mut P::Of<'b>, &'b [u8]) -> R,
    ) -> Result<R, Stop> {
        loop {
            let eof = self.at_eof();
            let step = {
                let rest = self.text().get(self.pos..).unwrap_or_default();
                // A value that ends where the window does may go on (a number) unless the
                // text ends there.
                let mut fast = None;
                P::fast(rest, &mut |v, used| {
                    if eof || used < rest.len() {
                        let text = rest.as_bytes().get(..used).unwrap_or_default();
                        fast = Some((f(v, text), used));
                    }
                });
                if let Some((r, used)) = fast {
                    self.pos += used;
                    return Ok(r);
                }
                let mut it = serde_json::Deserializer::from_str(rest).into_iter::<P::Of<'_>>();
                match it.next() {
                    Some(Ok(mut v)) if eof || it.byte_offset() < rest.len() => {
                        let used = it.byte_offset();
                        let text = rest.as_bytes().get(..used).unwrap_or_default();
                        if too_deep(text, depth) {
                            return Err(Stop::Fallback);
                        }
                        Some((f(&mut v, text), used))
                    }
                    Some(Ok(_)) | None => None,
                    Some(Err(e)) if e.is_eof() => None,
                    Some(Err(_)) => return Err(Stop::Fallback),
                }
            };
            match step {
                Some((r, used)) => {
                    self.pos += used;
                    return Ok(r);
                }
                None if self.more()? => {}
                None => return Err(Stop::Fallback),
            }
        }
    }

    /// Reads an array, calling `each` with the window at each element and its index.
    pub(crate) fn array(
        &mut self,
        mut each: impl FnMut(&mut Window<'t>, usize) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        self.expect(b'[')?;
        if self.peek()? == Some(b']') {
            self.pos += 1;
            return Ok(());
        }
        let mut k = 0;
        loop {
            each(self, k)?;
            k += 1;
            match self.peek()? {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(Stop::Fallback),
            }
        }
    }
}

/// Could `text`, a value at nesting `depth`, reach [`MAX_DEPTH`]? Counting brackets settles
/// it for nearly every value; only a value with that many is scanned.
fn too_deep(text: &[u8], depth: usize) -> bool {
    // Every level takes two bytes; then the brackets, then the nesting itself.
    depth + text.len() / 2 > MAX_DEPTH
        && depth + memchr::memchr2_iter(b'{', b'[', text).count() > MAX_DEPTH
        && depth + nesting(text) > MAX_DEPTH
}

/// The deepest nesting of arrays and objects in a JSON value's text, strings skipped.
fn nesting(text: &[u8]) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in text {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// The lines of the objects of `text` (a value starting on line `first`) whose path (from the
/// value) `want` accepts, in document order, into `out`; when the value has no line break,
/// `count` copies of `first`.
pub(crate) fn lines_within(
    text: &[u8],
    first: usize,
    keys: &[&str],
    want: &dyn Fn(&[super::jsonpos::Seg]) -> bool,
    count: usize,
    out: &mut Vec<usize>,
) {
    out.clear();
    if memchr::memchr(b'\n', text).is_none() {
        out.resize(count, first);
        return;
    }
    let text = std::str::from_utf8(text).unwrap_or_default();
    out.extend(
        super::jsonpos::object_lines(text, keys, 256, want)
            .into_iter()
            .map(|l| l + first - 1),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_skips_strings() {
        assert_eq!(nesting(br#"{"a":[{"b":"[[{"}]}"#), 3);
        assert_eq!(nesting(br#""\"[""#), 0);
        assert!(!too_deep(br#"{"a":[1]}"#, 2));
        let deep = format!("{}{}", "[".repeat(99), "]".repeat(99));
        assert!(too_deep(deep.as_bytes(), 2));
        assert!(!too_deep(deep.as_bytes(), 1));
    }

    #[test]
    fn values_wait_for_the_rest_of_a_chunk() {
        // A number cut at the end of a chunk is not taken for a shorter one.
        let text = br#"{"n": 12345, "s": "x"}"#.to_vec();
        for cut in 1..text.len() {
            let mut rest = std::io::Cursor::new(text.get(cut..).unwrap().to_vec());
            let mut digest = Digest::new();
            let chunks = Chunks::new(&mut rest, text.get(..cut).unwrap().to_vec(), &mut digest);
            let mut w = Window::chunks(chunks).unwrap();
            w.expect(b'{').unwrap();
            assert_eq!(w.value::<Str, _>(1, |k, _| std::mem::take(k)).unwrap(), "n");
            w.expect(b':').unwrap();
            let n = w.value::<Num, _>(1, |n, t| (*n, t.len())).unwrap();
            assert_eq!(n, (12345, 6), "cut at {cut}");
        }
    }

    struct Num;
    impl Parse for Num {
        type Of<'b> = u64;
    }
}
