//! A krav (claim) with its forfall (instalments) and what has been placed against them.

use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::ids::{
    InnbetalingsIdentifikator, KravforfallsIdentifikator, Kravidentifikator, PartId, UtbetalingsIdentifikator,
};
use super::konto::Betalingsinformasjon;
use super::lenient::{null_as_default, opt_date, opt_string};
use super::periode::Kravperiode;
use super::text::Tekst;
use crate::time::Date;

/// A claim from Skatteetaten: in `aapentKravMedGjenstaaendeBeloep` (open claims) and in `krav` (all claims of a
/// period). Amounts follow Skatteetaten's signs, which vary between examples (credit claims are negative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Krav {
    /// `partIdentifikator`: whose claim it is; may differ from the party asked for (an ENK owner's own tax).
    #[serde(default, alias = "part")]
    pub part_identifikator: Option<PartId>,
    /// `kravidentifikator`.
    pub kravidentifikator: Kravidentifikator,
    /// `kravtype`: a code or label, e.g. `RESTSKATT`, `ARBGAVG`, `Mva-melding` (an open list).
    #[serde(default, deserialize_with = "opt_string")]
    pub kravtype: Option<String>,
    /// `kravbeskrivelse`: what the claim is, e.g. "Restskatt".
    #[serde(default)]
    pub kravbeskrivelse: Option<Tekst>,
    /// `kravgruppe`: e.g. "Skatt", "Merverdiavgift", "Arbeidsgiveravgift" (an open list of labels).
    #[serde(default, deserialize_with = "opt_string")]
    pub kravgruppe: Option<String>,
    /// `kravperiode`: the period the claim concerns.
    #[serde(default)]
    pub kravperiode: Option<Kravperiode>,
    /// `opprettelsesdatoForKrav`: when the claim was created.
    #[serde(default, deserialize_with = "opt_date")]
    pub opprettelsesdato_for_krav: Option<Date>,
    /// `fastsettingsmaate`: `egenfastsatt`, `myndighetsfastsatt` or `blank` (kept as given).
    #[serde(default, deserialize_with = "opt_string")]
    pub fastsettingsmaate: Option<String>,
    /// `hovedstolKravidentifikator`: on an interest claim, the claim it is interest on.
    #[serde(default)]
    pub hovedstol_kravidentifikator: Option<Kravidentifikator>,
    /// `opprinneligBeloep`: the original amount.
    pub opprinnelig_beloep: Amount,
    /// `gjenstaaendeBeloep`: what remains to be paid.
    pub gjenstaaende_beloep: Amount,
    /// `stipulerteRenter`: estimated interest so far.
    #[serde(default)]
    pub stipulerte_renter: Option<Amount>,
    /// `kravforfall`: the instalments.
    #[serde(default, deserialize_with = "null_as_default")]
    pub kravforfall: Vec<Kravforfall>,
}

/// One instalment of a krav, with its due date and payment details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kravforfall {
    /// `kravforfallsIdentifikator`.
    #[serde(default)]
    pub kravforfalls_identifikator: Option<KravforfallsIdentifikator>,
    /// `forfallsdato`: the due date (missing in some early examples).
    #[serde(default, deserialize_with = "opt_date")]
    pub forfallsdato: Option<Date>,
    /// `opprinneligBeloep`: the original amount of this instalment.
    pub opprinnelig_beloep: Amount,
    /// `gjenstaaendeBeloep`: what remains of it.
    pub gjenstaaende_beloep: Amount,
    /// `betalingsinformasjon`: where and with which KID to pay.
    #[serde(default)]
    pub betalingsinformasjon: Option<Betalingsinformasjon>,
    /// `utsattIverksettelse`: postponed enforcement (only in 2022/2023-03 documents).
    #[serde(default)]
    pub utsatt_iverksettelse: Option<bool>,
    /// `plassertInnbetaling`: payments placed against this instalment.
    #[serde(default, deserialize_with = "null_as_default")]
    pub plassert_innbetaling: Vec<PlassertInnbetaling>,
    /// `plassertMotkrav`: counter-claims (credits) set off against it.
    #[serde(default, deserialize_with = "null_as_default")]
    pub plassert_motkrav: Vec<PlassertMotkrav>,
    /// `plassertUtbetaling`: payouts placed against it (on credit claims).
    #[serde(default, deserialize_with = "null_as_default")]
    pub plassert_utbetaling: Vec<PlassertUtbetaling>,
}

/// A payment placed against an instalment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlassertInnbetaling {
    /// `innbetalingsidentifikator` (Skatteetaten spells it `innbetalingsIdentifikator` here).
    #[serde(default, alias = "innbetalingsIdentifikator")]
    pub innbetalingsidentifikator: Option<InnbetalingsIdentifikator>,
    /// `plassertBeloep`: the part of the payment placed here.
    pub plassert_beloep: Amount,
    /// `plassertDato` (formerly `plasseringsdato`).
    #[serde(default, alias = "plasseringsdato", deserialize_with = "opt_date")]
    pub plassert_dato: Option<Date>,
    /// `innbetalingsdato`: when the payment was made.
    #[serde(default, deserialize_with = "opt_date")]
    pub innbetalingsdato: Option<Date>,
    /// `innbetaltBeloep`: the whole payment.
    #[serde(default)]
    pub innbetalt_beloep: Option<Amount>,
    /// `innbetaltFra` (formerly `betaltFra`): who paid, from which account, with which KID.
    #[serde(default, alias = "betaltFra")]
    pub innbetalt_fra: Option<Betalingsinformasjon>,
    /// `innbetalingstype`: free text, e.g. "Innbetalt OCR", "Bankoverføring".
    #[serde(default, deserialize_with = "opt_string")]
    pub innbetalingstype: Option<String>,
}

/// A counter-claim (credit) set off against an instalment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlassertMotkrav {
    /// `kravforfallsIdentifikator`: the counter-claim's instalment (beta: `motkravForfallsIdentifikator`).
    #[serde(default, alias = "motkravForfallsIdentifikator")]
    pub kravforfalls_identifikator: Option<KravforfallsIdentifikator>,
    /// `plassertBeloep`.
    pub plassert_beloep: Amount,
    /// `kravtype` of the counter-claim.
    #[serde(default, deserialize_with = "opt_string")]
    pub kravtype: Option<String>,
    /// `plassertDato` (formerly `plasseringsdato`).
    #[serde(default, alias = "plasseringsdato", deserialize_with = "opt_date")]
    pub plassert_dato: Option<Date>,
    /// `kravbeskrivelse` of the counter-claim (beta: `motkravBeskrivelse`).
    #[serde(default, alias = "motkravBeskrivelse")]
    pub kravbeskrivelse: Option<Tekst>,
    /// `forfallsdato` of the counter-claim (beta: `motkravForfallsdato`).
    #[serde(default, alias = "motkravForfallsdato", deserialize_with = "opt_date")]
    pub forfallsdato: Option<Date>,
    /// `kravperiode` of the counter-claim.
    #[serde(default)]
    pub kravperiode: Option<Kravperiode>,
}

/// A payout placed against an instalment of a credit claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlassertUtbetaling {
    /// `utbetalingsidentifikator`.
    #[serde(default, alias = "utbetalingsIdentifikator")]
    pub utbetalingsidentifikator: Option<UtbetalingsIdentifikator>,
    /// `plassertBeloep`.
    pub plassert_beloep: Amount,
    /// `plassertDato`.
    #[serde(default, alias = "plasseringsdato", deserialize_with = "opt_date")]
    pub plassert_dato: Option<Date>,
    /// `utbetaltBeloep`: the whole payout.
    #[serde(default)]
    pub utbetalt_beloep: Option<Amount>,
    /// `utbetaltDato` (also read as `utbetaltdato`).
    #[serde(default, alias = "utbetaltdato", deserialize_with = "opt_date")]
    pub utbetalt_dato: Option<Date>,
    /// `betaltTil`: where it was paid.
    #[serde(default)]
    pub betalt_til: Option<Betalingsinformasjon>,
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    /// Shapes of the Aug 2023 document (not among the fixtures): a credit claim with a payout, an interest claim,
    /// a counter-claim with a full kravperiode, and the beta-era names.
    #[test]
    fn krav_of_the_2023_08_and_beta_shapes() {
        let k: Krav = serde_json::from_str(
            r#"{"partIdentifikator":"13114614453","kravidentifikator":"248811576","kravtype":"KRAV_UTBET_KRED",
            "opprinneligBeloep":-18335.0,"gjenstaaendeBeloep":0.0,"hovedstolKravidentifikator":"KRAV-33158653",
            "kravforfall":[{"kravforfallsIdentifikator":"361313760","forfallsdato":"2022-01-18",
              "opprinneligBeloep":-18335.0,"gjenstaaendeBeloep":0.0,"betalingsinformasjon":{},
              "plassertUtbetaling":[{"utbetalingsidentifikator":"74423415","utbetaltBeloep":18335.0,
                "utbetaltDato":"2022-01-19","betaltTil":{"meldingSendtTilMottaker":"For mye betalt 17.01.22",
                "konto":{"kontonummer":"54221361434"},"valutakode":"NOK"},"plassertBeloep":18335.0,
                "plassertDato":"2022-01-19"}],
              "plassertMotkrav":[{"motkravBeskrivelse":"Sjokoladeavgift","motkravForfallsIdentifikator":"f72",
                "motkravForfallsdato":"2001-03-07T00:00:00.000+01:00","plassertBeloep":-483567.97,
                "plasseringsdato":"2003-08-01T00:00:00.000+02:00"}]}],
            "kravperiode":{"periodeBeskrivelse":{"spraakTekst":[{"tekst":"Inntektstår","spraak":"nb"}]},"aar":"2022"},
            "kravgruppe":"Skatt"}"#,
        )
        .unwrap();
        assert_eq!(k.opprinnelig_beloep.oere(), -1_833_500);
        assert_eq!(k.hovedstol_kravidentifikator.as_ref().unwrap().as_str(), "KRAV-33158653");
        assert!(!format!("{k:?}").contains("13114614453"), "personal id redacted in Debug");
        let f = &k.kravforfall[0];
        assert_eq!(f.betalingsinformasjon, Some(Betalingsinformasjon::default()));
        let u = &f.plassert_utbetaling[0];
        assert_eq!((u.plassert_beloep.oere(), u.utbetalt_dato.unwrap().to_string()), (1_833_500, "2022-01-19".into()));
        assert_eq!(u.betalt_til.as_ref().unwrap().valutakode.as_deref(), Some("NOK"));
        let m = &f.plassert_motkrav[0];
        assert_eq!(m.kravbeskrivelse.as_ref().unwrap().get("nb"), Some("Sjokoladeavgift"));
        assert_eq!(m.forfallsdato.unwrap().to_string(), "2001-03-07");
        assert_eq!(m.plassert_dato.unwrap().to_string(), "2003-08-01");
        assert_eq!(m.plassert_beloep.oere(), -48_356_797);
        assert_eq!(k.kravperiode.as_ref().unwrap().aar.as_deref(), Some("2022"));
        assert_eq!(k.stipulerte_renter, None);
        // Required fields stay required.
        let missing = serde_json::from_str::<Krav>(r#"{"kravidentifikator":"x","opprinneligBeloep":1}"#);
        assert!(missing.unwrap_err().to_string().contains("gjenstaaendeBeloep"));
    }
}
