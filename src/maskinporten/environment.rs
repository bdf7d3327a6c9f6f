//! Maskinporten environments and their `/.well-known/oauth-authorization-server` metadata.

use serde::Deserialize;

use crate::http::{http_url_host, HttpRequest, HttpResponse, Method};

/// Which Maskinporten a grant is for. The issuer goes into the grant's `aud` (with its trailing slash: the token
/// endpoint URL is no longer accepted as `aud`); the token endpoint is where the grant is posted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Environment {
    /// The test environment: issuer `https://test.maskinporten.no/`, used with Altinn TT02 and Skatteetaten's
    /// test APIs.
    Test,
    /// Production: issuer `https://maskinporten.no/`.
    Prod,
    /// Any other issuer, e.g. the local simulator, or one read from a metadata document.
    Custom {
        /// The issuer, exactly as the server names itself (the grant's `aud`).
        issuer: String,
        /// The absolute URL of the token endpoint.
        token_endpoint: String,
    },
}

impl Environment {
    /// A custom environment (simulator, legacy `ver2`, ...).
    pub fn custom(issuer: impl Into<String>, token_endpoint: impl Into<String>) -> Self {
        Self::Custom { issuer: issuer.into(), token_endpoint: token_endpoint.into() }
    }

    /// The issuer: the value to put in a grant's `aud`.
    pub fn issuer(&self) -> &str {
        match self {
            Self::Test => "https://test.maskinporten.no/",
            Self::Prod => "https://maskinporten.no/",
            Self::Custom { issuer, .. } => issuer,
        }
    }

    /// The token endpoint to post grants to.
    pub fn token_endpoint(&self) -> &str {
        match self {
            Self::Test => "https://test.maskinporten.no/token",
            Self::Prod => "https://maskinporten.no/token",
            Self::Custom { token_endpoint, .. } => token_endpoint,
        }
    }

    /// The environment a known issuer names (with or without the trailing slash), `None` for any other.
    pub fn from_issuer(issuer: &str) -> Option<Self> {
        [Self::Test, Self::Prod].into_iter().find(|e| e.issuer().trim_end_matches('/') == issuer.trim_end_matches('/'))
    }

    /// RFC 8414 metadata URL: `<issuer without trailing slash>/.well-known/oauth-authorization-server`.
    pub fn metadata_url(&self) -> String {
        format!("{}/.well-known/oauth-authorization-server", self.issuer().trim_end_matches('/'))
    }

    /// `GET` of the metadata document.
    pub fn prepare_metadata_request(&self) -> HttpRequest {
        HttpRequest::new(Method::Get, self.metadata_url()).header("Accept", "application/json")
    }
}

/// The parts of an RFC 8414 authorization server metadata document a client needs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct AuthorizationServerMetadata {
    /// The issuer (the grant's `aud`).
    pub issuer: String,
    /// Where to post grants.
    pub token_endpoint: String,
    /// Where the server's token-signing keys are published.
    pub jwks_uri: String,
    /// Grant signing algorithms the server accepts (`RS256`, `RS384`, `RS512` for Maskinporten).
    #[serde(default, rename = "token_endpoint_auth_signing_alg_values_supported")]
    pub signing_algorithms: Vec<String>,
    /// `authorization_details` types the server accepts (`urn:altinn:consent`, `urn:altinn:systemuser`).
    #[serde(default, rename = "authorization_details_types_supported")]
    pub authorization_details_types: Vec<String>,
}

/// A metadata document that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MetadataError {
    /// Not a 2xx answer.
    #[error("metadata request answered HTTP {0}")]
    Status(u16),
    /// Not JSON, `issuer`, `token_endpoint` or `jwks_uri` missing, or the issuer or token endpoint not an
    /// absolute http(s) URL.
    #[error("metadata document is not valid: {0}")]
    Malformed(String),
    /// The document's `issuer` is not the one it was fetched for (RFC 8414 §3.3 says to refuse it).
    #[error("metadata names issuer {found:?}, expected {expected:?}")]
    IssuerMismatch {
        /// The issuer the document was fetched for.
        expected: String,
        /// The issuer in the document.
        found: String,
    },
}

impl AuthorizationServerMetadata {
    /// Parses a metadata document.
    pub fn parse(json: &[u8]) -> Result<Self, MetadataError> {
        let md: Self = serde_json::from_slice(json).map_err(|e| MetadataError::Malformed(e.to_string()))?;
        for (name, value) in [("issuer", &md.issuer), ("token_endpoint", &md.token_endpoint)] {
            if http_url_host(value).is_none() {
                return Err(MetadataError::Malformed(format!("{name} {value:?} is not an absolute URL")));
            }
        }
        Ok(md)
    }

    /// Parses the answer to [`Environment::prepare_metadata_request`] and checks that it names `expected_issuer`.
    pub fn parse_response(response: &HttpResponse, expected_issuer: &str) -> Result<Self, MetadataError> {
        if !response.is_success() {
            return Err(MetadataError::Status(response.status));
        }
        let md = Self::parse(&response.body)?;
        if md.issuer != expected_issuer {
            return Err(MetadataError::IssuerMismatch { expected: expected_issuer.to_owned(), found: md.issuer });
        }
        Ok(md)
    }

    /// The environment this document describes: [`Environment::Test`] or [`Environment::Prod`] when issuer and
    /// token endpoint are the well-known ones, otherwise [`Environment::Custom`].
    pub fn environment(&self) -> Environment {
        match Environment::from_issuer(&self.issuer) {
            Some(env) if env.issuer() == self.issuer && env.token_endpoint() == self.token_endpoint => env,
            _ => Environment::custom(&self.issuer, &self.token_endpoint),
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    const WELL_KNOWN_TEST: &str = include_str!("../../fixtures/maskinporten/well-known-test.json");

    #[test]
    fn known_environments() {
        assert_eq!(Environment::Test.issuer(), "https://test.maskinporten.no/");
        assert_eq!(Environment::Test.token_endpoint(), "https://test.maskinporten.no/token");
        assert_eq!(Environment::Prod.issuer(), "https://maskinporten.no/");
        assert_eq!(Environment::Prod.token_endpoint(), "https://maskinporten.no/token");
        assert_eq!(
            Environment::Test.metadata_url(),
            "https://test.maskinporten.no/.well-known/oauth-authorization-server"
        );
        let sim = Environment::custom("http://127.0.0.1:8080/mp", "http://127.0.0.1:8080/mp/token");
        assert_eq!(sim.issuer(), "http://127.0.0.1:8080/mp");
        assert_eq!(sim.token_endpoint(), "http://127.0.0.1:8080/mp/token");
        assert_eq!(Environment::from_issuer("https://maskinporten.no"), Some(Environment::Prod));
        assert_eq!(Environment::from_issuer("https://test.maskinporten.no/"), Some(Environment::Test));
        assert_eq!(Environment::from_issuer("https://ver2.maskinporten.no/"), None);
        let req = Environment::Prod.prepare_metadata_request();
        assert_eq!(
            (req.method, req.url.as_str()),
            (Method::Get, "https://maskinporten.no/.well-known/oauth-authorization-server")
        );
    }

    #[test]
    fn well_known_fixture() {
        let md = AuthorizationServerMetadata::parse(WELL_KNOWN_TEST.as_bytes()).unwrap();
        assert_eq!(md.issuer, "https://test.maskinporten.no/");
        assert_eq!(md.token_endpoint, "https://test.maskinporten.no/token");
        assert_eq!(md.jwks_uri, "https://test.maskinporten.no/jwk");
        assert_eq!(md.signing_algorithms, ["RS256", "RS384", "RS512"]);
        assert!(md.authorization_details_types.iter().any(|t| t == "urn:altinn:consent"));
        assert_eq!(md.environment(), Environment::Test);

        let resp = HttpResponse::new(200, WELL_KNOWN_TEST);
        assert!(AuthorizationServerMetadata::parse_response(&resp, "https://test.maskinporten.no/").is_ok());
        assert!(matches!(
            AuthorizationServerMetadata::parse_response(&resp, "https://maskinporten.no/"),
            Err(MetadataError::IssuerMismatch { .. })
        ));
        assert_eq!(
            AuthorizationServerMetadata::parse_response(&HttpResponse::new(503, "<html>"), "x"),
            Err(MetadataError::Status(503))
        );
    }

    #[test]
    fn custom_and_broken_metadata() {
        let md = AuthorizationServerMetadata::parse(
            br#"{"issuer":"http://localhost:9/","token_endpoint":"http://localhost:9/token","jwks_uri":"http://localhost:9/jwk"}"#,
        )
        .unwrap();
        assert_eq!(md.environment(), Environment::custom("http://localhost:9/", "http://localhost:9/token"));
        for bad in [
            &b"<html>"[..],
            br#"{"issuer":"x"}"#,
            br#"{"issuer":"x","token_endpoint":"/token","jwks_uri":"j"}"#,
            br#"{"issuer":"https://","token_endpoint":"https:///token","jwks_uri":"j"}"#,
        ] {
            assert!(matches!(AuthorizationServerMetadata::parse(bad), Err(MetadataError::Malformed(_))));
        }
    }
}
