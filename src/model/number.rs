//! The exact text of JSON numbers. The core reads JSON with serde_json's `arbitrary_precision`, which hands a
//! number that is not a plain integer (`10000.0`, `1.005e2`, `10.0000000000000001`) to `deserialize_any`
//! visitors as a one-entry map: [`NUMBER_TOKEN`] → the number exactly as written. Amounts are taken from that text,
//! so no digit is lost to a float on the way (a float rounds `10.0000000000000001` to `10`).

use serde::de::{self, MapAccess};

/// The key of the one-entry map serde_json uses for a number's text.
pub(crate) const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// The longest number text read; anything longer is refused rather than scanned.
const MAX_TEXT: usize = 64;

/// If `map` is a number in serde_json's map form, its text; an error for a map of anything else (`what` names
/// what was expected). The first key is read; the caller must not have read any.
pub(crate) fn number_text<'de, A: MapAccess<'de>>(mut map: A, what: &str) -> Result<String, A::Error> {
    match map.next_key::<String>()? {
        Some(key) if key == NUMBER_TOKEN => {
            let text: String = map.next_value()?;
            if text.len() > MAX_TEXT {
                return Err(de::Error::custom(format!("a number of {} characters is not {what}", text.len())));
            }
            Ok(text)
        }
        _ => Err(de::Error::invalid_type(de::Unexpected::Map, &what)),
    }
}

/// A JSON number's text as a plain decimal, without an exponent: `1.005e2` → `100.5`, `-2E-3` → `-0.002`.
/// None when it is not a JSON number, or when the exponent would make a longer text than [`MAX_TEXT`] digits.
pub(crate) fn plain_decimal(text: &str) -> Option<String> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i32>().ok()?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut digits = format!("{int}{frac}");
    // The position of the decimal point within `digits`, after the exponent moves it.
    let mut point = i32::try_from(int.len()).ok()?.checked_add(exponent)?;
    // Leading zeros carry no value: drop them and move the point, so that the bound below counts from the first
    // significant digit (`0.000…01e64` with 57 zeros is a million). A zero keeps its form.
    let significant = digits.trim_start_matches('0');
    if !significant.is_empty() && significant.len() < digits.len() {
        point = point.checked_sub(i32::try_from(digits.len() - significant.len()).ok()?)?;
        digits = significant.to_owned();
    }
    if point.unsigned_abs() as usize > MAX_TEXT {
        return None;
    }
    let (int, frac) = if point <= 0 {
        ("0".to_owned(), format!("{}{digits}", "0".repeat(point.unsigned_abs() as usize)))
    } else if point as usize >= digits.len() {
        (format!("{digits}{}", "0".repeat(point as usize - digits.len())), String::new())
    } else {
        (digits[..point as usize].to_owned(), digits[point as usize..].to_owned())
    };
    let sign = if negative { "-" } else { "" };
    Some(if frac.is_empty() { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::plain_decimal;

    #[test]
    fn exponents_move_the_point() {
        for (text, plain) in [
            ("10000.0", "10000.0"),
            ("1.005e2", "100.5"),
            ("1.005E+2", "100.5"),
            ("-2E-3", "-0.002"),
            ("5e0", "5"),
            ("12e3", "12000"),
            ("0.5e-1", "0.05"),
            ("-0.0", "-0.0"),
            ("0.5e2", "50"),
            // 57 zeros after the point: 64 places to the right is a million, within the bound.
            (&format!("0.{}1e64", "0".repeat(57)), "1000000"),
        ] {
            assert_eq!(plain_decimal(text).as_deref(), Some(plain), "{text}");
        }
        for bad in ["", "e5", "1.2.3", "1e", "1e99999999999", "1e-400", "1e300", ".5", "1x"] {
            assert_eq!(plain_decimal(bad), None, "{bad}");
        }
    }
}
