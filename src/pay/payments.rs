//! The payments that settle open claims: one per instalment with something left, a valid KID and an account to
//! pay to, for a netbank to prefill its own payment form from (kravkit never moves money).

use serde::{Deserialize, Serialize};

use super::account::{AccountError, CreditorAccount};
use super::kid::valid_kid;
use crate::model::{AapneKrav, Amount, Krav, Kravforfall, KravforfallsIdentifikator, Kravidentifikator, PartId};
use crate::present::{krav_title, periode_text, Lang};
use crate::time::Date;

/// Which open instalments to pay.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "ids")]
pub enum Selection {
    /// Every payable instalment.
    #[default]
    All,
    /// The instalments whose due date is before today.
    Overdue,
    /// The instalments of these claims (`kravidentifikator`: all its open instalments) or these instalments
    /// (`kravforfallsIdentifikator`).
    Ids(Vec<String>),
}

/// One payment to prefill (read back, e.g. from a page's `kravkit-pay` event, for [`super::pain001`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Betaling {
    /// The claim it pays.
    pub kravidentifikator: Kravidentifikator,
    /// The instalment it pays, where Skatteetaten names it.
    pub kravforfalls_identifikator: Option<KravforfallsIdentifikator>,
    /// Whose claim it is (the party asked for, or an ENK owner).
    pub part: Option<PartId>,
    /// The payment's KID (checked).
    pub kid: String,
    /// What is left of the instalment in øre, never more than what is left of the claim.
    pub beloep: Amount,
    /// The instalment's due date.
    pub forfallsdato: Option<Date>,
    /// Whether the due date is before today.
    pub forfalt: bool,
    /// The account to pay to (checked).
    pub konto: CreditorAccount,
    /// What the payment is for, e.g. "Restskatt 2023".
    pub beskrivelse: String,
}

/// Why an open instalment in the selection has no payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// No KID is given.
    NoKid,
    /// The KID fails its check digit.
    InvalidKid,
    /// No account is given.
    NoAccount,
    /// The account is masked.
    MaskedAccount,
    /// The account fails its checks, or its number and IBAN disagree.
    InvalidAccount,
    /// An id in the selection names no open claim or instalment.
    NotFound,
}

impl From<AccountError> for SkipReason {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::Missing => Self::NoAccount,
            AccountError::Masked => Self::MaskedAccount,
            _ => Self::InvalidAccount,
        }
    }
}

/// An open instalment (or a selected id) left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    /// The claim, or the id asked for when nothing matched it.
    pub kravidentifikator: Kravidentifikator,
    /// The instalment.
    pub kravforfalls_identifikator: Option<KravforfallsIdentifikator>,
    /// Why.
    pub reason: SkipReason,
}

/// The payments of a selection, their sum, and what was left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Betalinger {
    /// In due-date order (undated last), then by claim.
    pub betalinger: Vec<Betaling>,
    /// Their sum in øre; `None` only beyond ±10^13 kr.
    pub sum: Option<Amount>,
    /// Open instalments in the selection that cannot be paid from here.
    pub skipped: Vec<Skipped>,
}

/// Why an instalment cannot be paid from here, or its checked KID and account.
fn payment_details(f: &Kravforfall) -> Result<(String, CreditorAccount), SkipReason> {
    let info = f.betalingsinformasjon.as_ref().ok_or(SkipReason::NoKid)?;
    let kid = info.kidnummer.as_ref().map(|k| k.as_str().trim()).filter(|k| !k.is_empty()).ok_or(SkipReason::NoKid)?;
    if !valid_kid(kid) {
        return Err(SkipReason::InvalidKid);
    }
    let konto = info.konto.as_ref().ok_or(SkipReason::NoAccount)?;
    Ok((kid.to_owned(), CreditorAccount::from_konto(konto)?))
}

/// A claim's open instalments in due-date order (undated last), each with what may be paid on it: what is left of
/// it, capped so that the claim's instalments together never ask for more than is left of the claim.
fn open_instalments(k: &Krav) -> Vec<(&Kravforfall, Amount)> {
    let mut open: Vec<&Kravforfall> = k.kravforfall.iter().filter(|f| f.gjenstaaende_beloep > Amount::ZERO).collect();
    open.sort_by_key(|f| (f.forfallsdato.is_none(), f.forfallsdato));
    let mut left = k.gjenstaaende_beloep;
    let mut out = Vec::new();
    for f in open {
        if left <= Amount::ZERO {
            break;
        }
        let amount = f.gjenstaaende_beloep.min(left);
        left = left.checked_sub(amount).unwrap_or(Amount::ZERO);
        out.push((f, amount));
    }
    out
}

/// Whether this instalment of `k` can be paid from here: something is left of it and of the claim, and its KID and
/// account pass their checks.
pub fn forfall_payable(k: &Krav, f: &Kravforfall) -> bool {
    open_instalments(k).iter().any(|(open, _)| std::ptr::eq(*open, f)) && payment_details(f).is_ok()
}

/// Whether the claim has at least one instalment that can be paid from here (the widget's Pay action).
pub fn krav_payable(k: &Krav) -> bool {
    open_instalments(k).iter().any(|(f, _)| payment_details(f).is_ok())
}

/// Whether any claim can be paid from here (see [`krav_payable`]), and whether any has an overdue instalment that
/// can: what the widget needs to offer its Pay actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Payable {
    /// A claim has a payable instalment.
    pub any: bool,
    /// A claim has a payable instalment due before today ("pay all overdue" has something to pay).
    pub overdue: bool,
}

/// See [`Payable`]. Stops at the first overdue payable instalment, so a large party costs little when its first
/// claims can be paid.
pub fn payable(aapne: &AapneKrav, today: Date) -> Payable {
    let mut found = Payable::default();
    for k in &aapne.aapent_krav_med_gjenstaaende_beloep {
        for (f, _) in open_instalments(k) {
            if payment_details(f).is_ok() {
                found.any = true;
                if f.forfallsdato.is_some_and(|d| d < today) {
                    found.overdue = true;
                    return found;
                }
            }
        }
    }
    found
}

/// The payments for `selection` of `aapne`'s open claims, on `today` (for "overdue"), described in `lang`.
pub fn betalinger(aapne: &AapneKrav, selection: &Selection, today: Date, lang: Lang) -> Betalinger {
    let overdue = |f: &Kravforfall| f.forfallsdato.is_some_and(|d| d < today);
    let mut seen_ids = Vec::new();
    let chosen = |k: &Krav, f: &Kravforfall, seen: &mut Vec<String>| match selection {
        Selection::All => true,
        Selection::Overdue => overdue(f),
        Selection::Ids(ids) => {
            let by_krav = ids.iter().find(|id| id.as_str() == k.kravidentifikator.as_str());
            let by_forfall =
                f.kravforfalls_identifikator.as_ref().and_then(|fid| ids.iter().find(|id| id.as_str() == fid.as_str()));
            for id in by_krav.into_iter().chain(by_forfall) {
                seen.push(id.clone());
            }
            by_krav.is_some() || by_forfall.is_some()
        }
    };
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for k in &aapne.aapent_krav_med_gjenstaaende_beloep {
        for (f, beloep) in open_instalments(k) {
            if !chosen(k, f, &mut seen_ids) {
                continue;
            }
            match payment_details(f) {
                Ok((kid, konto)) => out.push(Betaling {
                    kravidentifikator: k.kravidentifikator.clone(),
                    kravforfalls_identifikator: f.kravforfalls_identifikator.clone(),
                    part: k.part_identifikator.clone(),
                    kid,
                    beloep,
                    forfallsdato: f.forfallsdato,
                    forfalt: overdue(f),
                    konto,
                    beskrivelse: describe(k, lang),
                }),
                Err(reason) => skipped.push(Skipped {
                    kravidentifikator: k.kravidentifikator.clone(),
                    kravforfalls_identifikator: f.kravforfalls_identifikator.clone(),
                    reason,
                }),
            }
        }
    }
    if let Selection::Ids(ids) = selection {
        for id in ids.iter().filter(|id| !seen_ids.contains(id)) {
            skipped.push(Skipped {
                kravidentifikator: Kravidentifikator::new(id.clone()),
                kravforfalls_identifikator: None,
                reason: SkipReason::NotFound,
            });
        }
    }
    out.sort_by(|a, b| {
        (a.forfallsdato.is_none(), a.forfallsdato, &a.kravidentifikator).cmp(&(
            b.forfallsdato.is_none(),
            b.forfallsdato,
            &b.kravidentifikator,
        ))
    });
    let sum = Amount::checked_sum(out.iter().map(|b| &b.beloep));
    Betalinger { betalinger: out, sum, skipped }
}

fn describe(k: &Krav, lang: Lang) -> String {
    let title = krav_title(k, lang);
    match k.kravperiode.as_ref().map(|p| periode_text(p, lang)).filter(|p| !p.is_empty() && !title.contains(p)) {
        Some(p) => format!("{title} {p}"),
        None => title,
    }
}
