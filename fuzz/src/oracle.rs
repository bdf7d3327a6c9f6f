//! An exact reference for amounts, written independently of the core: decimal text to øre by digit shuffling and
//! 128-bit integers, no floats.

/// The largest magnitude in øre the core accepts (10^13 kr).
pub const MAX_OERE: i128 = 1_000_000_000_000_000;

/// What the reference says a number of kroner is in øre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exact {
    /// A whole number of øre within range.
    Oere(i64),
    /// Not a whole number of øre.
    Fraction,
    /// Whole, but beyond [`MAX_OERE`].
    OutOfRange,
}

/// `sign × digits × 10^shift` øre.
fn exact(negative: bool, digits: &str, shift: i128) -> Exact {
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Exact::Oere(0);
    }
    let trimmed = digits.trim_end_matches('0');
    let shift = shift + (digits.len() - trimmed.len()) as i128;
    if shift < 0 {
        return Exact::Fraction;
    }
    if trimmed.len() as i128 + shift > 17 {
        return Exact::OutOfRange;
    }
    let mut v: i128 = trimmed.parse().expect("digits");
    for _ in 0..shift {
        v *= 10;
    }
    if v > MAX_OERE {
        return Exact::OutOfRange;
    }
    Exact::Oere(if negative { -(v as i64) } else { v as i64 })
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// A JSON number (RFC 8259 grammar, exactly) in kroner; `None` if `text` is not one. `scale` is 2 for kroner and 0
/// for øre (the canonical form).
pub fn json_number(text: &str, scale: i128) -> Option<Exact> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let int_ok = int == "0" || (!int.is_empty() && !int.starts_with('0') && all_digits(int));
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && all_digits(f));
    if !int_ok || !frac_ok {
        return None;
    }
    let exp: i128 = match exponent {
        None => 0,
        Some(e) => {
            let (neg, d) = match e.as_bytes().first() {
                Some(b'-') => (true, &e[1..]),
                Some(b'+') => (false, &e[1..]),
                _ => (false, e),
            };
            if d.is_empty() || !all_digits(d) {
                return None;
            }
            let d = d.trim_start_matches('0');
            // Beyond 30 digits the exponent's size alone decides (any nonzero digit makes it huge).
            let v: i128 = if d.len() > 30 { 10i128.pow(30) } else { d.parse().unwrap_or(0) };
            if neg {
                -v
            } else {
                v
            }
        }
    };
    let frac = frac.unwrap_or("");
    let digits = format!("{int}{frac}");
    Some(exact(negative, &digits, exp - frac.len() as i128 + scale))
}

/// A decimal string of kroner as [`kravkit::model::Amount::parse_kroner`] documents it: optional sign, digits,
/// optional `.` and decimals, surrounding whitespace ignored. `None` if `text` is not one.
pub fn decimal_kroner(text: &str) -> Option<Exact> {
    let t = text.trim();
    let (negative, rest) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    Some(exact(negative, &format!("{int}{frac}"), 2 - frac.len() as i128))
}
