//! Speed of `rules import` on a large Consolidated Screening List, and of loading and checking
//! with the pack it makes.
//!
//! ```sh
//! cargo bench --bench import                       # 20,000 entities, 100,000 BOM lines
//! BENCH_N=50000 BENCH_M=1000000 cargo bench --bench import
//! BENCH_DATA=/some/folder cargo bench --bench import   # where the generated files go
//! ```
//!
//! The generator is deterministic (fixed seed): a CSL-format CSV (the 29 columns of ITA's
//! export, every field quoted) with N entities on the BIS, State and OFAC lists, two to four
//! aliases each, start dates, some end dates, one in twenty on a second list, and one row in
//! twenty an individual (skipped). The BOM is a distributor-style CSV in which about 1 % of
//! the lines name an imported entity by one of its aliases and 0.5 % a near miss.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use bomgate::rules::import::{ImportOptions, Input, ListFormat, import};
use bomgate::{Checker, Context, Date, RuleSet};

const HEADER: &str = "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids";

const LISTS: &[(&str, u32)] = &[
    ("Entity List (EL) - Bureau of Industry and Security", 55),
    (
        "Specially Designated Nationals (SDN) - Treasury Department",
        20,
    ),
    (
        "Military End User (MEU) List - Bureau of Industry and Security",
        10,
    ),
    ("Unverified List (UVL) - Bureau of Industry and Security", 5),
    (
        "Denied Persons List (DPL) - Bureau of Industry and Security",
        5,
    ),
    ("Nonproliferation Sanctions (ISN) - State Department", 5),
];
const INDUSTRIES: &[&str] = &[
    "Electronics",
    "Microelectronics",
    "Optoelectronics",
    "Radio Engineering",
    "Instruments",
    "Import Export",
    "Aviation Technology",
    "Precision Machinery",
];
const SUFFIXES: &[&str] = &["Co., Ltd.", "Limited", "LLC", "JSC", "Corporation", "OOO"];
const CITIES: &[&str] = &["Shenzhen", "Moscow", "Tehran", "Minsk", "Dubai", "Wuhan"];
const SYL: &[&str] = &[
    "zor", "va", "tek", "lin", "quan", "xi", "mar", "do", "ko", "ren", "sha", "vel", "nor", "tri",
    "bel", "kan", "gor", "sun", "yu", "pol", "dex", "ra", "mi", "lo", "fen", "ju", "tor", "zen",
];

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn list(&mut self) -> &'static str {
        let mut r = self.below(100) as u32;
        for (l, w) in LISTS {
            if r < *w {
                return l;
            }
            r -= w;
        }
        LISTS[0].0
    }
}

/// A unique made-up core name for index `i` (syllables in base 28, at least two).
fn core(i: usize) -> String {
    let mut n = i + SYL.len();
    let mut s = String::new();
    while n > 0 {
        s.push_str(SYL[n % SYL.len()]);
        n /= SYL.len();
    }
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// One entity: its name and aliases.
struct Party {
    name: String,
    aliases: Vec<String>,
}

fn party(i: usize, rng: &mut Rng) -> Party {
    let core = core(i);
    let ind = rng.pick(INDUSTRIES);
    let city = rng.pick(CITIES);
    let mut aliases = vec![format!("{core} {ind}"), format!("{city} {core} Trading")];
    if rng.below(2) == 0 {
        aliases.push(format!("{} Group", core.to_uppercase()));
    }
    if rng.below(4) == 0 {
        aliases.push(format!("\"{core}\" Research Institute No. {}", i % 97));
    }
    Party {
        name: format!("{core} {ind} {}", rng.pick(SUFFIXES)),
        aliases,
    }
}

/// A quoted CSV field.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// One CSL row of 29 fields.
fn row(out: &mut String, source: &str, kind: &str, name: &str, alt: &str, start: &str, end: &str) {
    let mut f = vec![String::new(); 29];
    f[1] = source.into();
    f[3] = kind.into();
    f[5] = name.into();
    f[8] = "88 FR 12345".into();
    f[9] = start.into();
    f[10] = end.into();
    f[22] = alt.into();
    let _ = writeln!(
        out,
        "{}",
        f.iter().map(|x| q(x)).collect::<Vec<_>>().join(",")
    );
}

fn write_csl(path: &Path, n: usize, rng: &mut Rng) -> Vec<Party> {
    let mut out = String::from(HEADER);
    out.push('\n');
    let mut parties = Vec::with_capacity(n);
    for i in 0..n {
        let p = party(i, rng);
        let start = format!(
            "{}-{:02}-{:02}",
            2010 + rng.below(15),
            1 + rng.below(12),
            1 + rng.below(28)
        );
        let end = if rng.below(10) == 0 { "2030-01-01" } else { "" };
        let alt = p.aliases.join("; ");
        row(&mut out, rng.list(), "", &p.name, &alt, &start, end);
        if rng.below(20) == 0 {
            row(&mut out, LISTS[2].0, "", &p.name, "", &start, "");
        }
        if rng.below(20) == 0 {
            let person = format!("{}, Ivan", core(i).to_uppercase());
            row(&mut out, LISTS[1].0, "Individual", &person, "", "", "");
        }
        parties.push(p);
    }
    std::fs::write(path, out).unwrap_or_else(|e| panic!("{e}"));
    parties
}

fn write_bom(path: &Path, m: usize, parties: &[Party], rng: &mut Rng) {
    let mut out = String::from("Designator,Qty,Manufacturer,MPN,Supplier\n");
    for i in 0..m {
        let (maker, supplier) = match rng.below(1000) {
            0..=9 => {
                let p = &parties[rng.below(parties.len())];
                (p.aliases[rng.below(p.aliases.len())].clone(), "Arrow")
            }
            10..=14 => (
                format!("{} Fan Club", core(rng.below(parties.len()))),
                "Mouser",
            ),
            15 => ("Huawei Technologies Co., Ltd.".into(), "Digi-Key"),
            _ => (
                rng.pick(&["Murata", "YAGEO", "Texas Instruments", "Nexperia"])
                    .into(),
                "Digi-Key",
            ),
        };
        let _ = writeln!(out, "R{i},1,{},PN-{},{supplier}", q(&maker), i % 9973);
    }
    std::fs::write(path, out).unwrap_or_else(|e| panic!("{e}"));
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` asks a harness-less bench for its benchmarks
    }
    let env = |k: &str, d: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let (n, m) = (env("BENCH_N", 20_000), env("BENCH_M", 100_000));
    let dir = std::env::var_os("BENCH_DATA").map_or_else(
        || std::env::temp_dir().join("bomgate-bench-import"),
        PathBuf::from,
    );
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let csl = dir.join("consolidated.csv");
    let parties = write_csl(&csl, n, &mut rng);
    let bom = dir.join("bom.csv");
    write_bom(&bom, m, &parties, &mut rng);
    let bytes = std::fs::read(&csl).unwrap_or_else(|e| panic!("{e}"));
    let opts = ImportOptions {
        list_date: Date::new(2025, 6, 25).unwrap_or_else(|| unreachable!()),
        all_types: false,
    };
    let input = Input {
        name: "consolidated.csv",
        bytes: &bytes,
    };
    let t0 = Instant::now();
    let pack = import(ListFormat::Csl, input, None, &opts).unwrap_or_else(|e| panic!("{e}"));
    let t_import = t0.elapsed();
    let out = dir.join("pack");
    for (rel, text) in &pack.files {
        let p = out.join(rel);
        std::fs::create_dir_all(p.parent().unwrap_or(&out)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(p, text).unwrap_or_else(|e| panic!("{e}"));
    }
    let t1 = Instant::now();
    let set = RuleSet::builder()
        .shipped()
        .path(&out)
        .and_then(|b| b.build());
    let set = set.unwrap_or_else(|e| panic!("{e}"));
    let t_load = t1.elapsed();
    let t2 = Instant::now();
    let ctx = Context::new(Date::new(2026, 11, 27).unwrap_or_else(|| unreachable!()));
    let mut checker = Checker::new(&set, ctx).unwrap_or_else(|e| panic!("{e}"));
    checker
        .check_path(&bom, &Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let report = checker.finish();
    let t_check = t2.elapsed();
    let size: usize = pack.files.iter().map(|(_, t)| t.len()).sum();
    println!(
        "import {n} entities ({} rows, {:.1} MiB CSV): {:.3} s → {} entities, {} names, {} files, {:.1} MiB TOML",
        pack.summary.rows,
        bytes.len() as f64 / 1048576.0,
        t_import.as_secs_f64(),
        pack.summary.entities,
        pack.summary.names,
        pack.files.len(),
        size as f64 / 1048576.0
    );
    println!(
        "load shipped + pack: {:.3} s ({} entities, {} rules)",
        t_load.as_secs_f64(),
        set.entities().len(),
        set.rules().len()
    );
    println!(
        "check {m} BOM lines: {:.3} s ({} flagged components, {} findings)",
        t_check.as_secs_f64(),
        report.summary.flagged_components,
        report.findings.len()
    );
}
