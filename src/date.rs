//! Civil dates (`YYYY-MM-DD`) for effective dates, deadlines and `--as-of`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A proleptic Gregorian calendar date without time zone.
///
/// Serialises as `"YYYY-MM-DD"`; deserialises from a TOML local date or a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// Builds a date, or `None` when the day does not exist.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(1..=9999).contains(&year) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Today's date in UTC, from the system clock.
    pub fn today_utc() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days((secs / 86_400) as i64)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Number of days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days() - self.days()
    }

    /// The date `n` days later (earlier for negative `n`).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a string is not a date: the whole message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DateError(pub String);

impl DateError {
    /// Not of the form `YYYY-MM-DD`.
    fn form(s: &str) -> DateError {
        DateError(format!(
            "`{s}` is not a date: expected YYYY-MM-DD, e.g. 2023-05-21"
        ))
    }

    /// Of the form, but no such day.
    fn no_such_day(s: &str, year: i32, month: u32, day: u32) -> DateError {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let why = match MONTHS.get((month as usize).wrapping_sub(1)) {
            None => format!("there is no month {month}"),
            Some(_) if day == 0 => "there is no day 0".to_string(),
            Some(name) => format!(
                "{name} {year} has {} days",
                days_in_month(year, month as u8)
            ),
        };
        DateError(format!("`{s}` is not a day that exists: {why}"))
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return Err(DateError::form(s));
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (y, m, d) = (num(0..4), num(5..7), num(8..10));
        match (y, m, d) {
            (Some(y), Some(m), Some(d)) => Date::new(y as i32, m as u8, d as u8)
                .ok_or_else(|| DateError::no_such_day(s, y as i32, m, d)),
            _ => Err(DateError::form(s)),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        use serde::de::Error;
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Toml(toml::value::Datetime),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Text(s) => s.parse().map_err(D::Error::custom),
            Raw::Toml(dt) => match (dt.date, dt.time) {
                (Some(date), None) => Date::new(i32::from(date.year), date.month, date.day)
                    .ok_or_else(|| D::Error::custom(format!("`{dt}` is not a valid date"))),
                _ => Err(D::Error::custom(format!(
                    "`{dt}` has a time or offset: write a plain date such as 2023-05-21"
                ))),
            },
        }
    }
}

/// A date as a TOML file must write it: a bare local date (`from = 2025-06-01`). A quoted
/// date, a number or a date with a time is an error that says how to write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct TomlDate(pub Date);

impl fmt::Display for TomlDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<'de> Deserialize<'de> for TomlDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TomlDate, D::Error> {
        use serde::de::Error;
        match toml::Value::deserialize(d)? {
            toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(date), None, None) => {
                    let (y, m, d) = (i32::from(date.year), date.month, date.day);
                    Date::new(y, m, d).map(TomlDate).ok_or_else(|| {
                        let e =
                            DateError::no_such_day(&dt.to_string(), y, u32::from(m), u32::from(d));
                        D::Error::custom(e)
                    })
                }
                _ => Err(D::Error::custom(format!(
                    "`{dt}` has a time or offset: write a plain date such as 2023-05-21"
                ))),
            },
            toml::Value::String(s) => Err(D::Error::custom(match s.parse::<Date>() {
                Ok(_) => format!("a date is written without quotes: `{s}`, not `\"{s}\"`"),
                Err(e) => format!("{e} (and written without quotes)"),
            })),
            toml::Value::Integer(i) => Err(D::Error::custom(format!(
                "`{i}` is a number, not a date: write YYYY-MM-DD without quotes, e.g. 2025-06-01"
            ))),
            other => Err(D::Error::custom(format!(
                "expected a date such as 2025-06-01, found a {}",
                other.type_str()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_days() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2023-05-21",
            "2027-12-31",
            "1900-03-01",
        ] {
            let d: Date = s.parse().unwrap();
            assert_eq!(Date::from_days(d.days()), d);
            assert_eq!(d.to_string(), s);
        }
        assert_eq!("1970-01-02".parse::<Date>().unwrap().days(), 1);
        let a: Date = "2023-05-20".parse().unwrap();
        let b: Date = "2024-05-20".parse().unwrap();
        assert_eq!(a.days_until(b), 366);
    }

    #[test]
    fn rejects_bad_dates() {
        for s in [
            "2023-02-29",
            "2023-13-01",
            "2023-5-21",
            "20230521",
            "",
            "2023-05-21T00:00",
        ] {
            assert!(s.parse::<Date>().is_err(), "{s}");
        }
    }
}
