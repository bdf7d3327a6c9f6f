//! The payment file's content and refusals. Validation against the official XSD is in `tests/pain001_xsd.rs`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::tests::{party, today};
use super::*;
use crate::ids::Organisasjonsnummer;
use crate::present::Lang;
use crate::time::{Date, UnixTime};

fn debtor() -> Debtor {
    Debtor {
        name: "Ærlig & Øvrebø <AS>".into(),
        account: "1503.44.45556".into(),
        bic: Some("DNBANOKK".into()),
        organisasjonsnummer: Some(Organisasjonsnummer::parse("313367002").unwrap()),
    }
}

fn file(d: &Debtor) -> PaymentFile<'_> {
    PaymentFile {
        message_id: "KK-20240301-1",
        created: UnixTime::from_secs(1_709_287_200),
        earliest: today(),
        debtor: d,
    }
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn one_transaction_per_payment_grouped_by_execution_date() {
    let all = betalinger(&party(), &Selection::All, today(), Lang::Nb);
    let d = debtor();
    let xml = pain001(&all.betalinger, &file(&d)).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\">"));
    assert_eq!(count(&xml, "<CdtTrfTxInf>"), all.betalinger.len());
    assert!(xml.contains(&format!(
        "<NbOfTxs>{}</NbOfTxs><CtrlSum>{}</CtrlSum>",
        all.betalinger.len(),
        all.sum.unwrap()
    )));
    // Overdue and undated payments on the earliest day; A2 (2024-04-01) and G1 (2024-05-01) on their due dates.
    let dates: Vec<Date> = all.betalinger.iter().map(|b| execution_date(b, today())).collect();
    let mut distinct = dates.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["2024-03-01", "2024-04-01", "2024-05-01"]
    );
    assert_eq!(count(&xml, "<PmtInf>"), 3);
    assert!(xml.contains("<PmtInfId>KK-20240301-1-1</PmtInfId>"));
    assert!(xml.contains("<CreDtTm>2024-03-01T10:00:00Z</CreDtTm>"));
    // Exact amounts in kroner, the KID as SCOR reference and as end-to-end id, accounts as BBAN.
    let a1 = &all.betalinger[0];
    assert!(xml.contains(&format!(
        "<EndToEndId>{kid}</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"NOK\">500.00</InstdAmt></Amt>",
        kid = a1.kid
    )));
    assert!(xml.contains(&format!("<Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>{}</Ref>", a1.kid)));
    assert!(xml.contains("<InstdAmt Ccy=\"NOK\">123.45</InstdAmt>"), "G: 12,345 øre");
    assert!(
        xml.contains("<CdtrAcct><Id><Othr><Id>63450624804</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr></Id></CdtrAcct>")
    );
    assert!(xml.contains("<DbtrAcct><Id><Othr><Id>15034445556</Id>"));
    assert!(xml.contains("<DbtrAgt><FinInstnId><BICFI>DNBANOKK</BICFI></FinInstnId></DbtrAgt>"));
    assert!(xml.contains(
        "<CdtrAgt><FinInstnId><BICFI>NDEANOKK</BICFI></FinInstnId></CdtrAgt><Cdtr><Nm>Skatteetaten</Nm></Cdtr>"
    ));
    // Norwegian letters as they are, markup escaped; the organisation number as the initiating party's id.
    assert!(xml.contains("<Nm>Ærlig &amp; Øvrebø &lt;AS&gt;</Nm><Id><OrgId><Othr><Id>313367002</Id>"));
}

#[test]
fn an_iban_debtor_and_one_without_bic() {
    let due = betalinger(&party(), &Selection::Overdue, today(), Lang::Nb);
    let d = Debtor { account: "NO93 8601 1117 947".into(), bic: None, organisasjonsnummer: None, ..debtor() };
    let xml = pain001(&due.betalinger, &file(&d)).unwrap();
    assert!(xml.contains("<DbtrAcct><Id><IBAN>NO9386011117947</IBAN></Id></DbtrAcct><DbtrAgt><FinInstnId/></DbtrAgt>"));
    assert!(xml.contains("<InitgPty><Nm>Ærlig &amp; Øvrebø &lt;AS&gt;</Nm></InitgPty>"));
    assert_eq!(count(&xml, "<PmtInf>"), 1, "everything overdue goes on the earliest day");
}

#[test]
fn what_cannot_be_a_valid_file_is_refused() {
    let all = betalinger(&party(), &Selection::All, today(), Lang::Nb).betalinger;
    let d = debtor();
    let with = |f: PaymentFile| pain001(&all, &f);
    assert_eq!(pain001(&[], &file(&d)), Err(Pain001Error::NoPayments));
    assert_eq!(with(PaymentFile { message_id: "", ..file(&d) }), Err(Pain001Error::MessageId));
    assert_eq!(with(PaymentFile { message_id: &"x".repeat(36), ..file(&d) }), Err(Pain001Error::MessageId));
    for account in ["******45556", "15034445557", "NO93 8601 1117 948", ""] {
        let bad = Debtor { account: account.into(), ..debtor() };
        assert_eq!(with(file(&bad)), Err(Pain001Error::DebtorAccount), "{account}");
    }
    let nameless = Debtor { name: "  ".into(), ..debtor() };
    assert_eq!(with(file(&nameless)), Err(Pain001Error::DebtorName));
    let bad_bic = Debtor { bic: Some("DNB".into()), ..debtor() };
    assert_eq!(with(file(&bad_bic)), Err(Pain001Error::Bic("DNB".into())));
    let mut zero = all.clone();
    zero[0].beloep = crate::model::Amount::ZERO;
    assert_eq!(pain001(&zero, &file(&d)), Err(Pain001Error::Amount(zero[0].kid.clone())));
    let mut forged = all.clone();
    forged[1].kid.push('1');
    assert_eq!(pain001(&forged, &file(&d)), Err(Pain001Error::Payment(forged[1].kid.clone())));
}
