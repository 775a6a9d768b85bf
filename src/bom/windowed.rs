//! Large CSV files read through a window: a few pieces of the file are held at a time, not
//! the file, so memory does not grow with it. The file is first read once to make sure it is
//! plain UTF-8 (the encoding is a whole-file decision: one byte that is not UTF-8 makes it
//! Windows-1252 text), then read again piece by piece for the CSV reader, hashed on the way.
//! With the `threads` feature, reading happens on a second thread while the calling thread
//! checks, as for every large BOM.

use std::fs::File;
use std::io::Read as _;
use std::path::Path;

use super::digest::Digest;
use super::{BomFormat, BomInfo, Component, ReadOptions, csv};
use crate::error::{Diagnostic, Error};

/// Bytes read at a time.
const PIECE: usize = 1 << 20;

/// Files from this size on are read through a window; smaller ones whole.
pub(super) const FROM: u64 = 4 << 20;

/// How a windowed read ended.
pub(super) enum Read {
    /// Read: the facts, or the error.
    Done(Result<BomInfo, Error>),
    /// The file must be read whole (it repeats its header row, or is not plain UTF-8); `sent`
    /// components already went to the sink, the first ones the whole read gives, as long as
    /// the file is what `stamp` says.
    Whole { sent: usize, stamp: Stamp },
}

/// Is a file that starts with `head` CSV that can be read through a window: CSV by the
/// format given or by what detection sees in `head` (a full first line), and no workbook?
pub(super) fn applies(name: &str, head: &[u8], forced: Option<BomFormat>) -> bool {
    let Some(text) = super::head_text(name, head) else {
        return false;
    };
    match forced {
        Some(f) => f == BomFormat::Csv,
        None => {
            // Detection reads the first line that is not blank or a comment: it must be whole.
            let decided = text
                .split_inclusive('\n')
                .find(|l| {
                    let t = l.trim();
                    !t.is_empty() && !t.starts_with('#')
                })
                .is_some_and(|l| l.ends_with('\n'));
            decided && matches!(super::detect(name, text), Ok(BomFormat::Csv))
        }
    }
}

/// Reads the CSV file at `path`, open as `file`, through a window, sending its components
/// to `sink`. Every pass reads the one open file (a file renamed over the path meanwhile is
/// not read), and a file whose size or modification time changes meanwhile is an error.
pub(super) fn read(
    name: &str,
    path: &Path,
    file: &File,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(&Component),
) -> Read {
    let io = |source| {
        Read::Done(Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }))
    };
    let stamp = match Stamp::of(file) {
        Ok(s) => s,
        Err(e) => return io(e),
    };
    match plain_utf8(file) {
        Ok(true) => {}
        Ok(false) => return Read::Whole { sent: 0, stamp },
        Err(e) => return io(e),
    }
    let mut sent = 0usize;
    let mut counted = |c: &Component| {
        sent += 1;
        sink(c);
    };
    let read = |hand: &mut dyn FnMut(&mut Component)| {
        let file = rewound(file).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        read_pieces(name, path, file, opts, PIECE, hand)
    };
    let read = on_a_thread(&read, &mut counted);
    match stamp.check(name, file) {
        Err(e) => Read::Done(Err(e)),
        Ok(()) => match read {
            Ok(Some(info)) => Read::Done(Ok(info)),
            Ok(None) => Read::Whole { sent, stamp },
            Err(e) => Read::Done(Err(e)),
        },
    }
}

/// What says a file is still the one first read: its size and modification time.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp(u64, Option<std::time::SystemTime>);

impl Stamp {
    fn of(file: &File) -> std::io::Result<Stamp> {
        let m = file.metadata()?;
        Ok(Stamp(m.len(), m.modified().ok()))
    }

    /// An error when the file is no longer what it was when the stamp was taken.
    pub(super) fn check(self, name: &str, file: &File) -> Result<(), Error> {
        if Stamp::of(file).is_ok_and(|now| now == self) {
            Ok(())
        } else {
            Err(changed(name))
        }
    }
}

/// Another handle on `file`, at its start.
fn rewound(file: &File) -> std::io::Result<File> {
    use std::io::Seek as _;
    let mut f = file.try_clone()?;
    f.rewind()?;
    Ok(f)
}

/// `read`, again when a signal interrupted it.
fn read_some(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match file.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            read => return read,
        }
    }
}

/// A reader: it sends the components it reads to the sink it is given, which may take them.
type Reader<'a, R> = dyn Fn(&mut dyn FnMut(&mut Component)) -> R + Sync + 'a;

/// Runs `read` on a reading thread (with the `threads` feature) or here.
#[cfg(feature = "threads")]
fn on_a_thread<R: Send>(read: &Reader<'_, R>, sink: &mut dyn FnMut(&Component)) -> R {
    // Each component moves into the batch; the reader gets the slot's old one to clear.
    super::handover::run(
        &|hand| read(&mut |c| hand.take(|slot| std::mem::swap(slot, c))),
        sink,
    )
}

/// Runs `read` on a reading thread (with the `threads` feature) or here.
#[cfg(not(feature = "threads"))]
fn on_a_thread<R>(read: &Reader<'_, R>, sink: &mut dyn FnMut(&Component)) -> R {
    read(&mut |c| sink(c))
}

/// Whether the file is UTF-8 with no NUL byte and not only white space: text the whole-file
/// reader would take as it is. Anything else is left to it.
fn plain_utf8(file: &File) -> std::io::Result<bool> {
    let mut file = rewound(file)?;
    let mut buf = vec![0u8; PIECE];
    let mut carry = 0usize;
    let mut blank = true;
    loop {
        let n = read_some(&mut file, buf.get_mut(carry..).unwrap_or_default())?;
        if n == 0 {
            return Ok(carry == 0 && !blank);
        }
        let filled = buf.get(..carry + n).unwrap_or_default();
        if memchr::memchr(0, filled).is_some() {
            return Ok(false);
        }
        blank = blank && filled.iter().all(u8::is_ascii_whitespace);
        let valid = match std::str::from_utf8(filled) {
            Ok(_) => filled.len(),
            // A character cut at the end of the piece is finished by the next one.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Ok(false),
        };
        carry = filled.len() - valid;
        buf.copy_within(valid..valid + carry, 0);
    }
}

/// Reads the file piece by piece into the CSV reader; the digest goes into the facts.
fn read_pieces(
    name: &str,
    path: &Path,
    file: File,
    opts: &ReadOptions,
    piece: usize,
    sink: &mut dyn FnMut(&mut Component),
) -> Result<Option<BomInfo>, Error> {
    let mut source = Pieces {
        file,
        digest: Digest::new(),
        buf: vec![0u8; piece.max(4)],
        carry: 0,
        first: true,
        error: None,
    };
    let mut head = String::new();
    // The first 64 KiB at least, for the delimiter guess.
    while head.len() < 64 * 1024 && csv::Refill::more(&mut source, &mut head) {}
    let read = csv::read_windowed(name, head, &mut source, &opts.csv, sink);
    if let Some(e) = source.error {
        return Err(e.into_error(name, path));
    }
    let Some(sha256) = source.digest.finish() else {
        return Err(Error::Bom(Diagnostic::new(
            name,
            "the file could not be hashed",
        )));
    };
    Ok(read?.map(|mut info| {
        info.format = Some(BomFormat::Csv);
        info.sha256 = sha256;
        info
    }))
}

/// The error for a file that is no longer what the first reading found.
fn changed(name: &str) -> Error {
    Error::Bom(
        Diagnostic::new(name, "the file changed while it was read")
            .help("check it again once whatever writes it is done"),
    )
}

/// What stopped the pieces.
enum Stop {
    Io(std::io::Error),
    /// The file is no longer what the first reading found.
    Changed,
}

impl Stop {
    fn into_error(self, name: &str, path: &Path) -> Error {
        match self {
            Stop::Io(source) => Error::Io {
                path: path.to_path_buf(),
                source,
            },
            Stop::Changed => changed(name),
        }
    }
}

/// The file's text, a piece at a time, hashed as it is read.
struct Pieces {
    file: File,
    digest: Digest,
    buf: Vec<u8>,
    /// Bytes of a character cut at the end of the last piece, at the start of `buf`.
    carry: usize,
    first: bool,
    error: Option<Stop>,
}

impl csv::Refill for Pieces {
    fn more(&mut self, out: &mut String) -> bool {
        if self.error.is_some() {
            return false;
        }
        let n = match read_some(
            &mut self.file,
            self.buf.get_mut(self.carry..).unwrap_or_default(),
        ) {
            Ok(n) => n,
            Err(e) => {
                self.error = Some(Stop::Io(e));
                return false;
            }
        };
        let new = self.buf.get(self.carry..self.carry + n).unwrap_or_default();
        self.digest.update(new);
        let filled = self.buf.get(..self.carry + n).unwrap_or_default();
        if n == 0 {
            if self.carry > 0 {
                self.error = Some(Stop::Changed);
            }
            return false;
        }
        let (text, valid) = match std::str::from_utf8(filled) {
            Ok(t) => (t, filled.len()),
            Err(e) if e.error_len().is_none() => (
                std::str::from_utf8(filled.get(..e.valid_up_to()).unwrap_or_default())
                    .unwrap_or(""),
                e.valid_up_to(),
            ),
            Err(_) => {
                self.error = Some(Stop::Changed);
                return false;
            }
        };
        if text.contains('\0') {
            self.error = Some(Stop::Changed);
            return false;
        }
        let text = if self.first {
            text.strip_prefix('\u{feff}').unwrap_or(text)
        } else {
            text
        };
        self.first = false;
        out.push_str(text);
        self.carry = filled.len() - valid;
        self.buf.copy_within(valid..valid + self.carry, 0);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every component (its designator, makers and line) and the facts, or the error.
    fn components(
        read: impl FnOnce(&mut dyn FnMut(&mut Component)) -> Result<Option<BomInfo>, Error>,
    ) -> String {
        let mut out = String::new();
        let mut sink = |c: &mut Component| {
            out.push_str(&format!(
                "{}|{:?}|{:?}|{:?}\n",
                c.reference(),
                c.sources().collect::<Vec<_>>(),
                c.location.line,
                c.kind
            ));
        };
        let info = read(&mut sink);
        format!("{out}{info:?}")
    }

    /// Read through pieces of every size from 4 to 9 bytes, a CSV file gives the components
    /// and facts it gives read whole.
    #[test]
    fn pieces_of_any_size_read_what_the_whole_text_reads() {
        let dir = std::env::temp_dir().join(format!("bomgate-windowed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let texts = [
            "Designator,Manufacturer,MPN\nU1,Huawei,ME909\r\nU2,\"Micron\nTechnology\",\"MT\"\"41\"\n\n\nU3,中文,ü🙂\n",
            "\u{feff}Ref;Hersteller;Teil\r\nU1;Würth;7443\r\n;;\r\nU2;\"ZTE\";\"x;y\"",
            "# comment\nItem,Qty,Reference(s),Mfg,PN\n1,2,\"U1, U2\",HiSilicon,Hi3516\n2,1,U3,,MT41K\n",
            "Designator,Manufacturer,MPN\nU1,Huawei,\"open\n",
            "Designator,Manufacturer,MPN\nU1,Huawei,ME909\n\n\n\r\n\n\n\n\n\n\nU2,Acme,\"open\n\n\n",
            "Designator,Manufacturer,MPN\nU1,\"Huawei\",ME909\n\n\n\n\n\n\n\n\n\n\n",
        ];
        let opts = ReadOptions::default();
        for (k, text) in texts.iter().enumerate() {
            let path = dir.join(format!("{k}.csv"));
            std::fs::write(&path, text).unwrap();
            let name = "bom.csv";
            let whole = components(|sink| {
                let bytes = text.as_bytes();
                let (text, _) = crate::bom::decode(name, bytes)?;
                let mut info = csv::read(name, &text, &opts.csv, &mut |c| sink(&mut c.clone()))?;
                info.format = Some(BomFormat::Csv);
                info.sha256 = crate::ident::hex(&sha2::Digest::finalize(
                    <sha2::Sha256 as sha2::Digest>::new_with_prefix(bytes),
                ));
                Ok(Some(info))
            });
            for piece in 4..10 {
                let file = File::open(&path).unwrap();
                let windowed =
                    components(|sink| read_pieces(name, &path, file, &opts, piece, sink));
                assert_eq!(windowed, whole, "{text:?} in pieces of {piece}");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// What the window cannot vouch for is read whole: text that is not plain UTF-8, and a
    /// repeated header row (after the components before it).
    #[test]
    fn the_whole_file_decides_what_a_window_cannot() {
        let dir =
            std::env::temp_dir().join(format!("bomgate-windowed-whole-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let opts = ReadOptions::default();
        let cases: [(&[u8], Option<usize>); 4] = [
            (b"Ref,Manufacturer\nU1,W\xfcrth\n", Some(0)),
            (b"Ref,Manufacturer\nU1,Acme\x00\n", Some(0)),
            (
                b"Ref,Manufacturer\nU1,Huawei\nU2,ZTE\nRef,Manufacturer\nU1,Huawei\n",
                Some(1),
            ),
            (b"Ref,Manufacturer\nU1,Huawei\nU2,ZTE\n", None),
        ];
        for (k, (bytes, whole)) in cases.iter().enumerate() {
            let path = dir.join(format!("{k}.csv"));
            std::fs::write(&path, bytes).unwrap();
            let mut sent = Vec::new();
            let file = File::open(&path).unwrap();
            let read = read("bom.csv", &path, &file, &opts, &mut |c| {
                sent.push(c.reference().to_string())
            });
            match (read, whole) {
                (Read::Whole { sent: n, .. }, Some(w)) => {
                    assert_eq!((n, sent.len()), (*w, *w), "case {k}")
                }
                (Read::Done(Ok(info)), None) => assert_eq!(info.format, Some(BomFormat::Csv)),
                _ => panic!("case {k}: not as expected"),
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The whole-file reading of `text`, as [`components`] prints it.
    fn whole(name: &str, text: &str, opts: &ReadOptions) -> String {
        components(|sink| {
            let (decoded, _) = crate::bom::decode(name, text.as_bytes())?;
            let mut info = csv::read(name, &decoded, &opts.csv, &mut |c| sink(&mut c.clone()))?;
            info.format = Some(BomFormat::Csv);
            info.sha256 = crate::ident::hex(&sha2::Digest::finalize(
                <sha2::Sha256 as sha2::Digest>::new_with_prefix(text.as_bytes()),
            ));
            Ok(Some(info))
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Any rows of quotes, delimiters, line ends (CR, LF, CR LF), blank lines, spaces and
        /// characters of two to four bytes, read through pieces of any size from 4 bytes, give
        /// the components, facts and errors of the whole text (or a repeated header).
        #[test]
        fn any_text_reads_through_pieces_as_it_reads_whole(
            body in "(U1|Huawei|ZTE|Designator|Manufacturer|\"|\"\"|,|;|\r|\n|\r\n| |ü|中|🙂|x){0,80}",
            piece in 4usize..12,
        ) {
            let text = format!("Designator,Manufacturer,MPN\nU0,Huawei,ME909\n{body}");
            let dir = std::env::temp_dir().join(format!("bomgate-windowed-prop-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("bom.csv");
            std::fs::write(&path, &text).unwrap();
            let opts = ReadOptions::default();
            let file = File::open(&path).unwrap();
            let windowed = components(|sink| read_pieces("bom.csv", &path, file, &opts, piece, sink));
            // A repeated header stops the window (the file is then read whole).
            if !windowed.ends_with("Ok(None)") {
                proptest::prop_assert_eq!(windowed, whole("bom.csv", &text, &opts));
            }
        }
    }

    /// A file written to while it is read is an error, not a report on a mix of two files.
    #[test]
    fn a_file_that_changes_while_read_is_an_error() {
        let dir =
            std::env::temp_dir().join(format!("bomgate-windowed-changed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bom.csv");
        let rows: String = (0..5000).map(|i| format!("U{i},Acme,X{i}\n")).collect();
        std::fs::write(&path, format!("Ref,Manufacturer,MPN\n{rows}")).unwrap();
        let file = File::open(&path).unwrap();
        let mut appended = false;
        let read = read(
            "bom.csv",
            &path,
            &file,
            &ReadOptions::default(),
            &mut |_| {
                if !appended {
                    appended = true;
                    use std::io::Write as _;
                    let mut w = std::fs::OpenOptions::new()
                        .append(true)
                        .open(&path)
                        .unwrap();
                    w.write_all(b"U9999,Huawei,ME909\n").unwrap();
                }
            },
        );
        match read {
            Read::Done(Err(e)) => {
                assert!(e.to_string().contains("changed while it was read"), "{e}")
            }
            _ => panic!("a changed file must be an error"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
