//! Numbers, amounts and dates for people, in Norwegian (bokmål, nynorsk) or English, and for spreadsheets (CSV).

use crate::model::Amount;
use crate::time::Date;

use super::Lang;

/// A no-break space: between `kr` and the number, and between digit groups, so an amount never wraps.
const NBSP: char = '\u{a0}';
/// The minus sign (U+2212) Norwegian typography uses; screen readers read it as "minus".
const MINUS: char = '\u{2212}';

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `digits` with a separator between groups of three: `1234567` → `1 234 567`.
fn grouped(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len_utf8());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// An amount for people: `kr 1 234,50` in nb/nn (no-break spaces, U+2212 minus before `kr`), `NOK 1,234.50` in en.
///
/// ```
/// use kravkit::model::Amount;
/// use kravkit::present::{format_amount, Lang};
/// let a = Amount::from_oere(-123_450).unwrap();
/// assert_eq!(format_amount(a, Lang::Nb), "\u{2212}kr\u{a0}1\u{a0}234,50");
/// assert_eq!(format_amount(a, Lang::En), "-NOK\u{a0}1,234.50");
/// ```
pub fn format_amount(amount: Amount, lang: Lang) -> String {
    let oere = amount.oere().unsigned_abs();
    let (kroner, rest) = (oere / 100, oere % 100);
    let negative = amount.is_negative();
    match lang {
        Lang::Nb | Lang::Nn => {
            let sign = if negative { MINUS.to_string() } else { String::new() };
            format!("{sign}kr{NBSP}{},{rest:02}", grouped(kroner, NBSP))
        }
        Lang::En => {
            let sign = if negative { "-" } else { "" };
            format!("{sign}NOK{NBSP}{}.{rest:02}", grouped(kroner, ','))
        }
    }
}

/// An amount for a spreadsheet: no currency, no grouping, ASCII minus, the language's decimal mark
/// (`-1234,50` in nb/nn, `-1234.50` in en).
pub fn format_amount_csv(amount: Amount, lang: Lang) -> String {
    let s = amount.to_string(); // exact, `-1234.50`
    match lang {
        Lang::Nb | Lang::Nn => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A date for people: `21.02.2023` in nb/nn, `21 Feb 2023` in en.
pub fn format_date(date: Date, lang: Lang) -> String {
    match lang {
        Lang::Nb | Lang::Nn => format!("{:02}.{:02}.{:04}", date.day(), date.month(), date.year()),
        Lang::En => format!("{} {} {:04}", date.day(), MONTHS_EN[usize::from(date.month() - 1)], date.year()),
    }
}

/// A date for a spreadsheet: `21.02.2023` in nb/nn (what Norwegian spreadsheets read), ISO `2023-02-21` in en.
pub fn format_date_csv(date: Date, lang: Lang) -> String {
    match lang {
        Lang::Nb | Lang::Nn => format_date(date, lang),
        Lang::En => date.to_string(),
    }
}

/// A count: `5 000` in nb/nn (no-break space), `5,000` in en.
pub fn format_count(n: usize, lang: Lang) -> String {
    let n = n as u64;
    match lang {
        Lang::Nb | Lang::Nn => grouped(n, NBSP),
        Lang::En => grouped(n, ','),
    }
}

/// A Norwegian account number as people write it, `6345 06 24804`; anything not 11 digits is shown as given.
pub fn format_kontonummer(kontonummer: &str) -> String {
    if kontonummer.len() == 11 && kontonummer.bytes().all(|b| b.is_ascii_digit()) {
        format!("{} {} {}", &kontonummer[..4], &kontonummer[4..6], &kontonummer[6..])
    } else {
        kontonummer.to_owned()
    }
}

/// The party as a heading shows it: `Org.nr. 313 367 002`; a fødselsnummer is masked to its last five digits.
pub fn format_party(party: &str, lang: Lang) -> String {
    let digits = party.bytes().all(|b| b.is_ascii_digit());
    match (party.len(), digits) {
        (9, true) => {
            let label = if lang == Lang::En { "Org. no." } else { "Org.nr." };
            format!("{label} {} {} {}", &party[..3], &party[3..6], &party[6..])
        }
        (11, true) => {
            let label = if lang == Lang::En { "National ID" } else { "Fødselsnr." };
            format!("{label} {}", crate::ids::redact(party))
        }
        _ => party.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn kr(oere: i64, lang: Lang) -> String {
        format_amount(Amount::from_oere(oere).unwrap(), lang).replace(NBSP, " ")
    }

    #[test]
    fn amounts_for_people() {
        assert_eq!(kr(123_450, Lang::Nb), "kr 1 234,50");
        assert_eq!(kr(123_450, Lang::Nn), "kr 1 234,50");
        assert_eq!(kr(123_450, Lang::En), "NOK 1,234.50");
        assert_eq!(kr(0, Lang::Nb), "kr 0,00");
        assert_eq!(kr(5, Lang::Nb), "kr 0,05");
        assert_eq!(kr(-5, Lang::En), "-NOK 0.05");
        assert_eq!(kr(-2_040_000, Lang::Nb), "\u{2212}kr 20 400,00");
        assert_eq!(kr(100_000_000_000, Lang::Nb), "kr 1 000 000 000,00");
        assert_eq!(kr(99_999, Lang::En), "NOK 999.99");
        assert_eq!(kr(100_000, Lang::En), "NOK 1,000.00");
        let max = Amount::MAX_KRONER * 100;
        assert_eq!(kr(-max, Lang::En), "-NOK 10,000,000,000,000.00");
        assert!(format_amount(Amount::from_oere(123_450).unwrap(), Lang::Nb).contains('\u{a0}'), "never wraps");
    }

    #[test]
    fn amounts_for_spreadsheets() {
        let a = Amount::from_oere(-123_450).unwrap();
        assert_eq!(format_amount_csv(a, Lang::Nb), "-1234,50");
        assert_eq!(format_amount_csv(a, Lang::En), "-1234.50");
        assert_eq!(format_amount_csv(Amount::ZERO, Lang::Nn), "0,00");
    }

    #[test]
    fn dates_counts_accounts_parties() {
        let d = Date::parse("2023-02-21").unwrap();
        assert_eq!(format_date(d, Lang::Nb), "21.02.2023");
        assert_eq!(format_date(d, Lang::Nn), "21.02.2023");
        assert_eq!(format_date(d, Lang::En), "21 Feb 2023");
        assert_eq!(format_date(Date::parse("0999-12-01").unwrap(), Lang::En), "1 Dec 0999");
        assert_eq!(format_date_csv(d, Lang::Nb), "21.02.2023");
        assert_eq!(format_date_csv(d, Lang::En), "2023-02-21");
        assert_eq!(format_count(5000, Lang::Nb), "5\u{a0}000");
        assert_eq!(format_count(1_234_567, Lang::En), "1,234,567");
        assert_eq!(format_count(999, Lang::En), "999");
        assert_eq!(format_count(0, Lang::Nb), "0");
        assert_eq!(format_kontonummer("63450624804"), "6345 06 24804");
        assert_eq!(format_kontonummer("******43210"), "******43210");
        assert_eq!(format_party("313367002", Lang::Nb), "Org.nr. 313 367 002");
        assert_eq!(format_party("313367002", Lang::En), "Org. no. 313 367 002");
        assert_eq!(format_party("04827896468", Lang::Nn), "Fødselsnr. ******96468");
        assert_eq!(format_party("x", Lang::Nn), "x");
    }
}
