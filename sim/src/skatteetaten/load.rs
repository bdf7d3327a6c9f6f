//! `--data DIR`: test data from JSON files, named `{party}.aapnekrav.json`, `{party}.krav.json`,
//! `{party}.innbetalinger.json` and `{party}.utbetalinger.json`, each in the response format of that endpoint
//! (the period files' `periode` is ignored: the simulator filters by the request's period). A party in DIR
//! replaces the built-in party with the same id. Without an `aapnekrav` file, it is derived from the `krav` file
//! (claims with a remaining amount, totals computed).

use std::{collections::BTreeMap, fs, path::Path};

use chrono::NaiveDate;

use super::data::{totals, AapneKrav, PartyData, PeriodFile};
use crate::ids::is_party;

/// Reads every `{party}.{endpoint}.json` in `dir`.
pub fn load_dir(dir: &Path, today: NaiveDate) -> Result<BTreeMap<String, PartyData>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("--data {}: {e}", dir.display()))?;
    let mut files: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("--data {}: {e}", dir.display()))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        let Some(stem) = name.strip_suffix(".json") else { continue };
        let Some((party, endpoint)) = stem.split_once('.') else {
            return Err(format!("{}: name it {{party}}.{{endpoint}}.json", path.display()));
        };
        if !is_party(party) {
            return Err(format!("{}: {party:?} is not a valid organisasjonsnummer or fødselsnummer", path.display()));
        }
        if !["aapnekrav", "krav", "innbetalinger", "utbetalinger"].contains(&endpoint) {
            return Err(format!("{}: unknown endpoint {endpoint:?}", path.display()));
        }
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        files.entry(party.to_owned()).or_default().insert(endpoint.to_owned(), text);
    }
    let mut out = BTreeMap::new();
    for (party, eps) in files {
        let period = |ep: &str| -> Result<PeriodFile, String> {
            eps.get(ep)
                .map(|t| serde_json::from_str(t).map_err(|e| format!("{party}.{ep}.json: {e}")))
                .transpose()
                .map(Option::unwrap_or_default)
        };
        let (krav, inn, ut) = (period("krav")?, period("innbetalinger")?, period("utbetalinger")?);
        let aapnekrav = match eps.get("aapnekrav") {
            Some(t) => serde_json::from_str::<AapneKrav>(t).map_err(|e| format!("{party}.aapnekrav.json: {e}"))?,
            None => {
                let open: Vec<_> = krav.krav.iter().filter(|k| k.gjenstaaende_beloep.0 > 0).cloned().collect();
                let unplaced: Vec<_> = inn.innbetaling.iter().filter(|i| i.uplassert_beloep.0 > 0).cloned().collect();
                let (total, groups) = totals(&today.to_string(), &open, &unplaced);
                AapneKrav {
                    part_identifikator: party.clone(),
                    skjermet: false,
                    aapent_krav_med_gjenstaaende_beloep: open,
                    innbetaling_med_uplassert_beloep: unplaced,
                    total_oversikt: total,
                    oversikt_per_kravgruppe: groups,
                }
            }
        };
        let skjermet = aapnekrav.skjermet || krav.skjermet || inn.skjermet || ut.skjermet;
        let data = PartyData {
            aapnekrav: AapneKrav { part_identifikator: party.clone(), skjermet, ..aapnekrav },
            krav: krav.krav,
            innbetalinger: inn.innbetaling,
            utbetalinger: ut.utbetaling,
            skjermet,
            story: format!("loaded from {}", dir.display()),
        };
        out.insert(party, data);
    }
    Ok(out)
}
