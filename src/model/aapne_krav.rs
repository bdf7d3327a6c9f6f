//! The Åpne krav response: open claims, unplaced payments and totals.

use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::ids::PartId;
use super::innbetaling::Innbetaling;
use super::krav::Krav;
use super::lenient::{null_as_default, opt_string};

/// `GET /{rettighetspakke}/{part}/aapnekrav`: the party's open claims with what remains, payments not yet placed,
/// and totals (the totals are missing from some documented examples, hence optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AapneKrav {
    /// `partIdentifikator`: the party asked for, as echoed (not validated; compare with [`PartId::is`]).
    #[serde(default, alias = "part")]
    pub part_identifikator: Option<PartId>,
    /// `skjermet`: data is shielded and left out; absent in the oldest versions (read as `false`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub skjermet: bool,
    /// `aapentKravMedGjenstaaendeBeloep`: open claims.
    #[serde(default, deserialize_with = "null_as_default")]
    pub aapent_krav_med_gjenstaaende_beloep: Vec<Krav>,
    /// `innbetalingMedUplassertBeloep`: payments not (fully) placed against claims.
    #[serde(default, deserialize_with = "null_as_default")]
    pub innbetaling_med_uplassert_beloep: Vec<Innbetaling>,
    /// `totalOversikt`: the sums over everything.
    #[serde(default)]
    pub total_oversikt: Option<TotalOversikt>,
    /// `oversiktPerKravgruppe`: the sums per claim group (empty when not given).
    #[serde(default, deserialize_with = "null_as_default")]
    pub oversikt_per_kravgruppe: Vec<OversiktPerKravgruppe>,
}

/// The sums over all open claims. Each may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TotalOversikt {
    /// `sumStipulerteRenter`: estimated interest.
    #[serde(default)]
    pub sum_stipulerte_renter: Option<Amount>,
    /// `sumForfalteKrav`: due claims.
    #[serde(default)]
    pub sum_forfalte_krav: Option<Amount>,
    /// `sumIkkeForfalteKrav`: claims not yet due.
    #[serde(default)]
    pub sum_ikke_forfalte_krav: Option<Amount>,
    /// `sumUplasserteInnbetalinger`: unplaced payments.
    #[serde(default)]
    pub sum_uplasserte_innbetalinger: Option<Amount>,
    /// `saldo`: the balance.
    #[serde(default)]
    pub saldo: Option<Amount>,
}

/// The sums for one claim group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OversiktPerKravgruppe {
    /// `kravgruppe`, e.g. "Skatt".
    #[serde(default, deserialize_with = "opt_string")]
    pub kravgruppe: Option<String>,
    /// `sumStipulerteRenter`.
    #[serde(default)]
    pub sum_stipulerte_renter: Option<Amount>,
    /// `sumForfalteKrav`.
    #[serde(default)]
    pub sum_forfalte_krav: Option<Amount>,
    /// `sumIkkeForfalteKrav`.
    #[serde(default)]
    pub sum_ikke_forfalte_krav: Option<Amount>,
    /// `saldo`.
    #[serde(default)]
    pub saldo: Option<Amount>,
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::model::canonical;

    const V2024: &str = include_str!("../../fixtures/skatteetaten/2024-04-24/aapnekrav.json");
    const V2022: &str = include_str!("../../fixtures/skatteetaten/2022-12-14/aapnekrav.json");
    const AEB: &str = include_str!("../../fixtures/skatteetaten/2024-04-24-aeb4591d/aapnekrav.json");

    #[test]
    fn the_2024_example_reads_with_exact_values() {
        let a: AapneKrav = serde_json::from_str(V2024).unwrap();
        assert_eq!(a.part_identifikator.as_ref().unwrap().as_str(), "212201782");
        assert!(!a.skjermet);
        assert_eq!(a.aapent_krav_med_gjenstaaende_beloep.len(), 2);
        let k = &a.aapent_krav_med_gjenstaaende_beloep[1];
        assert_eq!(k.part_identifikator.as_ref().unwrap().as_str(), "04827896468");
        assert_eq!(k.gjenstaaende_beloep.oere(), 1_000_000);
        assert_eq!(k.stipulerte_renter.unwrap().oere(), 20_000);
        assert_eq!(k.kravbeskrivelse.as_ref().unwrap().get("nb"), Some("Restskatt"));
        let f = &k.kravforfall[0];
        assert_eq!(f.forfallsdato.unwrap().to_string(), "2023-02-21");
        let konto = f.betalingsinformasjon.as_ref().unwrap().konto.as_ref().unwrap();
        assert_eq!(konto.iban.as_deref(), Some("NO42 6345 06 24804"));
        assert_eq!(f.plassert_innbetaling[0].plassert_beloep.oere(), -100_000);
        assert_eq!(f.plassert_innbetaling[0].innbetalt_beloep.unwrap().oere(), 0);
        let t = a.total_oversikt.as_ref().unwrap();
        assert_eq!(t.saldo.unwrap().oere(), 2_040_000);
        assert_eq!(t.sum_forfalte_krav.unwrap().oere(), 2_000_000);
        assert_eq!(a.oversikt_per_kravgruppe[0].kravgruppe.as_deref(), Some("Skatt"));
        assert_eq!(a.innbetaling_med_uplassert_beloep[0].innbetalt_beloep.oere(), 100_000);
    }

    #[test]
    fn the_2022_example_reads_old_names_into_new_fields() {
        let a: AapneKrav = serde_json::from_str(V2022).unwrap();
        let k = &a.aapent_krav_med_gjenstaaende_beloep[0];
        assert_eq!(k.kravbeskrivelse.as_ref().unwrap().get("nb"), Some("Restskatt"));
        assert_eq!(k.kravperiode.as_ref().unwrap().periode_beskrivelse.as_ref().unwrap().get("nb"), Some("2022/09"));
        let p = &k.kravforfall[0].plassert_innbetaling[0];
        assert_eq!(p.plassert_dato.unwrap().to_string(), "2022-09-28");
        assert_eq!(p.innbetalt_fra.as_ref().unwrap().konto, Some(Default::default()));
        let i = &a.innbetaling_med_uplassert_beloep[0];
        assert_eq!(i.mottakers_kontonummer.as_ref().unwrap().kontonummer.as_ref().unwrap().as_str(), "98766543210");
        assert_eq!(a.total_oversikt.unwrap().saldo.unwrap().oere(), 102_000);
        assert!(!a.skjermet);
    }

    #[test]
    fn canonical_json_round_trips() {
        for src in [V2024, V2022, AEB] {
            let a: AapneKrav = serde_json::from_str(src).unwrap();
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(canonical::from_str::<AapneKrav>(&json).unwrap(), a);
        }
        let a: AapneKrav = serde_json::from_str(AEB).unwrap();
        assert_eq!((a.total_oversikt, a.oversikt_per_kravgruppe.len()), (None, 0));
    }
}
