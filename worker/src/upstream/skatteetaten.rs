//! The four Krav og betalinger endpoints: the core prepares and parses, this sends (GET, retried on 5xx /
//! DAS-003) and maps Skatteetaten's error codes to problems. Bodies come back as the core model's canonical JSON.

use kravkit::api::problem::ProblemCode;
use kravkit::{
    ids::PartIdentifikator,
    model::{AapneKrav, ForespurtPeriode, Innbetalinger, Kravliste, PartId, Utbetalinger},
    skatteetaten::{
        parse_aapne_krav, parse_innbetalinger, parse_krav, parse_utbetalinger, prepare_aapne_krav,
        prepare_innbetalinger, prepare_krav, prepare_utbetalinger, ApiError, Auth, Feilkode, Periode,
    },
};
use serde::Serialize;

use super::http::{get_with_retry, Api};
use crate::{config::need, context::Ctx, problem::Problem};

/// One of the four endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// Open claims.
    AapneKrav,
    /// Claims of a period.
    Krav,
    /// Payments of a period.
    Innbetalinger,
    /// Payouts of a period.
    Utbetalinger,
}

impl Endpoint {
    /// From the path segment.
    pub fn parse(segment: &str) -> Option<Self> {
        match segment {
            "aapnekrav" => Some(Self::AapneKrav),
            "krav" => Some(Self::Krav),
            "innbetalinger" => Some(Self::Innbetalinger),
            "utbetalinger" => Some(Self::Utbetalinger),
            _ => None,
        }
    }

    /// The path segment.
    pub const fn name(self) -> &'static str {
        match self {
            Self::AapneKrav => "aapnekrav",
            Self::Krav => "krav",
            Self::Innbetalinger => "innbetalinger",
            Self::Utbetalinger => "utbetalinger",
        }
    }

    /// The route pattern, for logs.
    pub const fn route(self) -> &'static str {
        match self {
            Self::AapneKrav => "/v1/parties/{party}/aapnekrav",
            Self::Krav => "/v1/parties/{party}/krav",
            Self::Innbetalinger => "/v1/parties/{party}/innbetalinger",
            Self::Utbetalinger => "/v1/parties/{party}/utbetalinger",
        }
    }

    /// Whether it takes `fraOgMed`/`tilOgMed`.
    pub const fn has_period(self) -> bool {
        !matches!(self, Self::AapneKrav)
    }
}

/// The data, as canonical JSON text.
pub struct Data {
    /// The body.
    pub json: String,
    /// Skatteetaten's correlation id.
    pub korrelasjonsid: Option<String>,
}

/// Why no data came.
pub enum Failure {
    /// KB-005: Skatteetaten refused the consent.
    Consent {
        /// Its correlation id.
        korrelasjonsid: Option<String>,
        /// Its message.
        detail: String,
    },
    /// KB-004 (or a bare 401): Skatteetaten did not accept the credentials; the problem to answer with.
    Credentials(Problem),
    /// Anything else.
    Problem(Problem),
}

fn canonical<T: Serialize>(value: &T, korrelasjonsid: Option<String>) -> Result<Data, Failure> {
    serde_json::to_string(value)
        .map(|json| Data { json, korrelasjonsid })
        .map_err(|e| Failure::Problem(Problem::internal(e.to_string())))
}

/// KB-007 on a period endpoint: nothing in the period, answered as an empty list.
fn empty(
    endpoint: Endpoint,
    party: &PartIdentifikator,
    periode: Option<Periode>,
    k: Option<String>,
) -> Result<Data, Failure> {
    let part_identifikator = Some(PartId::new(party.as_str()));
    let periode =
        periode.map(|p| ForespurtPeriode { fra_og_med: Some(p.fra_og_med()), til_og_med: Some(p.til_og_med()) });
    match endpoint {
        Endpoint::AapneKrav => canonical(&AapneKrav { part_identifikator, ..AapneKrav::default() }, k),
        Endpoint::Krav => canonical(&Kravliste { part_identifikator, periode, ..Kravliste::default() }, k),
        Endpoint::Innbetalinger => {
            canonical(&Innbetalinger { part_identifikator, periode, ..Innbetalinger::default() }, k)
        }
        Endpoint::Utbetalinger => {
            canonical(&Utbetalinger { part_identifikator, periode, ..Utbetalinger::default() }, k)
        }
    }
}

/// Maps a non-data answer.
fn failure(e: &ApiError) -> Failure {
    let k = e.korrelasjonsid();
    let problem =
        |code: ProblemCode| Failure::Problem(Problem::new(code, format!("Skatteetaten: {e}")).with_korrelasjonsid(k));
    match e {
        ApiError::Skatteetaten { feil, .. } => match &feil.kode {
            Feilkode::Kb005 => Failure::Consent { korrelasjonsid: k.map(str::to_owned), detail: feil.melding.clone() },
            Feilkode::Kb009 => problem(ProblemCode::PartyNotFound),
            Feilkode::Kb004 => Failure::Credentials(
                Problem::new(ProblemCode::UpstreamError, format!("Skatteetaten: {e}")).with_korrelasjonsid(k),
            ),
            _ if e.status() >= 500 || feil.kode == Feilkode::Das003 => problem(ProblemCode::UpstreamUnavailable),
            _ => problem(ProblemCode::UpstreamError),
        },
        ApiError::Http { status, .. } if *status >= 500 => problem(ProblemCode::UpstreamUnavailable),
        ApiError::Http { status: 401, .. } => Failure::Credentials(
            Problem::new(ProblemCode::UpstreamError, format!("Skatteetaten: {e}")).with_korrelasjonsid(k),
        ),
        _ => problem(ProblemCode::UpstreamError),
    }
}

/// Calls one endpoint for `party` with `auth`.
pub async fn fetch(
    ctx: &Ctx,
    endpoint: Endpoint,
    party: &PartIdentifikator,
    periode: Option<Periode>,
    auth: &Auth,
) -> Result<Data, Failure> {
    let api = &need(&ctx.config.upstreams).map_err(Failure::Problem)?.skatteetaten;
    let http = match (endpoint, periode) {
        (Endpoint::AapneKrav, _) => prepare_aapne_krav(api, party, auth),
        (Endpoint::Krav, Some(p)) => prepare_krav(api, party, p, auth),
        (Endpoint::Innbetalinger, Some(p)) => prepare_innbetalinger(api, party, p, auth),
        (Endpoint::Utbetalinger, Some(p)) => prepare_utbetalinger(api, party, p, auth),
        (_, None) => {
            return Err(Failure::Problem(Problem::new(
                ProblemCode::InvalidPeriod,
                "fraOgMed and tilOgMed are required",
            )))
        }
    };
    let resp = get_with_retry(&ctx.outbound(), Api::Skatteetaten, endpoint.name(), &http)
        .await
        .map_err(|e| Failure::Problem(Problem::new(e.problem_code(), e.to_string())))?;
    let header_k = resp.header_value("korrelasjonsid").map(str::to_owned);
    let parsed = match endpoint {
        Endpoint::AapneKrav => parse_aapne_krav(&resp).map(|d| canonical(&d, header_k.clone())),
        Endpoint::Krav => parse_krav(&resp).map(|d| canonical(&d, header_k.clone())),
        Endpoint::Innbetalinger => parse_innbetalinger(&resp).map(|d| canonical(&d, header_k.clone())),
        Endpoint::Utbetalinger => parse_utbetalinger(&resp).map(|d| canonical(&d, header_k.clone())),
    };
    match parsed {
        Ok(data) => data,
        Err(e) if e.feilkode() == Some(&Feilkode::Kb007) => {
            empty(endpoint, party, periode, e.korrelasjonsid().map(str::to_owned).or(header_k))
        }
        Err(e) => Err(failure(&e)),
    }
}
