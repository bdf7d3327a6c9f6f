#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;
use crate::{http::HttpResponse, maskinporten::parse_token_response};

fn refused(error: &str, description: &str) -> TokenError {
    let body = serde_json::json!({ "error": error, "error_description": description }).to_string();
    parse_token_response(&HttpResponse::new(400, body)).unwrap_err()
}

#[test]
fn mp_codes_are_extracted() {
    let e = OAuthError {
        error: "invalid_grant".into(),
        error_description: Some("Invalid assertion. Client authentication failed. (MP-100) Trace ID: abc".into()),
        error_uri: None,
    };
    assert_eq!(e.mp_code(), Some("MP-100"));
    let e = OAuthError { error_description: Some("MP-1 MPX MP-303: bad".into()), ..e };
    assert_eq!(e.mp_code(), Some("MP-303"));
    let e = OAuthError { error_description: Some("no code here".into()), ..e };
    assert_eq!(e.mp_code(), None);
    let e = OAuthError { error_description: None, ..e };
    assert_eq!(e.mp_code(), None);
}

#[test]
fn each_mp_code_has_its_kind() {
    for (code, kind) in [
        ("MP-100", ErrorKind::InvalidAssertion),
        ("MP-110", ErrorKind::InvalidAudience),
        ("MP-120", ErrorKind::InvalidCertificate),
        ("MP-121", ErrorKind::ExpiredKey),
        ("MP-303", ErrorKind::SystemUserConfiguration),
    ] {
        let err = refused("invalid_grant", &format!("Something failed ({code}). Trace ID: 7f3a"));
        assert_eq!(err.kind(), kind, "{code}");
        assert!(!err.hint().is_empty());
        match &err {
            TokenError::Refused { status: 400, error } => assert_eq!(error.mp_code(), Some(code)),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn known_messages_win_over_codes() {
    for (error, description, kind) in [
        ("invalid_grant", "Invalid assertion. Client authentication failed. Grant is used before (MP-100)", ErrorKind::GrantReused),
        ("invalid_grant", "Authentication of client by JWT failed: Client not found", ErrorKind::ClientNotFound),
        ("invalid_grant", "Authentication of client by JWT failed: JWT is expired", ErrorKind::GrantExpired),
        ("invalid_grant", "Validation of JWT failed: Could not validate JWT Signature", ErrorKind::BadSignature),
        ("invalid_grant", "Validation of JWT failed: Failed to extract certificate from jwt", ErrorKind::CertificateNotExtracted),
        ("invalid_grant", "Issue time is after now", ErrorKind::ClockSkew),
        ("invalid_scope", "Invalid scope - Token request contains invalid scopes for client", ErrorKind::InvalidScope),
        ("invalid_scope", "Whatever the text", ErrorKind::InvalidScope),
        ("invalid_scope", "Token request contains scopes with integration types only allowed for user login", ErrorKind::InvalidScope),
        ("invalid_grant", "Invalid assertion. Client authentication failed. Invalid JWT claim aud", ErrorKind::InvalidAudience),
        ("invalid_grant", "Invalid assertion. Client authentication failed. The JWT is signed with an invalid certificate.", ErrorKind::InvalidCertificate),
        ("invalid_grant", "Invalid assertion. Client authentication failed.", ErrorKind::InvalidAssertion),
        ("access_denied", "Consumer 313367002 has not been granted access to the scope skatteetaten:x", ErrorKind::AccessNotGranted),
        ("access_denied", "Consumer 313367002 has not delegated access to the scope s:x to supplier 991825827", ErrorKind::NotDelegated),
        ("invalid_request", "Validation of JWT claim failed: The combination consumer_org in claim and delegation scope on client is invalid", ErrorKind::ConsumerOrgConflict),
        ("invalid_altinn_customer_configuration", "System user not found", ErrorKind::SystemUserConfiguration),
        ("invalid_authorization_details", "Consent not valid", ErrorKind::InvalidAuthorizationDetails),
        ("server_error", "Something odd", ErrorKind::Other),
    ] {
        assert_eq!(refused(error, description).kind(), kind, "{description}");
    }
}

#[test]
fn retryable_kinds() {
    assert!(refused("invalid_grant", "Grant is used before").is_retryable());
    assert!(refused("invalid_grant", "JWT is expired").is_retryable());
    assert!(refused("invalid_grant", "Issue time is after now").is_retryable());
    assert!(!refused("invalid_grant", "Client not found").is_retryable());
    assert!(!refused("invalid_scope", "x").is_retryable());
    let err = parse_token_response(&HttpResponse::new(429, "slow down")).unwrap_err();
    assert!(err.is_retryable() && err.kind() == ErrorKind::Unavailable && err.status() == 429);
}

#[test]
fn every_kind_has_a_distinct_hint() {
    let kinds = [
        ErrorKind::InvalidAssertion,
        ErrorKind::InvalidAudience,
        ErrorKind::InvalidCertificate,
        ErrorKind::ExpiredKey,
        ErrorKind::GrantReused,
        ErrorKind::GrantExpired,
        ErrorKind::ClockSkew,
        ErrorKind::ClientNotFound,
        ErrorKind::CertificateNotExtracted,
        ErrorKind::BadSignature,
        ErrorKind::InvalidScope,
        ErrorKind::AccessNotGranted,
        ErrorKind::NotDelegated,
        ErrorKind::ConsumerOrgConflict,
        ErrorKind::SystemUserConfiguration,
        ErrorKind::InvalidAuthorizationDetails,
        ErrorKind::Other,
        ErrorKind::Unavailable,
        ErrorKind::UnexpectedResponse,
    ];
    let hints: std::collections::HashSet<_> = kinds.iter().map(|k| k.hint()).collect();
    assert_eq!(hints.len(), kinds.len());
}

#[test]
fn display_is_useful_and_scrubbed() {
    let err =
        refused("invalid_grant", "Invalid assertion (MP-100) for eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.sig_- trace 9");
    let shown = err.to_string();
    assert_eq!(
        shown,
        "Maskinporten refused the grant (HTTP 400): invalid_grant: Invalid assertion (MP-100) for [redacted] trace 9"
    );
    assert!(!format!("{err:?}").contains("eyJpc3MiOiJ4In0"), "the description is stored scrubbed");
}
