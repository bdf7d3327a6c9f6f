//! Prepare, send, parse: the four calls over any [`HttpClient`].

use super::periode::Periode;
use super::request::{prepare_aapne_krav, prepare_innbetalinger, prepare_krav, prepare_utbetalinger, ApiConfig, Auth};
use super::response::{parse_aapne_krav, parse_innbetalinger, parse_krav, parse_utbetalinger, ApiError};
use crate::http::{HttpClient, HttpRequest, HttpResponse};
use crate::ids::PartIdentifikator;
use crate::model::{AapneKrav, Innbetalinger, Kravliste, Utbetalinger};

/// A call that failed: in transport, or with an answer that is not the data.
#[derive(Debug, thiserror::Error)]
pub enum FetchError<E: std::error::Error + 'static> {
    /// The request did not get a response (connection, timeout, ...).
    #[error("could not reach skatteetaten: {0}")]
    Transport(#[source] E),
    /// The response was an error or unreadable.
    #[error(transparent)]
    Api(#[from] ApiError),
}

async fn call<C: HttpClient, T>(
    client: &C,
    request: HttpRequest,
    parse: fn(&HttpResponse) -> Result<T, ApiError>,
) -> Result<T, FetchError<C::Error>> {
    let response = client.send(request).await.map_err(FetchError::Transport)?;
    Ok(parse(&response)?)
}

/// Fetches the open claims ([`prepare_aapne_krav`], send, [`parse_aapne_krav`]).
pub async fn fetch_aapne_krav<C: HttpClient>(
    client: &C,
    api: &ApiConfig,
    part: &PartIdentifikator,
    auth: &Auth,
) -> Result<AapneKrav, FetchError<C::Error>> {
    call(client, prepare_aapne_krav(api, part, auth), parse_aapne_krav).await
}

/// Fetches the claims of a period.
pub async fn fetch_krav<C: HttpClient>(
    client: &C,
    api: &ApiConfig,
    part: &PartIdentifikator,
    periode: Periode,
    auth: &Auth,
) -> Result<Kravliste, FetchError<C::Error>> {
    call(client, prepare_krav(api, part, periode, auth), parse_krav).await
}

/// Fetches the payments of a period.
pub async fn fetch_innbetalinger<C: HttpClient>(
    client: &C,
    api: &ApiConfig,
    part: &PartIdentifikator,
    periode: Periode,
    auth: &Auth,
) -> Result<Innbetalinger, FetchError<C::Error>> {
    call(client, prepare_innbetalinger(api, part, periode, auth), parse_innbetalinger).await
}

/// Fetches the payouts of a period.
pub async fn fetch_utbetalinger<C: HttpClient>(
    client: &C,
    api: &ApiConfig,
    part: &PartIdentifikator,
    periode: Periode,
    auth: &Auth,
) -> Result<Utbetalinger, FetchError<C::Error>> {
    call(client, prepare_utbetalinger(api, part, periode, auth), parse_utbetalinger).await
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use std::future::Future;
    use std::task::{Context, Poll, Waker};

    use super::*;
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
        let a = ready(fetch_aapne_krav(&client, &api, &part, &auth)).unwrap();
        assert_eq!(a.total_oversikt.unwrap().saldo.unwrap().oere(), 2_040_000);

        let down = |_req: HttpRequest| async { Err::<HttpResponse, _>(std::io::Error::other("connection refused")) };
        let e = ready(fetch_krav(
            &down,
            &api,
            &part,
            Periode::year_ending(crate::Date::parse("2024-01-01").unwrap()),
            &auth,
        ));
        let e = e.unwrap_err();
        assert!(matches!(e, FetchError::Transport(_)));
        assert_eq!(e.to_string(), "could not reach skatteetaten: connection refused");
    }
}
