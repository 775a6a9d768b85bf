//! Check bills of materials against jurisdictional vendor bans: which BOM line names a vendor
//! that a law, a regulation or an official list restricts, for whom, since when, and why.
//!
//! Data flows one way: [`rules`] (TOML, one file per legal instrument; their format is
//! documented in that module) are validated into a [`RuleSet`] and its index; a
//! [BOM](bom) (CSV and workbooks, CycloneDX, SPDX, bomgate TOML) is read into
//! [`Component`]s; a [`Checker`] judges them in a [`Context`] (date, jurisdictions, buyer
//! roles, segments, purposes) into a [`Report`] of [`Finding`]s with their evidence; a
//! [`gate::Policy`] (fail level, waivers, baseline) decides a CI verdict; the [`report`]
//! printers render it (text, JSON, SARIF, JUnit, GitHub, Markdown, HTML).
//!
//! ```
//! use bomgate::{Bom, Checker, Context, Date, RuleSet, Severity};
//!
//! // Rules: the shipped set (or RuleSet::builder().shipped().path("my-rules")?.build()?).
//! let rules = RuleSet::shipped()?;
//!
//! // A BOM: from a path, a reader or bytes; the format is detected.
//! let csv = "Designator,Manufacturer,MPN\nU1,Micron Technology Inc.,MT41K256M16TW-107:P\nU2,Microchip,ATSAMD21G18A\n";
//! let bom = Bom::from_bytes("board.csv", csv.as_bytes(), &Default::default())?;
//!
//! // Check, in a context: CII operators in China, on 2024-01-01.
//! let ctx = Context::new("2024-01-01".parse::<Date>()?).role("cii-operator");
//! let report = bomgate::check(&rules, &bom, ctx)?;
//! assert_eq!(report.summary.deny, 1);
//! let f = &report.findings[0];
//! assert_eq!((f.rule.as_str(), f.component.reference.as_str()), ("cn-cac-2023-micron", "U1"));
//! assert_eq!(f.severity, Severity::Deny);
//!
//! // Large BOMs stream: a Checker takes one component at a time.
//! let mut checker = Checker::new(&rules, Context::today())?;
//! checker.check_bytes("board.csv", csv.as_bytes(), &Default::default())?;
//! assert!(checker.finish().fails());
//!
//! // A CI gate decides on a report with a policy: fail level, waivers, baseline.
//! use bomgate::{FailLevel, Policy};
//! let gated = Policy::default().fail_on(FailLevel::Never).apply(&rules, report);
//! assert!(!gated.fails() && gated.summary.deny == 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The library returns typed [errors](Error) naming file, line and column, and never panics,
//! prints or exits on bad input. Without the command line:
//! `bomgate = { version = "0.1", default-features = false }`; it then starts no thread
//! ([`Checker::fork`] and [`Checker::absorb`] let a caller check files in parallel). With the
//! `threads` feature (part of the default `cli`), a BOM of a mebibyte or more is read and
//! parsed on a second thread while the calling thread checks it, and hashed on a third, and
//! [`Report::write_json`] serialises the findings of a large report on every core: the same
//! components in the same order, the same report, byte for byte.
//!
//! It is **not legal advice**: the shipped rules encode published facts with their sources and
//! mark where their scope is an interpretation. A clean report means that no listed entity was
//! recognised in the BOM, not that the product is compliant.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod bom;
pub mod check;
pub mod date;
pub mod error;
pub mod explain;
pub mod gate;
mod hash;
pub mod ident;
pub mod normalize;
pub mod report;
pub mod rules;
pub mod timeline;

/// The README's code blocks run as doctests, so that its examples stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub use bom::{Bom, BomFormat, Component, ReadOptions};
pub use check::{Checker, Context, check};
pub use date::Date;
pub use error::{Diagnostic, Error};
pub use gate::{Baseline, FailLevel, Policy, Waiver};
/// The gate's modules, also at their earlier paths (`bomgate::config`, …).
pub use gate::{baseline, config, waiver};
pub use report::{Finding, Report};
pub use rules::{RuleSet, Severity};
