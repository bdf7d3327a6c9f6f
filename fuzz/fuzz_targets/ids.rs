//! Identifiers, dates, times, periods and media types as they come in URLs, headers and upstream bodies: whatever parses
//! writes back to the same text and parses to the same value; national ids never show in full in an error or a
//! `Debug`; a refused input gives a typed error.
#![no_main]

use kravkit::altinn::altinn2::AuthorizationCode;
use kravkit::altinn::altinn3::ConsentRequestId;
use kravkit::api::representation::Representation;
use kravkit::ids::{Fodselsnummer, Organisasjonsnummer, PartIdentifikator};
use kravkit::maskinporten::{format_http_date, parse_http_date};
use kravkit::model::PartId;
use kravkit::skatteetaten::Periode;
use kravkit::{Date, UnixTime};
use libfuzzer_sys::fuzz_target;

/// An 11-digit input must not come back in full from an error or a `Debug`.
fn hidden(s: &str, shown: &str) {
    if s.len() == 11 && s.bytes().all(|b| b.is_ascii_digit()) {
        assert!(!shown.contains(s), "a national id is shown: {shown}");
    }
}

fn party(s: &str) {
    match PartIdentifikator::parse(s) {
        Ok(p) => {
            assert_eq!(p.as_str(), s);
            assert_eq!(PartIdentifikator::parse(p.as_str()).as_ref(), Ok(&p));
            assert_eq!(PartIdentifikator::from_altinn_urn(&p.altinn_urn()).as_ref(), Ok(&p));
            assert_eq!(PartId::new(s).validated().as_ref(), Ok(&p));
            assert!(PartId::new(s).is(&p));
            if let PartIdentifikator::Person(f) = &p {
                hidden(s, &p.redacted());
                hidden(s, &format!("{f:?} {p:?}"));
            }
        }
        Err(e) => hidden(s, &format!("{e} {e:?}")),
    }
    match Organisasjonsnummer::parse(s) {
        Ok(o) => assert_eq!((o.as_str(), o.to_string().as_str()), (s, s)),
        Err(e) => hidden(s, &e.to_string()),
    }
    match Fodselsnummer::parse(s) {
        Ok(f) => {
            assert_eq!(f.as_str(), s);
            hidden(s, &format!("{f:?} {}", f.redacted()));
        }
        Err(e) => hidden(s, &format!("{e} {e:?}")),
    }
    if let Err(e) = PartIdentifikator::from_altinn_urn(s) {
        let _ = e.to_string();
    }
    let id = PartId::new(s);
    if id.looks_like_person() {
        hidden(s, &format!("{id:?} {}", id.redacted()));
    }
}

fn date(s: &str) {
    let Ok(d) = Date::parse(s) else { return };
    assert_eq!(d.to_string(), s);
    assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
    assert_eq!(d.start().date(), d);
    for n in [-400, -1, 1, 31, 366] {
        let moved = d.add_days(n);
        assert_eq!(moved.days_since_epoch() - d.days_since_epoch(), n);
        if (1..=9999).contains(&moved.year()) {
            assert_eq!(Date::parse(&moved.to_string()), Ok(moved));
        }
    }
    let next_year = d.add_years(1);
    assert!(next_year > d);
    assert!(Periode::new(d, next_year).is_ok(), "a calendar year is allowed");
    assert!(Periode::new(d, next_year.add_days(1)).is_err(), "a day more is not");
    let p = Periode::year_ending(d);
    assert!(Periode::new(p.fra_og_med(), p.til_og_med()).is_ok());
}

fn times(s: &str) {
    if let Ok(t) = UnixTime::parse_rfc3339(s) {
        let text = t.to_rfc3339();
        assert_eq!(UnixTime::parse_rfc3339(&text), Ok(t), "{s} -> {text}");
        assert_eq!(t.date().start().secs().div_euclid(86_400), t.secs().div_euclid(86_400));
    }
    if let Ok(t) = parse_http_date(s) {
        let text = format_http_date(t);
        assert_eq!(parse_http_date(&text), Ok(t), "{s} -> {text}");
    }
}

/// `Accept` and `Content-Type` as they come in headers: the upstream document is chosen only when named, and
/// naming `application/json` as well never turns the canonical form into the upstream document.
fn representation(s: &str) {
    let chosen = Representation::negotiate(Some(s));
    if chosen == Representation::Upstream {
        assert!(s.to_ascii_lowercase().contains(Representation::Upstream.media_type()), "{s:?}");
    } else {
        let more = format!("{s},application/json");
        assert_eq!(Representation::negotiate(Some(&more)), Representation::Canonical, "{more:?}");
    }
    if let Some(r) = Representation::of_content_type(s) {
        assert!(s.to_ascii_lowercase().contains(r.media_type()), "{s:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    party(s);
    date(s);
    times(s);
    representation(s);
    if let Ok(id) = ConsentRequestId::parse(s) {
        assert_eq!(ConsentRequestId::parse(&id.to_string()), Ok(id));
    }
    if let Ok(code) = AuthorizationCode::parse(s) {
        assert_eq!(code.as_str(), s);
    }
    if let Some((fra, til)) = s.split_once('/') {
        match Periode::parse(fra, til) {
            Ok(p) => {
                assert!(p.fra_og_med() <= p.til_og_med() && p.til_og_med() <= p.fra_og_med().add_years(1));
                assert_eq!(p.query(), format!("fraOgMed={fra}&tilOgMed={til}"));
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
});
