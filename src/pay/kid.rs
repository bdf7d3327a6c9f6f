//! The KID (kundeidentifikasjon) a payment to Skatteetaten must carry: 2 to 25 digits whose last is a check digit by
//! MOD10 (Luhn) or MOD11 (weights 2..7 from the right; `-` when the check is 10), as Norwegian banks check it.

/// The shortest KID.
const MIN_LEN: usize = 2;
/// The longest KID.
const MAX_LEN: usize = 25;

/// The MOD10 (Luhn) check digit of `body` (ASCII digits).
fn mod10_check(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            d / 10 + d % 10
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// `body` (1 to 24 digits) with its MOD10 check digit appended: a KID as Skatteetaten and most creditors make
/// them. `None` for anything else.
pub fn kid_mod10(body: &str) -> Option<String> {
    let ok = (1..MAX_LEN).contains(&body.len()) && body.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| format!("{body}{}", mod10_check(body.as_bytes())))
}

fn mod11_ok(body: &[u8], check: u8) -> bool {
    let sum: u32 = body.iter().rev().enumerate().map(|(i, b)| u32::from(b - b'0') * (2 + (i as u32 % 6))).sum();
    match 11 - sum % 11 {
        11 => check == b'0',
        10 => check == b'-',
        c => check.is_ascii_digit() && u32::from(check - b'0') == c,
    }
}

/// Whether `kid` is a KID a bank accepts (see the module's documentation). No spaces are allowed.
pub fn valid_kid(kid: &str) -> bool {
    let b = kid.as_bytes();
    if !(MIN_LEN..=MAX_LEN).contains(&b.len()) {
        return false;
    }
    let (body, check) = (&b[..b.len() - 1], b[b.len() - 1]);
    if !body.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if check == b'-' {
        return mod11_ok(body, check);
    }
    check.is_ascii_digit() && (mod10_check(body) == check - b'0' || mod11_ok(body, check))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn kids_with_a_right_check_digit_pass() {
        // "7900011880501220017", the KID of the konto unit test, checks by MOD11; 1234567897 is the textbook MOD10
        // example.
        for kid in ["7900011880501220017", "1234567897", "00"] {
            assert!(valid_kid(kid), "{kid}");
        }
        // A MOD11 KID and one whose check is `-`, built from the rule.
        let mut found_dash = false;
        for n in 1000u32..1100 {
            let body = n.to_string();
            let sum: u32 =
                body.bytes().rev().enumerate().map(|(i, b)| u32::from(b - b'0') * (2 + (i as u32 % 6))).sum();
            let check = match 11 - sum % 11 {
                11 => '0',
                10 => {
                    found_dash = true;
                    '-'
                }
                c => char::from_digit(c, 10).unwrap(),
            };
            assert!(valid_kid(&format!("{body}{check}")), "{body}{check}");
        }
        assert!(found_dash);
    }

    #[test]
    fn a_kid_is_made_with_its_mod10_check_digit() {
        assert_eq!(kid_mod10("123456789").as_deref(), Some("1234567897"));
        for n in 0u64..2000 {
            assert!(valid_kid(&kid_mod10(&format!("{n:014}")).unwrap()));
        }
        for bad in ["", "12a", &"1".repeat(25)] {
            assert_eq!(kid_mod10(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn wrong_or_malformed_kids_fail() {
        for kid in ["", "7", "7900011880501220018", "12345 67897", "1234567897x", "-", "12-4", "1".repeat(26).as_str()]
        {
            assert!(!valid_kid(kid), "{kid:?}");
        }
    }
}
