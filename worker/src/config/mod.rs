//! The Worker's configuration, read from `[vars]` and secrets on every request (a few property reads). Nothing
//! panics: a missing or malformed variable is a [`ConfigProblem`] that names it, reported by `/healthz` and
//! turned into a `config_missing` / `config_invalid` problem by the routes that need it.

use kravkit::api::problem::ProblemCode;
use std::{fmt, rc::Rc};

use kravkit::{
    altinn::{Altinn2Environment, Altinn3Environment},
    ids::Organisasjonsnummer,
    maskinporten,
    secret::AltinnApiKey,
    skatteetaten::{self, Klientid},
};
use serde::Serialize;
use url::Url;

use crate::{problem::Problem, upstream::consent_page};

pub(crate) mod client_key;
mod urls;

pub use client_key::ClientKeyMaterial;

use urls::{allowed_origins, check_web_url, is_loopback, LOOPBACK_IN_PROD};
pub use urls::{allowed_return_url, UrlRule};

/// Where a variable comes from: the Worker's `Env`, or a map in native tests.
pub trait VarSource {
    /// The variable's text, if set (an object variable as its JSON text).
    fn get(&self, name: &str) -> Option<String>;
}

impl VarSource for worker::Env {
    fn get(&self, name: &str) -> Option<String> {
        match self.var(name) {
            Ok(v) => Some(v.to_string()),
            Err(_) => self.object_var::<serde_json::Value>(name).ok().map(|v| v.to_string()),
        }
    }
}

/// A variable that is missing or unusable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigProblem {
    /// The variable or secret.
    pub variable: &'static str,
    /// `missing` or `invalid`.
    pub problem: &'static str,
    /// What is wrong and what to do; never the value of a secret.
    pub detail: String,
}

impl ConfigProblem {
    fn missing(variable: &'static str, detail: impl Into<String>) -> Self {
        Self { variable, problem: "missing", detail: detail.into() }
    }

    fn invalid(variable: &'static str, detail: impl Into<String>) -> Self {
        Self { variable, problem: "invalid", detail: detail.into() }
    }
}

impl From<&ConfigProblem> for Problem {
    fn from(p: &ConfigProblem) -> Self {
        let code = if p.problem == "missing" { ProblemCode::ConfigMissing } else { ProblemCode::ConfigInvalid };
        Problem::new(code, format!("{}: {}", p.variable, p.detail))
    }
}

/// A value, or why it cannot be had.
pub type Setting<T> = Result<T, ConfigProblem>;

/// Borrows a setting's value, or gives the problem response that names the variable.
pub fn need<T>(setting: &Setting<T>) -> Result<&T, Problem> {
    setting.as_ref().map_err(Problem::from)
}

/// Which set of upstream services (`ENVIRONMENT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deployment {
    /// The local simulator at `SIM_URL`.
    Sim,
    /// test.maskinporten.no, Altinn TT02, Skatteetaten's test API.
    Test,
    /// Production.
    Prod,
}

/// The consent generation (`CONSENT_MODE`): the core's type.
pub use kravkit::consent::ConsentMode;

/// Every upstream base URL of one deployment.
#[derive(Debug, Clone)]
pub struct Upstreams {
    /// Maskinporten issuer and token endpoint.
    pub maskinporten: maskinporten::Environment,
    /// Altinn 3 platform.
    pub altinn3: Altinn3Environment,
    /// Altinn 2 portal.
    pub altinn2: Altinn2Environment,
    /// Skatteetaten's API.
    pub skatteetaten: skatteetaten::ApiConfig,
    /// Where an Altinn consent page (`viewUri`, `_links.gui`) may be.
    pub consent_pages: consent_page::PageHosts,
}

/// The key that signs and checks consent callback states. `Debug` is redacted.
#[derive(Clone)]
pub struct StateKey(String);

impl StateKey {
    /// The key bytes.
    pub fn secret(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// A key for native tests.
    #[cfg(test)]
    pub fn for_tests(key: &str) -> Self {
        Self(key.to_owned())
    }
}

impl fmt::Debug for StateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StateKey([redacted])")
    }
}

/// The credential that unlocks `/healthz`'s details in prod (secret `OPERATOR_TOKEN`). `Debug` is redacted.
#[derive(Clone)]
pub struct OperatorToken(String);

impl OperatorToken {
    /// Whether `presented` is this token; the comparison takes the same time wherever the two differ.
    pub fn matches(&self, presented: &str) -> bool {
        // Equal-length digests, compared without an early exit.
        let (a, b) = (crate::crypto::sha256(self.0.as_bytes()), crate::crypto::sha256(presented.as_bytes()));
        a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl fmt::Debug for OperatorToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OperatorToken([redacted])")
    }
}

/// Where session signing keys come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwksSource {
    /// `SESSION_JWKS`: a JWK set, inline.
    Inline(serde_json::Value),
    /// `SESSION_JWKS_URL`: fetched and cached.
    Url(String),
}

/// Everything the Worker is configured with.
#[derive(Debug, Clone)]
pub struct Config {
    /// `ENVIRONMENT` as given (`unset` when missing), for `/healthz`.
    pub environment_name: String,
    /// `ENVIRONMENT`.
    pub deployment: Setting<Deployment>,
    /// The base URLs it selects.
    pub upstreams: Setting<Upstreams>,
    /// `MASKINPORTEN_CLIENT_ID`.
    pub client_id: Setting<String>,
    /// `SKATTEETATEN_KLIENTID`: the `Klientid` header on every call to Skatteetaten (default: the Maskinporten
    /// client id).
    pub klientid: Setting<Klientid>,
    /// `MASKINPORTEN_KID` (default: the key's RFC 7638 thumbprint).
    pub kid: Option<String>,
    /// `MASKINPORTEN_SCOPE` (default `skatteetaten:kravogbetalinger`).
    pub scope: String,
    /// `ORG_NUMBER`: our organisation, the consent's `to` / `CoveredBy`.
    pub org: Setting<Organisasjonsnummer>,
    /// `CONSENT_MODE` (default `altinn3`).
    pub consent_mode: Setting<ConsentMode>,
    /// `ALLOWED_ORIGINS`: exact origins allowed to call cross-origin (default none).
    pub allowed_origins: Setting<Vec<String>>,
    /// `ALLOWED_RETURN_URLS`.
    pub return_urls: Setting<Vec<UrlRule>>,
    /// `SESSION_ISSUER`.
    pub session_issuer: Setting<String>,
    /// `SESSION_AUDIENCE`.
    pub session_audience: Setting<String>,
    /// `SESSION_JWKS` or `SESSION_JWKS_URL`.
    pub session_jwks: Setting<JwksSource>,
    /// `DEMO_MODE=true`, and not refused (only with `ENVIRONMENT=sim`).
    pub demo_mode: bool,
    /// `PUBLIC_URL`: the Worker's own origin for the consent callback (default: the request's origin; required in
    /// prod).
    pub public_url: Setting<Option<Url>>,
    /// `UPSTREAM_TIMEOUT_MS` (default 10000): the timeout of every outbound call.
    pub timeout_ms: u32,
    /// `SESSION_JWKS_TTL_SECS` (default 300): how long a set fetched from `SESSION_JWKS_URL` is used.
    pub jwks_ttl_secs: u32,
    /// Secret `MASKINPORTEN_KEY` (PKCS#8/PKCS#1 PEM or private JWK), parsed once per isolate.
    pub maskinporten_key: Setting<Rc<ClientKeyMaterial>>,
    /// Secret `ALTINN_API_KEY` (Altinn 2).
    pub altinn_api_key: Setting<AltinnApiKey>,
    /// Secret `STATE_KEY` (at least 32 characters).
    pub state_key: Setting<StateKey>,
    /// `UPSTREAM_MAX_BODY_BYTES` (default [`DEFAULT_MAX_UPSTREAM_BODY`]): the largest answer body read from an
    /// upstream; a larger one is `upstream_error`.
    pub max_upstream_body: usize,
    /// Limits per session and party.
    pub limits: Limits,
    /// Secret `OPERATOR_TOKEN` (at least 32 characters, optional): `Authorization: Bearer <it>` shows `/healthz`'s
    /// details in prod.
    pub operator_token: Option<OperatorToken>,
    /// Problems that belong to no single setting (a refused combination, a bad optional value).
    pub other_problems: Vec<ConfigProblem>,
}

/// Limits per session and party (`docs/worker-api.md`, "Limits").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// `CONSENT_CREATES_PER_SUBJECT` (default 10): consent requests one session subject may start per window.
    pub creates_per_subject: u32,
    /// `CONSENT_CREATES_PER_PARTY` (default 20): consent requests started for one party per window.
    pub creates_per_party: u32,
    /// `CONSENT_CREATE_WINDOW_SECS` (default 3600, at most 86400).
    pub create_window_secs: i64,
    /// `DATA_CALLS_PER_MINUTE` (default 120): data calls per session subject and minute.
    pub data_calls_per_minute: u32,
}

/// A whole number in `range` (`what` names its unit in the problem), else `default` and a problem naming the var.
fn number(
    vars: &impl VarSource,
    name: &'static str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
    what: &str,
    problems: &mut Vec<ConfigProblem>,
) -> u32 {
    match text(vars, name) {
        None => default,
        Some(t) => match t.parse::<u32>() {
            Ok(n) if range.contains(&n) => n,
            _ => {
                let (min, max) = (range.start(), range.end());
                problems.push(ConfigProblem::invalid(name, format!("{t:?} is not a {what} from {min} to {max}")));
                default
            }
        },
    }
}

impl Limits {
    fn load(vars: &impl VarSource, problems: &mut Vec<ConfigProblem>) -> Self {
        Self {
            creates_per_subject: number(vars, "CONSENT_CREATES_PER_SUBJECT", 10, 1..=10_000, "whole number", problems),
            creates_per_party: number(vars, "CONSENT_CREATES_PER_PARTY", 20, 1..=10_000, "whole number", problems),
            create_window_secs: i64::from(number(
                vars,
                "CONSENT_CREATE_WINDOW_SECS",
                3_600,
                1..=86_400,
                "whole number",
                problems,
            )),
            data_calls_per_minute: number(vars, "DATA_CALLS_PER_MINUTE", 120, 1..=1_000_000, "whole number", problems),
        }
    }
}

/// The largest upstream answer body read by default (8 MiB).
pub const DEFAULT_MAX_UPSTREAM_BODY: usize = 8 * 1024 * 1024;

/// The audience demo sessions carry when `SESSION_AUDIENCE` is not set.
pub const DEFAULT_DEMO_AUDIENCE: &str = "kravkit";

fn text(vars: &impl VarSource, name: &str) -> Option<String> {
    vars.get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn required(vars: &impl VarSource, name: &'static str, what: &str) -> Setting<String> {
    text(vars, name).ok_or_else(|| ConfigProblem::missing(name, format!("set it to {what}")))
}

/// `SKATTEETATEN_KLIENTID` if set, else the Maskinporten client id (a problem only when that cannot be had).
fn klientid(explicit: Option<String>, client_id: &Setting<String>) -> Setting<Klientid> {
    const NAME: &str = "SKATTEETATEN_KLIENTID";
    match explicit {
        Some(t) => Klientid::parse(&t).map_err(|e| ConfigProblem::invalid(NAME, e.to_string())),
        None => match client_id {
            Ok(c) => Klientid::parse(c).map_err(|e| {
                ConfigProblem::invalid(NAME, format!("the default, MASKINPORTEN_CLIENT_ID, cannot be one: {e}"))
            }),
            Err(p) => Err(ConfigProblem::missing(NAME, format!("set it, or MASKINPORTEN_CLIENT_ID ({})", p.detail))),
        },
    }
}

fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split([',', ' ', '\n', '\t']).map(str::trim).filter(|s| !s.is_empty())
}

impl Config {
    /// Reads the configuration. Never fails: problems are kept per setting.
    pub fn load(vars: &impl VarSource) -> Self {
        let mut other_problems = Vec::new();
        let environment_name = text(vars, "ENVIRONMENT").unwrap_or_else(|| "unset".to_owned());
        let deployment = match text(vars, "ENVIRONMENT").as_deref() {
            None => Err(ConfigProblem::missing("ENVIRONMENT", "set it to sim, test or prod")),
            Some("sim") => Ok(Deployment::Sim),
            Some("test") => Ok(Deployment::Test),
            Some("prod") => Ok(Deployment::Prod),
            Some(other) => {
                Err(ConfigProblem::invalid("ENVIRONMENT", format!("{other:?} is not one of sim, test, prod")))
            }
        };
        let upstreams = deployment.clone().and_then(|d| upstreams(vars, d));
        let prod = deployment == Ok(Deployment::Prod);

        let demo_requested = match text(vars, "DEMO_MODE").as_deref() {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                other_problems.push(ConfigProblem::invalid("DEMO_MODE", format!("{other:?} is not true or false")));
                false
            }
        };
        // Demo sessions name the simulator's test parties: against the real services (test or prod) anyone could
        // mint one and act for those parties with the bank's client.
        let sim = deployment == Ok(Deployment::Sim);
        if demo_requested && !sim {
            other_problems.push(ConfigProblem::invalid(
                "DEMO_MODE",
                "demo mode is refused unless ENVIRONMENT=sim (the simulator)",
            ));
        }
        let demo_mode = demo_requested && sim;

        let problems = &mut other_problems;
        let timeout_ms = number(vars, "UPSTREAM_TIMEOUT_MS", 10_000, 100..=60_000, "number of milliseconds", problems);
        let jwks_ttl_secs = number(vars, "SESSION_JWKS_TTL_SECS", 300, 1..=86_400, "number of seconds", problems);
        let max_body = u32::try_from(DEFAULT_MAX_UPSTREAM_BODY).unwrap_or(u32::MAX);
        let max_upstream_body =
            number(vars, "UPSTREAM_MAX_BODY_BYTES", max_body, 1024..=64 * 1024 * 1024, "number of bytes", problems)
                as usize;

        let limits = Limits::load(vars, &mut other_problems);

        let operator_token = text(vars, "OPERATOR_TOKEN").and_then(|t| {
            if t.len() < 32 {
                other_problems.push(ConfigProblem::invalid(
                    "OPERATOR_TOKEN",
                    format!("has {} characters; use at least 32", t.len()),
                ));
                None
            } else {
                Some(OperatorToken(t))
            }
        });

        let client_id = required(vars, "MASKINPORTEN_CLIENT_ID", "the Maskinporten client id").and_then(|c| {
            if c.chars().any(char::is_whitespace) {
                Err(ConfigProblem::invalid("MASKINPORTEN_CLIENT_ID", "must not contain whitespace"))
            } else {
                Ok(c)
            }
        });
        let klientid = klientid(text(vars, "SKATTEETATEN_KLIENTID"), &client_id);

        Self {
            environment_name,
            deployment,
            upstreams,
            client_id,
            klientid,
            kid: text(vars, "MASKINPORTEN_KID"),
            scope: text(vars, "MASKINPORTEN_SCOPE").unwrap_or_else(|| "skatteetaten:kravogbetalinger".to_owned()),
            org: required(vars, "ORG_NUMBER", "our organisasjonsnummer (9 digits)").and_then(|o| {
                Organisasjonsnummer::parse(&o).map_err(|e| ConfigProblem::invalid("ORG_NUMBER", e.to_string()))
            }),
            consent_mode: match text(vars, "CONSENT_MODE").as_deref() {
                None | Some("altinn3") => Ok(ConsentMode::Altinn3),
                Some("altinn2") => Ok(ConsentMode::Altinn2),
                Some(other) => {
                    Err(ConfigProblem::invalid("CONSENT_MODE", format!("{other:?} is not altinn3 or altinn2")))
                }
            },
            allowed_origins: allowed_origins(text(vars, "ALLOWED_ORIGINS").as_deref(), prod),
            return_urls: required(vars, "ALLOWED_RETURN_URLS", "the allowed consent return URLs (comma-separated)")
                .and_then(|v| {
                    list(&v)
                        .map(|e| {
                            let bad = |why: String| ConfigProblem::invalid("ALLOWED_RETURN_URLS", why);
                            let rule = UrlRule::parse(e).map_err(bad)?;
                            if prod && rule.is_loopback() {
                                return Err(bad(format!("{e:?} {LOOPBACK_IN_PROD}")));
                            }
                            Ok(rule)
                        })
                        .collect()
                }),
            session_issuer: required(vars, "SESSION_ISSUER", "the iss of the bank's session tokens"),
            session_audience: required(vars, "SESSION_AUDIENCE", "the aud of the bank's session tokens"),
            session_jwks: session_jwks(vars, prod),
            demo_mode,
            public_url: public_url(text(vars, "PUBLIC_URL").as_deref(), prod),
            timeout_ms,
            jwks_ttl_secs,
            maskinporten_key: required(vars, "MASKINPORTEN_KEY", "the client's private key (PKCS#8 PEM or JWK)")
                .and_then(|k| client_key::parse(k).map_err(|e| ConfigProblem::invalid("MASKINPORTEN_KEY", e))),
            altinn_api_key: required(vars, "ALTINN_API_KEY", "the Altinn 2 API key").map(AltinnApiKey::new),
            state_key: required(vars, "STATE_KEY", "at least 32 random characters").and_then(|k| {
                if k.len() < 32 {
                    Err(ConfigProblem::invalid("STATE_KEY", format!("has {} characters; use at least 32", k.len())))
                } else {
                    Ok(StateKey(k))
                }
            }),
            max_upstream_body,
            limits,
            operator_token,
            other_problems,
        }
    }

    /// Every problem that matters for the configured mode, for `/healthz`.
    pub fn problems(&self) -> Vec<&ConfigProblem> {
        let mut found: Vec<Option<&ConfigProblem>> = vec![
            self.deployment.as_ref().err(),
            self.upstreams.as_ref().err().filter(|_| self.deployment.is_ok()),
            self.client_id.as_ref().err(),
            self.klientid.as_ref().err().filter(|p| p.problem != "missing"),
            self.org.as_ref().err(),
            self.consent_mode.as_ref().err(),
            self.allowed_origins.as_ref().err(),
            self.return_urls.as_ref().err(),
            self.public_url.as_ref().err(),
            self.maskinporten_key.as_ref().err(),
            self.state_key.as_ref().err(),
        ];
        if self.consent_mode == Ok(ConsentMode::Altinn2) {
            found.push(self.altinn_api_key.as_ref().err());
        }
        // Demo mode alone may run without the bank's session settings; otherwise all three are needed.
        let any_session = self.session_issuer.is_ok() || self.session_audience.is_ok() || self.session_jwks.is_ok();
        if !self.demo_mode || any_session {
            found.push(self.session_issuer.as_ref().err());
            found.push(self.session_audience.as_ref().err());
            found.push(self.session_jwks.as_ref().err());
        }
        found.into_iter().flatten().chain(self.other_problems.iter()).collect()
    }

    /// The audience demo sessions are issued for: `SESSION_AUDIENCE`, else [`DEFAULT_DEMO_AUDIENCE`].
    pub fn demo_audience(&self) -> &str {
        self.session_audience.as_deref().unwrap_or(DEFAULT_DEMO_AUDIENCE)
    }
}

fn upstreams(vars: &impl VarSource, deployment: Deployment) -> Setting<Upstreams> {
    Ok(match deployment {
        Deployment::Test => Upstreams {
            maskinporten: maskinporten::Environment::Test,
            altinn3: Altinn3Environment::tt02(),
            altinn2: Altinn2Environment::tt02(),
            skatteetaten: skatteetaten::ApiConfig::new(skatteetaten::Environment::Test),
            consent_pages: consent_page::TT02,
        },
        Deployment::Prod => Upstreams {
            maskinporten: maskinporten::Environment::Prod,
            altinn3: Altinn3Environment::production(),
            altinn2: Altinn2Environment::production(),
            skatteetaten: skatteetaten::ApiConfig::new(skatteetaten::Environment::Prod),
            consent_pages: consent_page::PROD,
        },
        Deployment::Sim => {
            let raw = text(vars, "SIM_URL").unwrap_or_else(|| "http://127.0.0.1:8788".to_owned());
            let bad = |why: String| ConfigProblem::invalid("SIM_URL", why);
            let url = Url::parse(&raw).map_err(|e| bad(format!("{raw:?} is not an absolute URL ({e})")))?;
            if !matches!(url.scheme(), "http" | "https") || url.query().is_some() || url.fragment().is_some() {
                return Err(bad(format!("{raw:?} must be an http(s) base URL without query or fragment")));
            }
            let base = raw.trim_end_matches('/');
            Upstreams {
                maskinporten: maskinporten::Environment::custom(
                    format!("{base}/maskinporten/"),
                    format!("{base}/maskinporten/token"),
                ),
                altinn3: Altinn3Environment::custom(&format!("{base}/altinn3")).map_err(|e| bad(e.to_string()))?,
                altinn2: Altinn2Environment::custom(&format!("{base}/altinn2")).map_err(|e| bad(e.to_string()))?,
                skatteetaten: skatteetaten::ApiConfig::new(
                    skatteetaten::Environment::custom(&format!("{base}/skatteetaten/v1"))
                        .map_err(|e| bad(e.to_string()))?,
                ),
                consent_pages: consent_page::PageHosts::Origin(url.origin().ascii_serialization()),
            }
        }
    })
}

fn session_jwks(vars: &impl VarSource, prod: bool) -> Setting<JwksSource> {
    match (text(vars, "SESSION_JWKS"), text(vars, "SESSION_JWKS_URL")) {
        (Some(_), Some(_)) => {
            Err(ConfigProblem::invalid("SESSION_JWKS", "set SESSION_JWKS or SESSION_JWKS_URL, not both"))
        }
        (None, None) => Err(ConfigProblem::missing(
            "SESSION_JWKS",
            "set SESSION_JWKS (a JWK set) or SESSION_JWKS_URL (where to fetch it)",
        )),
        (Some(inline), None) => {
            let value: serde_json::Value = serde_json::from_str(&inline)
                .map_err(|e| ConfigProblem::invalid("SESSION_JWKS", format!("not JSON: {e}")))?;
            if value.get("keys").and_then(|k| k.as_array()).is_none_or(|k| k.is_empty()) {
                return Err(ConfigProblem::invalid("SESSION_JWKS", "must be a JWK set {\"keys\": [...]} with a key"));
            }
            Ok(JwksSource::Inline(value))
        }
        (None, Some(url)) => {
            let parsed = Url::parse(&url)
                .map_err(|e| ConfigProblem::invalid("SESSION_JWKS_URL", format!("not an absolute URL ({e})")))?;
            check_web_url(&parsed).map_err(|why| ConfigProblem::invalid("SESSION_JWKS_URL", why))?;
            if prod && is_loopback(&parsed) {
                return Err(ConfigProblem::invalid("SESSION_JWKS_URL", LOOPBACK_IN_PROD));
            }
            Ok(JwksSource::Url(url))
        }
    }
}

fn public_url(value: Option<&str>, prod: bool) -> Setting<Option<Url>> {
    match value {
        None if prod => Err(ConfigProblem::missing("PUBLIC_URL", "set it to the Worker's https origin")),
        None => Ok(None),
        Some(v) => {
            let url = Url::parse(v).map_err(|e| ConfigProblem::invalid("PUBLIC_URL", format!("{v:?}: {e}")))?;
            check_web_url(&url).map_err(|why| ConfigProblem::invalid("PUBLIC_URL", why))?;
            if prod && is_loopback(&url) {
                return Err(ConfigProblem::invalid("PUBLIC_URL", LOOPBACK_IN_PROD));
            }
            if url.query().is_some() || url.fragment().is_some() {
                return Err(ConfigProblem::invalid("PUBLIC_URL", "must not have a query or fragment"));
            }
            Ok(Some(url))
        }
    }
}

#[cfg(test)]
mod tests;
