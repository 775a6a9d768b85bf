//! The shipped rule data on the dates that matter: the FCC subsidy ban 60 days after listing,
//! the carriers on the Covered List, the FCC equipment-authorization phases, NDAA FY2024 §805
//! with the 1260H list, NDAA FY2023 §5949 and the American Security Drone Act; and names that
//! look like listed companies but are not them. Each BOM is a few lines written here.

use bomgate::report::State;
use bomgate::{Bom, Context, Report, Severity};

use crate::util::{date, shipped};

/// Checks BOM text (its name picks the format) with the shipped rules.
fn check(name: &str, text: &str, ctx: Context) -> Report {
    let bom = Bom::from_bytes(name, text.as_bytes(), &Default::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    bomgate::check(&shipped(), &bom, ctx).unwrap()
}

/// The highest severity of the findings on component `reference` (`None`: no finding).
fn worst(r: &Report, reference: &str) -> Option<Severity> {
    r.findings
        .iter()
        .filter(|f| f.component.reference == reference)
        .map(|f| f.severity)
        .max()
}

/// The severity of the finding of `rule` on component `reference`, if there is one.
fn of_rule(r: &Report, rule: &str, reference: &str) -> Option<Severity> {
    r.findings
        .iter()
        .find(|f| f.rule == rule && f.component.reference == reference)
        .map(|f| f.severity)
}

fn subsidy(as_of: &str) -> Context {
    Context::new(date(as_of)).role("fcc-subsidy-recipient")
}

// ---- FCC Covered List: the subsidy ban starts 60 days after listing ----------

const CAMERA: &str = "Ref,Manufacturer,MPN\nCAM1,Hikvision,DS-2CD2143G2-I\n";

#[test]
fn a_hikvision_camera_is_denied_60_days_after_the_listing_not_before() {
    let ctx = |d: &str| subsidy(d).purpose("public-safety");
    let before = check("cam.csv", CAMERA, ctx("2021-04-01"));
    assert_ne!(worst(&before, "CAM1"), Some(Severity::Deny), "{before:#?}");
    let f = before
        .findings
        .iter()
        .find(|f| f.rule == "us-fcc-covered-list-hikvision")
        .expect("listed on 2021-03-12: the ban is upcoming");
    assert_eq!((f.severity, f.state), (Severity::Info, State::Upcoming));
    assert_eq!(f.listed.as_ref().map(|l| l.from), Some(date("2021-03-12")));
    assert_eq!(f.obligations[0].from, date("2021-05-11"));

    let after = check("cam.csv", CAMERA, ctx("2021-05-12"));
    assert_eq!(
        of_rule(&after, "us-fcc-covered-list-hikvision", "CAM1"),
        Some(Severity::Deny)
    );
}

#[test]
fn the_kaspersky_entries_bite_60_days_after_listing() {
    let bom = "Ref,Manufacturer,MPN\nAV1,AO Kaspersky Lab,Endpoint Security\n";
    let r = check("av.csv", bom, subsidy("2022-05-23"));
    assert_eq!(
        of_rule(&r, "us-fcc-covered-list-kaspersky", "AV1"),
        Some(Severity::Info)
    );
    let r = check("av.csv", bom, subsidy("2022-05-24"));
    assert_eq!(
        of_rule(&r, "us-fcc-covered-list-kaspersky", "AV1"),
        Some(Severity::Deny)
    );
    let r = check("av.csv", bom, subsidy("2024-09-20"));
    assert_eq!(
        of_rule(&r, "us-fcc-covered-list-kaspersky-lab-inc", "AV1"),
        Some(Severity::Info)
    );
    let r = check("av.csv", bom, subsidy("2024-09-21"));
    assert_eq!(
        of_rule(&r, "us-fcc-covered-list-kaspersky-lab-inc", "AV1"),
        Some(Severity::Deny)
    );
}

#[test]
fn usf_support_for_huawei_was_barred_from_the_2020_designation() {
    let bom = "Ref,Manufacturer,MPN\nSW1,Huawei,S5720\n";
    let r = check("sw.csv", bom, subsidy("2020-06-29"));
    assert_eq!(
        of_rule(&r, "us-fcc-usf-covered-companies", "SW1"),
        Some(Severity::Info)
    );
    let r = check("sw.csv", bom, subsidy("2020-06-30"));
    assert_eq!(
        of_rule(&r, "us-fcc-usf-covered-companies", "SW1"),
        Some(Severity::Deny)
    );
    // The Covered List ban itself only from 2021-05-11; the list did not exist in 2020.
    assert_eq!(of_rule(&r, "us-fcc-covered-list-huawei", "SW1"), None);
}

// ---- The carriers: services on the Covered List --------------------------

const CARRIER: &str = "Ref,Manufacturer,MPN,Supplier\n\
    SIM1,China Telecom (Americas) Corp.,MVNO SIM,\n\
    CKT1,Acme Networks,IPLC 10G,China Telecom Americas\n";

#[test]
fn china_telecom_americas_as_component_or_supplier_is_denied_from_2022_05_24() {
    let r = check("carrier.csv", CARRIER, subsidy("2022-04-15"));
    for reference in ["SIM1", "CKT1"] {
        assert_ne!(worst(&r, reference), Some(Severity::Deny), "{reference}");
    }
    let r = check("carrier.csv", CARRIER, subsidy("2024-01-01"));
    for reference in ["SIM1", "CKT1"] {
        let f = r
            .findings
            .iter()
            .find(|f| {
                f.rule == "us-fcc-covered-list-china-telecom-americas"
                    && f.component.reference == reference
            })
            .unwrap_or_else(|| panic!("{reference}: {:#?}", r.findings));
        assert_eq!(f.severity, Severity::Deny, "{reference}");
        assert_eq!(f.entity.id, "china-telecom-americas");
        assert_eq!(f.listed.as_ref().map(|l| l.from), Some(date("2022-03-25")));
    }
}

#[test]
fn the_carriers_are_not_their_parent_groups_nor_those_of_the_1260h_list() {
    // Under the FCC rules the US carrier matches, not China Telecom's 1260H group.
    let r = check("carrier.csv", CARRIER, subsidy("2024-01-01"));
    assert!(r.findings.iter().all(|f| f.entity.id != "china-telecom"));
    // Digitalsystem Technology (medium): listed 2026-07-07, ban from 2026-09-05.
    let bom = "Ref,Manufacturer,MPN,Supplier\nCKT2,Acme,Transit,Digitalsystem Technology Inc.\n";
    let r = check("dst.csv", bom, subsidy("2026-09-04"));
    assert_eq!(worst(&r, "CKT2"), Some(Severity::Info));
    let r = check("dst.csv", bom, subsidy("2026-09-05"));
    assert_eq!(worst(&r, "CKT2"), Some(Severity::Deny));
}

// ---- FCC equipment authorization --------------------------------------------

const MODULE: &str = "[[component]]\nref = \"M1\"\nkind = \"module\"\nmanufacturer = \"Huawei\"\nmpn = \"ME909s-120\"\n";

fn authorization(as_of: &str) -> Context {
    Context::new(date(as_of)).role("us-equipment-authorization")
}

#[test]
fn a_huawei_module_in_a_device_is_review_from_2023_and_denied_from_2025_12_26() {
    let rule = "us-fcc-equipment-authorization";
    let r = check("dev.toml", MODULE, authorization("2022-01-01"));
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    let r = check("dev.toml", MODULE, authorization("2023-02-06"));
    assert_eq!(of_rule(&r, rule, "M1"), Some(Severity::Review));
    let r = check("dev.toml", MODULE, authorization("2025-12-25"));
    assert_eq!(of_rule(&r, rule, "M1"), Some(Severity::Review));
    let r = check("dev.toml", MODULE, authorization("2025-12-26"));
    assert_eq!(of_rule(&r, rule, "M1"), Some(Severity::Deny));
    let r = check("dev.toml", MODULE, authorization("2026-06-01"));
    assert_eq!(of_rule(&r, rule, "M1"), Some(Severity::Deny));
}

#[test]
fn dji_counts_for_equipment_authorization_from_its_listing() {
    let bom = "Ref,Manufacturer,MPN\nCAM2,DJI,Zenmuse H20\n";
    let rule = "us-fcc-equipment-authorization";
    let r = check("d.csv", bom, authorization("2025-12-21"));
    assert_eq!(of_rule(&r, rule, "CAM2"), None, "not listed yet");
    let r = check("d.csv", bom, authorization("2025-12-22"));
    assert_eq!(of_rule(&r, rule, "CAM2"), Some(Severity::Review));
    let r = check("d.csv", bom, authorization("2025-12-26"));
    assert_eq!(of_rule(&r, rule, "CAM2"), Some(Severity::Deny));
}

// ---- NDAA FY2024 §805 and the 1260H list ---------------------------------

const QUECTEL: &str = "Ref,Manufacturer,MPN,Supplier\n\
    U1,Quectel,EG25-G,Arrow Electronics\n\
    U2,Murata,LBAD0ZZ1SE,\"Quectel Wireless Solutions Co., Ltd.\"\n";

fn dod(as_of: &str) -> Context {
    Context::new(date(as_of)).role("us-dod-contractor")
}

#[test]
fn a_quectel_module_before_2026_06_30_is_at_most_info() {
    let r = check("q.csv", QUECTEL, dod("2026-06-29"));
    for reference in ["U1", "U2"] {
        assert!(
            worst(&r, reference).is_none_or(|s| s == Severity::Info),
            "{reference}: {:#?}",
            r.findings
        );
    }
}

#[test]
fn in_july_2026_quectel_is_denied_only_as_the_supplier() {
    let r = check("q.csv", QUECTEL, dod("2026-07-15"));
    assert_eq!(
        of_rule(&r, "us-ndaa-fy2024-805-contracting", "U2"),
        Some(Severity::Deny)
    );
    assert_eq!(worst(&r, "U1"), Some(Severity::Info), "{:#?}", r.findings);
    assert_eq!(of_rule(&r, "us-ndaa-fy2024-805-contracting", "U1"), None);
    let f = r
        .findings
        .iter()
        .find(|f| f.component.reference == "U2")
        .unwrap();
    assert_eq!(f.entity.id, "quectel");
    assert_eq!(f.listed.as_ref().map(|l| l.from), Some(date("2025-01-07")));
}

#[test]
fn after_2027_06_30_quectel_is_denied_as_the_maker_too() {
    let r = check("q.csv", QUECTEL, dod("2027-07-01"));
    assert_eq!(
        of_rule(&r, "us-ndaa-fy2024-805-products", "U1"),
        Some(Severity::Deny)
    );
    assert_eq!(
        of_rule(&r, "us-ndaa-fy2024-805-contracting", "U2"),
        Some(Severity::Deny)
    );
    // A supplier is not a producer: the products rule does not count U2's supplier.
    assert_eq!(of_rule(&r, "us-ndaa-fy2024-805-products", "U2"), None);
}

#[test]
fn listed_subsidiaries_and_short_forms_match_their_1260h_parent() {
    let bom = "Ref,Manufacturer,MPN\n\
        D1,BOE,LCD-1\n\
        D2,Tianma,LCD-2\n\
        S1,SMIC Semiconductor Manufacturing (Shanghai) Co.,FOUNDRY\n\
        C1,Cirrus Design Corporation,SR22\n\
        N1,TP-Link,TL-SG108\n\
        H1,Hesai,Pandar\n\
        W1,Chengdu Dahua Wisdom Information Technology Co.,X\n\
        G1,BGI Genomics,Kit\n";
    let r = check("l.csv", bom, dod("2027-07-01"));
    for (reference, entity) in [
        ("D1", "boe"),
        ("D2", "tianma"),
        ("S1", "smic"),
        ("C1", "avic"),
        ("N1", "tp-link"),
        ("H1", "hesai"),
        ("W1", "dahua"),
        ("G1", "bgi"),
    ] {
        let f = r
            .findings
            .iter()
            .find(|f| f.component.reference == reference && f.rule == "us-ndaa-fy2024-805-products")
            .unwrap_or_else(|| panic!("{reference}: {:#?}", r.findings));
        assert_eq!((f.entity.id.as_str(), f.severity), (entity, Severity::Deny));
    }
    // BGI Genomics was listed on its own in 2022, before its parent BGI Group (2025).
    let g = r
        .findings
        .iter()
        .find(|f| f.component.reference == "G1")
        .unwrap();
    assert_eq!(g.listed.as_ref().map(|l| l.from), Some(date("2022-10-05")));
}

#[test]
fn every_1260h_parent_is_listed_in_both_805_rules() {
    let rules = shipped();
    for id in [
        "us-ndaa-fy2024-805-contracting",
        "us-ndaa-fy2024-805-products",
    ] {
        let rule = rules.rules().iter().find(|r| r.id == id).unwrap();
        assert_eq!(
            rule.entities.len(),
            80,
            "{id}: the 80 parents of 2026-06-08"
        );
        for e in &rule.entities {
            assert!(
                rule.listings
                    .iter()
                    .any(|l| l.entity == *e && l.member.is_none()),
                "{id}: entity {} has no listing of its own",
                rules.entities()[*e].id
            );
        }
        assert!(rule.listings.iter().all(|l| l.until.is_none()));
        assert!(rule.listings.iter().all(|l| l.from <= date("2026-06-08")));
    }
}

// ---- NDAA FY2023 §5949 --------------------------------------------------------

#[test]
fn ymtc_flash_is_upcoming_in_mid_2027_and_denied_from_2027_12_23() {
    let bom = "Ref,Manufacturer,MPN\nU5,YMTC,YMN09TC1B1JC6C\n";
    let agency = |d: &str| Context::new(date(d)).role("us-federal-agency");
    let r = check("y.csv", bom, agency("2027-06-01"));
    assert_eq!(worst(&r, "U5"), Some(Severity::Info), "{:#?}", r.findings);
    let r = check("y.csv", bom, agency("2028-01-05"));
    assert_eq!(
        of_rule(&r, "us-ndaa-fy2023-5949-part-a", "U5"),
        Some(Severity::Deny)
    );
    // Part B is for critical systems only: review until the context says so.
    assert_eq!(
        of_rule(&r, "us-ndaa-fy2023-5949-part-b", "U5"),
        Some(Severity::Review)
    );
    let r = check(
        "y.csv",
        bom,
        agency("2028-01-05").purpose("critical-system"),
    );
    assert_eq!(
        of_rule(&r, "us-ndaa-fy2023-5949-part-b", "U5"),
        Some(Severity::Deny)
    );
}

// ---- American Security Drone Act ------------------------------------------------

#[test]
fn asda_binds_agencies_now_grantees_from_2025_12_22_and_ends_2028_12_22() {
    let bom = "Ref,Manufacturer,MPN\nUAS1,Autel Robotics,EVO II\n";
    let ctx = |role: &str, d: &str| Context::new(date(d)).role(role);
    let r = check("u.csv", bom, ctx("us-federal-agency", "2024-01-10"));
    assert_eq!(
        of_rule(&r, "us-asda-2023-agency", "UAS1"),
        Some(Severity::Deny)
    );
    let r = check("u.csv", bom, ctx("us-federal-contractor", "2024-11-11"));
    assert_eq!(
        of_rule(&r, "us-asda-2023-contractor", "UAS1"),
        Some(Severity::Info)
    );
    let r = check("u.csv", bom, ctx("us-federal-grantee", "2025-12-21"));
    assert_eq!(
        of_rule(&r, "us-asda-2023-grantee", "UAS1"),
        Some(Severity::Info)
    );
    let r = check("u.csv", bom, ctx("us-federal-grantee", "2025-12-22"));
    assert_eq!(
        of_rule(&r, "us-asda-2023-grantee", "UAS1"),
        Some(Severity::Deny)
    );
    let r = check("u.csv", bom, ctx("us-federal-agency", "2028-12-22"));
    assert_eq!(of_rule(&r, "us-asda-2023-agency", "UAS1"), None, "sunset");
}

// ---- Corrections of the shipped data ----------------------------------------------

#[test]
fn corrected_members_and_identifiers() {
    let bom = "Ref,Manufacturer,MPN\n\
        R1,Sepura,SC20\n\
        R2,Norsat,ATOM\n\
        K1,Imou,Ranger 2\n\
        M1,Micron,MT60B2G8HB-48B\n\
        M2,Micron,MT62F1G32D2DS-020\n\
        L1,Lorex,E841CA\n";
    let r = check("c.csv", bom, Context::new(date("2026-11-30")));
    let entity_of = |reference: &str| {
        r.findings
            .iter()
            .find(|f| f.component.reference == reference)
            .map(|f| f.entity.id.clone())
    };
    assert_eq!(entity_of("R1").as_deref(), Some("hytera"));
    assert_eq!(entity_of("R2").as_deref(), Some("hytera"));
    assert_eq!(entity_of("K1").as_deref(), Some("dahua"));
    assert_eq!(entity_of("L1"), None, "Lorex left Dahua on 2022-11-23");
    let parts = "Ref,Manufacturer,MPN\nM1,,MT60B2G8HB-48B\nM2,,MT62F1G32D2DS-020\n";
    let r = check(
        "p.csv",
        parts,
        Context::new(date("2026-11-30")).role("cii-operator"),
    );
    assert_eq!(worst(&r, "M1"), Some(Severity::Deny));
    assert_eq!(worst(&r, "M2"), Some(Severity::Deny));
    // Lorex was Dahua's until the sale was signed on 2022-11-23.
    let lorex = "Ref,Manufacturer,MPN\nL1,Lorex,E841CA\n";
    let ctx = |d: &str| Context::new(date(d)).role("us-federal-contractor");
    assert!(!check("l.csv", lorex, ctx("2022-11-22")).findings.is_empty());
    assert!(check("l.csv", lorex, ctx("2022-11-23")).findings.is_empty());
    // NVD's CPE vendor for Dahua is dahuasecurity.
    let cpe = "[[component]]\nref = \"N1\"\ncpe = \"cpe:2.3:o:dahuasecurity:ipc-hx5xxx_firmware:-:*:*:*:*:*:*:*\"\n";
    let r = check("n.toml", cpe, Context::new(date("2026-11-30")));
    assert!(r.findings.iter().any(|f| f.entity.id == "dahua"));
}

#[test]
fn the_uk_5g_access_cap_is_a_review() {
    let bom = "Ref,Manufacturer,MPN\nRAN1,Huawei,AAU5613\n";
    let r = check(
        "ran.csv",
        bom,
        Context::new(date("2023-06-01"))
            .jurisdiction("GB")
            .segment("5g"),
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "gb-huawei-dvd-2022")
        .unwrap();
    let cap = f
        .obligations
        .iter()
        .find(|o| o.cap.as_deref().is_some_and(|c| c.contains("5G access")))
        .expect("the 5G access cap");
    assert_eq!(cap.deadline, Some(date("2023-07-31")));
    assert_eq!(cap.severity, Severity::Review);
}

// ---- Near misses -----------------------------------------------------------------

/// Real companies that share a word or a prefix with a listed one but are not it; none may
/// match anything in any rule.
const NEAR_MISSES: &[&str] = &[
    "TP-Link Systems Inc.",
    "Tianma Bearing Group Co., Ltd.",
    "Align Technology",
    "Cirrus Logic",
    "Continental AG",
    "Aisin Corporation",
    "Eve Systems GmbH",
    "Pacnet",
    "Innolux Corporation",
    "Huacheng",
];

#[test]
fn near_miss_names_match_nothing() {
    let mut csv = String::from("Ref,Manufacturer,MPN,Supplier\n");
    for (i, n) in NEAR_MISSES.iter().enumerate() {
        csv.push_str(&format!("A{i},\"{n}\",X{i},\nB{i},Acme,Y{i},\"{n}\"\n"));
    }
    let r = check("near.csv", &csv, Context::new(date("2027-07-01")));
    assert!(
        r.findings.is_empty(),
        "{:?}",
        r.findings
            .iter()
            .map(|f| (&f.component.reference, &f.entity.id))
            .collect::<Vec<_>>()
    );
}

#[test]
fn autel_intelligent_is_not_the_drone_maker_under_the_drone_rules() {
    let bom = "Ref,Manufacturer,MPN\nT1,Autel Intelligent Technology Corp.,MaxiSys\n";
    let r = check("a.csv", bom, Context::new(date("2026-11-30")));
    assert!(
        r.findings
            .iter()
            .all(|f| f.entity.id == "autel-intelligent")
    );
    assert!(
        r.findings
            .iter()
            .all(|f| f.rule.starts_with("us-ndaa-fy2024-805")),
        "{:?}",
        r.findings.iter().map(|f| &f.rule).collect::<Vec<_>>()
    );
}

#[test]
fn tp_link_the_brand_is_the_listed_company_tp_link_systems_is_not() {
    // The decision in entities/dod-1260h.toml: "TP-Link" is the list's own short form, and
    // "TP-Link Corporation" normalises to it; TP-Link Systems Inc. is not listed.
    let bom = "Ref,Manufacturer,MPN\n\
        N1,TP-Link,TL-SG108\n\
        N2,TP-Link Corporation,Deco X55\n\
        N3,TP-Link Systems Inc.,Archer AX55\n";
    let r = check("t.csv", bom, dod("2027-07-01"));
    let entity_of = |reference: &str| {
        r.findings
            .iter()
            .find(|f| f.component.reference == reference)
            .map(|f| f.entity.id.clone())
    };
    assert_eq!(entity_of("N1").as_deref(), Some("tp-link"));
    assert_eq!(entity_of("N2").as_deref(), Some("tp-link"));
    assert_eq!(entity_of("N3"), None);
}
