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

pub mod baseline;
pub mod bom;
pub mod check;
pub mod config;
pub mod date;
pub mod error;
mod hash;
mod index;
pub mod normalize;
pub mod report;
pub mod rules;
pub mod waiver;

pub use baseline::Baseline;
pub use bom::{Bom, BomFormat, Component, ReadOptions};
pub use check::{Checker, Context, check};
pub use date::Date;
pub use error::{Diagnostic, Error};
pub use report::{Finding, Report};
pub use rules::{RuleSet, Severity};
pub use waiver::Waiver;
