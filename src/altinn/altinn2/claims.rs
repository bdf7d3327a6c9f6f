//! Reading an Altinn 2 consent token's claims **without verifying it**, to show the user what the consent covers
//! and until when. Skatteetaten verifies the token; we only display.

use base64::Engine as _;
use serde_json::{Map, Value};

use super::AuthorizationCode;
use crate::{
    b64::B64URL,
    ids::{Organisasjonsnummer, PartIdentifikator},
    redact::excerpt,
    secret::ConsentToken,
    Date, UnixTime,
};

/// A token whose claims cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClaimsError {
    /// Not three `.`-separated parts.
    #[error("consent token is not a compact jwt (header.payload.signature)")]
    NotAJwt,
    /// The payload is not base64url.
    #[error("consent token payload is not base64url")]
    Base64,
    /// The payload is not a JSON object.
    #[error("consent token payload is not a json object")]
    NotAnObject,
    /// A claim has an unusable value.
    #[error("consent token claim {claim} is invalid: {reason}")]
    InvalidClaim {
        /// The claim's name.
        claim: &'static str,
        /// Why, with personal data redacted.
        reason: String,
    },
}

/// One service the consent covers, from `Services` (`"5928_202301"`, `"4630_2_fraOgMed=2017-06"`) or the older
/// `ServiceCodes` (`"4629,2"`, `"4630,2,fraOgMed=november 2016,tilOgMed=januar 2017"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceGrant {
    /// The service code, e.g. `5928`.
    pub service_code: String,
    /// The service edition code, e.g. `202301` (empty if the entry had none).
    pub service_edition_code: String,
    /// `key=value` parameters carried in the entry.
    pub parameters: Vec<(String, String)>,
}

impl ServiceGrant {
    fn parse(raw: &str) -> Option<Self> {
        let head = raw.split('=').next().unwrap_or(raw);
        let sep = if head.contains(',') { ',' } else { '_' };
        let mut parts = raw.split(sep);
        let service_code = parts.next().filter(|c| !c.is_empty() && !c.contains('='))?.trim().to_owned();
        let mut service_edition_code = String::new();
        let mut parameters: Vec<(String, String)> = Vec::new();
        for (i, part) in parts.enumerate() {
            match (i, part.split_once('=')) {
                (0, None) => service_edition_code = part.trim().to_owned(),
                (_, Some((k, v))) => parameters.push((k.to_owned(), v.to_owned())),
                (_, None) => match parameters.last_mut() {
                    Some((_, v)) => {
                        v.push(sep);
                        v.push_str(part);
                    }
                    None => return None,
                },
            }
        }
        Some(Self { service_code, service_edition_code, parameters })
    }

    /// Whether this is the given service code and edition.
    pub fn is(&self, service_code: &str, service_edition_code: u32) -> bool {
        self.service_code == service_code && self.service_edition_code == service_edition_code.to_string()
    }
}

/// The claims of an Altinn 2 consent token, decoded **without checking the signature**: never use them to decide
/// access, only to show status. Dates in the old string forms are read as Norwegian local time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct UntrustedConsentClaims {
    /// `Services` (or the older `ServiceCodes`).
    pub services: Vec<ServiceGrant>,
    /// `AuthorizationCode`.
    pub authorization_code: Option<AuthorizationCode>,
    /// `OfferedBy`: who consented.
    pub offered_by: Option<PartIdentifikator>,
    /// `CoveredBy`: who received the consent.
    pub covered_by: Option<Organisasjonsnummer>,
    /// `HandledBy`: the vendor that fetched the token, if any.
    pub handled_by: Option<Organisasjonsnummer>,
    /// `DelegatedDate`: when the consent was given.
    pub delegated: Option<UnixTime>,
    /// `ValidToDate`: when the consent ends.
    pub valid_to: Option<UnixTime>,
    /// `iss` (`altinn.no`).
    pub issuer: Option<String>,
    /// `exp`: when this token (not the consent) expires, 30 s after `nbf`.
    pub expires: Option<UnixTime>,
    /// `nbf`.
    pub not_before: Option<UnixTime>,
}

impl UntrustedConsentClaims {
    /// Base64url-decodes the payload of `token` and reads the claims. No signature or lifetime check.
    pub fn decode(token: &ConsentToken) -> Result<Self, ClaimsError> {
        let parts: Vec<&str> = token.secret().split('.').collect();
        let [_, payload, _] = parts[..] else { return Err(ClaimsError::NotAJwt) };
        let bytes = B64URL.decode(payload).map_err(|_| ClaimsError::Base64)?;
        let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(&bytes) else {
            return Err(ClaimsError::NotAnObject);
        };
        Self::from_map(&map)
    }

    fn from_map(map: &Map<String, Value>) -> Result<Self, ClaimsError> {
        let invalid = |claim, reason: String| ClaimsError::InvalidClaim { claim, reason };
        let string = |claim: &'static str| match map.get(claim) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(invalid(claim, "not a string".to_owned())),
        };
        let org = |claim: &'static str| {
            string(claim)?.map(Organisasjonsnummer::parse).transpose().map_err(|e| invalid(claim, e.to_string()))
        };
        let time = |claim: &'static str| match map.get(claim) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .or_else(|| n.as_f64().map(|f| f as i64))
                .map(|s| Some(UnixTime::from_secs(s)))
                .ok_or_else(|| invalid(claim, "not a number of seconds".to_owned())),
            Some(Value::String(s)) => {
                legacy_time(s).map(Some).ok_or_else(|| invalid(claim, format!("unknown date format {:?}", excerpt(s))))
            }
            Some(_) => Err(invalid(claim, "not a number or a string".to_owned())),
        };
        let services = match map.get("Services").or_else(|| map.get("ServiceCodes")) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(s)) => ServiceGrant::parse(s).into_iter().collect(),
            Some(Value::Array(items)) => {
                items.iter().filter_map(Value::as_str).filter_map(ServiceGrant::parse).collect()
            }
            Some(_) => return Err(invalid("Services", "not a string or an array".to_owned())),
        };
        Ok(Self {
            services,
            authorization_code: string("AuthorizationCode")?
                .map(AuthorizationCode::parse)
                .transpose()
                .map_err(|e| invalid("AuthorizationCode", e.to_string()))?,
            offered_by: string("OfferedBy")?
                .map(PartIdentifikator::parse)
                .transpose()
                .map_err(|e| invalid("OfferedBy", e.to_string()))?,
            covered_by: org("CoveredBy")?,
            handled_by: org("HandledBy")?,
            delegated: time("DelegatedDate")?,
            valid_to: time("ValidToDate")?,
            issuer: string("iss")?.map(excerpt),
            expires: time("exp")?,
            not_before: time("nbf")?,
        })
    }

    /// Whether the consent lists this service (e.g. `("5928", 202301)` for Krav og betalinger).
    pub fn covers(&self, service_code: &str, service_edition_code: u32) -> bool {
        self.services.iter().any(|s| s.is(service_code, service_edition_code) && s.parameters.is_empty())
    }
}

/// RFC 3339, or Altinn 2's offset-less `2017-04-18 09:33:13` / `16.02.2017 17:17:06`, taken as Oslo local time.
fn legacy_time(s: &str) -> Option<UnixTime> {
    let s = s.trim();
    if let Ok(t) = UnixTime::parse_rfc3339(s) {
        return Some(t);
    }
    let iso = match s.split_once(' ') {
        Some((d, t)) if d.len() == 10 && d.as_bytes()[2] == b'.' && d.as_bytes()[5] == b'.' => {
            format!("{}-{}-{}T{t}", &d[6..10], &d[3..5], &d[0..2])
        }
        _ => s.to_owned(),
    };
    UnixTime::parse_rfc3339(&format!("{iso}Z")).ok().map(oslo_to_utc)
}

/// Norwegian local time (CET, CEST from the last Sunday of March to the last Sunday of October, 01:00 UTC, as in the
/// EU since 1996) to UTC. In the repeated autumn hour the summer-time reading wins.
fn oslo_to_utc(local: UnixTime) -> UnixTime {
    let last_sunday = |year: i32, month: u8| {
        Date::new(year, month, 31).map_or(0, |last| last.days_since_epoch() - i64::from((last.weekday() + 1) % 7))
    };
    let as_summer = local.add_secs(-7200);
    let year = as_summer.date().year();
    let start = last_sunday(year, 3) * 86_400 + 3600;
    let end = last_sunday(year, 10) * 86_400 + 3600;
    if (start..end).contains(&as_summer.secs()) {
        as_summer
    } else {
        local.add_secs(-3600)
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn utc(s: &str) -> UnixTime {
        UnixTime::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn legacy_dates_are_oslo_time() {
        assert_eq!(legacy_time("27.10.2016 21:11:17"), Some(utc("2016-10-27T19:11:17Z")));
        assert_eq!(legacy_time("2017-04-18 09:33:13"), Some(utc("2017-04-18T07:33:13Z")));
        assert_eq!(legacy_time("16.02.2017 17:17:06"), Some(utc("2017-02-16T16:17:06Z")));
        assert_eq!(legacy_time("05.01.2017 10:30:00"), Some(utc("2017-01-05T09:30:00Z")));
        assert_eq!(legacy_time("2017-06-30T10:30:00.000"), Some(utc("2017-06-30T08:30:00Z")));
        assert_eq!(legacy_time("2017-06-30T10:30:00+00:00"), Some(utc("2017-06-30T10:30:00Z")));
        // DST edges in 2024: summer time from 31 March 01:00 UTC to 27 October 01:00 UTC.
        assert_eq!(legacy_time("2024-03-31 01:59:59"), Some(utc("2024-03-31T00:59:59Z")));
        assert_eq!(legacy_time("2024-03-31 03:00:00"), Some(utc("2024-03-31T01:00:00Z")));
        assert_eq!(legacy_time("2024-10-27 02:30:00"), Some(utc("2024-10-27T00:30:00Z")));
        assert_eq!(legacy_time("2024-10-27 03:00:00"), Some(utc("2024-10-27T02:00:00Z")));
        for bad in ["", "yesterday", "32.01.2017 10:00:00", "2017-04-18", "18/04/2017 09:33:13"] {
            assert_eq!(legacy_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn service_entries() {
        let g = ServiceGrant::parse("5928_202301").unwrap();
        assert!(g.is("5928", 202_301) && g.parameters.is_empty());
        let g = ServiceGrant::parse("4630_2_fraOgMed=2017-06").unwrap();
        assert_eq!(g.parameters, [("fraOgMed".to_owned(), "2017-06".to_owned())]);
        let g = ServiceGrant::parse("4630,2,fraOgMed=november 2016,tilOgMed=januar 2017").unwrap();
        assert!(g.is("4630", 2));
        assert_eq!(g.parameters.len(), 2);
        assert_eq!(g.parameters[1], ("tilOgMed".to_owned(), "januar 2017".to_owned()));
        let g = ServiceGrant::parse("4630_2_periode=2017_06").unwrap();
        assert_eq!(g.parameters, [("periode".to_owned(), "2017_06".to_owned())]);
        assert_eq!(ServiceGrant::parse(""), None);
        assert_eq!(ServiceGrant::parse("=x"), None);
        assert_eq!(ServiceGrant::parse("4629_2_x"), None);
    }
}
