//! The simulator over real HTTP on loopback: health, arguments, unknown paths, metadata.

mod common;

use std::io::{Read, Write};

use common::*;
use kravkit_sim::Args;

/// A raw HTTP/1.1 exchange (no client defaults such as `Accept`).
fn raw(addr: std::net::SocketAddr, request: &str) -> String {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn health_answers_over_http() {
    let sim = start();
    let out = raw(sim.run.addr, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    let body = out.split_once("\r\n\r\n").unwrap().1;
    assert_eq!(serde_json::from_str::<serde_json::Value>(body).unwrap()["status"], "ok");
    assert_eq!(sim.get("/nope", &[]).status, 404);
    let css = sim.get("/ui.css", &[]);
    assert_eq!((css.status, css.header("content-type")), (200, Some("text/css")));
}

#[test]
fn args_parse_and_refuse_garbage() {
    let a = Args::parse(["--port", "9000"].map(String::from).into_iter()).unwrap();
    assert_eq!(a.port, 9000);
    let d = Args::parse(std::iter::empty()).unwrap();
    assert_eq!((d.port, d.host.to_string(), d.quiet), (8788, "127.0.0.1".to_owned(), false));
    let full = Args::parse(
        [
            "--config",
            "c.json",
            "--data",
            "d",
            "--public-url",
            "http://x:1",
            "--keys",
            "k",
            "--quiet",
            "--host",
            "0.0.0.0",
        ]
        .map(String::from)
        .into_iter(),
    )
    .unwrap();
    assert_eq!(full.config.unwrap().to_str(), Some("c.json"));
    assert_eq!(full.public_url.as_deref(), Some("http://x:1"));
    assert!(full.quiet && full.data.is_some() && full.keys.is_some());
    assert!(Args::parse(["--port", "x"].map(String::from).into_iter()).is_err());
    assert!(Args::parse(["--port"].map(String::from).into_iter()).is_err());
    assert!(Args::parse(["--bogus"].map(String::from).into_iter()).is_err());
}

#[test]
fn public_url_is_what_it_advertises() {
    let sim = start_with(|o| o.public_url = Some("https://sim.example/".into()));
    let meta = sim.get("/maskinporten/.well-known/oauth-authorization-server", &[]).json();
    assert_eq!(meta["issuer"], "https://sim.example/maskinporten/");
    assert_eq!(meta["token_endpoint"], "https://sim.example/maskinporten/token");
    assert_eq!(sim.get("/config", &[]).json()["services"]["skatteetaten"], "https://sim.example/skatteetaten/v1");
}

#[test]
fn config_file_format_loads_and_bad_files_are_refused() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kravkit-sim-config-test");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("sim.json");
    let file = serde_json::json!({
        "clients": [client_config("from-file", "313367002", &["skatteetaten:kravogbetalinger"], client_key())],
        "altinn2ApiKeys": [{"key": "k1", "org": "313367002"}],
        "tokenLifetimeSecs": 60,
    });
    std::fs::write(&path, file.to_string()).unwrap();
    let config = kravkit_sim::FileConfig::load(&path).unwrap();
    let sim = start_with(|o| o.config = config);
    let view = sim.get("/config", &[]).json();
    assert!(view["clients"].as_array().unwrap().iter().any(|c| c["clientId"] == "from-file"));
    assert_eq!(view["tokenLifetimeSecs"], 60);
    // A reset keeps what came from the file and drops what was registered at runtime.
    sim.config(serde_json::json!({"reset": true}));
    let ids: Vec<_> =
        sim.get("/config", &[]).json()["clients"].as_array().unwrap().iter().map(|c| c["clientId"].clone()).collect();
    assert_eq!(ids, ["from-file"]);

    for bad in
        [r#"{"clients": [{"clientId": "x", "org": "123", "scopes": [], "keys": []}]}"#, r#"{"nope": 1}"#, "not json"]
    {
        std::fs::write(&path, bad).unwrap();
        assert!(kravkit_sim::FileConfig::load(&path).is_err(), "{bad}");
    }
}
