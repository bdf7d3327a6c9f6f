//! The consent check in front of every data call, and what to do when a consent turns out to be gone.
//!
//! Expired, denied, pending or unknown consents stop here (`consent_required`) and a recorded revocation too
//! (`consent_revoked`), without any upstream call. Otherwise the credentials are fetched: Altinn 3, a Maskinporten
//! token carrying the consent (a refusal is checked against Altinn's status endpoint; a consent Altinn no longer
//! knows counts as revoked); Altinn 2, a Maskinporten token plus a consent token (a 403 means revoked). Whatever is
//! learnt is recorded in D1, once: later calls are answered from the record.

use kravkit::{
    altinn::{
        altinn2::AuthorizationCode,
        altinn3::{ConsentRequestId, ConsentStatus},
    },
    ids::PartIdentifikator,
    maskinporten::AuthorizationDetail,
    skatteetaten::Auth,
};

use super::status_of;
use crate::{
    config::{need, ConsentMode},
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
    /// The consent mode.
    pub mode: ConsentMode,
    /// The consent id or authorization code.
    pub consent_ref: String,
}

fn revoked() -> Problem {
    Problem::new("consent_revoked", "the party has withdrawn its consent; ask for a new one")
}

fn consent_detail(party: &PartIdentifikator, consent_ref: &str) -> AuthorizationDetail {
    AuthorizationDetail::AltinnConsent { id: consent_ref.to_owned(), from: party.clone() }
}

/// The recorded consent, checked, and the credentials to use it.
pub async fn authorize(ctx: &Ctx, party: &PartIdentifikator) -> Result<Granted, Problem> {
    let mode = *need(&ctx.config.consent_mode)?;
    ctx.log.consent_mode(mode.as_str());
    let db = ctx.db()?;
    let now = now();
    let stored = super::stored_party(ctx, party)?;
    let key = stored.key.as_str();
    let record =
        d1::get_consent_for_use(&db, key, stored.legacy.as_deref(), mode.as_str(), now.secs(), &ctx.log).await?;
    let status = status_of(record.as_ref(), now);
    let record = match (status, record) {
        ("granted", Some(r)) => r,
        ("revoked", _) => return Err(revoked()),
        ("expired", Some(r)) => {
            if r.status == "granted" {
                d1::set_status(&db, key, mode.as_str(), &r.consent_ref, "expired", now.secs()).await?;
            }
            return Err(Problem::new("consent_required", "the consent has expired; ask for a new one"));
        }
        ("pending", _) => return Err(Problem::new("consent_required", "the consent has not been given yet")),
        ("denied", _) => return Err(Problem::new("consent_required", "the party declined the consent")),
        _ => return Err(Problem::new("consent_required", "there is no consent for this party")),
    };
    let scope = ctx.config.scope.as_str();
    let auth = match mode {
        ConsentMode::Altinn3 => {
            let what = TokenFor { scope, consent: Some(consent_detail(party, &record.consent_ref)) };
            match access_token(ctx, what).await {
                Ok(token) => Auth::altinn3(token),
                Err(f) if f.is_consent_refused() => {
                    let why = Problem::from(f).detail;
                    return Err(consent_gone(ctx, party, mode, &record.consent_ref, &why).await);
                }
                Err(f) => return Err(f.into()),
            }
        }
        ConsentMode::Altinn2 => {
            let code = AuthorizationCode::parse(&record.consent_ref)
                .map_err(|_| Problem::internal("the recorded authorization code is malformed"))?;
            // The consent token first: a 403 there is the revocation, found without a Maskinporten call.
            let consent = match altinn2::consent_token(ctx, &code).await {
                Ok(consent) => consent,
                Err(ConsentTokenFailure::NotAuthorized) => {
                    d1::set_status(&db, key, mode.as_str(), &record.consent_ref, "revoked", now.secs()).await?;
                    return Err(revoked());
                }
                Err(ConsentTokenFailure::Problem(p)) => return Err(p),
            };
            let token = access_token(ctx, TokenFor { scope, consent: None }).await.map_err(Problem::from)?;
            Auth::altinn2(token, consent)
        }
    };
    Ok(Granted { auth, mode, consent_ref: record.consent_ref })
}

/// Skatteetaten refused the credentials (KB-004): drop the cached tokens, so that the next call fetches new ones
/// instead of reusing refused ones until they expire.
pub async fn credentials_refused(ctx: &Ctx, party: &PartIdentifikator, mode: ConsentMode, consent_ref: &str) {
    let scope = ctx.config.scope.as_str();
    match mode {
        ConsentMode::Altinn3 => {
            maskinporten::evict(ctx, TokenFor { scope, consent: Some(consent_detail(party, consent_ref)) }).await;
        }
        ConsentMode::Altinn2 => {
            maskinporten::evict(ctx, TokenFor { scope, consent: None }).await;
            if let Ok(code) = AuthorizationCode::parse(consent_ref) {
                altinn2::evict(&code);
            }
        }
    }
}

/// A consent was refused (by Maskinporten, or by Skatteetaten with KB-005): forget cached credentials, find out
/// from Altinn whether it was revoked or expired, record that, and give the problem to answer with.
pub async fn consent_gone(
    ctx: &Ctx,
    party: &PartIdentifikator,
    mode: ConsentMode,
    consent_ref: &str,
    why: &str,
) -> Problem {
    let scope = ctx.config.scope.as_str();
    let now = now().secs();
    let learnt = match mode {
        ConsentMode::Altinn3 => {
            maskinporten::evict(ctx, TokenFor { scope, consent: Some(consent_detail(party, consent_ref)) }).await;
            match ConsentRequestId::parse(consent_ref) {
                Ok(id) => match altinn3::status_if_known(ctx, &id).await {
                    Ok(Some(ConsentStatus::Revoked | ConsentStatus::Deleted)) => Some("revoked"),
                    Ok(Some(ConsentStatus::Expired { .. })) => Some("expired"),
                    Ok(Some(ConsentStatus::Rejected)) => Some("denied"),
                    // Refused by Maskinporten and unknown to Altinn: gone for good, recorded as withdrawn.
                    Ok(None) => Some("unknown"),
                    _ => None,
                },
                Err(_) => None,
            }
        }
        ConsentMode::Altinn2 => match AuthorizationCode::parse(consent_ref) {
            Ok(code) => {
                altinn2::evict(&code);
                match altinn2::consent_token(ctx, &code).await {
                    Err(ConsentTokenFailure::NotAuthorized) => Some("revoked"),
                    _ => None,
                }
            }
            Err(_) => None,
        },
    };
    // A consent Altinn no longer knows is kept as `revoked`: answered locally from now on, like a withdrawn one.
    let recorded = learnt.map(|s| if s == "unknown" { "revoked" } else { s });
    if let (Some(status), Ok(db), Ok(stored)) = (recorded, ctx.db(), super::stored_party(ctx, party)) {
        if let Err(p) = d1::set_status(&db, &stored.key, mode.as_str(), consent_ref, status, now).await {
            return p;
        }
    }
    match learnt {
        Some("revoked") => revoked(),
        Some("unknown") => Problem::new("consent_revoked", "Altinn no longer knows this consent; ask for a new one"),
        _ => Problem::new("consent_required", format!("the consent was not accepted: {why}")),
    }
}
