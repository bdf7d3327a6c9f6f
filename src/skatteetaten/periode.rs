//! The period asked for on the krav, innbetalinger and utbetalinger endpoints.

use std::fmt;

use super::request::RequestError;
use crate::time::Date;

/// A validated `fraOgMed`..`tilOgMed` period (both inclusive): see [`check_periode`] for the rule.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Periode {
    fra_og_med: Date,
    til_og_med: Date,
}

/// The one rule a period must follow: `fraOgMed ≤ tilOgMed ≤ fraOgMed + 1 calendar year`.
///
/// **UNCONFIRMED.** Skatteetaten only says "maks ett år"; whether that is 365 days, a calendar year, or whether
/// `tilOgMed` is inclusive is not documented. This rule takes the calendar year and counts both ends, so
/// `2022-01-01..=2023-01-01` (the Dec 2022 doc's own example) passes and one day more does not. From 29 February,
/// one year later is 28 February. If Skatteetaten's rule turns out narrower it answers KB-006; change it here only.
pub fn check_periode(fra_og_med: Date, til_og_med: Date) -> Result<(), RequestError> {
    if fra_og_med > til_og_med {
        return Err(RequestError::PeriodeReversed { fra_og_med, til_og_med });
    }
    let latest = fra_og_med.add_years(1);
    if til_og_med > latest {
        return Err(RequestError::PeriodeTooLong { fra_og_med, til_og_med, latest_til_og_med: latest });
    }
    Ok(())
}

impl Periode {
    /// A period, if it follows [`check_periode`].
    pub fn new(fra_og_med: Date, til_og_med: Date) -> Result<Self, RequestError> {
        check_periode(fra_og_med, til_og_med)?;
        Ok(Self { fra_og_med, til_og_med })
    }

    /// A period from two `YYYY-MM-DD` strings.
    pub fn parse(fra_og_med: &str, til_og_med: &str) -> Result<Self, RequestError> {
        Self::new(Date::parse(fra_og_med)?, Date::parse(til_og_med)?)
    }

    /// The longest allowed period ending on `til_og_med` (e.g. today, which the caller supplies).
    pub fn year_ending(til_og_med: Date) -> Self {
        let mut fra_og_med = til_og_med.add_years(-1);
        if fra_og_med.add_years(1) < til_og_med {
            fra_og_med = fra_og_med.add_days(1); // 29 Feb: a year back is 28 Feb, whose year ends on 28 Feb
        }
        Self { fra_og_med, til_og_med }
    }

    /// The first day, inclusive.
    pub const fn fra_og_med(self) -> Date {
        self.fra_og_med
    }

    /// The last day, inclusive.
    pub const fn til_og_med(self) -> Date {
        self.til_og_med
    }

    /// The query string, `fraOgMed=YYYY-MM-DD&tilOgMed=YYYY-MM-DD`.
    pub fn query(self) -> String {
        format!("fraOgMed={}&tilOgMed={}", self.fra_og_med, self.til_og_med)
    }
}

impl fmt::Display for Periode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..={}", self.fra_og_med, self.til_og_med)
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn p(fra: &str, til: &str) -> Result<Periode, RequestError> {
        Periode::parse(fra, til)
    }

    #[test]
    fn the_one_year_rule_at_its_edges() {
        assert!(p("2023-01-01", "2024-01-01").is_ok(), "exactly one year");
        assert!(p("2022-01-01", "2023-01-01").is_ok(), "the Dec 2022 doc example");
        assert!(p("2023-05-05", "2023-05-05").is_ok(), "one day");
        assert!(matches!(
            p("2023-01-01", "2024-01-02"),
            Err(RequestError::PeriodeTooLong { latest_til_og_med, .. }) if latest_til_og_med.to_string() == "2024-01-01"
        ));
        assert!(matches!(p("2022-01-01", "2021-12-31"), Err(RequestError::PeriodeReversed { .. })), "doc's inverted");
        // Leap days.
        assert!(p("2024-02-29", "2025-02-28").is_ok());
        assert!(p("2024-02-29", "2025-03-01").is_err());
        assert!(p("2023-03-01", "2024-02-29").is_ok(), "366 days inside a calendar year");
        assert!(p("2023-02-28", "2024-02-29").is_err());
        assert!(p("2023-02-29", "2023-03-01").is_err(), "not a date");
        assert!(matches!(p("2023-1-01", "2023-02-01"), Err(RequestError::Date(_))));
    }

    #[test]
    fn year_ending_is_the_longest_valid_period() {
        for til in ["2024-02-29", "2025-02-28", "2024-03-01", "2023-12-31"] {
            let y = Periode::year_ending(Date::parse(til).unwrap());
            assert!(Periode::new(y.fra_og_med(), y.til_og_med()).is_ok(), "{y}");
            assert!(Periode::new(y.fra_og_med().add_days(-1), y.til_og_med()).is_err(), "{y}");
        }
        assert_eq!(Periode::year_ending(Date::parse("2024-02-29").unwrap()).fra_og_med().to_string(), "2023-03-01");
        assert_eq!(p("2023-01-01", "2023-09-01").unwrap().query(), "fraOgMed=2023-01-01&tilOgMed=2023-09-01");
    }
}
