//! Building the requests of the four endpoints: [`prepare`] returns an [`HttpRequest`] to send as it is.

use std::fmt;

use super::periode::Periode;
use crate::api::endpoint::Endpoint;
use crate::http::{base_url, HttpRequest, Method};
use crate::ids::PartIdentifikator;
use crate::redact::excerpt;
use crate::secret::{AccessToken, ConsentToken};
use crate::time::{Date, TimeError};

/// Bad input when preparing a request. Nothing is sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// `fraOgMed` is after `tilOgMed`.
    #[error("fraOgMed {fra_og_med} is after tilOgMed {til_og_med}: give the earliest date first")]
    PeriodeReversed {
        /// The first day asked for.
        fra_og_med: Date,
        /// The last day asked for.
        til_og_med: Date,
    },
    /// The period is longer than one year.
    #[error(
        "the period {fra_og_med}..={til_og_med} is longer than one year: tilOgMed may be at most {latest_til_og_med}"
    )]
    PeriodeTooLong {
        /// The first day asked for.
        fra_og_med: Date,
        /// The last day asked for.
        til_og_med: Date,
        /// The latest `tilOgMed` allowed for this `fraOgMed`.
        latest_til_og_med: Date,
    },
    /// A date that does not parse.
    #[error(transparent)]
    Date(#[from] TimeError),
    /// A rights package that is not a lowercase path segment (shown scrubbed).
    #[error("rights package {0:?} must be 1 to 64 lowercase ascii letters, digits or '-', e.g. \"finans\"")]
    Rettighetspakke(String),
    /// A base URL that is not an absolute http(s) URL without credentials, query or fragment (shown scrubbed).
    #[error("base url {0:?} must be an absolute http:// or https:// url without credentials, query or fragment")]
    BaseUrl(String),
    /// A period endpoint asked for without a period.
    #[error("{0} needs a period: fraOgMed and tilOgMed are required")]
    PeriodeRequired(Endpoint),
    /// A period given for `aapnekrav`, which takes none.
    #[error("{0} takes no period: leave out fraOgMed and tilOgMed")]
    PeriodeNotTaken(Endpoint),
}

/// An absolute `http(s)://` base URL without trailing slash, credentials (`user@`), query or fragment, e.g. a local
/// simulator.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Validates a base URL; trailing `/`s are dropped.
    pub fn parse(url: &str) -> Result<Self, RequestError> {
        base_url(url).map(|u| Self(u.to_owned())).ok_or_else(|| RequestError::BaseUrl(excerpt(url)))
    }

    /// The URL, without trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where the API is.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Environment {
    /// Skatteetaten's external test environment.
    Test,
    /// Production.
    Prod,
    /// Any other base URL, e.g. a simulator.
    Custom(BaseUrl),
}

impl Environment {
    /// The test base URL.
    pub const TEST_BASE_URL: &'static str = "https://kravogbetalinger.api.skatteetaten-test.no/v1";
    /// The production base URL.
    pub const PROD_BASE_URL: &'static str = "https://kravogbetalinger.api.skatteetaten.no/v1";

    /// A custom base URL (see [`BaseUrl::parse`]).
    pub fn custom(url: &str) -> Result<Self, RequestError> {
        BaseUrl::parse(url).map(Self::Custom)
    }

    /// The base URL, without trailing slash.
    pub fn base_url(&self) -> &str {
        match self {
            Self::Test => Self::TEST_BASE_URL,
            Self::Prod => Self::PROD_BASE_URL,
            Self::Custom(url) => url.as_str(),
        }
    }
}

/// The rights package (rettighetspakke) path segment: `finans` (banks), `regnskapssystem`, `lovfestetrevisjon`, ...
/// Lowercase ascii letters, digits and `-`, 1 to 64 characters.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Rettighetspakke(String);

impl Rettighetspakke {
    /// The package for banks and finance institutions, which this crate is built for.
    pub const FINANS: &'static str = "finans";

    /// Validates a package name.
    pub fn new(name: &str) -> Result<Self, RequestError> {
        let ok = (1..=64).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(Self(name.to_owned()))
        } else {
            Err(RequestError::Rettighetspakke(excerpt(name)))
        }
    }

    /// `finans`.
    pub fn finans() -> Self {
        Self(Self::FINANS.to_owned())
    }

    /// The path segment.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Rettighetspakke {
    fn default() -> Self {
        Self::finans()
    }
}

impl fmt::Display for Rettighetspakke {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which API to call: environment and rights package.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct ApiConfig {
    /// Where the API is.
    pub environment: Environment,
    /// The rights package in the path.
    pub rettighetspakke: Rettighetspakke,
}

impl ApiConfig {
    /// The API in an environment, with the `finans` package.
    pub fn new(environment: Environment) -> Self {
        Self { environment, rettighetspakke: Rettighetspakke::finans() }
    }

    /// The same API with another rights package.
    #[must_use]
    pub fn with_rettighetspakke(mut self, rettighetspakke: Rettighetspakke) -> Self {
        self.rettighetspakke = rettighetspakke;
        self
    }

    /// `{base}/{rettighetspakke}/{part}/{endpoint}`.
    fn url(&self, part: &PartIdentifikator, endpoint: Endpoint) -> String {
        let segment = endpoint.skatteetaten_segment();
        format!("{}/{}/{}/{segment}", self.environment.base_url(), self.rettighetspakke, part.as_str())
    }
}

/// How the party's consent reaches Skatteetaten.
#[derive(Clone, Debug)]
pub enum Consent {
    /// Altinn 3: the consent is inside the Maskinporten token (`authorization_details`); nothing extra is sent.
    Altinn3,
    /// Altinn 2: the consent token goes in the `AltinnSamtykke` header next to the Maskinporten token.
    Altinn2(ConsentToken),
}

/// The credentials of one call. `Debug` shows no token.
#[derive(Clone, Debug)]
pub struct Auth {
    /// The Maskinporten access token (scope `skatteetaten:kravogbetalinger`).
    pub access_token: AccessToken,
    /// The consent style, with the Altinn 2 token if that is the style.
    pub consent: Consent,
}

impl Auth {
    /// Altinn 3 consent: the access token carries it.
    pub fn altinn3(access_token: AccessToken) -> Self {
        Self { access_token, consent: Consent::Altinn3 }
    }

    /// Altinn 2 consent: an access token and a consent token.
    pub fn altinn2(access_token: AccessToken, consent_token: ConsentToken) -> Self {
        Self { access_token, consent: Consent::Altinn2(consent_token) }
    }
}

/// A GET with `Accept: application/json`, `Authorization: Bearer …` and, for Altinn 2, `AltinnSamtykke`.
fn get(url: String, auth: &Auth) -> HttpRequest {
    let req = HttpRequest::new(Method::Get, url).header("Accept", "application/json").bearer(&auth.access_token);
    match &auth.consent {
        Consent::Altinn3 => req,
        Consent::Altinn2(token) => req.header("AltinnSamtykke", token.secret()),
    }
}

/// `GET {base}/{rettighetspakke}/{part}/{endpoint}`, with `?fraOgMed=…&tilOgMed=…` on the period endpoints
/// ([`Endpoint::has_period`]): `aapnekrav` (open claims, unplaced payments and totals), `krav` (every claim of the
/// period), `innbetalinger` (its payments), `utbetalinger` (its payouts). The period is required exactly where the
/// endpoint takes one.
pub fn prepare(
    api: &ApiConfig,
    endpoint: Endpoint,
    part: &PartIdentifikator,
    periode: Option<Periode>,
    auth: &Auth,
) -> Result<HttpRequest, RequestError> {
    let url = match (endpoint.has_period(), periode) {
        (false, None) => api.url(part, endpoint),
        (true, Some(p)) => format!("{}?{}", api.url(part, endpoint), p.query()),
        (true, None) => return Err(RequestError::PeriodeRequired(endpoint)),
        (false, Some(_)) => return Err(RequestError::PeriodeNotTaken(endpoint)),
    };
    Ok(get(url, auth))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn org() -> PartIdentifikator {
        PartIdentifikator::parse("212201782").unwrap()
    }

    #[test]
    fn urls_and_headers_per_consent_style() {
        let periode = Periode::parse("2023-01-01", "2023-09-01").unwrap();
        let a3 = Auth::altinn3(AccessToken::new("AT-123"));
        let test = ApiConfig::new(Environment::Test);
        let r = prepare(&test, Endpoint::AapneKrav, &org(), None, &a3).unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.url, "https://kravogbetalinger.api.skatteetaten-test.no/v1/finans/212201782/aapnekrav");
        assert_eq!(
            r.headers,
            [("Accept".to_owned(), "application/json".to_owned()), ("Authorization".into(), "Bearer AT-123".into())]
        );
        assert!(r.body.is_empty());
        let prod = ApiConfig::new(Environment::Prod);
        let a2 = Auth::altinn2(AccessToken::new("AT-123"), ConsentToken::new("CT-456"));
        let r = prepare(&prod, Endpoint::Krav, &org(), Some(periode), &a2).unwrap();
        assert_eq!(
            r.url,
            "https://kravogbetalinger.api.skatteetaten.no/v1/finans/212201782/krav?fraOgMed=2023-01-01&tilOgMed=2023-09-01"
        );
        assert_eq!(r.header_value("authorization"), Some("Bearer AT-123"));
        assert_eq!(r.header_value("AltinnSamtykke"), Some("CT-456"));
        assert_eq!(r.headers.len(), 3);
        let sim = ApiConfig::new(Environment::custom("http://127.0.0.1:8788/skatteetaten/v1/").unwrap())
            .with_rettighetspakke(Rettighetspakke::new("regnskapssystem").unwrap());
        let r = prepare(&sim, Endpoint::Innbetalinger, &org(), Some(periode), &a3).unwrap();
        assert_eq!(
            r.url,
            "http://127.0.0.1:8788/skatteetaten/v1/regnskapssystem/212201782/innbetalinger?fraOgMed=2023-01-01&tilOgMed=2023-09-01"
        );
        let r = prepare(&test, Endpoint::Utbetalinger, &org(), Some(periode), &a2).unwrap();
        assert!(r.url.ends_with("/finans/212201782/utbetalinger?fraOgMed=2023-01-01&tilOgMed=2023-09-01"));
        let shown = format!("{r:?} {a2:?} {:?}", Consent::Altinn2(ConsentToken::new("CT-456")));
        assert!(!shown.contains("AT-123") && !shown.contains("CT-456"), "{shown}");
    }

    #[test]
    fn inputs_are_validated() {
        for bad in ["", "Finans", "fin ans", "finans/../x", "æøå", &"a".repeat(65)] {
            assert!(matches!(Rettighetspakke::new(bad), Err(RequestError::Rettighetspakke(_))), "{bad}");
        }
        assert_eq!(Rettighetspakke::new("lovfestetrevisjon").unwrap().as_str(), "lovfestetrevisjon");
        assert_eq!(Rettighetspakke::default().as_str(), "finans");
        for bad in
            ["ftp://x", "https://", "//x", "https://x/v1?y=1", "https://x/#f", "https://a b", "x", "https://u:p@x/v1"]
        {
            assert!(matches!(Environment::custom(bad), Err(RequestError::BaseUrl(_))), "{bad}");
        }
        assert_eq!(Environment::custom("https://sim.test/v1//").unwrap().base_url(), "https://sim.test/v1");
        let e = Rettighetspakke::new("Finans").unwrap_err().to_string();
        assert!(e.starts_with("rights package \"Finans\" must be"), "{e}");
    }

    #[test]
    fn a_period_is_sent_exactly_where_the_endpoint_takes_one() {
        let api = ApiConfig::new(Environment::Test);
        let auth = Auth::altinn3(AccessToken::new("AT"));
        let periode = Periode::parse("2023-01-01", "2023-09-01").unwrap();
        for e in Endpoint::ALL {
            let (with, without) =
                (prepare(&api, e, &org(), Some(periode), &auth), prepare(&api, e, &org(), None, &auth));
            if e.has_period() {
                assert_eq!(without.unwrap_err(), RequestError::PeriodeRequired(e));
                let url = with.unwrap().url;
                assert!(url.ends_with(&format!("/212201782/{e}?fraOgMed=2023-01-01&tilOgMed=2023-09-01")), "{url}");
            } else {
                assert_eq!(with.unwrap_err(), RequestError::PeriodeNotTaken(e));
                assert!(without.unwrap().url.ends_with("/212201782/aapnekrav"));
            }
        }
        let e = prepare(&api, Endpoint::Krav, &org(), None, &auth).unwrap_err();
        assert_eq!(e.to_string(), "krav needs a period: fraOgMed and tilOgMed are required");
    }
}
