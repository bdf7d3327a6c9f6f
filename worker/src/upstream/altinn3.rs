//! Altinn 3 consent requests: create one (token with `altinn:consentrequests.write`) and read its status
//! (`altinn:consentrequests.read`). Protocol and parsing are the core's.

use kravkit::api::problem::ProblemCode;
use kravkit::{
    altinn::{
        altinn3::{
            parse_consent_request_response, prepare_create_consent_request, prepare_get_consent_request,
            ConsentRequest, ConsentRequestError, ConsentRequestId, ConsentStatus,
        },
        RedirectUrl,
    },
    http::HttpResponse,
    ids::PartIdentifikator,
};

use super::{
    consent_page,
    http::{get_with_retry, send_once, Api},
    maskinporten::{access_token, TokenFor},
};
use crate::{
    config::need,
    context::{now, Ctx},
    problem::Problem,
};

/// Scope to create consent requests.
pub const WRITE_SCOPE: &str = "altinn:consentrequests.write";
/// Scope to read them.
pub const READ_SCOPE: &str = "altinn:consentrequests.read";

/// Maps an Altinn 3 API error to a problem.
pub fn problem(e: &ConsentRequestError) -> Problem {
    let status = match e {
        ConsentRequestError::Problem { status, .. } | ConsentRequestError::UnexpectedStatus { status } => *status,
        _ => 200,
    };
    let code =
        if status >= 500 || status == 429 { ProblemCode::UpstreamUnavailable } else { ProblemCode::UpstreamError };
    Problem::new(code, format!("Altinn 3: {e}"))
}

/// Creates the consent request; gives the page to send the user to (`viewUri`).
pub async fn create(
    ctx: &Ctx,
    id: ConsentRequestId,
    party: &PartIdentifikator,
    redirect: RedirectUrl,
) -> Result<String, Problem> {
    let cfg = &ctx.config;
    let env = &need(&cfg.upstreams)?.altinn3;
    let org = need(&cfg.org)?.clone();
    let token = access_token(ctx, TokenFor { scope: WRITE_SCOPE, consent: None }).await.map_err(Problem::from)?;
    let request = ConsentRequest::new(id, party.clone(), org, redirect, now());
    let http = prepare_create_consent_request(env, &token, &request);
    let resp = send_once(&ctx.outbound(), Api::Altinn3, "consentrequests.create", &http).await.map_err(unavailable)?;
    let details = parse_consent_request_response(&resp).map_err(|e| problem(&e))?;
    let page = details
        .view_uri
        .ok_or_else(|| Problem::new(ProblemCode::UpstreamError, "Altinn 3 created the request but sent no viewUri"))?;
    consent_page::checked("Altinn 3", &page, &need(&cfg.upstreams)?.consent_pages)
}

/// The consent's status at Altinn now, or `None` when Altinn answers 404: it does not know the request (any more).
pub async fn status_if_known(ctx: &Ctx, id: &ConsentRequestId) -> Result<Option<ConsentStatus>, Problem> {
    let resp = get(ctx, id).await?;
    if resp.status == 404 {
        return Ok(None);
    }
    Ok(Some(parse_consent_request_response(&resp).map_err(|e| problem(&e))?.status(now())))
}

async fn get(ctx: &Ctx, id: &ConsentRequestId) -> Result<HttpResponse, Problem> {
    let env = &need(&ctx.config.upstreams)?.altinn3;
    let token = access_token(ctx, TokenFor { scope: READ_SCOPE, consent: None }).await.map_err(Problem::from)?;
    let http = prepare_get_consent_request(env, &token, id);
    get_with_retry(&ctx.outbound(), Api::Altinn3, "consentrequests.get", &http).await.map_err(unavailable)
}

fn unavailable(e: super::http::TransportError) -> Problem {
    Problem::new(e.problem_code(), e.to_string())
}
