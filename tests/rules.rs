//! Rule files load strictly and report every problem at once, with file, line and a fix.

use bomgate::{Error, RuleSet};

use crate::util::root;

fn errors(files: &[(&str, &str)]) -> Vec<String> {
    let mut b = RuleSet::builder();
    for (name, text) in files {
        b = b.text(*name, *text);
    }
    match b.build() {
        Ok(_) => panic!("expected errors"),
        Err(Error::Rules(d)) => d.iter().map(|d| d.to_string()).collect(),
        Err(e) => panic!("unexpected error kind: {e}"),
    }
}

const ROLES: &str = r#"
[[role]]
id = "buyer"
jurisdiction = "XX"
name = "Buyer"
description = "Anyone."
"#;

const ACME: &str = r#"
[[entity]]
id = "acme"
name = "Acme Corporation"
aliases = ["Acme"]
mpn-prefixes = ["ACM1"]
"#;

fn instrument(rule_body: &str) -> String {
    format!(
        r#"[instrument]
id = "xx-test"
title = "Test instrument"
jurisdiction = "XX"
authority = "Test authority"
citation = "Test citation"
sources = ["https://example.org/law"]
checked = 2026-11-27

[[rule]]
{rule_body}
"#
    )
}

#[test]
fn the_shipped_rule_set_loads() {
    let set = RuleSet::shipped().unwrap();
    for id in [
        "cn-cac-2023-micron",
        "us-fcc-covered-list-huawei",
        "us-ndaa-889-part-a",
        "us-ndaa-889-part-b",
        "gb-huawei-dvd-2022",
    ] {
        assert!(set.rule(id).is_some(), "{id}");
    }
    for role in [
        "cii-operator",
        "us-federal-agency",
        "us-federal-contractor",
        "fcc-subsidy-recipient",
        "uk-telecom-provider",
    ] {
        assert!(set.roles().iter().any(|r| r.id == role), "{role}");
    }
    // Every shipped instrument cites a source and a checked date.
    for i in set.instruments() {
        assert!(!i.sources.is_empty() && i.sources.iter().all(|s| s.starts_with("http")));
    }
}

#[test]
fn every_rule_file_in_the_tree_is_shipped() {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "toml")
                && p.file_name().is_some_and(|n| n != "pack.toml")
            {
                let rel = p
                    .strip_prefix(root())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(rel);
            }
        }
    }
    let mut on_disk = Vec::new();
    walk(&root().join("rules"), &mut on_disk);
    on_disk.sort();
    let mut shipped: Vec<String> = RuleSet::shipped_files()
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    shipped.sort();
    assert_eq!(
        on_disk, shipped,
        "add new rule files to src/rules/shipped.rs"
    );
    // And the folder loads the same set as the embedded copy.
    let from_disk = RuleSet::from_path(root().join("rules")).unwrap();
    assert_eq!(
        from_disk.rules().len(),
        RuleSet::shipped().unwrap().rules().len()
    );
}

#[test]
fn misspelled_keys_are_all_reported_with_place_and_suggestion() {
    let text =
        "[[entity]]\nid = \"acme\"\nname = \"Acme\"\nalias = [\"A\"]\nmpn-prefix = [\"ACM\"]\n";
    let e = errors(&[("rules/acme.toml", text)]);
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(
        e[0].starts_with(
            "rules/acme.toml:4:1: unknown key `alias` in [[entity]] — did you mean `aliases`?"
        ),
        "{}",
        e[0]
    );
    assert!(
        e[1].contains("rules/acme.toml:5:1") && e[1].contains("`mpn-prefixes`"),
        "{}",
        e[1]
    );
}

#[test]
fn keys_that_mean_a_known_key_suggest_it() {
    let text = "[[entity]]\nid = \"acme\"\nname = \"Acme\"\naka = [\"A\"]\nmpn_prefixes = [\"ACM\"]\n[[entity.subsidiaries]]\nname = \"Acme Sub\"\n";
    let e = errors(&[("rules/acme.toml", text)]);
    for (at, want) in [
        ("rules/acme.toml:4:1", "did you mean `aliases`?"),
        ("rules/acme.toml:5:1", "did you mean `mpn-prefixes`?"),
        ("rules/acme.toml:6:", "did you mean `member`?"),
    ] {
        assert!(
            e.iter().any(|d| d.starts_with(at) && d.ends_with(want)),
            "{at} {want}: {e:#?}"
        );
    }
    // The suggestions are data too, for tools that offer the fix.
    match RuleSet::builder().text("rules/acme.toml", text).build() {
        Err(Error::Rules(d)) => {
            let got: Vec<&[String]> = d.iter().map(|d| d.candidates.as_slice()).collect();
            for want in ["aliases", "mpn-prefixes", "member"] {
                assert!(
                    got.iter().any(|c| *c == [want.to_string()]),
                    "{want}: {got:?}"
                );
            }
        }
        other => panic!("expected rule errors, got {other:?}"),
    }
}

#[test]
fn problems_across_files_are_reported_together() {
    let rule = instrument(
        r#"id = "xx-rule"
binds = ["buyer", "byuer"]
entities = ["acme", "acne", "nobody"]
group = true
severity = "deny"
[[rule.obligation]]
action = "procure"
from = 2024-01-01
deadline = 2023-01-01
segments = ["5g"]
"#,
    );
    let e = errors(&[
        ("roles.toml", ROLES),
        ("acme.toml", ACME),
        ("xx/test.toml", &rule),
    ]);
    let all = e.join("\n");
    assert!(
        all.contains("unknown role `byuer` — did you mean `buyer`?"),
        "{all}"
    );
    assert!(
        all.contains("unknown entity `acne` — did you mean `acme`?"),
        "{all}"
    );
    assert!(all.contains("unknown entity `nobody`"), "{all}");
    assert!(
        all.contains("`deadline` (2023-01-01) is before `from` (2024-01-01)"),
        "{all}"
    );
    assert!(all.contains("unknown scope `5g`"), "{all}");
    assert_eq!(e.len(), 5, "{all}");
    assert!(e.iter().all(|d| d.starts_with("xx/test.toml:")), "{all}");
}

#[test]
fn duplicates_and_shared_aliases_and_bad_dates() {
    let other = r#"
[[entity]]
id = "acme"
name = "Acme Two"

[[entity]]
id = "roadrunner"
name = "Road Runner Inc."
aliases = ["ACME CORP."]
mpn-prefixes = ["ACM1", "MT"]

[[entity.member]]
name = "Beep Beep"
relation = "brand"
from = 2020-01-01
until = 2019-01-01
"#;
    let e = errors(&[("acme.toml", ACME), ("other.toml", other)]);
    let all = e.join("\n");
    assert!(
        all.contains("other.toml:3:6: duplicate entity id `acme`"),
        "{all}"
    );
    assert!(all.contains("already defined at acme.toml:3"), "{all}");
    assert!(
        all.contains("name `ACME CORP.` of entity `roadrunner` is also a name of entity `acme`"),
        "{all}"
    );
    assert!(
        all.contains("family `ACM1` of entity `roadrunner` is also listed for entity `acme`"),
        "{all}"
    );
    assert!(all.contains("`MT` is shorter than 3 characters"), "{all}");
    assert!(
        all.contains("`until` (2019-01-01) is not after `from` (2020-01-01)"),
        "{all}"
    );
}

#[test]
fn type_errors_and_syntax_errors_name_the_place() {
    let e = errors(&[("a.toml", "[[entity]]\nid = \"a\"\nname = 3\n")]);
    assert!(e[0].starts_with("a.toml:3:"), "{e:?}");
    let e = errors(&[("b.toml", "[[entity]\nid = \"a\"\n")]);
    assert!(
        e[0].starts_with("b.toml:1:") && e[0].contains("invalid TOML"),
        "{e:?}"
    );
    let e = errors(&[(
        "c.toml",
        "[[entity]]\nid = \"a\"\nname = \"A\"\n\n[[entity.member]]\nname = \"B\"\nrelation = \"parent\"\n",
    )]);
    assert!(
        e[0].starts_with("c.toml:7:") && e[0].contains("parent"),
        "{e:?}"
    );
    let e = errors(&[(
        "d.toml",
        &instrument("id = \"r\"\nbinds = []\nentities = []\ngroup = false\nseverity = \"deny\"\n"),
    )]);
    let all = e.join("\n");
    assert!(
        all.contains("`binds` is empty")
            && all.contains("`entities` is empty")
            && all.contains("no `[[rule.obligation]]`"),
        "{all}"
    );
}

#[test]
fn every_table_with_a_wrong_value_reports_it() {
    let text = "[[entity]]\nid = \"a\"\nname = 3\n\n[[entity]]\nid = \"b\"\nname = \"B\"\naliases = [\"B1\", 5]\n\n[[role]]\nid = \"r\"\njurisdiction = \"XX\"\nname = true\ndescription = \"d\"\n";
    let e = errors(&[("t.toml", text)]);
    assert_eq!(e.len(), 3, "{e:#?}");
    assert!(e[0].starts_with("t.toml:3:"), "{e:?}");
    assert!(e.iter().any(|d| d.starts_with("t.toml:8:")), "{e:?}");
    assert!(e.iter().any(|d| d.starts_with("t.toml:13:")), "{e:?}");
    let e = errors(&[("u.toml", "entity = \"x\"\n")]);
    assert!(e[0].starts_with("u.toml:1:"), "{e:?}");
}

#[test]
fn a_date_time_is_not_a_date() {
    let e = errors(&[(
        "d.toml",
        "[[entity]]\nid = \"a\"\nname = \"A\"\n[[entity.member]]\nname = \"B\"\nrelation = \"brand\"\nfrom = 2020-01-01T10:00:00\n",
    )]);
    assert!(e[0].contains("plain date"), "{e:?}");
}

#[test]
fn the_rule_set_digest_does_not_depend_on_where_the_files_are() {
    let frozen = crate::util::fixture("rules-frozen");
    let copy = crate::util::temp_dir("digest-copy").join("somewhere/else");
    copy_dir(&frozen, &copy);
    let a = bomgate::RuleSet::builder()
        .path(&frozen)
        .unwrap()
        .build()
        .unwrap();
    let b = bomgate::RuleSet::builder()
        .path(&copy)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(a.digest(), b.digest());
    // But it does depend on what they say.
    let file = copy.join("cn/cac-2023-micron.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("2023-05-21", "2023-05-22")).unwrap();
    let c = bomgate::RuleSet::builder()
        .path(&copy)
        .unwrap()
        .build()
        .unwrap();
    assert_ne!(a.digest(), c.digest());
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

const RULE: &str = r#"id = "xx-rule"
title = "No Acme"
binds = ["buyer"]
entities = ["acme"]
group = false
severity = "deny"

[[rule.obligation]]
action = "procure"
from = FROM
"#;

#[test]
fn an_empty_or_comment_only_rule_file_is_an_error() {
    for text in ["", "# cut short\n", "\n\n"] {
        let e = errors(&[("roles.toml", ROLES), ("cut.toml", text)]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].starts_with("cut.toml:1:1: the file defines nothing"),
            "{e:?}"
        );
    }
}

#[test]
fn dates_are_toml_dates_and_messages_say_why_not() {
    let with = |from: &str| {
        let body = instrument(&RULE.replace("FROM", from));
        errors(&[
            ("roles.toml", ROLES),
            ("acme.toml", ACME),
            ("law.toml", &body),
        ])
    };
    let quoted = with("\"2025-06-01\"");
    assert!(
        quoted[0].contains("without quotes: `2025-06-01`"),
        "{quoted:?}"
    );
    let number = with("20250601");
    assert!(
        number[0].contains("`20250601` is a number, not a date"),
        "{number:?}"
    );
    assert!(!number[0].contains("untagged enum"), "{number:?}");
    let no_day = with("\"2025-06-31\"");
    assert!(no_day[0].contains("June 2025 has 30 days"), "{no_day:?}");
    let bare_no_day = with("2025-06-31");
    assert!(bare_no_day[0].contains("day"), "{bare_no_day:?}");
    // And a good one loads.
    let body = instrument(&RULE.replace("FROM", "2025-06-01"));
    assert!(
        RuleSet::builder()
            .text("roles.toml", ROLES)
            .text("acme.toml", ACME)
            .text("law.toml", body)
            .build()
            .is_ok()
    );
}

#[test]
fn a_broken_entity_is_reported_once_not_at_every_rule_naming_it() {
    let body = instrument(&RULE.replace("FROM", "2025-06-01"));
    let broken = ACME.replace("aliases", "aliass");
    let e = errors(&[
        ("roles.toml", ROLES),
        ("acme.toml", &broken),
        ("law.toml", &body),
    ]);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("unknown key `aliass`"), "{e:?}");
}

#[test]
fn a_clash_with_a_shipped_name_is_placed_in_the_users_file() {
    let mine = "[[entity]]\nid = \"acme\"\nname = \"Acme Widgets\"\naliases = [\"HiSilicon\"]\n";
    let e = match RuleSet::builder().shipped().text("mine.toml", mine).build() {
        Err(Error::Rules(d)) => d.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("mine.toml:4:12:"),
        "at the alias in the user's file: {e:?}"
    );
    assert!(e[0].contains("(shipped rules, entity `huawei`)"), "{e:?}");
    assert!(!e[0].contains("rules/entities"), "{e:?}");
}

#[test]
fn rule_packs_are_named_versioned_and_checked_against_bomgate() {
    let shipped = RuleSet::shipped().unwrap();
    assert_eq!(shipped.packs()[0].id, "shipped");
    assert!(shipped.packs()[0].version.is_some());
    // A folder without pack.toml: unversioned, named after the folder.
    let frozen = RuleSet::builder()
        .path(crate::util::fixture("rules-frozen"))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(frozen.packs()[0].id, "rules-frozen");
    assert_eq!(frozen.packs()[0].version, None);
    // A pack that requires another bomgate is refused, saying which.
    let dir = crate::util::temp_dir("pack-req");
    std::fs::write(
        dir.join("pack.toml"),
        "[pack]\nid = \"future\"\nversion = \"3.0.0\"\nrequires-bomgate = \">=9\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("roles.toml"), ROLES).unwrap();
    let e = RuleSet::builder()
        .path(&dir)
        .and_then(|b| b.build())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("requires bomgate >=9, but this is bomgate"),
        "{e}"
    );
    // pack.toml is not read as a rule file.
    std::fs::write(
        dir.join("pack.toml"),
        "[pack]\nid = \"mine\"\nversion = \"1.2.3\"\n",
    )
    .unwrap();
    let set = RuleSet::builder().path(&dir).unwrap().build().unwrap();
    assert_eq!(set.packs()[0].version.as_deref(), Some("1.2.3"));
}

#[test]
fn reports_name_the_rule_data_and_warn_when_it_is_old() {
    use bomgate::{Context, report::text};
    let check = |day: &str| {
        crate::util::check_text(
            "bom.csv",
            "Ref,Manufacturer\nU1,Micron\n",
            Context::new(crate::util::date(day)),
        )
    };
    let fresh = check("2026-12-01");
    assert_eq!(fresh.run.rule_packs[0].id, "shipped");
    assert!(
        text::summary_line(&fresh).contains("rules (shipped "),
        "{}",
        text::summary_line(&fresh)
    );
    assert!(
        !fresh.warnings.iter().any(|w| w.contains("out of date")),
        "{:?}",
        fresh.warnings
    );
    let newest = RuleSet::shipped()
        .unwrap()
        .instruments()
        .iter()
        .map(|i| i.checked)
        .max()
        .unwrap();
    let late = newest.add_days(181).to_string();
    let stale = check(&late);
    let w: Vec<_> = stale
        .warnings
        .iter()
        .filter(|w| w.contains("may be out of date"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", stale.warnings);
    assert!(w[0].contains(&newest.to_string()), "{w:?}");
    assert!(text::render(&stale, false).contains("may be out of date"));
    assert!(bomgate::report::sarif::render(&stale).contains("may be out of date"));
    assert!(bomgate::report::junit::render(&stale).contains("may be out of date"));
    let edge = check(&newest.add_days(180).to_string());
    assert!(!edge.warnings.iter().any(|w| w.contains("out of date")));
}

#[test]
fn rules_diff_says_what_changed_between_two_rule_sets() {
    let old = crate::util::fixture("rules-frozen");
    let new = crate::util::temp_dir("diff-new").join("rules");
    copy_dir(&old, &new);
    let edit = |rel: &str, from: &str, to: &str| {
        let p = new.join(rel);
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(t.contains(from), "{rel}: {from}");
        std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
    };
    edit(
        "entities/micron.toml",
        "aliases = [",
        "aliases = [\"Micron Tech\", ",
    );
    edit(
        "cn/cac-2023-micron.toml",
        "checked = 2026-11-27",
        "checked = 2026-11-30",
    );
    edit(
        "cn/cac-2023-micron.toml",
        "from = 2023-05-21",
        "from = 2023-05-22",
    );
    std::fs::remove_file(new.join("us/ndaa-fy2018-1634.toml")).unwrap();
    let d = bomgate::rules::diff::diff(
        &RuleSet::builder().path(&old).unwrap().build().unwrap(),
        &RuleSet::builder().path(&new).unwrap().build().unwrap(),
    );
    assert_eq!(d.instruments.removed, ["us-ndaa-fy2018-1634"]);
    assert!(
        d.rules
            .removed
            .contains(&"us-ndaa-fy2018-1634-agency".to_string())
    );
    let changed = |s: &bomgate::rules::diff::Section, id: &str| {
        s.changed
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.changes.clone())
            .unwrap_or_default()
    };
    assert!(
        changed(&d.instruments, "cn-cac-2023-micron")
            .contains(&"checked: 2026-11-27 → 2026-11-30".to_string())
    );
    let rule = changed(&d.rules, "cn-cac-2023-micron");
    assert!(
        rule.contains(&"obligation added: procure from 2023-05-22".to_string()),
        "{rule:?}"
    );
    assert!(
        rule.contains(&"obligation removed: procure from 2023-05-21".to_string()),
        "{rule:?}"
    );
    assert_eq!(changed(&d.entities, "micron"), ["alias added: Micron Tech"]);
    // The command prints the same, as text or JSON.
    let out = crate::util::bomgate(
        &root(),
        &[
            "rules",
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let back: bomgate::rules::diff::RuleDiff = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(back, d);
    let text = crate::util::bomgate(
        &root(),
        &["rules", "diff", "shipped", new.to_str().unwrap()],
    );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("  - us-ndaa-fy2018-1634") && text.contains("alias added: Micron Tech"),
        "{text}"
    );
}
