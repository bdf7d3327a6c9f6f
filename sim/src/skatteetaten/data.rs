//! The response model, in the newest documented shape (2024-04: `spraakTekst` texts, `kravperiode` objects,
//! amounts as JSON floats), and the dataset the routes serve.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount in øre, written as NOK with decimals (`10000.0`). Sums are exact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Nok(pub i64);

impl Serialize for Nok {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0 as f64 / 100.0)
    }
}

impl<'de> Deserialize<'de> for Nok {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        Ok(Self((v * 100.0).round() as i64))
    }
}

impl std::ops::Add for Nok {
    type Output = Nok;
    fn add(self, o: Nok) -> Nok {
        Nok(self.0 + o.0)
    }
}

impl std::iter::Sum for Nok {
    fn sum<I: Iterator<Item = Nok>>(iter: I) -> Nok {
        Nok(iter.map(|n| n.0).sum())
    }
}

/// A localised text: `{"spraakTekst": [{"tekst", "spraak"}]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tekst {
    /// The variants.
    pub spraak_tekst: Vec<SpraakTekst>,
}

/// One language variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpraakTekst {
    /// The text.
    pub tekst: String,
    /// `nb`, `nn` or `en`.
    pub spraak: String,
}

impl Tekst {
    /// A Bokmål text.
    pub fn nb(s: &str) -> Self {
        Self { spraak_tekst: vec![SpraakTekst { tekst: s.to_owned(), spraak: "nb".to_owned() }] }
    }
}

/// The period a claim is for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kravperiode {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periode_beskrivelse: Option<Tekst>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fra_dato: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub til_dato: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termin_teknisk_navn: Option<String>,
}

/// A bank account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Konto {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bankinformasjon: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kontoeiers_navn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kontonummer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "swiftBIC")]
    pub swift_bic: Option<String>,
}

/// How to pay a kravforfall.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Betalingsinformasjon {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kidnummer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub konto: Option<Konto>,
}

/// Where a payment came from or a payout went (`innbetaltFra`, `betaltTil`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Motpart {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kidnummer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub melding_sendt_til_mottaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub konto: Option<Konto>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valutakode: Option<String>,
}

/// A payment placed on a kravforfall (`plassertBeloep` negative, as in the examples).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlassertInnbetaling {
    #[serde(rename = "innbetalingsIdentifikator")]
    pub innbetalings_identifikator: String,
    pub plassert_beloep: Nok,
    pub plassert_dato: String,
    pub innbetalingsdato: String,
    pub innbetalt_beloep: Nok,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub innbetalt_fra: Option<Motpart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub innbetalingstype: Option<String>,
}

/// A credit claim set off against a kravforfall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlassertMotkrav {
    #[serde(rename = "kravforfallsIdentifikator")]
    pub kravforfalls_identifikator: String,
    pub plassert_beloep: Nok,
    pub kravtype: String,
    pub plassert_dato: String,
    pub kravbeskrivelse: Tekst,
    pub forfallsdato: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kravperiode: Option<Kravperiode>,
}

/// One due date of a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kravforfall {
    #[serde(rename = "kravforfallsIdentifikator")]
    pub kravforfalls_identifikator: String,
    pub forfallsdato: String,
    pub opprinnelig_beloep: Nok,
    pub gjenstaaende_beloep: Nok,
    #[serde(default)]
    pub betalingsinformasjon: Betalingsinformasjon,
    #[serde(default)]
    pub plassert_innbetaling: Vec<PlassertInnbetaling>,
    #[serde(default)]
    pub plassert_motkrav: Vec<PlassertMotkrav>,
}

/// A claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Krav {
    pub part_identifikator: String,
    pub kravidentifikator: String,
    pub kravtype: String,
    pub opprinnelig_beloep: Nok,
    pub gjenstaaende_beloep: Nok,
    pub kravforfall: Vec<Kravforfall>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stipulerte_renter: Option<Nok>,
    pub kravbeskrivelse: Tekst,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kravperiode: Option<Kravperiode>,
    pub opprettelsesdato_for_krav: String,
    pub kravgruppe: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fastsettingsmaate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hovedstol_kravidentifikator: Option<String>,
}

/// A claim a payment was placed on (in `innbetaling[].plassertKrav`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlassertKrav {
    pub kravforfall_identifikator: String,
    pub plassert_beloep: Nok,
    pub plassert_dato: String,
    pub kravbeskrivelse: Tekst,
    pub kravforfallsdato: String,
    pub opprinnelig_kravforfallsbeloep: Nok,
    pub gjenstaaende_kravforfallsbeloep: Nok,
}

/// A payment in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Innbetaling {
    pub part_identifikator: String,
    pub innbetalingsidentifikator: String,
    pub innbetalingsdato: String,
    pub innbetalt_beloep: Nok,
    pub uplassert_beloep: Nok,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mottakers_kontonummer: Option<Konto>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub innbetalt_fra: Option<Motpart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub innbetalingstype: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plassert_krav: Vec<PlassertKrav>,
}

/// A credit claim a payout settled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KreditKrav {
    pub kravforfallidentifikator: String,
    pub opprinnelig_beloep: Nok,
    pub gjenstaaende_beloep: Nok,
    pub utbetalt_beloep: Nok,
    pub kravbeskrivelse: Tekst,
    pub kravtype: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kravperiode: Option<Kravperiode>,
}

/// What a payout settled.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GrunnlagForUtbetaling {
    #[serde(default)]
    pub kredit_krav: Vec<KreditKrav>,
}

/// A payout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Utbetaling {
    pub part_identifikator: String,
    pub utbetalingsidentifikator: String,
    pub utbetaltdato: String,
    pub utbetalt_beloep: Nok,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub betalt_til: Option<Motpart>,
    #[serde(default)]
    pub grunnlag_for_utbetaling: GrunnlagForUtbetaling,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utbetalingstatus: Option<String>,
}

/// `totalOversikt`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TotalOversikt {
    pub sum_stipulerte_renter: Nok,
    pub sum_forfalte_krav: Nok,
    pub sum_ikke_forfalte_krav: Nok,
    pub sum_uplasserte_innbetalinger: Nok,
    pub saldo: Nok,
}

/// One entry of `oversiktPerKravgruppe`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OversiktPerKravgruppe {
    pub kravgruppe: String,
    pub sum_stipulerte_renter: Nok,
    pub sum_forfalte_krav: Nok,
    pub sum_ikke_forfalte_krav: Nok,
    pub saldo: Nok,
}

/// The `aapnekrav` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AapneKrav {
    pub part_identifikator: String,
    #[serde(default)]
    pub skjermet: bool,
    #[serde(default)]
    pub aapent_krav_med_gjenstaaende_beloep: Vec<Krav>,
    #[serde(default)]
    pub innbetaling_med_uplassert_beloep: Vec<Innbetaling>,
    #[serde(default)]
    pub total_oversikt: TotalOversikt,
    #[serde(default)]
    pub oversikt_per_kravgruppe: Vec<OversiktPerKravgruppe>,
}

/// The period-endpoint files of `--data DIR` (and the responses): only the list is read from a file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodFile {
    #[serde(default)]
    pub skjermet: bool,
    #[serde(default)]
    pub krav: Vec<Krav>,
    #[serde(default)]
    pub innbetaling: Vec<Innbetaling>,
    #[serde(default)]
    pub utbetaling: Vec<Utbetaling>,
}

/// Everything one party has.
#[derive(Debug, Clone, Default)]
pub struct PartyData {
    /// The `aapnekrav` answer.
    pub aapnekrav: AapneKrav,
    /// Every claim (open or settled), filtered by `opprettelsesdatoForKrav` for `krav`.
    pub krav: Vec<Krav>,
    /// Every payment, filtered by `innbetalingsdato`.
    pub innbetalinger: Vec<Innbetaling>,
    /// Every payout, filtered by `utbetaltdato`.
    pub utbetalinger: Vec<Utbetaling>,
    /// Shielded: every answer has `skjermet: true` and empty lists.
    pub skjermet: bool,
    /// A one-line description for `GET /config`.
    pub story: String,
}

/// The test data.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// The date the generated data is relative to (the simulator's date at start).
    pub today: Option<NaiveDate>,
    /// By party id.
    pub parties: BTreeMap<String, PartyData>,
}

/// Computes `totalOversikt` and `oversiktPerKravgruppe` from open claims and unplaced payments: a kravforfall is
/// overdue (`forfalte`) when its `forfallsdato` is before `today`.
pub fn totals(today: &str, open: &[Krav], unplaced: &[Innbetaling]) -> (TotalOversikt, Vec<OversiktPerKravgruppe>) {
    let mut groups: BTreeMap<&str, OversiktPerKravgruppe> = BTreeMap::new();
    for k in open {
        let g = groups
            .entry(&k.kravgruppe)
            .or_insert_with(|| OversiktPerKravgruppe { kravgruppe: k.kravgruppe.clone(), ..Default::default() });
        for f in &k.kravforfall {
            if f.forfallsdato.as_str() < today {
                g.sum_forfalte_krav = g.sum_forfalte_krav + f.gjenstaaende_beloep;
            } else {
                g.sum_ikke_forfalte_krav = g.sum_ikke_forfalte_krav + f.gjenstaaende_beloep;
            }
        }
        g.sum_stipulerte_renter = g.sum_stipulerte_renter + k.stipulerte_renter.unwrap_or_default();
    }
    let groups: Vec<_> = groups
        .into_values()
        .map(|mut g| {
            g.saldo = g.sum_forfalte_krav + g.sum_ikke_forfalte_krav + g.sum_stipulerte_renter;
            g
        })
        .collect();
    let mut t = TotalOversikt {
        sum_stipulerte_renter: groups.iter().map(|g| g.sum_stipulerte_renter).sum(),
        sum_forfalte_krav: groups.iter().map(|g| g.sum_forfalte_krav).sum(),
        sum_ikke_forfalte_krav: groups.iter().map(|g| g.sum_ikke_forfalte_krav).sum(),
        sum_uplasserte_innbetalinger: unplaced.iter().map(|i| i.uplassert_beloep).sum(),
        saldo: Nok(0),
    };
    t.saldo = Nok(t.sum_forfalte_krav.0 + t.sum_ikke_forfalte_krav.0 + t.sum_stipulerte_renter.0
        - t.sum_uplasserte_innbetalinger.0);
    (t, groups)
}
