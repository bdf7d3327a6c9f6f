//! The simulator as a library, so tests can start it in-process on a free port.

use std::net::{IpAddr, Ipv4Addr};

use axum::{routing::get, Json, Router};

/// Command-line options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    /// Address to bind (default 127.0.0.1).
    pub host: IpAddr,
    /// Port to bind (default 8788).
    pub port: u16,
}

impl Args {
    /// Parses `--port N` and `--host IP`.
    pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut out = Self { host: IpAddr::V4(Ipv4Addr::LOCALHOST), port: 8788 };
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--port" => out.port = value()?.parse().map_err(|_| "--port must be a number 0-65535".to_owned())?,
                "--host" => out.host = value()?.parse().map_err(|_| "--host must be an IP address".to_owned())?,
                other => return Err(format!("unknown argument {other}")),
            }
        }
        Ok(out)
    }
}

/// The router with every service under its path prefix.
pub fn app() -> Router {
    Router::new().route("/healthz", get(|| async { Json(serde_json::json!({"status": "ok", "service": "kravkit-sim"})) }))
}
