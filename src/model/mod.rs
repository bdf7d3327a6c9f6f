//! The response data of the four endpoints, read tolerantly and written canonically.
//!
//! ## Reading (Skatteetaten's JSON)
//!
//! `Deserialize` reads every documented version of Skatteetaten's examples (Dec 2022 to Apr 2024, and the beta
//! shapes before them):
//!
//! - unknown fields are ignored, and every optional field may be missing or `null` (lists become empty);
//! - old and new field names both work: `plasseringsdato`/`plassertDato`, `betaltFra`/`innbetaltFra`,
//!   `betaltTilKonto`/`mottakersKontonummer`, `plassertInnbetalingMotKrav`/`plassertKrav`,
//!   `kravforfallsIdentifikator`/`kravforfallIdentifikator`/`kravforfallidentifikator`,
//!   `innbetalingsidentifikator`/`innbetalingsIdentifikator`, `utbetaltdato`/`utbetaltDato`, `dekketKrav`,
//!   `part`, `{start, slutt}`;
//! - texts are a plain string or `{"spraakTekst": [{"tekst", "spraak"}]}` ([`Tekst`]); `kravperiode` is a string
//!   or an object ([`Kravperiode`]);
//! - amounts are kroner as integers, floats or decimal strings and become exact øre ([`Amount`]), or an error;
//! - dates are `YYYY-MM-DD`, or the date part of a timestamp (early versions);
//! - identifiers are kept as given (strings or integers), unvalidated ([`PartId`], [`Kravidentifikator`], ...).
//!
//! Only what a response is meaningless without is required: a krav's `kravidentifikator`, `opprinneligBeloep`
//! and `gjenstaaendeBeloep`; a kravforfall's two amounts; every `plassertBeloep`; an innbetaling's identifier and
//! `innbetaltBeloep`; an utbetaling's identifier and `utbetaltBeloep`.
//!
//! ## Writing (the canonical JSON)
//!
//! `Serialize` writes one stable shape, whatever version was read. This is what the Worker and the browser
//! package expose:
//!
//! - field names are camelCase, the newest Skatteetaten names; where Skatteetaten spells the same thing
//!   differently on different objects, one spelling: `kravforfallsIdentifikator`, `innbetalingsidentifikator`,
//!   `utbetalingsidentifikator`, `utbetaltDato`;
//! - **amounts are integers in øre** (`10000.0` kr is `1000000`), under the same names;
//! - dates are `"YYYY-MM-DD"`;
//! - texts are an object keyed by language code: `{"nb": "Restskatt"}` (a plain string counts as `nb`);
//! - `kravperiode` is always the object `{periodeBeskrivelse, aar, fraDato, tilDato, terminTekniskNavn}`;
//! - every field of a type is always present: a missing optional value is `null`, a missing list `[]`, and
//!   `skjermet` is `false` when not given.
//!
//! An [`AapneKrav`] in canonical form:
//!
//! ```json
//! {"partIdentifikator": "212201782", "skjermet": false,
//!  "aapentKravMedGjenstaaendeBeloep": [{"partIdentifikator": "212201782", "kravidentifikator": "krav-1234",
//!    "kravtype": "RESTSKATT", "kravbeskrivelse": {"nb": "Restskatt"}, "kravgruppe": "Skatt",
//!    "kravperiode": {"periodeBeskrivelse": {"nb": "2023/02"}, "aar": null, "fraDato": null, "tilDato": null,
//!                    "terminTekniskNavn": null},
//!    "opprettelsesdatoForKrav": "2023-01-30", "fastsettingsmaate": "blank", "hovedstolKravidentifikator": null,
//!    "opprinneligBeloep": 1000000, "gjenstaaendeBeloep": 1000000, "stipulerteRenter": 20000,
//!    "kravforfall": [{"kravforfallsIdentifikator": "93d2…", "forfallsdato": "2023-02-21",
//!      "opprinneligBeloep": 1000000, "gjenstaaendeBeloep": 1000000,
//!      "betalingsinformasjon": {"kidnummer": null, "meldingSendtTilMottaker": null, "valutakode": null,
//!        "konto": {"kontonummer": "63450624804", "kontoeiersNavn": null, "iban": "NO42 6345 06 24804",
//!                  "swiftBIC": "NDEANOKK", "bankinformasjon": "Nordea Bank Norge ASA, …"}},
//!      "utsattIverksettelse": null, "plassertInnbetaling": […], "plassertMotkrav": […], "plassertUtbetaling": []}]}],
//!  "innbetalingMedUplassertBeloep": […],
//!  "totalOversikt": {"sumStipulerteRenter": 40000, "sumForfalteKrav": 2000000, "sumIkkeForfalteKrav": 0,
//!                    "sumUplasserteInnbetalinger": 0, "saldo": 2040000},
//!  "oversiktPerKravgruppe": [{"kravgruppe": "Skatt", "sumStipulerteRenter": 40000, "sumForfalteKrav": 2000000,
//!                             "sumIkkeForfalteKrav": 0, "saldo": 2040000}]}
//! ```
//!
//! Because amounts keep their names but change unit, canonical JSON must be read back with [`canonical::from_str`]
//! (or inside [`canonical::with_oere_amounts`]); plain `serde_json::from_str` would take the øre for kroner.

mod aapne_krav;
mod amount;
pub mod canonical;
mod ids;
mod innbetaling;
mod konto;
mod krav;
mod lenient;
mod number;
mod periode;
mod responses;
mod text;
mod utbetaling;

pub use aapne_krav::{AapneKrav, OversiktPerKravgruppe, TotalOversikt};
pub use amount::{Amount, AmountError};
pub use ids::{
    InnbetalingsIdentifikator, Kid, Kontonummer, KravforfallsIdentifikator, Kravidentifikator, PartId,
    UtbetalingsIdentifikator,
};
pub use innbetaling::{Innbetaling, PlassertKrav};
pub use konto::{Betalingsinformasjon, Konto};
pub use krav::{Krav, Kravforfall, PlassertInnbetaling, PlassertMotkrav, PlassertUtbetaling};
pub use periode::{ForespurtPeriode, Kravperiode};
pub use responses::{Innbetalinger, Kravliste, Utbetalinger};
pub use text::{Tekst, DEFAULT_SPRAAK};
pub use utbetaling::{GrunnlagForUtbetaling, KreditKrav, Utbetaling};
