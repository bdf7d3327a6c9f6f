//! The test data: every party's totals add up, each party tells its own story, and `--data DIR` loads files.

mod common;

use std::collections::BTreeMap;

use common::*;
use serde_json::{json, Value};

fn ore(v: &Value) -> i64 {
    (v.as_f64().unwrap_or_else(|| panic!("not a number: {v}")) * 100.0).round() as i64
}

fn list<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key].as_array().unwrap_or_else(|| panic!("no {key} in {v}"))
}

/// Recomputes an `aapnekrav` answer's sums from its claims (independently of the simulator's code) and compares.
fn check_totals(v: &Value, today: &str) {
    let mut groups: BTreeMap<String, [i64; 3]> = BTreeMap::new();
    for k in list(v, "aapentKravMedGjenstaaendeBeloep") {
        let g = groups.entry(k["kravgruppe"].as_str().unwrap().to_owned()).or_default();
        let mut remaining = 0;
        let mut original = 0;
        for f in list(k, "kravforfall") {
            let placed: i64 = list(f, "plassertInnbetaling").iter().map(|p| ore(&p["plassertBeloep"])).sum::<i64>()
                + list(f, "plassertMotkrav").iter().map(|p| ore(&p["plassertBeloep"])).sum::<i64>();
            assert_eq!(ore(&f["gjenstaaendeBeloep"]), ore(&f["opprinneligBeloep"]) + placed, "kravforfall {f}");
            let left = ore(&f["gjenstaaendeBeloep"]);
            if f["forfallsdato"].as_str().unwrap() < today {
                g[0] += left;
            } else {
                g[1] += left;
            }
            remaining += left;
            original += ore(&f["opprinneligBeloep"]);
        }
        assert_eq!(ore(&k["gjenstaaendeBeloep"]), remaining, "krav {}", k["kravidentifikator"]);
        assert_eq!(ore(&k["opprinneligBeloep"]), original, "krav {}", k["kravidentifikator"]);
        assert!(remaining > 0, "an open claim has something left");
        g[2] += k.get("stipulerteRenter").map_or(0, ore);
    }
    let per_group = list(v, "oversiktPerKravgruppe");
    assert_eq!(per_group.len(), groups.len());
    for o in per_group {
        let [f, i, r] = groups[o["kravgruppe"].as_str().unwrap()];
        assert_eq!(
            (ore(&o["sumForfalteKrav"]), ore(&o["sumIkkeForfalteKrav"]), ore(&o["sumStipulerteRenter"])),
            (f, i, r),
            "{o}"
        );
        assert_eq!(ore(&o["saldo"]), f + i + r, "{o}");
    }
    let t = &v["totalOversikt"];
    let sum = |n: usize| groups.values().map(|g| g[n]).sum::<i64>();
    let unplaced: i64 = list(v, "innbetalingMedUplassertBeloep").iter().map(|i| ore(&i["uplassertBeloep"])).sum();
    assert_eq!(ore(&t["sumForfalteKrav"]), sum(0));
    assert_eq!(ore(&t["sumIkkeForfalteKrav"]), sum(1));
    assert_eq!(ore(&t["sumStipulerteRenter"]), sum(2));
    assert_eq!(ore(&t["sumUplasserteInnbetalinger"]), unplaced);
    // saldo = sumForfalteKrav + sumIkkeForfalteKrav + sumStipulerteRenter − sumUplasserteInnbetalinger
    assert_eq!(
        ore(&t["saldo"]),
        ore(&t["sumForfalteKrav"]) + ore(&t["sumIkkeForfalteKrav"]) + ore(&t["sumStipulerteRenter"])
            - ore(&t["sumUplasserteInnbetalinger"])
    );
}

fn aapnekrav(sim: &Sim, party: &str) -> Value {
    let (_, token) = consent3_token(sim, party);
    let r = sim.ske(&format!("{party}/aapnekrav"), &token, &[]);
    assert_eq!(r.status, 200, "{party}: {}", r.body);
    r.json()
}

#[test]
fn every_test_partys_totals_add_up() {
    let sim = start();
    let config = sim.get("/config", &[]).json();
    let today = config["data"]["today"].as_str().unwrap().to_owned();
    let parties: Vec<String> =
        list(&config["data"], "parties").iter().map(|p| p["party"].as_str().unwrap().to_owned()).collect();
    assert_eq!(parties, ["212201782", "311851381", "313367002", "314055403", "314961900"]);
    for party in &parties {
        let v = aapnekrav(&sim, party);
        assert_eq!(v["partIdentifikator"], party.as_str());
        check_totals(&v, &today);
    }
}

#[test]
fn each_party_has_its_own_story() {
    let sim = start();
    let today: chrono::NaiveDate = sim.get("/config", &[]).json()["data"]["today"].as_str().unwrap().parse().unwrap();
    let year = format!("fraOgMed={}&tilOgMed={today}", today - chrono::Duration::days(365));

    // A busy ENK: overdue and not yet due, interest, an unplaced payment, several groups.
    let busy = aapnekrav(&sim, "313367002");
    let t = &busy["totalOversikt"];
    assert!(ore(&t["sumForfalteKrav"]) > 0 && ore(&t["sumIkkeForfalteKrav"]) > 0);
    assert!(ore(&t["sumStipulerteRenter"]) > 0 && ore(&t["sumUplasserteInnbetalinger"]) > 0);
    assert!(list(&busy, "oversiktPerKravgruppe").len() >= 5);
    let k = &list(&busy, "aapentKravMedGjenstaaendeBeloep")[0];
    assert!(k["kravbeskrivelse"]["spraakTekst"][0]["tekst"].is_string() && k["kravperiode"].is_object());
    assert!(k["kravforfall"][0]["betalingsinformasjon"]["kidnummer"].is_string());

    // The documented example: the owner's personal restskatt appears next to the firm's.
    let example = aapnekrav(&sim, "212201782");
    let parts: Vec<&str> = list(&example, "aapentKravMedGjenstaaendeBeloep")
        .iter()
        .map(|k| k["partIdentifikator"].as_str().unwrap())
        .collect();
    assert!(parts.contains(&"212201782") && parts.contains(&"04827896468"));

    // No claims: empty lists, zero totals; the period endpoints say KB-007.
    let empty = aapnekrav(&sim, "311851381");
    assert!(
        list(&empty, "aapentKravMedGjenstaaendeBeloep").is_empty()
            && list(&empty, "innbetalingMedUplassertBeloep").is_empty()
    );
    assert_eq!(ore(&empty["totalOversikt"]["saldo"]), 0);
    let (_, token) = consent3_token(&sim, "311851381");
    sim.ske(&format!("311851381/krav?{year}"), &token, &[]).assert_ske(404, "KB-007");

    // Shielded: skjermet everywhere, nothing shown.
    let shielded = aapnekrav(&sim, "314961900");
    assert_eq!(shielded["skjermet"], true);
    assert!(list(&shielded, "aapentKravMedGjenstaaendeBeloep").is_empty());
    let (_, token) = consent3_token(&sim, "314961900");
    let k = sim.ske(&format!("314961900/krav?{year}"), &token, &[]);
    assert_eq!(k.status, 200);
    assert_eq!((k.json()["skjermet"].clone(), k.json()["krav"].clone()), (json!(true), json!([])));

    // Large: 5,000 claims in the last year, most of them open.
    let large = aapnekrav(&sim, "314055403");
    assert!(list(&large, "aapentKravMedGjenstaaendeBeloep").len() > 4_000);
    let (_, token) = consent3_token(&sim, "314055403");
    let all = sim.ske(&format!("314055403/krav?{year}"), &token, &[]).json();
    assert_eq!(list(&all, "krav").len(), 5_000);
    // Deterministic: a second simulator serves the same claims.
    let again = start();
    let large2 = aapnekrav(&again, "314055403");
    assert_eq!(large["aapentKravMedGjenstaaendeBeloep"][17], large2["aapentKravMedGjenstaaendeBeloep"][17]);
}

#[test]
fn data_dir_loads_parties_and_derives_open_claims() {
    let sim = start();
    let today = sim.get("/config", &[]).json()["data"]["today"].as_str().unwrap().to_owned();
    let (_, token) = consent3_token(&sim, "313367002");
    let t: chrono::NaiveDate = today.parse().unwrap();
    let krav = sim
        .ske(&format!("313367002/krav?fraOgMed={}&tilOgMed={today}", t - chrono::Duration::days(365)), &token, &[])
        .json();

    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kravkit-sim-data-test");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("310478717.krav.json"), krav.to_string()).unwrap();
    std::fs::write(
        dir.join("311851381.aapnekrav.json"),
        json!({"partIdentifikator": "311851381", "skjermet": true}).to_string(),
    )
    .unwrap();
    let loaded = start_with(|o| o.data_dir = Some(dir.clone()));
    let v = aapnekrav(&loaded, "310478717");
    let open = list(&krav, "krav").iter().filter(|k| ore(&k["gjenstaaendeBeloep"]) > 0).count();
    assert_eq!(list(&v, "aapentKravMedGjenstaaendeBeloep").len(), open);
    check_totals(&v, &today);
    assert_eq!(aapnekrav(&loaded, "311851381")["skjermet"], true, "a file replaces the built-in party");

    std::fs::write(dir.join("bad-name.json"), "{}").unwrap();
    let err = kravkit_sim::skatteetaten::load::load_dir(&dir, t).unwrap_err();
    assert!(err.contains("bad-name.json"), "{err}");
}
