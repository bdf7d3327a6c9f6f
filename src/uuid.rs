//! UUIDs: version 4 from caller-drawn random bytes (the core draws none), and the hyphenated text form.

use std::fmt;

/// Where the text form has its hyphens.
const HYPHENS: [usize; 4] = [8, 13, 18, 23];

/// A version 4 UUID (RFC 9562) from 16 random bytes: the version and variant bits are overwritten, leaving 122
/// random bits.
pub(crate) fn v4(mut random: [u8; 16]) -> [u8; 16] {
    random[6] = (random[6] & 0x0f) | 0x40;
    random[8] = (random[8] & 0x3f) | 0x80;
    random
}

/// Parses the hyphenated form (`8-4-4-4-12` hex digits), either case.
pub(crate) fn parse(s: &str) -> Option<[u8; 16]> {
    let b = s.as_bytes();
    if b.len() != 36 || HYPHENS.iter().any(|&i| b[i] != b'-') {
        return None;
    }
    let mut digits =
        b.iter().enumerate().filter(|(i, _)| !HYPHENS.contains(i)).map(|(_, &c)| char::from(c).to_digit(16));
    let mut out = [0u8; 16];
    for byte in &mut out {
        *byte = (digits.next()?? * 16 + digits.next()??) as u8;
    }
    Some(out)
}

/// Shows 16 bytes as a lowercase hyphenated UUID.
pub(crate) struct Hyphenated<'a>(pub(crate) &'a [u8; 16]);

impl fmt::Display for Hyphenated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn v4_sets_version_and_variant() {
        assert_eq!(Hyphenated(&v4([0xff; 16])).to_string(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(Hyphenated(&v4([0; 16])).to_string(), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn uuid_shape() {
        let s = "77ed8698-e619-4066-9eb4-5c1eb3f165a1";
        assert_eq!(Hyphenated(&parse(s).unwrap()).to_string(), s);
        assert_eq!(parse("0A7D59F8-8C62-4312-9FB4-62456664C96F"), parse("0a7d59f8-8c62-4312-9fb4-62456664c96f"));
        for bad in [
            "77ed8698e619-4066-9eb4-5c1eb3f165a1-",
            "77ed8698-e619-4066-9eb4-5c1eb3f165a",
            "g7ed8698-e619-4066-9eb4-5c1eb3f165a1",
            "-7ed8698-e619-4066-9eb4-5c1eb3f165-1",
            "+7ed8698-e619-4066-9eb4-5c1eb3f165a1",
            "77ed8698-e619-4066-9eb4-5c1eb3f165é",
            "",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
