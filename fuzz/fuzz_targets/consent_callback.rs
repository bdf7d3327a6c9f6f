//! The consent callback: Altinn's redirect back (Altinn 3 and Altinn 2 forms), our own redirect URL with its
//! state, and the Worker's signed state text. A first byte below 128 means the rest is a raw redirect as it
//! arrives; otherwise the rest is structured input that builds our own redirect, which must come back intact.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use kravkit::altinn::altinn2::{self, Altinn2Outcome, AuthorizationCode};
use kravkit::altinn::altinn3::{self, Altinn3Outcome};
use kravkit::altinn::{CallbackError, RedirectUrl};
use kravkit::http::{form_decode, form_encode, parse_query};
use kravkit_fuzz::worker_state;
use libfuzzer_sys::fuzz_target;

/// The Worker's state parameter name (`worker/src/consent/flow.rs`).
const STATE_PARAM: &str = "state";
/// Names Altinn appends.
const RESERVED: [&str; 5] = ["Status", "ErrorMessage", "ErrorCode", "AuthorizationCode", "FailedAuthorizationCode"];

#[derive(Debug, Arbitrary)]
struct Ours {
    base: String,
    param: String,
    state: String,
    approved: bool,
    code: [u8; 16],
}

#[derive(Debug, Arbitrary)]
struct StateParts {
    nonce: [u8; 16],
    expires_at: u32,
    mac: [u8; 32],
}

fn raw(url: &str) {
    if let Some(pairs) = parse_query(url) {
        for (k, v) in &pairs {
            assert_eq!(form_decode(&form_encode(k)).as_deref(), Some(k.as_str()));
            assert_eq!(form_decode(&form_encode(v)).as_deref(), Some(v.as_str()));
        }
    }
    match altinn3::parse_callback(url, STATE_PARAM) {
        Ok(cb) => {
            assert!(!cb.state.is_empty());
            assert_eq!(cb.verify_state(&cb.state), Ok(()));
            assert_eq!(cb.verify_state(&format!("{}x", cb.state)), Err(CallbackError::StateMismatch));
            assert_eq!(cb.verify_state(""), Err(CallbackError::StateMismatch));
            state_text(&cb.state);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    match altinn2::parse_callback(url, STATE_PARAM) {
        Ok(cb) => {
            assert_eq!(cb.verify_state(&cb.state), Ok(()));
            if let Altinn2Outcome::Approved { authorization_code } = &cb.outcome {
                assert!(AuthorizationCode::parse(authorization_code.as_str()).is_ok());
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// The Worker's state text: whatever it accepts is written back to text that reads the same.
fn state_text(text: &str) {
    if let Some(p) = worker_state::parse(text) {
        assert_eq!(p.nonce.len(), 22);
        assert_eq!(p.mac.len(), 32);
        let again = worker_state::format(&p.nonce, p.expires_at, &p.mac);
        assert_eq!(worker_state::parse(&again), Some(p));
    }
}

fn ours(o: &Ours) {
    let Ok(url) = RedirectUrl::with_state(&o.base, &o.param, &o.state) else { return };
    assert!(RedirectUrl::parse(url.as_str()).is_ok(), "with_state made a URL parse refuses");
    let query = o.base.split_once('?').map_or("", |(_, q)| q);
    let base_is_plain = parse_query(&query.replace('?', "&")).is_some_and(|pairs| {
        !pairs.iter().any(|(k, _)| RESERVED.iter().any(|r| r.eq_ignore_ascii_case(k)) || k == &o.param)
    });
    if !base_is_plain {
        return;
    }
    let code = kravkit::altinn::new_state(o.code).replace('_', "-");
    let back = if o.approved {
        format!("{url}&AuthorizationCode={code}&Status=OK")
    } else {
        format!("{url}&Status=Failed&ErrorMessage=User%2520did%2520not%2520give%2520consent")
    };
    let cb3 = altinn3::parse_callback(&back, &o.param).unwrap_or_else(|e| panic!("{back}: {e}"));
    assert_eq!(cb3.state, o.state, "{back}");
    assert_eq!(cb3.verify_state(&o.state), Ok(()));
    assert_eq!(matches!(cb3.outcome, Altinn3Outcome::Approved), o.approved);
    let cb2 = altinn2::parse_callback(&back, &o.param).unwrap_or_else(|e| panic!("{back}: {e}"));
    assert_eq!(cb2.state, o.state);
    match cb2.outcome {
        Altinn2Outcome::Approved { authorization_code } => {
            assert!(o.approved);
            assert_eq!(authorization_code.as_str(), code);
        }
        Altinn2Outcome::Rejected { error_message, .. } => {
            assert!(!o.approved);
            assert_eq!(error_message.as_deref(), Some("User did not give consent"));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    if mode < 128 {
        if let Ok(url) = std::str::from_utf8(rest) {
            raw(url);
            state_text(url);
        }
        return;
    }
    let mut u = Unstructured::new(rest);
    if mode < 192 {
        if let Ok(o) = Ours::arbitrary(&mut u) {
            ours(&o);
        }
    } else if let Ok(s) = StateParts::arbitrary(&mut u) {
        let nonce = kravkit::altinn::new_state(s.nonce);
        let text = worker_state::format(&nonce, i64::from(s.expires_at), &s.mac);
        let p = worker_state::parse(&text).expect("a state the Worker writes reads back");
        assert_eq!(
            (p.nonce.as_str(), p.expires_at, p.mac.as_slice()),
            (nonce.as_str(), i64::from(s.expires_at), &s.mac[..])
        );
    }
});
