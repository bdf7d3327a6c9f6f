//! `/v1/parties/{party}/...`: the consent's status (GET) and forgetting it (DELETE), and the four data endpoints.

use std::rc::Rc;

use kravkit::api::{problem::ProblemCode, representation::Representation};
use kravkit::{
    api::consent::ConsentView, api::endpoint::Endpoint, consent::machine, consent::ConsentStatus, skatteetaten::Periode,
};
use worker::{Request, Response};

use super::json;
use crate::{
    auth,
    config::need,
    consent::{self, access},
    context::{now, Ctx},
    d1, limits,
    problem::Problem,
    upstream::skatteetaten::{self, Failure},
};

/// `GET /v1/parties/{party}/consent`. A granted consent's credentials are fetched after the answer, for the data
/// call that usually follows ([`access::warm`]).
pub async fn consent_status(ctx: &Rc<Ctx>, req: &Request, party: &str) -> Result<Response, Problem> {
    let (_, party) = auth::for_party(ctx, req.headers(), party).await?;
    let mode = *need(&ctx.config.consent_mode)?;
    let stored = consent::stored_party(ctx, &party)?;
    let record = d1::get_consent(&ctx.db()?, &stored.key, stored.legacy.as_deref(), mode).await?;
    let view = ConsentView::of(party.as_str(), mode, record.as_ref(), now());
    if let Some(record) = record.as_ref().filter(|_| view.status == ConsentStatus::Granted) {
        access::warm(ctx, &party, &stored, mode, record);
    }
    json(200, &view)
}

/// `DELETE /v1/parties/{party}/consent`: forgets the local record (the consent itself stays at Altinn).
pub async fn consent_delete(ctx: &Ctx, req: &Request, party: &str) -> Result<Response, Problem> {
    let (_, party) = auth::for_party(ctx, req.headers(), party).await?;
    let stored = consent::stored_party(ctx, &party)?;
    d1::store(&ctx.db()?, &stored.key, stored.legacy.as_deref(), &machine::withdraw()).await?;
    Response::empty().map(|r| r.with_status(204)).map_err(|e| Problem::internal(e.to_string()))
}

/// `fraOgMed` and `tilOgMed` from the query, checked by the core's one-year rule.
fn period(query: &[(String, String)]) -> Result<Periode, Problem> {
    let one = |name: &str| {
        let mut values = query.iter().filter(|(k, _)| k == name);
        match (values.next(), values.next()) {
            (Some((_, v)), None) => Ok(v.as_str()),
            (None, _) => Err(Problem::new(ProblemCode::InvalidPeriod, format!("{name} (YYYY-MM-DD) is required"))),
            _ => Err(Problem::new(ProblemCode::InvalidPeriod, format!("{name} is given more than once"))),
        }
    };
    Periode::parse(one("fraOgMed")?, one("tilOgMed")?)
        .map_err(|e| Problem::new(ProblemCode::InvalidPeriod, e.to_string()))
}

/// `GET /v1/parties/{party}/{aapnekrav|krav|innbetalinger|utbetalinger}`: the canonical JSON, or Skatteetaten's
/// document unread when `Accept` prefers it (see [`Representation::negotiate`]).
pub async fn data(
    ctx: &Ctx,
    req: &Request,
    party: &str,
    endpoint: Endpoint,
    query: &[(String, String)],
) -> Result<Response, Problem> {
    let (session, party) = auth::for_party(ctx, req.headers(), party).await?;
    let representation = Representation::negotiate(req.headers().get("accept").ok().flatten().as_deref());
    let periode = if endpoint.has_period() { Some(period(query)?) } else { None };
    // A configuration that cannot serve data is named first; then the call counts against the session's limit.
    need(&ctx.config.consent_mode)?;
    limits::count_data_call(ctx, &session.sub, now().secs()).await?;
    // A token Skatteetaten refuses (KB-004: expired on its clock while the call waited, or revoked) is dropped and
    // the call made once more with a fresh one; a second refusal is the answer.
    let mut attempts_left = 2;
    let data = loop {
        attempts_left -= 1;
        let granted = access::authorize(ctx, &party).await?;
        match skatteetaten::fetch(ctx, endpoint, &party, periode, &granted.auth, representation).await {
            Ok(data) => break data,
            Err(Failure::Problem(p)) => return Err(p),
            Err(Failure::Credentials(p)) => {
                access::credentials_refused(ctx, &party, &granted.record).await;
                if attempts_left == 0 {
                    return Err(p);
                }
            }
            Err(Failure::Consent { korrelasjonsid, detail }) => {
                let p = access::consent_gone(ctx, &party, &granted.record, &detail).await;
                return Err(p.with_korrelasjonsid(korrelasjonsid.as_deref()));
            }
        }
    };
    let mut r = match data.body {
        skatteetaten::Body::Bytes(bytes) => Response::builder().with_status(200).fixed(bytes),
        // The runtime's own stream as the body: nothing of it passes through wasm.
        skatteetaten::Body::Stream(stream) => Response::builder().with_status(200).stream(stream),
    };
    let headers = r.headers_mut();
    let _ = headers.set("content-type", data.representation.content_type());
    let _ = headers.set("vary", "Accept");
    if let Some(k) = &data.korrelasjonsid {
        let _ = headers.set("korrelasjonsid", k);
    }
    Ok(r)
}
