//! Speed and memory of loading a large rule set and checking a large CSV BOM.
//!
//! ```sh
//! cargo bench --bench check                       # 1,000,000 lines × 20,000 entities
//! BENCH_N=100000 BENCH_M=1000 cargo bench --bench check
//! BENCH_DATA=/some/folder cargo bench --bench check   # where the generated files go
//! ```
//!
//! The generator is deterministic (fixed seed): N-line CSV BOMs in the shape of a distributor
//! export (`Designator,Qty,Manufacturer,MPN,Description,Supplier`) and M-entity rule sets with
//! five names each (canonical name plus four aliases) and part-number families for 40 % of
//! them. About 0.5 % of the lines are planted violations (spelling variants, legal-suffix
//! changes, case changes, supplier-only, part-number-only) and 0.2 % near-miss decoys.
//!
//! Three pathological BOMs follow (20,000 CPE names in one package, 30,000 case variants of an
//! author, 32,000 manufacturer columns): their cost must stay linear.
//!
//! Each measurement runs in a fresh child process, so the peak memory (VmHWM) is that of
//! loading and checking alone, not of the generator.
//!
//! `scripts/bench-peers` measures the speed targets against the peers instead: whole
//! `bomgate check` processes beside the plain-Python peer on the peers' own BOMs.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use bomgate::{Checker, Context, Date, RuleSet};

const CITIES: &[&str] = &[
    "Shenzhen",
    "Hangzhou",
    "Beijing",
    "Shanghai",
    "Wuhan",
    "Chengdu",
    "Xiamen",
    "Moscow",
    "Minsk",
    "Tehran",
    "Dongguan",
    "Suzhou",
    "Tianjin",
    "Novosibirsk",
    "Dubai",
];
const INDUSTRIES: &[&str] = &[
    "Electronics",
    "Microelectronics",
    "Optoelectronics",
    "Components",
    "Photonics",
    "Integrated Circuits",
    "Radio",
    "Defense Systems",
    "Instruments",
    "Import Export",
];
const SUFFIXES: &[&str] = &[
    "Co., Ltd.",
    "Co Ltd",
    "Limited",
    "Ltd.",
    "LLC",
    "Corporation",
    "Inc.",
    "JSC",
];
const SYL: &[&str] = &[
    "zor", "va", "tek", "lin", "quan", "xi", "mar", "do", "ko", "ren", "sha", "vel", "nor", "tri",
    "bel", "kan", "gor", "sun", "yu", "pol", "dex", "ra", "mi", "lo", "fen", "ju", "tor", "zen",
    "cha", "vor", "hai", "ble", "nix", "ost", "pra", "kel", "sol", "wen", "dra", "qin",
];
const CLEAN: &[(&str, &str)] = &[
    ("Murata Manufacturing Co., Ltd.", "GRM188R71H104KA93D"),
    ("YAGEO", "RC0603FR-0710KL"),
    ("Texas Instruments", "TPS62177DQCR"),
    ("STMicroelectronics", "STM32F405RGT6"),
    ("Microchip Technology Inc.", "ATMEGA328P-AU"),
    ("Samsung Electro-Mechanics", "CL10A106KP8NNNC"),
    ("Panasonic Electronic Components", "ERJ-3EKF1002V"),
    ("onsemi", "BSS138LT1G"),
    ("Nexperia", "BC847C,215"),
    ("Analog Devices, Inc.", "ADM3053BRWZ"),
    ("Infineon Technologies AG", "IRF7404TRPBF"),
    ("NXP Semiconductors", "PCA9555PW,118"),
    ("Vishay Dale", "CRCW06031K00FKEA"),
    ("Würth Elektronik", "744771110"),
    ("KEMET", "T491A106K016AT"),
    ("Molex", "53047-0410"),
    ("TE Connectivity", "1-776087-1"),
    ("Espressif Systems", "ESP32-WROOM-32E"),
    ("Winbond Electronics Corp.", "W25Q128JVSIQ"),
    ("Macronix", "MX25L12835F"),
    ("Nordic Semiconductor ASA", "NRF52840-QIAA-R"),
    ("Kingston Technology", "EMMC04G-M627"),
    ("SK hynix", "H5AN8G6NDJR-XNC"),
    ("Nanya Technology", "NT5CB256M16ER-FL"),
    ("MediaTek", "MT7621AT"),
    ("Aerosemi", "MT3608"),
];
const DECOYS: &[(&str, &str)] = &[
    ("Micronas GmbH", "HAL1820SU-A"),
    ("Micron Electronics Trading", "LM2596S-ADJ"),
    ("ZTEX GmbH", "USB-FPGA-2.14"),
    ("Dahua Power Supply Works", "DP-12V2A"),
    ("Huawei Fan Club Store", "GENERIC-CABLE-01"),
];
const SUPPLIERS: &[&str] = &[
    "Digi-Key Electronics",
    "Mouser Electronics, Inc.",
    "Arrow Electronics",
    "LCSC Electronics",
    "Farnell",
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
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

struct Entity {
    names: Vec<String>,
    prefix: Option<String>,
}

/// A unique made-up company core name for index `i` (base-40 syllables, at least two).
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

fn entities(m: usize, rng: &mut Rng) -> Vec<Entity> {
    (0..m)
        .map(|i| {
            let core = core(i);
            let ind = rng.pick(INDUSTRIES);
            let city = rng.pick(CITIES);
            let names = vec![
                format!("{city} {core} {ind} {}", rng.pick(SUFFIXES)),
                format!("{core} {ind}"),
                core.clone(),
                format!("{core} {} Trading Co., Ltd.", rng.pick(INDUSTRIES)),
                format!("{} {} BRANCH", core.to_uppercase(), city.to_uppercase()),
            ];
            let prefix = rng.chance(0.4).then(|| format!("Q{i:05}-"));
            Entity { names, prefix }
        })
        .collect()
}

fn write_rules(dir: &Path, ents: &[Entity]) -> std::io::Result<PathBuf> {
    let path = dir.join(format!("rules-{}.toml", ents.len()));
    let mut w = BufWriter::new(File::create(&path)?);
    writeln!(
        w,
        "[[role]]\nid = \"buyer\"\njurisdiction = \"XX\"\nname = \"Buyer\"\ndescription = \"Benchmark buyer.\"\n"
    )?;
    writeln!(
        w,
        "[instrument]\nid = \"xx-bench\"\ntitle = \"Benchmark list\"\njurisdiction = \"XX\"\nauthority = \"Benchmark\"\ncitation = \"Synthetic\"\nsources = [\"https://example.org/bench\"]\nchecked = 2026-11-27\n"
    )?;
    write!(
        w,
        "[[rule]]\nid = \"xx-bench\"\nbinds = [\"buyer\"]\ngroup = true\nseverity = \"deny\"\nentities = ["
    )?;
    for i in 0..ents.len() {
        write!(w, "{}\"e{i}\"", if i == 0 { "" } else { ", " })?;
    }
    writeln!(
        w,
        "]\n[[rule.obligation]]\naction = \"procure\"\nfrom = 2020-01-01\n"
    )?;
    for (i, e) in ents.iter().enumerate() {
        writeln!(w, "[[entity]]\nid = \"e{i}\"\nname = \"{}\"", e.names[0])?;
        write!(w, "aliases = [")?;
        for (k, a) in e.names[1..].iter().enumerate() {
            write!(w, "{}\"{a}\"", if k == 0 { "" } else { ", " })?;
        }
        writeln!(w, "]")?;
        if let Some(p) = &e.prefix {
            writeln!(w, "mpn-prefixes = [\"{p}\"]")?;
        }
        writeln!(w)?;
    }
    w.flush()?;
    Ok(path)
}

fn write_bom(
    dir: &Path,
    n: usize,
    ents: &[Entity],
    rng: &mut Rng,
) -> std::io::Result<(PathBuf, usize)> {
    let path = dir.join(format!("bom-{n}-{}.csv", ents.len()));
    let mut w = BufWriter::new(File::create(&path)?);
    writeln!(w, "Designator,Qty,Manufacturer,MPN,Description,Supplier")?;
    let mut planted = 0;
    for i in 0..n {
        let (mut mfr, mut mpn) = {
            let (m, p) = CLEAN[rng.below(CLEAN.len())];
            (m.to_string(), p.to_string())
        };
        let mut supplier = if rng.chance(0.9) {
            rng.pick(SUPPLIERS).to_string()
        } else {
            String::new()
        };
        let r = rng.below(1000);
        if r < 5 {
            planted += 1;
            let e = &ents[rng.below(ents.len())];
            let name = &e.names[rng.below(e.names.len())];
            match rng.below(4) {
                0 => mfr = name.to_uppercase(),
                1 => {
                    mfr = format!(
                        "{} Co Ltd",
                        name.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ' ')
                    )
                }
                2 => supplier = name.clone(),
                _ => match &e.prefix {
                    Some(p) => {
                        mfr = String::new();
                        mpn = format!("{p}{:04}AB", rng.below(10000));
                    }
                    None => mfr = name.to_lowercase(),
                },
            }
        } else if r < 7 {
            let (m, p) = DECOYS[rng.below(DECOYS.len())];
            mfr = m.to_string();
            mpn = p.to_string();
        }
        let q = |s: &str| {
            if s.contains(',') {
                format!("\"{s}\"")
            } else {
                s.to_string()
            }
        };
        writeln!(
            w,
            "R{i},1,{},{},RES 10K 1% 0402 {},{}",
            q(&mfr),
            q(&mpn),
            i % 97,
            q(&supplier)
        )?;
    }
    w.flush()?;
    Ok((path, planted))
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The child: load rules, check the BOM, print one result line.
fn measure(rules: Option<&str>, bom: &str) {
    let t0 = Instant::now();
    let set = match rules {
        Some(p) => RuleSet::builder().path(p).and_then(|b| b.build()),
        None => RuleSet::shipped(),
    }
    .unwrap_or_else(|e| panic!("{e}"));
    let t_load = t0.elapsed();
    let t1 = Instant::now();
    let ctx = Context::new(Date::new(2026, 11, 27).unwrap_or_else(|| unreachable!()));
    let mut checker = Checker::new(&set, ctx).unwrap_or_else(|e| panic!("{e}"));
    checker
        .check_path(bom, &Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let report = checker.finish();
    let t_check = t1.elapsed();
    println!(
        "{:.3} {:.3} {:.3} {:.1} {} {}",
        t_load.as_secs_f64(),
        t_check.as_secs_f64(),
        t0.elapsed().as_secs_f64(),
        peak_rss_mib(),
        report.summary.components,
        report.summary.flagged_components,
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--measure") {
        let rules = args
            .get(i + 1)
            .filter(|r| *r != "shipped")
            .map(String::as_str);
        let bom = args.get(i + 2).expect("bom path");
        measure(rules, bom);
        return;
    }
    let n: usize = std::env::var("BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let m: usize = std::env::var("BENCH_M")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let dir = std::env::var_os("BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"));
    std::fs::create_dir_all(&dir).expect("data folder");
    let mut rng = Rng(0x5EED_0042);
    let ents = entities(m, &mut rng);
    let rules = write_rules(&dir, &ents).expect("write rules");
    let (bom, planted) = write_bom(&dir, n, &ents, &mut rng).expect("write BOM");
    let size = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.len() as f64 / 1e6)
            .unwrap_or(0.0)
    };
    println!(
        "data: {} ({:.1} MB, {n} lines, {planted} planted), {} ({:.1} MB, {m} entities × 5 names)",
        bom.display(),
        size(&bom),
        rules.display(),
        size(&rules)
    );
    println!(
        "{:<34} {:>8} {:>8} {:>8} {:>9} {:>9} {:>8}",
        "case", "load s", "check s", "total s", "peak MiB", "lines", "flagged"
    );
    let rules = rules.to_string_lossy().into_owned();
    run_cases(
        &[
            (format!("{m} entities"), rules),
            ("shipped rules".into(), "shipped".into()),
        ],
        &bom,
    );
    for (label, file) in write_pathological(&dir).expect("write pathological BOMs") {
        run_cases(&[(label, "shipped".into())], &file);
    }
}

/// BOMs that once took seconds because evidence was de-duplicated in quadratic time: one
/// SPDX package with 20,000 CPE names, one CycloneDX component with 30,000 case variants of a
/// listed author, one CSV row with 32,000 manufacturer columns. They must stay linear.
fn write_pathological(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let cpe = dir.join("pathological-cpes.spdx");
    let mut w = BufWriter::new(File::create(&cpe)?);
    writeln!(
        w,
        "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT"
    )?;
    writeln!(
        w,
        "DocumentName: p\nDocumentNamespace: https://example.org/p"
    )?;
    writeln!(w, "Creator: Tool: bench\nCreated: 2026-01-01T00:00:00Z\n")?;
    writeln!(
        w,
        "PackageName: gw\nSPDXID: SPDXRef-gw\nPackageDownloadLocation: NOASSERTION"
    )?;
    for i in 0..20_000 {
        writeln!(
            w,
            "ExternalRef: SECURITY cpe23Type cpe:2.3:a:kaspersky:p_{i}:1:*:*:*:*:*:*:*"
        )?;
    }
    w.flush()?;
    let authors = dir.join("pathological-authors.cdx.json");
    let mut w = BufWriter::new(File::create(&authors)?);
    write!(
        w,
        r#"{{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{{"type":"application","name":"av","authors":["#
    )?;
    let base: Vec<char> = "kaspersky lab inc".chars().collect();
    for i in 0..30_000u32 {
        let mut k = 0;
        let name: String = base
            .iter()
            .map(|c| {
                if !c.is_alphabetic() {
                    return *c;
                }
                k += 1;
                if (i >> (k - 1)) & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    *c
                }
            })
            .collect();
        write!(
            w,
            "{}{{\"name\":\"{name}\"}}",
            if i == 0 { "" } else { "," }
        )?;
    }
    writeln!(w, "]}}]}}")?;
    w.flush()?;
    let cols = dir.join("pathological-columns.csv");
    let mut w = BufWriter::new(File::create(&cols)?);
    writeln!(w, "Ref,MPN{}", ",Manufacturer".repeat(32_000))?;
    writeln!(w, "U1,X1{}", ",Huawei".repeat(32_000))?;
    w.flush()?;
    Ok(vec![
        ("20,000 CPEs in one package".into(), cpe),
        ("30,000 author variants".into(), authors),
        ("32,000 maker columns".into(), cols),
    ])
}

/// Runs each case (label, rules) BENCH_RUNS times in a child process and prints the medians.
fn run_cases(cases: &[(String, String)], bom: &Path) {
    let exe = std::env::current_exe().expect("own path");
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    for (label, r) in cases {
        let mut results: Vec<Vec<f64>> = Vec::new();
        let mut tail = String::new();
        for _ in 0..runs {
            let out = std::process::Command::new(&exe)
                .args(["--measure", r, &bom.to_string_lossy()])
                .output()
                .expect("child runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
            let v: Vec<&str> = line.split_whitespace().collect();
            results.push(
                v[..4]
                    .iter()
                    .map(|x| x.parse().unwrap_or(f64::NAN))
                    .collect(),
            );
            tail = format!("{:>9} {:>8}", v[4], v[5]);
        }
        // Median of each column.
        let med = |k: usize| {
            let mut c: Vec<f64> = results.iter().map(|r| r[k]).collect();
            c.sort_by(f64::total_cmp);
            c[c.len() / 2]
        };
        println!(
            "{:<34} {:>8.3} {:>8.3} {:>8.3} {:>9.1} {tail}",
            format!("{label} (median of {runs})"),
            med(0),
            med(1),
            med(2),
            med(3)
        );
    }
}
