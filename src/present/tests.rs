//! Views of the documented examples and of synthetic data: order, flags, pages, details, summary, CSV.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;
use crate::api::endpoint::{Data, Endpoint};
use crate::model::{canonical, AapneKrav, Innbetalinger, Kravliste, Kravperiode, Utbetalinger};

const AAPNE_2024: &str = include_str!("../../fixtures/skatteetaten/2024-04-24/aapnekrav.json");
const AAPNE_AEB: &str = include_str!("../../fixtures/skatteetaten/2024-04-24-aeb4591d/aapnekrav.json");
const KRAV_2023: &str = include_str!("../../fixtures/skatteetaten/2023-03-06/krav.json");
const INN_2022: &str = include_str!("../../fixtures/skatteetaten/2022-12-14/innbetalinger.json");
const UT_2024: &str = include_str!("../../fixtures/skatteetaten/2024-04-24/utbetalinger.json");

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn nbsp(s: &str) -> String {
    s.replace('\u{a0}', " ")
}

/// A canonical (øre) claim with one instalment per `(due date, remaining øre)`.
fn krav(id: &str, gruppe: &str, forfall: &[(&str, i64)]) -> String {
    let ff: Vec<String> = forfall
        .iter()
        .map(|(d, o)| format!(r#"{{"forfallsdato":"{d}","opprinneligBeloep":{o},"gjenstaaendeBeloep":{o}}}"#))
        .collect();
    let sum: i64 = forfall.iter().map(|(_, o)| o).sum();
    format!(
        r#"{{"kravidentifikator":"{id}","kravgruppe":"{gruppe}","kravbeskrivelse":{{"nb":"Krav {id}"}},
        "opprinneligBeloep":{sum},"gjenstaaendeBeloep":{sum},"kravforfall":[{}]}}"#,
        ff.join(",")
    )
}

fn aapne(krav: &[String]) -> AapneKrav {
    canonical::from_str(&format!(
        r#"{{"partIdentifikator":"313367002","aapentKravMedGjenstaaendeBeloep":[{}]}}"#,
        krav.join(",")
    ))
    .unwrap()
}

#[test]
fn languages() {
    assert_eq!(Lang::parse("nb"), Some(Lang::Nb));
    assert_eq!(Lang::parse("nn-NO"), Some(Lang::Nn));
    assert_eq!(Lang::parse(" EN_gb "), Some(Lang::En));
    assert_eq!(Lang::parse("no"), Some(Lang::Nb));
    assert_eq!(Lang::parse("se"), None);
    assert_eq!(Lang::parse_or_default("de"), Lang::Nb);
    assert_eq!(Lang::default().code(), "nb");
    assert_eq!(Lang::ALL.iter().map(|l| l.code()).collect::<Vec<_>>(), ["nb", "nn", "en"]);
}

#[test]
fn the_documented_open_claims() {
    let a: AapneKrav = serde_json::from_str(AAPNE_2024).unwrap();
    let view = View::new(Data::AapneKrav(a), day("2023-03-01"));
    assert_eq!((view.endpoint(), view.len(), view.skjermet()), (Endpoint::AapneKrav, 2, false));
    let page = view.page(Lang::Nb, 0, 50);
    assert_eq!((page.start, page.end, page.total, nbsp(&page.shown).as_str()), (0, 2, 2, "Viser 2 av 2"));
    let r = &page.rows[0];
    assert_eq!(r.cells[0], "Restskatt");
    assert_eq!(r.cells[2], "21.02.2023");
    assert_eq!(r.cells[3], "Forfalt");
    assert_eq!(nbsp(&r.cells[5]), "kr 10 000,00");
    assert_eq!((r.status, r.days_overdue), (Some(Status::Overdue), Some(8)));
    assert_eq!(view.counts(), Counts { total: 2, overdue: 2 });

    let s = view.summary(Lang::Nb).unwrap();
    let totals: Vec<(&str, String)> = s.totals.iter().map(|t| (t.key, nbsp(&t.value))).collect();
    assert_eq!(
        totals,
        [
            ("saldo", "kr 20 400,00".to_owned()),
            ("forfalt", "kr 20 000,00".to_owned()),
            ("ikkeForfalt", "kr 0,00".to_owned()),
            ("renter", "kr 400,00".to_owned()),
            ("uplassert", "kr 0,00".to_owned()),
        ]
    );
    assert_eq!(s.totals[0].oere, 2_040_000);
    assert_eq!(s.groups.len(), 1);
    let g = &s.groups[0];
    assert_eq!((g.name.as_str(), g.forfalt_bar, g.ikke_forfalt_bar), ("Skatt", 1000, 0));
    assert_eq!(nbsp(&g.description), "Skatt: saldo kr 20 400,00, forfalt kr 20 000,00, ikke forfalt kr 0,00");
    assert_eq!((s.count, s.overdue, s.overdue_text.as_str()), (2, 2, "2 av 2 krav er forfalt"));

    let d = view.detail(Lang::Nb, 0).unwrap();
    assert_eq!(d.title, "Restskatt");
    let forfall = &d.sections[1];
    assert_eq!(forfall.title.as_deref(), Some("Forfall 21.02.2023"));
    assert_eq!(forfall.status, Some(Status::Overdue));
    let field = |label: &str| forfall.fields.iter().find(|f| f.label == label).unwrap();
    assert_eq!(field("Kontonummer").value, "6345 06 24804");
    assert_eq!(field("Kontonummer").copy.as_deref(), Some("63450624804"));
    assert_eq!(field("IBAN").copy.as_deref(), Some("NO4263450624804"));
    assert_eq!(field("BIC (SWIFT)").value, "NDEANOKK");
    let placed = forfall.table.as_ref().unwrap();
    assert_eq!(placed.caption, "Plassert på forfallet");
    assert_eq!(placed.rows.len(), 2, "a payment and a set-off");
    assert_eq!(placed.rows[1][1], "Motregning: Restskatt");
    assert_eq!(nbsp(&placed.rows[0][2]), "\u{2212}kr 1 000,00");
    assert!(view.detail(Lang::Nb, 2).is_none());
    // The personal party of the second claim is masked in the detail.
    let d1 = view.detail(Lang::En, 1).unwrap();
    let part = d1.sections[0].fields.iter().find(|f| f.label == "Party").unwrap();
    assert_eq!(part.value, "******96468");
}

#[test]
fn claims_sort_by_due_date_and_overdue_is_relative_to_today() {
    let a = aapne(&[
        krav("c", "Merverdiavgift", &[("2024-03-10", 500)]),
        krav("a", "Skatt", &[("2024-03-01", 100), ("2024-04-01", 100)]),
        krav("b", "Skatt", &[("2024-02-29", 200)]),
        krav("undated", "Skatt", &[]),
        krav("d", "Arbeidsgiveravgift", &[("2024-03-01", 300)]),
    ]);
    let view = View::new(Data::AapneKrav(a), day("2024-03-01"));
    let page = view.page(Lang::Nb, 0, 10);
    let order: Vec<(&str, Option<Status>, Option<i64>)> =
        page.rows.iter().map(|r| (r.id.as_str(), r.status, r.days_overdue)).collect();
    assert_eq!(
        order,
        [
            ("b", Some(Status::Overdue), Some(1)),
            ("a", Some(Status::Due), None), // due today is not overdue
            ("d", Some(Status::Due), None),
            ("c", Some(Status::Due), None),
            ("undated", Some(Status::Paid), None),
        ]
    );
    let later = View::new(view.data().clone(), day("2024-03-02"));
    assert_eq!(later.counts(), Counts { total: 5, overdue: 3 });
    assert_eq!(later.page(Lang::Nb, 0, 1).rows[0].days_overdue, Some(2));

    // Without Skatteetaten's sums, the groups and totals are computed.
    let s = later.summary(Lang::En).unwrap();
    let groups: Vec<(&str, u16, u16)> =
        s.groups.iter().map(|g| (g.name.as_str(), g.forfalt_bar, g.ikke_forfalt_bar)).collect();
    assert_eq!(groups, [("Merverdiavgift", 0, 1000), ("Skatt", 600, 200), ("Arbeidsgiveravgift", 600, 0)]);
    assert_eq!(nbsp(&s.totals[0].value), "NOK 12.00");
    assert_eq!(nbsp(&s.totals[1].value), "NOK 6.00");
    assert_eq!(s.overdue_text, "3 of 5 claims are overdue");
}

#[test]
fn credit_claims_and_paid_instalments() {
    let json = r#"{"kravidentifikator":"kred","opprinneligBeloep":-5000,"gjenstaaendeBeloep":-5000,
        "kravforfall":[{"forfallsdato":"2020-01-01","opprinneligBeloep":-5000,"gjenstaaendeBeloep":-5000},
                       {"forfallsdato":"2019-01-01","opprinneligBeloep":700,"gjenstaaendeBeloep":0}]}"#;
    let a: AapneKrav = canonical::from_str(&format!(r#"{{"aapentKravMedGjenstaaendeBeloep":[{json}]}}"#)).unwrap();
    let k = &a.aapent_krav_med_gjenstaaende_beloep[0];
    assert_eq!(krav_status(k, day("2024-01-01")), Status::Credit);
    assert_eq!(due_date(k), Some(day("2020-01-01")), "the open instalment, not the paid older one");
    let view = View::new(Data::AapneKrav(a), day("2024-01-01"));
    assert_eq!(view.page(Lang::Nn, 0, 1).rows[0].cells[3], "Til gode");
    let d = view.detail(Lang::Nb, 0).unwrap();
    let statuses: Vec<Option<Status>> = d.sections[1..].iter().map(|s| s.status).collect();
    assert_eq!(statuses, [Some(Status::Paid), Some(Status::Credit)], "instalments by date");
}

#[test]
fn pages_of_a_large_party() {
    let many: Vec<String> = (0..5000)
        .map(|i| krav(&format!("k{i:05}"), "Skatt", &[(if i % 2 == 0 { "2024-01-01" } else { "2025-01-01" }, 100)]))
        .collect();
    let view = View::new(Data::AapneKrav(aapne(&many)), day("2024-06-01"));
    let p = view.page(Lang::Nb, 0, 50);
    assert_eq!((p.rows.len(), nbsp(&p.shown).as_str()), (50, "Viser 50 av 5 000"));
    assert!(p.rows.iter().all(|r| r.status == Some(Status::Overdue)), "overdue sort first");
    let p = view.page(Lang::En, 4990, 50);
    assert_eq!((p.start, p.end, p.rows.len(), p.shown.as_str()), (4990, 5000, 10, "Showing 5,000 of 5,000"));
    assert_eq!(p.rows[0].position, 4990);
    assert_eq!(view.page(Lang::Nb, 9999, 50).rows.len(), 0);
    assert_eq!(view.counts().overdue, 2500);
    assert_eq!(view.csv(Lang::Nb).matches("\r\n").count(), 5001);
}

#[test]
fn krav_of_a_period() {
    let k: Kravliste = serde_json::from_str(KRAV_2023).unwrap();
    let n = k.krav.len();
    let view = View::new(Data::Krav(k), day("2023-03-06"));
    assert_eq!((view.endpoint(), view.len()), (Endpoint::Krav, n));
    assert!(view.summary(Lang::Nb).is_none());
    assert_eq!(
        view.columns(Lang::En).iter().map(|c| c.key).collect::<Vec<_>>(),
        ["krav", "periode", "forfall", "status", "opprinnelig", "gjenstaar"]
    );
    assert_eq!(view.columns(Lang::Nn)[5].label, "Står att");
    assert!(view.columns(Lang::Nb)[5].numeric && !view.columns(Lang::Nb)[0].numeric);
}

#[test]
fn payments_newest_first_with_details() {
    let i: Innbetalinger = serde_json::from_str(INN_2022).unwrap();
    let view = View::new(Data::Innbetalinger(i.clone()), day("2023-01-01"));
    assert_eq!(view.len(), i.innbetaling.len());
    let dates: Vec<_> = (0..view.len()).map(|p| view.page(Lang::Nb, p, 1).rows[0].cells[0].clone()).collect();
    let parsed: Vec<Date> =
        dates.iter().filter(|d| !d.is_empty()).map(|d| day(&format!("{}-{}-{}", &d[6..], &d[3..5], &d[..2]))).collect();
    assert!(parsed.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let page = view.page(Lang::Nb, 0, 50);
    assert!(page.rows.iter().all(|r| r.status.is_none()));
    let d = view.detail(Lang::Nb, 0).unwrap();
    assert!(d.title.starts_with("Innbetaling "), "{}", d.title);
    assert_eq!(d.sections[0].fields[0].label, "Referanse");
    assert!(d.sections[0].fields[0].copy.is_some());
    assert_eq!(view.counts(), Counts { total: i.innbetaling.len(), overdue: 0 });
}

#[test]
fn payouts_with_their_basis() {
    let u: Utbetalinger = serde_json::from_str(UT_2024).unwrap();
    let view = View::new(Data::Utbetalinger(u), day("2024-05-01"));
    assert_eq!(view.len(), 3);
    let d = view.detail(Lang::En, 0).unwrap();
    assert!(d.title.starts_with("Payout "), "{}", d.title);
    let basis = d.sections.iter().find_map(|s| s.table.as_ref()).unwrap();
    assert_eq!(basis.caption, "Basis for the payout");
    assert_eq!(basis.columns.len(), basis.rows[0].len());
}

#[test]
fn csv_of_the_table_shown() {
    let a: AapneKrav = serde_json::from_str(AAPNE_2024).unwrap();
    let view = View::new(Data::AapneKrav(a), day("2023-03-01"));
    let nb = view.csv(Lang::Nb);
    let lines: Vec<&str> = nb.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert!(nb.starts_with('\u{feff}'));
    assert_eq!(lines[0], "Referanse;Krav;Periode;Forfall;Status;Opprinnelig;Gjenstår");
    assert!(lines[1].ends_with(";2023/02;21.02.2023;Forfalt;10000,00;10000,00"), "{}", lines[1]);
    assert_eq!(lines.len(), 4, "header, two rows, and the empty string after the last CRLF");
    let en = view.csv(Lang::En);
    assert!(en.contains("Reference,Claim,Period,Due date,Status,Original,Outstanding\r\n"));
    assert!(en.contains(",2023-02-21,Overdue,10000.00,10000.00\r\n"), "{en}");
    assert_eq!(view.csv_filename(), "kravkit-aapnekrav-212201782-2023-03-01.csv");
}

#[test]
fn shielded_and_empty() {
    let s: AapneKrav = canonical::from_str(r#"{"partIdentifikator":"314961900","skjermet":true}"#).unwrap();
    let view = View::new(Data::AapneKrav(s), day("2024-01-01"));
    assert!(view.skjermet() && view.is_empty());
    let sum = view.summary(Lang::Nb).unwrap();
    assert!(sum.groups.is_empty());
    assert_eq!(nbsp(&sum.totals[0].value), "kr 0,00");
    assert_eq!(view.csv(Lang::En).matches("\r\n").count(), 1, "only the header");
    let e = View::new(Data::AapneKrav(AapneKrav::default()), day("2024-01-01"));
    assert_eq!(e.csv_filename(), "kravkit-aapnekrav-2024-01-01.csv");
}

#[test]
fn totals_missing_from_the_response_are_computed() {
    let a: AapneKrav = serde_json::from_str(AAPNE_AEB).unwrap();
    let view = View::new(Data::AapneKrav(a), day("2023-03-01"));
    let s = view.summary(Lang::Nb).unwrap();
    assert_eq!(s.totals[0].oere, 2_040_000, "forfalt + ikke forfalt + renter - uplassert");
    assert_eq!(s.groups[0].name, "Skatt");
}

#[test]
fn period_picker_bounds() {
    assert_eq!(default_periode(day("2024-02-29")).fra_og_med(), day("2023-03-01"));
    assert_eq!(latest_til_og_med(day("2024-02-29")), day("2025-02-28"));
    assert_eq!(earliest_fra_og_med(day("2025-02-28")), day("2024-02-28"));
    let fra = day("2023-05-05");
    assert!(crate::skatteetaten::check_periode(fra, latest_til_og_med(fra)).is_ok());
    assert!(crate::skatteetaten::check_periode(fra, latest_til_og_med(fra).add_days(1)).is_err());
    let til = day("2024-03-01");
    assert!(crate::skatteetaten::check_periode(earliest_fra_og_med(til), til).is_ok());
    assert!(crate::skatteetaten::check_periode(earliest_fra_og_med(til).add_days(-1), til).is_err());
}

#[test]
fn kravperiode_in_words() {
    let p = |json: &str| -> Kravperiode { serde_json::from_str(json).unwrap() };
    assert_eq!(
        periode_text(&p(r#"{"periodeBeskrivelse":"januar - februar","aar":"2024"}"#), Lang::Nb),
        "januar - februar 2024"
    );
    assert_eq!(periode_text(&p(r#"{"periodeBeskrivelse":"2023/02","aar":"2023"}"#), Lang::Nb), "2023/02");
    assert_eq!(periode_text(&p(r#"{"aar":"2023"}"#), Lang::Nb), "2023");
    assert_eq!(
        periode_text(&p(r#"{"fraDato":"2024-01-01","tilDato":"2024-02-29"}"#), Lang::Nb),
        "01.01.2024\u{2013}29.02.2024"
    );
    assert_eq!(periode_text(&p("{}"), Lang::Nb), "");
}

#[test]
fn a_consent_is_due_for_renewal_in_its_last_14_days() {
    let d = |s: &str| Date::parse(s).unwrap();
    let valid_to = d("2024-05-30");
    assert_eq!(super::consent_days_left(valid_to, d("2024-05-15")), None, "15 days left");
    assert_eq!(super::consent_days_left(valid_to, d("2024-05-16")), Some(14));
    assert_eq!(super::consent_days_left(valid_to, d("2024-05-29")), Some(1));
    assert_eq!(super::consent_days_left(valid_to, d("2024-05-30")), Some(0));
    assert_eq!(super::consent_days_left(valid_to, d("2024-05-31")), None, "run out");
    // Across a year's end and a leap day.
    assert_eq!(super::consent_days_left(d("2024-03-01"), d("2024-02-28")), Some(2));
    assert_eq!(super::consent_days_left(d("2025-01-05"), d("2024-12-30")), Some(6));
}
