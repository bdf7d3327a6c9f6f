//! `KravClient`: the browser's side of the Worker's HTTP API (docs/worker-api.md). Requests are built with
//! gloo-net and sent with `fetch` (the global one, or one passed in); party ids and periods are checked with the
//! core's rules before anything is sent; answers are read into the core model and handed to JS as plain objects.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_net::http::{Request, RequestBuilder, Response};
use js_sys::{Function, Promise, Reflect};
use kravkit::api::consent::{return_param, ConsentStarted, ConsentView, StartConsent};
use kravkit::api::endpoint::{Data, Endpoint, Model};
use kravkit::api::representation::Representation;
use kravkit::ids::PartIdentifikator;
use kravkit::model::{AapneKrav, Innbetalinger, Kravliste, Utbetalinger};
use kravkit::present::View;
use kravkit::skatteetaten::Periode;
use kravkit::Date;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use std::future::Future;
use std::pin::Pin;

use crate::answer;
use crate::error::{js_error, message_of, raise, ClientCode, ProblemCode};
use crate::view::Visning;
use crate::{to_js, today_local};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (window or worker scope, or Node).
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> Result<Promise, JsValue>;
}

/// The `Accept` of the calls that answer JSON of the Worker's own.
const JSON: &str = "application/json";

/// A 2xx answer of the Worker.
struct Answered {
    text: String,
    content_type: Option<String>,
}

/// Where the bearer token comes from.
enum Session {
    /// A fixed token.
    Token(String),
    /// A function returning a token or a promise of one; called again after a 401.
    Provider(Function),
}

struct Inner {
    base_url: String,
    session: Session,
    /// The provider's last token and its generation (bumped on every refresh).
    token: RefCell<Option<(String, u32)>>,
    generation: Cell<u32>,
    /// A refresh in flight, shared by every request that needs it.
    refreshing: RefCell<Option<Promise>>,
    fetch: Option<Function>,
    navigate: Option<Function>,
}

/// A client for the kravkit Worker.
///
/// ```js
/// const client = new KravClient({ baseUrl: 'https://kravkit.example.no', session: () => bank.kravkitSession() });
/// const oversikt = await client.aapneKrav('313367002');
/// ```
#[wasm_bindgen]
pub struct KravClient {
    inner: Rc<Inner>,
}

/// Runs a method's future as a promise. Boxing every method's future into one type keeps a single copy of
/// wasm-bindgen-futures' promise machinery in the wasm instead of one per method.
fn spawn(f: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let boxed: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> = Box::pin(f);
    future_to_promise(boxed)
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn check_party(party: &str) -> Result<PartIdentifikator, JsValue> {
    PartIdentifikator::parse(party).map_err(|e| js_error(ProblemCode::InvalidParty, &e.to_string()))
}

/// `/v1/parties/{party}/{rest}`: an organisation number in the path; a person as `_`, the id going in the
/// `Kravkit-Party` header instead (see [`party_header`]), so that a fødselsnummer never appears in a URL.
fn party_path(party: &PartIdentifikator, rest: &str) -> String {
    match party {
        PartIdentifikator::Organisasjon(org) => format!("/v1/parties/{}/{rest}", org.as_str()),
        PartIdentifikator::Person(_) => format!("/v1/parties/_/{rest}"),
    }
}

/// The `Kravkit-Party` header value for a person (none for an organisation, which is in the path).
fn party_header(party: &PartIdentifikator) -> Option<&str> {
    matches!(party, PartIdentifikator::Person(_)).then(|| party.as_str())
}

/// Reads `{ fraOgMed, tilOgMed }` and checks it with the core's one-year rule.
fn check_periode(periode: &JsValue) -> Result<Periode, JsValue> {
    let field = |k| get(periode, k).as_string().unwrap_or_default();
    Periode::parse(&field("fraOgMed"), &field("tilOgMed"))
        .map_err(|e| js_error(ProblemCode::InvalidPeriod, &e.to_string()))
}

/// The href of a `Location`, a `URL` or a string.
fn href_of(location: &JsValue) -> Option<String> {
    location.as_string().or_else(|| get(location, "href").as_string())
}

/// `href` without the consent-return parameters.
fn without_return_params(url: &web_sys::Url) -> String {
    let params = url.search_params();
    for p in return_param::ALL {
        params.delete(p);
    }
    url.href()
}

impl Inner {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// A token: the fixed one, the provider's cached one, or a fresh one when `stale` names the generation a
    /// request was refused with (concurrent refreshes share one provider call).
    async fn token(&self, stale: Option<u32>) -> Result<(String, u32), JsValue> {
        let provider = match &self.session {
            Session::Token(t) => return Ok((t.clone(), 0)),
            Session::Provider(f) => f,
        };
        if let Some((t, g)) = self.token.borrow().clone() {
            if stale != Some(g) {
                return Ok((t, g));
            }
        }
        let pending = self.refreshing.borrow().clone();
        let promise = match pending {
            Some(p) => p,
            None => {
                let called = provider.call0(&JsValue::UNDEFINED).map_err(|e| {
                    js_error(ClientCode::SessionFailed, &format!("the session provider threw: {}", message_of(&e)))
                })?;
                let p = Promise::resolve(&called);
                *self.refreshing.borrow_mut() = Some(p.clone());
                p
            }
        };
        let result = JsFuture::from(promise).await;
        self.refreshing.borrow_mut().take();
        let value = result.map_err(|e| {
            js_error(ClientCode::SessionFailed, &format!("the session provider failed: {}", message_of(&e)))
        })?;
        let token = value
            .as_string()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| js_error(ClientCode::SessionFailed, "the session provider did not give a token string"))?;
        // Every request that shared this refresh gets the same token and generation.
        let mut cached = self.token.borrow_mut();
        if let Some((t, g)) = cached.as_ref().filter(|(t, _)| *t == token) {
            return Ok((t.clone(), *g));
        }
        let generation = self.generation.get() + 1;
        self.generation.set(generation);
        *cached = Some((token.clone(), generation));
        Ok((token, generation))
    }

    /// Sends one request through the injected or the global `fetch`.
    async fn send(&self, request: Request) -> Result<Response, JsValue> {
        let raw: web_sys::Request = request.into();
        let network = |e: JsValue| js_error(ClientCode::NetworkError, &format!("no response: {}", message_of(&e)));
        let promise = match &self.fetch {
            Some(f) => Promise::resolve(&f.call1(&JsValue::UNDEFINED, &raw).map_err(network)?),
            None => global_fetch(&raw).map_err(network)?,
        };
        let response = JsFuture::from(promise).await.map_err(network)?;
        let response = response
            .dyn_into::<web_sys::Response>()
            .map_err(|_| js_error(ClientCode::NetworkError, "fetch did not resolve to a Response"))?;
        Ok(Response::from(response))
    }

    /// Calls the Worker: bearer token, `accept`, one retry with a fresh token after a 401 when the session is a
    /// provider. Returns the body and content type of a 2xx answer; anything else becomes a `KravkitError`.
    async fn call(
        &self,
        method: &str,
        path: &str,
        party: Option<&PartIdentifikator>,
        periode: Option<Periode>,
        body: Option<String>,
        accept: &str,
    ) -> Result<Answered, JsValue> {
        let mut stale = None;
        loop {
            let (token, generation) = self.token(stale).await?;
            let url = self.url(path);
            let builder = match method {
                "POST" => Request::post(&url),
                "DELETE" => Request::delete(&url),
                _ => Request::get(&url),
            };
            let mut builder: RequestBuilder =
                builder.header("Authorization", &format!("Bearer {token}")).header("Accept", accept);
            if let Some(id) = party.and_then(party_header) {
                builder = builder.header("Kravkit-Party", id);
            }
            // The period goes through gloo's query builder: a query already in the URL gets a stray `&` appended.
            if let Some(p) = periode {
                let (fra, til) = (p.fra_og_med().to_string(), p.til_og_med().to_string());
                builder = builder.query([("fraOgMed", fra.as_str()), ("tilOgMed", til.as_str())]);
            }
            let request = match &body {
                Some(b) => builder.header("Content-Type", "application/json").body(b.as_str()),
                None => builder.build(),
            }
            .map_err(|e| js_error(ClientCode::InvalidOptions, &format!("cannot build a request to {url}: {e}")))?;
            let response = self.send(request).await?;
            let status = response.status();
            if status == 401 && stale.is_none() && matches!(self.session, Session::Provider(_)) {
                stale = Some(generation);
                continue;
            }
            let korrelasjonsid = response.headers().get("korrelasjonsid");
            let content_type = response.headers().get("content-type");
            let text = response.text().await.map_err(|e| {
                js_error(ClientCode::NetworkError, &format!("the response body could not be read: {e}"))
            })?;
            if response.ok() {
                return Ok(Answered { text, content_type });
            }
            return Err(problem(status, &text, korrelasjonsid));
        }
    }

    /// GETs a data endpoint and reads it into its model: Skatteetaten's document as the Worker passed it on (so the
    /// Worker's cost does not grow with the party), or the canonical JSON when the Worker made the answer itself.
    async fn data(
        &self,
        party: &PartIdentifikator,
        endpoint: Endpoint,
        periode: Option<Periode>,
    ) -> Result<Data, JsValue> {
        let path = party_path(party, endpoint.as_str());
        let answered = self.call("GET", &path, Some(party), periode, None, Representation::ACCEPT_UPSTREAM).await?;
        answer::read_data(endpoint, &answered.text, answered.content_type.as_deref())
            .map_err(|why| js_error(ClientCode::InvalidResponse, &answer::not_the_data(&path, &why)))
    }

    /// GETs a data endpoint for JS: read into the model (so only data of the expected shape gets through), then
    /// converted to plain JS objects.
    async fn data_js<T: Model>(&self, party: &PartIdentifikator, periode: Option<Periode>) -> Result<JsValue, JsValue> {
        to_js(&self.data(party, T::ENDPOINT, periode).await?)
    }
}

/// A `KravkitError` from a non-2xx answer (see [`answer::read_problem`]).
fn problem(status: u16, body: &str, header_korrelasjonsid: Option<String>) -> JsValue {
    let p = answer::read_problem(status, body, header_korrelasjonsid);
    raise(&p.code, &p.message, status, p.korrelasjonsid.as_deref())
}

/// The endpoint a view `kind` names.
pub(crate) fn endpoint_of(kind: &str) -> Result<Endpoint, JsValue> {
    kind.parse()
        .map_err(|e: kravkit::api::endpoint::UnknownEndpoint| js_error(ClientCode::InvalidOptions, &e.to_string()))
}

fn parse_json<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, JsValue> {
    answer::read_json(text, what).map_err(|m| js_error(ClientCode::InvalidResponse, &m))
}

fn today_or_local(today: Option<String>) -> Result<Date, JsValue> {
    match today {
        Some(t) => Date::parse(&t).map_err(|e| js_error(ProblemCode::InvalidPeriod, &e.to_string())),
        None => Ok(today_local()),
    }
}

#[wasm_bindgen]
impl KravClient {
    /// `new KravClient({ baseUrl, session, fetch?, navigate? })`. `baseUrl` is the Worker's origin (`''` for the
    /// page's own); `session` a token or a function giving one (or a promise of one), called again when the Worker
    /// answers 401, after which the request is retried once. `fetch` replaces the global fetch (same signature);
    /// `navigate(url)` replaces `location.assign` when starting consent.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "KravClientOptions")] options: JsValue,
    ) -> Result<KravClient, JsValue> {
        if !options.is_object() {
            return Err(js_error(
                ClientCode::InvalidOptions,
                "KravClient needs an options object { baseUrl, session }",
            ));
        }
        let base_url = get(&options, "baseUrl")
            .as_string()
            .ok_or_else(|| js_error(ClientCode::InvalidOptions, "baseUrl must be a string (the Worker's origin)"))?;
        let session = get(&options, "session");
        let session = match (session.as_string(), session.dyn_into::<Function>()) {
            (Some(t), _) if !t.is_empty() => Session::Token(t),
            (_, Ok(f)) => Session::Provider(f),
            _ => {
                return Err(js_error(
                    ClientCode::InvalidOptions,
                    "session must be a token string or a function returning one",
                ))
            }
        };
        let function = |k| get(&options, k).dyn_into::<Function>().ok();
        Ok(Self {
            inner: Rc::new(Inner {
                base_url: base_url.trim_end_matches('/').to_owned(),
                session,
                token: RefCell::new(None),
                generation: Cell::new(0),
                refreshing: RefCell::new(None),
                fetch: function("fetch"),
                navigate: function("navigate"),
            }),
        })
    }

    /// The Worker's origin as given (without a trailing slash).
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.base_url.clone()
    }

    /// Starts consent for `party`: `POST /v1/consents`, then navigates to Altinn's consent page. `returnUrl`
    /// (default: this page, without kravkit's return parameters) must be on the Worker's allow-list. Resolves to
    /// `{ redirectUrl, party, mode }` once navigation has been asked for.
    #[wasm_bindgen(js_name = startConsent, unchecked_return_type = "Promise<ConsentStarted>")]
    pub fn start_consent(
        &self,
        party: String,
        #[wasm_bindgen(js_name = returnUrl)] return_url: Option<String>,
    ) -> Promise {
        let inner = self.inner.clone();
        spawn(async move {
            let part = check_party(&party)?;
            let return_url = match return_url {
                Some(u) => u,
                None => {
                    let href = web_sys::window().and_then(|w| w.location().href().ok()).ok_or_else(|| {
                        js_error(ClientCode::InvalidOptions, "returnUrl is required outside a browser page")
                    })?;
                    web_sys::Url::new(&href).map(|u| without_return_params(&u)).unwrap_or(href)
                }
            };
            let body =
                serde_json::to_string(&StartConsent { party: part.as_str().to_owned(), return_url, party_name: None })
                    .map_err(|e| js_error(ClientCode::Internal, &e.to_string()))?;
            let text = inner.call("POST", "/v1/consents", None, None, Some(body), JSON).await?.text;
            let started: ConsentStarted = parse_json(&text, "POST /v1/consents")?;
            // Only ever navigate to a web page: never `javascript:` or `data:`.
            let target = web_sys::Url::new(&started.redirect_url)
                .ok()
                .filter(|u| matches!(u.protocol().as_str(), "https:" | "http:"));
            let Some(target) = target else {
                return Err(js_error(ClientCode::InvalidResponse, "redirectUrl is not an http(s) URL"));
            };
            match &inner.navigate {
                Some(f) => {
                    f.call1(&JsValue::UNDEFINED, &target.href().into())?;
                }
                None => {
                    let window = web_sys::window().ok_or_else(|| {
                        js_error(ClientCode::InvalidOptions, "no window to navigate; pass options.navigate")
                    })?;
                    window.location().assign(&target.href())?;
                }
            }
            to_js(&started)
        })
    }

    /// Reads the outcome the Worker put on the return URL after consent (`kravkitConsent`, `kravkitParty`,
    /// `kravkitError`). Takes `location`, a `URL` or a string. Returns `null` when the URL carries no outcome, else
    /// `{ outcome: 'granted' | 'denied' | 'failed', party, error, cleanUrl }`, where `cleanUrl` is the URL without
    /// those parameters (for `history.replaceState`).
    #[wasm_bindgen(js_name = handleReturn, unchecked_return_type = "ConsentReturn | null")]
    pub fn handle_return(&self, location: JsValue) -> Result<JsValue, JsValue> {
        handle_return(&location)
    }

    /// The consent status of `party`: `{ party, status, mode, validTo?, updatedAt? }` with status `none`,
    /// `pending`, `granted`, `denied`, `expired` or `revoked`.
    #[wasm_bindgen(js_name = consentStatus, unchecked_return_type = "Promise<ConsentStatus>")]
    pub fn consent_status(&self, party: String) -> Promise {
        let inner = self.inner.clone();
        spawn(async move {
            let part = check_party(&party)?;
            let path = party_path(&part, "consent");
            let text = inner.call("GET", &path, Some(&part), None, None, JSON).await?.text;
            let status: ConsentView = parse_json(&text, &path)?;
            let js = to_js(&status)?;
            // The Worker leaves out `validTo` and `updatedAt` when there are none; the JS object has them as `null`.
            for key in ["validTo", "updatedAt"] {
                if !Reflect::has(&js, &key.into()).unwrap_or(true) {
                    let _ = Reflect::set(&js, &key.into(), &JsValue::NULL);
                }
            }
            Ok(js)
        })
    }

    /// Forgets the local consent record of `party` (`DELETE /v1/parties/{party}/consent`).
    #[wasm_bindgen(js_name = revokeConsent, unchecked_return_type = "Promise<void>")]
    pub fn revoke_consent(&self, party: String) -> Promise {
        let inner = self.inner.clone();
        spawn(async move {
            let part = check_party(&party)?;
            inner.call("DELETE", &party_path(&part, "consent"), Some(&part), None, None, JSON).await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// The open claims of `party`, with totals.
    #[wasm_bindgen(js_name = aapneKrav, unchecked_return_type = "Promise<AapneKrav>")]
    pub fn aapne_krav(&self, party: String) -> Promise {
        let inner = self.inner.clone();
        spawn(async move {
            let part = check_party(&party)?;
            inner.data_js::<AapneKrav>(&part, None).await
        })
    }

    /// Every claim of `party` in a period of at most one year.
    #[wasm_bindgen(unchecked_return_type = "Promise<Kravliste>")]
    pub fn krav(
        &self,
        party: String,
        #[wasm_bindgen(unchecked_param_type = "PeriodeInput")] periode: JsValue,
    ) -> Promise {
        self.period_data::<Kravliste>(party, periode)
    }

    /// The payments of `party` in a period of at most one year.
    #[wasm_bindgen(unchecked_return_type = "Promise<Innbetalinger>")]
    pub fn innbetalinger(
        &self,
        party: String,
        #[wasm_bindgen(unchecked_param_type = "PeriodeInput")] periode: JsValue,
    ) -> Promise {
        self.period_data::<Innbetalinger>(party, periode)
    }

    /// The payouts to `party` in a period of at most one year.
    #[wasm_bindgen(unchecked_return_type = "Promise<Utbetalinger>")]
    pub fn utbetalinger(
        &self,
        party: String,
        #[wasm_bindgen(unchecked_param_type = "PeriodeInput")] periode: JsValue,
    ) -> Promise {
        self.period_data::<Utbetalinger>(party, periode)
    }

    /// Fetches one endpoint into a `Visning` (display order, pages of formatted rows, details, summary, CSV) for
    /// building a UI: what `<kravkit-oversikt>` uses. `kind` is `aapnekrav`, `krav`, `innbetalinger` or
    /// `utbetalinger`; the last three need `periode`. `today` (`YYYY-MM-DD`, default: the local date) is the
    /// day overdue flags are relative to.
    #[wasm_bindgen(unchecked_return_type = "Promise<Visning>")]
    pub fn visning(
        &self,
        #[wasm_bindgen(unchecked_param_type = "VisningKind")] kind: String,
        party: String,
        #[wasm_bindgen(unchecked_param_type = "PeriodeInput | null | undefined")] periode: JsValue,
        today: Option<String>,
    ) -> Promise {
        let inner = self.inner.clone();
        spawn(async move {
            let part = check_party(&party)?;
            let today = today_or_local(today)?;
            let endpoint = endpoint_of(&kind)?;
            let periode = if endpoint.has_period() { Some(check_periode(&periode)?) } else { None };
            let data = inner.data(&part, endpoint, periode).await?;
            Ok(Visning::from(View::new(data, today)).into())
        })
    }

    /// The payments that settle `selection` (`'all'` by default, `'overdue'`, or claim/instalment ids) of
    /// `party`'s open claims: `aapneKrav` and `betalinger` in one call.
    #[wasm_bindgen(unchecked_return_type = "Promise<Betalinger>")]
    pub fn betalinger(
        &self,
        party: String,
        #[wasm_bindgen(unchecked_param_type = "BetalingSelection | null | undefined")] selection: JsValue,
        today: Option<String>,
        lang: Option<String>,
    ) -> Promise {
        let lang = crate::pay::lang_of(lang);
        self.payments(party, selection, today, lang, |b| crate::to_js(&b))
    }

    /// The ISO 20022 pain.001 file of `selection` of `party`'s open claims (`options` as for `betalingsfil`).
    #[wasm_bindgen(unchecked_return_type = "Promise<string>")]
    pub fn betalingsfil(
        &self,
        party: String,
        #[wasm_bindgen(unchecked_param_type = "BetalingSelection | null | undefined")] selection: JsValue,
        #[wasm_bindgen(unchecked_param_type = "BetalingsfilOptions")] options: JsValue,
        today: Option<String>,
    ) -> Promise {
        let file = move |b: kravkit::pay::Betalinger| crate::pay::file_of(&b.betalinger, &options).map(JsValue::from);
        self.payments(party, selection, today, kravkit::present::Lang::Nb, file)
    }
}

impl KravClient {
    /// Fetches `party`'s open claims and answers `then` of the payments of `selection`.
    fn payments(
        &self,
        party: String,
        selection: JsValue,
        today: Option<String>,
        lang: kravkit::present::Lang,
        then: impl FnOnce(kravkit::pay::Betalinger) -> Result<JsValue, JsValue> + 'static,
    ) -> Promise {
        let inner = self.inner.clone();
        spawn(async move {
            let part = check_party(&party)?;
            let selection = crate::pay::selection_of(&selection)?;
            let today = today_or_local(today)?;
            let data = inner.data(&part, Endpoint::AapneKrav, None).await?;
            // Open claims always give payments (`None` is for the other endpoints).
            let paid = View::new(data, today).betalinger(&selection, lang);
            then(paid.unwrap_or(kravkit::pay::Betalinger { betalinger: vec![], sum: None, skipped: vec![] }))
        })
    }

    fn period_data<T: Model + 'static>(&self, party: String, periode: JsValue) -> Promise {
        let inner = self.inner.clone();
        spawn(async move {
            let part = check_party(&party)?;
            let periode = check_periode(&periode)?;
            inner.data_js::<T>(&part, Some(periode)).await
        })
    }
}

/// See [`KravClient::handle_return`].
pub(crate) fn handle_return(location: &JsValue) -> Result<JsValue, JsValue> {
    let href = href_of(location)
        .ok_or_else(|| js_error(ClientCode::InvalidOptions, "handleReturn needs location, a URL or a string"))?;
    let url = web_sys::Url::new(&href).map_err(|e| js_error(ClientCode::InvalidOptions, &message_of(&e)))?;
    let params = url.search_params();
    let Some(read) = answer::read_return(
        params.get(return_param::CONSENT),
        params.get(return_param::PARTY),
        params.get(return_param::ERROR),
    ) else {
        return Ok(JsValue::NULL);
    };
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct ConsentReturn {
        outcome: &'static str,
        party: Option<String>,
        error: Option<String>,
        clean_url: String,
    }
    let answer::ReturnOutcome { outcome, party, error } = read;
    to_js(&ConsentReturn { outcome: outcome.as_str(), party, error, clean_url: without_return_params(&url) })
}
