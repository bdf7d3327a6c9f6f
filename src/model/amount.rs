//! Money as integer øre. Skatteetaten sends kroner as JSON numbers (`1000`, `10000.0`, `-62374.0`); they become
//! exact øre here, or a typed error. Never a float after parsing.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::number::{number_text, plain_decimal};

/// An amount of Norwegian kroner, held exactly as a whole number of øre (1 kr = 100 øre).
///
/// Parsed from a JSON number (integer or float) or a decimal string (`"1000.50"`), in kroner. Refuses what it
/// cannot hold exactly: NaN and infinities, more than two decimals (`10.005`), and more than
/// [`Amount::MAX_KRONER`] in either direction. Serializes as an integer number of øre.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(i64);

/// An amount that cannot be held exactly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AmountError {
    /// NaN or an infinity.
    #[error("amount {0} is not a finite number")]
    NotFinite(String),
    /// More than two decimals that are not zero (finer than one øre).
    #[error("amount {0} has more than two decimals; it cannot be held in whole øre")]
    TooPrecise(String),
    /// Beyond ±10^13 kr.
    #[error("amount {0} is beyond the supported range of ±10^13 kr")]
    OutOfRange(String),
    /// Not a decimal number at all.
    #[error("amount {0:?} is not a decimal number such as 1000 or -1000.50")]
    Invalid(String),
}

impl Amount {
    /// Zero kroner.
    pub const ZERO: Self = Self(0);
    /// The largest magnitude accepted, in kroner: 10^13 kr (far above any tax claim, far below 2^53 øre).
    pub const MAX_KRONER: i64 = 10_000_000_000_000;
    const MAX_OERE: i64 = Self::MAX_KRONER * 100;

    /// An amount of whole øre.
    pub fn from_oere(oere: i64) -> Result<Self, AmountError> {
        if oere.checked_abs().is_none_or(|a| a > Self::MAX_OERE) {
            return Err(AmountError::OutOfRange(format!("{oere} øre")));
        }
        Ok(Self(oere))
    }

    /// An amount of whole kroner.
    pub fn from_kroner(kroner: i64) -> Result<Self, AmountError> {
        kroner.checked_mul(100).ok_or_else(|| AmountError::OutOfRange(format!("{kroner} kr"))).and_then(Self::from_oere)
    }

    /// An amount of kroner given as a float, taken exactly at its shortest round-trip decimal form
    /// (`10000.0` is 1 000 000 øre, `0.1` is 10 øre, `10.005` is an error).
    ///
    /// No float formatting: `n = round(kroner × 100)` is the amount in øre exactly when the decimal `n / 100`
    /// reads back as the same float, which is when the shortest round-trip form has at most two decimals. (Both
    /// steps are exact below 2^53 øre.) This keeps the browser build free of `core`'s float-to-decimal code.
    pub fn from_kroner_f64(kroner: f64) -> Result<Self, AmountError> {
        if !kroner.is_finite() {
            return Err(AmountError::NotFinite(f64_text(kroner)));
        }
        if kroner.abs() > Self::MAX_KRONER as f64 {
            return Err(AmountError::OutOfRange(f64_text(kroner)));
        }
        let oere = (kroner * 100.0).round();
        if oere / 100.0 != kroner {
            return Err(AmountError::TooPrecise(f64_text(kroner)));
        }
        Self::from_oere(oere as i64) // |oere| <= MAX_OERE < 2^53: exact
    }

    /// Parses a decimal string of kroner: optional sign, digits, optional `.` and decimals (`"-1000.50"`,
    /// `"1000"`, `".5"`). Surrounding whitespace is ignored; decimals past the second must be zeros.
    pub fn parse_kroner(s: &str) -> Result<Self, AmountError> {
        let invalid = || AmountError::Invalid(s.to_owned());
        let t = s.trim();
        let (negative, digits) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
            return Err(invalid());
        }
        if frac.len() > 2 && frac[2..].bytes().any(|b| b != b'0') {
            return Err(AmountError::TooPrecise(t.to_owned()));
        }
        let int = int.trim_start_matches('0');
        if int.len() > 14 {
            return Err(AmountError::OutOfRange(t.to_owned()));
        }
        let kroner: i64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| invalid())? };
        let cents =
            frac.bytes().chain(std::iter::repeat(b'0')).take(2).fold(0, |acc, b| acc * 10 + i64::from(b - b'0'));
        let oere = kroner * 100 + cents;
        Self::from_oere(if negative { -oere } else { oere }).map_err(|_| AmountError::OutOfRange(t.to_owned()))
    }

    /// Parses a JSON number's text in kroner exactly (`10000.0`, `-62374`, `1.005e2`): every written digit
    /// counts, so `10.0000000000000001` is too precise and `10000000000000.001` out of range, where a float would
    /// have rounded both.
    pub fn parse_json_kroner(text: &str) -> Result<Self, AmountError> {
        if let Some(plain) = plain_decimal(text) {
            return Self::parse_kroner(&plain);
        }
        // An exponent too large to write out: beyond the range, or far below one øre (or an exact zero). Read
        // without a float parser, which the browser build does not otherwise carry.
        // The exponent is only looked at for its sign, so one of any length is read (`0e100000000050000000500`).
        let (mantissa, exponent) = text.split_once(['e', 'E']).unwrap_or((text, ""));
        let (negative_exponent, exponent) = match exponent.strip_prefix('-') {
            Some(e) => (true, e),
            None => (false, exponent.strip_prefix('+').unwrap_or(exponent)),
        };
        let has_exponent = !exponent.is_empty() && exponent.bytes().all(|b| b.is_ascii_digit());
        let positive_exponent = !negative_exponent && exponent.bytes().any(|b| b != b'0');
        let digits = mantissa.trim_start_matches('-');
        let is_number = has_exponent && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        if !is_number {
            Err(AmountError::Invalid(text.to_owned()))
        } else if !digits.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
            Ok(Self::ZERO)
        } else if positive_exponent {
            Err(AmountError::OutOfRange(text.to_owned()))
        } else {
            Err(AmountError::TooPrecise(text.to_owned()))
        }
    }

    /// The amount in øre.
    pub const fn oere(self) -> i64 {
        self.0
    }

    /// Whether the amount is below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Whether the amount is zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The absolute value.
    #[must_use]
    pub const fn abs(self) -> Self {
        Self(self.0.abs()) // cannot overflow: |value| <= MAX_OERE
    }

    /// The sum, if it stays within range.
    pub fn checked_add(self, other: Self) -> Option<Self> {
        self.0.checked_add(other.0).and_then(|o| Self::from_oere(o).ok())
    }

    /// The difference, if it stays within range.
    pub fn checked_sub(self, other: Self) -> Option<Self> {
        self.0.checked_sub(other.0).and_then(|o| Self::from_oere(o).ok())
    }

    /// The sum of many amounts, if every partial sum stays within range.
    pub fn checked_sum<'a>(amounts: impl IntoIterator<Item = &'a Self>) -> Option<Self> {
        amounts.into_iter().try_fold(Self::ZERO, |acc, a| acc.checked_add(*a))
    }
}

/// A float for an error message, without `core`'s float formatting (serde_json's shortest form, `NaN`, `inf`).
pub(crate) fn f64_text(v: f64) -> String {
    match serde_json::Number::from_f64(v) {
        Some(n) => n.to_string(),
        None if v.is_nan() => "NaN".to_owned(),
        None if v > 0.0 => "inf".to_owned(),
        None => "-inf".to_owned(),
    }
}

/// The exact decimal in kroner with two decimals and no grouping, e.g. `-1000.50`. Display formatting for people
/// (grouping, `kr`, locale) belongs to the presentation layer.
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if super::canonical::oere_mode() {
            d.deserialize_any(OereVisitor)
        } else {
            d.deserialize_any(KronerVisitor)
        }
    }
}

/// Reads Skatteetaten's kroner.
struct KronerVisitor;

impl<'de> Visitor<'de> for KronerVisitor {
    type Value = Amount;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount in kroner (a number, or a decimal string)")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
        Amount::from_kroner(v).map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
        let v = i64::try_from(v).map_err(|_| E::custom(AmountError::OutOfRange(format!("{v} kr"))))?;
        self.visit_i64(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
        Amount::from_kroner_f64(v).map_err(E::custom)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
        Amount::parse_kroner(v).map_err(E::custom)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Amount, A::Error> {
        let text = number_text(map, "an amount in kroner")?;
        Amount::parse_json_kroner(&text).map_err(de::Error::custom)
    }
}

/// Reads the canonical form: whole øre, as an integer (or an integral float or integer string, for JavaScript).
struct OereVisitor;

impl<'de> Visitor<'de> for OereVisitor {
    type Value = Amount;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount as a whole number of øre")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
        Amount::from_oere(v).map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
        let v = i64::try_from(v).map_err(|_| E::custom(AmountError::OutOfRange(format!("{v} øre"))))?;
        self.visit_i64(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
        if v.fract() != 0.0 || !v.is_finite() {
            return Err(E::custom(format!("amount {} is not a whole number of øre", f64_text(v))));
        }
        if v.abs() > Amount::MAX_OERE as f64 {
            return Err(E::custom(AmountError::OutOfRange(format!("{} øre", f64_text(v)))));
        }
        self.visit_i64(v as i64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
        let o: i64 = v.trim().parse().map_err(|_| E::custom(format!("amount {v:?} is not a whole number of øre")))?;
        self.visit_i64(o)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Amount, A::Error> {
        let text = number_text(map, "an amount as a whole number of øre")?;
        let Some(plain) = plain_decimal(&text) else {
            // An exponent too large to write out: zero (`0e67`), or far outside whole øre either way, in any unit.
            return Amount::parse_json_kroner(&text).map_err(de::Error::custom);
        };
        // A whole number written as a decimal (`100050.0`, `1.5e3`): its integer part, if the fraction is zeros.
        let whole = Some(plain).and_then(|p| {
            let (int, frac) = p.split_once('.').unwrap_or((&p, ""));
            frac.bytes().all(|b| b == b'0').then(|| int.parse::<i64>().ok()).flatten()
        });
        let o = whole.ok_or_else(|| de::Error::custom(format!("amount {text} is not a whole number of øre")))?;
        self.visit_i64(o)
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn kr(json: &str) -> Result<i64, String> {
        serde_json::from_str::<Amount>(json).map(Amount::oere).map_err(|e| e.to_string())
    }

    #[test]
    fn json_numbers_become_exact_oere() {
        assert_eq!(kr("10000.0"), Ok(1_000_000));
        assert_eq!(kr("1000"), Ok(100_000));
        assert_eq!(kr("-62374.0"), Ok(-6_237_400));
        assert_eq!(kr("0.1"), Ok(10));
        assert_eq!(kr("0.29"), Ok(29)); // 0.29 * 100 is 28.999999999999996 as a float product
        assert_eq!(kr("1.005e2"), Ok(10_050));
        assert_eq!(kr("-4764004.62"), Ok(-476_400_462));
        assert_eq!(kr("201119.99"), Ok(20_111_999));
        assert_eq!(kr("-0.0"), Ok(0));
        assert_eq!(kr("10.50"), Ok(1050));
        assert_eq!(kr("\"1000.50\""), Ok(100_050));
        assert_eq!(kr("\" -7.5 \""), Ok(-750));
        assert_eq!(kr("\"12.3400\""), Ok(1234));
    }

    #[test]
    fn inexact_or_invalid_amounts_are_typed_errors() {
        assert!(matches!(Amount::from_kroner_f64(10.005), Err(AmountError::TooPrecise(_))));
        assert!(matches!(Amount::from_kroner_f64(0.001), Err(AmountError::TooPrecise(_))));
        assert!(matches!(Amount::from_kroner_f64(f64::NAN), Err(AmountError::NotFinite(_))));
        assert!(matches!(Amount::from_kroner_f64(f64::INFINITY), Err(AmountError::NotFinite(_))));
        assert!(matches!(Amount::from_kroner_f64(1e-7), Err(AmountError::TooPrecise(_))));
        assert!(matches!(Amount::from_kroner_f64(0.125), Err(AmountError::TooPrecise(_))));
        assert_eq!(Amount::from_kroner_f64(-0.07).unwrap().oere(), -7);
        assert_eq!(Amount::from_kroner_f64(9_999_999_999_999.99).unwrap().oere(), 999_999_999_999_999);
        assert_eq!(Amount::from_kroner_f64(1234.56).unwrap().oere(), 123_456);
        assert_eq!(
            Amount::from_kroner_f64(10.005).unwrap_err().to_string(),
            "amount 10.005 has more than two decimals; it cannot be held in whole øre"
        );
        assert_eq!(Amount::from_kroner_f64(f64::NEG_INFINITY).unwrap_err(), AmountError::NotFinite("-inf".into()));
        assert!(matches!(Amount::parse_kroner("12.345"), Err(AmountError::TooPrecise(_))));
        for bad in ["", "-", ".", "1,5", "1e3", "abc", "1.2.3", "--1", "0x10"] {
            assert!(matches!(Amount::parse_kroner(bad), Err(AmountError::Invalid(_))), "{bad}");
        }
        let e = kr("10.005").unwrap_err();
        assert!(e.contains("more than two decimals"), "{e}");
        assert!(kr("true").is_err());
        assert!(kr("null").is_err());
    }

    #[test]
    fn limits_are_plus_minus_ten_to_the_thirteen_kroner() {
        let max = Amount::MAX_KRONER;
        assert_eq!(Amount::from_kroner(max).unwrap().oere(), max * 100);
        assert_eq!(Amount::from_kroner(-max).unwrap().oere(), -max * 100);
        assert!(matches!(Amount::from_kroner(max + 1), Err(AmountError::OutOfRange(_))));
        assert!(matches!(Amount::from_kroner(i64::MAX), Err(AmountError::OutOfRange(_))));
        assert!(matches!(Amount::from_oere(i64::MIN), Err(AmountError::OutOfRange(_))));
        assert_eq!(kr("10000000000000.00"), Ok(max * 100));
        assert!(kr("10000000000000.01").is_err());
        assert!(kr("1e14").is_err());
        assert!(kr("-1e300").is_err());
        assert!(kr("18446744073709551615").is_err());
        assert!(Amount::parse_kroner("000000000000000000000012.5").is_ok_and(|a| a.oere() == 1250));
        assert!(matches!(Amount::parse_kroner("99999999999999999999"), Err(AmountError::OutOfRange(_))));
    }

    #[test]
    fn every_written_digit_counts() {
        // A float would round these to 10 kr and 10^13 kr: the text is read instead.
        let e = kr("10.0000000000000001").unwrap_err();
        assert!(e.contains("more than two decimals"), "{e}");
        let e = kr("10000000000000.001").unwrap_err();
        assert!(e.contains("more than two decimals") || e.contains("beyond"), "{e}");
        assert!(kr("10000000000000.010").unwrap_err().contains("beyond"));
        assert_eq!(kr("12345678901234.5e-1"), Ok(123_456_789_012_345));
        assert_eq!(kr("0.10000000000000000000"), Ok(10));
        assert_eq!(kr("0e-999"), Ok(0));
        assert!(kr("1e-999").unwrap_err().contains("more than two decimals"));
        assert!(kr("-1e999").unwrap_err().contains("beyond"));
        assert_eq!(Amount::parse_json_kroner("2.5E1"), Ok(Amount::from_oere(2500).unwrap()));
        assert!(matches!(Amount::parse_json_kroner("x"), Err(AmountError::Invalid(_))));
        // The canonical form in øre: whole numbers, however written.
        let oere =
            |json: &str| crate::model::canonical::from_str::<Amount>(json).map(Amount::oere).map_err(|e| e.to_string());
        assert_eq!(oere("100050"), Ok(100_050));
        assert_eq!(oere("100050.0"), Ok(100_050));
        assert_eq!(oere("1.5e3"), Ok(1500));
        assert!(oere("100050.5").is_err());
        assert!(oere("100050.00000000000000001").is_err());
    }

    #[test]
    fn long_zero_runs_and_large_exponents_keep_their_value() {
        // Found by fuzz/fuzz_targets/amount.rs: a zero with an exponent too large to write out was refused in the
        // canonical form, and leading zeros counted against the bound on the written-out number.
        let oere =
            |json: &str| crate::model::canonical::from_str::<Amount>(json).map(Amount::oere).map_err(|e| e.to_string());
        assert_eq!(oere("0e67"), Ok(0));
        assert_eq!(oere("-0.0E+99"), Ok(0));
        assert!(oere("1e67").unwrap_err().contains("beyond"));
        let million = format!("0.{}1e64", "0".repeat(57));
        assert!(million.len() <= 64, "within the longest number text read");
        assert_eq!(kr(&million), Ok(100_000_000));
        assert_eq!(oere(&million), Ok(1_000_000));
        // An exponent past 2^63 was read as no number at all.
        assert_eq!(kr("0e100000000050000000500"), Ok(0));
        assert_eq!(oere("-0.0e-100000000050000000500"), Ok(0));
        assert!(kr("1e100000000050000000500").unwrap_err().contains("beyond"));
        assert!(kr("1e-100000000050000000500").unwrap_err().contains("more than two decimals"));
    }

    #[test]
    fn arithmetic_display_and_serialization() {
        let a = Amount::parse_kroner("1000.50").unwrap();
        let b = Amount::from_oere(-250).unwrap();
        assert_eq!(a.checked_add(b).unwrap().oere(), 99_800);
        assert_eq!(b.checked_sub(a).unwrap().to_string(), "-1003.00");
        assert_eq!(Amount::checked_sum(&[a, b, b]).unwrap().oere(), 99_550);
        let max = Amount::from_kroner(Amount::MAX_KRONER).unwrap();
        assert_eq!(max.checked_add(Amount::from_oere(1).unwrap()), None);
        assert_eq!(b.abs().oere(), 250);
        assert!(b.is_negative() && !b.is_zero() && Amount::ZERO.is_zero());
        assert_eq!(Amount::from_oere(-5).unwrap().to_string(), "-0.05");
        assert_eq!(serde_json::to_string(&a).unwrap(), "100050");
    }
}
