//! `POST /v1/consents` starts a consent; `GET /v1/consents/callback` is where Altinn sends the browser back.

use kravkit::api::consent::{ConsentStarted, StartConsent};
use kravkit::api::problem::ProblemCode;
use worker::{Request, Response};

use super::{body, json};
use crate::{
    auth::{self, session},
    config::{allowed_return_url, need},
    consent::flow,
    context::Ctx,
    problem::Problem,
};

/// The longest `partyName` taken (Altinn 2's `OfferedByName`), in characters.
const MAX_PARTY_NAME_CHARS: usize = 200;

/// Starts a consent for a party the session may act for: 201 `{redirectUrl, party, mode}`.
pub async fn start(ctx: &Ctx, req: &mut Request) -> Result<Response, Problem> {
    let session = session::authenticate(ctx, req.headers()).await?;
    let asked: StartConsent = body(req).await?;
    let party = auth::parse_party(&asked.party)?;
    ctx.log.party(&party);
    if !session.may_act_for(&party) {
        return Err(Problem::new(ProblemCode::ForbiddenParty, "the session may not act for this party"));
    }
    let rules = need(&ctx.config.return_urls)?;
    let return_url = allowed_return_url(rules, &asked.return_url)
        .ok_or_else(|| Problem::new(ProblemCode::ReturnUrlNotAllowed, "returnUrl is not on the allow-list"))?;
    if asked.party_name.as_ref().is_some_and(|n| n.chars().count() > MAX_PARTY_NAME_CHARS) {
        return Err(Problem::invalid_request(format!("partyName is longer than {MAX_PARTY_NAME_CHARS} characters")));
    }
    let name = asked.party_name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let page = flow::start(ctx, &session, &party, &return_url, name).await?;
    let mode = *need(&ctx.config.consent_mode)?;
    json(201, &ConsentStarted { redirect_url: page, party: party.as_str().to_owned(), mode })
}

/// Altinn's redirect back: a bad state is a 400 problem; otherwise 303 to the return URL with the outcome.
pub async fn callback(ctx: &Ctx, query: &str) -> Result<Response, Problem> {
    let finished = flow::finish(ctx, query).await?;
    let target = flow::redirect_target(&finished);
    let mut r = Response::empty().map_err(|e| Problem::internal(e.to_string()))?.with_status(303);
    let h = r.headers_mut();
    let _ = h.set("location", &target);
    // The state and Altinn's parameters are in this URL: do not pass it on as a Referer.
    let _ = h.set("referrer-policy", "no-referrer");
    Ok(r)
}
