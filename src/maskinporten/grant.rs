//! Building a JWT grant: [`GrantBuilder`] → [`UnsignedGrant`] → (signature) → [`SignedGrant`].

use std::{fmt, str::FromStr};

use base64::Engine as _;

use super::{
    clock::ClockOffset,
    environment::Environment,
    wire::{AuthorizationDetail, Claims, Header, Jti},
};
use crate::{b64::B64URL, ids::Organisasjonsnummer, secret::SignedGrant, time::UnixTime};

/// Maskinporten refuses grants with `exp - iat` above this many seconds.
pub const MAX_GRANT_LIFETIME_SECS: i64 = 120;

/// The default grant lifetime, in seconds.
///
/// Why 60 and not the allowed maximum of 120: a grant is posted the moment it is signed, so its lifetime only has
/// to cover the round trip to `/token`, a retry or two, and the clock difference Maskinporten tolerates (±10 s on
/// `iat`, and [`ClockOffset`] removes most of that). A shorter window halves the time an intercepted grant is
/// worth anything before its first use. 60 s is also what Altinn's own end-to-end tests use against TT02.
pub const DEFAULT_GRANT_LIFETIME_SECS: i64 = 60;

/// The JWS algorithms Maskinporten accepts for grants (RSASSA-PKCS1-v1_5 with SHA-256/384/512). No ES256, no PSS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SigningAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256; WebCrypto `{name: "RSASSA-PKCS1-v1_5", hash: "SHA-256"}`. The default.
    #[default]
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512,
}

impl SigningAlgorithm {
    /// The JOSE `alg` name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Rs256 => "RS256",
            Self::Rs384 => "RS384",
            Self::Rs512 => "RS512",
        }
    }

    /// The WebCrypto hash name to import the key with (`"SHA-256"`, ...).
    pub const fn webcrypto_hash(self) -> &'static str {
        match self {
            Self::Rs256 => "SHA-256",
            Self::Rs384 => "SHA-384",
            Self::Rs512 => "SHA-512",
        }
    }
}

impl FromStr for SigningAlgorithm {
    type Err = GrantError;
    /// Parses `RS256`, `RS384` or `RS512` (exactly, as JOSE names are case-sensitive).
    fn from_str(s: &str) -> Result<Self, GrantError> {
        match s {
            "RS256" => Ok(Self::Rs256),
            "RS384" => Ok(Self::Rs384),
            "RS512" => Ok(Self::Rs512),
            other => Err(GrantError::UnsupportedAlgorithm(other.to_owned())),
        }
    }
}

impl fmt::Display for SigningAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A grant that breaks one of Maskinporten's rules, or a signature that cannot be right.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GrantError {
    /// `exp - iat` must be 1..=120 seconds.
    #[error("grant lifetime of {0} s is not allowed: Maskinporten needs 1 to 120 s between iat and exp")]
    Lifetime(i64),
    /// A grant names its key by `kid` or by `x5c`, never both.
    #[error("both kid and x5c are set: a grant must identify its key by exactly one of them")]
    BothKidAndX5c,
    /// Neither `kid` nor `x5c` is set.
    #[error("neither kid nor x5c is set: give the registered key's kid, or the enterprise certificate chain as x5c")]
    NoKeyReference,
    /// `kid` is empty, or `x5c` is an empty array or holds an empty certificate.
    #[error("the key reference is empty: kid must be non-empty and x5c a non-empty array of base64 certificates")]
    EmptyKeyReference,
    /// No scope was requested (Maskinporten requires `scope`, even with a consent).
    #[error("no scope requested: Maskinporten requires at least one scope")]
    NoScope,
    /// A scope has characters RFC 6749 does not allow (space, quote, backslash, control characters).
    #[error("scope {0:?} is not a valid OAuth scope token")]
    InvalidScope(String),
    /// The client id (`iss`) is empty or has whitespace.
    #[error("client id {0:?} is not valid: it must be non-empty and without whitespace")]
    ClientId(String),
    /// The audience (the environment's issuer) is empty.
    #[error("the audience (Maskinporten issuer) is empty")]
    Audience,
    /// `consumer_org` and `iss_onbehalfof` are mutually exclusive.
    #[error("both consumer_org and iss_onbehalfof are set: Maskinporten allows only one of them")]
    ConsumerOrgAndOnBehalfOf,
    /// `iss_onbehalfof` is empty or has whitespace.
    #[error("iss_onbehalfof {0:?} is not valid: it must be non-empty and without whitespace")]
    OnBehalfOf(String),
    /// A `resource` is empty or has whitespace.
    #[error("resource {0:?} is not valid: it must be a non-empty URI without whitespace")]
    Resource(String),
    /// Only RS256, RS384 and RS512 are accepted.
    #[error("signing algorithm {0:?} is not supported: Maskinporten accepts RS256, RS384 and RS512")]
    UnsupportedAlgorithm(String),
    /// A caller-chosen `jti` must be 1 to 255 printable ASCII characters.
    #[error("jti {0:?} is not valid: use 1 to 255 printable ASCII characters")]
    Jti(String),
    /// The signature handed to [`UnsignedGrant::finish`] is shorter than any RSA key of at least 2048 bits makes.
    #[error("signature of {0} bytes cannot come from an RSA key of at least 2048 bits (expected 256 or more)")]
    Signature(usize),
}

/// Describes the grants one client asks for; reusable, so build it once and call [`GrantBuilder::build`] for each
/// token request. `build` checks every Maskinporten rule.
#[derive(Debug, Clone)]
pub struct GrantBuilder {
    pub(crate) audience: String,
    pub(crate) client_id: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) alg: SigningAlgorithm,
    pub(crate) kid: Option<String>,
    pub(crate) x5c: Option<Vec<String>>,
    pub(crate) lifetime_secs: i64,
    pub(crate) consumer_org: Option<Organisasjonsnummer>,
    pub(crate) iss_onbehalfof: Option<String>,
    pub(crate) resources: Vec<String>,
    pub(crate) authorization_details: Option<AuthorizationDetail>,
    pub(crate) clock_offset: ClockOffset,
}

impl GrantBuilder {
    /// A grant for `client_id` (the `iss`) with `aud` set to the environment's issuer. RS256, a lifetime of
    /// [`DEFAULT_GRANT_LIFETIME_SECS`], no scope yet, no key reference yet.
    pub fn new(environment: &Environment, client_id: impl Into<String>) -> Self {
        Self {
            audience: environment.issuer().to_owned(),
            client_id: client_id.into(),
            scopes: Vec::new(),
            alg: SigningAlgorithm::default(),
            kid: None,
            x5c: None,
            lifetime_secs: DEFAULT_GRANT_LIFETIME_SECS,
            consumer_org: None,
            iss_onbehalfof: None,
            resources: Vec::new(),
            authorization_details: None,
            clock_offset: ClockOffset::ZERO,
        }
    }

    /// Adds scopes; a string with spaces adds each word (`"a:b c:d"` adds two). Duplicates are dropped.
    #[must_use]
    pub fn scope(mut self, scope: &str) -> Self {
        for s in scope.split_whitespace() {
            if !self.scopes.iter().any(|x| x == s) {
                self.scopes.push(s.to_owned());
            }
        }
        self
    }

    /// The signing algorithm (default RS256).
    #[must_use]
    pub fn algorithm(mut self, alg: SigningAlgorithm) -> Self {
        self.alg = alg;
        self
    }

    /// Names the key by the `kid` registered with the Maskinporten client.
    #[must_use]
    pub fn kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// Sends the enterprise certificate chain (base64 DER, leaf first) as `x5c`, always as an array.
    #[must_use]
    pub fn x5c(mut self, chain: Vec<String>) -> Self {
        self.x5c = Some(chain);
        self
    }

    /// Seconds from `iat` to `exp`, 1..=120 (default [`DEFAULT_GRANT_LIFETIME_SECS`]).
    #[must_use]
    pub fn lifetime_secs(mut self, secs: i64) -> Self {
        self.lifetime_secs = secs;
        self
    }

    /// `consumer_org`: the organisation we ask on behalf of, through a scope delegated in Altinn.
    #[must_use]
    pub fn consumer_org(mut self, org: Organisasjonsnummer) -> Self {
        self.consumer_org = Some(org);
        self
    }

    /// `iss_onbehalfof`: the onbehalfof value of a sub-client.
    #[must_use]
    pub fn iss_onbehalfof(mut self, value: impl Into<String>) -> Self {
        self.iss_onbehalfof = Some(value.into());
        self
    }

    /// Adds a `resource` (an audience restriction for the token). Off by default, and leave it off for
    /// Skatteetaten, which wants tokens without an audience.
    #[must_use]
    pub fn resource(mut self, resource: impl Into<String>) -> Self {
        self.resources.push(resource.into());
        self
    }

    /// Sets the one `authorization_details` entry (an Altinn consent or a system user), replacing any earlier one.
    #[must_use]
    pub fn authorization_details(mut self, detail: AuthorizationDetail) -> Self {
        self.authorization_details = Some(detail);
        self
    }

    /// The offset between Maskinporten's clock and ours, applied to `iat` and `exp`.
    #[must_use]
    pub fn clock_offset(mut self, offset: ClockOffset) -> Self {
        self.clock_offset = offset;
        self
    }

    /// The issuer this grant is for (its `aud`).
    pub fn audience(&self) -> &str {
        &self.audience
    }

    /// Checks every rule without building.
    pub fn validate(&self) -> Result<(), GrantError> {
        if self.audience.is_empty() {
            return Err(GrantError::Audience);
        }
        if !is_token(&self.client_id) {
            return Err(GrantError::ClientId(self.client_id.clone()));
        }
        if self.scopes.is_empty() {
            return Err(GrantError::NoScope);
        }
        if let Some(bad) = self.scopes.iter().find(|s| !is_scope_token(s)) {
            return Err(GrantError::InvalidScope(bad.clone()));
        }
        match (&self.kid, &self.x5c) {
            (Some(_), Some(_)) => return Err(GrantError::BothKidAndX5c),
            (None, None) => return Err(GrantError::NoKeyReference),
            (Some(kid), None) if kid.is_empty() => return Err(GrantError::EmptyKeyReference),
            (None, Some(chain)) if chain.is_empty() || chain.iter().any(String::is_empty) => {
                return Err(GrantError::EmptyKeyReference)
            }
            _ => {}
        }
        if !(1..=MAX_GRANT_LIFETIME_SECS).contains(&self.lifetime_secs) {
            return Err(GrantError::Lifetime(self.lifetime_secs));
        }
        if self.consumer_org.is_some() && self.iss_onbehalfof.is_some() {
            return Err(GrantError::ConsumerOrgAndOnBehalfOf);
        }
        if let Some(obo) = self.iss_onbehalfof.as_ref().filter(|v| !is_token(v)) {
            return Err(GrantError::OnBehalfOf(obo.clone()));
        }
        if let Some(r) = self.resources.iter().find(|r| !is_token(r)) {
            return Err(GrantError::Resource(r.clone()));
        }
        Ok(())
    }

    /// Builds the unsigned grant: `iat` = `now` + clock offset, `exp` = `iat` + lifetime, `jti` as given.
    pub fn build(&self, now: UnixTime, jti: Jti) -> Result<UnsignedGrant, GrantError> {
        self.validate()?;
        let iat = self.clock_offset.apply(now);
        let exp = iat.add_secs(self.lifetime_secs);
        let header = Header { alg: self.alg.name(), kid: self.kid.as_deref(), x5c: self.x5c.as_deref() };
        let consumer_org = self.consumer_org.as_ref().map(Organisasjonsnummer::as_str);
        let claims = Claims {
            aud: &self.audience,
            iss: &self.client_id,
            scope: self.scopes.join(" "),
            iat: iat.secs(),
            exp: exp.secs(),
            jti: jti.as_str(),
            consumer_org,
            iss_onbehalfof: self.iss_onbehalfof.as_deref(),
            resource: &self.resources,
            authorization_details: self.authorization_details.as_ref().map(|d| [d]),
        };
        // Serialising these plain structs cannot fail.
        let header_json = serde_json::to_string(&header).unwrap_or_default();
        let claims_json = serde_json::to_string(&claims).unwrap_or_default();
        let signing_input = format!("{}.{}", B64URL.encode(&header_json), B64URL.encode(&claims_json));
        Ok(UnsignedGrant { alg: self.alg, header_json, claims_json, signing_input, iat, exp, jti })
    }
}

/// Non-empty, no whitespace or control characters.
fn is_token(s: &str) -> bool {
    !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// RFC 6749 §3.3: `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`.
fn is_scope_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b == 0x21 || (0x23..=0x5b).contains(&b) || (0x5d..=0x7e).contains(&b))
}

/// A grant ready to be signed. Not a credential by itself (it is useless without a signature), but its claims
/// may name a person in a consent, so `Debug` shows only times, algorithm and `jti`.
#[derive(Clone, PartialEq, Eq)]
pub struct UnsignedGrant {
    alg: SigningAlgorithm,
    header_json: String,
    claims_json: String,
    signing_input: String,
    iat: UnixTime,
    exp: UnixTime,
    jti: Jti,
}

impl UnsignedGrant {
    /// The bytes to sign: `BASE64URL(header) "." BASE64URL(claims)`. Sign them with RSASSA-PKCS1-v1_5 and the hash
    /// of [`UnsignedGrant::algorithm`] (WebCrypto: `crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, bytes)`).
    pub fn signing_input(&self) -> &[u8] {
        self.signing_input.as_bytes()
    }

    /// The algorithm the header announces; the signature must use it.
    pub const fn algorithm(&self) -> SigningAlgorithm {
        self.alg
    }

    /// The header as JSON, e.g. `{"alg":"RS256","kid":"..."}`.
    pub fn header_json(&self) -> &str {
        &self.header_json
    }

    /// The claims as JSON. May contain a person's national id (in a consent's `from`): keep out of logs.
    pub fn claims_json(&self) -> &str {
        &self.claims_json
    }

    /// `iat`, already corrected by the clock offset.
    pub const fn issued_at(&self) -> UnixTime {
        self.iat
    }

    /// `exp`.
    pub const fn expires_at(&self) -> UnixTime {
        self.exp
    }

    /// The grant's `jti`.
    pub fn jti(&self) -> &Jti {
        &self.jti
    }

    /// Appends the raw signature bytes (as WebCrypto or any RSA signer returns them) and gives the compact JWT.
    /// Refuses a signature shorter than 256 bytes: no RSA key of 2048 bits or more makes one.
    pub fn finish(&self, signature: &[u8]) -> Result<SignedGrant, GrantError> {
        if signature.len() < 256 {
            return Err(GrantError::Signature(signature.len()));
        }
        Ok(self.assemble(signature))
    }

    /// The compact JWT with `signature`, unchecked.
    pub(crate) fn assemble(&self, signature: &[u8]) -> SignedGrant {
        SignedGrant::new(format!("{}.{}", self.signing_input, B64URL.encode(signature)))
    }
}

impl fmt::Debug for UnsignedGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnsignedGrant")
            .field("alg", &self.alg)
            .field("iat", &self.iat)
            .field("exp", &self.exp)
            .field("jti", &self.jti)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
#[path = "grant_tests.rs"]
mod tests;
