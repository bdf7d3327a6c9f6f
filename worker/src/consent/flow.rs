//! Starting a consent (create the request at Altinn, store the flow under a signed state) and finishing it (check
//! the state, confirm the answer with Altinn, record it, and say where to send the browser).

use kravkit::{
    altinn::{
        altinn2::{self as a2, Altinn2Outcome, Altinn2RequestStatus, AuthorizationCode},
        altinn3::{self as a3, ConsentRequestId, ConsentStatus},
        new_state, RedirectUrl,
    },
    http::parse_query,
    ids::{Organisasjonsnummer, PartIdentifikator},
};
use url::Url;

use super::{state, CONSENT_DAYS};
use crate::{
    auth::Session,
    config::{need, ConsentMode},
    context::{now, Ctx},
    crypto, d1,
    d1::StateRow,
    limits,
    problem::Problem,
    upstream::{
        altinn2::{self, ConsentTokenFailure},
        altinn3,
    },
};

/// A pending flow is handed out again while its state has at least this many seconds left.
pub const REUSE_MIN_LEFT_SECS: i64 = 5 * 60;

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
    let now = now().secs();
    let expires_at = now + state::STATE_TTL_SECS;
    let mut row = StateRow {
        party: super::stored_party(ctx, party)?.key,
        mode: mode.as_str().to_owned(),
        consent_ref: String::new(),
        sub_hash: super::pseudonym::subject(key, &session.sub),
        return_url: return_url.to_string(),
        expires_at: expires_at as f64,
    };
    // A flow this session started for this party and return URL a moment ago is still pending at Altinn: send the
    // user to that page again rather than creating another request there.
    if let Some(page) = d1::reusable_flow(&db, &row, now, REUSE_MIN_LEFT_SECS).await? {
        ctx.log.cache("consent_request", "reused");
        return Ok(page);
    }
    limits::check_consent_creation(&db, &cfg.limits, &row.sub_hash, &row.party, now).await?;
    let signed = state::sign(key, &nonce, expires_at, &row).await?;
    let callback = RedirectUrl::with_state(&format!("{base}/v1/consents/callback"), STATE_PARAM, &signed)
        .map_err(|e| Problem::new("config_invalid", format!("PUBLIC_URL: {e}")))?;
    let page = match mode {
        ConsentMode::Altinn3 => {
            let id = ConsentRequestId::new_v4(crypto::random::<16>().map_err(fail)?);
            let page = altinn3::create(ctx, id, party, callback).await?;
            row.consent_ref = id.to_string();
            page
        }
        ConsentMode::Altinn2 => {
            // Altinn 2 checks OfferedByName against its register: the bank should send the party's name.
            let name = party_name.unwrap_or(party.as_str());
            let (code, page) = altinn2::create(ctx, party, name, callback).await?;
            row.consent_ref = code.as_str().to_owned();
            page
        }
    };
    d1::insert_state(&db, &nonce, &row, &page, now).await?;
    d1::start_pending(&db, &row.party, &row.mode, &row.consent_ref, now).await?;
    Ok(page)
}

/// How a flow ended, for the redirect.
pub enum Outcome {
    /// Consent given and recorded.
    Granted,
    /// The user said no.
    Denied,
    /// Something failed; the code says what.
    Failed(&'static str),
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
    Problem::new("invalid_state", format!("{detail}; start the consent again"))
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
    let now = now().secs();
    if parsed.expires_at <= now {
        return Err(invalid("the state has expired"));
    }
    let key = need(&ctx.config.state_key)?;
    let db = ctx.db()?;
    let row =
        d1::get_state(&db, &parsed.nonce).await?.ok_or_else(|| invalid("the state is unknown or was already used"))?;
    if row.expires_at as i64 != parsed.expires_at || !state::verify(key, &parsed, &row).await? {
        return Err(invalid("the state is not valid for the consent flow it names"));
    }
    if let Ok(p) = PartIdentifikator::parse(&row.party) {
        ctx.log.party(&p);
    }
    let answer = match row.mode.as_str() {
        "altinn3" => {
            ctx.log.consent_mode("altinn3");
            altinn3_answer(ctx, &row, query).await
        }
        _ => {
            ctx.log.consent_mode("altinn2");
            altinn2_answer(ctx, &row, query, now).await
        }
    };
    let outcome = match answer {
        Answer::Final(record) => {
            if !d1::consume_state(&db, &parsed.nonce, now).await? {
                return Err(invalid("the state was already used"));
            }
            let (party, mode, consent) = (&row.party, &row.mode, &row.consent_ref);
            let written = match record {
                Record::Granted { valid_to } => {
                    d1::record_granted(&db, party, mode, consent, valid_to, now).await.map(|()| Outcome::Granted)
                }
                Record::Denied => d1::record_denied(&db, party, mode, consent, now).await.map(|()| Outcome::Denied),
                Record::Nothing(code) => Ok(Outcome::Failed(code)),
            };
            written.unwrap_or_else(|p| Outcome::Failed(p.code))
        }
        // Nothing final at Altinn (still pending, or it could not be asked): the state stays usable.
        Answer::Open(code) => Outcome::Failed(code),
    };
    Ok(Finished { return_url: row.return_url, party: row.party, outcome })
}

/// What to record once a flow is over.
enum Record {
    /// Altinn says granted, until then.
    Granted { valid_to: i64 },
    /// Altinn says the user declined.
    Denied,
    /// Over, with nothing to record (revoked or gone already); the code says what.
    Nothing(&'static str),
}

/// Altinn's answer to a callback.
enum Answer {
    /// Final: use the state up and record this.
    Final(Record),
    /// Not final (or unknown): keep the state; the code goes on the return URL.
    Open(&'static str),
}

async fn altinn3_answer(ctx: &Ctx, row: &StateRow, query: &str) -> Answer {
    if a3::parse_callback(query, STATE_PARAM).is_err() {
        return Answer::Open("upstream_error");
    }
    // Status=OK and Status=Failed both came through the browser: Altinn's status decides.
    let Ok(id) = ConsentRequestId::parse(&row.consent_ref) else { return Answer::Open("internal_error") };
    match altinn3::status(ctx, &id).await {
        Ok(ConsentStatus::Granted { valid_to, .. }) => Answer::Final(Record::Granted { valid_to: valid_to.secs() }),
        Ok(ConsentStatus::Rejected) => Answer::Final(Record::Denied),
        Ok(ConsentStatus::Revoked | ConsentStatus::Deleted) => Answer::Final(Record::Nothing("consent_revoked")),
        Ok(ConsentStatus::Expired { .. }) => Answer::Final(Record::Nothing("consent_required")),
        Ok(_) => Answer::Open("consent_required"),
        Err(p) => Answer::Open(p.code),
    }
}

async fn altinn2_answer(ctx: &Ctx, row: &StateRow, query: &str, now: i64) -> Answer {
    let Ok(cb) = a2::parse_callback(query, STATE_PARAM) else { return Answer::Open("upstream_error") };
    let code = match cb.outcome {
        Altinn2Outcome::Approved { authorization_code } => Some(authorization_code),
        Altinn2Outcome::Rejected { failed_authorization_code, .. } => failed_authorization_code,
    };
    if code.as_ref().is_some_and(|c| !c.as_str().eq_ignore_ascii_case(&row.consent_ref)) {
        return Answer::Open("invalid_state");
    }
    let Ok(code) = AuthorizationCode::parse(&row.consent_ref) else { return Answer::Open("internal_error") };
    match altinn2::status(ctx, &code).await {
        Ok(Altinn2RequestStatus::Accepted) => {}
        Ok(Altinn2RequestStatus::Rejected) => return Answer::Final(Record::Denied),
        Ok(Altinn2RequestStatus::Revoked) => return Answer::Final(Record::Nothing("consent_revoked")),
        Ok(_) => return Answer::Open("consent_required"),
        Err(p) => return Answer::Open(p.code),
    }
    // A consent token confirms the consent and tells until when it holds.
    match altinn2::consent_token(ctx, &code).await {
        Ok(token) => {
            let valid_to = altinn2::valid_to(&token).unwrap_or(now + CONSENT_DAYS * 86_400);
            Answer::Final(Record::Granted { valid_to })
        }
        Err(ConsentTokenFailure::NotAuthorized) => Answer::Open("consent_required"),
        Err(ConsentTokenFailure::Problem(p)) => Answer::Open(p.code),
    }
}

/// The return URL with the outcome: `kravkitConsent=granted|denied|failed`, `kravkitParty` (an organisation's
/// number only: a fødselsnummer never goes into a URL, where access logs, history and `Referer` would keep it), and
/// `kravkitError`.
pub fn redirect_target(finished: &Finished) -> String {
    let Ok(mut url) = Url::parse(&finished.return_url) else { return finished.return_url.clone() };
    let (outcome, error) = match finished.outcome {
        Outcome::Granted => ("granted", None),
        Outcome::Denied => ("denied", None),
        Outcome::Failed(code) => ("failed", Some(code)),
    };
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("kravkitConsent", outcome);
        if Organisasjonsnummer::parse(&finished.party).is_ok() {
            q.append_pair("kravkitParty", &finished.party);
        }
        if let Some(code) = error {
            q.append_pair("kravkitError", code);
        }
    }
    url.to_string()
}
