//! The consent callback's `state`: `<nonce>.<expires>.<mac>`, where the MAC is HMAC-SHA256 (WebCrypto, key
//! `STATE_KEY`) over the nonce, the expiry and everything the flow is bound to: the party, the session subject
//! (as a keyed pseudonym), the consent mode and the return URL. Those stay in D1 under the nonce (with the consent id Altinn
//! knows it by), so the state in the URL carries no party id. Valid for [`STATE_TTL_SECS`], used once.

use kravkit::api::problem::ProblemCode;
use std::{cell::RefCell, rc::Rc};

use web_sys::CryptoKey;

pub use super::state_text::{format, parse, ParsedState};
use crate::{config::StateKey, crypto, d1::Flow, problem::Problem};

/// How long a started consent flow may take.
pub const STATE_TTL_SECS: i64 = 15 * 60;

/// The bytes the MAC covers.
pub fn signing_input(nonce: &str, expires_at: i64, flow: &Flow) -> String {
    format!(
        "kravkit-consent-state-v1\n{nonce}\n{expires_at}\n{}\n{}\n{}\n{}",
        flow.party,
        flow.sub_hash,
        flow.mode.as_str(),
        flow.return_url
    )
}

/// What this module keeps per isolate (one part of [`crate::isolate::Isolate`]).
#[derive(Default)]
pub struct Kept {
    key: RefCell<Option<(Vec<u8>, Rc<CryptoKey>)>>,
}

fn kept() -> &'static Kept {
    &crate::isolate::get().consent_state
}

/// The HMAC key, imported once per isolate (non-extractable).
async fn key(secret: &StateKey) -> Result<Rc<CryptoKey>, Problem> {
    let cached = kept().key.borrow().as_ref().filter(|(m, _)| m == secret.secret()).map(|(_, k)| k.clone());
    if let Some(k) = cached {
        return Ok(k);
    }
    let k = Rc::new(
        crypto::import_hmac_key(secret.secret())
            .await
            .map_err(|e| Problem::new(ProblemCode::ConfigInvalid, format!("STATE_KEY: {e}")))?,
    );
    *kept().key.borrow_mut() = Some((secret.secret().to_vec(), k.clone()));
    Ok(k)
}

/// Signs a new state for `flow`.
pub async fn sign(secret: &StateKey, nonce: &str, expires_at: i64, flow: &Flow) -> Result<String, Problem> {
    let k = key(secret).await?;
    let mac = crypto::hmac_sha256(&k, signing_input(nonce, expires_at, flow).as_bytes())
        .await
        .map_err(|e| Problem::internal(e.to_string()))?;
    Ok(format(nonce, expires_at, &mac))
}

/// Whether `state`'s MAC is right for the flow stored under its nonce (constant-time, in WebCrypto).
pub async fn verify(secret: &StateKey, state: &ParsedState, flow: &Flow) -> Result<bool, Problem> {
    let k = key(secret).await?;
    crypto::hmac_verify(&k, &state.mac, signing_input(&state.nonce, state.expires_at, flow).as_bytes())
        .await
        .map_err(|e| Problem::internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use kravkit::consent::ConsentMode;

    use super::*;

    fn flow() -> Flow {
        Flow {
            party: "313367002".into(),
            mode: ConsentMode::Altinn3,
            sub_hash: "c3ViLTE".into(),
            return_url: "https://bank.example/netbank".into(),
            expires_at: 1_700_000_900,
        }
    }

    #[test]
    fn states_round_trip_and_garbage_is_refused() {
        let mac = [7u8; 32];
        let s = format("AAAAAAAAAAAAAAAAAAAAAA", 1_700_000_900, &mac);
        assert_eq!(
            parse(&s),
            Some(ParsedState { nonce: "AAAAAAAAAAAAAAAAAAAAAA".into(), expires_at: 1_700_000_900, mac: mac.to_vec() })
        );
        for bad in [
            "",
            "a.b.c",
            "AAAAAAAAAAAAAAAAAAAAAA.1700000900",
            "AAAAAAAAAAAAAAAAAAAAAA.1700000900.BwcH.x",
            "AAAAAAAAAAAAAAAAAAAAA.1700000900.BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc",
            "AAAAAAAAAAAAAAAAAAAAAA.-1.BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc",
            "AAAAAAAAAAAAAAAAAAAAAA.17e9.BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc",
            "AAAAAAAAAAAAAAAAAAAAA=.1700000900.BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc",
            "AAAAAAAAAAAAAAAAAAAAAA.1700000900.BwcH",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_mac_covers_party_subject_mode_and_return_url() {
        let base = signing_input("n", 1, &flow());
        assert_eq!(base, "kravkit-consent-state-v1\nn\n1\n313367002\nc3ViLTE\naltinn3\nhttps://bank.example/netbank");
        let variants = [
            Flow { party: "311851381".into(), ..flow() },
            Flow { sub_hash: "c3ViLTI".into(), ..flow() },
            Flow { mode: ConsentMode::Altinn2, ..flow() },
            Flow { return_url: "https://bank.example/other".into(), ..flow() },
        ];
        for v in variants {
            assert_ne!(signing_input("n", 1, &v), base);
        }
        assert_ne!(signing_input("m", 1, &flow()), base);
        assert_ne!(signing_input("n", 2, &flow()), base);
    }
}
