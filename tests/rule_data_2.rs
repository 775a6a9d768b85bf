//! The shipped rule data for import bans (UFLPA, China's Unreliable Entity List), other
//! countries' telecom removals and the FCC's country-of-production entries, checked with BOMs
//! written here.

use bomgate::report::State;
use bomgate::{Bom, Context, Finding, Report, Severity};

use crate::util::{date, shipped};

fn check(name: &str, text: &str, ctx: Context) -> Report {
    let bom = Bom::from_bytes(name, text.as_bytes(), &Default::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    bomgate::check(&shipped(), &bom, ctx).unwrap()
}

/// (reference, entity, severity) of the findings of `rule`.
fn of_rule(r: &Report, rule: &str) -> Vec<(String, String, Severity)> {
    r.findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            (
                f.component.reference.clone(),
                f.entity.id.clone(),
                f.severity,
            )
        })
        .collect()
}

fn one<'r>(r: &'r Report, rule: &str, reference: &str) -> &'r Finding {
    r.findings
        .iter()
        .find(|f| f.rule == rule && f.component.reference == reference)
        .unwrap_or_else(|| panic!("no {rule} finding on {reference}: {:?}", r.findings))
}

// --- UFLPA -------------------------------------------------------------------------------

const IMPORT_BOM: &str = "Ref,Manufacturer,MPN\n\
U1,Geehy Semiconductor,APM32F103CBT6\n\
T1,Sichuan Jingweida Technology Group Co. Ltd,HX1188NL\n\
B1,Camel Group Co.,6-QW-60\n\
U2,Texas Instruments,TPS62130\n\
PV1,Donghai JA Solar Technology Co. Ltd,JAM72S30\n\
PV2,JA Solar,JAM54S31\n";

#[test]
fn a_uflpa_listed_maker_in_an_import_bom_is_denied_for_us_importers() {
    let ctx = Context::new(date("2026-11-30")).role("us-importer");
    let r = check("import.csv", IMPORT_BOM, ctx);
    let mut found = of_rule(&r, "us-uflpa-entity-list");
    found.sort();
    assert_eq!(
        found,
        [
            ("B1".into(), "camel-group".into(), Severity::Deny),
            ("PV1".into(), "donghai-ja-solar".into(), Severity::Deny),
            ("T1".into(), "jingweida".into(), Severity::Deny),
            ("U1".into(), "ninestar".into(), Severity::Deny),
        ]
    );
    // A listed subsidiary is found through its listed parent's entry, with the listing date.
    let f = one(&r, "us-uflpa-entity-list", "U1");
    assert_eq!(f.listed.as_ref().unwrap().from.to_string(), "2023-06-12");
    assert_eq!(f.obligations[0].from.to_string(), "2023-06-12");
}

#[test]
fn a_uflpa_entity_counts_from_its_own_listing_date() {
    let ctx = Context::new(date("2024-12-01")).role("us-importer");
    let r = check("import.csv", IMPORT_BOM, ctx);
    let refs: Vec<String> = of_rule(&r, "us-uflpa-entity-list")
        .into_iter()
        .map(|(r, _, _)| r)
        .collect();
    assert!(refs.contains(&"U1".to_string()), "{refs:?}");
    assert!(
        !refs.contains(&"PV1".to_string()),
        "Donghai JA Solar was listed on 2025-01-15: {refs:?}"
    );
}

#[test]
fn uflpa_findings_bind_only_importers() {
    let ctx = Context::new(date("2026-11-30")).role("us-federal-agency");
    let r = check("import.csv", IMPORT_BOM, ctx);
    assert!(of_rule(&r, "us-uflpa-entity-list").is_empty());
}

// --- China's Unreliable Entity List --------------------------------------------------------

const CN_IMPORT: &str = "Ref,Manufacturer,MPN\n\
CAM1,Teledyne FLIR,500-0771-01\n\
CAM2,FLIR,Lepton 3.5\n\
UAV1,Skydio,X10\n\
OSC1,Teledyne LeCroy,WaveSurfer 4000\n";

#[test]
fn teledyne_flir_is_denied_after_2025_10_09_and_review_after_2025_11_10() {
    let at = |day: &str| {
        check(
            "cn.csv",
            CN_IMPORT,
            Context::new(date(day)).role("cn-importer"),
        )
    };
    let r = at("2025-10-20");
    assert_eq!(
        one(&r, "cn-uel-2025-10-09", "CAM1").severity,
        Severity::Deny
    );
    assert_eq!(
        one(&r, "cn-uel-2025-10-09", "CAM2").severity,
        Severity::Deny,
        "the FLIR brand of the listed company"
    );
    // Teledyne's other businesses are not listed.
    assert!(r.findings.iter().all(|f| f.component.reference != "OSC1"));

    let r = at("2025-12-01");
    let f = one(&r, "cn-uel-2025-10-09", "CAM1");
    assert_eq!(f.severity, Severity::Review);
    let reason = f.obligations[0].reason.as_deref().unwrap_or("");
    assert!(reason.contains("not verified"), "{reason}");
}

#[test]
fn illumina_sequencers_are_denied_while_the_ban_ran_and_not_after_it_stopped() {
    let bom = "[[component]]\nref = \"SEQ1\"\nkind = \"equipment\"\nmanufacturer = \"Illumina\"\nmpn = \"NovaSeq 6000\"\n";
    let at = |day: &str| check("lab.toml", bom, Context::new(date(day)).role("cn-importer"));
    let r = at("2025-06-01");
    let f = one(&r, "cn-uel-2025-illumina", "SEQ1");
    assert_eq!(f.severity, Severity::Deny);
    assert_eq!(f.listed.as_ref().unwrap().from.to_string(), "2025-02-04");
    // Listed on 2025-02-04, the ban from 2025-03-04: announced, not yet in force.
    let r = at("2025-02-20");
    assert_eq!(
        one(&r, "cn-uel-2025-illumina", "SEQ1").severity,
        Severity::Info
    );
    // Stopped from 2025-11-10.
    for day in ["2025-11-10", "2026-11-30"] {
        let r = at(day);
        assert!(
            r.findings.iter().all(|f| f.severity < Severity::Warn),
            "{day}: {:?}",
            r.findings
        );
        assert!(of_rule(&r, "cn-uel-2025-illumina").is_empty(), "{day}");
    }
}

#[test]
fn skydio_is_suspended_for_the_year_from_2025_11_10() {
    let at = |day: &str| {
        check(
            "cn.csv",
            CN_IMPORT,
            Context::new(date(day)).role("cn-importer"),
        )
    };
    let before = at("2025-06-01");
    assert_eq!(
        one(&before, "cn-uel-2025-7", "UAV1").severity,
        Severity::Deny
    );
    let r = at("2026-03-01");
    let f = one(&r, "cn-uel-2025-7", "UAV1");
    assert_eq!((f.severity, f.state), (Severity::Info, State::Suspended));
    // After the year, whether the suspension was extended is not verified.
    let r = at("2026-11-30");
    assert_eq!(one(&r, "cn-uel-2025-7", "UAV1").severity, Severity::Review);
}

#[test]
fn near_misses_of_listed_names_give_no_finding() {
    let bom = "Ref,Manufacturer,MPN\n\
N1,JA Solar Technology Co. Ltd,X\n\
N2,Daqo New Energy Corp.,X\n\
N3,Apex Microtechnology,PA107\n\
N4,Camel,X\n\
N5,Meike,X\n\
N6,Raytheon,X\n\
N7,RTX,X\n\
N8,Teledyne e2v,X\n\
N9,Red 6,X\n\
N10,Wuhan Cubic,X\n\
N11,Axon Enterprise,X\n\
N12,Kratos Defense & Security Solutions,X\n\
N13,Elbit Systems Ltd.,X\n\
N14,Boeing,X\n\
N15,Domo Inc.,X\n\
N16,Shuangliang Eco-Energy Systems,X\n\
N17,Halifax,X\n";
    let r = check("near.csv", bom, Context::new(date("2026-11-30")));
    let ours = |f: &&Finding| f.rule.starts_with("us-uflpa") || f.rule.starts_with("cn-uel");
    let wrong: Vec<_> = r.findings.iter().filter(ours).collect();
    assert!(wrong.is_empty(), "{wrong:?}");
    // JA Solar itself is on another list (DoD 1260H), and found there as itself.
    assert!(
        r.findings
            .iter()
            .all(|f| f.component.reference == "N1" && f.entity.id == "ja-solar"),
        "{:?}",
        r.findings
    );
}

// --- Other countries' telecom removals ------------------------------------------------------

const RAN: &str = "Ref,Manufacturer,MPN\nR1,Huawei,AAU5613\nR2,Nokia,AirScale\n";

#[test]
fn huawei_5g_ran_gear_in_canada_is_denied_after_2024_06_28() {
    let ctx = Context::new(date("2024-07-01"))
        .jurisdiction("CA")
        .segment("5g");
    let r = check("ran.csv", RAN, ctx);
    assert_eq!(
        of_rule(&r, "ca-ised-2022-huawei-zte"),
        [("R1".into(), "huawei".into(), Severity::Deny)]
    );
    // Before the deadline, the removal was due, not yet past.
    let ctx = Context::new(date("2024-01-01"))
        .jurisdiction("CA")
        .segment("5g");
    let r = check("ran.csv", RAN, ctx);
    let f = one(&r, "ca-ised-2022-huawei-zte", "R1");
    assert!(
        f.obligations
            .iter()
            .any(|o| o.state == State::DeadlinePending)
    );
    // Every finding of a jurisdiction-only context is of that country.
    assert!(r.findings.iter().all(|f| f.jurisdiction == "CA"));
}

#[test]
fn a_jurisdiction_without_a_role_evaluates_every_rule_of_that_country() {
    let sweden = Context::new(date("2026-11-30"))
        .jurisdiction("SE")
        .segment("5g");
    assert_eq!(
        of_rule(&check("ran.csv", RAN, sweden), "se-pts-2020-huawei-zte"),
        [("R1".into(), "huawei".into(), Severity::Deny)]
    );
    // A central function named without 5G: whether it serves the bands is for a person.
    let sweden_core = Context::new(date("2026-11-30"))
        .jurisdiction("SE")
        .segment("core");
    assert_eq!(
        of_rule(
            &check("ran.csv", RAN, sweden_core),
            "se-pts-2020-huawei-zte"
        ),
        [("R1".into(), "huawei".into(), Severity::Review)]
    );
    let germany = |day: &str| {
        let ctx = Context::new(date(day)).jurisdiction("DE").segment("core");
        of_rule(&check("ran.csv", RAN, ctx), "de-bmi-2024-5g-huawei-zte")
    };
    assert_eq!(
        germany("2026-11-30"),
        [("R1".into(), "huawei".into(), Severity::Warn)]
    );
    assert_eq!(
        germany("2027-01-04"),
        [("R1".into(), "huawei".into(), Severity::Deny)]
    );
}

#[test]
fn measures_that_name_no_company_give_review_only() {
    let bom = "Ref,Manufacturer,MPN\nR1,Huawei,AAU5613\nC1,Hikvision,DS-2CD2043\n";
    for (cc, segment, rule, reference) in [
        ("IN", None, "in-dot-2021-trusted-sources", "R1"),
        ("AU", Some("5g"), "au-2018-5g-security-guidance", "R1"),
        (
            "GB",
            Some("sensitive-site"),
            "gb-2022-surveillance-sensitive-sites",
            "C1",
        ),
    ] {
        let mut ctx = Context::new(date("2026-11-30")).jurisdiction(cc);
        if let Some(s) = segment {
            ctx = ctx.segment(s);
        }
        let r = check("b.csv", bom, ctx);
        let f = one(&r, rule, reference);
        assert_eq!(f.severity, Severity::Review, "{rule}");
    }
}

#[test]
fn the_commission_avoids_huawei_and_zte_for_its_own_connectivity() {
    let ctx = Context::new(date("2026-11-30")).role("eu-commission");
    let r = check("ran.csv", RAN, ctx);
    assert_eq!(
        of_rule(&r, "eu-commission-2023-huawei-zte"),
        [("R1".into(), "huawei".into(), Severity::Deny)]
    );
    assert!(r.findings.iter().all(|f| f.jurisdiction == "EU"));
}

// --- FCC Covered List: produced in a foreign country ----------------------------------------

const DRONES: &str = r#"
[[component]]
ref = "D1"
class = "uas"
origin = "CN"
manufacturer = "Acme Drones"

[[component]]
ref = "D2"
class = "uas"
origin = "CN"
exception = "blue-uas"
manufacturer = "Acme Drones"

[[component]]
ref = "D3"
class = "uas"
origin = "US"
manufacturer = "Acme Drones"

[[component]]
ref = "N1"
class = "consumer-router"
manufacturer = "Acme Networks"
"#;

const UAS: &str = "us-fcc-covered-list-foreign-uas-subsidy";

#[test]
fn a_foreign_produced_drone_is_denied_unless_a_blue_uas_exception_holds() {
    let ctx = Context::new(date("2026-11-30")).role("fcc-subsidy-recipient");
    let r = check("drone.toml", DRONES, ctx);
    assert_eq!(one(&r, UAS, "D1").severity, Severity::Deny);
    assert!(
        one(&r, UAS, "D2").severity < Severity::Review,
        "a declared Blue UAS exception clears it"
    );
    assert!(of_rule(&r, UAS).iter().all(|(r, _, _)| r != "D3"));
    // The exception ends on 2028-01-01.
    let ctx = Context::new(date("2028-01-01")).role("fcc-subsidy-recipient");
    let r = check("drone.toml", DRONES, ctx);
    assert_eq!(one(&r, UAS, "D2").severity, Severity::Deny);
    // The subsidy ban applies 60 days after the listing of 2025-12-22.
    let ctx = Context::new(date("2026-01-15")).role("fcc-subsidy-recipient");
    let r = check("drone.toml", DRONES, ctx);
    assert_eq!(one(&r, UAS, "D1").severity, Severity::Info);
}

#[test]
fn a_consumer_router_of_unknown_origin_is_review() {
    let ctx = Context::new(date("2026-11-30")).role("fcc-subsidy-recipient");
    let r = check("drone.toml", DRONES, ctx);
    assert_eq!(
        of_rule(&r, "us-fcc-covered-list-foreign-routers-subsidy"),
        [(
            "N1".into(),
            "class:consumer-router".into(),
            Severity::Review
        )]
    );
}

#[test]
fn equipment_authorization_of_a_foreign_drone_is_barred_from_the_listing() {
    let rule = "us-fcc-covered-list-foreign-uas-authorization";
    let at = |day: &str| {
        check(
            "drone.toml",
            DRONES,
            Context::new(date(day)).role("us-equipment-authorization"),
        )
    };
    let r = at("2025-12-22");
    assert_eq!(one(&r, rule, "D1").severity, Severity::Deny);
    assert!(one(&r, rule, "D2").severity < Severity::Review);
    assert!(
        of_rule(&r, UAS).is_empty(),
        "the subsidy rule binds another role"
    );
}
