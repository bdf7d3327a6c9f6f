//! Maskinporten access tokens: the client key imported once per isolate (non-extractable), grants built by the
//! core and signed with WebCrypto, the clock offset learnt from Maskinporten's `Date` header, and the shared
//! token cache in front of it all.

use kravkit::api::problem::ProblemCode;
use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

use kravkit::{
    http::HttpResponse,
    maskinporten::{
        parse_token_response, prepare_token_request, AuthorizationDetail, CachePolicy, ClockOffset, ErrorKind, Fetched,
        GrantBuilder, Jti, SigningAlgorithm, TokenError,
    },
    secret::AccessToken,
    UnixTime,
};
use web_sys::CryptoKey;

use super::http::{send_once, Api, TransportError};
use crate::{
    cache::{CachedToken, SharedEntry, TokenCache},
    config::need,
    context::{now, Ctx, Outbound},
    crypto::{self, CryptoError},
    flight::Join,
    problem::Problem,
};

/// The client key, parsed and imported.
struct ClientKey {
    material: String,
    key: CryptoKey,
    kid: String,
}

/// What this module keeps per isolate (one part of [`crate::isolate::Isolate`]).
#[derive(Default)]
pub struct Kept {
    key: RefCell<Option<Rc<ClientKey>>>,
    clock_offset: Cell<i64>,
    /// How far the data API's clock is ahead of ours, from its last `Date` header (`None` before its first answer).
    api_clock_offset: Cell<Option<i64>>,
    tokens: Rc<TokenCache<TokenFailure>>,
}

fn kept() -> &'static Kept {
    &crate::isolate::get().maskinporten
}

/// Why no token came.
#[derive(Debug, Clone)]
pub enum TokenFailure {
    /// Maskinporten refused the grant.
    Refused(TokenError),
    /// No answer.
    Transport(TransportError),
    /// WebCrypto could not sign (a key WebCrypto refuses).
    Crypto(CryptoError),
    /// The grant breaks a rule (configuration).
    Grant(String),
    /// A setting is missing or invalid.
    Config(Problem),
}

impl TokenFailure {
    /// Whether Maskinporten refused the `authorization_details` (the consent).
    pub fn is_consent_refused(&self) -> bool {
        matches!(self, Self::Refused(e) if e.kind() == ErrorKind::InvalidAuthorizationDetails)
    }
}

impl From<TokenFailure> for Problem {
    fn from(f: TokenFailure) -> Self {
        match f {
            TokenFailure::Refused(e) => {
                let code = match e.kind() {
                    ErrorKind::ClientNotFound => ProblemCode::MaskinportenClientUnknown,
                    ErrorKind::InvalidScope | ErrorKind::AccessNotGranted | ErrorKind::NotDelegated => {
                        ProblemCode::MaskinportenScopeMissing
                    }
                    ErrorKind::Unavailable => ProblemCode::UpstreamUnavailable,
                    ErrorKind::InvalidAuthorizationDetails => ProblemCode::ConsentRequired,
                    _ => ProblemCode::MaskinportenError,
                };
                Problem::new(code, format!("{e}; {}", e.hint()))
            }
            TokenFailure::Transport(t) => Problem::new(t.problem_code(), t.to_string()),
            TokenFailure::Crypto(c) => Problem::new(ProblemCode::ConfigInvalid, format!("MASKINPORTEN_KEY: {c}")),
            TokenFailure::Grant(g) => Problem::new(ProblemCode::ConfigInvalid, g),
            TokenFailure::Config(p) => p,
        }
    }
}

/// The client key, imported on first use in this isolate (again only if the secret changes).
async fn client_key(ctx: &Ctx) -> Result<Rc<ClientKey>, Problem> {
    let configured = need(&ctx.config.maskinporten_key)?;
    let (material, parsed) = (&configured.material, &configured.rsa);
    let cached = kept().key.borrow().clone();
    if let Some(k) = cached.filter(|k| k.material == material.secret()) {
        return Ok(k);
    }
    let key = crypto::import_rsa_signing_key(parsed.to_pkcs8_der().secret(), SigningAlgorithm::Rs256.webcrypto_hash())
        .await
        .map_err(|e| Problem::new(ProblemCode::ConfigInvalid, format!("MASKINPORTEN_KEY: {e}")))?;
    let kid = ctx.config.kid.clone().unwrap_or_else(|| parsed.thumbprint());
    let k = Rc::new(ClientKey { material: material.secret().to_owned(), key, kid });
    *kept().key.borrow_mut() = Some(k.clone());
    Ok(k)
}

/// The public JWK of the client key, as registered at Maskinporten (`kid` = `MASKINPORTEN_KID` or the thumbprint).
pub fn public_jwk(ctx: &Ctx) -> Result<serde_json::Value, Problem> {
    let key = &need(&ctx.config.maskinporten_key)?.rsa;
    let jwk = key.public_jwk(ctx.config.kid.as_deref(), SigningAlgorithm::Rs256);
    serde_json::to_value(&jwk).map_err(|e| Problem::internal(e.to_string()))
}

/// What a token is for.
pub struct TokenFor<'a> {
    /// Space-separated scopes.
    pub scope: &'a str,
    /// An Altinn 3 consent to carry, if any.
    pub consent: Option<AuthorizationDetail>,
}

/// A token for `what`: from memory, a fetch already under way, the Cache API, or Maskinporten.
pub async fn access_token(ctx: &Ctx, what: TokenFor<'_>) -> Result<AccessToken, TokenFailure> {
    let cfg = &ctx.config;
    let setup = async {
        let upstreams = need(&cfg.upstreams)?;
        let client_id = need(&cfg.client_id)?;
        let key = client_key(ctx).await?;
        let mut builder =
            GrantBuilder::new(&upstreams.maskinporten, client_id.as_str()).scope(what.scope).kid(&key.kid);
        if let Some(detail) = what.consent.clone() {
            builder = builder.authorization_details(detail);
        }
        Ok::<_, Problem>((builder, key, upstreams.maskinporten.token_endpoint().to_owned(), ctx.public_base()?))
    };
    let (builder, key, endpoint, base) = setup.await.map_err(TokenFailure::Config)?;
    let cache_key = builder.cache_key();
    let out = ctx.outbound();
    let state_key = cfg.state_key.as_ref().ok();
    let cache = kept().tokens.clone();
    // A fetch is the Cache API, signing and one token request (two with a clock correction); others poll for it
    // that long at most, and count it abandoned after that.
    let bound = 2 * u64::from(cfg.timeout_ms) + 1_000;
    let join = Join { scope: &ctx.scope, hold_ms: bound, max_wait_ms: bound, background: ctx.answered() };
    let fetch = || async {
        let shared = SharedEntry::new(&base, &cache_key, state_key).await;
        fetch(out, key, builder, endpoint, shared).await
    };
    cache.get_or_fetch(&cache_key, now, &ctx.log, join, fetch).await.map(|t| t.token)
}

/// Learns the data API's clock from one of its answers (its `Date` header): when it runs ahead of Maskinporten's,
/// tokens are served with a wider margin ([`CachePolicy::with_api_clock_ahead`]).
pub fn learn_api_clock(response: &HttpResponse, received_at: UnixTime) {
    if let Some(o) = ClockOffset::from_response(response, received_at) {
        kept().api_clock_offset.set(Some(o.secs()));
    }
}

/// Seconds the data API's clock is ahead of Maskinporten's, as far as this isolate has seen (0 when unknown).
fn api_clock_ahead() -> i64 {
    kept().api_clock_offset.get().map_or(0, |api| api - kept().clock_offset.get())
}

/// Forgets the cached token for `what`, in this isolate and in the Cache API (after an API refused it).
pub async fn evict(ctx: &Ctx, what: TokenFor<'_>) {
    let (Ok(upstreams), Ok(client_id)) = (&ctx.config.upstreams, &ctx.config.client_id) else { return };
    let mut builder = GrantBuilder::new(&upstreams.maskinporten, client_id.as_str()).scope(what.scope);
    if let Some(detail) = what.consent {
        builder = builder.authorization_details(detail);
    }
    let key = builder.cache_key();
    kept().tokens.evict(&key);
    if let Ok(base) = ctx.public_base() {
        if let Some(entry) = SharedEntry::new(&base, &key, ctx.config.state_key.as_ref().ok()).await {
            entry.delete().await;
        }
    }
}

/// The one fetch for a key: the Cache API first, else a signed grant to `/token` (once more with the corrected
/// clock if Maskinporten says our clock is off).
async fn fetch(
    out: Outbound,
    key: Rc<ClientKey>,
    builder: GrantBuilder,
    endpoint: String,
    shared: Option<SharedEntry>,
) -> Result<CachedToken, TokenFailure> {
    if let Some(t) = match &shared {
        Some(entry) => entry.get(now()).await,
        None => None,
    } {
        out.log.cache("token", "hit_cache_api");
        return Ok(t);
    }
    out.log.cache("token", "miss");
    let mut tried_offset = None;
    loop {
        let offset = kept().clock_offset.get();
        let jti = Jti::from_random_bytes(crypto::random::<16>().map_err(TokenFailure::Crypto)?);
        let grant = builder
            .clone()
            .clock_offset(ClockOffset::from_secs(offset))
            .build(now(), jti)
            .map_err(|e| TokenFailure::Grant(format!("MASKINPORTEN_CLIENT_ID / MASKINPORTEN_KID / scope: {e}")))?;
        let signature = crypto::sign_rsa(&key.key, grant.signing_input()).await.map_err(TokenFailure::Crypto)?;
        let signed = grant.finish(&signature).map_err(|e| TokenFailure::Grant(format!("MASKINPORTEN_KEY: {e}")))?;
        let sent = now();
        let response = send_once(&out, Api::Maskinporten, "token", &prepare_token_request(&endpoint, &signed))
            .await
            .map_err(TokenFailure::Transport)?;
        let received = now();
        if let Some(o) = ClockOffset::from_response(&response, received) {
            kept().clock_offset.set(o.secs());
        }
        match parse_token_response(&response) {
            Ok(token) => {
                let policy = CachePolicy::default().with_api_clock_ahead(api_clock_ahead());
                let Some(window) = policy.window(&token, Fetched { sent_at: sent, received_at: received }) else {
                    // Too short-lived to cache: use it for this request only.
                    return Ok(CachedToken {
                        token: token.access_token,
                        reuse_until: received,
                        received_at: received,
                        refresh_from: received,
                    });
                };
                let cached = CachedToken {
                    token: token.access_token,
                    reuse_until: window.reuse_until,
                    received_at: window.received_at,
                    refresh_from: window.refresh_from,
                };
                if let Some(entry) = &shared {
                    let stored = entry.put(&cached, received).await;
                    out.log.cache("token", if stored { "stored" } else { "store_failed" });
                }
                return Ok(cached);
            }
            Err(e) => {
                let skew = matches!(e.kind(), ErrorKind::ClockSkew | ErrorKind::GrantExpired);
                let new_offset = kept().clock_offset.get();
                if skew && tried_offset.is_none() && new_offset != offset {
                    tried_offset = Some(offset);
                    continue;
                }
                return Err(TokenFailure::Refused(e));
            }
        }
    }
}
