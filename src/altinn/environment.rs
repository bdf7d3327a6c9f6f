//! Where Altinn lives: TT02 (test), production, or any base URL (a simulator).

use super::error::EnvironmentError;
use crate::{http::base_url, redact::excerpt};

/// Declares an Altinn environment: a checked base URL, with TT02 and production presets.
macro_rules! environment {
    ($(#[$meta:meta])* $name:ident, tt02: $tt02:literal, production: $production:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name {
            base: String,
        }

        impl $name {
            /// TT02 base URL.
            pub const TT02_URL: &'static str = $tt02;
            /// Production base URL.
            pub const PRODUCTION_URL: &'static str = $production;

            /// TT02, Altinn's test environment (pairs with `test.maskinporten.no` and Skatteetaten's test API).
            pub fn tt02() -> Self {
                Self { base: Self::TT02_URL.to_owned() }
            }

            /// Production.
            pub fn production() -> Self {
                Self { base: Self::PRODUCTION_URL.to_owned() }
            }

            /// Any base URL, such as a local simulator: absolute `http(s)`, without userinfo, query or fragment;
            /// trailing `/`s are dropped.
            pub fn custom(base_url: &str) -> Result<Self, EnvironmentError> {
                checked(base_url).map(|base| Self { base })
            }

            /// The base URL, without a trailing `/`.
            pub fn base_url(&self) -> &str {
                &self.base
            }
        }
    };
}

environment!(
    /// The Altinn 3 platform host that serves the consent-request API (`/accessmanagement/api/v1/...`).
    Altinn3Environment,
    tt02: "https://platform.tt02.altinn.no",
    production: "https://platform.altinn.no"
);

environment!(
    /// The Altinn 2 portal host that serves `/api/consentRequests` and `/api/authorization/token`.
    Altinn2Environment,
    tt02: "https://tt02.altinn.no",
    production: "https://www.altinn.no"
);

impl Altinn3Environment {
    /// `{base}/accessmanagement/api/v1/enterprise/consentrequests`, the consent-request collection.
    pub fn consent_requests_url(&self) -> String {
        format!("{}/accessmanagement/api/v1/enterprise/consentrequests", self.base)
    }
}

fn checked(url: &str) -> Result<String, EnvironmentError> {
    base_url(url).map(str::to_owned).ok_or_else(|| EnvironmentError::BaseUrl(excerpt(url)))
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
            "https://user:secret@x",
        ] {
            assert!(Altinn3Environment::custom(bad).is_err(), "{bad}");
            assert!(Altinn2Environment::custom(bad).is_err(), "{bad}");
        }
    }
}
