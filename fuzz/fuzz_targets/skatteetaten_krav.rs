//! Skatteetaten's `krav` response: tolerant read (every documented version, amounts in kroner) and canonical read
//! (amounts in øre). Whatever reads round-trips canonically with integer amounts; the rest is a typed ParseError.
#![no_main]

use kravkit::model::Kravliste;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kravkit_fuzz::check_response::<Kravliste>(data));
