#![doc = include_str!("../README.md")]
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

pub use bom::{Bom, BomFormat, Component, ReadOptions};
pub use check::{Checker, Context, check};
pub use date::Date;
pub use error::{Diagnostic, Error};
pub use gate::{Baseline, FailLevel, Policy, Waiver};
/// The gate's modules, also at their earlier paths (`bomgate::config`, …).
pub use gate::{baseline, config, waiver};
pub use report::{Finding, Report};
pub use rules::{RuleSet, Severity};
