//! The summary above the open claims: the five totals (Skatteetaten's, or computed when it sent none) and a bar
//! per kravgruppe.

use super::format::{format_amount, format_count};
use super::shown::{Group, Status, Summary, Total};
use super::view::{krav_status, open_forfall};
use super::{Label, Lang};
use crate::model::{AapneKrav, Amount, Krav};
use crate::time::Date;

/// Sums of one group, in øre.
#[derive(Default, Clone, Copy)]
struct Sums {
    forfalt: i64,
    ikke_forfalt: i64,
    renter: i64,
    saldo: i64,
}

/// The sums of claims per group, computed when Skatteetaten sent none: what is left of instalments due before
/// `today` is overdue, the rest of the claim is not yet due; saldo adds the interest.
fn computed_groups(krav: &[Krav], today: Date) -> Vec<(String, Sums)> {
    let mut groups: Vec<(String, Sums)> = Vec::new();
    for k in krav {
        let name = k.kravgruppe.clone().unwrap_or_default();
        let at = match groups.iter().position(|(n, _)| *n == name) {
            Some(at) => at,
            None => {
                groups.push((name, Sums::default()));
                groups.len() - 1
            }
        };
        let g = &mut groups[at].1;
        let forfalt: i64 = open_forfall(k)
            .filter(|f| f.forfallsdato.is_some_and(|d| d < today))
            .map(|f| f.gjenstaaende_beloep.oere())
            .sum();
        g.forfalt += forfalt;
        g.ikke_forfalt += k.gjenstaaende_beloep.oere() - forfalt;
        g.renter += k.stipulerte_renter.map_or(0, Amount::oere);
    }
    for (_, g) in &mut groups {
        g.saldo = g.forfalt + g.ikke_forfalt + g.renter;
    }
    groups
}

fn oere(a: Option<Amount>) -> i64 {
    a.map_or(0, Amount::oere)
}

pub(super) fn summary(a: &AapneKrav, lang: Lang, today: Date) -> Summary {
    let krav = &a.aapent_krav_med_gjenstaaende_beloep;
    let mut groups: Vec<(String, Sums)> = if a.oversikt_per_kravgruppe.is_empty() {
        computed_groups(krav, today)
    } else {
        a.oversikt_per_kravgruppe
            .iter()
            .map(|g| {
                let s = Sums {
                    forfalt: oere(g.sum_forfalte_krav),
                    ikke_forfalt: oere(g.sum_ikke_forfalte_krav),
                    renter: oere(g.sum_stipulerte_renter),
                    saldo: 0,
                };
                let saldo = g.saldo.map_or(s.forfalt + s.ikke_forfalt + s.renter, Amount::oere);
                (g.kravgruppe.clone().unwrap_or_default(), Sums { saldo, ..s })
            })
            .collect()
    };
    groups.sort_by(|(an, a), (bn, b)| b.saldo.cmp(&a.saldo).then_with(|| an.cmp(bn)));

    let uplassert_computed: i64 = a
        .innbetaling_med_uplassert_beloep
        .iter()
        .map(|i| i.uplassert_beloep.unwrap_or(i.innbetalt_beloep).oere())
        .sum();
    let sum = |f: fn(&Sums) -> i64| groups.iter().map(|(_, s)| f(s)).sum::<i64>();
    let t = a.total_oversikt.clone().unwrap_or_default();
    let forfalt = t.sum_forfalte_krav.map_or_else(|| sum(|s| s.forfalt), Amount::oere);
    let ikke_forfalt = t.sum_ikke_forfalte_krav.map_or_else(|| sum(|s| s.ikke_forfalt), Amount::oere);
    let renter = t.sum_stipulerte_renter.map_or_else(|| sum(|s| s.renter), Amount::oere);
    let uplassert = t.sum_uplasserte_innbetalinger.map_or(uplassert_computed, Amount::oere);
    let saldo = t.saldo.map_or(forfalt + ikke_forfalt + renter - uplassert, Amount::oere);

    let amount = |o: i64| format_amount(Amount::from_oere(o).unwrap_or_default(), lang);
    let total = |key, label: Label, o: i64| Total { key, label: label.text(lang), value: amount(o), oere: o };
    let totals = vec![
        total("saldo", Label::Saldo, saldo),
        total("forfalt", Label::Forfalt, forfalt),
        total("ikkeForfalt", Label::IkkeForfalt, ikke_forfalt),
        total("renter", Label::Renter, renter),
        total("uplassert", Label::Uplassert, uplassert),
    ];

    let longest = groups.iter().map(|(_, s)| s.forfalt.max(0) + s.ikke_forfalt.max(0)).max().unwrap_or(0);
    let bar = |o: i64| if longest > 0 { (o.max(0) * 1000 / longest) as u16 } else { 0 };
    let other = Label::AnnenGruppe.text(lang);
    let groups = groups
        .into_iter()
        .map(|(name, s)| {
            let name = if name.is_empty() { other.to_owned() } else { name };
            let description = format!(
                "{name}: {} {}, {} {}, {} {}",
                Label::Saldo.text(lang).to_ascii_lowercase(),
                amount(s.saldo),
                Label::Forfalt.text(lang).to_ascii_lowercase(),
                amount(s.forfalt),
                Label::IkkeForfalt.text(lang).to_ascii_lowercase(),
                amount(s.ikke_forfalt)
            );
            Group {
                saldo: amount(s.saldo),
                forfalt: amount(s.forfalt),
                ikke_forfalt: amount(s.ikke_forfalt),
                forfalt_bar: bar(s.forfalt),
                ikke_forfalt_bar: bar(s.ikke_forfalt),
                description,
                name,
            }
        })
        .collect();
    let overdue = krav.iter().filter(|k| krav_status(k, today) == Status::Overdue).count();
    let overdue_text = Label::AntallForfalt
        .fill(lang, &[("n", &format_count(overdue, lang)), ("total", &format_count(krav.len(), lang))]);
    Summary { totals, groups, count: krav.len(), overdue, overdue_text }
}
