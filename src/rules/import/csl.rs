//! The US Consolidated Screening List CSV (ITA): one row per listed party, columns found by
//! their header (exports before 2020 have no `_id` column; `_id` is never used, since it is
//! random on every rebuild for some lists). The BIS and State source files in their own CSV
//! layouts are read too: their headers name the same columns differently.

use super::table::{Record, at_line, delimiter, each_record};
use super::{ImportOptions, Input, Parsed, Row, collapse};
use crate::date::Date;
use crate::error::{Diagnostic, Error};

/// The columns bomgate reads, by their header in the CSL and in the BIS and State layouts.
const COLUMNS: &[(Col, &[&str])] = &[
    (Col::Source, &["source", "source list"]),
    (Col::Name, &["name"]),
    (Col::Type, &["type", "sdn type"]),
    (
        Col::Alt,
        &["alt_names", "alternative names", "alternate name"],
    ),
    (Col::Start, &["start_date", "effective date"]),
    (Col::End, &["end_date", "date lifted/waived/expired"]),
    (
        Col::Notice,
        &["federal_register_notice", "federal register notice"],
    ),
    (Col::Url, &["source_list_url", "web link"]),
    (Col::Number, &["entity_number", "entity number"]),
    (Col::Programs, &["programs"]),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Source,
    Name,
    Type,
    Alt,
    Start,
    End,
    Notice,
    Url,
    Number,
    Programs,
}

/// Where each column is, and how many fields a row may have.
struct Columns {
    at: Vec<(Col, usize)>,
    /// Fields in the header.
    width: usize,
    /// Fields up to the last one with a name (BIS files end their header in empty cells that
    /// their rows leave out).
    named: usize,
}

impl Columns {
    /// The columns of a header row; an error unless it has `source` and `name`.
    fn of_header(name: &str, rec: &Record<'_>) -> Result<Columns, Error> {
        let mut at = Vec::new();
        for (i, cell) in rec.fields.iter().enumerate() {
            let cell = cell.trim().to_lowercase();
            if let Some((col, _)) = COLUMNS
                .iter()
                .find(|(_, names)| names.contains(&cell.as_str()))
                && !at.iter().any(|(c, _)| c == col)
            {
                at.push((*col, i));
            }
        }
        let has = |c: Col| at.iter().any(|(x, _)| *x == c);
        if !has(Col::Source) || !has(Col::Name) {
            return Err(Error::Import(
                at_line(name, rec.line, "not a Consolidated Screening List: the header has no `source` and `name` columns")
                    .help("import the CSV export of https://www.trade.gov/consolidated-screening-list; its first line names the columns"),
            ));
        }
        let named = rec
            .fields
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.trim().is_empty())
            .last()
            .map_or(0, |(i, _)| i + 1);
        Ok(Columns {
            at,
            width: rec.fields.len(),
            named,
        })
    }

    fn get(&self, c: Col) -> Option<usize> {
        self.at.iter().find(|(x, _)| *x == c).map(|(_, i)| *i)
    }
}

/// Reads a CSL file.
pub(super) fn read(input: Input<'_>, opts: &ImportOptions) -> Result<Parsed, Error> {
    let (text, note) = super::table::decode(input.name, input.bytes)?;
    let mut p = Parsed::new("csl", "csl", input);
    p.summary.notes.extend(note);
    let mut cols: Option<Columns> = None;
    let mut dates = DateNotes::default();
    each_record(
        input.name,
        &text,
        delimiter(&text),
        &mut |rec| match &cols {
            None if rec.is_blank() => Ok(()),
            None => {
                cols = Some(Columns::of_header(input.name, rec)?);
                Ok(())
            }
            Some(c) => read_row(&mut p, c, rec, opts, input.name, &mut dates),
        },
    )?;
    dates.into_notes(&mut p.summary.notes);
    Ok(p)
}

/// One data row: kept, skipped with a reason, or an error.
fn read_row(
    p: &mut Parsed,
    c: &Columns,
    rec: &Record<'_>,
    opts: &ImportOptions,
    file: &str,
    dates: &mut DateNotes,
) -> Result<(), Error> {
    if rec.is_blank() {
        return Ok(());
    }
    check_width(file, c, rec)?;
    p.summary.rows += 1;
    let source = rec.get(c.get(Col::Source));
    let name = rec.get(c.get(Col::Name));
    if source.is_empty() || name.is_empty() {
        let what = if name.is_empty() {
            "name"
        } else {
            "source list"
        };
        return Err(Error::Import(
            at_line(file, rec.line, format!("a row without a {what}"))
                .help("every row of the list names a party and the list it is on; is the file cut or shifted?"),
        ));
    }
    if !keep_type(p, rec.get(c.get(Col::Type)), opts, file, rec.line)? {
        return Ok(());
    }
    let start = dates.read(rec.get(c.get(Col::Start)), rec.line, "start");
    let end = dates.read(rec.get(c.get(Col::End)), rec.line, "end");
    let Some((from, until)) = super::listing_dates(file, rec.line, start, end, opts.list_date)?
    else {
        p.summary
            .skip("taken off before the list date, listed on an unknown day");
        return Ok(());
    };
    let list = p.list_of(source, rec.get(c.get(Col::Url)));
    let notice = rec.get(c.get(Col::Notice));
    p.rows.push(Row {
        line: rec.line,
        list,
        name: party_name(name),
        aliases: aliases(rec.get(c.get(Col::Alt))),
        from,
        until,
        source: (!notice.is_empty()).then(|| collapse(notice)),
        note: row_note(
            p,
            list,
            rec.get(c.get(Col::Number)),
            rec.get(c.get(Col::Programs)),
        ),
    });
    Ok(())
}

/// An error unless the row has as many fields as the header (or as its named columns).
fn check_width(file: &str, c: &Columns, rec: &Record<'_>) -> Result<(), Error> {
    let n = rec.fields.len();
    if n == c.width || n == c.named {
        return Ok(());
    }
    Err(Error::Import(
        at_line(
            file,
            rec.line,
            format!(
                "a malformed row: {n} fields where the header has {}",
                c.width
            ),
        )
        .help("a quote or a comma out of place shifts the columns; download the list again"),
    ))
}

/// Whether a row of this `type` is imported: entities (and the BIS and State lists' rows,
/// which have no type) always; individuals, vessels and aircraft only when asked.
fn keep_type(
    p: &mut Parsed,
    kind: &str,
    opts: &ImportOptions,
    file: &str,
    line: usize,
) -> Result<bool, Error> {
    let kind = kind.to_lowercase();
    match kind.as_str() {
        "" | "entity" => Ok(true),
        "individual" | "vessel" | "aircraft" if opts.all_types => Ok(true),
        "individual" | "vessel" | "aircraft" => {
            p.summary.skip(&kind);
            Ok(false)
        }
        _ => Err(Error::Import(
            Diagnostic::new(file, format!("unknown type `{kind}`"))
                .at(line, 1)
                .help("the list's types are Entity, Individual, Vessel and Aircraft"),
        )),
    }
}

/// The party's name without the legal qualifier some lists add (`…; and any successor,
/// sub-unit, or subsidiary thereof`).
fn party_name(name: &str) -> String {
    let name = collapse(name);
    match name.to_lowercase().find("; and any ") {
        Some(i) => name.get(..i).unwrap_or(&name).trim().to_string(),
        None => name,
    }
}

/// The aliases of an `alt_names` cell: `;`-separated, the legal prose's `and` dropped
/// (`…; HSRI; and CETC Research Institute 13`).
fn aliases(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(collapse)
        .map(|a| match a.get(..4) {
            Some(head) if head.eq_ignore_ascii_case("and ") => a.get(4..).unwrap_or("").to_string(),
            _ => a,
        })
        .filter(|a| !a.is_empty())
        .collect()
}

/// What else identifies the row: its list and number (`SSI 18300`), its programmes.
fn row_note(p: &Parsed, list: usize, number: &str, programs: &str) -> Option<String> {
    let abbr = p.lists.get(list).map_or("", |l| l.abbr.as_str());
    let programs = programs.replace(';', ",");
    let programs = programs.as_str();
    match (number.is_empty(), programs.is_empty()) {
        (true, true) => None,
        (false, true) => Some(format!("{abbr} {number}")),
        (true, false) => Some(format!("{abbr} programmes {}", collapse(programs))),
        (false, false) => Some(format!(
            "{abbr} {number}, programmes {}",
            collapse(programs)
        )),
    }
}

/// Dates the import did not understand: how many, and the first line of each kind.
#[derive(Default)]
struct DateNotes {
    bad: Vec<(&'static str, usize, usize)>,
}

impl DateNotes {
    /// A start or end date: ISO `2023-07-19` or US `7/19/2023`; anything else is noted and
    /// read as no date (a start then falls back to the list date; an end, to still listed).
    fn read(&mut self, s: &str, line: usize, which: &'static str) -> Option<Date> {
        if s.is_empty() {
            return None;
        }
        let d = parse_date(s);
        if d.is_none() {
            match self.bad.iter_mut().find(|(w, _, _)| *w == which) {
                Some((_, n, _)) => *n += 1,
                None => self.bad.push((which, 1, line)),
            }
        }
        d
    }

    fn into_notes(self, notes: &mut Vec<String>) {
        for (which, n, line) in self.bad {
            let then = if which == "start" {
                "the list date is used instead"
            } else {
                "the party is taken as still listed"
            };
            notes.push(format!(
                "{n} {which} date{} not understood (the first on line {line}): {then}",
                if n == 1 { "" } else { "s" }
            ));
        }
    }
}

/// `2023-07-19` or `7/19/2023`.
fn parse_date(s: &str) -> Option<Date> {
    if let Ok(d) = s.parse::<Date>() {
        return Some(d);
    }
    let mut parts = s.split('/').map(|p| p.trim().parse::<u32>().ok());
    let (m, d, y) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || !(1000..=9999).contains(&y) {
        return None;
    }
    Date::new(y as i32, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_aliases_and_dates() {
        assert_eq!(
            party_name(
                "Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof"
            ),
            "Sinobright Import and Export Company"
        );
        assert_eq!(
            aliases("Hebei Semiconductor; HSRI;  ; and CETC Research Institute 13"),
            ["Hebei Semiconductor", "HSRI", "CETC Research Institute 13"]
        );
        assert_eq!(parse_date("11/21/2011"), Date::new(2011, 11, 21));
        assert_eq!(parse_date("2018-08-01"), Date::new(2018, 8, 1));
        assert_eq!(parse_date("2/30/2011"), None);
        assert_eq!(parse_date("Various"), None);
    }
}
