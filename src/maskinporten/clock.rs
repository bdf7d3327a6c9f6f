//! Learning Maskinporten's clock from its `Date` header, so grants' `iat` stays within the ±10 s it accepts even
//! when the local clock drifts.

use crate::{http::HttpResponse, time::Date, time::UnixTime};

/// How far Maskinporten's clock is ahead of ours (negative: behind), in whole seconds. Grants built with it get
/// `iat = now + offset`.
///
/// The `Date` header has one-second resolution and is stamped some time before we read our clock, so offsets of
/// ±1 s are noise and count as zero ([`ClockOffset::from_date`]). Offsets beyond a day are refused: that is a
/// broken proxy or header, not a drifting clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ClockOffset(i64);

/// The largest offset believed, in seconds.
const MAX_PLAUSIBLE_OFFSET_SECS: i64 = 86_400;

impl ClockOffset {
    /// No correction.
    pub const ZERO: Self = Self(0);

    /// An offset of `secs` seconds (server minus local).
    pub const fn from_secs(secs: i64) -> Self {
        Self(secs)
    }

    /// The offset in seconds (server minus local).
    pub const fn secs(self) -> i64 {
        self.0
    }

    /// Our `local` time expressed on the server's clock.
    pub const fn apply(self, local: UnixTime) -> UnixTime {
        local.add_secs(self.0)
    }

    /// The offset shown by a `Date` header value read at local time `received_at`.
    pub fn from_date(date_header: &str, received_at: UnixTime) -> Result<Self, HttpDateError> {
        let server = parse_http_date(date_header)?;
        let raw = server.secs() - received_at.secs();
        if raw.abs() > MAX_PLAUSIBLE_OFFSET_SECS {
            return Err(HttpDateError::Implausible(raw));
        }
        Ok(Self(if raw.abs() <= 1 { 0 } else { raw }))
    }

    /// The offset shown by a response's `Date` header, `None` when it has none or it does not parse (keep the
    /// previous offset then). Use any Maskinporten response, error answers included.
    pub fn from_response(response: &HttpResponse, received_at: UnixTime) -> Option<Self> {
        Self::from_date(response.header_value("date")?, received_at).ok()
    }
}

/// A `Date` header that is not an IMF-fixdate, or an offset too large to believe.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HttpDateError {
    /// Not `Sun, 06 Nov 1994 08:49:37 GMT`.
    #[error("{0:?} is not an HTTP date (IMF-fixdate, e.g. \"Sun, 06 Nov 1994 08:49:37 GMT\")")]
    Format(String),
    /// The server's clock differs from ours by more than a day.
    #[error("server clock differs from ours by {0} s, more than a day: not believed")]
    Implausible(i64),
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Parses an RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT` (the only format servers may send; the
/// obsolete RFC 850 and asctime forms are refused). The weekday must match the date.
pub fn parse_http_date(s: &str) -> Result<UnixTime, HttpDateError> {
    let err = || HttpDateError::Format(s.chars().take(40).collect());
    let b = s.trim().as_bytes();
    let shape = b.len() == 29
        && b.is_ascii()
        && b[3] == b','
        && [4, 7, 11, 16, 25].iter().all(|&i| b[i] == b' ')
        && b[19] == b':'
        && b[22] == b':'
        && &b[26..] == b"GMT";
    if !shape {
        return Err(err());
    }
    let s = s.trim();
    let num = |r: std::ops::Range<usize>| -> Result<i64, HttpDateError> {
        let t = &s[r];
        if t.bytes().all(|c| c.is_ascii_digit()) {
            t.parse().map_err(|_| err())
        } else {
            Err(err())
        }
    };
    let weekday = WEEKDAYS.iter().position(|w| *w == &s[0..3]).ok_or_else(err)?;
    let month = MONTHS.iter().position(|m| *m == &s[8..11]).ok_or_else(err)? as u8 + 1;
    let (day, year) = (num(5..7)?, num(12..16)?);
    let date = Date::new(year as i32, month, day as u8).map_err(|_| err())?;
    if usize::from(date.weekday()) != weekday {
        return Err(err());
    }
    UnixTime::from_date_time(date, num(17..19)?, num(20..22)?, num(23..25)?).ok_or_else(err)
}

/// Formats `t` as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), as a `Date` header carries it.
pub fn format_http_date(t: UnixTime) -> String {
    let date = t.date();
    let (h, m, s) = t.time_of_day();
    format!(
        "{}, {:02} {} {:04} {h:02}:{m:02}:{s:02} GMT",
        WEEKDAYS[usize::from(date.weekday())],
        date.day(),
        MONTHS[usize::from(date.month()) - 1],
        date.year(),
    )
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn parses_imf_fixdate() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap().secs(), 784_111_777);
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT").unwrap().secs(), 0);
        assert_eq!(parse_http_date("Thu, 29 Feb 2024 23:59:59 GMT").unwrap().to_rfc3339(), "2024-02-29T23:59:59Z");
        assert_eq!(parse_http_date(" Wed, 25 Nov 2026 11:40:47 GMT ").unwrap().to_rfc3339(), "2026-11-25T11:40:47Z");
    }

    #[test]
    fn formats_and_round_trips() {
        assert_eq!(format_http_date(UnixTime::from_secs(784_111_777)), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(format_http_date(UnixTime::from_secs(0)), "Thu, 01 Jan 1970 00:00:00 GMT");
        for t in [0, 951_782_400, 1_709_251_199, 1_766_129_217, 4_102_444_800] {
            let t = UnixTime::from_secs(t);
            assert_eq!(parse_http_date(&format_http_date(t)), Ok(t));
        }
    }

    #[test]
    fn refuses_other_date_forms() {
        for bad in [
            "Sunday, 06-Nov-94 08:49:37 GMT", // RFC 850
            "Sun Nov  6 08:49:37 1994",       // asctime
            "Mon, 06 Nov 1994 08:49:37 GMT",  // wrong weekday
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:3x GMT",
            "Sun, +6 Nov 1994 08:49:37 GMT",
            "Sü, 06 Nov 1994 08:49:37 GMT",
            "2026-11-25T11:40:47Z",
            "",
        ] {
            assert!(matches!(parse_http_date(bad), Err(HttpDateError::Format(_))), "{bad:?}");
        }
    }

    #[test]
    fn offset_from_date_header() {
        let server = "Sun, 06 Nov 1994 08:49:37 GMT";
        let at = |s: i64| UnixTime::from_secs(784_111_777 + s);
        assert_eq!(ClockOffset::from_date(server, at(0)).unwrap(), ClockOffset::ZERO);
        // One second either way is the header's rounding, not drift.
        assert_eq!(ClockOffset::from_date(server, at(1)).unwrap(), ClockOffset::ZERO);
        assert_eq!(ClockOffset::from_date(server, at(-1)).unwrap(), ClockOffset::ZERO);
        // Our clock is 30 s fast: the server is 30 s behind us.
        assert_eq!(ClockOffset::from_date(server, at(30)).unwrap().secs(), -30);
        assert_eq!(ClockOffset::from_date(server, at(-12)).unwrap().secs(), 12);
        assert_eq!(ClockOffset::from_date(server, at(-86_401)), Err(HttpDateError::Implausible(86_401)));
        assert_eq!(ClockOffset::from_secs(12).apply(at(0)), at(12));
    }

    #[test]
    fn offset_from_response() {
        let now = UnixTime::from_secs(784_111_777 - 20);
        let resp = HttpResponse::new(400, "{}").header("Date", "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(ClockOffset::from_response(&resp, now), Some(ClockOffset::from_secs(20)));
        assert_eq!(ClockOffset::from_response(&HttpResponse::new(200, ""), now), None);
        let garbled = HttpResponse::new(200, "").header("date", "yesterday");
        assert_eq!(ClockOffset::from_response(&garbled, now), None);
    }
}
