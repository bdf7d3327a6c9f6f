//! The consent check in front of every data call, and what to do when a consent turns out to be gone: the I/O
//! around the core's decisions (`kravkit::consent::machine::{check, refused, gone}`).
//!
//! Expired, denied, pending or unknown consents stop here (`consent_required`) and a recorded revocation too
//! (`consent_revoked`), without any upstream call. Otherwise the credentials are fetched: Altinn 3, a Maskinporten
//! token carrying the consent (a refusal is checked against Altinn's status endpoint; a consent Altinn no longer
//! knows counts as revoked); Altinn 2, a Maskinporten token plus a consent token (a 403 means revoked). Whatever is
//! learnt is recorded in D1, once: later calls are answered from the record.

use std::rc::Rc;

use futures_util::future::join;
use kravkit::api::problem::ProblemCode;
use kravkit::{
    consent::{machine, Answer, Ask, ConsentMode, ConsentRecord, ConsentRef, Next, Refusal, Store},
    ids::{ConsentRequestId, PartIdentifikator},
    maskinporten::AuthorizationDetail,
    skatteetaten::Auth,
    UnixTime,
};

use crate::{
    config::need,
    context::{now, Ctx},
    d1,
    problem::Problem,
    upstream::{
        altinn2::{self, ConsentTokenFailure},
        altinn3,
        maskinporten::{self, access_token, TokenFor},
    },
};

/// What a data call may use.
pub struct Granted {
    /// The credentials for Skatteetaten.
    pub auth: Auth,
    /// The consent they carry.
    pub record: ConsentRecord,
}

/// The problem for a refusal; `why` is the upstream's word, for [`Refusal::NotAccepted`].
fn problem(reason: Refusal, why: &str) -> Problem {
    match reason {
        Refusal::NoConsent => Problem::new(ProblemCode::ConsentRequired, "there is no consent for this party"),
        Refusal::Pending => Problem::new(ProblemCode::ConsentRequired, "the consent has not been given yet"),
        Refusal::Denied => Problem::new(ProblemCode::ConsentRequired, "the party declined the consent"),
        Refusal::Expired => Problem::new(ProblemCode::ConsentRequired, "the consent has expired; ask for a new one"),
        Refusal::Revoked => {
            Problem::new(ProblemCode::ConsentRevoked, "the party has withdrawn its consent; ask for a new one")
        }
        Refusal::Forgotten => {
            Problem::new(ProblemCode::ConsentRevoked, "Altinn no longer knows this consent; ask for a new one")
        }
        Refusal::NotAccepted => {
            Problem::new(ProblemCode::ConsentRequired, format!("the consent was not accepted: {why}"))
        }
    }
}

/// Does what a [`Next::Refuse`] says: stores what was learnt, and gives the problem to answer with (the store's,
/// if storing failed).
async fn refuse(ctx: &Ctx, party: &PartIdentifikator, reason: Refusal, store: Option<Store>, why: &str) -> Problem {
    if let Some(write) = store {
        let stored = super::stored_party(ctx, party);
        let written = match (ctx.db(), stored) {
            (Ok(db), Ok(stored)) => d1::store(&db, &stored.key, stored.legacy.as_deref(), &write).await,
            (Err(p), _) | (_, Err(p)) => Err(p),
        };
        if let Err(p) = written {
            return p;
        }
    }
    problem(reason, why)
}

/// A step that can only refuse (a `Use` or `AskAltinn` there is a fault in the caller's order of steps).
async fn refusal(ctx: &Ctx, party: &PartIdentifikator, next: Next, why: &str) -> Problem {
    match next {
        Next::Refuse { reason, store } => refuse(ctx, party, reason, store, why).await,
        other => Problem::internal(format!("consent: unexpected step {other:?}")),
    }
}

fn consent_detail(party: &PartIdentifikator, id: ConsentRequestId) -> AuthorizationDetail {
    AuthorizationDetail::AltinnConsent { id, from: party.clone() }
}

/// The recorded consent, checked, and the credentials to use it.
pub async fn authorize(ctx: &Ctx, party: &PartIdentifikator) -> Result<Granted, Problem> {
    let mode = *need(&ctx.config.consent_mode)?;
    ctx.log.consent_mode(mode.as_str());
    let db = ctx.db()?;
    let now = now();
    let stored = super::stored_party(ctx, party)?;
    let record = d1::get_consent_for_use(&db, &stored.key, stored.legacy.as_deref(), mode, now, &ctx.log).await?;
    let record = match machine::check(record.as_ref(), now) {
        Next::Use(record) => record,
        next => return Err(refusal(ctx, party, next, "").await),
    };
    let auth = credentials(ctx, party, &record).await?;
    Ok(Granted { auth, record })
}

/// A consent status found `record` (just read from D1 under `stored`) granted: the data call that usually follows
/// will need the record and its credentials, so the record is kept for it as its own read would keep it, and the
/// credentials are fetched after the answer ([`Ctx::after_answer`]). A data call arriving meanwhile takes part in
/// that fetch; a failure is left for the data call to meet and report.
pub fn warm(
    ctx: &Rc<Ctx>,
    party: &PartIdentifikator,
    stored: &super::StoredParty,
    mode: ConsentMode,
    record: &ConsentRecord,
) {
    let now = now();
    let Next::Use(record) = machine::check(Some(record), now) else { return };
    d1::remember_for_use(&stored.key, mode, Some(&record), now);
    ctx.log.background("warm_credentials");
    let (worker, party) = (ctx.clone(), party.clone());
    ctx.after_answer(async move {
        let _ = credentials(&worker, &party, &record).await;
    });
}

/// The credentials for a usable `record`: Altinn 3, a Maskinporten token carrying the consent; Altinn 2, the
/// bank's Maskinporten token and a consent token, fetched side by side.
async fn credentials(ctx: &Ctx, party: &PartIdentifikator, record: &ConsentRecord) -> Result<Auth, Problem> {
    let scope = ctx.config.scope.as_str();
    match &record.reference {
        ConsentRef::Altinn3(id) => {
            let what = TokenFor { scope, consent: Some(consent_detail(party, *id)) };
            match access_token(ctx, what).await {
                Ok(token) => Ok(Auth::altinn3(token)),
                Err(f) if f.is_consent_refused() => {
                    let why = Problem::from(f).detail;
                    Err(consent_gone(ctx, party, record, &why).await)
                }
                Err(f) => Err(f.into()),
            }
        }
        ConsentRef::Altinn2(code) => {
            // Side by side: the token is the bank's own (no consent in it), so fetching it for a consent that turns
            // out revoked (a 403 for the consent token) costs nothing another call would not have spent.
            let (consent, token) =
                join(altinn2::consent_token(ctx, code), access_token(ctx, TokenFor { scope, consent: None })).await;
            let consent = match consent {
                Ok(consent) => consent,
                Err(ConsentTokenFailure::NotAuthorized) => {
                    let next = machine::gone(record, Some(&Answer::Altinn2TokenRefused), now());
                    return Err(refusal(ctx, party, next, "").await);
                }
                Err(ConsentTokenFailure::Problem(p)) => return Err(p),
            };
            Ok(Auth::altinn2(token.map_err(Problem::from)?, consent))
        }
    }
}

/// Skatteetaten refused the credentials (KB-004): drop the cached tokens, so that the next call fetches new ones
/// instead of reusing refused ones until they expire.
pub async fn credentials_refused(ctx: &Ctx, party: &PartIdentifikator, record: &ConsentRecord) {
    let scope = ctx.config.scope.as_str();
    match &record.reference {
        ConsentRef::Altinn3(id) => {
            maskinporten::evict(ctx, TokenFor { scope, consent: Some(consent_detail(party, *id)) }).await;
        }
        ConsentRef::Altinn2(code) => {
            maskinporten::evict(ctx, TokenFor { scope, consent: None }).await;
            altinn2::evict(code);
        }
    }
}

/// Asks Altinn `ask`: the answer, or the problem that kept it from answering.
pub async fn ask_altinn(ctx: &Ctx, ask: &Ask) -> Result<Answer, Problem> {
    match ask {
        Ask::Altinn3Status(id) => {
            Ok(altinn3::status_if_known(ctx, id).await?.map_or(Answer::Altinn3Unknown, Answer::Altinn3))
        }
        Ask::Altinn2Status(code) => altinn2::status(ctx, code).await.map(Answer::Altinn2),
        Ask::Altinn2Token(code) => match altinn2::consent_token(ctx, code).await {
            Ok(token) => Ok(Answer::Altinn2Token { valid_to: altinn2::valid_to(&token).map(UnixTime::from_secs) }),
            Err(ConsentTokenFailure::NotAuthorized) => Ok(Answer::Altinn2TokenRefused),
            Err(ConsentTokenFailure::Problem(p)) => Err(p),
        },
    }
}

/// A consent was refused (by Maskinporten, or by Skatteetaten with KB-005): forget cached credentials, find out
/// from Altinn whether it was revoked or expired, record that, and give the problem to answer with.
pub async fn consent_gone(ctx: &Ctx, party: &PartIdentifikator, record: &ConsentRecord, why: &str) -> Problem {
    let ask = match machine::refused(record) {
        Next::AskAltinn(ask) => ask,
        next => return refusal(ctx, party, next, why).await,
    };
    // Cached credentials first, so that the answer is Altinn's word of now and the next call fetches new ones.
    match &ask {
        Ask::Altinn3Status(id) => {
            let scope = ctx.config.scope.as_str();
            maskinporten::evict(ctx, TokenFor { scope, consent: Some(consent_detail(party, *id)) }).await;
        }
        Ask::Altinn2Status(code) | Ask::Altinn2Token(code) => altinn2::evict(code),
    }
    let answer = ask_altinn(ctx, &ask).await.ok();
    refusal(ctx, party, machine::gone(record, answer.as_ref(), now()), why).await
}
