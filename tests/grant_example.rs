//! The `grant` example as operators run it: a process with arguments, stdout, stderr and an exit code. The
//! `--token-url` cases talk to a one-shot HTTP server on 127.0.0.1 started by the test.
//!
//! Uses the example binary `cargo test` builds next to the test binaries.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(feature = "rsa-signer")]

use std::{
    io::{BufRead as _, BufReader, Read as _, Write as _},
    net::TcpListener,
    path::PathBuf,
    process::{Command, Output},
    time::Duration,
};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use kravkit::{maskinporten::format_http_date, UnixTime};
use rsa::{
    pkcs8::{EncodePrivateKey as _, LineEnding},
    rand_core::OsRng,
    RsaPrivateKey,
};
use serde_json::Value;

fn example() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let bin = dir.join("examples").join(format!("grant{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.exists(), "{} is missing: run `cargo test`, which builds examples", bin.display());
    bin
}

/// A temp dir with `key.pem` (2048 bits), `small.pem` (1024 bits) and `ec.pem`, removed on drop.
struct Keys(PathBuf);

impl Keys {
    fn new(test: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("kravkit-grant-example-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bits) in [("key.pem", 2048), ("small.pem", 1024)] {
            let key = RsaPrivateKey::new(&mut OsRng, bits).unwrap();
            std::fs::write(dir.join(name), key.to_pkcs8_pem(LineEnding::LF).unwrap().as_bytes()).unwrap();
        }
        std::fs::write(dir.join("ec.pem"), "-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----\n")
            .unwrap();
        Self(dir)
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }

    fn args(&self, key: &str) -> Vec<String> {
        let key = self.path(key);
        ["--key", &key, "--kid", "kid-1", "--client-id", "my-client", "--scope", "skatteetaten:kravogbetalinger"]
            .into_iter()
            .chain(["--audience", "test"])
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for Keys {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(example()).args(args).output().unwrap()
}

fn with(base: Vec<String>, extra: &[&str]) -> Vec<String> {
    base.into_iter().chain(extra.iter().map(|s| (*s).to_owned())).collect()
}

fn run_owned(args: &[String]) -> Output {
    run(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn decode(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

fn one_line_error(out: &Output, code: i32) -> String {
    assert_eq!(out.status.code(), Some(code), "stdout {:?}", String::from_utf8_lossy(&out.stdout));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.starts_with("grant: "), "{err}");
    err
}

#[test]
fn prints_a_signed_consent_grant() {
    let keys = Keys::new("consent");
    let out = run_owned(&with(
        keys.args("key.pem"),
        &[
            "--consent-id",
            "77ed8698-e619-4066-9eb4-5c1eb3f165a1",
            "--consent-from",
            "313506673",
            "--scope",
            "altinn:consentrequests.read",
        ],
    ));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let jwt = String::from_utf8(out.stdout).unwrap();
    let parts: Vec<&str> = jwt.trim_end().split('.').collect();
    assert_eq!(parts.len(), 3);
    assert_eq!(decode(parts[0]), serde_json::json!({ "alg": "RS256", "kid": "kid-1" }));
    let claims = decode(parts[1]);
    assert_eq!(claims["aud"], "https://test.maskinporten.no/");
    assert_eq!(claims["iss"], "my-client");
    assert_eq!(claims["scope"], "skatteetaten:kravogbetalinger altinn:consentrequests.read");
    assert_eq!(claims["authorization_details"][0]["from"], "urn:altinn:organization:identifier-no:313506673");
    let now = now().secs();
    let iat = claims["iat"].as_i64().unwrap();
    assert!((iat - now).abs() < 30, "iat {iat} vs now {now}");
    assert_eq!(claims["exp"].as_i64().unwrap() - iat, 60);
    assert_eq!(URL_SAFE_NO_PAD.decode(parts[2]).unwrap().len(), 256);
}

#[test]
fn prints_the_public_jwk() {
    let keys = Keys::new("jwk");
    let key = keys.path("key.pem");
    let out = run(&["--key", &key, "--kid", "bank-2026", "--print-jwk"]);
    assert!(out.status.success());
    let jwk: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (jwk["kty"].as_str(), jwk["kid"].as_str(), jwk["use"].as_str()),
        (Some("RSA"), Some("bank-2026"), Some("sig"))
    );
    assert!(jwk.get("d").is_none());
}

#[test]
fn bad_arguments_and_keys_fail_in_one_line() {
    let keys = Keys::new("bad");
    assert!(one_line_error(&run(&[]), 2).contains("--key is required"));
    assert!(one_line_error(&run(&["--frobnicate"]), 2).contains("unknown argument"));
    assert!(one_line_error(&run(&["--key"]), 2).contains("--key needs a value"));
    let no_client: Vec<String> =
        keys.args("key.pem").into_iter().filter(|a| a != "--client-id" && a != "my-client").collect();
    assert!(one_line_error(&run_owned(&no_client), 2).contains("--client-id is required"));
    assert!(one_line_error(&run_owned(&with(keys.args("key.pem"), &["--lifetime", "500"])), 2).contains("120"));
    assert!(one_line_error(&run_owned(&with(keys.args("key.pem"), &["--alg", "ES256"])), 2).contains("ES256"));
    let lone = with(keys.args("key.pem"), &["--consent-id", "77ed8698-e619-4066-9eb4-5c1eb3f165a1"]);
    assert!(one_line_error(&run_owned(&lone), 2).contains("go together"));
    let bad_from = with(
        keys.args("key.pem"),
        &["--consent-id", "77ed8698-e619-4066-9eb4-5c1eb3f165a1", "--consent-from", "313506674"],
    );
    assert!(one_line_error(&run_owned(&bad_from), 2).contains("check digit"));
    assert!(one_line_error(&run_owned(&keys.args("small.pem")), 1).contains("too small"));
    assert!(one_line_error(&run_owned(&keys.args("ec.pem")), 1).contains("EC keys are not supported"));
    assert!(one_line_error(&run_owned(&keys.args("missing.pem")), 1).contains("cannot read key"));
}

/// Serves one request on 127.0.0.1 with `response`, returning the port and a handle yielding the raw request.
fn serve_once(response: String) -> (u16, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        let mut content_length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                content_length = v.trim().parse().unwrap();
            }
            head.push_str(&line);
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        let mut body = vec![0; content_length];
        reader.read_exact(&mut body).unwrap();
        reader.get_mut().write_all(response.as_bytes()).unwrap();
        head + &String::from_utf8(body).unwrap()
    });
    (port, handle)
}

fn http_response(status: &str, date: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nDate: {date}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn now() -> UnixTime {
    UnixTime::from_secs(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64)
}

#[test]
fn posts_to_the_token_url_and_prints_the_token_response() {
    let keys = Keys::new("post");
    let fixture = include_str!("../fixtures/maskinporten/token-endpoint-response.json");
    // The server's clock is 100 s ahead of ours.
    let (port, server) = serve_once(http_response("200 OK", &format_http_date(now().add_secs(100)), fixture));
    let url = format!("http://127.0.0.1:{port}/token");
    let out = run_owned(&with(keys.args("key.pem"), &["--token-url", &url]));
    let request = server.join().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, serde_json::from_str::<Value>(fixture).unwrap());
    assert!(request.starts_with("POST /token HTTP/1.1\r\n"), "{request}");
    assert!(request.to_ascii_lowercase().contains("content-type: application/x-www-form-urlencoded"));
    assert!(request.contains("\r\n\r\ngrant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJ"));
    let warning = String::from_utf8(out.stderr).unwrap();
    let secs: i64 = warning
        .strip_prefix("warning: the server's clock is ")
        .and_then(|w| w.split_once(" s ahead"))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or_else(|| panic!("{warning}"));
    assert!((95..=101).contains(&secs), "{warning}");
}

#[test]
fn token_url_refusals_are_explained() {
    let keys = Keys::new("refused");
    let body = r#"{"error":"invalid_grant","error_description":"Invalid assertion. Client authentication failed. (MP-100) Trace ID: 1f"}"#;
    // A Date decades off is not believed, so no clock warning joins the error line.
    let (port, server) = serve_once(http_response("400 Bad Request", "Sun, 06 Nov 1994 08:49:37 GMT", body));
    let url = format!("http://127.0.0.1:{port}/token");
    let out = run_owned(&with(keys.args("key.pem"), &["--audience", "https://sim.invalid/", "--token-url", &url]));
    let request = server.join().unwrap();
    let err = one_line_error(&out, 1);
    assert!(err.contains("MP-100") && err.contains("hint: check the client id"), "{err}");
    let assertion = request.split("assertion=").nth(1).unwrap();
    let claims = decode(assertion.split('.').nth(1).unwrap());
    assert_eq!(claims["aud"], "https://sim.invalid/");
}
