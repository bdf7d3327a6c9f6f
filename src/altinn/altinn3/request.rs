//! The consent request we create, and the requests that create and read it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{
    altinn::{Altinn3Environment, PortalViewMode, RedirectUrl},
    http::{form_encode, HttpRequest, Method},
    ids::{ConsentRequestId, Organisasjonsnummer, PartIdentifikator},
    secret::AccessToken,
    UnixTime,
};

/// The Altinn 3 resource for Krav og betalinger, as used by Altinn's own end-to-end test (unconfirmed by
/// Skatteetaten's docs; configurable per right).
pub const DEFAULT_RESOURCE: &str = "ske-samtykke-krav-og-betalinger";

/// Default lifetime of a consent: 90 days, the lifetime Skatteetaten gives for Krav og betalinger.
pub const DEFAULT_VALIDITY_SECS: i64 = 90 * 86_400;

/// One right asked for: `action: ["consent"]` on one resource, with the resource's metadata (if it defines any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRight {
    /// The Altinn 3 resource id, e.g. [`DEFAULT_RESOURCE`].
    pub resource: String,
    /// Resource-defined metadata (`metaData`); left out of the body when empty, as Altinn's e2e test does.
    pub metadata: BTreeMap<String, String>,
}

impl ConsentRight {
    /// A right on `resource` without metadata.
    pub fn new(resource: impl Into<String>) -> Self {
        Self { resource: resource.into(), metadata: BTreeMap::new() }
    }

    /// Adds a metadata entry.
    #[must_use]
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata.insert(key.into(), value.into());
        self
    }
}

/// The optional message shown on the consent page, per language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RequestMessage {
    /// English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    /// Norwegian bokmål.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nb: Option<String>,
    /// Norwegian nynorsk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nn: Option<String>,
}

/// An Altinn 3 consent request: `from` (the business or person who consents) to `to` (our organisation).
///
/// There is no `handledBy`: Altinn sets it itself from the Maskinporten token's `supplier` (a vendor acting with
/// `consumer_org`), its create body has no such field, and it refuses (403) a `to` other than the token's `consumer`
/// unless the token has Altinn's own-resource scope. Source: Altinn/altinn-authorization-tmp
/// `src/apps/Altinn.AccessManagement/src/Altinn.AccessManagement.Api.Enterprise/Controllers/ConsentController.cs`
/// (`CreateRequest`) and `src/libs/Altinn.Authorization.Api.Contracts/.../Consent/ConsentRequestDto.cs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRequest {
    /// Our UUID for the request; also the `id` in the Maskinporten `authorization_details` later.
    pub id: ConsentRequestId,
    /// The party who is asked to consent.
    pub from: PartIdentifikator,
    /// Our organisation, which receives the consent.
    pub to: Organisasjonsnummer,
    /// When the consent ends.
    pub valid_to: UnixTime,
    /// The rights asked for.
    pub rights: Vec<ConsentRight>,
    /// Where Altinn sends the user back to.
    pub redirect_url: RedirectUrl,
    /// Optional text on the consent page.
    pub request_message: Option<RequestMessage>,
    /// Optional portal visibility (`"hide"`/`"show"`).
    pub portal_view_mode: Option<PortalViewMode>,
    /// A party who must be the one to accept (`requiredDelegator`), if any.
    pub required_delegator: Option<PartIdentifikator>,
}

impl ConsentRequest {
    /// A request for [`DEFAULT_RESOURCE`] without metadata, valid for [`DEFAULT_VALIDITY_SECS`] from `now`.
    pub fn new(
        id: ConsentRequestId,
        from: PartIdentifikator,
        to: Organisasjonsnummer,
        redirect_url: RedirectUrl,
        now: UnixTime,
    ) -> Self {
        Self {
            id,
            from,
            to,
            valid_to: now.add_secs(DEFAULT_VALIDITY_SECS),
            rights: vec![ConsentRight::new(DEFAULT_RESOURCE)],
            redirect_url,
            request_message: None,
            portal_view_mode: None,
            required_delegator: None,
        }
    }

    /// Sets when the consent ends.
    #[must_use]
    pub fn valid_to(mut self, valid_to: UnixTime) -> Self {
        self.valid_to = valid_to;
        self
    }

    /// Replaces the rights asked for.
    #[must_use]
    pub fn rights(mut self, rights: Vec<ConsentRight>) -> Self {
        self.rights = rights;
        self
    }

    /// Sets the message shown on the consent page.
    #[must_use]
    pub fn request_message(mut self, message: RequestMessage) -> Self {
        self.request_message = Some(message);
        self
    }

    /// Sets the portal view mode.
    #[must_use]
    pub fn portal_view_mode(mut self, mode: PortalViewMode) -> Self {
        self.portal_view_mode = Some(mode);
        self
    }

    /// Sets the party who must be the one to accept.
    #[must_use]
    pub fn required_delegator(mut self, delegator: PartIdentifikator) -> Self {
        self.required_delegator = Some(delegator);
        self
    }

    /// The JSON body Altinn expects, keys in the order of Altinn's examples.
    pub fn to_json(&self) -> String {
        let wire = WireRequest {
            id: self.id,
            from: self.from.altinn_urn(),
            to: org_urn(&self.to),
            valid_to: self.valid_to.to_rfc3339(),
            consent_rights: self
                .rights
                .iter()
                .map(|r| WireRight {
                    action: ["consent"],
                    resource: [WireResource { kind: "urn:altinn:resource", value: &r.resource }],
                    meta_data: (!r.metadata.is_empty()).then_some(&r.metadata),
                })
                .collect(),
            redirect_url: self.redirect_url.as_str(),
            request_message: self.request_message.as_ref(),
            portal_view_mode: self.portal_view_mode.map(|m| match m {
                PortalViewMode::Hide => "hide",
                PortalViewMode::Show => "show",
            }),
            required_delegator: self.required_delegator.as_ref().map(PartIdentifikator::altinn_urn),
        };
        serde_json::to_string(&wire).expect("strings and maps always serialise")
    }
}

fn org_urn(org: &Organisasjonsnummer) -> String {
    PartIdentifikator::Organisasjon(org.clone()).altinn_urn()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireRequest<'a> {
    id: ConsentRequestId,
    from: String,
    to: String,
    valid_to: String,
    consent_rights: Vec<WireRight<'a>>,
    redirect_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_message: Option<&'a RequestMessage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    portal_view_mode: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required_delegator: Option<String>,
}

#[derive(Serialize)]
struct WireRight<'a> {
    action: [&'static str; 1],
    resource: [WireResource<'a>; 1],
    #[serde(rename = "metaData", skip_serializing_if = "Option::is_none")]
    meta_data: Option<&'a BTreeMap<String, String>>,
}

#[derive(Serialize)]
struct WireResource<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    value: &'a str,
}

/// `POST {platform}/accessmanagement/api/v1/enterprise/consentrequests` with a Maskinporten token that has scope
/// `altinn:consentrequests.write`; parse the answer with
/// [`parse_consent_request_response`](super::parse_consent_request_response).
///
/// Creating is idempotent on `id`: 201 with the new request, or 200 with the request stored before when the same
/// `id` comes again with the same `from` and `to` (Altinn checks nothing else then, and answers with what it
/// stored, not with the new body). The same `id` with another `from` or `to` is 400 `AM-00016` "Consent with id
/// already exist". So a retry with the same request is safe. Source: Altinn/altinn-authorization-tmp
/// `src/apps/Altinn.AccessManagement/src/Altinn.AccessManagement.Core/Services/ConsentService.cs` (`CreateRequest`,
/// `AlreadyExisted`), `ConsentController.cs` (`Ok` vs `Created`) and the tests
/// `CreateConsentRequestDuplicatePost_Valid_Returns200WithExistingConsentRequest` /
/// `..._InvalidDifferentFrom_Returns400WithConsentAlreadyExistsError` in `ConsentControllerTestEnterprise.cs`.
pub fn prepare_create_consent_request(
    env: &Altinn3Environment,
    token: &AccessToken,
    request: &ConsentRequest,
) -> HttpRequest {
    HttpRequest::new(Method::Post, env.consent_requests_url())
        .bearer(token)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .body(request.to_json())
}

/// `GET {platform}/accessmanagement/api/v1/enterprise/consentrequests/{id}` with a Maskinporten token that has scope
/// `altinn:consentrequests.read`.
pub fn prepare_get_consent_request(
    env: &Altinn3Environment,
    token: &AccessToken,
    id: &ConsentRequestId,
) -> HttpRequest {
    HttpRequest::new(Method::Get, format!("{}/{}", env.consent_requests_url(), form_encode(&id.to_string())))
        .bearer(token)
        .header("Accept", "application/json")
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn create_request_shape() {
        let now = UnixTime::from_secs(1_700_000_000);
        let req = ConsentRequest::new(
            ConsentRequestId::new_v4([7; 16]),
            PartIdentifikator::parse("313506673").unwrap(),
            Organisasjonsnummer::parse("991825827").unwrap(),
            RedirectUrl::parse("https://example.com/").unwrap(),
            now,
        );
        assert_eq!(req.valid_to, now.add_secs(90 * 86_400));
        let http = prepare_create_consent_request(&Altinn3Environment::tt02(), &AccessToken::new("tok"), &req);
        assert_eq!(http.method, Method::Post);
        assert_eq!(http.url, "https://platform.tt02.altinn.no/accessmanagement/api/v1/enterprise/consentrequests");
        assert_eq!(http.header_value("authorization"), Some("Bearer tok"));
        assert_eq!(http.header_value("content-type"), Some("application/json"));
        assert_eq!(http.header_value("accept"), Some("application/json"));
        let body: serde_json::Value = serde_json::from_slice(&http.body).unwrap();
        assert_eq!(body["consentRights"][0]["resource"][0]["value"], DEFAULT_RESOURCE);
        assert!(body["consentRights"][0].get("metaData").is_none());
        assert!(body.get("portalViewMode").is_none() && body.get("requestMessage").is_none());
        assert!(body.get("handledBy").is_none(), "Altinn sets handledBy from the token's supplier");
        let mut keys: Vec<&str> = body.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["consentRights", "from", "id", "redirectUrl", "to", "validTo"]);
        let get = prepare_get_consent_request(&Altinn3Environment::production(), &AccessToken::new("t"), &req.id);
        assert_eq!(
            get.url,
            format!("https://platform.altinn.no/accessmanagement/api/v1/enterprise/consentrequests/{}", req.id)
        );
        assert_eq!(get.method, Method::Get);
    }
}
