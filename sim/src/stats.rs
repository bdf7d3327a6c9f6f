//! Counters served at `/stats`, so tests and benchmarks can assert on what happened.

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;

/// Everything counted since start or the last reset.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Per route (`service.route`, e.g. `skatteetaten.aapnekrav`): total and per status (`"dropped"` for faults
    /// that closed the connection).
    pub requests: BTreeMap<String, RouteStats>,
    /// Maskinporten access tokens issued.
    pub tokens: TokenStats,
    /// Maskinporten grants refused.
    pub grants_rejected: Rejections,
    /// Altinn 2 consent tokens handed out and refused.
    pub altinn2_tokens: Altinn2Tokens,
    /// Requests answered (or delayed, or dropped) by an injected fault.
    pub faults_applied: u64,
    /// The `Korrelasjonsid` and `Klientid` headers of the requests to Skatteetaten's four endpoints.
    pub skatteetaten_call_ids: CallIdStats,
}

/// How many recent call ids [`CallIdStats::recent`] keeps.
pub const RECENT_CALL_IDS: usize = 100;

/// The identifying headers of Skatteetaten calls.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallIdStats {
    /// Calls with a well-formed UUID `Korrelasjonsid` (echoed in the answer).
    pub with_korrelasjonsid: u64,
    /// Calls without one (the answer carries a fresh id).
    pub without_korrelasjonsid: u64,
    /// Calls whose `Korrelasjonsid` is not a UUID (not echoed).
    pub malformed_korrelasjonsid: u64,
    /// Calls by `Klientid` (`""` for none).
    pub by_klientid: BTreeMap<String, u64>,
    /// The newest calls, oldest first (at most [`RECENT_CALL_IDS`]).
    pub recent: VecDeque<CallIds>,
}

/// The headers of one call, as sent.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallIds {
    /// `Korrelasjonsid`, if sent.
    pub korrelasjonsid: Option<String>,
    /// `Klientid`, if sent.
    pub klientid: Option<String>,
}

/// Requests to one route.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteStats {
    /// All requests.
    pub total: u64,
    /// By HTTP status (or `dropped`).
    pub by_status: BTreeMap<String, u64>,
    /// Requests being answered right now (a delay fault included).
    pub in_flight: u64,
    /// The most requests this route was answering at once: what a client's concurrency limit is checked against.
    /// (A reset while requests are in flight starts both counts again from the requests that come after it.)
    pub max_in_flight: u64,
}

/// Issued Maskinporten tokens.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenStats {
    /// All tokens.
    pub issued: u64,
    /// By client id.
    pub by_client: BTreeMap<String, u64>,
    /// By the `kid` of the client key that signed the grant.
    pub by_kid: BTreeMap<String, u64>,
    /// By requested scope string.
    pub by_scope: BTreeMap<String, u64>,
    /// Tokens carrying an Altinn 3 consent.
    pub with_consent: u64,
}

/// Refused grants.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rejections {
    /// All refusals.
    pub total: u64,
    /// By reason (`signature`, `jti_reused`, `scope`, `consent_revoked`, ...).
    pub by_reason: BTreeMap<String, u64>,
}

/// Altinn 2 consent tokens.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Altinn2Tokens {
    /// Tokens handed out.
    pub issued: u64,
    /// 403 answers.
    pub refused: u64,
}

impl Stats {
    /// Counts one answered request.
    pub fn record(&mut self, route: &str, status: &str) {
        let r = self.requests.entry(route.to_owned()).or_default();
        r.total += 1;
        *r.by_status.entry(status.to_owned()).or_default() += 1;
    }

    /// A request to `route` has come in; [`Stats::end`] when it is answered or dropped.
    pub fn begin(&mut self, route: &str) {
        let r = self.requests.entry(route.to_owned()).or_default();
        r.in_flight += 1;
        r.max_in_flight = r.max_in_flight.max(r.in_flight);
    }

    /// A request to `route` is over.
    pub fn end(&mut self, route: &str) {
        if let Some(r) = self.requests.get_mut(route) {
            r.in_flight = r.in_flight.saturating_sub(1);
        }
    }

    /// Records the identifying headers of one Skatteetaten call; `well_formed` says whether its `Korrelasjonsid`
    /// is a UUID.
    pub fn call_ids(&mut self, ids: CallIds, well_formed: bool) {
        let c = &mut self.skatteetaten_call_ids;
        match (&ids.korrelasjonsid, well_formed) {
            (None, _) => c.without_korrelasjonsid += 1,
            (Some(_), true) => c.with_korrelasjonsid += 1,
            (Some(_), false) => c.malformed_korrelasjonsid += 1,
        }
        *c.by_klientid.entry(ids.klientid.clone().unwrap_or_default()).or_default() += 1;
        if c.recent.len() == RECENT_CALL_IDS {
            c.recent.pop_front();
        }
        c.recent.push_back(ids);
    }

    /// Counts one refused grant.
    pub fn reject(&mut self, reason: &str) {
        self.grants_rejected.total += 1;
        *self.grants_rejected.by_reason.entry(reason.to_owned()).or_default() += 1;
    }

    /// Counts one issued token.
    pub fn issue(&mut self, client: &str, kid: &str, scope: &str, consent: bool) {
        let t = &mut self.tokens;
        t.issued += 1;
        *t.by_client.entry(client.to_owned()).or_default() += 1;
        *t.by_kid.entry(kid.to_owned()).or_default() += 1;
        *t.by_scope.entry(scope.to_owned()).or_default() += 1;
        t.with_consent += u64::from(consent);
    }
}
