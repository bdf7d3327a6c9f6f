//! Altinn 2 consent: pre-registered requests (`ApiKey` plus a Maskinporten token with
//! `altinn:consentrequests.write`), and the 30-second consent token (`ApiKey`), reused within its life by this
//! isolate. A 403 on the token means the consent is revoked (or expired, which the caller rules out first).

use kravkit::api::problem::ProblemCode;
use std::{cell::RefCell, collections::HashMap};

use kravkit::{
    altinn::{
        altinn2::{
            parse_consent_request_status, parse_consent_token_response, parse_create_consent_response,
            prepare_consent_token_request, prepare_create_consent_request, prepare_get_consent_request,
            Altinn2RequestStatus, AuthorizationCode, ConsentRequest, ConsentRequestError, ConsentTokenError,
            UntrustedConsentClaims,
        },
        RedirectUrl,
    },
    ids::PartIdentifikator,
    secret::ConsentToken,
};

use super::{
    consent_page,
    http::{get_with_retry, send_once, Api, TransportError},
    maskinporten::{access_token, TokenFor},
};
use crate::{
    config::need,
    context::{now, Ctx},
    problem::Problem,
};

/// Scope of the Maskinporten token sent along when creating a request.
pub const WRITE_SCOPE: &str = "altinn:consentrequests.write";
/// A consent token is not reused with less than this many seconds left.
const MIN_LEFT_SECS: i64 = 5;

/// What this module keeps per isolate (one part of [`crate::isolate::Isolate`]).
#[derive(Default)]
pub struct Kept {
    tokens: RefCell<HashMap<String, (ConsentToken, i64)>>,
}

fn kept() -> &'static Kept {
    &crate::isolate::get().altinn2
}

fn unavailable(e: TransportError) -> Problem {
    Problem::new(e.problem_code(), e.to_string())
}

/// Pre-registers the request; gives the authorization code and the consent page.
pub async fn create(
    ctx: &Ctx,
    party: &PartIdentifikator,
    name: &str,
    redirect: RedirectUrl,
) -> Result<(AuthorizationCode, String), Problem> {
    let cfg = &ctx.config;
    let env = &need(&cfg.upstreams)?.altinn2;
    let api_key = need(&cfg.altinn_api_key)?;
    let org = need(&cfg.org)?.clone();
    let token = access_token(ctx, TokenFor { scope: WRITE_SCOPE, consent: None }).await.map_err(Problem::from)?;
    let request = ConsentRequest::new(org, party.clone(), name, redirect, now());
    let http = prepare_create_consent_request(env, api_key, Some(&token), &request);
    let resp = send_once(&ctx.outbound(), Api::Altinn2, "consentrequests.create", &http).await.map_err(unavailable)?;
    let created = parse_create_consent_response(&resp).map_err(|e| {
        let status = match &e {
            ConsentRequestError::Rejected { status, .. } | ConsentRequestError::UnexpectedStatus { status, .. } => {
                *status
            }
            _ => 200,
        };
        Problem::new(
            if status >= 500 { ProblemCode::UpstreamUnavailable } else { ProblemCode::UpstreamError },
            format!("Altinn 2: {e}"),
        )
    })?;
    let page = consent_page::checked("Altinn 2", &created.consent_page_url(env), &need(&cfg.upstreams)?.consent_pages)?;
    Ok((created.authorization_code, page))
}

/// What Altinn 2 says about the request now (`ApiKey` and the same token as for creating it).
pub async fn status(ctx: &Ctx, code: &AuthorizationCode) -> Result<Altinn2RequestStatus, Problem> {
    let cfg = &ctx.config;
    let env = &need(&cfg.upstreams)?.altinn2;
    let api_key = need(&cfg.altinn_api_key)?;
    let token = access_token(ctx, TokenFor { scope: WRITE_SCOPE, consent: None }).await.map_err(Problem::from)?;
    let http = prepare_get_consent_request(env, api_key, Some(&token), code);
    let resp =
        get_with_retry(&ctx.outbound(), Api::Altinn2, "consentrequests.get", &http).await.map_err(unavailable)?;
    parse_consent_request_status(&resp).map_err(|e| {
        let code = if matches!(&e, ConsentRequestError::UnexpectedStatus { status, .. } if *status >= 500) {
            ProblemCode::UpstreamUnavailable
        } else {
            ProblemCode::UpstreamError
        };
        Problem::new(code, format!("Altinn 2: {e}"))
    })
}

/// Why no consent token came.
pub enum ConsentTokenFailure {
    /// 403: Altinn will not hand out tokens for this code any more.
    NotAuthorized,
    /// Anything else.
    Problem(Problem),
}

/// A consent token for `code`: reused while it has [`MIN_LEFT_SECS`] left, else fetched.
pub async fn consent_token(ctx: &Ctx, code: &AuthorizationCode) -> Result<ConsentToken, ConsentTokenFailure> {
    let now = now().secs();
    let cached = kept().tokens.borrow().get(code.as_str()).filter(|(_, exp)| exp - now > MIN_LEFT_SECS).cloned();
    if let Some((token, _)) = cached {
        ctx.log.cache("consent_token", "hit");
        return Ok(token);
    }
    ctx.log.cache("consent_token", "miss");
    let cfg = &ctx.config;
    let env = &need(&cfg.upstreams).map_err(ConsentTokenFailure::Problem)?.altinn2;
    let api_key = need(&cfg.altinn_api_key).map_err(ConsentTokenFailure::Problem)?;
    let http = prepare_consent_token_request(env, api_key, None, code);
    let resp = get_with_retry(&ctx.outbound(), Api::Altinn2, "token", &http)
        .await
        .map_err(|e| ConsentTokenFailure::Problem(unavailable(e)))?;
    let token = parse_consent_token_response(&resp).map_err(|e| match e {
        ConsentTokenError::NotAuthorized { .. } => ConsentTokenFailure::NotAuthorized,
        ConsentTokenError::UnexpectedStatus { status, .. } if status >= 500 => {
            ConsentTokenFailure::Problem(Problem::new(ProblemCode::UpstreamUnavailable, format!("Altinn 2: {e}")))
        }
        other => ConsentTokenFailure::Problem(Problem::new(ProblemCode::UpstreamError, format!("Altinn 2: {other}"))),
    })?;
    let exp = UntrustedConsentClaims::decode(&token).ok().and_then(|c| c.expires).map_or(now + 30, |e| e.secs());
    {
        let mut t = kept().tokens.borrow_mut();
        t.retain(|_, (_, e)| *e > now);
        t.insert(code.as_str().to_owned(), (token.clone(), exp));
    }

    Ok(token)
}

/// Until when the consent behind a token is valid, as the token says (unverified: for display and records).
pub fn valid_to(token: &ConsentToken) -> Option<i64> {
    UntrustedConsentClaims::decode(token).ok().and_then(|c| c.valid_to).map(|t| t.secs())
}

/// Forgets a cached consent token (Skatteetaten refused it).
pub fn evict(code: &AuthorizationCode) {
    kept().tokens.borrow_mut().remove(code.as_str());
}
