//! The two bodies a data route can answer with, chosen by the request's `Accept`: the canonical JSON (the core's
//! model, amounts in øre; the default) or Skatteetaten's document as it was sent, passed through unread so the
//! Worker's cost does not grow with the party's data (the browser package reads every documented shape).
//!
//! ```
//! use kravkit::api::representation::Representation;
//!
//! assert_eq!(Representation::negotiate(None), Representation::Canonical);
//! assert_eq!(Representation::negotiate(Some(Representation::ACCEPT_UPSTREAM)), Representation::Upstream);
//! assert_eq!(Representation::negotiate(Some("*/*")), Representation::Canonical);
//! ```

/// A data answer's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Representation {
    /// The canonical JSON of the endpoint's model (`application/json`).
    Canonical,
    /// Skatteetaten's document, unchanged (`application/vnd.kravkit.upstream+json`).
    Upstream,
}

impl Representation {
    /// The `Accept` a client that reads both sends: Skatteetaten's document preferred; the canonical form is what
    /// comes when the Worker made the answer itself (nothing in the period).
    pub const ACCEPT_UPSTREAM: &'static str = "application/vnd.kravkit.upstream+json, application/json;q=0.5";

    /// Its media type, the answer's `Content-Type` (without parameters).
    pub const fn media_type(self) -> &'static str {
        match self {
            Self::Canonical => "application/json",
            Self::Upstream => "application/vnd.kravkit.upstream+json",
        }
    }

    /// Its `Content-Type` header value.
    pub const fn content_type(self) -> &'static str {
        match self {
            Self::Canonical => "application/json; charset=utf-8",
            Self::Upstream => "application/vnd.kravkit.upstream+json",
        }
    }

    /// Which one an answer's `Content-Type` names, if either.
    pub fn of_content_type(content_type: &str) -> Option<Self> {
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        [Self::Canonical, Self::Upstream].into_iter().find(|r| essence.eq_ignore_ascii_case(r.media_type()))
    }

    /// The one to answer with for `accept`: [`Upstream`](Self::Upstream) only when it is named, with a quality above
    /// 0 and at least that of `application/json` (named or by a wildcard); anything else, no header or one that
    /// cannot be read, gets the canonical JSON.
    pub fn negotiate(accept: Option<&str>) -> Self {
        let Some(accept) = accept else { return Self::Canonical };
        let (mut upstream, mut json, mut wildcard) = (None::<f32>, None::<f32>, None::<f32>);
        for range in accept.split(',') {
            let mut parts = range.split(';');
            let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("q"))
                .map_or(Some(1.0), |(_, v)| v.trim().parse::<f32>().ok().filter(|q| (0.0..=1.0).contains(q)));
            let Some(q) = q else { continue };
            let slot = match media.as_str() {
                "application/vnd.kravkit.upstream+json" => &mut upstream,
                "application/json" => &mut json,
                "*/*" | "application/*" => &mut wildcard,
                _ => continue,
            };
            *slot = Some(slot.map_or(q, |old: f32| old.max(q)));
        }
        match (upstream, json.or(wildcard)) {
            (Some(u), Some(c)) if u > 0.0 && u >= c => Self::Upstream,
            (Some(u), None) if u > 0.0 => Self::Upstream,
            _ => Self::Canonical,
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::Representation::{self, Canonical, Upstream};

    #[test]
    fn accept_chooses_the_upstream_document_only_when_it_is_asked_for_and_preferred() {
        let n = |a: &str| Representation::negotiate(Some(a));
        assert_eq!(n("application/vnd.kravkit.upstream+json"), Upstream);
        assert_eq!(n("APPLICATION/VND.KRAVKIT.UPSTREAM+JSON ; q=0.8"), Upstream);
        assert_eq!(n(Representation::ACCEPT_UPSTREAM), Upstream);
        assert_eq!(n("application/json, application/vnd.kravkit.upstream+json;q=0.1"), Canonical);
        assert_eq!(
            n("application/vnd.kravkit.upstream+json;q=0.5, */*;q=0.5"),
            Upstream,
            "a tie goes to the one named"
        );
        assert_eq!(n("application/vnd.kravkit.upstream+json;q=0, application/json"), Canonical);
        assert_eq!(n("application/vnd.kravkit.upstream+json;q=0"), Canonical, "q=0 is a refusal");
        assert_eq!(n("application/vnd.kravkit.upstream+json;q=banana"), Canonical, "an unreadable q is ignored");
        assert_eq!(n("application/vnd.kravkit.upstream+json;q=2"), Canonical);
        // A parameter without a value is not a quality (found by fuzz/ids): the range keeps q=1 and wins a tie.
        assert_eq!(n("application/vnd.kravkit.upstream+json;20,application/json;q=1"), Upstream);
        for a in ["", "*/*", "application/json", "text/html,application/xhtml+xml,*/*;q=0.8", ",,;;=", "\u{0}"] {
            assert_eq!(n(a), Canonical, "{a:?}");
        }
        assert_eq!(Representation::negotiate(None), Canonical);
    }

    #[test]
    fn content_types_name_their_representation() {
        for r in [Canonical, Upstream] {
            assert_eq!(Representation::of_content_type(r.content_type()), Some(r));
            assert_eq!(Representation::of_content_type(r.media_type()), Some(r));
        }
        assert_eq!(Representation::of_content_type("Application/JSON;charset=UTF-8"), Some(Canonical));
        assert_eq!(Representation::of_content_type("application/problem+json"), None);
        assert_eq!(Representation::of_content_type(""), None);
    }
}
