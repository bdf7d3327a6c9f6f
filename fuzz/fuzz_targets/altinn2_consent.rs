//! Altinn 2's answers: the pre-registration (code and links), the consent token exchange (JSON string, XML
//! `<string>` or bare JWT) and the consent token's claims. Each gives its value or a typed error.
#![no_main]

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use kravkit::altinn::altinn2::{
    parse_consent_token_response, parse_create_consent_response, AuthorizationCode, UntrustedConsentClaims,
};
use kravkit::secret::ConsentToken;
use kravkit_fuzz::response;
use libfuzzer_sys::fuzz_target;

fn claims(token: &ConsentToken) {
    if let Ok(c) = UntrustedConsentClaims::decode(token) {
        let _ = (c.covers("5928", 202_301), format!("{c:?}"));
        if let Some(code) = &c.authorization_code {
            assert!(AuthorizationCode::parse(code.as_str()).is_ok());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(resp) = response(data) else { return };
    match parse_create_consent_response(&resp) {
        Ok(created) => {
            assert!(resp.is_success());
            assert!(AuthorizationCode::parse(created.authorization_code.as_str()).is_ok());
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    match parse_consent_token_response(&resp) {
        Ok(token) => {
            assert!(resp.is_success());
            claims(&token);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    // The body as a token's claims, so the fuzzer works on the JSON directly.
    claims(&ConsentToken::new(format!("e30.{}.c2ln", URL_SAFE_NO_PAD.encode(&resp.body))));
});
