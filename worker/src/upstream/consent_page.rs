//! The consent page Altinn names (Altinn 3 `viewUri`, Altinn 2 `_links.gui`) is where the browser is sent next, so
//! it is handed on only if it is on Altinn's own consent host for the environment: `https://am.ui.tt02.altinn.no`
//! and `https://tt02.altinn.no` for TT02, `https://am.ui.altinn.no` and `https://www.altinn.no` in production, the
//! simulator's own origin (`SIM_URL`) for `sim`.

use url::Url;

use crate::problem::Problem;

/// The Altinn 3 consent page origin for TT02.
pub const ALTINN3_TT02: &str = "https://am.ui.tt02.altinn.no";
/// The Altinn 3 consent page origin in production.
pub const ALTINN3_PROD: &str = "https://am.ui.altinn.no";
/// The Altinn 2 consent page origin for TT02.
pub const ALTINN2_TT02: &str = "https://tt02.altinn.no";
/// The Altinn 2 consent page origin in production.
pub const ALTINN2_PROD: &str = "https://www.altinn.no";

/// `page` if it is an absolute URL on exactly `expected_origin` (scheme, host and port) without credentials; else
/// `upstream_error` (the URL itself is not echoed).
pub fn checked(api: &str, page: &str, expected_origin: &str) -> Result<String, Problem> {
    let refused =
        || Problem::new("upstream_error", format!("{api} named a consent page that is not on {expected_origin}"));
    let url = Url::parse(page).map_err(|_| refused())?;
    let origin_ok = url.origin().ascii_serialization() == expected_origin.trim_end_matches('/');
    // https everywhere but the simulator (whose configured origin may be plain http on loopback).
    let scheme_ok = url.scheme() == "https" || expected_origin.starts_with("http://");
    if !origin_ok || !scheme_ok || !url.username().is_empty() || url.password().is_some() {
        return Err(refused());
    }
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_altinns_consent_host_for_the_environment() {
        let ok =
            "https://am.ui.tt02.altinn.no/accessmanagement/ui/consent/request?id=77ed8698-e619-4066-9eb4-5c1eb3f165a1";
        assert_eq!(checked("Altinn 3", ok, ALTINN3_TT02).unwrap(), ok);
        assert!(checked("Altinn 3", "http://127.0.0.1:8788/altinn3/ui/consent/request?id=1", "http://127.0.0.1:8788")
            .is_ok());
        for bad in [
            "http://am.ui.tt02.altinn.no/accessmanagement/ui/consent/request?id=1",
            "https://am.ui.altinn.no/accessmanagement/ui/consent/request?id=1",
            "https://am.ui.tt02.altinn.no.evil.example/x",
            "https://evil.example/?https://am.ui.tt02.altinn.no/",
            "https://user@am.ui.tt02.altinn.no/x",
            "https://am.ui.tt02.altinn.no:8443/x",
            "javascript:alert(1)",
            "//am.ui.tt02.altinn.no/x",
            "",
        ] {
            let p = checked("Altinn 3", bad, ALTINN3_TT02).unwrap_err();
            assert_eq!((p.code, p.status), ("upstream_error", 502), "{bad}");
            assert!(bad.is_empty() || !p.detail.contains(bad), "{bad}");
        }
        assert!(checked("Altinn 2", "https://www.altinn.no/ui/AccessConsent/request?id=x", ALTINN2_PROD).is_ok());
        assert!(checked("Altinn 2", "https://tt02.altinn.no/ui/AccessConsent/request?id=x", ALTINN2_PROD).is_err());
        assert!(checked("sim", "http://127.0.0.1:9/altinn3/ui", "http://127.0.0.1:8788").is_err());
    }
}
