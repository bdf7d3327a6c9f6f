//! `kravkit-sim`: a local stand-in for Maskinporten, Altinn and Skatteetaten, over real HTTP on loopback.

use std::net::SocketAddr;

use kravkit_sim::{app, Args};

#[tokio::main]
async fn main() {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("kravkit-sim: {e}");
            eprintln!("usage: kravkit-sim [--port PORT] [--host HOST]");
            std::process::exit(2);
        }
    };
    let addr = SocketAddr::new(args.host, args.port);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("kravkit-sim: cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    eprintln!("kravkit-sim listening on http://{addr}");
    if let Err(e) = axum::serve(listener, app()).await {
        eprintln!("kravkit-sim: {e}");
        std::process::exit(1);
    }
}
