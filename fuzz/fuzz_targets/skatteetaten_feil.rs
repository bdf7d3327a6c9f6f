//! Skatteetaten's error bodies (JSON and XML) and the error path of a data call: a body is Skatteetaten's error
//! (with a non-empty code and a scrubbed message) or a bare HTTP error with a short scrubbed excerpt, never data.
#![no_main]

use kravkit::http::HttpResponse;
use kravkit::model::AapneKrav;
use kravkit::skatteetaten::{parse, ApiError, SkatteetatenFeil, BODY_SNIPPET_CHARS};
use kravkit_fuzz::assert_scrubbed;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let feil = SkatteetatenFeil::parse(data);
    if let Some(f) = &feil {
        assert!(!f.kode.as_str().is_empty());
        assert_scrubbed(&f.melding);
        if let Some(k) = &f.korrelasjonsid {
            assert!(!k.is_empty() && k.trim() == k);
        }
        let _ = (f.to_string(), f.is_retryable(), f.is_consent_problem(), f.kode.http_status(), f.kode.hint());
    }
    for status in [400, 403, 404, 500, 503] {
        let err = parse::<AapneKrav>(&HttpResponse::new(status, data)).expect_err("an error status is never data");
        assert_eq!(err.status(), status);
        match &err {
            ApiError::Skatteetaten { feil: f, .. } => assert_eq!(Some(f), feil.as_ref()),
            ApiError::Http { body, .. } => {
                assert!(feil.is_none());
                assert!(body.chars().count() <= BODY_SNIPPET_CHARS + 1, "excerpt too long");
                assert_scrubbed(body);
            }
            other => panic!("unexpected {other:?}"),
        }
        let _ = (err.to_string(), err.is_retryable(), err.korrelasjonsid(), err.feilkode());
    }
});
