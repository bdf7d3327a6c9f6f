//! An utbetaling (payout from Skatteetaten) and the credit claims it settles.

use serde::{Deserialize, Serialize};

use super::amount::Amount;
use super::ids::{KravforfallsIdentifikator, PartId, UtbetalingsIdentifikator};
use super::konto::Betalingsinformasjon;
use super::lenient::{null_as_default, opt_date, opt_string};
use super::periode::Kravperiode;
use super::text::Tekst;
use crate::time::Date;

/// A payout, in `utbetaling`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Utbetaling {
    /// `partIdentifikator`: who was paid.
    #[serde(default, alias = "part")]
    pub part_identifikator: Option<PartId>,
    /// `utbetalingsidentifikator`.
    #[serde(alias = "utbetalingsIdentifikator")]
    pub utbetalingsidentifikator: UtbetalingsIdentifikator,
    /// `utbetaltDato` (Skatteetaten spells it `utbetaltdato` here).
    #[serde(default, alias = "utbetaltdato", deserialize_with = "opt_date")]
    pub utbetalt_dato: Option<Date>,
    /// `utbetaltBeloep`: the amount paid out.
    pub utbetalt_beloep: Amount,
    /// `utbetalingsbeskrivelse`: named in the field table, not in any example.
    #[serde(default)]
    pub utbetalingsbeskrivelse: Option<Tekst>,
    /// `betaltTil`: where it was paid, with the message to the receiver.
    #[serde(default)]
    pub betalt_til: Option<Betalingsinformasjon>,
    /// `grunnlagForUtbetaling`: why: the credit claims paid out.
    #[serde(default)]
    pub grunnlag_for_utbetaling: Option<GrunnlagForUtbetaling>,
    /// `utbetalingstatus`, e.g. `bekreftet` (kept as given).
    #[serde(default, deserialize_with = "opt_string")]
    pub utbetalingstatus: Option<String>,
}

/// The basis of a payout.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GrunnlagForUtbetaling {
    /// `kreditKrav`: the credit claims (refunds, overpayments) paid out.
    #[serde(default, deserialize_with = "null_as_default")]
    pub kredit_krav: Vec<KreditKrav>,
}

/// A credit claim behind a payout. Its `opprinneligBeloep` is negative in the example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KreditKrav {
    /// `kravforfallsIdentifikator` (Skatteetaten spells it `kravforfallidentifikator` here).
    #[serde(default, alias = "kravforfallidentifikator", alias = "kravforfallIdentifikator")]
    pub kravforfalls_identifikator: Option<KravforfallsIdentifikator>,
    /// `opprinneligBeloep`.
    #[serde(default)]
    pub opprinnelig_beloep: Option<Amount>,
    /// `gjenstaaendeBeloep`.
    #[serde(default)]
    pub gjenstaaende_beloep: Option<Amount>,
    /// `utbetaltBeloep`: the part of the payout from this claim.
    #[serde(default)]
    pub utbetalt_beloep: Option<Amount>,
    /// `kravbeskrivelse`.
    #[serde(default)]
    pub kravbeskrivelse: Option<Tekst>,
    /// `kravtype`, e.g. `RESTERENDE_SKT_TILB`.
    #[serde(default, deserialize_with = "opt_string")]
    pub kravtype: Option<String>,
    /// `kravperiode`.
    #[serde(default)]
    pub kravperiode: Option<Kravperiode>,
}
