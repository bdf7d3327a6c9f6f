//! The consent page Altinn names (Altinn 3 `viewUri`, Altinn 2 `_links.gui`) is where the browser is sent next, so
//! it is handed on only if it is on Altinn's own hosts for the environment: https under `tt02.altinn.no` for TT02
//! (such as `am.ui.tt02.altinn.no`), https under `altinn.no` but not `tt02.altinn.no` in production (such as
//! `am.ui.altinn.no`, `www.altinn.no`; Altinn does not document the production host, so the domain is checked, not
//! one name), and exactly the simulator's origin (`SIM_URL`) for `sim`.

use kravkit::api::problem::ProblemCode;
use url::Url;

use crate::problem::Problem;

/// Where a consent page may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageHosts {
    /// https on `domain` or a subdomain of it, but not under `except`.
    Altinn {
        /// The domain.
        domain: &'static str,
        /// A subdomain that belongs to another environment.
        except: Option<&'static str>,
    },
    /// Exactly this origin (the simulator).
    Origin(String),
}

/// TT02.
pub const TT02: PageHosts = PageHosts::Altinn { domain: "tt02.altinn.no", except: None };
/// Production.
pub const PROD: PageHosts = PageHosts::Altinn { domain: "altinn.no", except: Some("tt02.altinn.no") };

fn under(host: &str, domain: &str) -> bool {
    host == domain || host.strip_suffix(domain).is_some_and(|rest| rest.ends_with('.'))
}

impl PageHosts {
    fn allows(&self, url: &Url) -> bool {
        match self {
            Self::Altinn { domain, except } => {
                let Some(url::Host::Domain(host)) = url.host() else { return false };
                url.scheme() == "https"
                    && url.port().is_none()
                    && under(host, domain)
                    && !except.is_some_and(|e| under(host, e))
            }
            Self::Origin(origin) => url.origin().ascii_serialization() == origin.trim_end_matches('/'),
        }
    }

    fn describe(&self) -> String {
        match self {
            Self::Altinn { domain, .. } => format!("https://*.{domain}"),
            Self::Origin(o) => o.clone(),
        }
    }
}

/// `page` if it is an absolute URL that `hosts` allows, without credentials; else `upstream_error` (the URL
/// itself is not echoed).
pub fn checked(api: &str, page: &str, hosts: &PageHosts) -> Result<String, Problem> {
    let refused = || {
        Problem::new(
            ProblemCode::UpstreamError,
            format!("{api} named a consent page that is not on {}", hosts.describe()),
        )
    };
    let url = Url::parse(page).map_err(|_| refused())?;
    if !hosts.allows(&url) || !url.username().is_empty() || url.password().is_some() {
        return Err(refused());
    }
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_altinns_consent_hosts_for_the_environment() {
        let ok =
            "https://am.ui.tt02.altinn.no/accessmanagement/ui/consent/request?id=77ed8698-e619-4066-9eb4-5c1eb3f165a1";
        assert_eq!(checked("Altinn 3", ok, &TT02).unwrap(), ok);
        assert!(checked("Altinn 2", "https://tt02.altinn.no/ui/AccessConsent/request?id=x", &TT02).is_ok());
        let sim = PageHosts::Origin("http://127.0.0.1:8788".into());
        assert!(checked("Altinn 3", "http://127.0.0.1:8788/altinn3/ui/consent/request?id=1", &sim).is_ok());
        for bad in [
            "http://am.ui.tt02.altinn.no/accessmanagement/ui/consent/request?id=1",
            "https://am.ui.altinn.no/accessmanagement/ui/consent/request?id=1",
            "https://am.ui.tt02.altinn.no.evil.example/x",
            "https://eviltt02.altinn.no/x",
            "https://evil.example/?https://am.ui.tt02.altinn.no/",
            "https://user@am.ui.tt02.altinn.no/x",
            "https://am.ui.tt02.altinn.no:8443/x",
            "javascript:alert(1)",
            "//am.ui.tt02.altinn.no/x",
            "",
        ] {
            let p = checked("Altinn 3", bad, &TT02).unwrap_err();
            assert_eq!((p.code, p.status), (ProblemCode::UpstreamError, 502), "{bad}");
            assert!(bad.is_empty() || !p.detail.contains(bad), "{bad}");
        }
        assert!(checked("Altinn 2", "https://www.altinn.no/ui/AccessConsent/request?id=x", &PROD).is_ok());
        assert!(checked("Altinn 3", "https://am.ui.altinn.no/accessmanagement/ui/consent/request?id=x", &PROD).is_ok());
        assert!(checked("Altinn 2", "https://tt02.altinn.no/ui/AccessConsent/request?id=x", &PROD).is_err());
        assert!(checked("Altinn 3", "https://am.ui.tt02.altinn.no/x", &PROD).is_err());
        assert!(checked("Altinn 3", "https://altinn.no.evil.example/x", &PROD).is_err());
        assert!(checked("sim", "http://127.0.0.1:9/altinn3/ui", &sim).is_err());
        assert!(checked("sim", "https://127.0.0.1:8788/altinn3/ui", &sim).is_err());
    }
}
