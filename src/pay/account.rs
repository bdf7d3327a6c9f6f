//! The account a payment goes to: a Norwegian account number (11 digits, MOD11) and its IBAN (`NO` + 2 check
//! digits + the 11 digits, ISO 7064 MOD 97-10), each checked, the one derived from the other where only one is
//! given. A masked, malformed or contradictory account is refused: a payment is never prefilled with an account
//! that cannot be right.

use serde::{Deserialize, Serialize};

use crate::model::Konto;

/// Why an account cannot be paid to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AccountError {
    /// Neither an account number nor an IBAN.
    #[error("no account number or IBAN")]
    Missing,
    /// Masked (`******43210`, `627xxxxxx`): shown for reference only.
    #[error("the account number is masked")]
    Masked,
    /// Not 11 digits, or the MOD11 check digit does not match.
    #[error("the account number is not a valid Norwegian account number")]
    InvalidKontonummer,
    /// Not an IBAN, or its check digits do not match.
    #[error("the IBAN is not valid")]
    InvalidIban,
    /// The account number and the IBAN name different accounts.
    #[error("the account number and the IBAN disagree")]
    Mismatch,
}

/// A checked creditor account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreditorAccount {
    /// The Norwegian account number, 11 digits; `None` for a foreign IBAN.
    pub kontonummer: Option<String>,
    /// The IBAN in electronic form (no spaces, upper case).
    pub iban: String,
    /// The BIC, as given.
    pub bic: Option<String>,
    /// The account holder's name, as given (`navn` in JSON).
    #[serde(rename = "navn")]
    pub name: Option<String>,
}

const KONTO_WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/// Whether `s` is an 11-digit Norwegian account number whose last digit is its MOD11 check digit.
pub fn valid_kontonummer(s: &str) -> bool {
    let d = s.as_bytes();
    if d.len() != 11 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = d[..10].iter().zip(KONTO_WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    match 11 - sum % 11 {
        11 => d[10] == b'0',
        10 => false,
        c => u32::from(d[10] - b'0') == c,
    }
}

/// `value mod 97` of an IBAN rearranged (country and check digits moved to the end, letters as 10..35).
fn mod97(rearranged: &str) -> Option<u32> {
    let mut r = 0u32;
    for c in rearranged.chars() {
        let v = c.to_digit(36)?;
        r = if v < 10 { (r * 10 + v) % 97 } else { (r * 100 + v) % 97 };
    }
    Some(r)
}

/// The IBAN in electronic form if it is one (2 letters, 2 digits, 11–30 alphanumerics, check digits right), with
/// the spaces of its paper form removed.
pub fn valid_iban(s: &str) -> Option<String> {
    let iban: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let b = iban.as_bytes();
    let shape = (15..=34).contains(&b.len())
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_alphanumeric);
    if !shape {
        return None;
    }
    if iban.starts_with("NO") && (b.len() != 15 || !valid_kontonummer(&iban[4..])) {
        return None;
    }
    let rearranged = format!("{}{}", &iban[4..], &iban[..4]);
    (mod97(&rearranged) == Some(1)).then_some(iban)
}

/// The Norwegian IBAN of a valid account number.
pub fn iban_of(kontonummer: &str) -> String {
    // Check digits: 98 - (BBAN + "NO00" as digits) mod 97.
    let r = mod97(&format!("{kontonummer}NO00")).unwrap_or(0);
    format!("NO{:02}{kontonummer}", 98 - r)
}

fn masked(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '*' | 'x' | 'X'))
}

impl CreditorAccount {
    /// Checks an account as Skatteetaten gives it.
    pub fn from_konto(konto: &Konto) -> Result<Self, AccountError> {
        let number = konto.kontonummer.as_ref().map(|k| k.as_str().trim()).filter(|k| !k.is_empty());
        let iban = konto.iban.as_deref().map(str::trim).filter(|i| !i.is_empty());
        let number = match number {
            Some(n) if masked(n) => return Err(AccountError::Masked),
            Some(n) => {
                let digits: String = n.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
                if !valid_kontonummer(&digits) {
                    return Err(AccountError::InvalidKontonummer);
                }
                Some(digits)
            }
            None => None,
        };
        let iban = match iban {
            Some(i) if masked(i) => return Err(AccountError::Masked),
            Some(i) => Some(valid_iban(i).ok_or(AccountError::InvalidIban)?),
            None => None,
        };
        let (kontonummer, iban) = match (number, iban) {
            (None, None) => return Err(AccountError::Missing),
            (Some(n), None) => {
                let iban = iban_of(&n);
                (Some(n), iban)
            }
            (number, Some(iban)) => {
                let norwegian = iban.strip_prefix("NO").map(|rest| rest[2..].to_owned());
                match (&number, &norwegian) {
                    (Some(n), Some(from_iban)) if n != from_iban => return Err(AccountError::Mismatch),
                    (Some(_), None) => return Err(AccountError::Mismatch),
                    _ => {}
                }
                (number.or(norwegian), iban)
            }
        };
        let bic = konto.swift_bic.as_deref().map(str::trim).filter(|b| !b.is_empty()).map(str::to_owned);
        let name = konto.kontoeiers_navn.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
        Ok(Self { kontonummer, iban, bic, name })
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::model::Kontonummer;

    fn konto(number: Option<&str>, iban: Option<&str>) -> Konto {
        Konto { kontonummer: number.map(Kontonummer::new), iban: iban.map(str::to_owned), ..Default::default() }
    }

    #[test]
    fn the_documented_accounts_check_and_agree_with_their_iban() {
        // Skatteetaten's examples (fixtures 2024-04-24, aapnekrav; the konto unit test's account).
        for (number, iban) in [("63450624804", "NO42 6345 06 24804"), ("76940524802", "NO42 7694 0524 802")] {
            assert!(valid_kontonummer(number), "{number}");
            assert_eq!(iban_of(number), iban.replace(' ', ""));
            let a = CreditorAccount::from_konto(&konto(Some(number), Some(iban))).unwrap();
            assert_eq!((a.kontonummer.as_deref(), a.iban.as_str()), (Some(number), iban.replace(' ', "").as_str()));
        }
    }

    #[test]
    fn one_is_derived_from_the_other() {
        let a = CreditorAccount::from_konto(&konto(Some("6345.06.24804"), None)).unwrap();
        assert_eq!(a.iban, "NO4263450624804");
        let b = CreditorAccount::from_konto(&konto(None, Some("no42 6345 0624 804"))).unwrap();
        assert_eq!(b.kontonummer.as_deref(), Some("63450624804"));
        let foreign = CreditorAccount::from_konto(&konto(None, Some("DE89 3704 0044 0532 0130 00"))).unwrap();
        assert_eq!((foreign.kontonummer, foreign.iban.as_str()), (None, "DE89370400440532013000"));
    }

    #[test]
    fn masked_wrong_and_contradictory_accounts_are_refused() {
        let cases = [
            (konto(Some("******43210"), None), AccountError::Masked),
            (konto(Some("627xxxxxx"), None), AccountError::Masked),
            (konto(None, Some("NO42 **** ** 24804")), AccountError::Masked),
            (konto(None, None), AccountError::Missing),
            (konto(Some("  "), Some("")), AccountError::Missing),
            (konto(Some("98766543210"), None), AccountError::InvalidKontonummer),
            (konto(Some("6345062480"), None), AccountError::InvalidKontonummer),
            (konto(None, Some("NO43 6345 06 24804")), AccountError::InvalidIban),
            (konto(None, Some("NO42 6345 06 2480")), AccountError::InvalidIban),
            (konto(Some("76940524802"), Some("NO42 6345 06 24804")), AccountError::Mismatch),
            (konto(Some("76940524802"), Some("DE89 3704 0044 0532 0130 00")), AccountError::Mismatch),
        ];
        for (k, want) in cases {
            assert_eq!(CreditorAccount::from_konto(&k), Err(want), "{k:?}");
        }
    }

    #[test]
    fn every_check_digit_is_caught() {
        // Changing any one digit of a valid number or IBAN is always detected.
        let good = "63450624804";
        for i in 0..11 {
            for d in b'0'..=b'9' {
                let mut s = good.as_bytes().to_vec();
                if s[i] == d {
                    continue;
                }
                s[i] = d;
                let s = String::from_utf8(s).unwrap();
                assert!(valid_iban(&format!("NO42{s}")).is_none(), "{s}");
            }
        }
    }
}
