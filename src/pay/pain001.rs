//! A payment file for accounting systems: an ISO 20022 `pain.001.001.09` credit-transfer initiation (what Norwegian
//! banks take for file upload) with one transaction per payment, the KID as structured creditor reference (`SCOR`),
//! amounts exact in kroner with two decimals, and the debtor's account supplied by the caller. One payment
//! information block per execution date: each payment is booked on its due date, or on the file's earliest
//! execution date when that is later (an overdue claim is paid as soon as possible).

use std::collections::BTreeMap;
use std::fmt::Write;

use super::account::{valid_iban, valid_kontonummer};
use super::payments::Betaling;
use crate::ids::Organisasjonsnummer;
use crate::model::Amount;
use crate::time::{Date, UnixTime};

/// The namespace of the message.
pub const NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

/// Who pays: the debtor of every transaction in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debtor {
    /// The account holder's name (1 to 140 characters).
    pub name: String,
    /// The account to pay from: an 11-digit Norwegian account number or an IBAN.
    pub account: String,
    /// The BIC of the debtor's bank, if known.
    pub bic: Option<String>,
    /// The debtor's organisation number, sent as the initiating party's id.
    pub organisasjonsnummer: Option<Organisasjonsnummer>,
}

/// What the file needs besides the payments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentFile<'a> {
    /// The message id (1 to 35 characters), unique per file for the bank.
    pub message_id: &'a str,
    /// When the file is made (the caller's clock).
    pub created: UnixTime,
    /// The earliest day to pay on (usually today).
    pub earliest: Date,
    /// Who pays.
    pub debtor: &'a Debtor,
}

/// Why a payment file cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Pain001Error {
    /// Nothing to pay.
    #[error("no payments to put in the file")]
    NoPayments,
    /// The message id is empty or longer than 35 characters.
    #[error("the message id must be 1 to 35 characters")]
    MessageId,
    /// The debtor's name is empty or longer than 140 characters.
    #[error("the debtor's name must be 1 to 140 characters")]
    DebtorName,
    /// The debtor's account is neither a valid Norwegian account number nor a valid IBAN.
    #[error("the debtor's account is not a valid Norwegian account number or IBAN")]
    DebtorAccount,
    /// A BIC that is not 8 or 11 letters and digits.
    #[error("{0:?} is not a BIC")]
    Bic(String),
    /// A payment of zero or less.
    #[error("the payment with KID {0} is not a positive amount")]
    Amount(String),
    /// A payment whose KID or account is not usable (it did not come from [`super::betalinger`]).
    #[error("the payment with KID {0:?} has no usable KID or account")]
    Payment(String),
    /// The sum is beyond what the message can hold.
    #[error("the sum of the payments is out of range")]
    Sum,
}

fn bic_ok(bic: &str) -> bool {
    let b = bic.as_bytes();
    (b.len() == 8 || b.len() == 11)
        && b[..4].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && b[4..6].iter().all(u8::is_ascii_uppercase)
        && b[6..].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Text for an XML element: escaped, control characters dropped, at most `max` characters.
fn text(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in s.trim().chars().filter(|c| !c.is_control()).take(max) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `<Id>` of an account: a Norwegian number (`kontonummer`) as BBAN, else the IBAN.
fn account_id(kontonummer: Option<&str>, iban: impl FnOnce() -> String) -> String {
    match kontonummer {
        Some(n) => format!("<Id><Othr><Id>{n}</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr></Id>"),
        None => format!("<Id><IBAN>{}</IBAN></Id>", iban()),
    }
}

fn agent(bic: Option<&str>) -> String {
    match bic {
        Some(b) => format!("<FinInstnId><BICFI>{b}</BICFI></FinInstnId>"),
        None => "<FinInstnId/>".to_owned(),
    }
}

/// The day a payment is booked on: its due date, or `earliest` if that is later (or no due date is known).
pub fn execution_date(b: &Betaling, earliest: Date) -> Date {
    b.forfallsdato.filter(|d| *d > earliest).unwrap_or(earliest)
}

/// The `pain.001.001.09` document for `payments` (see the module's documentation), UTF-8.
pub fn pain001(payments: &[Betaling], file: &PaymentFile<'_>) -> Result<String, Pain001Error> {
    if payments.is_empty() {
        return Err(Pain001Error::NoPayments);
    }
    let id_len = file.message_id.chars().count();
    if id_len == 0 || id_len > 35 || file.message_id.trim() != file.message_id {
        return Err(Pain001Error::MessageId);
    }
    let debtor = file.debtor;
    let name_len = debtor.name.trim().chars().count();
    if name_len == 0 || name_len > 140 {
        return Err(Pain001Error::DebtorName);
    }
    let debtor_account: String = debtor.account.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
    let debtor_account = if valid_kontonummer(&debtor_account) {
        account_id(Some(&debtor_account), String::new)
    } else {
        let iban = valid_iban(&debtor.account).ok_or(Pain001Error::DebtorAccount)?;
        account_id(None, || iban)
    };
    for bic in debtor.bic.iter().chain(payments.iter().filter_map(|p| p.konto.bic.as_ref())) {
        if !bic_ok(bic) {
            return Err(Pain001Error::Bic(bic.clone()));
        }
    }
    for p in payments {
        if p.beloep <= Amount::ZERO {
            return Err(Pain001Error::Amount(p.kid.clone()));
        }
        let account_ok = match &p.konto.kontonummer {
            Some(n) => valid_kontonummer(n),
            None => valid_iban(&p.konto.iban).is_some(),
        };
        if !super::kid::valid_kid(&p.kid) || !account_ok {
            return Err(Pain001Error::Payment(p.kid.clone()));
        }
    }
    let sum = Amount::checked_sum(payments.iter().map(|p| &p.beloep)).ok_or(Pain001Error::Sum)?;
    let mut by_date: BTreeMap<Date, Vec<&Betaling>> = BTreeMap::new();
    for p in payments {
        by_date.entry(execution_date(p, file.earliest)).or_default().push(p);
    }

    let created = file.created.to_rfc3339();
    let name = text(&debtor.name, 140);
    let initiator_id = debtor.organisasjonsnummer.as_ref().map_or(String::new(), |o| {
        format!("<Id><OrgId><Othr><Id>{}</Id><SchmeNm><Cd>CUST</Cd></SchmeNm></Othr></OrgId></Id>", o.as_str())
    });
    let mut x = String::with_capacity(600 + payments.len() * 700);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(x, "<Document xmlns=\"{NAMESPACE}\">\n<CstmrCdtTrfInitn>\n");
    let _ = writeln!(
        x,
        "<GrpHdr><MsgId>{}</MsgId><CreDtTm>{created}</CreDtTm><NbOfTxs>{}</NbOfTxs><CtrlSum>{sum}</CtrlSum>\
         <InitgPty><Nm>{name}</Nm>{initiator_id}</InitgPty></GrpHdr>",
        text(file.message_id, 35),
        payments.len(),
    );
    for (n, (date, group)) in by_date.iter().enumerate() {
        let group_sum = Amount::checked_sum(group.iter().map(|p| &p.beloep)).ok_or(Pain001Error::Sum)?;
        let _ = writeln!(
            x,
            "<PmtInf><PmtInfId>{}</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>{}</NbOfTxs><CtrlSum>{group_sum}</CtrlSum>\
             <ReqdExctnDt><Dt>{date}</Dt></ReqdExctnDt><Dbtr><Nm>{name}</Nm></Dbtr><DbtrAcct>{debtor_account}</DbtrAcct>\
             <DbtrAgt>{}</DbtrAgt>",
            text(&format!("{}-{}", file.message_id.chars().take(30).collect::<String>(), n + 1), 35),
            group.len(),
            agent(debtor.bic.as_deref()),
        );
        for p in group {
            let creditor = text(p.konto.name.as_deref().unwrap_or("Skatteetaten"), 140);
            let creditor_agent =
                p.konto.bic.as_deref().map_or(String::new(), |b| format!("<CdtrAgt>{}</CdtrAgt>", agent(Some(b))));
            let _ = writeln!(
                x,
                "<CdtTrfTxInf><PmtId><EndToEndId>{kid}</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"NOK\">{amount}</InstdAmt></Amt>\
                 {creditor_agent}<Cdtr><Nm>{creditor}</Nm></Cdtr><CdtrAcct>{account}</CdtrAcct>\
                 <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>{kid}</Ref></CdtrRefInf></Strd></RmtInf>\
                 </CdtTrfTxInf>",
                kid = p.kid,
                amount = p.beloep,
                account = account_id(p.konto.kontonummer.as_deref(), || p.konto.iban.clone()),
            );
        }
        x.push_str("</PmtInf>\n");
    }
    x.push_str("</CstmrCdtTrfInitn>\n</Document>\n");
    Ok(x)
}
