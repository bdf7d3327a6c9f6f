//! Skatteetaten's *Krav og betalinger* API: request building and response parsing for the four endpoints, and
//! its error bodies. No I/O: [`prepare`] gives an [`HttpRequest`](crate::http::HttpRequest) to send as it is,
//! [`parse`] (typed) or [`parse_data`] (endpoint known at run time) reads the
//! [`HttpResponse`](crate::http::HttpResponse) that came back; the caller moves the bytes (the Worker with its
//! retries, limits and `Korrelasjonsid`). What differs per endpoint is in [`Endpoint`]:
//!
//! | endpoint | request | response |
//! |---|---|---|
//! | [`Endpoint::AapneKrav`] | `GET {base}/{pakke}/{part}/aapnekrav` | [`AapneKrav`](crate::model::AapneKrav) |
//! | [`Endpoint::Krav`] | `GET {base}/{pakke}/{part}/krav?fraOgMed&tilOgMed` | [`Kravliste`](crate::model::Kravliste) |
//! | [`Endpoint::Innbetalinger`] | `GET {base}/{pakke}/{part}/innbetalinger?…` | [`Innbetalinger`](crate::model::Innbetalinger) |
//! | [`Endpoint::Utbetalinger`] | `GET {base}/{pakke}/{part}/utbetalinger?…` | [`Utbetalinger`](crate::model::Utbetalinger) |
//!
//! [`Endpoint`]: crate::api::endpoint::Endpoint
//! [`Endpoint::AapneKrav`]: crate::api::endpoint::Endpoint::AapneKrav
//! [`Endpoint::Krav`]: crate::api::endpoint::Endpoint::Krav
//! [`Endpoint::Innbetalinger`]: crate::api::endpoint::Endpoint::Innbetalinger
//! [`Endpoint::Utbetalinger`]: crate::api::endpoint::Endpoint::Utbetalinger
//!
//! Errors come by phase: [`RequestError`] for bad input before anything is sent (period, rights package, base
//! URL), [`ApiError`] for a response that is not the data (Skatteetaten's [`SkatteetatenFeil`], a bare HTTP
//! error, unreadable JSON); transport failures are the adapter's. None of them, and no prepared request's
//! `Debug`, ever shows a token.
//!
//! ```
//! use kravkit::api::endpoint::Endpoint;
//! use kravkit::ids::PartIdentifikator;
//! use kravkit::secret::AccessToken;
//! use kravkit::skatteetaten::{prepare, ApiConfig, Auth, Environment, Periode};
//!
//! let api = ApiConfig::new(Environment::Test);
//! let part = PartIdentifikator::parse("212201782").unwrap();
//! let periode = Periode::parse("2023-01-01", "2023-09-01").unwrap();
//! let auth = Auth::altinn3(AccessToken::new("eyJ..."));
//! let request = prepare(&api, Endpoint::Krav, &part, Some(periode), &auth).unwrap();
//! assert_eq!(
//!     request.url,
//!     "https://kravogbetalinger.api.skatteetaten-test.no/v1/finans/212201782/krav?fraOgMed=2023-01-01&tilOgMed=2023-09-01"
//! );
//! ```

mod call_ids;
mod error;
mod periode;
mod request;
mod response;
mod xml;

pub use call_ids::{identify, CallIds, InvalidKlientid, Klientid, Korrelasjonsid};
pub use error::{Feilkode, SkatteetatenFeil};
pub use periode::{check_periode, Periode};
pub use request::{prepare, ApiConfig, Auth, BaseUrl, Consent, Environment, RequestError, Rettighetspakke};
pub use response::{
    data_body, parse, parse_body, parse_data, parse_data_body, ApiError, ParseError, BODY_SNIPPET_CHARS,
};
