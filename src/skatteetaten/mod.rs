//! Skatteetaten's *Krav og betalinger* API: request building and response parsing for the four endpoints, and
//! its error bodies. No I/O: `prepare_*` gives an [`HttpRequest`](crate::http::HttpRequest) to send as it is,
//! `parse_*` reads the [`HttpResponse`](crate::http::HttpResponse) that came back; `fetch_*` does both over any
//! [`HttpClient`](crate::http::HttpClient).
//!
//! | endpoint | request | response |
//! |---|---|---|
//! | `GET {base}/{pakke}/{part}/aapnekrav` | [`prepare_aapne_krav`] | [`parse_aapne_krav`] → [`AapneKrav`](crate::model::AapneKrav) |
//! | `GET {base}/{pakke}/{part}/krav?fraOgMed&tilOgMed` | [`prepare_krav`] | [`parse_krav`] → [`Kravliste`](crate::model::Kravliste) |
//! | `GET {base}/{pakke}/{part}/innbetalinger?…` | [`prepare_innbetalinger`] | [`parse_innbetalinger`] → [`Innbetalinger`](crate::model::Innbetalinger) |
//! | `GET {base}/{pakke}/{part}/utbetalinger?…` | [`prepare_utbetalinger`] | [`parse_utbetalinger`] → [`Utbetalinger`](crate::model::Utbetalinger) |
//!
//! Errors come by phase: [`RequestError`] for bad input before anything is sent (period, rights package, base
//! URL), [`ApiError`] for a response that is not the data (Skatteetaten's [`SkatteetatenFeil`], a bare HTTP
//! error, unreadable JSON), [`FetchError`] adding transport failures. None of them, and no prepared request's
//! `Debug`, ever shows a token.
//!
//! ```
//! use kravkit::ids::PartIdentifikator;
//! use kravkit::secret::AccessToken;
//! use kravkit::skatteetaten::{prepare_krav, ApiConfig, Auth, Environment, Periode};
//!
//! let api = ApiConfig::new(Environment::Test);
//! let part = PartIdentifikator::parse("212201782").unwrap();
//! let periode = Periode::parse("2023-01-01", "2023-09-01").unwrap();
//! let request = prepare_krav(&api, &part, periode, &Auth::altinn3(AccessToken::new("eyJ...")));
//! assert_eq!(
//!     request.url,
//!     "https://kravogbetalinger.api.skatteetaten-test.no/v1/finans/212201782/krav?fraOgMed=2023-01-01&tilOgMed=2023-09-01"
//! );
//! ```

mod error;
mod fetch;
mod periode;
mod request;
mod response;
mod xml;

pub use error::{Feilkode, SkatteetatenFeil};
pub use fetch::{fetch_aapne_krav, fetch_innbetalinger, fetch_krav, fetch_utbetalinger, FetchError};
pub use periode::{check_periode, Periode};
pub use request::{
    prepare_aapne_krav, prepare_innbetalinger, prepare_krav, prepare_utbetalinger, ApiConfig, Auth, BaseUrl, Consent,
    Environment, RequestError, Rettighetspakke,
};
pub use response::{
    parse_aapne_krav, parse_body, parse_innbetalinger, parse_krav, parse_utbetalinger, ApiError, ParseError,
    BODY_SNIPPET_CHARS,
};
