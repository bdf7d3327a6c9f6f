//! The operators' grant tool: builds and signs a Maskinporten JWT grant, and optionally posts it.
//!
//! ```text
//! cargo run -q --example grant -- \
//!     --key KEY.pem --kid KID --client-id ID --scope SCOPE --audience AUD \
//!     [--consent-id UUID --consent-from ORGNR|FNR] [--token-url URL]
//! ```
//!
//! Prints the compact JWT on stdout; with `--token-url`, posts it and prints Maskinporten's JSON answer instead.
//! `--print-jwk` prints the public JWK to register with Maskinporten. Every error is one line on stderr, with a
//! non-zero exit (2 for bad arguments, 1 for anything else). This is an adapter, not core: it reads the real
//! clock and the operating system's randomness.

use std::{process::ExitCode, time::Duration};

use kravkit::{
    http::{HttpRequest, HttpResponse},
    ids::{ConsentRequestId, Organisasjonsnummer, PartIdentifikator},
    maskinporten::{
        parse_token_response, prepare_token_request, AuthorizationDetail, ClockOffset, Environment, GrantBuilder, Jti,
        RsaKey, RsaSigner, SigningAlgorithm,
    },
    secret::PrivateKeyMaterial,
    UnixTime,
};
use rsa::rand_core::{OsRng, RngCore as _};

const USAGE: &str = "usage: grant --key KEY.pem --kid KID --client-id ID --scope SCOPE --audience AUD \
[--consent-id UUID --consent-from ORGNR|FNR] [--consumer-org ORGNR] [--alg RS256|RS384|RS512] [--lifetime SECS] \
[--token-url URL] | grant --key KEY.pem [--kid KID] --print-jwk
  --key         private key: PKCS#8 or PKCS#1 PEM, or a private JWK (RSA, at least 2048 bits)
  --audience    test, prod, or the issuer URL of another Maskinporten (e.g. the simulator)
  --scope       may be repeated, or hold several space-separated scopes
  --token-url   post the grant there and print the token response instead of the grant";

/// What went wrong: a usage error (exit 2) or anything else (exit 1).
enum Failure {
    Usage(String),
    Other(String),
}

fn usage(msg: impl Into<String>) -> Failure {
    Failure::Usage(msg.into())
}

fn other(msg: impl std::fmt::Display) -> Failure {
    Failure::Other(msg.to_string())
}

#[derive(Default)]
struct Args {
    key: Option<String>,
    kid: Option<String>,
    client_id: Option<String>,
    scopes: Vec<String>,
    audience: Option<String>,
    consent_id: Option<String>,
    consent_from: Option<String>,
    consumer_org: Option<String>,
    alg: Option<String>,
    lifetime: Option<String>,
    token_url: Option<String>,
    print_jwk: bool,
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Option<Args>, Failure> {
    let mut a = Args::default();
    while let Some(flag) = argv.next() {
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (flag.clone(), None),
        };
        if name == "--help" || name == "-h" {
            return Ok(None);
        }
        if name == "--print-jwk" {
            a.print_jwk = true;
            continue;
        }
        let mut value = || inline.clone().or_else(|| argv.next()).ok_or_else(|| usage(format!("{name} needs a value")));
        match name.as_str() {
            "--key" => a.key = Some(value()?),
            "--kid" => a.kid = Some(value()?),
            "--client-id" => a.client_id = Some(value()?),
            "--scope" => a.scopes.push(value()?),
            "--audience" => a.audience = Some(value()?),
            "--consent-id" => a.consent_id = Some(value()?),
            "--consent-from" => a.consent_from = Some(value()?),
            "--consumer-org" => a.consumer_org = Some(value()?),
            "--alg" => a.alg = Some(value()?),
            "--lifetime" => a.lifetime = Some(value()?),
            "--token-url" => a.token_url = Some(value()?),
            _ => return Err(usage(format!("unknown argument {flag:?} (try --help)"))),
        }
    }
    Ok(Some(a))
}

fn run(args: Args) -> Result<String, Failure> {
    let key_path = args.key.ok_or_else(|| usage("--key is required"))?;
    let text = std::fs::read_to_string(&key_path).map_err(|e| other(format!("cannot read key {key_path}: {e}")))?;
    let key = RsaKey::parse(&PrivateKeyMaterial::new(text)).map_err(|e| other(format!("key {key_path}: {e}")))?;
    let alg = args.alg.as_deref().map_or(Ok(SigningAlgorithm::Rs256), str::parse).map_err(|e| usage(e.to_string()))?;
    if args.print_jwk {
        return Ok(key.public_jwk(args.kid.as_deref(), alg).to_json());
    }
    let kid = args.kid.or_else(|| key.kid().map(str::to_owned)).ok_or_else(|| usage("--kid is required"))?;
    let client_id = args.client_id.ok_or_else(|| usage("--client-id is required"))?;
    if args.scopes.is_empty() {
        return Err(usage("--scope is required"));
    }
    let audience = args.audience.ok_or_else(|| usage("--audience is required"))?;
    let environment = match audience.as_str() {
        "test" => Environment::Test,
        "prod" => Environment::Prod,
        aud if aud.starts_with("https://") || aud.starts_with("http://") => Environment::from_issuer(aud)
            .unwrap_or_else(|| {
                let token_url =
                    args.token_url.clone().unwrap_or_else(|| format!("{}/token", aud.trim_end_matches('/')));
                Environment::custom(aud, token_url)
            }),
        other => return Err(usage(format!("--audience {other:?} is not test, prod or an issuer URL"))),
    };
    let mut builder = GrantBuilder::new(&environment, client_id).kid(kid).algorithm(alg);
    for s in &args.scopes {
        builder = builder.scope(s);
    }
    if let Some(secs) = args.lifetime {
        builder =
            builder.lifetime_secs(secs.parse().map_err(|_| usage(format!("--lifetime {secs:?} is not a number")))?);
    }
    if let Some(org) = args.consumer_org {
        builder =
            builder.consumer_org(Organisasjonsnummer::parse(&org).map_err(|e| usage(format!("--consumer-org: {e}")))?);
    }
    match (args.consent_id, args.consent_from) {
        (Some(id), Some(from)) => {
            let id = ConsentRequestId::parse(&id).map_err(|e| usage(format!("--consent-id: {e}")))?;
            let from = PartIdentifikator::parse(&from).map_err(|e| usage(format!("--consent-from: {e}")))?;
            builder = builder.authorization_details(AuthorizationDetail::AltinnConsent { id, from });
        }
        (None, None) => {}
        _ => return Err(usage("--consent-id and --consent-from go together")),
    }
    let signer = RsaSigner::new(&key).map_err(|e| other(format!("key {key_path}: {e}")))?;
    let mut random = [0u8; 16];
    OsRng.fill_bytes(&mut random);
    let unsigned = builder.build(now(), Jti::from_random_bytes(random)).map_err(|e| usage(e.to_string()))?;
    let grant = signer.sign(&unsigned);
    let Some(token_url) = args.token_url else {
        return Ok(grant.secret().to_owned());
    };
    let response = send(prepare_token_request(&token_url, &grant))?;
    if let Some(offset) = ClockOffset::from_response(&response, now()).filter(|o| o.secs().abs() > 5) {
        eprintln!("warning: the server's clock is {} s ahead of ours; grants may be refused", offset.secs());
    }
    match parse_token_response(&response) {
        Ok(_) => Ok(String::from_utf8_lossy(&response.body).trim().to_owned()),
        Err(e) => Err(other(format!("{e} (hint: {})", e.hint()))),
    }
}

fn now() -> UnixTime {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    UnixTime::from_secs(i64::try_from(since.as_secs()).unwrap_or(i64::MAX))
}

/// Moves the request with ureq (rustls, webpki roots), returning any HTTP status as a response.
fn send(request: HttpRequest) -> Result<HttpResponse, Failure> {
    let config =
        ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(Duration::from_secs(30))).build();
    let agent = ureq::Agent::new_with_config(config);
    let mut builder = agent.post(&request.url);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let mut response = builder.send(&request.body[..]).map_err(|e| other(format!("POST {}: {e}", request.url)))?;
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_vec().map_err(|e| other(format!("reading the answer: {e}")))?;
    Ok(HttpResponse { status, headers, body })
}

fn main() -> ExitCode {
    let result = parse_args(std::env::args().skip(1)).and_then(|args| match args {
        None => Ok(USAGE.to_owned()),
        Some(args) => run(args),
    });
    match result {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("grant: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Other(msg)) => {
            eprintln!("grant: {msg}");
            ExitCode::from(1)
        }
    }
}
