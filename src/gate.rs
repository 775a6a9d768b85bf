//! The gate: what a CI job decides from a report. The core ([`check`](mod@crate::check)) turns rules,
//! BOMs and a context into findings with severities; the gate takes that report and a
//! [`Policy`] — fail level, waivers, baseline — marks waived and baselined findings, warns about
//! waivers and baseline entries that need attention, and sets the verdict.
//!
//! ```
//! use bomgate::gate::{FailLevel, Policy};
//! use bomgate::{Checker, Context, RuleSet, Severity};
//! let rules = RuleSet::shipped()?;
//! let mut checker = Checker::new(&rules, Context::new("2024-01-01".parse()?).role("cii-operator"))?;
//! checker.check_bytes("bom.csv", b"Ref,Manufacturer\nU1,Micron\n", &Default::default())?;
//! let report = checker.finish();
//! // Fail on nothing: the deny finding stays in the report, the verdict is `pass`.
//! let gated = Policy::default().fail_on(FailLevel::Never).apply(&rules, report);
//! assert_eq!(gated.summary.deny, 1);
//! assert!(!gated.fails());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod baseline;
pub mod config;
mod decide;
mod level;
pub mod waiver;

pub use baseline::Baseline;
pub use level::{FailLevel, Unscreenable};
pub use waiver::Waiver;

use crate::report::Report;
use crate::rules::RuleSet;

/// How the gate decides: the fail level, the waivers in force and the baseline.
#[derive(Clone, Debug)]
pub struct Policy {
    /// The lowest severity that fails the check, or never.
    pub fail_on: FailLevel,
    /// Accepted exceptions; the first that covers a finding and has not expired waives it.
    pub waivers: Vec<Waiver>,
    /// Warn about waivers that expire within this many days.
    pub waiver_warning_days: i64,
    /// Findings recorded here do not fail; recorded ones that are gone are reported.
    pub baseline: Option<Baseline>,
    /// What a check in which nothing could be screened does (`Error` is the command's exit
    /// 2; applied to a report, it fails like `Fail`).
    pub unscreenable: Unscreenable,
}

impl Default for Policy {
    /// Fail on `deny`, no waivers (warning 30 days before one expires), no baseline.
    fn default() -> Policy {
        Policy {
            fail_on: FailLevel::default(),
            waivers: Vec::new(),
            waiver_warning_days: 30,
            baseline: None,
            unscreenable: Unscreenable::Error,
        }
    }
}

impl Policy {
    /// Sets the fail level.
    pub fn fail_on(mut self, level: FailLevel) -> Policy {
        self.fail_on = level;
        self
    }

    /// Adds waivers.
    pub fn waivers(mut self, waivers: impl IntoIterator<Item = Waiver>) -> Policy {
        self.waivers.extend(waivers);
        self
    }

    /// Warn about waivers that expire within this many days (default 30).
    pub fn waiver_warning_days(mut self, days: i64) -> Policy {
        self.waiver_warning_days = days;
        self
    }

    /// Sets what a check in which nothing could be screened does.
    pub fn unscreenable(mut self, policy: Unscreenable) -> Policy {
        self.unscreenable = policy;
        self
    }

    /// Sets a baseline.
    pub fn baseline(mut self, baseline: Baseline) -> Policy {
        self.baseline = Some(baseline);
        self
    }

    /// Decides a report: marks waived and baselined findings, records how each waiver and the
    /// baseline were used, adds the warnings a reviewer must see (before the core's), and sets
    /// the counts of waived, baselined and failing findings and the verdict. `rules` says which
    /// rules refuse waivers.
    pub fn apply(&self, rules: &RuleSet, report: Report) -> Report {
        decide::apply(self, rules, report)
    }
}
