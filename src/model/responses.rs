//! The responses of the three period endpoints: krav, innbetalinger, utbetalinger.

use serde::{Deserialize, Serialize};

use super::ids::PartId;
use super::innbetaling::Innbetaling;
use super::krav::Krav;
use super::lenient::null_as_default;
use super::periode::ForespurtPeriode;
use super::utbetaling::Utbetaling;

/// `GET /{rettighetspakke}/{part}/krav?fraOgMed&tilOgMed`: every claim of the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kravliste {
    /// `partIdentifikator`: the party asked for, as echoed.
    #[serde(default, alias = "part")]
    pub part_identifikator: Option<PartId>,
    /// `periode`: the period, as echoed.
    #[serde(default)]
    pub periode: Option<ForespurtPeriode>,
    /// `skjermet`: data is shielded (absent in the oldest versions, read as `false`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub skjermet: bool,
    /// `krav`: the claims.
    #[serde(default, deserialize_with = "null_as_default")]
    pub krav: Vec<Krav>,
}

/// `GET /{rettighetspakke}/{part}/innbetalinger?fraOgMed&tilOgMed`: every payment of the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Innbetalinger {
    /// `partIdentifikator`: the party asked for, as echoed.
    #[serde(default, alias = "part")]
    pub part_identifikator: Option<PartId>,
    /// `periode`: the period, as echoed.
    #[serde(default)]
    pub periode: Option<ForespurtPeriode>,
    /// `skjermet`: data is shielded.
    #[serde(default, deserialize_with = "null_as_default")]
    pub skjermet: bool,
    /// `innbetaling`: the payments.
    #[serde(default, deserialize_with = "null_as_default")]
    pub innbetaling: Vec<Innbetaling>,
}

/// `GET /{rettighetspakke}/{part}/utbetalinger?fraOgMed&tilOgMed`: every payout of the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Utbetalinger {
    /// `partIdentifikator`: the party asked for, as echoed (the 2024 example echoes another party than the URL's).
    #[serde(default, alias = "part")]
    pub part_identifikator: Option<PartId>,
    /// `periode`: the period, as echoed.
    #[serde(default)]
    pub periode: Option<ForespurtPeriode>,
    /// `skjermet`: data is shielded.
    #[serde(default, deserialize_with = "null_as_default")]
    pub skjermet: bool,
    /// `utbetaling`: the payouts.
    #[serde(default, deserialize_with = "null_as_default")]
    pub utbetaling: Vec<Utbetaling>,
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::model::canonical;

    const KRAV_2023_03: &str = include_str!("../../fixtures/skatteetaten/2023-03-06/krav.json");
    const INN_2022: &str = include_str!("../../fixtures/skatteetaten/2022-12-14/innbetalinger.json");
    const UT_2024: &str = include_str!("../../fixtures/skatteetaten/2024-04-24/utbetalinger.json");

    #[test]
    fn krav_innbetalinger_utbetalinger_read_with_exact_values() {
        let k: Kravliste = serde_json::from_str(KRAV_2023_03).unwrap();
        assert_eq!(k.periode.as_ref().unwrap().til_og_med.unwrap().to_string(), "2023-01-01");
        assert_eq!(k.krav[0].kravforfall[0].plassert_innbetaling[0].plassert_beloep.oere(), -100_000);
        let i: Innbetalinger = serde_json::from_str(INN_2022).unwrap();
        let fra = i.innbetaling[0].innbetalt_fra.as_ref().unwrap(); // from `betaltFra`
        assert_eq!(fra.konto.as_ref().unwrap().kontoeiers_navn.as_deref(), Some("HEVNGJERRIG EKTE KATT KRYDDER"));
        let u: Utbetalinger = serde_json::from_str(UT_2024).unwrap();
        assert_eq!(u.utbetaling.len(), 3);
        let kk = &u.utbetaling[0].grunnlag_for_utbetaling.as_ref().unwrap().kredit_krav[0];
        assert_eq!(kk.kravforfalls_identifikator.as_ref().unwrap().as_str(), "6412123");
        assert_eq!(kk.opprinnelig_beloep.unwrap().oere(), -6_237_400);
        for (src, canon) in [
            (KRAV_2023_03, serde_json::to_string(&k).unwrap()),
            (INN_2022, serde_json::to_string(&i).unwrap()),
            (UT_2024, serde_json::to_string(&u).unwrap()),
        ] {
            let v: serde_json::Value = serde_json::from_str(src).unwrap();
            let part = v["partIdentifikator"].as_str().unwrap();
            assert!(canon.contains(&format!("\"partIdentifikator\":\"{part}\"")), "{canon}");
        }
        assert_eq!(canonical::from_str::<Utbetalinger>(&serde_json::to_string(&u).unwrap()).unwrap(), u);
    }
}
