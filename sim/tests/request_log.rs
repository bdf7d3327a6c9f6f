//! The request log of the built binary: exactly one stderr line per request (a delayed one, a faulted one and a
//! dropped one included), with every 11-digit number (a possible fødselsnummer) redacted, also when
//! percent-encoded.

mod common;

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    process::{Child, Command, Stdio},
    sync::mpsc,
    time::Duration,
};

use common::*;
use serde_json::json;

const FNR: &str = "04827896468";

/// Kills the simulator even when the test fails half-way.
struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The status of a raw `GET target` (sent as written: no client normalises the percent-encoding).
fn raw_get(base: &str, target: &str) -> u16 {
    let mut s = TcpStream::connect(base.trim_start_matches("http://")).unwrap();
    write!(s, "GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out.split(' ').nth(1).unwrap().parse().unwrap()
}

#[test]
fn one_redacted_line_per_request() {
    sim_keys(); // makes sure the key files exist, so the binary loads them instead of generating
    let mut child = Kill(
        Command::new(env!("CARGO_BIN_EXE_kravkit-sim"))
            .args(["--port", "0", "--keys"])
            .arg(keys_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let (tx, rx) = mpsc::channel();
    let stderr = child.0.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let _ = tx.send(line.unwrap());
        }
    });
    let mut banner = Vec::new();
    let base = loop {
        let line = rx.recv_timeout(Duration::from_secs(60)).expect("the simulator did not start");
        banner.push(line.clone());
        if let Some(rest) = line.strip_prefix("kravkit-sim listening on ") {
            break rest.split(' ').next().unwrap().to_owned();
        }
    };
    let http = ureq::Agent::new_with_config(
        ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build(),
    );
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| r.unwrap().status().as_u16();
    let get = |path: &str| status(http.get(&format!("{base}{path}")).call());

    // (request, expected log line without the duration)
    let mut expected: Vec<String> = Vec::new();
    let faults = json!({"faults": [
        {"service": "maskinporten", "route": "jwk", "delayMs": 300, "times": 1},
        {"service": "maskinporten", "route": "token", "drop": true, "times": 1},
        {"service": "altinn2", "route": "jwk", "status": 503, "times": 1},
    ]});
    assert_eq!(status(http.post(&format!("{base}/config")).send_json(&faults)), 200);
    expected.push("POST /config 200".into());
    assert_eq!(get("/maskinporten/jwk"), 200);
    expected.push("GET /maskinporten/jwk 200".into());
    assert!(http.post(&format!("{base}/maskinporten/token")).send_form([("grant_type", "x")]).is_err());
    expected.push("POST /maskinporten/token dropped".into());
    assert_eq!(get("/altinn2/api/metadata/jwk"), 503);
    expected.push("GET /altinn2/api/metadata/jwk 503".into());
    assert_eq!(get(&format!("/skatteetaten/v1/finans/{FNR}/aapnekrav")), 401);
    expected.push("GET /skatteetaten/v1/finans/***********/aapnekrav 401".into());
    assert_eq!(get(&format!("/skatteetaten/v1/finans/313367002/krav?fraOgMed=2025-01-01&ref={FNR}")), 401);
    expected.push("GET /skatteetaten/v1/finans/313367002/krav?fraOgMed=2025-01-01&ref=*********** 401".into());
    let target = format!("/altinn3/ui/consent/request?id=x&from=urn%3Aaltinn%3Aperson%3Aidentifier-no%3A{FNR}");
    assert_eq!(raw_get(&base, &target), 404);
    expected.push("GET /altinn3/ui/consent/request?id=x&from=urn:altinn:person:identifier-no:*********** 404".into());
    // Percent-encoded digits cannot hide a number: %30%34 is "04".
    assert_eq!(raw_get(&base, "/nope/%30%3482789%36468?q=0482789646%38"), 404);
    expected.push("GET /nope/***********?q=*********** 404".into());
    assert_eq!(get("/healthz"), 200);
    expected.push("GET /healthz 200".into());

    drop(child);
    reader.join().unwrap();
    let lines: Vec<String> = rx.try_iter().collect();
    let all = format!("{}\n{}", banner.join("\n"), lines.join("\n"));
    assert!(!all.contains(FNR) && !all.contains("%36468") && !all.contains("646%38"), "{all}");

    let requests: Vec<&String> = lines.iter().filter(|l| l.starts_with("GET ") || l.starts_with("POST ")).collect();
    assert_eq!(requests.len(), expected.len(), "one line per request:\n{all}");
    for (line, want) in requests.iter().zip(&expected) {
        if want.ends_with(" dropped") {
            assert_eq!(line.as_str(), want, "a dropped request has no duration");
        } else {
            let (head, ms) = line.rsplit_once(' ').unwrap();
            assert_eq!(head, want);
            let ms: f64 = ms.strip_suffix("ms").unwrap_or_else(|| panic!("no duration in {line:?}")).parse().unwrap();
            if want.starts_with("GET /maskinporten/jwk") {
                assert!(ms >= 300.0, "the delay shows in the duration: {line}");
            }
        }
    }
}
