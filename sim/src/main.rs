//! `kravkit-sim`: a local stand-in for Maskinporten, Altinn and Skatteetaten, over real HTTP on loopback.

use std::net::SocketAddr;

use kravkit_sim::{app, build_state, serve, Args, FileConfig, Options, SimKeys, USAGE};

fn fail(msg: &str, code: i32) -> ! {
    eprintln!("kravkit-sim: {msg}");
    std::process::exit(code)
}

#[tokio::main]
async fn main() {
    let args = Args::parse(std::env::args().skip(1)).unwrap_or_else(|e| {
        eprintln!("{USAGE}");
        fail(&e, 2)
    });
    if args.help {
        println!("{USAGE}");
        return;
    }
    let config = match &args.config {
        Some(path) => FileConfig::load(path).unwrap_or_else(|e| fail(&e, 2)),
        None => FileConfig::default(),
    };
    let started = std::time::Instant::now();
    let keys = match &args.keys {
        Some(dir) => {
            SimKeys::load_or_generate(dir).unwrap_or_else(|e| fail(&format!("--keys {}: {e}", dir.display()), 1))
        }
        None => SimKeys::generate(),
    };
    let addr = SocketAddr::new(args.host, args.port);
    let listener =
        tokio::net::TcpListener::bind(addr).await.unwrap_or_else(|e| fail(&format!("cannot listen on {addr}: {e}"), 1));
    let bound = listener.local_addr().unwrap_or(addr);
    let opts =
        Options { public_url: args.public_url.clone(), config, data_dir: args.data.clone(), keys, quiet: args.quiet };
    let state = build_state(bound, opts).unwrap_or_else(|e| fail(&e, 2));
    let clients = state.lock().clients.len();
    eprintln!("kravkit-sim listening on http://{bound} (keys ready in {:.1} s)", started.elapsed().as_secs_f64());
    for (name, path) in [
        ("maskinporten", "/maskinporten"),
        ("altinn3", "/altinn3"),
        ("altinn2", "/altinn2"),
        ("skatteetaten", "/skatteetaten/v1"),
    ] {
        eprintln!("  {name:<13} {}", state.url(path));
    }
    eprintln!("  {clients} client(s) configured; {} test parties; GET /config for details", state.data.parties.len());
    tokio::select! {
        () = serve(listener, app(state)) => {}
        _ = tokio::signal::ctrl_c() => eprintln!("kravkit-sim: stopping"),
    }
}
