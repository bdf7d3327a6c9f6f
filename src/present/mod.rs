//! What the widget shows, as data: sorting, grouping per kravgruppe, overdue flags relative to a `today` passed
//! in, number and date formatting for bokmål, nynorsk and English, CSV, and every label. Pure: no I/O, no clock,
//! so the browser's DOM layer stays thin and all of this is tested natively.
//!
//! ```
//! use kravkit::api::endpoint::Data;
//! use kravkit::model::{AapneKrav, canonical};
//! use kravkit::present::{Lang, View};
//! use kravkit::Date;
//!
//! let json = r#"{"partIdentifikator":"212201782","aapentKravMedGjenstaaendeBeloep":[
//!   {"kravidentifikator":"k1","kravbeskrivelse":{"nb":"Restskatt","en":"Residual tax"},
//!    "opprinneligBeloep":1000000,"gjenstaaendeBeloep":1000000,
//!    "kravforfall":[{"forfallsdato":"2023-02-21","opprinneligBeloep":1000000,"gjenstaaendeBeloep":1000000}]}],
//!   "totalOversikt":{"saldo":1000000,"sumForfalteKrav":1000000}}"#;
//! let view = View::new(Data::AapneKrav(canonical::from_str(json).unwrap()), Date::parse("2023-03-01").unwrap());
//! let page = view.page(Lang::En, 0, 50);
//! assert_eq!(page.rows[0].cells[0], "Residual tax");
//! assert_eq!(page.rows[0].days_overdue, Some(8));
//! assert_eq!(view.summary(Lang::Nb).unwrap().totals[0].value, "kr\u{a0}10\u{a0}000,00");
//! ```

mod csv;
mod detail;
mod format;
mod labels;
mod shown;
mod summary;
mod view;

#[cfg(test)]
mod tests;

pub use csv::{field as csv_field, separator as csv_separator};
pub use format::{
    format_amount, format_amount_csv, format_count, format_date, format_date_csv, format_kontonummer, format_party,
};
pub use labels::Label;
pub use shown::{Column, Counts, Detail, Field, Group, Page, Row, Section, Status, SubTable, Summary, Total};
pub use view::{due_date, krav_status, krav_title, periode_text, View};

use crate::skatteetaten::Periode;
use crate::time::Date;

/// A language of the widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Norwegian bokmål, the default.
    #[default]
    Nb,
    /// Norwegian nynorsk.
    Nn,
    /// English.
    En,
}

impl Lang {
    /// Every language.
    pub const ALL: &'static [Lang] = &[Lang::Nb, Lang::Nn, Lang::En];

    /// Reads a language tag: `nb`, `nn`, `en`, with or without a region (`nb-NO`, `en-GB`); `no` is bokmål.
    /// `None` for anything else.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "nb" | "no" => Some(Self::Nb),
            "nn" => Some(Self::Nn),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// Like [`Lang::parse`], falling back to bokmål.
    pub fn parse_or_default(tag: &str) -> Self {
        Self::parse(tag).unwrap_or_default()
    }

    /// The code: `nb`, `nn` or `en`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Nb => "nb",
            Self::Nn => "nn",
            Self::En => "en",
        }
    }

    /// The languages to pick a [`Tekst`](crate::model::Tekst) in, best first (bokmål is the fallback of
    /// [`Tekst::best`](crate::model::Tekst::best) anyway).
    pub const fn preferred(self) -> &'static [&'static str] {
        match self {
            Self::Nb => &["nb", "no", "nn"],
            Self::Nn => &["nn", "nb", "no"],
            Self::En => &["en", "nb", "no"],
        }
    }
}

/// How many days before a consent runs out the widget offers to renew it.
pub const RENEW_CONSENT_DAYS: i64 = 14;

/// The days left of a consent valid to `valid_to` (its last day) on `today`, once they are
/// [`RENEW_CONSENT_DAYS`] or fewer (0 on the last day); `None` before that, and after it.
pub fn consent_days_left(valid_to: Date, today: Date) -> Option<i64> {
    let left = valid_to.days_since_epoch() - today.days_since_epoch();
    (0..=RENEW_CONSENT_DAYS).contains(&left).then_some(left)
}

/// The period a period picker starts with: the year ending `today` (the longest the API allows).
pub fn default_periode(today: Date) -> Periode {
    Periode::year_ending(today)
}

/// The latest `tilOgMed` allowed with this `fraOgMed` (one calendar year later, see
/// [`check_periode`](crate::skatteetaten::check_periode)): the `max` of a period picker's end date.
pub fn latest_til_og_med(fra_og_med: Date) -> Date {
    fra_og_med.add_years(1)
}

/// The earliest `fraOgMed` allowed with this `tilOgMed`: the `min` of a period picker's start date.
pub fn earliest_fra_og_med(til_og_med: Date) -> Date {
    Periode::year_ending(til_og_med).fra_og_med()
}
