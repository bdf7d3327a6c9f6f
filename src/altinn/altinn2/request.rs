//! Pre-registered Altinn 2 consent requests: `POST {altinn}/api/consentRequests`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::AuthorizationCode;
use crate::{
    altinn::{Altinn2Environment, PortalViewMode, RedirectUrl},
    http::{form_encode, HttpRequest, HttpResponse, Method},
    ids::{Organisasjonsnummer, PartIdentifikator},
    redact::excerpt,
    secret::{AccessToken, AltinnApiKey},
    UnixTime,
};

/// Skatteetaten's service code for Krav og betalinger (rights package `finans`).
pub const SERVICE_CODE: &str = "5928";
/// Skatteetaten's service edition code for Krav og betalinger.
pub const SERVICE_EDITION_CODE: u32 = 202_301;
/// Default lifetime of a consent: 90 days.
pub const DEFAULT_VALIDITY_SECS: i64 = 90 * 86_400;

/// One service asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestResource {
    /// `ServiceCode`, a string on the wire.
    pub service_code: String,
    /// `ServiceEditionCode`, a number on the wire.
    pub service_edition_code: u32,
    /// `Metadata`, left out when empty.
    pub metadata: BTreeMap<String, String>,
}

impl RequestResource {
    /// Krav og betalinger: 5928 / 202301, no metadata.
    pub fn krav_og_betalinger() -> Self {
        Self {
            service_code: SERVICE_CODE.to_owned(),
            service_edition_code: SERVICE_EDITION_CODE,
            metadata: BTreeMap::new(),
        }
    }
}

/// A pre-registered Altinn 2 consent request. There is deliberately no `RequestMessage`: Skatteetaten forbids it
/// (its texts are fixed), so this type cannot express one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRequest {
    /// `CoveredBy`: our organisation, which receives the consent.
    pub covered_by: Organisasjonsnummer,
    /// `OfferedBy`: the business (or person) who consents.
    pub offered_by: PartIdentifikator,
    /// `OfferedByName`: its name as registered (organisation name, or a person's surname); Altinn checks it.
    pub offered_by_name: String,
    /// `HandledBy`: a vendor acting for us, if any.
    pub handled_by: Option<Organisasjonsnummer>,
    /// `ValidTo`: when the consent ends.
    pub valid_to: UnixTime,
    /// `RedirectUrl`.
    pub redirect_url: RedirectUrl,
    /// `RequestResources`.
    pub resources: Vec<RequestResource>,
    /// `PortalViewMode` (`Hide`/`Show`), if set.
    pub portal_view_mode: Option<PortalViewMode>,
}

impl ConsentRequest {
    /// A request for Krav og betalinger (5928/202301), valid for [`DEFAULT_VALIDITY_SECS`] from `now`.
    pub fn new(
        covered_by: Organisasjonsnummer,
        offered_by: PartIdentifikator,
        offered_by_name: impl Into<String>,
        redirect_url: RedirectUrl,
        now: UnixTime,
    ) -> Self {
        Self {
            covered_by,
            offered_by,
            offered_by_name: offered_by_name.into(),
            handled_by: None,
            valid_to: now.add_secs(DEFAULT_VALIDITY_SECS),
            redirect_url,
            resources: vec![RequestResource::krav_og_betalinger()],
            portal_view_mode: None,
        }
    }

    /// Sets when the consent ends.
    #[must_use]
    pub fn valid_to(mut self, valid_to: UnixTime) -> Self {
        self.valid_to = valid_to;
        self
    }

    /// Sets the vendor handling the request.
    #[must_use]
    pub fn handled_by(mut self, vendor: Organisasjonsnummer) -> Self {
        self.handled_by = Some(vendor);
        self
    }

    /// Sets the portal view mode.
    #[must_use]
    pub fn portal_view_mode(mut self, mode: PortalViewMode) -> Self {
        self.portal_view_mode = Some(mode);
        self
    }

    /// The JSON body, keys in the order of Altinn's example.
    pub fn to_json(&self) -> String {
        let wire = Wire {
            covered_by: self.covered_by.as_str(),
            offered_by: self.offered_by.as_str(),
            offered_by_name: &self.offered_by_name,
            handled_by: self.handled_by.as_ref().map(Organisasjonsnummer::as_str),
            valid_to: self.valid_to.to_rfc3339(),
            redirect_url: self.redirect_url.as_str(),
            request_resources: self
                .resources
                .iter()
                .map(|r| WireResource {
                    service_code: &r.service_code,
                    service_edition_code: r.service_edition_code,
                    metadata: (!r.metadata.is_empty()).then_some(&r.metadata),
                })
                .collect(),
            portal_view_mode: self.portal_view_mode.map(|m| match m {
                PortalViewMode::Hide => "Hide",
                PortalViewMode::Show => "Show",
            }),
        };
        serde_json::to_string(&wire).expect("strings and maps always serialise")
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Wire<'a> {
    covered_by: &'a str,
    offered_by: &'a str,
    offered_by_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    handled_by: Option<&'a str>,
    valid_to: String,
    redirect_url: &'a str,
    request_resources: Vec<WireResource<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    portal_view_mode: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct WireResource<'a> {
    service_code: &'a str,
    service_edition_code: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<&'a BTreeMap<String, String>>,
}

/// `POST {altinn}/api/consentRequests` with our `ApiKey`, and a Maskinporten token (scope
/// `altinn:consentrequests.write`) unless the API key alone is accepted. `Accept: application/hal+json` makes Altinn
/// include the `_links`.
pub fn prepare_create_consent_request(
    env: &Altinn2Environment,
    api_key: &AltinnApiKey,
    bearer: Option<&AccessToken>,
    request: &ConsentRequest,
) -> HttpRequest {
    let mut http = HttpRequest::new(Method::Post, format!("{}/api/consentRequests", env.base_url()))
        .header("ApiKey", api_key.secret())
        .header("Accept", "application/hal+json")
        .header("Content-Type", "application/json");
    if let Some(token) = bearer {
        http = http.bearer(token);
    }
    http.body(request.to_json())
}

/// A pre-registered request: the code, and where to send the user.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CreatedConsentRequest {
    /// The `AuthorizationCode`.
    pub authorization_code: AuthorizationCode,
    /// `_links.gui.href`, the consent page.
    pub gui_url: Option<String>,
    /// `_links.self.href`, the request's status resource.
    pub self_url: Option<String>,
}

impl CreatedConsentRequest {
    /// The consent page: the `gui` link if Altinn sent one, else `{altinn}/ui/AccessConsent/request?id={code}`.
    pub fn consent_page_url(&self, env: &Altinn2Environment) -> String {
        self.gui_url.clone().unwrap_or_else(|| {
            format!("{}/ui/AccessConsent/request?id={}", env.base_url(), form_encode(self.authorization_code.as_str()))
        })
    }
}

/// One entry of Altinn 2's error list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AltinnErrorItem {
    /// `ErrorCode` (a number or a string on the wire).
    pub code: String,
    /// `ErrorMessage`, scrubbed of national ids.
    pub message: String,
}

/// An Altinn 2 consent-request response that is an error or cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConsentRequestError {
    /// Altinn refused the request with its error list (check `OfferedByName`, service codes, dates, access).
    #[error("altinn 2 refused the consent request (http {status}): {}", list(errors))]
    Rejected {
        /// The HTTP status.
        status: u16,
        /// The errors.
        errors: Vec<AltinnErrorItem>,
    },
    /// A non-success status without an error list (401/403: check the API key and the Maskinporten token).
    #[error("altinn 2 answered http {status}{}", message.as_ref().map(|m| format!(": {m}")).unwrap_or_default())]
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// A message from the body, scrubbed, if there was one.
        message: Option<String>,
    },
    /// A success status whose body is not the JSON we expect.
    #[error("altinn 2 consent request response is not valid json of the expected shape: {0}")]
    InvalidBody(String),
    /// The `AuthorizationCode` is missing or malformed.
    #[error("altinn 2 consent request response has no usable AuthorizationCode")]
    MissingAuthorizationCode,
}

fn list(errors: &[AltinnErrorItem]) -> String {
    errors.iter().map(|e| format!("{}: {}", e.code, e.message)).collect::<Vec<_>>().join("; ")
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct WireError {
    error_code: Option<serde_json::Value>,
    error_message: Option<String>,
}

/// Turns a non-2xx Altinn 2 response into a [`ConsentRequestError`].
pub(super) fn status_error(response: &HttpResponse) -> ConsentRequestError {
    let status = response.status;
    let item = |e: WireError| AltinnErrorItem {
        code: match e.error_code {
            Some(serde_json::Value::String(s)) => excerpt(&s),
            Some(v) => excerpt(&v.to_string()),
            None => String::new(),
        },
        message: excerpt(e.error_message.as_deref().unwrap_or("")),
    };
    if let Ok(list) = serde_json::from_slice::<Vec<WireError>>(&response.body) {
        if !list.is_empty() {
            return ConsentRequestError::Rejected { status, errors: list.into_iter().map(item).collect() };
        }
    }
    if let Ok(one @ WireError { error_code: Some(_), .. }) = serde_json::from_slice::<WireError>(&response.body) {
        return ConsentRequestError::Rejected { status, errors: vec![item(one)] };
    }
    ConsentRequestError::UnexpectedStatus { status, message: body_message(&response.body) }
}

/// A short message from an error body: `{"Message": ...}`, a JSON string, or plain text (not HTML).
pub(super) fn body_message(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct AspNet {
        #[serde(alias = "message")]
        #[serde(rename = "Message")]
        message: String,
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let msg = serde_json::from_str::<AspNet>(text)
        .map(|m| m.message)
        .or_else(|_| serde_json::from_str::<String>(text))
        .unwrap_or_else(
            |_| if text.starts_with('<') || text.starts_with('{') { String::new() } else { text.to_owned() },
        );
    let msg = excerpt(&msg);
    (!msg.is_empty()).then_some(msg)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct WireCreated {
    authorization_code: Option<String>,
    #[serde(rename = "_links", default)]
    links: Option<WireLinks>,
}

#[derive(Deserialize)]
struct WireLinks {
    #[serde(rename = "self")]
    self_link: Option<WireHref>,
    gui: Option<WireHref>,
}

#[derive(Deserialize)]
struct WireHref {
    href: Option<String>,
}

/// Parses the create response: `AuthorizationCode` and `_links.{gui,self}.href`; errors become typed.
pub fn parse_create_consent_response(response: &HttpResponse) -> Result<CreatedConsentRequest, ConsentRequestError> {
    if !response.is_success() {
        return Err(status_error(response));
    }
    let w: WireCreated = serde_json::from_slice(&response.body)
        .map_err(|e| ConsentRequestError::InvalidBody(excerpt(&e.to_string())))?;
    let authorization_code = w
        .authorization_code
        .and_then(|c| AuthorizationCode::parse(&c).ok())
        .ok_or(ConsentRequestError::MissingAuthorizationCode)?;
    let links = w.links.unwrap_or(WireLinks { self_link: None, gui: None });
    Ok(CreatedConsentRequest {
        authorization_code,
        gui_url: links.gui.and_then(|l| l.href),
        self_url: links.self_link.and_then(|l| l.href),
    })
}
