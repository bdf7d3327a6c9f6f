//! kravkit-sim: a strict local stand-in for Maskinporten, Altinn 3 and Altinn 2 consent, and Skatteetaten's
//! "Krav og betalinger" API, over real HTTP on loopback, for the demo and every end-to-end test.
//!
//! Each service lives under its own path prefix (`/maskinporten`, `/altinn3`, `/altinn2`, `/skatteetaten`, and a
//! bank's session key set under `/session`), so a base URL per service is all a client needs; `/config` and `/stats` at the root control and observe it. It
//! checks what clients send with its own code (RSA via the `rsa` crate, claims via `serde_json`), never the core
//! crate's, so the two cannot share a bug.
//!
//! Start it in-process with [`spawn`] (tests), or run the binary (`cargo run -p kravkit-sim`).

pub mod altinn2;
pub mod altinn3;
mod args;
pub mod clock;
pub mod config;
pub mod control;
pub mod faults;
mod html;
pub mod ids;
pub mod jws;
pub mod keys;
mod log;
pub mod maskinporten;
pub mod routes;
mod serve;
pub mod session;
pub mod skatteetaten;
pub mod state;
pub mod stats;

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    path::PathBuf,
    sync::Arc,
};

use axum::{
    extract::Request,
    http::{header, StatusCode},
    middleware,
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use chrono::{DateTime, Utc};

pub use args::{Args, USAGE};
pub use config::FileConfig;
pub use keys::{KeyPair, SimKeys};
pub use serve::serve;
pub use state::State;

/// Everything a simulator starts from.
#[derive(Debug, Clone)]
pub struct Options {
    /// The base URL to advertise; default `http://{bound address}`.
    pub public_url: Option<String>,
    /// Clients, API keys, token lifetime.
    pub config: FileConfig,
    /// `--data DIR`.
    pub data_dir: Option<PathBuf>,
    /// Its signing keys.
    pub keys: SimKeys,
    /// No request log.
    pub quiet: bool,
}

impl Options {
    /// Defaults with the given keys: no clients, built-in data only, logging on.
    pub fn new(keys: SimKeys) -> Self {
        Self { public_url: None, config: FileConfig::default(), data_dir: None, keys, quiet: false }
    }
}

/// Builds the state for a server bound at `addr`.
pub fn build_state(addr: SocketAddr, opts: Options) -> Result<Arc<State>, String> {
    let public = opts.public_url.unwrap_or_else(|| {
        let ip = if addr.ip().is_unspecified() { IpAddr::V4(Ipv4Addr::LOCALHOST) } else { addr.ip() };
        format!("http://{}", SocketAddr::new(ip, addr.port()))
    });
    if !public.starts_with("http://") && !public.starts_with("https://") {
        return Err(format!("--public-url {public:?} must start with http:// or https://"));
    }
    let today = DateTime::<Utc>::from(std::time::SystemTime::now()).date_naive();
    let data = skatteetaten::dataset(today, opts.data_dir.as_deref())?;
    State::new(&public, opts.config, data, opts.keys, opts.quiet).map(Arc::new)
}

/// The router with every service under its prefix, the control routes, faults and the request log.
pub fn app(state: Arc<State>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { Json(serde_json::json!({"status": "ok", "service": "kravkit-sim"})) }))
        .route("/ui.css", get(|| async { ([(header::CONTENT_TYPE, "text/css")], html::CSS) }))
        .nest("/maskinporten", maskinporten::routes())
        .nest("/altinn3", altinn3::routes())
        .nest("/altinn2", altinn2::routes())
        .nest("/skatteetaten", skatteetaten::routes())
        .nest("/session", session::routes())
        .merge(control::routes())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), faults::apply))
        .layer(middleware::from_fn_with_state(state.clone(), log::layer))
        .with_state(state)
}

async fn not_found(req: Request) -> Response {
    if req.uri().path().starts_with("/skatteetaten/") {
        let xml = skatteetaten::errors::wants_xml(req.headers());
        return skatteetaten::errors::respond(skatteetaten::errors::SkeError::Kb003, None, xml);
    }
    (StatusCode::NOT_FOUND, Json(serde_json::json!({"error": "not found", "path": req.uri().path()}))).into_response()
}

/// A simulator running on its own thread and Tokio runtime.
#[derive(Clone)]
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its public base URL.
    pub url: String,
    /// Its state (for assertions in tests).
    pub state: Arc<State>,
}

/// Binds `host:port` (0 for a free port) and serves on a background thread until the process ends.
pub fn spawn(host: IpAddr, port: u16, opts: Options) -> Result<Running, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("kravkit-sim".into())
        .spawn(move || {
            let rt = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
                Ok(rt) => rt,
                Err(e) => return drop(tx.send(Err(e.to_string()))),
            };
            rt.block_on(async move {
                let listener = match tokio::net::TcpListener::bind(SocketAddr::new(host, port)).await {
                    Ok(l) => l,
                    Err(e) => return drop(tx.send(Err(format!("cannot listen on {host}:{port}: {e}")))),
                };
                let addr = match listener.local_addr() {
                    Ok(a) => a,
                    Err(e) => return drop(tx.send(Err(e.to_string()))),
                };
                let state = match build_state(addr, opts) {
                    Ok(s) => s,
                    Err(e) => return drop(tx.send(Err(e))),
                };
                let _ = tx.send(Ok(Running { addr, url: state.public_url.clone(), state: state.clone() }));
                serve(listener, app(state)).await;
            });
        })
        .map_err(|e| e.to_string())?;
    rx.recv().map_err(|_| "the simulator thread ended".to_owned())?
}
