//! Test harness: a simulator per test on a free port, keys cached across runs, an HTTP client, and two ways to
//! build grants: the core crate's `GrantBuilder` + `RsaSigner` (as a kravkit user does), and a raw test-side
//! signer on jwt-compact for grants that break the rules on purpose.
#![allow(dead_code)]

use std::{
    net::{IpAddr, Ipv4Addr},
    path::PathBuf,
    sync::OnceLock,
    time::{SystemTime, UNIX_EPOCH},
};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use jwt_compact::{alg::Rsa, AlgorithmSignature as _};
use kravkit_sim::{
    ids::new_uuid,
    keys::{load_or_generate, KeyPair},
    Options, Running, SimKeys,
};
use serde_json::{json, Value};

/// The test client.
pub const CLIENT: &str = "kravkit-test";
/// Its organisation (the bank).
pub const BANK_ORG: &str = "991825827";
/// Its scopes.
pub const SCOPES: [&str; 3] =
    ["skatteetaten:kravogbetalinger", "altinn:consentrequests.write", "altinn:consentrequests.read"];
/// The Skatteetaten scope.
pub const SKE_SCOPE: &str = "skatteetaten:kravogbetalinger";
/// The bank's Altinn 2 API key.
pub const API_KEY: &str = "test-api-key";
/// The Altinn 3 resource for krav og betalinger.
pub const RESOURCE: &str = "ske-samtykke-krav-og-betalinger";

struct Keys {
    sim: SimKeys,
    client: KeyPair,
    other: KeyPair,
}

/// Where the test keys are kept: the simulator's (`maskinporten.pem`, `altinn.pem`, usable as `--keys`) and the
/// clients'.
pub fn keys_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kravkit-sim-test-keys")
}

/// Generated once (a few seconds each in a debug build, in parallel), then reused from the target dir.
fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let dir = keys_dir();
        std::fs::create_dir_all(&dir).unwrap();
        std::thread::scope(|s| {
            let sim = s.spawn(|| SimKeys::load_or_generate(&dir).unwrap());
            let client = s.spawn(|| load_or_generate(&dir.join("client.pem")).unwrap());
            let other = load_or_generate(&dir.join("other.pem")).unwrap();
            Keys { sim: sim.join().unwrap(), client: client.join().unwrap(), other }
        })
    })
}

/// The test client's key (registered by [`start`]).
pub fn client_key() -> &'static KeyPair {
    &keys().client
}

/// A key nobody registered.
pub fn other_key() -> &'static KeyPair {
    &keys().other
}

/// The simulator's keys.
pub fn sim_keys() -> &'static SimKeys {
    &keys().sim
}

/// Seconds since the epoch (real clock).
pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Asserts a Skatteetaten error: status and `kode`, with a UUID korrelasjonsid.
    pub fn assert_ske(&self, status: u16, kode: &str) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        let v = self.json();
        assert_eq!(v["kode"], kode, "{}", self.body);
        assert!(kravkit_sim::ids::is_uuid(v["korrelasjonsid"].as_str().unwrap()), "{}", self.body);
        v
    }

    /// Asserts a Maskinporten refusal: 400, `error`, and a text in `error_description`.
    pub fn assert_mp(&self, error: &str, text: &str) {
        assert_eq!(self.status, 400, "{}", self.body);
        let v = self.json();
        assert_eq!(v["error"], error, "{}", self.body);
        let d = v["error_description"].as_str().unwrap();
        assert!(d.contains(text), "{d:?} lacks {text:?}");
    }
}

/// A running simulator and a client that neither follows redirects nor treats 4xx/5xx as errors.
pub struct Sim {
    pub run: Running,
    pub http: ureq::Agent,
}

/// The test client's registration.
pub fn client_config(id: &str, org: &str, scopes: &[&str], key: &KeyPair) -> Value {
    json!({"clientId": id, "org": org, "scopes": scopes, "keys": [key.public_jwk()]})
}

/// A simulator with the test client and API key registered.
pub fn start() -> Sim {
    start_with(|_| {})
}

/// [`start`] with changed options.
pub fn start_with(edit: impl FnOnce(&mut Options)) -> Sim {
    let mut opts = Options::new(sim_keys().clone());
    opts.quiet = std::env::var_os("KRAVKIT_SIM_LOG").is_none();
    edit(&mut opts);
    let run = kravkit_sim::spawn(IpAddr::V4(Ipv4Addr::LOCALHOST), 0, opts).unwrap();
    let http = ureq::Agent::new_with_config(
        ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build(),
    );
    let sim = Sim { run, http };
    sim.config(json!({
        "clients": [client_config(CLIENT, BANK_ORG, &SCOPES, client_key())],
        "altinn2ApiKeys": [{"key": API_KEY, "org": BANK_ORG}],
    }));
    sim
}

fn resp(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Resp {
    let mut r = r.unwrap();
    let headers = r.headers().iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned())).collect();
    Resp { status: r.status().as_u16(), headers, body: r.body_mut().read_to_string().unwrap() }
}

impl Sim {
    /// A URL on the bound address (not the advertised one).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.run.addr)
    }

    /// The advertised Maskinporten issuer.
    pub fn issuer(&self) -> String {
        format!("{}/maskinporten/", self.run.url)
    }

    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Resp {
        let url = if path.starts_with("http") { path.to_owned() } else { self.url(path) };
        let mut req = self.http.get(&url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        resp(req.call())
    }

    pub fn post_json(&self, path: &str, headers: &[(&str, &str)], body: &Value) -> Resp {
        let mut req = self.http.post(&self.url(path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        resp(req.send_json(body))
    }

    pub fn post_form(&self, path: &str, pairs: &[(&str, &str)]) -> Resp {
        resp(self.http.post(&self.url(path)).send_form(pairs.iter().copied()))
    }

    pub fn post_empty(&self, url: &str) -> Resp {
        resp(self.http.post(url).send_empty())
    }

    /// `POST /config`, asserting success.
    pub fn config(&self, update: Value) -> Value {
        let r = self.post_json("/config", &[], &update);
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()
    }

    pub fn stats(&self) -> Value {
        self.get("/stats", &[]).json()
    }

    /// `POST /maskinporten/token` with a grant.
    pub fn token(&self, assertion: &str) -> Resp {
        self.post_form(
            "/maskinporten/token",
            &[("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)],
        )
    }

    /// An access token for a grant that must succeed.
    pub fn access_token(&self, assertion: &str) -> String {
        let r = self.token(assertion);
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()["access_token"].as_str().unwrap().to_owned()
    }

    /// A Skatteetaten call with a bearer token and extra headers.
    pub fn ske(&self, path: &str, token: &str, extra: &[(&str, &str)]) -> Resp {
        let auth = format!("Bearer {token}");
        let mut headers = vec![("Authorization", auth.as_str())];
        headers.extend_from_slice(extra);
        self.get(&format!("/skatteetaten/v1/finans/{path}"), &headers)
    }
}

// ---- raw grants (test-side signer, jwt-compact) ----

fn b64(v: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

/// Signs `claims` under `header` with `key`, using the header's `alg` (RS384/RS512, else RS256 bytes).
pub fn sign(header: &Value, claims: &Value, key: &KeyPair) -> String {
    use jwt_compact::Algorithm as _;
    let input = format!("{}.{}", b64(header), b64(claims));
    let alg = match header["alg"].as_str() {
        Some("RS384") => Rsa::rs384(),
        Some("RS512") => Rsa::rs512(),
        _ => Rsa::rs256(),
    };
    let sig = alg.sign(&key.private, input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig.as_bytes()))
}

/// Valid grant claims for the test client.
pub fn claims(sim: &Sim, scope: &str) -> Value {
    let now = now();
    json!({"aud": sim.issuer(), "iss": CLIENT, "iat": now, "exp": now + 60, "jti": new_uuid(), "scope": scope})
}

/// A grant from [`claims`] after `edit`, signed RS256 with the client key under its kid.
pub fn grant(sim: &Sim, scope: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut c = claims(sim, scope);
    edit(&mut c);
    sign(&json!({"alg": "RS256", "kid": client_key().kid}), &c, client_key())
}

// ---- the core crate's way ----

/// A grant built and signed by the core crate (`GrantBuilder`, `RsaSigner`), optionally with an Altinn 3 consent.
pub fn core_grant(sim: &Sim, scope: &str, consent: Option<(&str, &str)>) -> String {
    use kravkit::{
        ids::PartIdentifikator,
        maskinporten::{AuthorizationDetail, Environment, GrantBuilder, Jti, RsaKey, RsaSigner},
        UnixTime,
    };
    let env = Environment::custom(sim.issuer(), sim.url("/maskinporten/token"));
    let mut builder = GrantBuilder::new(&env, CLIENT).scope(scope).kid(client_key().kid.clone());
    if let Some((id, party)) = consent {
        builder = builder.authorization_details(AuthorizationDetail::AltinnConsent {
            id: kravkit::ids::ConsentRequestId::parse(id).unwrap(),
            from: PartIdentifikator::parse(party).unwrap(),
        });
    }
    let unsigned = builder.build(UnixTime::from_secs(now()), Jti::from_random_bytes(rand::random())).unwrap();
    let signer = RsaSigner::new(&RsaKey::from_pem(&client_key().to_pem()).unwrap()).unwrap();
    signer.sign(&unsigned).secret().to_owned()
}

/// A token fetched the core crate's way: `prepare_token_request` → HTTP → `parse_token_response`.
pub fn core_token(sim: &Sim, scope: &str, consent: Option<(&str, &str)>) -> String {
    use kravkit::{
        http::HttpResponse,
        maskinporten::{parse_token_response, prepare_token_request},
        secret::SignedGrant,
    };
    let grant = SignedGrant::new(core_grant(sim, scope, consent));
    let req = prepare_token_request(&sim.url("/maskinporten/token"), &grant);
    let mut call = sim.http.post(&req.url);
    for (k, v) in &req.headers {
        call = call.header(k.as_str(), v.as_str());
    }
    let r = resp(call.send(&req.body[..]));
    let mut response = HttpResponse::new(r.status, r.body.into_bytes());
    for (k, v) in r.headers {
        response = response.header(k, v);
    }
    let token = parse_token_response(&response).unwrap_or_else(|e| panic!("token refused: {e}"));
    token.access_token.secret().to_owned()
}

// ---- consent helpers ----

/// An Altinn 3 consent request body from the bank to `party`.
pub fn consent3_body(id: &str, party: &str) -> Value {
    json!({
        "id": id,
        "from": kravkit_sim::ids::party_urn(party),
        "to": format!("urn:altinn:organization:identifier-no:{BANK_ORG}"),
        "validTo": "2099-01-01T00:00:00+00:00",
        "consentRights": [{"action": ["consent"], "resource": [{"type": "urn:altinn:resource", "value": RESOURCE}]}],
        "redirectUrl": format!("https://bank.example/kravkit/callback?consentId={id}"),
        "requestMessage": {"nb": "Banken vil vise deg krav og betalinger"},
    })
}

/// Creates an Altinn 3 consent request; returns its id and the response.
pub fn create_consent3(sim: &Sim, party: &str) -> (String, Value) {
    let token = core_token(sim, "altinn:consentrequests.write", None);
    let id = new_uuid();
    let r = sim.post_json(
        "/altinn3/accessmanagement/api/v1/enterprise/consentrequests",
        &[("Authorization", &format!("Bearer {token}"))],
        &consent3_body(&id, party),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    (id, r.json())
}

/// An accepted Altinn 3 consent from `party` (approved through `/config`) and a Skatteetaten token carrying it.
pub fn consent3_token(sim: &Sim, party: &str) -> (String, String) {
    let (id, _) = create_consent3(sim, party);
    sim.config(json!({"consents": [{"id": id, "action": "approve"}]}));
    let token = core_token(sim, SKE_SCOPE, Some((&id, party)));
    (id, token)
}

/// Resolves a form's relative `action` against the page URL, as a browser does.
pub fn form_action(page_url: &str, html: &str, button_id: &str) -> String {
    let button = html.find(&format!("id=\"{button_id}\"")).unwrap_or_else(|| panic!("no #{button_id} in {html}"));
    let form = html[..button].rfind("<form").unwrap();
    let action_start = html[form..].find("action=\"").unwrap() + form + 8;
    let action = &html[action_start..action_start + html[action_start..].find('"').unwrap()];
    assert!(html[form..button].contains("method=\"post\""));
    let base = page_url.split('?').next().unwrap();
    let dir = &base[..base.rfind('/').unwrap() + 1];
    format!("{dir}{action}")
}

/// Creates an Altinn 2 consent request for `party`; returns its code and the response.
pub fn create_consent2(sim: &Sim, party: &str) -> (String, Value) {
    let r = sim.post_json("/altinn2/api/consentRequests", &[("ApiKey", API_KEY)], &consent2_body(party));
    assert_eq!(r.status, 201, "{}", r.body);
    let v = r.json();
    (v["AuthorizationCode"].as_str().unwrap().to_owned(), v)
}

/// An Altinn 2 request body (pre-registered, service 5928/202301).
pub fn consent2_body(party: &str) -> Value {
    json!({
        "CoveredBy": BANK_ORG,
        "OfferedBy": party,
        "OfferedByName": "LYSTIG KLAM KATT",
        "ValidTo": "2099-01-01T00:00:00",
        "RedirectUrl": "https://bank.example/kravkit/a2?x=1",
        "RequestResources": [{"ServiceCode": "5928", "ServiceEditionCode": 202301}],
    })
}

/// Fetches an Altinn 2 consent token (must succeed).
pub fn altinn2_token(sim: &Sim, code: &str) -> String {
    let r = sim.get(
        &format!("/altinn2/api/authorization/token/{code}"),
        &[("ApiKey", API_KEY), ("Accept", "application/json")],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    serde_json::from_str::<String>(&r.body).unwrap()
}

/// Decodes a JWT's payload without checking it.
pub fn payload(jwt: &str) -> Value {
    let p = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap()
}

/// Decodes a JWT's header.
pub fn header(jwt: &str) -> Value {
    let p = jwt.split('.').next().unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap()
}
