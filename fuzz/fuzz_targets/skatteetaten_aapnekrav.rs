//! Skatteetaten's `aapnekrav` response: tolerant read (every documented version, amounts in kroner) and canonical read
//! (amounts in øre). Whatever reads round-trips canonically with integer amounts; the rest is a typed ParseError.
//! The payments of whatever reads keep the pay module's invariants, and their pain.001 file is well formed.
#![no_main]

use kravkit::model::AapneKrav;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kravkit_fuzz::check_response::<AapneKrav>(data);
    if let Ok(a) = kravkit::skatteetaten::parse_body::<AapneKrav>(200, data) {
        kravkit_fuzz::check_payments(&a);
    }
    if let Ok(a) = std::str::from_utf8(data)
        .map_err(drop)
        .and_then(|t| kravkit::model::canonical::from_str::<AapneKrav>(t).map_err(drop))
    {
        kravkit_fuzz::check_payments(&a);
    }
});
