//! The configuration file (`--config FILE`) and its runtime form: clients, Altinn 2 API keys, token lifetime,
//! whether grants need a `jti`.

use std::{collections::BTreeMap, path::Path};

use rsa::RsaPublicKey;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{ids::is_orgnr, keys::public_from_jwk};

/// Default lifetime of issued Maskinporten access tokens, in seconds.
pub const DEFAULT_TOKEN_LIFETIME_SECS: i64 = 120;

/// The JSON config file. Every field is optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileConfig {
    /// Maskinporten clients.
    #[serde(default)]
    pub clients: Vec<ClientConfig>,
    /// Altinn 2 API keys.
    #[serde(default)]
    pub altinn2_api_keys: Vec<ApiKeyConfig>,
    /// Lifetime of issued access tokens (default 120 s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_lifetime_secs: Option<i64>,
    /// Refuse grants without `jti` (default true; Maskinporten only recommends it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_jti: Option<bool>,
    /// Keep every token issued, for `GET /tokens` (default false). For leak tests: they search a client's
    /// responses and logs for each token the simulator ever handed out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_tokens: Option<bool>,
}

/// One Maskinporten client.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientConfig {
    /// The client id (the grant's `iss`).
    pub client_id: String,
    /// The client's organisation number (the token's `consumer`, the Altinn 3 consent's `to`).
    pub org: String,
    /// Scopes the client may ask for.
    pub scopes: Vec<String>,
    /// Public RSA JWKs, each with its `kid`.
    pub keys: Vec<Value>,
    /// Organisations that delegated their scopes to this client in Altinn (allowed as `consumer_org`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consumer_orgs: Vec<String>,
}

/// One Altinn 2 API key and the organisation it belongs to.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiKeyConfig {
    /// The key, sent in the `ApiKey` header.
    pub key: String,
    /// Its owner's organisation number (must be the request's `CoveredBy` or `HandledBy`).
    pub org: String,
}

/// A registered client with its keys parsed.
#[derive(Debug, Clone)]
pub struct Client {
    /// As configured.
    pub config: ClientConfig,
    /// Public keys by `kid`.
    pub keys: BTreeMap<String, RsaPublicKey>,
}

impl ClientConfig {
    /// Checks the entry and parses its keys.
    pub fn compile(&self) -> Result<Client, String> {
        let who = &self.client_id;
        if who.is_empty() || who.chars().any(char::is_whitespace) {
            return Err(format!("client id {who:?} must be non-empty without whitespace"));
        }
        if !is_orgnr(&self.org) {
            return Err(format!("client {who}: org {:?} is not a valid organisasjonsnummer", self.org));
        }
        if let Some(bad) = self.consumer_orgs.iter().find(|o| !is_orgnr(o)) {
            return Err(format!("client {who}: consumerOrgs entry {bad:?} is not a valid organisasjonsnummer"));
        }
        if let Some(bad) = self.scopes.iter().find(|s| s.is_empty() || s.chars().any(char::is_whitespace)) {
            return Err(format!("client {who}: scope {bad:?} is not a valid scope"));
        }
        if self.keys.is_empty() {
            return Err(format!("client {who}: register at least one public JWK"));
        }
        let mut keys = BTreeMap::new();
        for jwk in &self.keys {
            let (kid, key) = public_from_jwk(jwk).map_err(|e| format!("client {who}: {e}"))?;
            if keys.insert(kid.clone(), key).is_some() {
                return Err(format!("client {who}: kid {kid:?} appears twice"));
            }
        }
        Ok(Client { config: self.clone(), keys })
    }
}

impl ApiKeyConfig {
    /// Checks the entry.
    pub fn check(&self) -> Result<(), String> {
        if self.key.trim().is_empty() {
            return Err("an Altinn 2 API key must be non-empty".into());
        }
        if !is_orgnr(&self.org) {
            return Err(format!("API key org {:?} is not a valid organisasjonsnummer", self.org));
        }
        Ok(())
    }
}

impl FileConfig {
    /// Reads and checks a config file.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let config: Self = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        config.check().map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(config)
    }

    /// Checks every entry.
    pub fn check(&self) -> Result<(), String> {
        for c in &self.clients {
            c.compile()?;
        }
        for k in &self.altinn2_api_keys {
            k.check()?;
        }
        check_lifetime(self.token_lifetime_secs)
    }
}

/// A token lifetime must be 1 s to 1 day.
pub fn check_lifetime(secs: Option<i64>) -> Result<(), String> {
    match secs {
        Some(s) if !(1..=86_400).contains(&s) => Err(format!("tokenLifetimeSecs {s} must be 1..=86400")),
        _ => Ok(()),
    }
}
