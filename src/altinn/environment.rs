//! Where Altinn lives: TT02 (test), production, or any base URL (a simulator).

use super::error::EnvironmentError;

/// The Altinn 3 platform host that serves the consent-request API (`/accessmanagement/api/v1/...`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Altinn3Environment {
    base: String,
}

impl Altinn3Environment {
    /// TT02 base URL.
    pub const TT02_URL: &'static str = "https://platform.tt02.altinn.no";
    /// Production base URL.
    pub const PRODUCTION_URL: &'static str = "https://platform.altinn.no";

    /// TT02, Altinn's test environment (pairs with `test.maskinporten.no` and Skatteetaten's test API).
    pub fn tt02() -> Self {
        Self { base: Self::TT02_URL.to_owned() }
    }

    /// Production.
    pub fn production() -> Self {
        Self { base: Self::PRODUCTION_URL.to_owned() }
    }

    /// Any base URL, such as a local simulator; a trailing `/` is dropped.
    pub fn custom(base_url: &str) -> Result<Self, EnvironmentError> {
        validate_base(base_url).map(|base| Self { base })
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// `{base}/accessmanagement/api/v1/enterprise/consentrequests`, the consent-request collection.
    pub fn consent_requests_url(&self) -> String {
        format!("{}/accessmanagement/api/v1/enterprise/consentrequests", self.base)
    }
}

/// The Altinn 2 portal host that serves `/api/consentRequests` and `/api/authorization/token`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Altinn2Environment {
    base: String,
}

impl Altinn2Environment {
    /// TT02 base URL.
    pub const TT02_URL: &'static str = "https://tt02.altinn.no";
    /// Production base URL.
    pub const PRODUCTION_URL: &'static str = "https://www.altinn.no";

    /// TT02, Altinn's test environment.
    pub fn tt02() -> Self {
        Self { base: Self::TT02_URL.to_owned() }
    }

    /// Production.
    pub fn production() -> Self {
        Self { base: Self::PRODUCTION_URL.to_owned() }
    }

    /// Any base URL, such as a local simulator; a trailing `/` is dropped.
    pub fn custom(base_url: &str) -> Result<Self, EnvironmentError> {
        validate_base(base_url).map(|base| Self { base })
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base
    }
}

fn validate_base(url: &str) -> Result<String, EnvironmentError> {
    let trimmed = url.strip_suffix('/').unwrap_or(url);
    let rest = trimmed.strip_prefix("https://").or_else(|| trimmed.strip_prefix("http://"));
    let ok = rest.is_some_and(|r| {
        let host = r.split('/').next().unwrap_or("");
        !host.is_empty() && !r.contains(['?', '#']) && !r.chars().any(|c| c.is_whitespace() || c.is_control())
    });
    if ok {
        Ok(trimmed.to_owned())
    } else {
        Err(EnvironmentError::BaseUrl(url.chars().take(200).collect()))
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn known_environments() {
        assert_eq!(
            Altinn3Environment::tt02().consent_requests_url(),
            "https://platform.tt02.altinn.no/accessmanagement/api/v1/enterprise/consentrequests"
        );
        assert_eq!(Altinn3Environment::production().base_url(), "https://platform.altinn.no");
        assert_eq!(Altinn2Environment::tt02().base_url(), "https://tt02.altinn.no");
        assert_eq!(Altinn2Environment::production().base_url(), "https://www.altinn.no");
    }

    #[test]
    fn custom_base_urls() {
        assert_eq!(
            Altinn3Environment::custom("http://127.0.0.1:8787/altinn3/").unwrap().base_url(),
            "http://127.0.0.1:8787/altinn3"
        );
        assert_eq!(Altinn2Environment::custom("https://sim.test").unwrap().base_url(), "https://sim.test");
        for bad in [
            "",
            "platform.altinn.no",
            "ftp://x",
            "https://",
            "https:///x",
            "https://x?y=1",
            "https://x#f",
            "https://a b",
        ] {
            assert!(Altinn3Environment::custom(bad).is_err(), "{bad}");
            assert!(Altinn2Environment::custom(bad).is_err(), "{bad}");
        }
    }
}
