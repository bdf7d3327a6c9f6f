//! One structured JSON line per request: route (as a pattern, never with a party id in it), status, duration,
//! every upstream call and every cache decision. Values come only from fields set here; the finished line is
//! passed through `redact_national_ids` as a last guard, and no field ever holds a secret.

use std::cell::RefCell;

use kravkit::api::problem::ProblemCode;
use serde::Serialize;

/// An outbound call as logged.
#[derive(Debug, Clone, Serialize)]
pub struct UpstreamCall {
    /// `maskinporten`, `altinn3`, `altinn2` or `skatteetaten`.
    pub api: &'static str,
    /// What was called (`token`, `consentrequests.create`, `aapnekrav`, ...).
    pub call: &'static str,
    /// The HTTP status, if an answer came.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `timeout`, `network` or `busy` (no permit in time) when no answer came.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
    /// 1 for the first try, 2.. for retries.
    pub attempt: u8,
    /// Wall-clock milliseconds.
    pub ms: u32,
}

/// A cache decision as logged.
#[derive(Debug, Clone, Serialize)]
pub struct CacheEvent {
    /// `token` (Maskinporten), `consent_token` (Altinn 2) or `consent` (the D1 record).
    pub cache: &'static str,
    /// `hit` (isolate memory), `hit_cache_api`, `shared` (another request's fetch answered), `shared_gave_up`,
    /// `refresh` (this request fetches the next token while the current one is served), `miss`,
    /// and for tokens fetched: `stored` / `store_failed` (the Cache API write).
    pub outcome: &'static str,
}

/// What one request did.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// `kravkit`.
    pub service: &'static str,
    /// The method.
    pub method: String,
    /// The route pattern, e.g. `/v1/parties/{party}/aapnekrav`.
    pub route: &'static str,
    /// The response status.
    pub status: u16,
    /// The problem code, when the answer was a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<ProblemCode>,
    /// Milliseconds from arrival to response.
    pub duration_ms: u32,
    /// The party: an organisation number in full, a person's id redacted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// The consent mode used, for consent and data routes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent_mode: Option<&'static str>,
    /// The `Korrelasjonsid` sent to Skatteetaten (one per data call, the same on its retries), to match this line
    /// with Skatteetaten's logs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub korrelasjonsid: Option<String>,
    /// Every outbound call.
    pub upstream: Vec<UpstreamCall>,
    /// Every cache decision.
    pub cache: Vec<CacheEvent>,
    /// What the request went on with after its answer: `warm_credentials` (a consent status that found a granted
    /// consent fetches the credentials the data call that usually follows will need).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background: Option<&'static str>,
    /// When that work ended, in milliseconds from the request's arrival.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background_ended_ms: Option<u32>,
}

/// The per-request log, filled in as the request runs.
#[derive(Debug, Default)]
pub struct RequestLog(RefCell<Entry>);

impl RequestLog {
    /// A log for `method` (the route is set once known).
    pub fn new(method: &str) -> Self {
        Self(RefCell::new(Entry { service: "kravkit", method: method.to_owned(), ..Entry::default() }))
    }

    /// Names the route pattern.
    pub fn route(&self, route: &'static str) {
        self.0.borrow_mut().route = route;
    }

    /// Records the party (redacted when a person).
    pub fn party(&self, party: &kravkit::ids::PartIdentifikator) {
        self.0.borrow_mut().party = Some(party.redacted());
    }

    /// Records the consent mode.
    pub fn consent_mode(&self, mode: &'static str) {
        self.0.borrow_mut().consent_mode = Some(mode);
    }

    /// Records the `Korrelasjonsid` sent to Skatteetaten.
    pub fn korrelasjonsid(&self, id: &kravkit::skatteetaten::Korrelasjonsid) {
        self.0.borrow_mut().korrelasjonsid = Some(id.to_string());
    }

    /// Records an outbound call.
    pub fn upstream(&self, call: UpstreamCall) {
        self.0.borrow_mut().upstream.push(call);
    }

    /// Records a cache decision.
    pub fn cache(&self, cache: &'static str, outcome: &'static str) {
        self.0.borrow_mut().cache.push(CacheEvent { cache, outcome });
    }

    /// Records work started to go on after the answer.
    pub fn background(&self, what: &'static str) {
        self.0.borrow_mut().background = Some(what);
    }

    /// Records when the work after the answer ended.
    pub fn background_ended(&self, at_ms: u32) {
        self.0.borrow_mut().background_ended_ms = Some(at_ms);
    }

    /// The finished line.
    pub fn finish(&self, status: u16, code: Option<ProblemCode>, duration_ms: u32) -> String {
        let mut e = self.0.borrow_mut();
        e.status = status;
        e.code = code;
        e.duration_ms = duration_ms;
        let line = serde_json::to_string(&*e).unwrap_or_default();
        kravkit::ids::redact_national_ids(&line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_has_the_route_pattern_and_no_person_id() {
        let log = RequestLog::new("GET");
        log.route("/v1/parties/{party}/aapnekrav");
        log.party(&kravkit::ids::PartIdentifikator::parse("04827896468").unwrap());
        log.upstream(UpstreamCall {
            api: "skatteetaten",
            call: "aapnekrav",
            status: Some(200),
            error: None,
            attempt: 1,
            ms: 3,
        });
        log.cache("token", "hit");
        log.korrelasjonsid(&kravkit::skatteetaten::Korrelasjonsid::new_v4([1; 16]));
        let line = log.finish(200, None, 5);
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["route"], "/v1/parties/{party}/aapnekrav");
        assert_eq!(v["status"], 200);
        assert_eq!(v["durationMs"], 5);
        assert_eq!(v["upstream"][0]["api"], "skatteetaten");
        assert_eq!(v["cache"][0]["outcome"], "hit");
        assert_eq!(v["korrelasjonsid"], "01010101-0101-4101-8101-010101010101");
        assert!(!line.contains("04827896468"), "{line}");
        assert!(v.get("code").is_none());
    }
}
