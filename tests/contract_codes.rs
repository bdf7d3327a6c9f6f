//! The problem codes exist once, in `kravkit::api::problem`: the Worker's OpenAPI document, its prose reference,
//! the browser package's TypeScript types and the widget's own code literals are checked against them here, so
//! none of them can add, drop or misspell a code.

use std::collections::BTreeSet;
use std::path::Path;

use kravkit::api::problem::{ClientCode, ProblemCode};

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn problem_codes() -> BTreeSet<String> {
    ProblemCode::ALL.iter().map(|c| c.as_str().to_owned()).collect()
}

fn client_codes() -> BTreeSet<String> {
    ClientCode::ALL.iter().map(|c| c.as_str().to_owned()).collect()
}

/// The single-quoted members of the TypeScript union `export type <name> = ...;`.
fn ts_union(dts: &str, name: &str) -> BTreeSet<String> {
    let start = dts.find(&format!("export type {name} =")).unwrap_or_else(|| panic!("no type {name}"));
    let body = &dts[start..];
    let body = &body[..body.find(';').expect("the union ends with ;")];
    body.split('\'').skip(1).step_by(2).map(str::to_owned).collect()
}

#[test]
fn openapi_lists_exactly_the_problem_codes() {
    let doc: serde_json::Value = serde_json::from_str(&read("worker/openapi.json")).unwrap();
    let code = &doc["components"]["schemas"]["Problem"]["properties"]["code"];
    let listed: BTreeSet<String> =
        code["enum"].as_array().expect("an enum").iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    assert_eq!(listed, problem_codes());
}

#[test]
fn the_reference_table_has_every_code_with_its_status() {
    let doc = read("docs/worker-api.md");
    let table = &doc[doc.find("## Problem codes").expect("the section")..];
    let table = &table[..table[3..].find("\n## ").map_or(table.len(), |i| i + 3)];
    let mut seen = BTreeSet::new();
    for row in table.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let status: u16 = cells[2].parse().unwrap_or_else(|_| panic!("status of {row}"));
        for code in cells[1].split('`').skip(1).step_by(2) {
            let parsed: ProblemCode = code.parse().unwrap_or_else(|e| panic!("{e} in docs/worker-api.md"));
            assert_eq!(parsed.status(), status, "{code}");
            assert!(seen.insert(code.to_owned()), "{code} twice");
        }
    }
    assert_eq!(seen, problem_codes());
}

#[test]
fn the_typescript_unions_are_exactly_the_codes() {
    let dts = read("pkg-js/src/types.d.ts");
    assert_eq!(ts_union(&dts, "WorkerErrorCode"), problem_codes());
    assert_eq!(ts_union(&dts, "ClientErrorCode"), client_codes());
}

/// The widget names codes in three ways: `code: '…'`, a fallback `|| '…'`, and the keys of `CONSENT_CODES`. Each
/// must be a code something can send.
#[test]
fn the_widget_names_only_known_codes() {
    let js = read("pkg-js/js/kravkit-oversikt.js");
    let known: BTreeSet<String> = problem_codes().union(&client_codes()).cloned().collect();
    let mut named = BTreeSet::new();
    for marker in ["code: '", "|| '"] {
        for piece in js.split(marker).skip(1) {
            named.insert(piece[..piece.find('\'').unwrap()].to_owned());
        }
    }
    let consent = &js[js.find("const CONSENT_CODES = {").expect("CONSENT_CODES")..];
    let consent = &consent[consent.find('{').unwrap() + 1..consent.find('}').unwrap()];
    let keys: Vec<String> = consent.split(',').map(|kv| kv.split(':').next().unwrap().trim().to_owned()).collect();
    assert_eq!(keys, [ProblemCode::ConsentRequired.as_str(), ProblemCode::ConsentRevoked.as_str()]);
    named.extend(keys);
    assert!(named.len() >= 5, "the scan found too little: {named:?}");
    let unknown: Vec<&String> = named.iter().filter(|c| !known.contains(*c)).collect();
    assert!(unknown.is_empty(), "the widget names codes nothing sends: {unknown:?}");
}
