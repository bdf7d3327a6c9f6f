//! Time as data: the core never reads a clock. Callers pass `now` in.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Seconds since the Unix epoch (UTC). The only notion of "now" in the core; always supplied by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnixTime(i64);

impl UnixTime {
    /// A point in time from whole seconds since the epoch.
    pub const fn from_secs(secs: i64) -> Self {
        Self(secs)
    }

    /// A point in time from milliseconds since the epoch (as `Date.now()` gives), rounded down.
    pub const fn from_millis(millis: i64) -> Self {
        Self(millis.div_euclid(1000))
    }

    /// Whole seconds since the epoch.
    pub const fn secs(self) -> i64 {
        self.0
    }

    /// This time moved by `secs` seconds (negative moves back), saturating.
    #[must_use]
    pub const fn add_secs(self, secs: i64) -> Self {
        Self(self.0.saturating_add(secs))
    }

    /// `date` at `hour:minute:second` UTC; `None` unless hour ≤ 23, minute ≤ 59 and second ≤ 60 (a leap second).
    pub(crate) fn from_date_time(date: Date, hour: i64, minute: i64, second: i64) -> Option<Self> {
        let valid = (0..=23).contains(&hour) && (0..=59).contains(&minute) && (0..=60).contains(&second);
        valid.then(|| Self(date.days_since_epoch() * 86_400 + hour * 3600 + minute * 60 + second))
    }

    /// The calendar date (UTC) this time falls on.
    pub fn date(self) -> Date {
        Date::from_days_since_epoch(self.0.div_euclid(86_400))
    }

    /// `(hour, minute, second)` of the day (UTC).
    pub(crate) fn time_of_day(self) -> (i64, i64, i64) {
        let secs = self.0.rem_euclid(86_400);
        (secs / 3600, secs % 3600 / 60, secs % 60)
    }

    /// RFC 3339 / ISO 8601 in UTC with a `Z` suffix, e.g. `2026-11-25T11:40:47Z`.
    pub fn to_rfc3339(self) -> String {
        let (h, m, s) = self.time_of_day();
        format!("{}T{h:02}:{m:02}:{s:02}Z", self.date())
    }

    /// Parses an RFC 3339 timestamp (`2026-07-18T06:18:12.2597103+00:00`, `...Z`); fractions are dropped.
    pub fn parse_rfc3339(s: &str) -> Result<Self, TimeError> {
        let err = || TimeError::Timestamp(s.to_owned());
        let (date, rest) = s.split_once(['T', 't', ' ']).ok_or_else(err)?;
        let date = Date::parse(date).map_err(|_| err())?;
        let bytes = rest.as_bytes();
        if bytes.len() < 8 || bytes[2] != b':' || bytes[5] != b':' {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| -> Result<i64, TimeError> {
            rest.get(r).filter(|t| t.bytes().all(|b| b.is_ascii_digit())).and_then(|t| t.parse().ok()).ok_or_else(err)
        };
        let at = Self::from_date_time(date, num(0..2)?, num(3..5)?, num(6..8)?).ok_or_else(err)?;
        let mut tail = &rest[8..];
        if let Some(frac) = tail.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(err());
            }
            tail = &frac[digits..];
        }
        let offset = match tail {
            "Z" | "z" => 0,
            t if t.len() == 6 && (t.starts_with('+') || t.starts_with('-')) && t.as_bytes()[3] == b':' => {
                let two = |r: std::ops::Range<usize>| {
                    t.get(r).filter(|d| d.bytes().all(|b| b.is_ascii_digit())).and_then(|d| d.parse::<i64>().ok())
                };
                let (oh, om) = (two(1..3).ok_or_else(err)?, two(4..6).ok_or_else(err)?);
                let o = oh * 3600 + om * 60;
                if t.starts_with('-') {
                    -o
                } else {
                    o
                }
            }
            _ => return Err(err()),
        };
        Ok(at.add_secs(-offset))
    }
}

/// A validated calendar date, `YYYY-MM-DD` on the wire.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A date from its parts, if it exists in the proleptic Gregorian calendar (years 1..=9999).
    pub fn new(year: i32, month: u8, day: u8) -> Result<Self, TimeError> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(TimeError::Date(format!("{year:04}-{month:02}-{day:02}")));
        }
        Ok(Self { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Self, TimeError> {
        let b = s.as_bytes();
        let ok_shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !ok_shape {
            return Err(TimeError::Date(s.to_owned()));
        }
        let year = s[0..4].parse().map_err(|_| TimeError::Date(s.to_owned()))?;
        let month = s[5..7].parse().map_err(|_| TimeError::Date(s.to_owned()))?;
        let day = s[8..10].parse().map_err(|_| TimeError::Date(s.to_owned()))?;
        Self::new(year, month, day).map_err(|_| TimeError::Date(s.to_owned()))
    }

    /// The year.
    pub const fn year(self) -> i32 {
        self.year
    }
    /// The month, 1..=12.
    pub const fn month(self) -> u8 {
        self.month
    }
    /// The day of the month, 1..=31.
    pub const fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// This date moved by `days` days.
    #[must_use]
    pub fn add_days(self, days: i64) -> Self {
        Self::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// The same day `years` years later (29 February becomes 28 February in a common year).
    #[must_use]
    pub fn add_years(self, years: i32) -> Self {
        let year = self.year + years;
        let day = self.day.min(days_in_month(year, self.month));
        Self { year, month: self.month, day }
    }

    /// The day of the week: 0 for Monday to 6 for Sunday.
    pub(crate) fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday.
        (self.days_since_epoch() + 3).rem_euclid(7) as u8
    }

    /// Midnight UTC at the start of this date.
    pub fn start(self) -> UnixTime {
        UnixTime(self.days_since_epoch() * 86_400)
    }
}

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

impl std::str::FromStr for Date {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A date or timestamp that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimeError {
    /// Not a valid `YYYY-MM-DD` date.
    #[error("invalid date {0:?}: expected an existing date as YYYY-MM-DD")]
    Date(String),
    /// Not a valid RFC 3339 timestamp.
    #[error("invalid timestamp {0:?}: expected RFC 3339, e.g. 2026-01-31T12:00:00Z")]
    Timestamp(String),
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn dates_round_trip_through_days() {
        for (s, days) in [("1970-01-01", 0), ("2000-02-29", 11_016), ("2023-02-21", 19_409), ("1969-12-31", -1)] {
            let d = Date::parse(s).unwrap();
            assert_eq!(d.days_since_epoch(), days, "{s}");
            assert_eq!(Date::from_days_since_epoch(days), d);
            assert_eq!(d.to_string(), s);
        }
    }

    #[test]
    fn invalid_dates_are_refused() {
        for s in [
            "2023-02-29",
            "2023-13-01",
            "2023-00-10",
            "2023-1-01",
            "23-01-01",
            "2023-01-01T00:00",
            "2023/01/01",
            "2023-04-31",
            "+023-01-01",
            "",
        ] {
            assert!(Date::parse(s).is_err(), "{s} should be refused");
        }
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn add_years_clamps_leap_day() {
        assert_eq!(Date::parse("2024-02-29").unwrap().add_years(1).to_string(), "2025-02-28");
        assert_eq!(Date::parse("2023-01-01").unwrap().add_years(1).to_string(), "2024-01-01");
    }

    #[test]
    fn rfc3339_round_trip_and_offsets() {
        let t = UnixTime::parse_rfc3339("2026-07-18T06:18:12.2597103+00:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-07-18T06:18:12Z");
        let t2 = UnixTime::parse_rfc3339("2026-07-18T08:18:12+02:00").unwrap();
        assert_eq!(t, t2);
        assert_eq!(UnixTime::from_secs(0).to_rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(UnixTime::from_millis(1_999).secs(), 1);
        for bad in ["2026-07-18", "2026-07-18T25:00:00Z", "2026-07-18T06:18:12", "2026-07-18T06:18:12.Z", "x"] {
            assert!(UnixTime::parse_rfc3339(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn odd_offsets_are_refused_not_a_panic() {
        // Found by fuzz/fuzz_targets/ids.rs: a multi-byte character in the offset panicked on a byte slice, and a
        // sign inside the offset's hours was taken as part of the number.
        for bad in ["2023-01-31T10:20:33+-1\u{a0}n", "2023-01-31T10:20:33+ab:cd", "2023-01-31T10:20:33+-1:00"] {
            assert!(UnixTime::parse_rfc3339(bad).is_err(), "{bad:?}");
        }
    }
}
