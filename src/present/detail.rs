//! The detail panel of a row: a claim with its instalments and everything placed on them, a payment and the
//! claims it was placed on, a payout and what it was made of. Only fields with a value are shown.

use super::format::{format_amount, format_count, format_date, format_kontonummer};
use super::shown::{Detail, Field, Section, SubTable};
use super::view::{col, days_overdue, forfall_status, krav_title, periode_text, tekst};
use super::{Column, Label, Lang};
use crate::model::{Amount, Betalingsinformasjon, Innbetaling, Konto, Krav, Kravforfall, Utbetaling};
use crate::time::Date;

pub(super) fn konto_text(k: &Konto) -> String {
    let nr = k.kontonummer.as_ref().map(|n| format_kontonummer(n.as_str()));
    match (k.kontoeiers_navn.as_deref(), nr) {
        (Some(navn), Some(nr)) => format!("{navn} ({nr})"),
        (Some(navn), None) => navn.to_owned(),
        (None, Some(nr)) => nr,
        (None, None) => String::new(),
    }
}

/// Collects the fields that have a value.
struct Fields {
    lang: Lang,
    out: Vec<Field>,
}

impl Fields {
    fn new(lang: Lang) -> Self {
        Self { lang, out: Vec::new() }
    }
    fn text(&mut self, label: Label, value: Option<impl Into<String>>) -> &mut Self {
        if let Some(v) = value.map(Into::into).filter(|v: &String| !v.is_empty()) {
            self.out.push(Field { label: label.text(self.lang), value: v, copy: None });
        }
        self
    }
    fn copy(&mut self, label: Label, shown: Option<String>, raw: Option<&str>) -> &mut Self {
        if let (Some(shown), Some(raw)) = (shown, raw.filter(|r| !r.is_empty())) {
            let copy = raw.chars().filter(|c| !c.is_whitespace()).collect();
            self.out.push(Field { label: label.text(self.lang), value: shown, copy: Some(copy) });
        }
        self
    }
    fn amount(&mut self, label: Label, value: Option<Amount>) -> &mut Self {
        let lang = self.lang;
        self.text(label, value.map(|a| format_amount(a, lang)))
    }
    fn date(&mut self, label: Label, value: Option<Date>) -> &mut Self {
        let lang = self.lang;
        self.text(label, value.map(|d| format_date(d, lang)))
    }
    fn konto(&mut self, b: Option<&Betalingsinformasjon>) -> &mut Self {
        let Some(b) = b else { return self };
        if let Some(k) = &b.konto {
            let nr = k.kontonummer.as_ref().map(|n| n.as_str());
            self.text(Label::Kontoeier, k.kontoeiers_navn.clone())
                .copy(Label::Kontonummer, nr.map(format_kontonummer), nr)
                .copy(Label::Iban, k.iban.clone(), k.iban.as_deref())
                .copy(Label::Bic, k.swift_bic.clone(), k.swift_bic.as_deref())
                .text(Label::Mottaker, k.bankinformasjon.clone());
        }
        let kid = b.kidnummer.as_ref().map(|k| k.as_str());
        self.copy(Label::Kid, kid.map(str::to_owned), kid)
            .text(Label::Melding, b.melding_sendt_til_mottaker.clone())
            .text(Label::Valuta, b.valutakode.clone())
    }
    fn done(&mut self) -> Vec<Field> {
        std::mem::take(&mut self.out)
    }
}

fn section(title: Option<String>, fields: Vec<Field>, table: Option<SubTable>) -> Section {
    Section { title, status: None, fields, table, pay: None }
}

fn sub_table(caption: Label, columns: Vec<Column>, rows: Vec<Vec<String>>, lang: Lang) -> Option<SubTable> {
    (!rows.is_empty()).then(|| SubTable { caption: caption.text(lang), columns, rows })
}

pub(super) fn krav_detail(k: &Krav, lang: Lang, today: Date) -> Detail {
    let mut f = Fields::new(lang);
    let periode = k.kravperiode.as_ref().map(|p| periode_text(p, lang));
    let id = k.kravidentifikator.as_str();
    f.copy(Label::Kravidentifikator, Some(id.to_owned()), Some(id))
        .text(Label::Kravtype, k.kravtype.clone())
        .text(Label::KolKravgruppe, k.kravgruppe.clone())
        .text(Label::KolPeriode, periode)
        .date(Label::Opprettet, k.opprettelsesdato_for_krav)
        .text(Label::Fastsetting, k.fastsettingsmaate.clone())
        .amount(Label::KolOpprinnelig, Some(k.opprinnelig_beloep))
        .amount(Label::KolGjenstaar, Some(k.gjenstaaende_beloep))
        .amount(Label::Renter, k.stipulerte_renter)
        .text(Label::Part, k.part_identifikator.as_ref().map(|p| p.redacted()))
        .text(Label::RenterAv, k.hovedstol_kravidentifikator.as_ref().map(|h| h.as_str().to_owned()));
    if let Some(days) = days_overdue(k, today) {
        f.text(
            Label::KolStatus,
            Some(Label::DagerOverForfall.fill(lang, &[("n", &format_count(days as usize, lang))])),
        );
    }
    let mut sections = vec![section(None, f.done(), None)];

    let mut forfall: Vec<&Kravforfall> = k.kravforfall.iter().collect();
    forfall.sort_by_key(|f| (f.forfallsdato.is_none(), f.forfallsdato));
    for ff in forfall {
        let title = match ff.forfallsdato {
            Some(d) => Label::ForfallDato.fill(lang, &[("dato", &format_date(d, lang))]),
            None => Label::KolForfall.text(lang).to_owned(),
        };
        f.amount(Label::KolOpprinnelig, Some(ff.opprinnelig_beloep))
            .amount(Label::KolGjenstaar, Some(ff.gjenstaaende_beloep))
            .konto(ff.betalingsinformasjon.as_ref())
            .text(Label::Utsatt, ff.utsatt_iverksettelse.map(|u| if u { Label::Ja } else { Label::Nei }.text(lang)));
        // Everything placed on the instalment, oldest first: payments, set-offs, payouts.
        let mut placed: Vec<(Option<Date>, String, Amount)> = Vec::new();
        for p in &ff.plassert_innbetaling {
            let what = p.innbetalingstype.clone().unwrap_or_else(|| Label::Innbetaling.text(lang).to_owned());
            placed.push((p.plassert_dato.or(p.innbetalingsdato), what, p.plassert_beloep));
        }
        for m in &ff.plassert_motkrav {
            let what = match tekst(m.kravbeskrivelse.as_ref(), lang).or_else(|| m.kravtype.clone()) {
                Some(d) => format!("{}: {d}", Label::Motregning.text(lang)),
                None => Label::Motregning.text(lang).to_owned(),
            };
            placed.push((m.plassert_dato, what, m.plassert_beloep));
        }
        for u in &ff.plassert_utbetaling {
            placed.push((
                u.plassert_dato.or(u.utbetalt_dato),
                Label::Utbetaling.text(lang).to_owned(),
                u.plassert_beloep,
            ));
        }
        placed.sort_by_key(|(d, ..)| (d.is_none(), *d));
        let rows = placed
            .into_iter()
            .map(|(d, what, a)| vec![d.map(|d| format_date(d, lang)).unwrap_or_default(), what, format_amount(a, lang)])
            .collect();
        let columns = vec![
            col("dato", Label::KolPlassert, false, lang),
            col("type", Label::KolType, false, lang),
            col("beloep", Label::KolBeloep, true, lang),
        ];
        let mut s = section(Some(title), f.done(), sub_table(Label::Plasseringer, columns, rows, lang));
        s.status = Some(forfall_status(ff, today));
        s.pay = ff
            .kravforfalls_identifikator
            .as_ref()
            .filter(|_| crate::pay::forfall_payable(k, ff))
            .map(|id| id.as_str().to_owned());
        sections.push(s);
    }
    Detail { title: krav_title(k, lang), sections }
}

pub(super) fn innbetaling_detail(p: &Innbetaling, lang: Lang) -> Detail {
    let mut f = Fields::new(lang);
    let id = p.innbetalingsidentifikator.as_str();
    f.copy(Label::KolReferanse, Some(id.to_owned()), Some(id))
        .date(Label::KolDato, p.innbetalingsdato)
        .amount(Label::KolBeloep, Some(p.innbetalt_beloep))
        .amount(Label::KolIkkePlassert, p.uplassert_beloep)
        .text(Label::KolType, p.innbetalingstype.clone());
    let mut sections = vec![section(None, f.done(), None)];
    f.konto(p.innbetalt_fra.as_ref());
    let fra = f.done();
    if !fra.is_empty() {
        sections.push(section(Some(Label::BetaltFra.text(lang).to_owned()), fra, None));
    }
    if let Some(k) = &p.mottakers_kontonummer {
        f.konto(Some(&Betalingsinformasjon { konto: Some(k.clone()), ..Default::default() }));
        let til = f.done();
        if !til.is_empty() {
            sections.push(section(Some(Label::BetaltTilKonto.text(lang).to_owned()), til, None));
        }
    }
    let rows: Vec<Vec<String>> = p
        .plassert_krav
        .iter()
        .map(|k| {
            vec![
                tekst(k.kravbeskrivelse.as_ref(), lang)
                    .or_else(|| k.kravforfalls_identifikator.as_ref().map(|i| i.as_str().to_owned()))
                    .unwrap_or_default(),
                k.kravforfallsdato.map(|d| format_date(d, lang)).unwrap_or_default(),
                k.plassert_dato.map(|d| format_date(d, lang)).unwrap_or_default(),
                format_amount(k.plassert_beloep, lang),
            ]
        })
        .collect();
    let columns = vec![
        col("krav", Label::KolKrav, false, lang),
        col("forfall", Label::KolForfall, false, lang),
        col("plassert", Label::KolPlassert, false, lang),
        col("beloep", Label::KolBeloep, true, lang),
    ];
    if let Some(t) = sub_table(Label::PlassertPaaKrav, columns, rows, lang) {
        sections.push(section(None, Vec::new(), Some(t)));
    }
    let title = match p.innbetalingsdato {
        Some(d) => Label::InnbetalingDato.fill(lang, &[("dato", &format_date(d, lang))]),
        None => Label::Innbetaling.text(lang).to_owned(),
    };
    Detail { title, sections }
}

pub(super) fn utbetaling_detail(u: &Utbetaling, lang: Lang) -> Detail {
    let mut f = Fields::new(lang);
    let id = u.utbetalingsidentifikator.as_str();
    f.copy(Label::KolReferanse, Some(id.to_owned()), Some(id))
        .date(Label::KolDato, u.utbetalt_dato)
        .amount(Label::KolBeloep, Some(u.utbetalt_beloep))
        .text(Label::KolStatus, u.utbetalingstatus.clone())
        .text(Label::KolBeskrivelse, tekst(u.utbetalingsbeskrivelse.as_ref(), lang));
    let mut sections = vec![section(None, f.done(), None)];
    f.konto(u.betalt_til.as_ref());
    let til = f.done();
    if !til.is_empty() {
        sections.push(section(Some(Label::UtbetaltTil.text(lang).to_owned()), til, None));
    }
    let rows: Vec<Vec<String>> = u
        .grunnlag_for_utbetaling
        .iter()
        .flat_map(|g| &g.kredit_krav)
        .map(|k| {
            vec![
                tekst(k.kravbeskrivelse.as_ref(), lang).or_else(|| k.kravtype.clone()).unwrap_or_default(),
                k.kravperiode.as_ref().map(|p| periode_text(p, lang)).unwrap_or_default(),
                k.opprinnelig_beloep.map(|a| format_amount(a, lang)).unwrap_or_default(),
                k.utbetalt_beloep.map(|a| format_amount(a, lang)).unwrap_or_default(),
            ]
        })
        .collect();
    let columns = vec![
        col("krav", Label::KolKrav, false, lang),
        col("periode", Label::KolPeriode, false, lang),
        col("opprinnelig", Label::KolOpprinnelig, true, lang),
        col("utbetalt", Label::KolUtbetalt, true, lang),
    ];
    if let Some(t) = sub_table(Label::Grunnlag, columns, rows, lang) {
        sections.push(section(None, Vec::new(), Some(t)));
    }
    let title = match u.utbetalt_dato {
        Some(d) => Label::UtbetalingDato.fill(lang, &[("dato", &format_date(d, lang))]),
        None => Label::Utbetaling.text(lang).to_owned(),
    };
    Detail { title, sections }
}
