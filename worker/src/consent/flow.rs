//! Starting a consent (create the request at Altinn, store the flow under a signed state) and finishing it (check
//! the state, confirm the answer with Altinn, record it, and say where to send the browser). The decisions are the
//! core's (`kravkit::consent::machine::{start, created, callback, finish}`).

use kravkit::api::consent::{return_param, ConsentOutcome};
use kravkit::api::problem::ProblemCode;
use kravkit::{
    altinn::{
        altinn2::{self as a2, Altinn2Outcome},
        altinn3 as a3, new_state, RedirectUrl,
    },
    consent::{machine, ConsentMode, ConsentRef, Failure, Finish, Start},
    http::parse_query,
    ids::{ConsentRequestId, Organisasjonsnummer, PartIdentifikator},
    UnixTime,
};
use url::Url;

use super::{access::ask_altinn, state};
use crate::{
    auth::Session,
    config::need,
    context::{now, Ctx},
    crypto, d1,
    d1::{Flow, StateRow},
    limits,
    problem::Problem,
    upstream::{altinn2, altinn3},
};

/// The name of our state parameter in the callback URL.
pub const STATE_PARAM: &str = "state";

/// Starts a consent flow for `party` and gives Altinn's page to send the user to.
pub async fn start(
    ctx: &Ctx,
    session: &Session,
    party: &PartIdentifikator,
    return_url: &Url,
    party_name: Option<&str>,
) -> Result<String, Problem> {
    let cfg = &ctx.config;
    let mode = *need(&cfg.consent_mode)?;
    ctx.log.consent_mode(mode.as_str());
    let key = need(&cfg.state_key)?;
    let db = ctx.db()?;
    let base = ctx.public_base()?;
    let fail = |e: crypto::CryptoError| Problem::internal(e.to_string());
    let nonce = new_state(crypto::random::<16>().map_err(fail)?);
    let now = now();
    let expires_at = now.secs() + state::STATE_TTL_SECS;
    let flow = Flow {
        party: super::stored_party(ctx, party)?.key,
        mode,
        sub_hash: super::pseudonym::subject(key, &session.sub),
        return_url: return_url.to_string(),
        expires_at,
    };
    // A flow this session started for this party and return URL a moment ago is still pending at Altinn: send the
    // user to that page again rather than creating another request there.
    if let Start::Reuse(page) = machine::start(d1::reusable_flow(&db, &flow, now).await?) {
        ctx.log.cache("consent_request", "reused");
        return Ok(page);
    }
    limits::check_consent_creation(&db, &cfg.limits, &flow.sub_hash, &flow.party, now.secs()).await?;
    let signed = state::sign(key, &nonce, expires_at, &flow).await?;
    let callback = RedirectUrl::with_state(&format!("{base}/v1/consents/callback"), STATE_PARAM, &signed)
        .map_err(|e| Problem::new(ProblemCode::ConfigInvalid, format!("PUBLIC_URL: {e}")))?;
    let (consent_ref, page) = match mode {
        ConsentMode::Altinn3 => {
            let id = ConsentRequestId::new_v4(crypto::random::<16>().map_err(fail)?);
            (ConsentRef::Altinn3(id), altinn3::create(ctx, id, party, callback).await?)
        }
        ConsentMode::Altinn2 => {
            // Altinn 2 checks OfferedByName against its register: the bank should send the party's name.
            let name = party_name.unwrap_or(party.as_str());
            let (code, page) = altinn2::create(ctx, party, name, callback).await?;
            (ConsentRef::Altinn2(code), page)
        }
    };
    let row = StateRow { flow, consent_ref };
    d1::insert_state(&db, &nonce, &row, &page, now.secs()).await?;
    d1::store(&db, &row.flow.party, None, &machine::created(row.consent_ref, now)).await?;
    Ok(page)
}

/// How a flow ended, for the redirect.
pub enum Outcome {
    /// Consent given and recorded.
    Granted,
    /// The user said no.
    Denied,
    /// Something failed; the code says what.
    Failed(ProblemCode),
}

/// A finished flow: where to send the browser.
pub struct Finished {
    /// The allow-listed return URL stored when the flow started.
    pub return_url: String,
    /// The party.
    pub party: String,
    /// The outcome.
    pub outcome: Outcome,
}

fn invalid(detail: &str) -> Problem {
    Problem::new(ProblemCode::InvalidState, format!("{detail}; start the consent again"))
}

/// The problem code a failed flow puts on the return URL.
const fn failure_code(f: Failure) -> ProblemCode {
    match f {
        Failure::ConsentRequired => ProblemCode::ConsentRequired,
        Failure::ConsentRevoked => ProblemCode::ConsentRevoked,
        Failure::InvalidState => ProblemCode::InvalidState,
        Failure::NotFound => ProblemCode::UpstreamError,
        Failure::Internal => ProblemCode::InternalError,
    }
}

/// Checks the callback's state (format, expiry, the flow it names, its MAC), asks Altinn what the user answered
/// (for `Status=OK` and `Status=Failed` alike: the browser's word is not trusted), and only when Altinn's answer
/// is final uses the state up and records it. A leaked or forged callback therefore cannot mark a pending consent
/// denied, nor use up the state the user's own callback will bring. A bad state is a 400 problem; anything after
/// that ends in a redirect.
pub async fn finish(ctx: &Ctx, query: &str) -> Result<Finished, Problem> {
    let pairs = parse_query(query).ok_or_else(|| invalid("the callback query is not valid percent-encoding"))?;
    let mut states = pairs.iter().filter(|(k, _)| k == STATE_PARAM).map(|(_, v)| v.as_str());
    let raw = match (states.next(), states.next()) {
        (Some(s), None) => s,
        (None, _) => return Err(invalid("the callback has no state")),
        (Some(_), Some(_)) => return Err(invalid("the callback has more than one state")),
    };
    let parsed = state::parse(raw).ok_or_else(|| invalid("the state is malformed"))?;
    let now = now();
    if parsed.expires_at <= now.secs() {
        return Err(invalid("the state has expired"));
    }
    let key = need(&ctx.config.state_key)?;
    let db = ctx.db()?;
    let row =
        d1::get_state(&db, &parsed.nonce).await?.ok_or_else(|| invalid("the state is unknown or was already used"))?;
    if row.flow.expires_at != parsed.expires_at || !state::verify(key, &parsed, &row.flow).await? {
        return Err(invalid("the state is not valid for the consent flow it names"));
    }
    if let Ok(p) = PartIdentifikator::parse(&row.flow.party) {
        ctx.log.party(&p);
    }
    ctx.log.consent_mode(row.flow.mode.as_str());
    let outcome = match answer(ctx, &row.consent_ref, query, now).await {
        Ok(Finish::Final { outcome, store }) => {
            if !d1::consume_state(&db, &parsed.nonce, now.secs()).await? {
                return Err(invalid("the state was already used"));
            }
            let written = match &store {
                Some(write) => d1::store(&db, &row.flow.party, None, write).await,
                None => Ok(()),
            };
            match (written, outcome) {
                (Err(p), _) => Outcome::Failed(p.code),
                (Ok(()), machine::Outcome::Granted) => Outcome::Granted,
                (Ok(()), machine::Outcome::Denied) => Outcome::Denied,
                (Ok(()), machine::Outcome::Failed(f)) => Outcome::Failed(failure_code(f)),
            }
        }
        // Nothing final at Altinn (still pending, or it could not be asked): the state stays usable.
        Ok(Finish::Open(f)) => Outcome::Failed(failure_code(f)),
        Ok(Finish::AskAltinn(_)) => Outcome::Failed(ProblemCode::InternalError),
        Err(code) => Outcome::Failed(code),
    };
    Ok(Finished { return_url: row.flow.return_url, party: row.flow.party, outcome })
}

/// Reads Altinn's redirect and asks Altinn until the core has its answer; `Err` is the code of a failure to ask.
async fn answer(ctx: &Ctx, consent: &ConsentRef, query: &str, now: UnixTime) -> Result<Finish, ProblemCode> {
    let named = match consent {
        ConsentRef::Altinn3(_) => {
            a3::parse_callback(query, STATE_PARAM).map_err(|_| ProblemCode::UpstreamError)?;
            None
        }
        ConsentRef::Altinn2(_) => {
            match a2::parse_callback(query, STATE_PARAM).map_err(|_| ProblemCode::UpstreamError)?.outcome {
                Altinn2Outcome::Approved { authorization_code } => Some(authorization_code),
                Altinn2Outcome::Rejected { failed_authorization_code, .. } => failed_authorization_code,
            }
        }
    };
    let mut next = machine::callback(consent, named.as_ref());
    while let Finish::AskAltinn(ask) = &next {
        let answer = ask_altinn(ctx, ask).await.map_err(|p| p.code)?;
        next = machine::finish(consent, &answer, now);
    }
    Ok(next)
}

/// The return URL with the outcome: `kravkitConsent=granted|denied|failed`, `kravkitParty` (an organisation's
/// number only: a fødselsnummer never goes into a URL, where access logs, history and `Referer` would keep it), and
/// `kravkitError`.
pub fn redirect_target(finished: &Finished) -> String {
    let Ok(mut url) = Url::parse(&finished.return_url) else { return finished.return_url.clone() };
    let (outcome, error) = match finished.outcome {
        Outcome::Granted => (ConsentOutcome::Granted, None),
        Outcome::Denied => (ConsentOutcome::Denied, None),
        Outcome::Failed(code) => (ConsentOutcome::Failed, Some(code)),
    };
    {
        let mut q = url.query_pairs_mut();
        q.append_pair(return_param::CONSENT, outcome.as_str());
        if Organisasjonsnummer::parse(&finished.party).is_ok() {
            q.append_pair(return_param::PARTY, &finished.party);
        }
        if let Some(code) = error {
            q.append_pair(return_param::ERROR, code.as_str());
        }
    }
    url.to_string()
}
