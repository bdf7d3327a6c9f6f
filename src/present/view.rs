//! A response as the widget shows it: rows in display order with status flags, pages of formatted cells,
//! details, a summary with a per-group chart, and CSV of the whole table.

use super::csv;
use super::detail::{innbetaling_detail, konto_text, krav_detail, utbetaling_detail};
use super::format::{format_amount, format_amount_csv, format_count, format_date, format_date_csv};
use super::shown::{Column, Counts, Detail, Page, Row, Status, Summary};
use super::summary::summary;
use super::{Label, Lang};
use crate::api::endpoint::{Data, Endpoint};
use crate::model::{Amount, Krav, Kravforfall, Kravperiode, PartId, Tekst};
use crate::time::Date;

/// A typed cell: formatted one way for people and another for CSV.
enum Val {
    Text(String),
    Date(Option<Date>),
    Amount(Option<Amount>),
}

impl Val {
    fn display(&self, lang: Lang) -> String {
        match self {
            Self::Text(t) => t.clone(),
            Self::Date(d) => d.map(|d| format_date(d, lang)).unwrap_or_default(),
            Self::Amount(a) => a.map(|a| format_amount(a, lang)).unwrap_or_default(),
        }
    }

    fn csv(&self, lang: Lang) -> String {
        let sep = csv::separator(lang);
        match self {
            Self::Text(t) => csv::field(t, sep, true),
            Self::Date(d) => d.map(|d| format_date_csv(d, lang)).unwrap_or_default(),
            Self::Amount(a) => a.map(|a| format_amount_csv(a, lang)).unwrap_or_default(),
        }
    }
}

pub(super) fn col(key: &'static str, label: Label, numeric: bool, lang: Lang) -> Column {
    Column { key, label: label.text(lang), numeric }
}

pub(super) fn tekst(t: Option<&Tekst>, lang: Lang) -> Option<String> {
    t.and_then(|t| t.best(lang.preferred())).map(str::to_owned)
}

/// A claim period in words: "januar - februar 2024", "Inntektsår 2023", "2023/02", or its dates.
pub fn periode_text(p: &Kravperiode, lang: Lang) -> String {
    let beskrivelse = tekst(p.periode_beskrivelse.as_ref(), lang);
    let mut parts: Vec<String> = beskrivelse.iter().cloned().collect();
    if let Some(aar) = p.aar.as_deref().filter(|a| !beskrivelse.as_deref().is_some_and(|b| b.contains(a))) {
        parts.push(aar.to_owned());
    }
    if parts.is_empty() {
        if let (Some(fra), Some(til)) = (p.fra_dato, p.til_dato) {
            return format!("{}\u{2013}{}", format_date(fra, lang), format_date(til, lang));
        }
    }
    parts.join(" ")
}

/// The instalments with something left to pay.
pub(super) fn open_forfall(k: &Krav) -> impl Iterator<Item = &Kravforfall> {
    k.kravforfall.iter().filter(|f| !f.gjenstaaende_beloep.is_zero())
}

/// The date a claim sorts by: its earliest open due date, else its earliest due date at all.
pub fn due_date(k: &Krav) -> Option<Date> {
    open_forfall(k)
        .filter_map(|f| f.forfallsdato)
        .min()
        .or_else(|| k.kravforfall.iter().filter_map(|f| f.forfallsdato).min())
}

/// Where a claim stands on `today` (see [`Status`]).
pub fn krav_status(k: &Krav, today: Date) -> Status {
    if k.gjenstaaende_beloep.is_zero() {
        Status::Paid
    } else if k.gjenstaaende_beloep.is_negative() {
        Status::Credit
    } else if open_forfall(k).filter_map(|f| f.forfallsdato).any(|d| d < today) {
        Status::Overdue
    } else {
        Status::Due
    }
}

pub(super) fn forfall_status(f: &Kravforfall, today: Date) -> Status {
    if f.gjenstaaende_beloep.is_zero() {
        Status::Paid
    } else if f.gjenstaaende_beloep.is_negative() {
        Status::Credit
    } else if f.forfallsdato.is_some_and(|d| d < today) {
        Status::Overdue
    } else {
        Status::Due
    }
}

pub(super) fn days_overdue(k: &Krav, today: Date) -> Option<i64> {
    (krav_status(k, today) == Status::Overdue).then(|| {
        let first = open_forfall(k).filter_map(|f| f.forfallsdato).min().unwrap_or(today);
        today.days_since_epoch() - first.days_since_epoch()
    })
}

/// A claim's title: its description in `lang`, else its type, else its identifier.
pub fn krav_title(k: &Krav, lang: Lang) -> String {
    tekst(k.kravbeskrivelse.as_ref(), lang)
        .or_else(|| k.kravtype.clone())
        .unwrap_or_else(|| k.kravidentifikator.as_str().to_owned())
}

/// A [`Data`] with its display order, for `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    data: Data,
    order: Vec<usize>,
    today: Date,
}

impl View {
    /// Orders the data for display: claims by due date (earliest first, undated last), payments and payouts
    /// newest first; ties by identifier.
    pub fn new(data: Data, today: Date) -> Self {
        let mut order: Vec<usize> = (0..len_of(&data)).collect();
        // Undated rows last in both directions: `None` sorts as the far future for claims, the far past for payments.
        match &data {
            Data::AapneKrav(a) => sort_krav(&mut order, &a.aapent_krav_med_gjenstaaende_beloep),
            Data::Krav(k) => sort_krav(&mut order, &k.krav),
            Data::Innbetalinger(i) => {
                let v = &i.innbetaling;
                order.sort_by(|&a, &b| {
                    (v[b].innbetalingsdato, &v[a].innbetalingsidentifikator)
                        .cmp(&(v[a].innbetalingsdato, &v[b].innbetalingsidentifikator))
                });
            }
            Data::Utbetalinger(u) => {
                let v = &u.utbetaling;
                order.sort_by(|&a, &b| {
                    (v[b].utbetalt_dato, &v[a].utbetalingsidentifikator)
                        .cmp(&(v[a].utbetalt_dato, &v[b].utbetalingsidentifikator))
                });
            }
        }
        Self { data, order, today }
    }

    /// The data shown.
    pub fn data(&self) -> &Data {
        &self.data
    }

    /// Which endpoint's answer this is.
    pub fn endpoint(&self) -> Endpoint {
        self.data.endpoint()
    }

    /// The day overdue flags are relative to.
    pub fn today(&self) -> Date {
        self.today
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Whether Skatteetaten shielded the party's data (`skjermet`).
    pub fn skjermet(&self) -> bool {
        match &self.data {
            Data::AapneKrav(a) => a.skjermet,
            Data::Krav(k) => k.skjermet,
            Data::Innbetalinger(i) => i.skjermet,
            Data::Utbetalinger(u) => u.skjermet,
        }
    }

    /// The party the response is for, as echoed.
    pub fn part(&self) -> Option<&PartId> {
        match &self.data {
            Data::AapneKrav(a) => a.part_identifikator.as_ref(),
            Data::Krav(k) => k.part_identifikator.as_ref(),
            Data::Innbetalinger(i) => i.part_identifikator.as_ref(),
            Data::Utbetalinger(u) => u.part_identifikator.as_ref(),
        }
    }

    fn krav(&self) -> &[Krav] {
        match &self.data {
            Data::AapneKrav(a) => &a.aapent_krav_med_gjenstaaende_beloep,
            Data::Krav(k) => &k.krav,
            _ => &[],
        }
    }

    /// The columns of the table.
    pub fn columns(&self, lang: Lang) -> Vec<Column> {
        match self.endpoint() {
            Endpoint::AapneKrav | Endpoint::Krav => vec![
                col("krav", Label::KolKrav, false, lang),
                col("periode", Label::KolPeriode, false, lang),
                col("forfall", Label::KolForfall, false, lang),
                col("status", Label::KolStatus, false, lang),
                col("opprinnelig", Label::KolOpprinnelig, true, lang),
                col("gjenstaar", Label::KolGjenstaar, true, lang),
            ],
            Endpoint::Innbetalinger => vec![
                col("dato", Label::KolDato, false, lang),
                col("type", Label::KolType, false, lang),
                col("betaltFra", Label::KolBetaltFra, false, lang),
                col("beloep", Label::KolBeloep, true, lang),
                col("ikkePlassert", Label::KolIkkePlassert, true, lang),
            ],
            Endpoint::Utbetalinger => vec![
                col("dato", Label::KolDato, false, lang),
                col("beskrivelse", Label::KolBeskrivelse, false, lang),
                col("status", Label::KolStatus, false, lang),
                col("beloep", Label::KolBeloep, true, lang),
            ],
        }
    }

    /// The identifier and typed cells of the item at original index `i`.
    fn cells(&self, i: usize, lang: Lang) -> (String, Vec<Val>) {
        match &self.data {
            Data::AapneKrav(_) | Data::Krav(_) => {
                let k = &self.krav()[i];
                let status = krav_status(k, self.today);
                let periode = k.kravperiode.as_ref().map(|p| periode_text(p, lang)).unwrap_or_default();
                (
                    k.kravidentifikator.as_str().to_owned(),
                    vec![
                        Val::Text(krav_title(k, lang)),
                        Val::Text(periode),
                        Val::Date(due_date(k)),
                        Val::Text(status.label().text(lang).to_owned()),
                        Val::Amount(Some(k.opprinnelig_beloep)),
                        Val::Amount(Some(k.gjenstaaende_beloep)),
                    ],
                )
            }
            Data::Innbetalinger(d) => {
                let p = &d.innbetaling[i];
                let fra = p.innbetalt_fra.as_ref().and_then(|b| b.konto.as_ref()).map(konto_text).unwrap_or_default();
                (
                    p.innbetalingsidentifikator.as_str().to_owned(),
                    vec![
                        Val::Date(p.innbetalingsdato),
                        Val::Text(p.innbetalingstype.clone().unwrap_or_default()),
                        Val::Text(fra),
                        Val::Amount(Some(p.innbetalt_beloep)),
                        Val::Amount(p.uplassert_beloep),
                    ],
                )
            }
            Data::Utbetalinger(d) => {
                let u = &d.utbetaling[i];
                let beskrivelse = tekst(u.utbetalingsbeskrivelse.as_ref(), lang)
                    .or_else(|| {
                        let kk = u.grunnlag_for_utbetaling.as_ref()?.kredit_krav.first()?;
                        tekst(kk.kravbeskrivelse.as_ref(), lang).or_else(|| kk.kravtype.clone())
                    })
                    .unwrap_or_default();
                (
                    u.utbetalingsidentifikator.as_str().to_owned(),
                    vec![
                        Val::Date(u.utbetalt_dato),
                        Val::Text(beskrivelse),
                        Val::Text(u.utbetalingstatus.clone().unwrap_or_default()),
                        Val::Amount(Some(u.utbetalt_beloep)),
                    ],
                )
            }
        }
    }

    /// Rows `start..start + count` (clamped) in display order, formatted for `lang`.
    pub fn page(&self, lang: Lang, start: usize, count: usize) -> Page {
        let total = self.len();
        let start = start.min(total);
        let end = start.saturating_add(count).min(total);
        let krav = self.krav();
        let rows = self.order[start..end]
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                let (id, cells) = self.cells(i, lang);
                let (status, days_overdue) = match krav.get(i) {
                    Some(k) => (Some(krav_status(k, self.today)), days_overdue(k, self.today)),
                    None => (None, None),
                };
                Row {
                    position: start + n,
                    id,
                    cells: cells.iter().map(|c| c.display(lang)).collect(),
                    status,
                    days_overdue,
                    payable: matches!(self.data, Data::AapneKrav(_))
                        && krav.get(i).is_some_and(crate::pay::krav_payable),
                }
            })
            .collect();
        let shown =
            Label::ViserAv.fill(lang, &[("n", &format_count(end, lang)), ("total", &format_count(total, lang))]);
        Page { rows, start, end, total, shown }
    }

    /// The payments for `selection` of open claims (see [`crate::pay::betalinger`]); `None` for the other kinds.
    pub fn betalinger(&self, selection: &crate::pay::Selection, lang: Lang) -> Option<crate::pay::Betalinger> {
        match &self.data {
            Data::AapneKrav(a) => Some(crate::pay::betalinger(a, selection, self.today, lang)),
            _ => None,
        }
    }

    /// Whether the Pay actions have anything to pay (see [`crate::pay::Payable`]); `None` for the other kinds.
    pub fn payable(&self) -> Option<crate::pay::Payable> {
        match &self.data {
            Data::AapneKrav(a) => Some(crate::pay::payable(a, self.today)),
            _ => None,
        }
    }

    /// Counts for events.
    pub fn counts(&self) -> Counts {
        let overdue = self.krav().iter().filter(|k| krav_status(k, self.today) == Status::Overdue).count();
        Counts { total: self.len(), overdue }
    }

    /// The whole table as CSV (every row, not only a page), with the identifier as first column.
    pub fn csv(&self, lang: Lang) -> String {
        let sep = csv::separator(lang);
        let header = std::iter::once(Label::KolReferanse.text(lang))
            .chain(self.columns(lang).iter().map(|c| c.label))
            .map(|l| csv::field(l, sep, true))
            .collect();
        let rows = self.order.iter().map(|&i| {
            let (id, cells) = self.cells(i, lang);
            std::iter::once(csv::field(&id, sep, true)).chain(cells.iter().map(|c| c.csv(lang))).collect()
        });
        csv::document(std::iter::once(header).chain(rows), sep)
    }

    /// A file name for the CSV: `kravkit-aapnekrav-313367002-2026-11-25.csv`.
    pub fn csv_filename(&self) -> String {
        let part: String =
            self.part().map(|p| p.as_str().chars().filter(char::is_ascii_alphanumeric).collect()).unwrap_or_default();
        let part = if part.is_empty() { String::new() } else { format!("-{part}") };
        format!("kravkit-{}{part}-{}.csv", self.endpoint(), self.today)
    }

    /// Everything about the row at `position` (display order), or `None` past the end.
    pub fn detail(&self, lang: Lang, position: usize) -> Option<Detail> {
        let &i = self.order.get(position)?;
        Some(match &self.data {
            Data::AapneKrav(_) | Data::Krav(_) => krav_detail(&self.krav()[i], lang, self.today),
            Data::Innbetalinger(d) => innbetaling_detail(&d.innbetaling[i], lang),
            Data::Utbetalinger(d) => utbetaling_detail(&d.utbetaling[i], lang),
        })
    }

    /// For open claims: the totals and the per-group chart. `None` for the other kinds.
    pub fn summary(&self, lang: Lang) -> Option<Summary> {
        let Data::AapneKrav(a) = &self.data else { return None };
        Some(summary(a, lang, self.today))
    }
}

fn len_of(data: &Data) -> usize {
    match data {
        Data::AapneKrav(a) => a.aapent_krav_med_gjenstaaende_beloep.len(),
        Data::Krav(k) => k.krav.len(),
        Data::Innbetalinger(i) => i.innbetaling.len(),
        Data::Utbetalinger(u) => u.utbetaling.len(),
    }
}

fn sort_krav(order: &mut [usize], krav: &[Krav]) {
    let keys: Vec<(bool, Option<Date>)> = krav.iter().map(due_date).map(|d| (d.is_none(), d)).collect();
    order.sort_by(|&a, &b| (keys[a], &krav[a].kravidentifikator).cmp(&(keys[b], &krav[b].kravidentifikator)));
}
