//! Command-line options.

use std::{
    net::{IpAddr, Ipv4Addr},
    path::PathBuf,
};

/// The usage text.
pub const USAGE: &str = "usage: kravkit-sim [--port PORT] [--host IP] [--config FILE] [--data DIR] [--public-url URL] [--keys DIR] [--quiet]

  --port PORT        port to listen on (default 8788; 0 picks a free one)
  --host IP          address to bind (default 127.0.0.1)
  --config FILE      JSON config: Maskinporten clients, Altinn 2 API keys, token lifetime (see sim/README.md)
  --data DIR         Skatteetaten test data from {party}.{aapnekrav|krav|innbetalinger|utbetalinger}.json files
  --public-url URL   base URL to advertise in issuer, viewUri and links (default http://127.0.0.1:PORT)
  --keys DIR         keep the simulator's signing keys in DIR (maskinporten.pem, altinn.pem; created if missing)
  --quiet            no request log on stderr";

/// Parsed command-line options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    /// Address to bind (default 127.0.0.1).
    pub host: IpAddr,
    /// Port to bind (default 8788).
    pub port: u16,
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--data DIR`.
    pub data: Option<PathBuf>,
    /// `--public-url URL`.
    pub public_url: Option<String>,
    /// `--keys DIR`.
    pub keys: Option<PathBuf>,
    /// `--quiet`.
    pub quiet: bool,
    /// `--help` / `-h`.
    pub help: bool,
}

impl Args {
    /// Parses the arguments (without the program name).
    pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut out = Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8788,
            config: None,
            data: None,
            public_url: None,
            keys: None,
            quiet: false,
            help: false,
        };
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--port" => out.port = value()?.parse().map_err(|_| "--port must be a number 0-65535".to_owned())?,
                "--host" => out.host = value()?.parse().map_err(|_| "--host must be an IP address".to_owned())?,
                "--config" => out.config = Some(value()?.into()),
                "--data" => out.data = Some(value()?.into()),
                "--public-url" => out.public_url = Some(value()?),
                "--keys" => out.keys = Some(value()?.into()),
                "--quiet" => out.quiet = true,
                "--help" | "-h" => out.help = true,
                other => return Err(format!("unknown argument {other}")),
            }
        }
        Ok(out)
    }
}
