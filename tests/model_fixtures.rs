//! Every Skatteetaten example response on disk parses, round-trips through the canonical form, and carries the
//! documented values. Walks the crate's copy (`fixtures/skatteetaten`) and, when present, the shared set next to
//! the crate (`../shared/fixtures/skatteetaten`), so a new version directory is tested without code changes.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use kravkit::http::HttpResponse;
use kravkit::model::{canonical, AapneKrav, Amount, Innbetalinger, Kravliste, Utbetalinger};
use kravkit::skatteetaten::parse;
use serde_json::Value;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every endpoint example under `root`, recursively; `errors/` and `request-urls.json` are metadata.
fn endpoint_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if name != "errors" {
                    dirs.push(path);
                }
            } else if ["aapnekrav.json", "krav.json", "innbetalinger.json", "utbetalinger.json"]
                .contains(&name.as_str())
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn must<T>(result: Result<T, kravkit::skatteetaten::ApiError>, path: &Path) -> T {
    result.unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ok(body: &[u8]) -> HttpResponse {
    HttpResponse::new(200, body.to_vec())
}

/// Checks the canonical form of a model: integer amounts, only new field names, text as language maps, and that
/// it reads back to the same value.
fn check_canonical<T>(model: &T, path: &Path)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = serde_json::to_string(model).unwrap();
    let back: T =
        canonical::from_str(&text).unwrap_or_else(|e| panic!("{}: canonical does not parse: {e}", path.display()));
    assert_eq!(&back, model, "{}: canonical round trip", path.display());
    let value: Value = serde_json::from_str(&text).unwrap();
    walk(&value, &mut |key, v| {
        let amount_key = key.ends_with("Beloep") || key.ends_with("beloep") || key.starts_with("sum") || key == "saldo";
        if (amount_key || key == "stipulerteRenter") && !v.is_array() {
            assert!(v.is_null() || v.is_i64(), "{}: {key} = {v} is not integer øre", path.display());
        }
        for old in [
            "plasseringsdato",
            "betaltFra",
            "betaltTilKonto",
            "plassertInnbetalingMotKrav",
            "spraakTekst",
            "utbetaltdato",
            "kravforfallIdentifikator",
            "kravforfallidentifikator",
            "innbetalingsIdentifikator",
        ] {
            assert_ne!(key, old, "{}: old name in canonical form", path.display());
        }
        if ["kravbeskrivelse", "periodeBeskrivelse"].contains(&key) {
            assert!(v.is_null() || v.as_object().is_some_and(|o| o.values().all(Value::is_string)), "{key}: {v}");
        }
    });
}

fn walk(v: &Value, f: &mut impl FnMut(&str, &Value)) {
    match v {
        Value::Object(map) => map.iter().for_each(|(k, x)| {
            f(k, x);
            walk(x, f);
        }),
        Value::Array(items) => items.iter().for_each(|x| walk(x, f)),
        _ => {}
    }
}

/// The number of items of a list in the source document (0 when absent).
fn source_len(source: &Value, key: &str) -> usize {
    source.get(key).and_then(Value::as_array).map_or(0, Vec::len)
}

fn parse_all_under(root: &Path) -> [usize; 4] {
    let mut counts = [0; 4];
    for path in endpoint_files(root) {
        let body = std::fs::read(&path).unwrap();
        let source: Value = serde_json::from_slice(&body).unwrap();
        match path.file_name().unwrap().to_str().unwrap() {
            "aapnekrav.json" => {
                let m = must(parse::<AapneKrav>(&ok(&body)), &path);
                assert_eq!(
                    m.aapent_krav_med_gjenstaaende_beloep.len(),
                    source_len(&source, "aapentKravMedGjenstaaendeBeloep")
                );
                assert_eq!(
                    m.innbetaling_med_uplassert_beloep.len(),
                    source_len(&source, "innbetalingMedUplassertBeloep")
                );
                assert_eq!(m.total_oversikt.is_some(), source.get("totalOversikt").is_some());
                check_canonical(&m, &path);
                counts[0] += 1;
            }
            "krav.json" => {
                let m = must(parse::<Kravliste>(&ok(&body)), &path);
                assert_eq!(m.krav.len(), source_len(&source, "krav"));
                check_canonical(&m, &path);
                counts[1] += 1;
            }
            "innbetalinger.json" => {
                let m = must(parse::<Innbetalinger>(&ok(&body)), &path);
                assert_eq!(m.innbetaling.len(), source_len(&source, "innbetaling"));
                check_canonical(&m, &path);
                counts[2] += 1;
            }
            _ => {
                let m = must(parse::<Utbetalinger>(&ok(&body)), &path);
                assert_eq!(m.utbetaling.len(), source_len(&source, "utbetaling"));
                check_canonical(&m, &path);
                counts[3] += 1;
            }
        }
    }
    counts
}

#[test]
fn every_example_response_parses_and_round_trips() {
    let repo = crate_dir().join("fixtures/skatteetaten");
    let [a, k, i, u] = parse_all_under(&repo);
    // 4 versions: 2022-12, 2023-03 (no utbetalinger yet), 2024-04 and its later revision.
    assert!(a >= 4 && k >= 4 && i >= 4 && u >= 2, "found too few fixtures: {a} {k} {i} {u}");
    let shared = crate_dir().join("../shared/fixtures/skatteetaten");
    if shared.is_dir() {
        let n: usize = parse_all_under(&shared).iter().sum();
        assert!(n >= 14, "found only {n} fixtures under {}", shared.display());
    }
}

fn read<T: serde::de::DeserializeOwned>(version: &str, file: &str) -> T {
    let path = crate_dir().join("fixtures/skatteetaten").join(version).join(file);
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn oere(a: Amount) -> i64 {
    a.oere()
}

#[test]
fn version_2022_12_old_names_and_plain_texts() {
    let a: AapneKrav = read("2022-12-14", "aapnekrav.json");
    assert_eq!(a.part_identifikator.as_ref().unwrap().as_str(), "310478717");
    assert!(!a.skjermet, "absent skjermet reads as false");
    let k = &a.aapent_krav_med_gjenstaaende_beloep[0];
    assert_eq!(k.kravidentifikator.as_str(), "krav-1234");
    assert_eq!(k.kravbeskrivelse.as_ref().unwrap().get("nb"), Some("Restskatt"));
    assert_eq!(k.kravperiode.as_ref().unwrap().periode_beskrivelse.as_ref().unwrap().get("nb"), Some("2022/09"));
    assert_eq!((oere(k.opprinnelig_beloep), oere(k.stipulerte_renter.unwrap())), (100_000, 2_000));
    assert_eq!(k.opprettelsesdato_for_krav.unwrap().to_string(), "2022-08-28");
    let f = &k.kravforfall[0];
    assert_eq!(f.utsatt_iverksettelse, Some(false));
    assert_eq!(f.kravforfalls_identifikator.as_ref().unwrap().as_str(), "6bf527ce-432d-48fe-aba1-cfc2c2d266e5");
    let p = &f.plassert_innbetaling[0];
    assert_eq!(p.plassert_dato.unwrap().to_string(), "2022-09-28", "from plasseringsdato");
    assert!(p.innbetalt_fra.is_some(), "from betaltFra");
    assert_eq!(p.innbetalingsidentifikator.as_ref().unwrap().as_str(), "inn-1234");
    let i = &a.innbetaling_med_uplassert_beloep[0];
    assert_eq!(i.mottakers_kontonummer.as_ref().unwrap().kontonummer.as_ref().unwrap().as_str(), "98766543210");
    let fra = i.innbetalt_fra.as_ref().unwrap().konto.as_ref().unwrap();
    assert_eq!(fra.kontoeiers_navn.as_deref(), Some("BERIKENDE EVIG KATT HANKATT"));
    let t = a.total_oversikt.unwrap();
    assert_eq!((oere(t.saldo.unwrap()), oere(t.sum_stipulerte_renter.unwrap())), (102_000, 2_000));
    assert_eq!(oere(a.oversikt_per_kravgruppe[0].sum_forfalte_krav.unwrap()), 100_000);

    let k: Kravliste = read("2022-12-14", "krav.json");
    let periode = k.periode.unwrap();
    assert_eq!(
        (periode.fra_og_med.unwrap().to_string(), periode.til_og_med.unwrap().to_string()),
        ("2022-01-01".into(), "2023-01-01".into())
    );
    let konto = k.krav[0].kravforfall[0].betalingsinformasjon.as_ref().unwrap().konto.as_ref().unwrap();
    assert_eq!(konto.kontonummer.as_ref().unwrap().as_str(), "82561901224");

    let i: Innbetalinger = read("2022-12-14", "innbetalinger.json");
    let inn = &i.innbetaling[0];
    assert_eq!((inn.innbetalingsidentifikator.as_str(), oere(inn.innbetalt_beloep)), ("inn-12345", 100_000));
    let fra = inn.innbetalt_fra.as_ref().unwrap().konto.as_ref().unwrap();
    assert_eq!(
        fra.kontoeiers_navn.as_deref(),
        Some("HEVNGJERRIG EKTE KATT KRYDDER"),
        "betaltFra read into innbetaltFra"
    );
    assert!(inn.plassert_krav.is_empty(), "from plassertInnbetalingMotKrav: []");
    assert_eq!(inn.innbetalingstype.as_deref(), Some("bankoverføring"));
}

#[test]
fn version_2023_03_matches_2022_12_content() {
    // The 2023-03 examples are the 2022-12 ones (only the Åpne krav path changed).
    for file in ["aapnekrav.json", "krav.json", "innbetalinger.json"] {
        let a: Value = read("2023-03-06", file);
        let b: Value = read("2022-12-14", file);
        assert_eq!(a, b, "{file}");
    }
    let k: Kravliste = read("2023-03-06", "krav.json");
    let f = &k.krav[0].kravforfall[0];
    assert_eq!((oere(f.opprinnelig_beloep), oere(f.plassert_innbetaling[0].plassert_beloep)), (100_000, -100_000));
    assert_eq!(f.plassert_innbetaling[0].innbetalingsidentifikator.as_ref().unwrap().as_str(), "inn-123456");
}

#[test]
fn version_2024_04_new_names_and_language_texts() {
    let a: AapneKrav = read("2024-04-24", "aapnekrav.json");
    let t = a.total_oversikt.as_ref().unwrap();
    assert_eq!(oere(t.saldo.unwrap()), 2_040_000);
    assert_eq!(oere(t.sum_forfalte_krav.unwrap()), 2_000_000);
    assert_eq!(oere(t.sum_ikke_forfalte_krav.unwrap()), 0);
    assert_eq!(oere(a.oversikt_per_kravgruppe[0].sum_stipulerte_renter.unwrap()), 40_000);
    let k: Kravliste = read("2024-04-24", "krav.json");
    assert_eq!(k.krav.len(), 2);
    assert!(k.krav[1].part_identifikator.as_ref().unwrap().looks_like_person());
    let f = &k.krav[0].kravforfall[0];
    assert_eq!(f.forfallsdato.unwrap().to_string(), "2023-02-21");
    assert_eq!(f.betalingsinformasjon.as_ref().unwrap().konto.as_ref().unwrap().swift_bic.as_deref(), Some("NDEANOKK"));
    let m = &f.plassert_motkrav[0];
    assert_eq!((oere(m.plassert_beloep), m.kravtype.as_deref()), (-100_000, Some("RESTSKATT")));
    assert_eq!(m.kravperiode.as_ref().unwrap().periode_beskrivelse.as_ref().unwrap().get("nb"), Some("2023/02"));
    assert_eq!(k.krav[0].fastsettingsmaate.as_deref(), Some("blank"));

    let i: Innbetalinger = read("2024-04-24", "innbetalinger.json");
    assert_eq!(i.innbetaling.len(), 2);
    assert_eq!(oere(i.innbetaling[0].uplassert_beloep.unwrap()), 0);
    let fra = i.innbetaling[0].innbetalt_fra.as_ref().unwrap().konto.as_ref().unwrap();
    assert_eq!(fra.kontonummer.as_ref().unwrap().as_str(), "******43210");

    let u: Utbetalinger = read("2024-04-24", "utbetalinger.json");
    assert_eq!(u.part_identifikator.as_ref().unwrap().as_str(), "312438623");
    assert_eq!(u.utbetaling.len(), 3);
    let ut = &u.utbetaling[0];
    assert_eq!(ut.utbetalingsidentifikator.as_str(), "147654");
    assert_eq!(ut.utbetalt_dato.unwrap().to_string(), "2023-08-21", "from utbetaltdato");
    assert_eq!(oere(ut.utbetalt_beloep), 6_237_400);
    assert_eq!(ut.utbetalingstatus.as_deref(), Some("bekreftet"));
    let til = ut.betalt_til.as_ref().unwrap();
    assert_eq!(til.melding_sendt_til_mottaker.as_deref(), Some("Tilgode skatt 2023"));
    let kk = &ut.grunnlag_for_utbetaling.as_ref().unwrap().kredit_krav[0];
    assert_eq!(kk.kravforfalls_identifikator.as_ref().unwrap().as_str(), "6412123", "from kravforfallidentifikator");
    assert_eq!((oere(kk.opprinnelig_beloep.unwrap()), oere(kk.utbetalt_beloep.unwrap())), (-6_237_400, 6_237_400));
    let periode = kk.kravperiode.as_ref().unwrap();
    assert_eq!(
        (periode.aar.as_deref(), periode.periode_beskrivelse.as_ref().unwrap().get("nb")),
        (Some("2023"), Some("Inntektstår"))
    );
    assert_eq!(kk.kravbeskrivelse.as_ref().unwrap().best(&["en"]), Some("Tibakebetaling restskatt - 2023"));
}

#[test]
fn revision_aeb4591d_drops_the_totals_only() {
    let later: AapneKrav = read("2024-04-24-aeb4591d", "aapnekrav.json");
    let earlier: AapneKrav = read("2024-04-24", "aapnekrav.json");
    assert_eq!((later.total_oversikt.as_ref(), later.oversikt_per_kravgruppe.len()), (None, 0));
    assert_eq!(later.aapent_krav_med_gjenstaaende_beloep, earlier.aapent_krav_med_gjenstaaende_beloep);
    assert_eq!(later.innbetaling_med_uplassert_beloep, earlier.innbetaling_med_uplassert_beloep);
    let u1: Utbetalinger = read("2024-04-24-aeb4591d", "utbetalinger.json");
    let u2: Utbetalinger = read("2024-04-24", "utbetalinger.json");
    assert_eq!(u1, u2);
}

#[test]
fn the_canonical_shape_is_pinned() {
    let a: AapneKrav = read("2022-12-14", "aapnekrav.json");
    let p = &a.aapent_krav_med_gjenstaaende_beloep[0].kravforfall[0].plassert_innbetaling[0];
    assert_eq!(
        serde_json::to_string(p).unwrap(),
        r#"{"innbetalingsidentifikator":"inn-1234","plassertBeloep":-100000,"plassertDato":"2022-09-28","innbetalingsdato":null,"innbetaltBeloep":null,"innbetaltFra":{"kidnummer":null,"meldingSendtTilMottaker":null,"konto":{"kontonummer":null,"kontoeiersNavn":null,"iban":null,"swiftBIC":null,"bankinformasjon":null},"valutakode":null},"innbetalingstype":null}"#
    );
    let t = serde_json::to_value(a.total_oversikt.unwrap()).unwrap();
    assert_eq!(
        t,
        serde_json::json!({"sumStipulerteRenter": 2000, "sumForfalteKrav": 100000, "sumIkkeForfalteKrav": 0,
            "sumUplasserteInnbetalinger": 0, "saldo": 102000})
    );
    let k = serde_json::to_value(&a.aapent_krav_med_gjenstaaende_beloep[0]).unwrap();
    assert_eq!(k["kravbeskrivelse"], serde_json::json!({"nb": "Restskatt"}));
    assert_eq!(
        k["kravperiode"],
        serde_json::json!({"periodeBeskrivelse": {"nb": "2022/09"}, "aar": null, "fraDato": null, "tilDato": null,
            "terminTekniskNavn": null})
    );
    let mut keys: Vec<&str> = k.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = [
        "partIdentifikator",
        "kravidentifikator",
        "kravtype",
        "kravbeskrivelse",
        "kravgruppe",
        "kravperiode",
        "opprettelsesdatoForKrav",
        "fastsettingsmaate",
        "hovedstolKravidentifikator",
        "opprinneligBeloep",
        "gjenstaaendeBeloep",
        "stipulerteRenter",
        "kravforfall",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
}
