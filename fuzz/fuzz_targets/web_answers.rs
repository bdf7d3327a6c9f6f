//! The browser package's reading of the Worker's answers: problem bodies (any status, any body), the consent
//! answers, the four endpoints' canonical data, and the outcome parameters on the consent return URL. The first
//! byte picks the status and what the rest is read as.
#![no_main]

use kravkit::api::consent::{ConsentOutcome, ConsentStarted, ConsentView};
use kravkit::api::endpoint::{Data, Endpoint};
use kravkit::api::problem::ProblemBody;
use kravkit::ids::PartIdentifikator;
use kravkit_fuzz::assert_canonical_round_trip;
use kravkit_fuzz::web_answer::{read_json, read_problem, read_return};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const STATUSES: [u16; 10] = [400, 401, 403, 404, 409, 429, 500, 502, 503, 504];

/// Whether a JSON object's names are unique (at the top level).
struct UniqueNames(bool);

impl<'de> serde::Deserialize<'de> for UniqueNames {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = UniqueNames;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<UniqueNames, A::Error> {
                let mut seen = std::collections::HashSet::new();
                let mut unique = true;
                while let Some(k) = map.next_key::<String>()? {
                    unique &= seen.insert(k);
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
                Ok(UniqueNames(unique))
            }
        }
        d.deserialize_map(V)
    }
}

fn problem(status: u16, body: &str) {
    let header = body.len().is_multiple_of(2).then(|| "hdr-korrelasjonsid".to_owned());
    let p = read_problem(status, body, header.clone());
    assert!(!p.code.is_empty() && !p.message.is_empty());
    // With a duplicate name the problem is not read at all (the status decides), which is fine: only check
    // objects whose names are unique.
    let unique = serde_json::from_str::<UniqueNames>(body).is_ok_and(|u| u.0);
    if let (true, Ok(Value::Object(o))) = (unique, serde_json::from_str::<Value>(body)) {
        if let Some(Value::String(code)) = o.get("code") {
            assert_eq!(&p.code, code, "the problem's own code is kept");
        }
        if let Some(Value::String(k)) = o.get("korrelasjonsid") {
            assert_eq!(p.korrelasjonsid.as_ref(), Some(k), "the body's korrelasjonsid wins");
        }
    } else if serde_json::from_str::<ProblemBody>(body).map_or(true, |b| b.korrelasjonsid.is_none()) {
        // No korrelasjonsid read from the body (duplicate names of unknown members are ignored, so such a body may
        // still read): the header's.
        assert_eq!(p.korrelasjonsid, header);
    }
}

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) {
    if let Ok(v) = read_json::<T>(text, "fuzz") {
        let again = serde_json::to_string(&v).unwrap();
        assert_eq!(read_json::<T>(&again, "fuzz").ok(), Some(v));
    }
}

/// The browser package reads a data answer with the core's `Data::from_canonical` (pkg-js/src/client.rs).
fn canonical_data(endpoint: Endpoint, text: &str) {
    if let Ok(data) = Data::from_canonical(endpoint, text) {
        assert_eq!(data.endpoint(), endpoint);
        match &data {
            Data::AapneKrav(v) => assert_canonical_round_trip(v),
            Data::Krav(v) => assert_canonical_round_trip(v),
            Data::Innbetalinger(v) => assert_canonical_round_trip(v),
            Data::Utbetalinger(v) => assert_canonical_round_trip(v),
        }
    }
}

fn return_url(text: &str) {
    let mut parts = text.splitn(3, '&').map(|p| (!p.is_empty()).then(|| p.to_owned()));
    let (consent, party, error) = (parts.next().flatten(), parts.next().flatten(), parts.next().flatten());
    let had_consent = consent.is_some();
    match read_return(consent, party, error) {
        None => assert!(!had_consent),
        Some(r) => {
            assert!(["granted", "denied", "failed"].contains(&r.outcome.as_str()));
            if let Some(p) = &r.party {
                assert!(PartIdentifikator::parse(p).is_ok());
            }
            if let Some(e) = &r.error {
                assert!(e.len() <= 64 && e.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
            }
            assert!(r.outcome != ConsentOutcome::Failed || r.error.is_some());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    problem(STATUSES[usize::from(mode) % STATUSES.len()], text);
    match mode % 4 {
        0 => {
            round_trip::<ConsentStarted>(text);
            round_trip::<ConsentView>(text);
            return_url(text);
        }
        1 => canonical_data(Endpoint::AapneKrav, text),
        2 => canonical_data(Endpoint::Krav, text),
        _ => {
            canonical_data(Endpoint::Innbetalinger, text);
            canonical_data(Endpoint::Utbetalinger, text);
        }
    }
});
