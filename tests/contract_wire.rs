//! The Worker's JSON answers exist once, as the core's types (`kravkit::api`, `kravkit::model`): what they
//! serialise to is checked here against the OpenAPI document's schemas and the browser package's TypeScript
//! interfaces, both ways: no field the types send is missing from either, and neither lists a field the types
//! never send.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use kravkit::api::consent::{ConsentOutcome, ConsentStarted, ConsentView, StartConsent};
use kravkit::api::problem::{ProblemBody, ProblemCode};
use kravkit::consent::{ConsentMode, ConsentRecord, ConsentRef, ConsentStatus};
use kravkit::http::HttpResponse;
use kravkit::ids::ConsentRequestId;
use kravkit::model::{AapneKrav, Innbetalinger, Kravliste, Utbetalinger};
use kravkit::skatteetaten::parse;
use kravkit::UnixTime;
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    let full = root().join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn openapi() -> Value {
    serde_json::from_str(&read("worker/openapi.json")).unwrap()
}

/// The properties of each component schema a sample reached, by component name.
type Seen = BTreeMap<String, BTreeSet<String>>;

/// Checks `value` against `schema` (the subset of JSON Schema the document uses: `$ref`, `type`, `enum`,
/// `properties`, `required`, `additionalProperties`, `items`, `anyOf`), recording the component properties it
/// reached in `seen`.
fn check(doc: &Value, schema: &Value, value: &Value, at: &str, seen: &mut Seen) -> Result<(), String> {
    check_in(doc, schema, value, at, None, seen)
}

fn check_in(
    doc: &Value,
    schema: &Value,
    value: &Value,
    at: &str,
    component: Option<&str>,
    seen: &mut Seen,
) -> Result<(), String> {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.strip_prefix("#/components/schemas/").ok_or_else(|| format!("{at}: ref {r}"))?;
        let target = &doc["components"]["schemas"][name];
        if target.is_null() {
            return Err(format!("{at}: no component {name}"));
        }
        return check_in(doc, target, value, at, Some(name), seen);
    }
    if let Some(branches) = schema["anyOf"].as_array().or(schema["oneOf"].as_array()) {
        let mut why = Vec::new();
        for b in branches {
            let mut trial = seen.clone();
            match check_in(doc, b, value, at, component, &mut trial) {
                Ok(()) => {
                    *seen = trial;
                    return Ok(());
                }
                Err(e) => why.push(e),
            }
        }
        return Err(format!("{at}: no branch matches: {}", why.join("; ")));
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            return Err(format!("{at}: {value} not in {allowed:?}"));
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let admitted = types.is_empty() || types.contains(&kind) || (kind == "integer" && types.contains(&"number"));
    if !admitted {
        return Err(format!("{at}: {kind} where the schema says {types:?}"));
    }
    match value {
        Value::Object(map) => {
            let props = schema["properties"].as_object();
            for (k, v) in map {
                match props.and_then(|p| p.get(k)) {
                    Some(s) => {
                        if let Some(c) = component {
                            seen.entry(c.to_owned()).or_default().insert(k.clone());
                        }
                        check_in(doc, s, v, &format!("{at}.{k}"), None, seen)?;
                    }
                    None if schema["additionalProperties"] == Value::Bool(false) => {
                        return Err(format!("{at}: {k} is not in the schema"));
                    }
                    None => {
                        if let Some(s) = schema["additionalProperties"].as_object() {
                            check_in(doc, &Value::Object(s.clone()), v, &format!("{at}.{k}"), None, seen)?;
                        }
                    }
                }
            }
            for r in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if !map.contains_key(r) {
                    return Err(format!("{at}: required {r} is missing"));
                }
            }
        }
        Value::Array(items) if schema["items"].is_object() => {
            for (i, item) in items.iter().enumerate() {
                check_in(doc, &schema["items"], item, &format!("{at}[{i}]"), None, seen)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn component(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn properties(doc: &Value, name: &str) -> BTreeSet<String> {
    doc["components"]["schemas"][name]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{name} has no properties"))
        .keys()
        .cloned()
        .collect()
}

/// Every sample of the consent routes and problems: each status, mode, code and optional field.
fn consent_samples() -> Vec<(&'static str, Value)> {
    let mut out = vec![
        (
            "ConsentStartRequest",
            json!(StartConsent {
                party: "313367002".into(),
                return_url: "https://bank.example/".into(),
                party_name: None
            }),
        ),
        (
            "ConsentStartRequest",
            json!(StartConsent {
                party: "313367002".into(),
                return_url: "https://bank.example/".into(),
                party_name: Some("Bakeriet AS".into())
            }),
        ),
    ];
    for &mode in ConsentMode::ALL {
        let started =
            ConsentStarted { redirect_url: "https://altinn.example/c".into(), party: "313367002".into(), mode };
        out.push(("ConsentStarted", json!(started)));
        let now = UnixTime::from_secs(1_800_000_000);
        out.push(("ConsentStatus", json!(ConsentView::of("313367002", mode, None, now))));
        for &status in ConsentStatus::ALL.iter().filter(|&&s| s != ConsentStatus::None) {
            let record = ConsentRecord {
                reference: ConsentRef::Altinn3(ConsentRequestId::new_v4([7; 16])),
                status,
                valid_to: Some(UnixTime::from_secs(1_800_000_000 + 86_400)),
                updated_at: now,
            };
            out.push(("ConsentStatus", json!(ConsentView::of("313367002", mode, Some(&record), now))));
        }
    }
    for &code in ProblemCode::ALL {
        out.push(("Problem", json!(ProblemBody::new(code, "why", None))));
        out.push(("Problem", json!(ProblemBody::new(code, "why", Some("k-1".into())))));
    }
    out
}

/// The canonical form of every Skatteetaten example on disk, by component name.
fn model_samples() -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    let roots = [root().join("fixtures/skatteetaten"), root().join("../shared/fixtures/skatteetaten")];
    let mut dirs: Vec<PathBuf> = roots.into_iter().filter(|p| p.is_dir()).collect();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("errors") {
                    dirs.push(path);
                }
                continue;
            }
            let answer = HttpResponse::new(200, std::fs::read(&path).unwrap());
            let fail = |e: kravkit::skatteetaten::ApiError| -> Value { panic!("{}: {e}", path.display()) };
            let sample = match path.file_name().and_then(|n| n.to_str()) {
                Some("aapnekrav.json") => ("AapneKrav", parse::<AapneKrav>(&answer).map_or_else(fail, |m| json!(m))),
                Some("krav.json") => ("Kravliste", parse::<Kravliste>(&answer).map_or_else(fail, |m| json!(m))),
                Some("innbetalinger.json") => {
                    ("Innbetalinger", parse::<Innbetalinger>(&answer).map_or_else(fail, |m| json!(m)))
                }
                Some("utbetalinger.json") => {
                    ("Utbetalinger", parse::<Utbetalinger>(&answer).map_or_else(fail, |m| json!(m)))
                }
                _ => continue,
            };
            out.push(sample);
        }
    }
    for name in ["AapneKrav", "Kravliste", "Innbetalinger", "Utbetalinger"] {
        assert!(out.iter().any(|(n, _)| *n == name), "{name}: no example");
    }
    assert!(out.len() >= 14, "the crate's examples of four doc versions: {}", out.len());
    // The examples place no payment on a claim; this is the 2023-08 shape of one that does (domain.md).
    let placed = br#"{"partIdentifikator":"871978433","innbetaling":[{"partIdentifikator":"871978433",
        "innbetalingsidentifikator":"FORF-91264797","innbetalingsdato":"2022-01-17","innbetaltBeloep":-51433.0,
        "plassertKrav":[{"kravforfallIdentifikator":"KRAV-33158653","plassertBeloep":51321.0,
        "plassertDato":"2022-01-17","kravbeskrivelse":{"spraakTekst":[{"tekst":"Mva-melding","spraak":"nb"}]},
        "kravforfallsdato":"2021-12-10","opprinneligKravforfallsbeloep":51321.0,
        "gjenstaaendeKravforfallsbeloep":0.0}]}]}"#;
    let placed = parse::<Innbetalinger>(&HttpResponse::new(200, placed.to_vec())).unwrap();
    assert_eq!(placed.innbetaling[0].plassert_krav.len(), 1);
    out.push(("Innbetalinger", json!(placed)));
    out
}

/// Checks every sample and returns the properties they reached.
fn check_all(doc: &Value, samples: &[(&str, Value)]) -> Seen {
    let mut seen = Seen::new();
    for (name, value) in samples {
        check(doc, &component(name), value, name, &mut seen).unwrap_or_else(|e| panic!("{e}\n{value}"));
    }
    seen
}

#[test]
fn the_consent_and_problem_types_are_exactly_their_schemas() {
    let doc = openapi();
    let seen = check_all(&doc, &consent_samples());
    for name in ["ConsentStartRequest", "ConsentStarted", "ConsentStatus", "Problem"] {
        assert_eq!(seen.get(name).cloned().unwrap_or_default(), properties(&doc, name), "{name}: fields never sent");
    }
    let schemas = &doc["components"]["schemas"];
    let texts = |v: &Value| -> BTreeSet<String> {
        v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect()
    };
    let modes: BTreeSet<String> = ConsentMode::ALL.iter().map(|m| m.as_str().to_owned()).collect();
    let statuses: BTreeSet<String> = ConsentStatus::ALL.iter().map(|s| s.as_str().to_owned()).collect();
    assert_eq!(texts(&schemas["ConsentStarted"]["properties"]["mode"]["enum"]), modes);
    assert_eq!(texts(&schemas["ConsentStatus"]["properties"]["mode"]["enum"]), modes);
    assert_eq!(texts(&schemas["ConsentStatus"]["properties"]["status"]["enum"]), statuses);
}

#[test]
fn what_the_schemas_list_the_types_read() {
    let doc = openapi();
    // A request with every field the schema lists is taken; one with a field it does not list is refused.
    let every: serde_json::Map<String, Value> =
        properties(&doc, "ConsentStartRequest").into_iter().map(|k| (k, json!("313367002"))).collect();
    serde_json::from_value::<StartConsent>(Value::Object(every.clone())).expect("every listed field is read");
    let mut extra = every;
    extra.insert("scope".into(), json!("x"));
    assert!(serde_json::from_value::<StartConsent>(Value::Object(extra)).is_err());
    for (name, value) in consent_samples() {
        let text = value.to_string();
        let back = match name {
            "ConsentStartRequest" => serde_json::from_str::<StartConsent>(&text).map(|v| json!(v)),
            "ConsentStarted" => serde_json::from_str::<ConsentStarted>(&text).map(|v| json!(v)),
            "ConsentStatus" => serde_json::from_str::<ConsentView>(&text).map(|v| json!(v)),
            _ => serde_json::from_str::<ProblemBody>(&text).map(|v| json!(v)),
        };
        assert_eq!(back.unwrap_or_else(|e| panic!("{name}: {e}")), value, "{name} round trip");
    }
}

#[test]
fn the_canonical_data_is_exactly_its_schemas() {
    let doc = openapi();
    let seen = check_all(&doc, &model_samples());
    // Every property of every object component that data reaches, down to the placed payments.
    for name in [
        "AapneKrav",
        "Kravliste",
        "Innbetalinger",
        "Utbetalinger",
        "Krav",
        "Kravforfall",
        "Kravperiode",
        "Betalingsinformasjon",
        "Konto",
        "PlassertInnbetaling",
        "Innbetaling",
        "PlassertKrav",
        "Utbetaling",
        "GrunnlagForUtbetaling",
        "KreditKrav",
        "TotalOversikt",
        "OversiktPerKravgruppe",
        "ForespurtPeriode",
    ] {
        assert_eq!(seen.get(name).cloned().unwrap_or_default(), properties(&doc, name), "{name}: fields never sent");
    }
}

/// The fields of `export interface <name> { ... }`: name → (optional, type text).
fn ts_interface(dts: &str, name: &str) -> BTreeMap<String, (bool, String)> {
    let start = dts.find(&format!("export interface {name} ")).unwrap_or_else(|| panic!("no interface {name}"));
    let body = &dts[start..];
    let open = body.find('{').unwrap();
    let mut depth = 0;
    let mut end = open;
    for (i, c) in body.char_indices().skip(open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    end = i;
                    break;
                }
            }
            _ => {}
        }
    }
    let inner = &body[open + 1..end];
    // Drop doc comments, then split the members on `;` at depth 0.
    let mut text = String::new();
    let mut rest = inner;
    while let Some(i) = rest.find("/**") {
        text.push_str(&rest[..i]);
        rest = &rest[i + rest[i..].find("*/").unwrap() + 2..];
    }
    text.push_str(rest);
    let mut fields = BTreeMap::new();
    let (mut depth, mut member) = (0, String::new());
    for c in text.chars().chain([';']) {
        match c {
            '{' | '(' | '<' | '[' => depth += 1,
            '}' | ')' | '>' | ']' => depth -= 1,
            _ => {}
        }
        if c == ';' && depth == 0 {
            let m = member.trim();
            if let Some((key, ty)) = m.split_once(':') {
                let key = key.trim();
                let optional = key.ends_with('?');
                fields.insert(key.trim_end_matches('?').to_owned(), (optional, ty.trim().to_owned()));
            }
            member.clear();
        } else {
            member.push(c);
        }
    }
    fields
}

/// Whether a property's schema admits `null`.
fn nullable(schema: &Value) -> bool {
    schema["type"] == "null"
        || schema["type"].as_array().is_some_and(|t| t.contains(&json!("null")))
        || schema["anyOf"].as_array().is_some_and(|b| b.iter().any(nullable))
}

#[test]
fn the_typescript_interfaces_have_the_schemas_fields() {
    let doc = openapi();
    let dts = read("pkg-js/src/types.d.ts");
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let mut checked = 0;
    for (name, schema) in schemas {
        if schema["type"] != "object" || !dts.contains(&format!("export interface {name} ")) {
            continue;
        }
        checked += 1;
        let fields = ts_interface(&dts, name);
        let props = properties(&doc, name);
        assert_eq!(fields.keys().cloned().collect::<BTreeSet<_>>(), props, "{name} in types.d.ts");
        let required: BTreeSet<&str> =
            schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        for (field, (optional, ty)) in &fields {
            let prop = &schema["properties"][field];
            // The JS objects always carry every field: one the Worker may leave out is `null` in JS.
            assert!(!optional, "{name}.{field} is optional in types.d.ts");
            let says_null = ty.split('|').any(|t| t.trim() == "null");
            let may_be_null = nullable(prop) || !required.contains(field.as_str());
            assert_eq!(says_null, may_be_null, "{name}.{field}: `{ty}` against {prop}");
            if let Some(values) = prop["enum"].as_array() {
                let listed: BTreeSet<String> = values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
                let union: BTreeSet<String> = ty.split('\'').skip(1).step_by(2).map(str::to_owned).collect();
                assert_eq!(union, listed, "{name}.{field}");
            }
        }
    }
    assert!(checked >= 20, "only {checked} interfaces matched a schema");
    let outcomes: BTreeSet<String> = ConsentOutcome::ALL.iter().map(|o| o.as_str().to_owned()).collect();
    let returned = &ts_interface(&dts, "ConsentReturn")["outcome"].1;
    assert_eq!(returned.split('\'').skip(1).step_by(2).map(str::to_owned).collect::<BTreeSet<_>>(), outcomes);
}

#[test]
fn the_interface_reader_reads_members_and_nesting() {
    let dts = "export interface A {\n  /** x; y */\n  a: string | null;\n  b?: { c: number; d: 'x' | 'y' };\n}\n";
    let fields = ts_interface(dts, "A");
    assert_eq!(fields["a"], (false, "string | null".to_owned()));
    assert_eq!(fields["b"], (true, "{ c: number; d: 'x' | 'y' }".to_owned()));
    assert_eq!(fields.len(), 2);
}
