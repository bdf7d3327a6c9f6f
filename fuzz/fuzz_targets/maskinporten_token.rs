//! Maskinporten's `/token` answers (tokens, OAuth errors, gateway pages) and its metadata document: a token or a
//! typed error with a kind and a hint, and no error or `Debug` ever shows the access token.
#![no_main]

use kravkit::maskinporten::{parse_token_response, AuthorizationServerMetadata, CachePolicy, ClockOffset, Fetched};
use kravkit::UnixTime;
use kravkit_fuzz::{assert_not_shown, assert_scrubbed, response};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(resp) = response(data) else { return };
    let token_in_body = serde_json::from_slice::<serde_json::Value>(&resp.body)
        .ok()
        .and_then(|v| v.get("access_token").and_then(|t| t.as_str()).map(str::to_owned));
    let now = UnixTime::from_secs(1_800_000_000);
    match parse_token_response(&resp) {
        Ok(t) => {
            assert!(resp.is_success());
            assert!(!t.access_token.secret().trim().is_empty());
            assert!(t.token_type.eq_ignore_ascii_case("bearer"));
            // The round trip and the API's clock lead come from the input, so odd clocks are exercised too.
            let round_trip = i64::from(data.first().copied().unwrap_or(0) % 8);
            let ahead = i64::from(data.last().copied().unwrap_or(0) as i8);
            let fetched = Fetched { sent_at: now, received_at: now.add_secs(round_trip) };
            let policy = CachePolicy::default().with_api_clock_ahead(ahead);
            if let Some(w) = policy.window(&t, fetched) {
                assert!(w.received_at <= w.refresh_from && w.refresh_from <= w.reuse_until);
                assert!(w.reuse_until <= w.expires_at);
                let later = w.received_at.add_secs(1);
                let _ = (w.is_reusable(later), w.remaining_secs(later));
                assert!(!w.is_reusable(w.reuse_until) && w.remaining_secs(w.expires_at) == 0);
            }
            let shown = format!("{t:?}");
            if !t.scope.as_deref().unwrap_or("").contains(t.access_token.secret()) {
                assert_not_shown(t.access_token.secret(), &[&shown]);
            }
        }
        Err(e) => {
            assert_eq!(e.status(), resp.status);
            let (text, debug) = (e.to_string(), format!("{e:?}"));
            assert!(!e.hint().is_empty());
            let _ = e.is_retryable();
            if resp.is_success() {
                if let Some(token) = &token_in_body {
                    assert_not_shown(token, &[&text, &debug]);
                }
            }
            if let kravkit::maskinporten::TokenError::UnexpectedError { excerpt, .. } = &e {
                assert_scrubbed(excerpt);
            }
        }
    }
    let _ = ClockOffset::from_response(&resp.clone().header("Date", "Sun, 06 Nov 1994 08:49:37 GMT"), now);
    if let Ok(md) = AuthorizationServerMetadata::parse(&resp.body) {
        let _ = md.environment();
        assert!(AuthorizationServerMetadata::parse_response(&resp, &md.issuer).is_ok() || !resp.is_success());
    }
});
