//! Paying what is open: the payments a netbank prefills its own payment form from (one per open instalment with a
//! valid KID and account, never more than is left), with the checks of account numbers, IBANs and KIDs they rest
//! on, and the same payments as an ISO 20022 `pain.001.001.09` file for accounting systems. Pure: `today` and the
//! file's creation time are passed in.
//!
//! ```
//! use kravkit::model::{canonical, AapneKrav};
//! use kravkit::pay::{betalinger, Selection};
//! use kravkit::present::Lang;
//! use kravkit::Date;
//!
//! let aapne: AapneKrav = canonical::from_str(r#"{"aapentKravMedGjenstaaendeBeloep":[{"kravidentifikator":"k1",
//!   "kravbeskrivelse":{"nb":"Restskatt"},"opprinneligBeloep":1000000,"gjenstaaendeBeloep":400000,
//!   "kravforfall":[{"forfallsdato":"2023-02-21","opprinneligBeloep":1000000,"gjenstaaendeBeloep":400000,
//!     "betalingsinformasjon":{"kidnummer":"7900011880501220017",
//!       "konto":{"kontonummer":"63450624804","swiftBIC":"NDEANOKK"}}}]}]}"#).unwrap();
//! let due = betalinger(&aapne, &Selection::Overdue, Date::parse("2023-03-01").unwrap(), Lang::Nb);
//! assert_eq!(due.betalinger[0].beloep.oere(), 400_000);
//! assert_eq!(due.betalinger[0].konto.iban, "NO4263450624804");
//! ```

mod account;
mod kid;
mod pain001;
mod payments;

#[cfg(test)]
mod pain001_tests;
#[cfg(test)]
mod tests;

pub use account::{iban_of, valid_iban, valid_kontonummer, AccountError, CreditorAccount};
pub use kid::{kid_mod10, valid_kid};
pub use pain001::{execution_date, pain001, Debtor, Pain001Error, PaymentFile, NAMESPACE};
pub use payments::{
    betalinger, forfall_payable, krav_payable, payable, Betaling, Betalinger, Payable, Selection, SkipReason, Skipped,
};
