//! Time helpers: RFC 3339 and HTTP dates. The simulator's "now" (real time plus the configured offset) is
//! [`crate::state::State::now`].

use chrono::{DateTime, SecondsFormat, Utc};

/// RFC 3339 with microseconds and `+00:00`, as Altinn writes timestamps.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, false)
}

/// Parses an RFC 3339 / ISO 8601 timestamp with an offset (`Z` or `±hh:mm`) and up to 9 fraction digits.
pub fn parse_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

/// An IMF-fixdate for the `Date` header: `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Seconds since the epoch, from a JSON number (integer or fraction, truncated).
pub fn numeric_date(v: &serde_json::Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let t = parse_rfc3339("2025-07-18T06:18:26.65293+02:00").unwrap();
        assert_eq!(rfc3339(t), "2025-07-18T04:18:26.652930+00:00");
        assert_eq!(http_date(t), "Fri, 18 Jul 2025 04:18:26 GMT");
        assert!(parse_rfc3339("2025-07-18").is_none());
        assert_eq!(numeric_date(&serde_json::json!(12.9)), Some(12));
    }
}
