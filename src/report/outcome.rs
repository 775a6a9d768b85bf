//! What a gate decided about a report, as plain data that the printers show: the verdict, the
//! waivers and how they were used, the baseline and what became of it. The
//! [`gate`](crate::gate) computes these; this module only defines them, so that report types
//! never depend on gate logic.

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// The outcome of a check at the fail level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Verdict {
    /// No finding at or above the fail level.
    #[default]
    Pass,
    /// At least one.
    Fail,
}

/// One waiver: an accepted, owned, expiring exception for the findings it selects.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Waiver {
    /// Where it is defined (`file:line`), which also identifies it in reports.
    pub source: String,
    /// Rule id, or `*` for every waivable rule.
    pub rule: String,
    /// Entity id, or `*`.
    pub entity: String,
    /// Designator or bom-ref the waiver is limited to.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Manufacturer part number the waiver is limited to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mpn: Option<String>,
    /// BOM file the waiver is limited to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Why the exception is accepted.
    pub reason: String,
    /// Who answers for it.
    pub owner: String,
    /// The ticket or approval reference.
    pub ticket: String,
    /// The last day it waives.
    pub expires: Date,
}

/// Where a waiver stands on the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum WaiverState {
    /// Waiving, and not about to expire.
    Active,
    /// Waiving, and expiring within the warning window.
    Expiring,
    /// Past its expiry date: waives nothing.
    Expired,
}

/// A waiver as it was used in a check.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WaiverUse {
    /// The waiver.
    #[serde(flatten)]
    pub waiver: Waiver,
    /// Its state on the as-of date.
    pub state: WaiverState,
    /// Days from the as-of date to its expiry (negative once expired).
    pub days_left: i64,
    /// How many findings it covers.
    pub matched: usize,
    /// How many of those it waived (not those of non-waivable rules, nor any once expired, nor
    /// those another waiver waived first).
    pub applied: usize,
}

/// One recorded finding of a baseline: its fingerprint and, for people, what it was.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BaselineEntry {
    /// Stable fingerprint: rule, entity and component identity (file, designator, maker,
    /// part number), not the line, so moving rows keeps it.
    pub fingerprint: String,
    /// Rule id.
    pub rule: String,
    /// Entity id.
    pub entity: String,
    /// BOM file.
    pub file: String,
    /// Designators or bom-ref.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Part number.
    pub mpn: String,
}

/// What a baseline did in a check.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BaselineUse {
    /// Entries in the baseline.
    pub entries: usize,
    /// Findings it covered.
    pub matched: usize,
    /// Findings not in it.
    pub new: usize,
    /// Entries that no longer occur.
    pub gone: Vec<BaselineEntry>,
}
