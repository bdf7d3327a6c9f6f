//! Bank accounts and payment details.

use serde::{Deserialize, Serialize};

use super::ids::{Kid, Kontonummer};
use super::lenient::opt_string;

/// A bank account. Every field may be missing (`"konto": {}` occurs); the number may be masked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Konto {
    /// `kontonummer`: 11 digits, or masked (`******43210`).
    #[serde(default)]
    pub kontonummer: Option<Kontonummer>,
    /// `kontoeiersNavn`: the account holder's name.
    #[serde(default, deserialize_with = "opt_string")]
    pub kontoeiers_navn: Option<String>,
    /// `iban`, as given (sometimes with spaces).
    #[serde(default, deserialize_with = "opt_string")]
    pub iban: Option<String>,
    /// `swiftBIC`.
    #[serde(default, rename = "swiftBIC", alias = "swiftBic", deserialize_with = "opt_string")]
    pub swift_bic: Option<String>,
    /// `bankinformasjon`: the bank's name and address as free text.
    #[serde(default, deserialize_with = "opt_string")]
    pub bankinformasjon: Option<String>,
}

/// How to pay, or how a payment was made: `betalingsinformasjon` on a kravforfall (KID and account to pay to),
/// `innbetaltFra` (formerly `betaltFra`) on a payment, `betaltTil` on a payout. Every field is optional
/// (`"betalingsinformasjon": {}` occurs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Betalingsinformasjon {
    /// `kidnummer`: the KID to pay with, or the one paid with.
    #[serde(default)]
    pub kidnummer: Option<Kid>,
    /// `meldingSendtTilMottaker`: the message that went with the payment.
    #[serde(default, deserialize_with = "opt_string")]
    pub melding_sendt_til_mottaker: Option<String>,
    /// `konto`: the account.
    #[serde(default)]
    pub konto: Option<Konto>,
    /// `valutakode`, e.g. `NOK`.
    #[serde(default, deserialize_with = "opt_string")]
    pub valutakode: Option<String>,
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn accounts_read_leniently_and_serialize_canonically() {
        let b: Betalingsinformasjon = serde_json::from_str(
            r#"{"kidnummer":"7900011880501220017","konto":{"kontoeiersNavn":"SKATTEETATEN","kontonummer":76940524802,
                "iban":"NO42 7694 0524 802","swiftBIC":"DNBANOKKXXX","ny":1},"valutakode":"NOK"}"#,
        )
        .unwrap();
        let konto = b.konto.as_ref().unwrap();
        assert_eq!(konto.kontonummer.as_ref().unwrap().as_str(), "76940524802");
        assert_eq!(konto.swift_bic.as_deref(), Some("DNBANOKKXXX"));
        assert_eq!(b.kidnummer.as_ref().unwrap().as_str(), "7900011880501220017");
        let json = serde_json::to_value(&b).unwrap();
        assert_eq!(json["konto"]["swiftBIC"], "DNBANOKKXXX");
        assert_eq!(json["meldingSendtTilMottaker"], serde_json::Value::Null);
        assert_eq!(serde_json::from_value::<Betalingsinformasjon>(json).unwrap(), b);
        let empty: Betalingsinformasjon = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, Betalingsinformasjon::default());
    }
}
