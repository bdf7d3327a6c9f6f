//! The four Krav og betalinger endpoints: the core prepares and parses, this sends (GET, retried on 5xx /
//! DAS-003) and maps Skatteetaten's error codes to problems. Bodies come back as the core model's canonical JSON,
//! or as Skatteetaten sent them: streamed on unread when it is a 2xx JSON of declared length (so the cost does not
//! grow with the party), else read and checked by its first byte.

use kravkit::api::endpoint::{Data, Endpoint};
use kravkit::api::{problem::ProblemCode, representation::Representation};
use kravkit::{
    ids::PartIdentifikator,
    model::PartId,
    skatteetaten::{
        data_body, identify, parse_data, prepare, ApiError, Auth, CallIds, Feilkode, Korrelasjonsid, Periode,
    },
};

use super::http::{get_with_retry_reading, Api, Exchanged, Read};
use crate::{config::need, context::Ctx, problem::Problem};

/// A data answer's body.
pub enum Body {
    /// In wasm memory (canonical JSON, or a document that came without a declared length).
    Bytes(Vec<u8>),
    /// Skatteetaten's document (a 2xx JSON of declared length), streamed on by the runtime, unread.
    Stream(web_sys::ReadableStream),
}

/// The data.
pub struct Fetched {
    /// The body.
    pub body: Body,
    /// What the body is (the canonical form also when Upstream was asked for but the Worker made the answer).
    pub representation: Representation,
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

fn canonical(data: &Data, korrelasjonsid: Option<String>) -> Result<Fetched, Failure> {
    serde_json::to_vec(data)
        .map(|body| Fetched { body: Body::Bytes(body), representation: Representation::Canonical, korrelasjonsid })
        .map_err(|e| Failure::Problem(Problem::internal(e.to_string())))
}

/// Maps a non-data answer; `ours` is the id sent, used when Skatteetaten's answer names none.
fn failure(e: &ApiError, ours: &str) -> Failure {
    let k = Some(e.korrelasjonsid().unwrap_or(ours));
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

/// Calls one endpoint for `party` with `auth`, answering in `representation`; KB-007 on a period endpoint (nothing
/// in the period) is an empty answer, always canonical. The call carries a fresh `Korrelasjonsid` (the same on its
/// retries: one logical call) and the configured `Klientid`; the id is logged and is the answer's `korrelasjonsid`
/// when Skatteetaten's names none.
pub async fn fetch(
    ctx: &Ctx,
    endpoint: Endpoint,
    party: &PartIdentifikator,
    periode: Option<Periode>,
    auth: &Auth,
    representation: Representation,
) -> Result<Fetched, Failure> {
    let api = &need(&ctx.config.upstreams).map_err(Failure::Problem)?.skatteetaten;
    let klientid = need(&ctx.config.klientid).map_err(Failure::Problem)?.clone();
    let http = prepare(api, endpoint, party, periode, auth)
        .map_err(|e| Failure::Problem(Problem::new(ProblemCode::InvalidPeriod, e.to_string())))?;
    let random = crate::crypto::random::<16>().map_err(|e| Failure::Problem(Problem::internal(e.to_string())))?;
    let ids = CallIds { korrelasjonsid: Korrelasjonsid::new_v4(random), klientid };
    ctx.log.korrelasjonsid(&ids.korrelasjonsid);
    let ours = ids.korrelasjonsid.to_string();
    let http = identify(http, &ids);
    let read = match representation {
        Representation::Upstream => Read::PassOn,
        Representation::Canonical => Read::Whole,
    };
    let exchanged =
        get_with_retry_reading(&ctx.outbound(), Api::Skatteetaten, endpoint.as_str(), &http, read).await.map_err(
            |e| Failure::Problem(Problem::new(e.problem_code(), e.to_string()).with_korrelasjonsid(Some(&ours))),
        )?;
    let Exchanged { response: resp, passing } = exchanged;
    super::maskinporten::learn_api_clock(&resp, crate::context::now());
    let header_k = resp.header_value("korrelasjonsid").map(str::to_owned);
    if let Some(passing) = passing {
        let korrelasjonsid = Some(header_k.unwrap_or(ours));
        return Ok(Fetched { body: Body::Stream(passing), representation, korrelasjonsid });
    }
    let outcome = match representation {
        Representation::Upstream => data_body(endpoint, &resp).map(|_| None),
        Representation::Canonical => parse_data(endpoint, &resp).map(Some),
    };
    match outcome {
        Ok(None) => Ok(Fetched {
            body: Body::Bytes(resp.body),
            representation: Representation::Upstream,
            korrelasjonsid: Some(header_k.unwrap_or(ours)),
        }),
        Ok(Some(data)) => canonical(&data, Some(header_k.unwrap_or(ours))),
        Err(e) if e.feilkode() == Some(&Feilkode::Kb007) => {
            let k = e.korrelasjonsid().map(str::to_owned).or(header_k).unwrap_or(ours);
            canonical(&Data::empty(endpoint, PartId::new(party.as_str()), periode), Some(k))
        }
        Err(e) => Err(failure(&e, &ours)),
    }
}
