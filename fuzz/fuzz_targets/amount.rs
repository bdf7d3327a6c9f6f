//! Amounts: every way the core reads kroner (decimal strings, JSON number text, floats, JSON in both the tolerant
//! and the canonical form) agrees with an independent exact reference: whole øre, exactly, or a typed error.
#![no_main]

use kravkit::model::{canonical, Amount};
use kravkit_fuzz::oracle::{decimal_kroner, json_number, Exact};
use libfuzzer_sys::fuzz_target;

/// The longest number text the JSON readers take (the core's `MAX_TEXT`).
const MAX_TEXT: usize = 64;

fn agree(what: &str, text: &str, got: Result<Amount, impl std::fmt::Debug>, want: Exact) {
    match (got, want) {
        (Ok(a), Exact::Oere(o)) => assert_eq!(a.oere(), o, "{what} {text:?}"),
        (Err(_), Exact::Fraction | Exact::OutOfRange) => {}
        (got, want) => panic!("{what} {text:?}: core {got:?}, reference {want:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(want) = decimal_kroner(text) {
        agree("parse_kroner", text, Amount::parse_kroner(text), want);
    } else {
        assert!(Amount::parse_kroner(text).is_err(), "parse_kroner took {text:?}");
    }
    if let Some(want) = json_number(text, 2) {
        let got = Amount::parse_json_kroner(text);
        // serde_json keeps the text with a sign on the exponent (`1e5` is `1e+5`): one character more.
        if text.len() < MAX_TEXT {
            agree("parse_json_kroner", text, got, want);
            agree("tolerant JSON", text, serde_json::from_str::<Amount>(text), want);
            let oere = json_number(text, 0).expect("same grammar");
            agree("canonical JSON", text, canonical::from_str::<Amount>(text), oere);
        } else if let Ok(a) = got {
            assert_eq!(Exact::Oere(a.oere()), want, "parse_json_kroner {text:?}");
        }
    }
    if let Ok(f) = text.trim().parse::<f64>() {
        match Amount::from_kroner_f64(f) {
            Ok(a) => assert_eq!(a.oere() as f64 / 100.0, f, "from_kroner_f64 {f}"),
            Err(_) if !f.is_finite() => {}
            Err(e) => {
                // Refused: then the float's shortest decimal form is not whole øre within range.
                let shortest = format!("{f}");
                let want = decimal_kroner(&shortest).expect("Rust prints plain decimals");
                assert!(!matches!(want, Exact::Oere(_)), "from_kroner_f64 {f} refused ({e:?}), reference {want:?}");
            }
        }
    }
    // A JSON string of kroner reads like parse_kroner in the tolerant form.
    if let Ok(Some(want)) = serde_json::from_slice::<String>(data).map(|s| decimal_kroner(&s)) {
        agree("tolerant JSON string", text, serde_json::from_str::<Amount>(text), want);
    }
});
