//! Splitting CSV text into records, as the csv crate does (flexible, no header, `"` quotes,
//! doubled quotes, CR, LF or CR LF line ends, blank lines skipped), without copying: a record
//! whose fields are plain or simply quoted is split in place by `memchr`, each field a range
//! of the text; the rest (a doubled quote, text after a closing quote, an unclosed quote, a
//! lone CR in the file) goes through `csv-core`, into a buffer. Each record comes with the line
//! it starts on, counted in the same scan.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// UTF-8's byte-order mark, which the csv crate drops at the start of the text.
const BYTE_ORDER_MARK: &[u8] = b"\xef\xbb\xbf";

/// The fields of one record: byte ranges of a text.
#[derive(Clone, Copy)]
pub(super) struct Rec<'r> {
    text: &'r str,
    bounds: &'r [(usize, usize)],
}

impl<'r> Rec<'r> {
    /// The number of fields.
    #[inline]
    pub(super) fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Field `i` as written (unquoted); empty when there is none.
    #[inline]
    pub(super) fn get(&self, i: usize) -> &'r str {
        self.bounds
            .get(i)
            .and_then(|&(a, b)| self.text.get(a..b))
            .unwrap_or("")
    }

    /// The byte range of field `i` in [`Rec::text`].
    #[inline]
    pub(super) fn range(&self, i: usize) -> Option<(usize, usize)> {
        self.bounds.get(i).copied()
    }

    /// The text the ranges are of.
    #[inline]
    pub(super) fn text(&self) -> &'r str {
        self.text
    }

    /// The total length of the fields, as the csv crate counts a record's bytes.
    pub(super) fn bytes(&self) -> usize {
        self.bounds.iter().map(|(a, b)| b - a).sum()
    }

    /// A record the csv crate read, with `bounds` as the buffer for its ranges.
    pub(super) fn of_byte_record(
        rec: &'r ::csv::ByteRecord,
        bounds: &'r mut Vec<(usize, usize)>,
    ) -> Rec<'r> {
        // Fields split on ASCII bytes of UTF-8 text, so the record is UTF-8 as a whole.
        let text = std::str::from_utf8(rec.as_slice()).unwrap_or("");
        bounds.clear();
        bounds.extend((0..rec.len()).filter_map(|i| rec.range(i).map(|r| (r.start, r.end))));
        Rec { text, bounds }
    }
}

/// Where a record is.
#[derive(Clone, Copy, Debug)]
pub(super) struct Place {
    /// The 1-based line of its first byte.
    pub(super) line: usize,
    /// Its byte offset as the csv crate gives it: just after the line end byte of the record
    /// before (so it may point at the LF of a CR LF, or at blank lines).
    pub(super) offset: usize,
}

/// The rest of a text read in pieces: what a [`Scanner`] over a window asks for when it
/// reaches the end of what it holds.
pub(crate) trait Refill {
    /// Appends the next piece of the text to `buf`; `false` at the end, when nothing was
    /// appended.
    fn more(&mut self, buf: &mut String) -> bool;
}

/// A scanner's text when it is a window on a longer one.
struct Window<'t> {
    source: &'t mut dyn Refill,
    /// The offset in the whole text of the window's first byte.
    base: usize,
    /// The offset in the window of the last record returned: it and what follows are kept.
    keep: usize,
    /// Whether the source is exhausted: the window holds the end of the text.
    done: bool,
    /// Where the blank lines before the next record start (offset in the whole text), when
    /// the window ran out in them: they are dropped, not read again.
    blank_from: Option<usize>,
}

/// What one step of the scanner found.
enum Step {
    Record(Place),
    End,
    /// The window ends before the record does: more text is needed.
    More,
}

/// The records of a text, one at a time.
pub(super) struct Scanner<'t> {
    /// The whole text, or the window on it.
    text: std::borrow::Cow<'t, str>,
    /// How the window is refilled, when `text` is one.
    window: Option<Window<'t>>,
    delim: u8,
    /// Whether records may be split in place: every CR is followed by LF, and the delimiter
    /// is none of CR, LF and the quote.
    fast: bool,
    /// The offset in `text` of the next record (as [`Place::offset`]).
    pos: usize,
    /// The line of the byte at `pos`.
    line: usize,
    /// Whether the current record's ranges are of `owned` rather than of the text.
    in_owned: bool,
    bounds: Vec<(usize, usize)>,
    owned: String,
    core: Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
}

/// Whether `text` may be split in place with `delim` (see [`Scanner::fast`]).
fn splits_in_place(text: &str, delim: u8) -> bool {
    let bytes = text.as_bytes();
    !matches!(delim, b'\r' | b'\n' | b'"')
        && memchr::memchr_iter(b'\r', bytes).all(|i| bytes.get(i + 1) == Some(&b'\n'))
}

impl<'t> Scanner<'t> {
    /// A scanner of `text` with fields separated by `delim`.
    pub(super) fn new(text: &'t str, delim: u8) -> Scanner<'t> {
        Scanner::of(std::borrow::Cow::Borrowed(text), None, delim)
    }

    /// A scanner of a text that starts with `head`, the rest coming from `source` as the
    /// scanner needs it. It holds the record it is reading and the last one it returned, not
    /// the text: memory does not grow with the text.
    pub(super) fn windowed(head: String, source: &'t mut dyn Refill, delim: u8) -> Scanner<'t> {
        let window = Window {
            source,
            base: 0,
            keep: 0,
            done: false,
            blank_from: None,
        };
        Scanner::of(std::borrow::Cow::Owned(head), Some(window), delim)
    }

    fn of(text: std::borrow::Cow<'t, str>, window: Option<Window<'t>>, delim: u8) -> Scanner<'t> {
        let fast = splits_in_place(&text, delim);
        let mut core = ReaderBuilder::new().delimiter(delim).build();
        let (mut out, mut ends) = (vec![0; 1024], vec![0; 64]);
        // csv-core drops a byte-order mark at the start of the first input it reads; the
        // scanner drops the text's own (below), never one at the start of a later record.
        core.read_record(b"", &mut out, &mut ends);
        Scanner {
            text,
            window,
            delim,
            fast,
            pos: 0,
            line: 1,
            in_owned: false,
            bounds: Vec::new(),
            owned: String::new(),
            core,
            out,
            ends,
        }
    }

    /// Reads the next record; `None` at the end of the text.
    #[inline]
    pub(super) fn next(&mut self) -> Option<Place> {
        loop {
            match self.step() {
                Step::Record(place) => return Some(place),
                Step::End => return None,
                Step::More => self.refill(),
            }
        }
    }

    /// Whether the text ends where the scanner's text does.
    #[inline]
    fn at_end(&self) -> bool {
        self.window.as_ref().is_none_or(|w| w.done)
    }

    /// Reads the next record of what the scanner holds.
    #[inline]
    fn step(&mut self) -> Step {
        let bytes = self.text.as_bytes();
        let offset = self.pos;
        let base = self.window.as_ref().map_or(0, |w| w.base);
        // Blank lines and the rest of a line end: no record.
        let mut s = self.pos;
        if s == 0 && base == 0 && bytes.starts_with(BYTE_ORDER_MARK) {
            s = BYTE_ORDER_MARK.len();
        }
        let mut line = self.line;
        while let Some(&b) = bytes.get(s) {
            match b {
                b'\n' => line += 1,
                b'\r' => {}
                _ => break,
            }
            s += 1;
        }
        if s >= bytes.len() {
            let more = !self.at_end();
            if let Some(w) = self.window.as_mut().filter(|_| more) {
                // The blank lines are read: the window need not hold them, nor the record
                // before them, which a line end closed.
                w.blank_from.get_or_insert(base + offset);
                w.keep = s;
            }
            self.pos = s;
            self.line = line;
            return if more { Step::More } else { Step::End };
        }
        let split = if self.fast {
            split_in_place(bytes, s, self.delim, &mut self.bounds)
        } else {
            None
        };
        let (next, newlines, in_owned) = match split {
            Some((next, newlines)) => (next, newlines, false),
            None => {
                let next = self.split_with_core(s);
                let text = self.text.as_bytes();
                (
                    next,
                    super::count_newlines(text.get(s..next).unwrap_or_default()),
                    true,
                )
            }
        };
        // A record that reaches the end of a window may go on in the next piece.
        if next >= self.text.len() && !self.at_end() {
            return Step::More;
        }
        self.in_owned = in_owned;
        self.pos = next;
        self.line = line + newlines;
        let mut offset = base + offset;
        if let Some(w) = &mut self.window {
            w.keep = offset - base;
            if let Some(blanks) = w.blank_from.take() {
                offset = blanks;
            }
        }
        Step::Record(Place { line, offset })
    }

    /// Drops from the window what is no longer needed and appends the next piece.
    fn refill(&mut self) {
        let Some(w) = &mut self.window else {
            return;
        };
        let drop = w.keep.min(self.pos);
        if drop > 0 {
            self.text.to_mut().drain(..drop);
            w.base += drop;
            w.keep -= drop;
            self.pos -= drop;
        }
        // At least as much again as is held: a record longer than a piece is read again
        // after each refill, and doubling keeps that linear in its length.
        let enough = self.text.len() * 2;
        loop {
            if !w.source.more(self.text.to_mut()) {
                w.done = true;
                break;
            }
            if self.text.len() >= enough {
                break;
            }
        }
        self.fast = splits_in_place(&self.text, self.delim);
    }

    /// The text from `offset` of the whole text to the end of what the scanner holds. What
    /// a window dropped before the last record returned is blank lines, or a record closed
    /// by a line end and blank lines: the text is then what the window holds.
    pub(super) fn text_from(&self, offset: usize) -> Option<&[u8]> {
        let base = self.window.as_ref().map_or(0, |w| w.base);
        self.text.as_bytes().get(offset.saturating_sub(base)..)
    }

    /// The current record.
    #[inline]
    pub(super) fn rec(&self) -> Rec<'_> {
        Rec {
            text: if self.in_owned {
                &self.owned
            } else {
                &self.text
            },
            bounds: &self.bounds,
        }
    }

    /// Reads the record starting at `s` with csv-core into `owned`; returns the offset after
    /// the bytes it consumed.
    fn split_with_core(&mut self, s: usize) -> usize {
        let input = self.text.as_bytes().get(s..).unwrap_or_default();
        let (mut nin, mut nout, mut nend) = (0, 0, 0);
        loop {
            let (res, i, o, e) = self.core.read_record(
                input.get(nin..).unwrap_or_default(),
                self.out.get_mut(nout..).unwrap_or_default(),
                self.ends.get_mut(nend..).unwrap_or_default(),
            );
            (nin, nout, nend) = (nin + i, nout + o, nend + e);
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record | ReadRecordResult::End => break,
            }
        }
        // csv-core removes only ASCII quotes from UTF-8 text: what it writes is UTF-8.
        self.owned.clear();
        self.owned
            .push_str(std::str::from_utf8(self.out.get(..nout).unwrap_or_default()).unwrap_or(""));
        self.bounds.clear();
        let mut start = 0;
        for &end in self.ends.get(..nend).unwrap_or_default() {
            self.bounds.push((start, end));
            start = end;
        }
        s + nin
    }
}

/// Splits the record that starts at `s` (not a line end) into field ranges of `bytes`, as
/// csv-core would, when every quoted field is simply quoted: a quote opens the field, the next
/// quote closes it, and a delimiter or line end follows. Returns the offset after the record's
/// line end byte and the LF bytes before it; `None` for a record only csv-core can read.
/// Every CR must be followed by LF (the caller checks the text once).
#[inline]
fn split_in_place(
    bytes: &[u8],
    s: usize,
    delim: u8,
    bounds: &mut Vec<(usize, usize)>,
) -> Option<(usize, usize)> {
    bounds.clear();
    let mut newlines = 0;
    let mut i = s;
    loop {
        let rest = bytes.get(i..)?;
        if rest.first() == Some(&b'"') {
            let inner = rest.get(1..)?;
            let close = memchr::memchr(b'"', inner)?;
            let content = inner.get(..close)?;
            newlines += super::count_newlines(content);
            bounds.push((i + 1, i + 1 + close));
            let after = i + 2 + close;
            match bytes.get(after) {
                None => return Some((after, newlines)),
                Some(&b) if b == delim => i = after + 1,
                Some(b'\n') => return Some((after + 1, newlines + 1)),
                // CR LF: the record ends at the CR; the LF is read before the next one.
                Some(b'\r') => return Some((after + 1, newlines)),
                Some(_) => return None,
            }
            continue;
        }
        match memchr::memchr3(delim, b'\n', b'\r', rest) {
            None => {
                bounds.push((i, bytes.len()));
                return Some((bytes.len(), newlines));
            }
            Some(k) => {
                let p = i + k;
                bounds.push((i, p));
                match bytes.get(p) {
                    Some(b'\n') => return Some((p + 1, newlines + 1)),
                    Some(b'\r') => return Some((p + 1, newlines)),
                    _ => i = p + 1,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record the scanner reads, with its place; `each` looks at the scanner after each.
    fn records(
        s: &mut Scanner<'_>,
        mut each: impl FnMut(&Scanner<'_>, Place),
    ) -> Vec<(Vec<String>, usize, usize)> {
        let mut out = Vec::new();
        while let Some(p) = s.next() {
            let r = s.rec();
            out.push((
                (0..r.len()).map(|i| r.get(i).to_string()).collect(),
                p.line,
                p.offset,
            ));
            each(s, p);
        }
        out
    }

    /// Every record, with its place, by the scanner.
    fn scan(text: &str, delim: u8, fast: bool) -> Vec<(Vec<String>, usize, usize)> {
        let mut s = Scanner::new(text, delim);
        s.fast &= fast;
        records(&mut s, |_, _| {})
    }

    /// Every record, with its place, by the csv crate (lines counted from the first byte).
    fn reference(text: &str, delim: u8) -> Vec<(Vec<String>, usize, usize)> {
        let mut rdr = ::csv::ReaderBuilder::new()
            .delimiter(delim)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rec = ::csv::ByteRecord::new();
        let mut out = Vec::new();
        while rdr.read_byte_record(&mut rec).unwrap_or(false) {
            let offset = rec.position().map_or(0, |p| p.byte() as usize);
            // csv-core drops a byte-order mark at the start of the text.
            let skip = if offset == 0 && text.starts_with('\u{feff}') {
                3
            } else {
                0
            };
            let first = text.as_bytes()[offset + skip..]
                .iter()
                .position(|b| !matches!(b, b'\r' | b'\n'))
                .map_or(text.len(), |k| offset + skip + k);
            let line = 1 + text.as_bytes()[..first]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            out.push((
                rec.iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
                line,
                offset,
            ));
        }
        out
    }

    #[test]
    fn splits_as_the_csv_crate_does() {
        let texts = [
            "a,b,c\n1,2,3\n",
            "a,b,c\r\n1,2,3\r\n\r\n\r\n4,5,6",
            "a,b\n\n\n1,\n,\n,,\n",
            "x,\"y, z\",w\n\"\",\"\"\n\"a\"\n\"a\",\n",
            "x,\"two\nlines\",w\r\nnext,\"cr\r\nlf\"\r\nlast",
            "x,\"dou\"\"ble\",w\nafter,\"quote\"d,w\n\"open\n",
            "a\rb\rc,d\r\n",
            "mid\"quote,\"x\"\n\"x\" ,y\n",
            "é,ü\n\"中文\",\"a\"\"b\"\n",
            "no line end",
            "trailing,",
            "\"quoted at end\"",
            "\"unclosed, at end",
            "\n\r\n \n",
            "a;b;\"c;d\"\n1;2;3\n",
            "\u{feff}a,b\n\u{feff}c,\"d\"\"\"\n\u{feff}\"e\"\"f\"\n",
            "\u{feff}\n\"a\"\"\"\n",
        ];
        for text in texts {
            for delim in [b',', b';', b'\t'] {
                let want = reference(text, delim);
                assert_eq!(scan(text, delim, true), want, "{text:?}");
                assert_eq!(scan(text, delim, false), want, "{text:?} through csv-core");
            }
        }
    }

    /// The rest of a text in pieces of `n` characters.
    struct Pieces<'a> {
        rest: std::str::Chars<'a>,
        n: usize,
    }

    impl Refill for Pieces<'_> {
        fn more(&mut self, buf: &mut String) -> bool {
            let before = buf.len();
            buf.extend(self.rest.by_ref().take(self.n));
            buf.len() > before
        }
    }

    /// Every record of `text` with its place, read through a window that starts with the
    /// first `head` characters and grows by `n` at a time.
    fn scan_windowed(
        text: &str,
        delim: u8,
        head: usize,
        n: usize,
    ) -> Vec<(Vec<String>, usize, usize)> {
        let mut rest = text.chars();
        let head: String = rest.by_ref().take(head).collect();
        let mut pieces = Pieces { rest, n };
        let mut s = Scanner::windowed(head, &mut pieces, delim);
        records(&mut s, |s, p| {
            // What the unclosed-quote check needs of the record is still there.
            let tail = s
                .text_from(p.offset)
                .map(|t| t.len() <= text.len() - p.offset);
            assert_eq!(tail, Some(true));
        })
    }

    #[test]
    fn a_window_reads_what_the_whole_text_reads() {
        let texts = [
            "a,b,c\n1,2,3\n",
            "a,b,c\r\n1,2,3\r\n\r\n\r\n4,5,6",
            "x,\"two\nlines\",w\r\nnext,\"cr\r\nlf\"\r\nlast",
            "x,\"dou\"\"ble\",w\nafter,\"quote\"d,w\n\"open\n",
            "a\rb\rc,d\r\n",
            "é,ü\n\"中文\",\"a\"\"b\"\n\n\n",
            "\"unclosed, at end\nand more\n",
            "\u{feff}a,b\n\u{feff}c,\"d\"\"\"\n",
        ];
        for text in texts {
            let want = reference(text, b',');
            let chars = text.chars().count();
            for head in 0..=chars {
                for n in 1..=4 {
                    assert_eq!(
                        scan_windowed(text, b',', head, n),
                        want,
                        "{text:?} head {head} pieces {n}"
                    );
                }
            }
        }
    }

    #[test]
    fn plain_and_simply_quoted_records_are_split_in_place() {
        let mut s = Scanner::new("a,\"b, c\"\r\n\"d\"\"\",e\n", b',');
        assert!(s.next().is_some());
        assert!(!s.in_owned);
        assert_eq!(s.rec().get(1), "b, c");
        assert!(s.next().is_some());
        assert!(s.in_owned, "a doubled quote is read by csv-core");
        assert_eq!(s.rec().get(0), "d\"");
        assert!(s.next().is_none());
    }
}
