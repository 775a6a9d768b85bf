//! The source lists a screening list file merges, and how hard each binds: OFAC's blocking list
//! (SDN) forbids any dealing (`deny`); the BIS and State lists, and Treasury's lists that are
//! not blocking, restrict without forbidding (`review`: a person must decide).

use crate::rules::Severity;

/// The page of the Consolidated Screening List, cited by every list imported from it.
pub(super) const CSL_PAGE: &str = "https://www.trade.gov/consolidated-screening-list";

const BIS: &str = "Bureau of Industry and Security, US Department of Commerce";
const STATE: &str = "US Department of State";
const OFAC: &str = "Office of Foreign Assets Control, US Department of the Treasury";

/// What bomgate knows of one source list.
pub(super) struct Known {
    /// The abbreviation the list goes by (`EL`), upper case.
    pub abbr: &'static str,
    /// The suffix of its rule id (`el`).
    pub suffix: &'static str,
    /// Its name.
    pub title: &'static str,
    /// Who keeps it.
    pub authority: &'static str,
    /// How hard a listing binds.
    pub severity: Severity,
    /// Its page, when a row does not give one.
    pub url: &'static str,
}

/// The short name of an authority, for rule titles.
fn keeper(authority: &str) -> &'static str {
    match authority {
        BIS => "BIS",
        STATE => "State",
        OFAC => "OFAC",
        _ => "",
    }
}

const fn known(
    abbr: &'static str,
    suffix: &'static str,
    title: &'static str,
    authority: &'static str,
    severity: Severity,
    url: &'static str,
) -> Known {
    Known {
        abbr,
        suffix,
        title,
        authority,
        severity,
        url,
    }
}

const BIS_LISTS: &str =
    "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern";
const OFAC_CONS: &str = "https://ofac.treasury.gov/other-ofac-sanctions-lists";

/// The lists of the Consolidated Screening List (ITA), and OFAC's SDN list.
pub(super) const KNOWN: &[Known] = &[
    known("EL", "el", "Entity List", BIS, Severity::Review, BIS_LISTS),
    known(
        "MEU",
        "meu",
        "Military End User List",
        BIS,
        Severity::Review,
        BIS_LISTS,
    ),
    known(
        "DPL",
        "dpl",
        "Denied Persons List",
        BIS,
        Severity::Review,
        BIS_LISTS,
    ),
    known(
        "UVL",
        "uvl",
        "Unverified List",
        BIS,
        Severity::Review,
        BIS_LISTS,
    ),
    known(
        "ISN",
        "isn",
        "Nonproliferation Sanctions",
        STATE,
        Severity::Review,
        "https://www.state.gov/key-topics-bureau-of-international-security-and-nonproliferation/nonproliferation-sanctions/",
    ),
    known(
        "DTC",
        "dtc",
        "ITAR Debarred",
        STATE,
        Severity::Review,
        "https://www.pmddtc.state.gov/",
    ),
    known(
        "SDN",
        "sdn",
        "Specially Designated Nationals and Blocked Persons List",
        OFAC,
        Severity::Deny,
        "https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists",
    ),
    known(
        "SSI",
        "ssi",
        "Sectoral Sanctions Identifications List",
        OFAC,
        Severity::Review,
        OFAC_CONS,
    ),
    known(
        "FSE",
        "fse",
        "Foreign Sanctions Evaders List",
        OFAC,
        Severity::Review,
        OFAC_CONS,
    ),
    known(
        "CAP",
        "cap",
        "Correspondent Account or Payable-Through Account Sanctions List",
        OFAC,
        Severity::Review,
        OFAC_CONS,
    ),
    known(
        "CMIC",
        "cmic",
        "Non-SDN Chinese Military-Industrial Complex Companies List",
        OFAC,
        Severity::Review,
        OFAC_CONS,
    ),
    known(
        "NS-MBS LIST",
        "ns-mbs",
        "Non-SDN Menu-Based Sanctions List",
        OFAC,
        Severity::Review,
        OFAC_CONS,
    ),
    known(
        "NS-MBS",
        "ns-mbs",
        "Non-SDN Menu-Based Sanctions List",
        OFAC,
        Severity::Review,
        OFAC_CONS,
    ),
    known(
        "PLC",
        "plc",
        "Palestinian Legislative Council List",
        OFAC,
        Severity::Review,
        OFAC_CONS,
    ),
];

/// One list of an imported file, as the pack's instrument and rule describe it.
#[derive(Clone, Debug)]
pub(super) struct List {
    /// The id of its instrument and rule: the pack's id and the list's suffix (`csl-el`).
    pub id: String,
    /// The abbreviation (`EL`).
    pub abbr: String,
    /// The name as the file gives it (`Entity List (EL) - Bureau of Industry and Security`).
    pub title: String,
    /// Who keeps it.
    pub authority: String,
    /// How hard a listing binds.
    pub severity: Severity,
    /// Its page: from the first row that gives one, else bomgate's.
    pub url: String,
    /// Whether bomgate knows the list (an unknown one is imported as `review`).
    pub known: bool,
}

impl List {
    /// The list a file's `source` value names (`Entity List (EL) - Bureau of Industry and
    /// Security`, or just `EL`), in the pack `pack`.
    pub fn of_source(pack: &str, source: &str) -> List {
        let abbr = abbreviation(source);
        match KNOWN.iter().find(|k| k.abbr == abbr) {
            Some(k) => List {
                id: format!("{pack}-{}", k.suffix),
                abbr: k.abbr.trim_end_matches(" LIST").to_string(),
                title: if source.len() > abbr.len() {
                    source.to_string()
                } else {
                    format!("{} ({})", k.title, k.abbr)
                },
                authority: k.authority.to_string(),
                severity: k.severity,
                url: k.url.to_string(),
                known: true,
            },
            None => List {
                id: format!("{pack}-{}", super::ids::slug(&abbr, 40)),
                authority: source
                    .rsplit_once(" - ")
                    .map_or("as the list names it", |(_, a)| a)
                    .to_string(),
                title: source.to_string(),
                abbr,
                severity: Severity::Review,
                url: CSL_PAGE.to_string(),
                known: false,
            },
        }
    }

    /// The rule's title: what a match means, in a few words ("Appears on the Entity List
    /// (BIS): a person must decide").
    pub fn rule_title(&self) -> String {
        let name = KNOWN
            .iter()
            .find(|k| k.abbr.trim_end_matches(" LIST") == self.abbr && self.known)
            .map_or_else(
                || {
                    self.title
                        .split(" - ")
                        .next()
                        .unwrap_or(&self.title)
                        .to_string()
                },
                |k| format!("{} ({})", k.title, keeper(k.authority)),
            );
        match self.severity {
            Severity::Deny => {
                format!("Blocked: on the {name}; US persons may not deal with the party")
            }
            _ => format!("Appears on the {name}: a person must decide"),
        }
    }

    /// Why the rule's severity is what it is: the pack's reading of the list.
    pub fn interpretation(&self) -> String {
        let reading = match self.severity {
            Severity::Deny => {
                "The property and interests in property of a party on this list are blocked, and US persons are generally prohibited from dealing with it: bomgate reports a match as `deny`."
            }
            _ if !self.known => {
                "bomgate does not know this list: a match is reported as `review`, a person must decide."
            }
            _ => {
                "Being on this list does not by itself forbid buying from the party: the list sets licence requirements, denials or other restrictions whose reach depends on the transaction. bomgate reports a match as `review`: a person must decide."
            }
        };
        format!(
            "{reading} The rule binds the role `us-person` as the nearest one bomgate has; the list's own reach may be narrower or wider. Names are matched exactly (after normalisation), never by similarity: a party listed under a spelling the list does not give is not found."
        )
    }
}

/// The abbreviation in a source value: the text in its last parentheses before ` - `
/// (`Entity List (EL) - …` is `EL`), or the whole value; upper case.
fn abbreviation(source: &str) -> String {
    let head = source.split(" - ").next().unwrap_or(source);
    let inner = head
        .rfind('(')
        .and_then(|a| head.get(a + 1..))
        .and_then(|rest| rest.split(')').next())
        .filter(|s| !s.trim().is_empty());
    inner.unwrap_or(head).trim().to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_values_name_lists() {
        let el = List::of_source("csl", "Entity List (EL) - Bureau of Industry and Security");
        assert_eq!((el.id.as_str(), el.severity), ("csl-el", Severity::Review));
        let sdn = List::of_source(
            "csl",
            "Specially Designated Nationals (SDN) - Treasury Department",
        );
        assert_eq!((sdn.id.as_str(), sdn.severity), ("csl-sdn", Severity::Deny));
        let mbs = List::of_source(
            "csl",
            "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department",
        );
        assert_eq!(
            (mbs.id.as_str(), mbs.abbr.as_str()),
            ("csl-ns-mbs", "NS-MBS")
        );
        assert_eq!(
            List::of_source("csl", "MEU").title,
            "Military End User List (MEU)"
        );
        let new = List::of_source("csl", "Brand New List (BNL) - Somewhere");
        assert_eq!((new.id.as_str(), new.known), ("csl-bnl", false));
        assert_eq!(new.authority, "Somewhere");
        assert_eq!(
            el.rule_title(),
            "Appears on the Entity List (BIS): a person must decide"
        );
        assert_eq!(
            sdn.rule_title(),
            "Blocked: on the Specially Designated Nationals and Blocked Persons List (OFAC); US persons may not deal with the party"
        );
        assert_eq!(
            new.rule_title(),
            "Appears on the Brand New List (BNL): a person must decide"
        );
    }
}
