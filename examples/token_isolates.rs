//! How many Maskinporten fetches N Worker isolates cause for one hot cache key: a discrete-event model of the
//! Worker's token cache (per-isolate memory and single flight, the data centre's Cache API shared), driven by the
//! core's real [`CachePolicy`]. `wrangler dev` runs one isolate, so this is a model, not a measurement.
//!
//! Each isolate gets its share of 50 requests per second (Poisson). A request uses the isolate's token while it is
//! before its refresh point (or while the isolate is already refreshing); the first one past it looks in the Cache
//! API (5 ms) and takes a token there that is not yet due, else fetches one (round trip `rtt`) and stores it (visible
//! 20 ms later). With `--stagger J`, each isolate refreshes a random 0..J seconds earlier than the policy says (its
//! own fixed draw per token), so that one isolate usually fetches and the others find its token in the Cache API.
//!
//! `cargo run --example token_isolates [-- --lifetime 120 --rtt-ms 100 --stagger 0]`

use kravkit::{
    maskinporten::{CachePolicy, Fetched, ReuseWindow},
    UnixTime,
};

/// xorshift64*: a deterministic stream, so every run prints the same table.
struct Rng(u64);

impl Rng {
    fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An exponentially distributed gap with mean `mean_ms`.
    fn gap_ms(&mut self, mean_ms: f64) -> f64 {
        -mean_ms * (1.0 - self.next_f64()).ln()
    }
}

#[derive(Clone, Copy)]
struct Token {
    window: ReuseWindow,
    /// When this isolate refreshes it (the policy's point, less the isolate's stagger), in ms.
    refresh_ms: f64,
}

#[derive(Default)]
struct Isolate {
    token: Option<Token>,
    /// When the isolate's one flight ends (ms), if one is under way.
    flight_until: Option<f64>,
    pending: Option<(ReuseWindow, f64)>,
}

struct Model {
    lifetime: u64,
    rtt_ms: f64,
    stagger_s: f64,
}

const SECS: f64 = 1000.0;
const CACHE_GET_MS: f64 = 5.0;
const CACHE_PUT_MS: f64 = 20.0;
const TOTAL_RPS: f64 = 50.0;

fn secs(ms: f64) -> UnixTime {
    UnixTime::from_secs((ms / SECS).floor() as i64)
}

impl Model {
    /// Fetches per token lifetime over `lifetimes` lifetimes with `n` isolates.
    fn run(&self, n: usize, lifetimes: u64, seed: u64) -> f64 {
        let mut rng = Rng(seed | 1);
        let end = (self.lifetime * lifetimes) as f64 * SECS;
        let mean_gap = SECS * n as f64 / TOTAL_RPS;
        let mut isolates: Vec<Isolate> = (0..n).map(|_| Isolate::default()).collect();
        let mut next: Vec<f64> = (0..n).map(|_| rng.gap_ms(mean_gap)).collect();
        // The Cache API: the last token stored, and from when it is visible.
        let mut shared: Option<(ReuseWindow, f64)> = None;
        let mut fetches = 0u64;
        loop {
            let (i, &t) = next.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)).expect("n > 0");
            if t >= end {
                break;
            }
            next[i] = t + rng.gap_ms(mean_gap);
            let iso = &mut isolates[i];
            // A flight that has ended hands its token to the isolate.
            if iso.flight_until.is_some_and(|until| until <= t) {
                iso.flight_until = None;
                if let Some((window, stagger)) = iso.pending.take() {
                    let refresh_ms = window.refresh_from.secs() as f64 * SECS - stagger;
                    iso.token = Some(Token { window, refresh_ms });
                }
            }
            let now = secs(t);
            let usable = iso.token.filter(|tok| tok.window.is_reusable(now));
            let due = usable.is_none_or(|tok| t >= tok.refresh_ms);
            if !due || iso.flight_until.is_some() {
                continue; // served from memory, or waiting on this isolate's flight
            }
            let stagger = self.stagger_s * SECS * rng.next_f64();
            let looked = t + CACHE_GET_MS;
            // Only a token newer than the one held (with no stagger, the Worker's check `now < refresh_from` is the
            // same thing: the held one is past its refresh point).
            let held = iso.token.map(|tok| tok.window.received_at);
            let found = shared.filter(|(w, visible)| {
                *visible <= looked && w.is_reusable(secs(looked)) && held.is_none_or(|h| w.received_at > h)
            });
            if let Some((window, _)) = found {
                iso.flight_until = Some(looked);
                iso.pending = Some((window, stagger));
                continue;
            }
            fetches += 1;
            let received = looked + self.rtt_ms;
            let fetched = Fetched { sent_at: secs(looked), received_at: secs(received) };
            let window = CachePolicy::default().window_for(fetched, self.lifetime).expect("cacheable lifetime");
            shared = Some((window, received + CACHE_PUT_MS));
            iso.flight_until = Some(received);
            iso.pending = Some((window, stagger));
        }
        fetches as f64 / lifetimes as f64
    }
}

fn arg(args: &[String], name: &str, default: f64) -> f64 {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let lifetime = arg(&args, "--lifetime", 120.0) as u64;
    let rtt_ms = arg(&args, "--rtt-ms", 100.0);
    let staggers = match args.iter().position(|a| a == "--stagger") {
        Some(_) => vec![arg(&args, "--stagger", 0.0)],
        None => vec![0.0, 2.0, 5.0],
    };
    println!("{lifetime} s tokens, {rtt_ms} ms token round trip, {TOTAL_RPS} requests/s on one key, 100 lifetimes");
    println!("fetches per token lifetime (the physical limit is 1):\n");
    print!("| isolates |");
    for s in &staggers {
        print!(" stagger {s} s |");
    }
    println!("\n|---:|{}", "---:|".repeat(staggers.len()));
    for n in [1, 2, 5, 10, 25, 50] {
        print!("| {n} |");
        for &stagger_s in &staggers {
            let m = Model { lifetime, rtt_ms, stagger_s };
            print!(" {:.2} |", m.run(n, 100, 0x5eed + n as u64));
        }
        println!();
    }
}
