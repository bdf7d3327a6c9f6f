//! The simulator over real HTTP on loopback.

use std::io::{Read, Write};

use kravkit_sim::{app, Args};

fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out[9..12].parse().unwrap();
    (status, out.split_once("\r\n\r\n").unwrap().1.to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn health_answers_over_http() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
    let (status, body) = tokio::task::spawn_blocking(move || get(addr, "/healthz")).await.unwrap();
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], "ok");
    let (status, _) = tokio::task::spawn_blocking(move || get(addr, "/nope")).await.unwrap();
    assert_eq!(status, 404);
}

#[test]
fn args_parse_and_refuse_garbage() {
    let a = Args::parse(["--port", "9000"].map(String::from).into_iter()).unwrap();
    assert_eq!(a.port, 9000);
    assert_eq!(Args::parse(std::iter::empty()).unwrap().port, 8788);
    assert!(Args::parse(["--port", "x"].map(String::from).into_iter()).is_err());
    assert!(Args::parse(["--port"].map(String::from).into_iter()).is_err());
    assert!(Args::parse(["--bogus"].map(String::from).into_iter()).is_err());
}
