//! Prepare, send, parse: one call over any [`HttpClient`].

use super::periode::Periode;
use super::request::{prepare, ApiConfig, Auth, RequestError};
use super::response::{parse, ApiError};
use crate::api::endpoint::Model;
use crate::http::HttpClient;
use crate::ids::PartIdentifikator;

/// A call that failed: before sending, in transport, or with an answer that is not the data.
#[derive(Debug, thiserror::Error)]
pub enum FetchError<E: std::error::Error + 'static> {
    /// Nothing was sent: the period does not fit the endpoint.
    #[error(transparent)]
    Request(#[from] RequestError),
    /// The request did not get a response (connection, timeout, ...).
    #[error("could not reach skatteetaten: {0}")]
    Transport(#[source] E),
    /// The response was an error or unreadable.
    #[error(transparent)]
    Api(#[from] ApiError),
}

/// Fetches the answer of the endpoint that answers with `T` ([`prepare`], send, [`parse`]), e.g.
/// `fetch::<Kravliste, _>(&client, &api, &part, Some(periode), &auth)`.
pub async fn fetch<T: Model, C: HttpClient>(
    client: &C,
    api: &ApiConfig,
    part: &PartIdentifikator,
    periode: Option<Periode>,
    auth: &Auth,
) -> Result<T, FetchError<C::Error>> {
    let request = prepare(api, T::ENDPOINT, part, periode, auth)?;
    let response = client.send(request).await.map_err(FetchError::Transport)?;
    Ok(parse(&response)?)
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use std::future::Future;
    use std::task::{Context, Poll, Waker};

    use super::*;
    use crate::http::{HttpRequest, HttpResponse};
    use crate::model::{AapneKrav, Kravliste};
    use crate::secret::AccessToken;
    use crate::skatteetaten::request::Environment;

    /// Polls a future that is ready at once (the closure clients here never wait).
    fn ready<F: Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("the test client never waits"),
        }
    }

    const AAPNE: &str = include_str!("../../fixtures/skatteetaten/2024-04-24/aapnekrav.json");

    #[test]
    fn a_closure_client_gets_the_prepared_request() {
        let client = |req: HttpRequest| async move {
            assert!(req.url.ends_with("/finans/212201782/aapnekrav"), "{}", req.url);
            assert_eq!(req.header_value("Authorization"), Some("Bearer AT"));
            Ok::<_, std::io::Error>(HttpResponse::new(200, AAPNE))
        };
        let api = ApiConfig::new(Environment::Test);
        let part = PartIdentifikator::parse("212201782").unwrap();
        let auth = Auth::altinn3(AccessToken::new("AT"));
        let a = ready(fetch::<AapneKrav, _>(&client, &api, &part, None, &auth)).unwrap();
        assert_eq!(a.total_oversikt.unwrap().saldo.unwrap().oere(), 2_040_000);

        let down = |_req: HttpRequest| async { Err::<HttpResponse, _>(std::io::Error::other("connection refused")) };
        let periode = Periode::year_ending(crate::Date::parse("2024-01-01").unwrap());
        let e = ready(fetch::<Kravliste, _>(&down, &api, &part, Some(periode), &auth)).unwrap_err();
        assert!(matches!(e, FetchError::Transport(_)));
        assert_eq!(e.to_string(), "could not reach skatteetaten: connection refused");
        let e = ready(fetch::<Kravliste, _>(&down, &api, &part, None, &auth)).unwrap_err();
        assert!(matches!(e, FetchError::Request(RequestError::PeriodeRequired(_))), "nothing sent: {e}");
    }
}
