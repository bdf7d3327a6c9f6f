//! What the fuzz targets share: the pure parsing code of the Worker and the browser package (compiled here from
//! their own source files, so what is fuzzed is what ships), an exact reference for amounts, and the invariants
//! every Skatteetaten response must keep.

use serde::{de::DeserializeOwned, Serialize};

/// The browser package's reading of the Worker's answers (`pkg-js/src/answer.rs`).
#[path = "../../pkg-js/src/answer.rs"]
pub mod web_answer;
/// The Worker's JWK choice (`worker/src/auth/jwk.rs`).
#[path = "../../worker/src/auth/jwk.rs"]
pub mod worker_jwk;
/// The Worker's session token splitting and claim rules (`worker/src/auth/jwt.rs`).
#[path = "../../worker/src/auth/jwt.rs"]
pub mod worker_jwt;
/// The Worker's consent state text (`worker/src/consent/state_text.rs`).
#[path = "../../worker/src/consent/state_text.rs"]
pub mod worker_state;

pub mod oracle;

/// The canonical round trip of a parsed value: serialise, read back as canonical JSON, and get the same value and
/// the same text again. Every number in the canonical text is an integer (amounts in øre, years). Panics (a
/// finding) otherwise.
pub fn assert_canonical_round_trip<T>(value: &T)
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = serde_json::to_string(value).expect("a parsed value serialises");
    let back: T = kravkit::model::canonical::from_str(&text)
        .unwrap_or_else(|e| panic!("canonical text does not read back: {e}\n{text}"));
    assert_eq!(&back, value, "canonical round trip changed the value\n{text}");
    let again = serde_json::to_string(&back).expect("serialises");
    assert_eq!(again, text, "canonical text is not stable");
    let tree: serde_json::Value = serde_json::from_str(&text).expect("canonical text is JSON");
    assert_integers_only(&tree, &text);
}

fn assert_integers_only(v: &serde_json::Value, text: &str) {
    match v {
        serde_json::Value::Number(n) => {
            let s = n.to_string();
            let digits = s.strip_prefix('-').unwrap_or(&s);
            assert!(!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()), "non-integer {s} in {text}");
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| assert_integers_only(x, text)),
        serde_json::Value::Object(o) => o.values().for_each(|x| assert_integers_only(x, text)),
        _ => {}
    }
}

/// One Skatteetaten response body, read as the endpoint does (tolerant, kroner) and as canonical JSON (øre):
/// whatever reads must round-trip canonically; whatever does not gives a typed [`ParseError`] for this endpoint.
///
/// [`ParseError`]: kravkit::skatteetaten::ParseError
pub fn check_response<T>(data: &[u8])
where
    T: kravkit::api::endpoint::Model + PartialEq + Clone + std::fmt::Debug,
{
    let endpoint = T::ENDPOINT;
    // A body passed on unread is judged by its start only: whatever reads passes that check, and the reader of a
    // passed-on body reads it as the parser does.
    let response = kravkit::http::HttpResponse::new(200, data);
    let passed = kravkit::skatteetaten::data_body(endpoint, &response).is_ok();
    let later = kravkit::skatteetaten::parse_data_body(endpoint, 200, data);
    match kravkit::skatteetaten::parse_body::<T>(200, data) {
        Ok(v) => {
            assert!(passed, "a readable body is passed on");
            assert_eq!(later.as_ref().ok(), Some(&v.clone().into()));
            assert_canonical_round_trip(&v);
        }
        Err(e) => {
            assert!(later.is_err(), "what the parser refuses, the reader of a passed-on body refuses");
            assert_eq!(e.endpoint, endpoint);
            assert_eq!(e.status, 200);
            assert!(!e.message.is_empty(), "a refusal says why");
            let _ = e.to_string();
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(v) = kravkit::model::canonical::from_str::<T>(text) {
            assert_canonical_round_trip(&v);
        }
    }
}

/// Upstream text kept in an error must be scrubbed: no token start (`eyJ`), no run of exactly 11 digits (a
/// possible fødselsnummer) and no control character is left. An excerpt cut with `…` is checked up to its last
/// whole word.
pub fn assert_scrubbed(text: &str) {
    let text = match text.strip_suffix('…') {
        Some(cut) => cut.rsplit_once(' ').map_or("", |(whole, _)| whole),
        None => text,
    };
    assert!(!text.contains("eyJ"), "a token start survived scrubbing: {text:?}");
    assert!(!text.chars().any(char::is_control), "a control character survived scrubbing: {text:?}");
    let mut run = 0;
    for b in text.bytes().chain([b' ']) {
        if b.is_ascii_digit() {
            run += 1;
        } else {
            assert_ne!(run, 11, "an 11-digit run survived scrubbing: {text:?}");
            run = 0;
        }
    }
}

/// The statuses a fuzzed upstream answer can have, picked by the input's first byte.
pub const STATUSES: [u16; 8] = [200, 201, 400, 401, 403, 429, 500, 503];

/// Splits an input into an upstream answer: status from the first byte ([`STATUSES`]), body the rest.
pub fn response(data: &[u8]) -> Option<kravkit::http::HttpResponse> {
    let (first, body) = data.split_first()?;
    Some(kravkit::http::HttpResponse::new(STATUSES[usize::from(*first) % STATUSES.len()], body))
}

/// `needle` occurs in none of `haystacks`, unless it is too short to mean anything.
pub fn assert_not_shown(needle: &str, haystacks: &[&str]) {
    if needle.trim().len() >= 12 {
        for h in haystacks {
            assert!(!h.contains(needle), "a secret is shown: {h}");
        }
    }
}

/// The payments of whatever open claims read: every one positive, never more than is left of its instalment or,
/// together, of its claim; a checked KID and account; the sum theirs; every open instalment of an open claim either
/// paid, named as skipped, or left out only because earlier instalments take what is left of the claim. Their
/// pain.001 file is one transaction each, well nested, without control characters or unescaped markup in text.
pub fn check_payments(a: &kravkit::model::AapneKrav) {
    use kravkit::model::Amount;
    use kravkit::pay::{self, Selection};
    let today = kravkit::Date::parse("2024-03-01").expect("a date");
    let all = pay::betalinger(a, &Selection::All, today, kravkit::present::Lang::Nb);
    let mut total = Some(Amount::ZERO);
    for b in &all.betalinger {
        assert!(b.beloep > Amount::ZERO, "a payment of {} øre", b.beloep.oere());
        assert!(pay::valid_kid(&b.kid), "KID {:?}", b.kid);
        let konto_ok =
            b.konto.kontonummer.as_deref().map_or(pay::valid_iban(&b.konto.iban).is_some(), pay::valid_kontonummer);
        assert!(konto_ok && pay::valid_iban(&b.konto.iban).is_some(), "account {:?}", b.konto);
        total = total.and_then(|t| t.checked_add(b.beloep));
    }
    assert_eq!(all.sum, total, "the sum is the payments'");
    for k in &a.aapent_krav_med_gjenstaaende_beloep {
        let mine: Vec<_> = all.betalinger.iter().filter(|b| b.kravidentifikator == k.kravidentifikator).collect();
        let paid = Amount::checked_sum(mine.iter().map(|b| &b.beloep)).expect("in range");
        assert!(
            paid <= k.gjenstaaende_beloep.max(Amount::ZERO),
            "claim {:?}: {paid} of {}",
            k.kravidentifikator,
            k.gjenstaaende_beloep
        );
        // (Instalment ids may repeat in what Skatteetaten sends: one of that id has at least as much left.)
        for b in &mine {
            let fits = |f: &&kravkit::model::Kravforfall| {
                f.kravforfalls_identifikator == b.kravforfalls_identifikator && b.beloep <= f.gjenstaaende_beloep
            };
            assert!(k.kravforfall.iter().any(|f| fits(&f)), "more than is left of the instalment");
        }
    }
    let overdue = pay::betalinger(a, &Selection::Overdue, today, kravkit::present::Lang::En);
    assert!(overdue.betalinger.iter().all(|b| b.forfalt && b.forfallsdato.is_some_and(|d| d < today)));
    assert!(overdue.betalinger.len() <= all.betalinger.len());
    let debtor = pay::Debtor {
        name: "Fuzz & <Sønn>".into(),
        account: "15034445556".into(),
        bic: None,
        organisasjonsnummer: None,
    };
    let file = pay::PaymentFile {
        message_id: "FUZZ-1",
        created: kravkit::UnixTime::from_secs(1_709_287_200),
        earliest: today,
        debtor: &debtor,
    };
    match pay::pain001(&all.betalinger, &file) {
        Ok(xml) => {
            assert_eq!(xml.matches("<CdtTrfTxInf>").count(), all.betalinger.len());
            assert!(!xml.chars().any(|c| c.is_control() && c != '\n'), "a control character in the file");
            for tag in ["Nm", "Id", "Ref", "EndToEndId", "PmtInf", "CdtTrfTxInf"] {
                assert_eq!(
                    xml.matches(&format!("<{tag}>")).count(),
                    xml.matches(&format!("</{tag}>")).count(),
                    "<{tag}> nesting"
                );
            }
            // Text between tags never holds a bare `<` or `&`: every `&` starts an entity.
            for (i, _) in xml.match_indices('&') {
                let rest = &xml[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].iter().any(|e| rest.starts_with(e)),
                    "bare & at {i}"
                );
            }
        }
        Err(e) => assert!(all.betalinger.is_empty() || matches!(e, pay::Pain001Error::Bic(_)), "{e}"),
    }
}
