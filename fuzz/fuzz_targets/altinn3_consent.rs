//! Altinn 3's consent request answers (create and get) and its `events` feed: details with a status at any
//! time, or a typed error; Altinn's problem texts are scrubbed.
#![no_main]

use kravkit::altinn::altinn3::{parse_consent_events, parse_consent_request_response, ConsentRequestId};
use kravkit::UnixTime;
use kravkit_fuzz::response;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(resp) = response(data) else { return };
    match parse_consent_request_response(&resp) {
        Ok(d) => {
            assert!(resp.is_success());
            for t in [0, 1_700_000_000, 1_800_000_000, i64::from(i32::MAX) * 4] {
                let _ = d.status(UnixTime::from_secs(t));
            }
            let _ = (d.latest_event(), format!("{d:?}"), d.id.to_string());
            assert_eq!(ConsentRequestId::parse(&d.id.to_string()).ok(), Some(d.id), "the id round-trips");
        }
        Err(e) => {
            let _ = (e.to_string(), format!("{e:?}"));
        }
    }
    match parse_consent_events(&resp) {
        Ok(page) => {
            assert!(resp.is_success());
            let _ = format!("{page:?}");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
