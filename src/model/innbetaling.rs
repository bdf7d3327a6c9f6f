//! An innbetaling (payment to Skatteetaten) and the claims it was placed against.

use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::ids::{InnbetalingsIdentifikator, KravforfallsIdentifikator, PartId};
use super::konto::{Betalingsinformasjon, Konto};
use super::lenient::{null_as_default, opt_date, opt_string};
use super::text::Tekst;
use crate::time::Date;

/// A payment: in `innbetaling` (all payments of a period) and `innbetalingMedUplassertBeloep` (payments not yet
/// fully placed). Signs vary between examples (`innbetaltBeloep` is negative in the Aug 2023 data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Innbetaling {
    /// `partIdentifikator`: whose payment it is.
    #[serde(default, alias = "part")]
    pub part_identifikator: Option<PartId>,
    /// `innbetalingsidentifikator` (also read as `innbetalingsIdentifikator`).
    #[serde(alias = "innbetalingsIdentifikator")]
    pub innbetalingsidentifikator: InnbetalingsIdentifikator,
    /// `innbetalingsdato`: when it was paid.
    #[serde(default, deserialize_with = "opt_date")]
    pub innbetalingsdato: Option<Date>,
    /// `innbetaltBeloep`: the amount paid.
    pub innbetalt_beloep: Amount,
    /// `uplassertBeloep`: the part not yet placed against any claim.
    #[serde(default)]
    pub uplassert_beloep: Option<Amount>,
    /// `mottakersKontonummer` (formerly `betaltTilKonto`): the account it was paid to.
    #[serde(default, alias = "betaltTilKonto")]
    pub mottakers_kontonummer: Option<Konto>,
    /// `innbetaltFra` (formerly `betaltFra`): who paid, from which account, with which KID.
    #[serde(default, alias = "betaltFra")]
    pub innbetalt_fra: Option<Betalingsinformasjon>,
    /// `innbetalingstype`: free text, e.g. "bankoverføring".
    #[serde(default, deserialize_with = "opt_string")]
    pub innbetalingstype: Option<String>,
    /// `plassertKrav` (formerly `plassertInnbetalingMotKrav`): where the payment went.
    #[serde(default, alias = "plassertInnbetalingMotKrav", deserialize_with = "null_as_default")]
    pub plassert_krav: Vec<PlassertKrav>,
}

/// A part of a payment placed against a claim's instalment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlassertKrav {
    /// `kravforfallsIdentifikator` (Skatteetaten spells it `kravforfallIdentifikator` here).
    #[serde(default, alias = "kravforfallIdentifikator", alias = "kravforfallidentifikator")]
    pub kravforfalls_identifikator: Option<KravforfallsIdentifikator>,
    /// `plassertBeloep`.
    pub plassert_beloep: Amount,
    /// `plassertDato` (formerly `plasseringsdato`).
    #[serde(default, alias = "plasseringsdato", deserialize_with = "opt_date")]
    pub plassert_dato: Option<Date>,
    /// `kravbeskrivelse` of the claim (early versions: `dekketKrav`, a plain string).
    #[serde(default, alias = "dekketKrav")]
    pub kravbeskrivelse: Option<Tekst>,
    /// `kravforfallsdato`: the instalment's due date.
    #[serde(default, deserialize_with = "opt_date")]
    pub kravforfallsdato: Option<Date>,
    /// `opprinneligKravforfallsbeloep`: the instalment's original amount.
    #[serde(default)]
    pub opprinnelig_kravforfallsbeloep: Option<Amount>,
    /// `gjenstaaendeKravforfallsbeloep`: what remains of the instalment.
    #[serde(default)]
    pub gjenstaaende_kravforfallsbeloep: Option<Amount>,
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn payment_of_the_2023_08_shape() {
        let i: Innbetaling = serde_json::from_str(
            r#"{"partIdentifikator":"871978433","innbetalingsidentifikator":"FORF-91264797",
            "innbetalingsdato":"2022-01-17","innbetaltBeloep":-51433.0,"plassertKrav":[
              {"kravforfallIdentifikator":"KRAV-33158653","plassertBeloep":51321.0,"plassertDato":"2022-01-17",
               "kravbeskrivelse":{"spraakTekst":[{"tekst":"Mva-melding","spraak":"nb"}]},
               "kravforfallsdato":"2021-12-10","opprinneligKravforfallsbeloep":51321.0,
               "gjenstaaendeKravforfallsbeloep":0.0}]}"#,
        )
        .unwrap();
        assert_eq!(i.innbetalt_beloep.oere(), -5_143_300);
        let p = &i.plassert_krav[0];
        assert_eq!(p.kravforfalls_identifikator.as_ref().unwrap().as_str(), "KRAV-33158653");
        assert_eq!(p.opprinnelig_kravforfallsbeloep.unwrap().oere(), 5_132_100);
        assert_eq!(p.kravforfallsdato.unwrap().to_string(), "2021-12-10");
        assert_eq!(i.uplassert_beloep, None);
    }

    #[test]
    fn payment_of_the_beta_shape() {
        let i: Innbetaling = serde_json::from_str(
            r#"{"part":"310478717","innbetalingsIdentifikator":"2fa5","innbetalingsdato":"2010-09-08T00:00:00.000+02:00",
            "innbetaltBeloep":-4764004.62,"plassertInnbetalingMotKrav":[{"dekketKrav":"Sjokoladeavgift",
              "kravforfallIdentifikator":"e899","kravforfallsdato":"2003-12-21T00:00:00.000+01:00",
              "plasseringsdato":"2010-09-10T00:00:00.000+02:00","plassertBeloep":571848.66,
              "opprinneligKravforfallsbeloep":571848.66,"gjenstaaendeKravforfallsbeloep":0}],
            "uplassertBeloep":-3741214.87,"betaltTilKonto":{"kontonummer":"97443329655"},
            "betaltFra":{"konto":{"kontoeiersNavn":"Bergliot Jørgensen","kontonummer":"65336676689"}}}"#,
        )
        .unwrap();
        assert_eq!(i.part_identifikator.as_ref().unwrap().as_str(), "310478717");
        assert_eq!(i.innbetalingsdato.unwrap().to_string(), "2010-09-08");
        assert_eq!(i.uplassert_beloep.unwrap().oere(), -374_121_487);
        assert_eq!(i.plassert_krav[0].kravbeskrivelse.as_ref().unwrap().get("nb"), Some("Sjokoladeavgift"));
        assert_eq!(i.plassert_krav[0].plassert_dato.unwrap().to_string(), "2010-09-10");
        assert_eq!(i.mottakers_kontonummer.unwrap().kontonummer.unwrap().as_str(), "97443329655");
        let fra = i.innbetalt_fra.unwrap().konto.unwrap();
        assert_eq!(fra.kontoeiers_navn.as_deref(), Some("Bergliot Jørgensen"));
    }
}
