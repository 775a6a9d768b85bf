//! OFAC's legacy flat files: `sdn.csv` (`ent_num, SDN_Name, SDN_Type, Program, Title,
//! Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks`) and `alt.csv`
//! (`ent_num, alt_num, alt_type, alt_name, alt_remarks`). No header, `-0-` (often `-0- `) for
//! empty, CRLF line ends, and a Ctrl-Z byte on a last line of its own.
//!
//! Weak aliases (`a.k.a. 'HTC'` inside Remarks) are not imported: OFAC says they are too broad
//! to screen on, and short ones would match other companies.

use crate::hash::{FxHashMap, FxHashSet};

use super::table::{Record, at_line, each_record};
use super::{ImportOptions, Input, Parsed, Row, collapse};
use crate::error::Error;

const SDN_FIELDS: usize = 12;
const ALT_FIELDS: usize = 5;

/// The OFAC SDN list as the CSL names it, for its instrument.
const SDN_SOURCE: &str = "Specially Designated Nationals (SDN) - Treasury Department";

/// Reads `sdn.csv` and, if given, `alt.csv`.
pub(super) fn read(
    input: Input<'_>,
    alt: Option<Input<'_>>,
    opts: &ImportOptions,
) -> Result<Parsed, Error> {
    let (text, note) = super::table::decode(input.name, input.bytes)?;
    let mut p = Parsed::new("ofac-sdn", "ofac-sdn", input);
    p.summary.notes.extend(note);
    let list = p.list_of(SDN_SOURCE, "");
    if let Some(l) = p.lists.get_mut(list) {
        l.id = p.pack.to_string();
    }
    let mut rows = Rows::default();
    each_record(input.name, without_eof(&text), b',', &mut |rec| {
        sdn_row(&mut p, &mut rows, rec, list, opts, input.name)
    })?;
    if let Some(alt) = alt {
        read_alt(&mut p, &rows, alt)?;
    }
    Ok(p)
}

/// The rows of `sdn.csv` by `ent_num`: kept (their index in [`Parsed::rows`]) or skipped.
#[derive(Default)]
struct Rows {
    kept: FxHashMap<u64, usize>,
    skipped: FxHashSet<u64>,
    /// The line of each `ent_num`, to report one given twice.
    lines: FxHashMap<u64, usize>,
}

/// The text without the Ctrl-Z (0x1A) that ends OFAC's files, nor the line ends around it.
fn without_eof(text: &str) -> &str {
    text.trim_end_matches(['\u{1a}', '\r', '\n'])
}

/// A field with `-0-` read as empty.
fn value<'r>(rec: &'r Record<'_>, i: usize) -> &'r str {
    match rec.get(Some(i)) {
        "-0-" => "",
        v => v,
    }
}

/// One row of `sdn.csv`.
fn sdn_row(
    p: &mut Parsed,
    rows: &mut Rows,
    rec: &Record<'_>,
    list: usize,
    opts: &ImportOptions,
    file: &str,
) -> Result<(), Error> {
    let num = ent_num(file, rec, SDN_FIELDS, "sdn.csv")?;
    if let Some(first) = rows.lines.insert(num, rec.line) {
        return Err(Error::Import(
            at_line(
                file,
                rec.line,
                format!("ent_num {num} again (first on line {first})"),
            )
            .help("each row of sdn.csv has its own ent_num; download the list again"),
        ));
    }
    p.summary.rows += 1;
    let name = value(rec, 1);
    if name.is_empty() {
        return Err(Error::Import(
            at_line(file, rec.line, format!("ent_num {num} has no name"))
                .help("the second field of a row of sdn.csv is the name"),
        ));
    }
    let kind = value(rec, 2).to_lowercase();
    match kind.as_str() {
        "" => {}
        "individual" | "vessel" | "aircraft" if opts.all_types => {}
        "individual" | "vessel" | "aircraft" => {
            p.summary.skip(&kind);
            rows.skipped.insert(num);
            return Ok(());
        }
        other => {
            return Err(Error::Import(
                at_line(file, rec.line, format!("unknown SDN_Type `{other}`"))
                    .help("sdn.csv types are -0- (an entity), individual, vessel and aircraft"),
            ));
        }
    }
    rows.kept.insert(num, p.rows.len());
    p.rows.push(Row {
        line: rec.line,
        list,
        name: collapse(name),
        aliases: Vec::new(),
        from: opts.list_date,
        until: None,
        source: None,
        note: Some(sdn_note(num, value(rec, 3))),
    });
    Ok(())
}

/// `OFAC ent_num 11195, programmes NPWMD, IFSR` (`Program` is `NPWMD] [IFSR`).
fn sdn_note(num: u64, programs: &str) -> String {
    let programs: Vec<&str> = programs
        .split("] [")
        .map(|s| s.trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace()))
        .filter(|s| !s.is_empty())
        .collect();
    if programs.is_empty() {
        format!("OFAC ent_num {num}")
    } else {
        format!("OFAC ent_num {num}, programmes {}", programs.join(", "))
    }
}

/// The `ent_num` of a row of `fields` fields; an error for a row of another width or a
/// number that is not one.
fn ent_num(file: &str, rec: &Record<'_>, fields: usize, what: &str) -> Result<u64, Error> {
    let n = rec.fields.len();
    if n != fields {
        return Err(Error::Import(
            at_line(
                file,
                rec.line,
                format!("a malformed row: {n} fields where {what} has {fields}"),
            )
            .help(format!(
                "is this OFAC's {what}? A quote or a comma out of place shifts the fields"
            )),
        ));
    }
    let num = rec.get(Some(0));
    num.parse().map_err(|_| {
        Error::Import(
            at_line(file, rec.line, format!("`{num}` is not an ent_num"))
                .help(format!("the first field of {what} is the entry's number")),
        )
    })
}

/// Adds the aliases of `alt.csv` to the rows they belong to.
fn read_alt(p: &mut Parsed, rows: &Rows, alt: Input<'_>) -> Result<(), Error> {
    let (text, note) = super::table::decode(alt.name, alt.bytes)?;
    p.summary
        .notes
        .extend(note.map(|n| format!("{}: {n}", alt.name)));
    each_record(alt.name, without_eof(&text), b',', &mut |rec| {
        let num = ent_num(alt.name, rec, ALT_FIELDS, "alt.csv")?;
        let name = value(rec, 3);
        if name.is_empty() {
            return Err(Error::Import(
                at_line(
                    alt.name,
                    rec.line,
                    format!("an alias of ent_num {num} without a name"),
                )
                .help("the fourth field of a row of alt.csv is the alias"),
            ));
        }
        match rows.kept.get(&num).and_then(|i| p.rows.get_mut(*i)) {
            Some(row) => row.aliases.push(collapse(name)),
            None if rows.skipped.contains(&num) => {
                p.summary
                    .drop_name("aliases in alt.csv of a row not imported");
            }
            None => p
                .summary
                .drop_name("aliases in alt.csv of an ent_num not in sdn.csv"),
        }
        Ok(())
    })
}
