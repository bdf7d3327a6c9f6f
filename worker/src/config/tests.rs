use kravkit::api::problem::ProblemCode;
use std::collections::HashMap;

use super::*;

struct Vars(HashMap<&'static str, String>);

impl Vars {
    fn clone_vars(&self) -> Vars {
        Vars(self.0.clone())
    }
}

impl VarSource for Vars {
    fn get(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
}

/// A structurally valid private JWK (the RFC 7638 example modulus, fake private parts): parsing checks shape and
/// size, WebCrypto checks the arithmetic.
pub(super) const KEY: &str = concat!(
    r#"{"kty":"RSA","e":"AQAB","d":"3q2-7w","p":"3q2-7w","q":"3q2-7w","dp":"3q2-7w","dq":"3q2-7w","qi":"3q2-7w","#,
    r#""n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}"#
);

fn base() -> Vars {
    Vars(HashMap::from([
        ("ENVIRONMENT", "sim".to_owned()),
        ("SIM_URL", "http://127.0.0.1:9999/".to_owned()),
        ("MASKINPORTEN_CLIENT_ID", "client-1".to_owned()),
        ("ORG_NUMBER", "991825827".to_owned()),
        ("ALLOWED_RETURN_URLS", "https://bank.example/netbank, http://127.0.0.1:8787/".to_owned()),
        ("ALLOWED_ORIGINS", "https://bank.example,http://localhost:3000".to_owned()),
        ("SESSION_ISSUER", "https://bank.example".to_owned()),
        ("SESSION_AUDIENCE", "kravkit".to_owned()),
        ("SESSION_JWKS", r#"{"keys":[{"kty":"EC","crv":"P-256","x":"x","y":"y","kid":"k"}]}"#.to_owned()),
        ("MASKINPORTEN_KEY", KEY.to_owned()),
        ("STATE_KEY", "0123456789abcdef0123456789abcdef".to_owned()),
    ]))
}

fn with(mut v: Vars, k: &'static str, value: &str) -> Vars {
    v.0.insert(k, value.to_owned());
    v
}

fn without(mut v: Vars, k: &'static str) -> Vars {
    v.0.remove(k);
    v
}

fn names(c: &Config) -> Vec<(&'static str, &'static str)> {
    c.problems().iter().map(|p| (p.variable, p.problem)).collect()
}

#[test]
fn a_complete_sim_config_has_no_problems_and_sim_urls() {
    let c = Config::load(&base());
    assert_eq!(names(&c), []);
    let u = c.upstreams.unwrap();
    assert_eq!(u.maskinporten.issuer(), "http://127.0.0.1:9999/maskinporten/");
    assert_eq!(u.maskinporten.token_endpoint(), "http://127.0.0.1:9999/maskinporten/token");
    assert_eq!(u.altinn3.base_url(), "http://127.0.0.1:9999/altinn3");
    assert_eq!(u.altinn2.base_url(), "http://127.0.0.1:9999/altinn2");
    assert_eq!(u.skatteetaten.environment.base_url(), "http://127.0.0.1:9999/skatteetaten/v1");
    assert_eq!(c.consent_mode, Ok(ConsentMode::Altinn3));
    assert_eq!(c.scope, "skatteetaten:kravogbetalinger");
    assert_eq!(c.timeout_ms, 10_000);
    assert_eq!(c.jwks_ttl_secs, 300);
    assert!(!c.demo_mode);
    assert_eq!(c.allowed_origins.unwrap(), ["https://bank.example", "http://localhost:3000"]);
}

#[test]
fn test_and_prod_select_the_real_services() {
    let c = Config::load(&with(base(), "ENVIRONMENT", "test"));
    let u = c.upstreams.unwrap();
    assert_eq!(u.maskinporten.issuer(), "https://test.maskinporten.no/");
    assert_eq!(u.altinn3.base_url(), "https://platform.tt02.altinn.no");
    assert_eq!(u.altinn2.base_url(), "https://tt02.altinn.no");
    assert_eq!(u.skatteetaten.environment.base_url(), "https://kravogbetalinger.api.skatteetaten-test.no/v1");
    let c = Config::load(&with(with(base(), "ENVIRONMENT", "prod"), "PUBLIC_URL", "https://kravkit.bank.example"));
    let u = c.upstreams.unwrap();
    assert_eq!(u.maskinporten.issuer(), "https://maskinporten.no/");
    assert_eq!(u.altinn2.base_url(), "https://www.altinn.no");
    assert_eq!(u.skatteetaten.environment.base_url(), "https://kravogbetalinger.api.skatteetaten.no/v1");
}

#[test]
fn missing_and_malformed_variables_are_named() {
    let c = Config::load(&without(without(base(), "ENVIRONMENT"), "STATE_KEY"));
    assert_eq!(names(&c), [("ENVIRONMENT", "missing"), ("STATE_KEY", "missing")]);
    let c = Config::load(&with(base(), "ENVIRONMENT", "staging"));
    assert_eq!(names(&c), [("ENVIRONMENT", "invalid")]);
    let c = Config::load(&with(base(), "ORG_NUMBER", "123456789"));
    assert_eq!(names(&c), [("ORG_NUMBER", "invalid")]);
    let c =
        Config::load(&with(base(), "MASKINPORTEN_KEY", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"));
    let p = c.problems();
    assert_eq!((p[0].variable, p[0].problem), ("MASKINPORTEN_KEY", "invalid"));
    assert!(!p[0].detail.contains("AAAA"), "never echo a secret: {}", p[0].detail);
    let c = Config::load(&with(base(), "STATE_KEY", "short"));
    assert_eq!(names(&c), [("STATE_KEY", "invalid")]);
    let c = Config::load(&with(base(), "CONSENT_MODE", "altinn4"));
    assert_eq!(names(&c), [("CONSENT_MODE", "invalid")]);
    let c = Config::load(&with(base(), "UPSTREAM_TIMEOUT_MS", "forever"));
    assert_eq!(names(&c), [("UPSTREAM_TIMEOUT_MS", "invalid")]);
    let c = Config::load(&with(base(), "SESSION_JWKS_TTL_SECS", "0"));
    assert_eq!(names(&c), [("SESSION_JWKS_TTL_SECS", "invalid")]);
    assert_eq!(Config::load(&with(base(), "SESSION_JWKS_TTL_SECS", "60")).jwks_ttl_secs, 60);
    let c = Config::load(&with(base(), "SESSION_JWKS_URL", "https://bank.example/jwks"));
    assert_eq!(names(&c), [("SESSION_JWKS", "invalid")]);
    let c = Config::load(&with(base(), "SESSION_JWKS", "{\"keys\":[]}"));
    assert_eq!(names(&c), [("SESSION_JWKS", "invalid")]);
    let problem = Problem::from(c.problems()[0]);
    assert_eq!((problem.code, problem.status), (ProblemCode::ConfigInvalid, 500));
    assert!(problem.detail.starts_with("SESSION_JWKS: "), "{}", problem.detail);
}

#[test]
fn altinn2_needs_the_api_key() {
    let c = Config::load(&with(base(), "CONSENT_MODE", "altinn2"));
    assert_eq!(names(&c), [("ALTINN_API_KEY", "missing")]);
    let c = Config::load(&with(with(base(), "CONSENT_MODE", "altinn2"), "ALTINN_API_KEY", "k"));
    assert_eq!(names(&c), []);
}

#[test]
fn demo_mode_is_refused_in_prod_and_may_run_without_session_settings() {
    let prod = with(with(with(base(), "ENVIRONMENT", "prod"), "DEMO_MODE", "true"), "PUBLIC_URL", "https://k.example");
    let prod =
        with(with(prod, "ALLOWED_ORIGINS", "https://bank.example"), "ALLOWED_RETURN_URLS", "https://bank.example/");
    let c = Config::load(&prod);
    assert!(!c.demo_mode);
    assert_eq!(names(&c), [("DEMO_MODE", "invalid")]);
    let demo = without(
        without(without(with(base(), "DEMO_MODE", "true"), "SESSION_ISSUER"), "SESSION_AUDIENCE"),
        "SESSION_JWKS",
    );
    let c = Config::load(&demo);
    assert!(c.demo_mode);
    assert_eq!(names(&c), []);
    assert_eq!(c.demo_audience(), DEFAULT_DEMO_AUDIENCE);
    let c = Config::load(&without(base(), "SESSION_ISSUER"));
    assert_eq!(names(&c), [("SESSION_ISSUER", "missing")]);
}

#[test]
fn demo_mode_only_with_the_simulator() {
    for env in ["test", "prod"] {
        let vars = with(with(with(base(), "ENVIRONMENT", env), "DEMO_MODE", "true"), "PUBLIC_URL", "https://k.example");
        let vars =
            with(with(vars, "ALLOWED_ORIGINS", "https://bank.example"), "ALLOWED_RETURN_URLS", "https://bank.example/");
        let c = Config::load(&vars);
        assert!(!c.demo_mode, "{env}");
        assert_eq!(names(&c), [("DEMO_MODE", "invalid")], "{env}");
        assert!(c.problems()[0].detail.contains("ENVIRONMENT=sim"));
    }
    assert!(Config::load(&with(base(), "DEMO_MODE", "true")).demo_mode);
}

#[test]
fn prod_refuses_loopback_origins_and_return_urls() {
    let prod = with(with(base(), "ENVIRONMENT", "prod"), "PUBLIC_URL", "https://k.example");
    assert_eq!(names(&Config::load(&prod)), [("ALLOWED_ORIGINS", "invalid"), ("ALLOWED_RETURN_URLS", "invalid")]);
    let prod =
        with(with(prod, "ALLOWED_ORIGINS", "https://bank.example"), "ALLOWED_RETURN_URLS", "https://bank.example/");
    assert_eq!(names(&Config::load(&prod)), []);
    for loopback in [
        "http://localhost:3000",
        "https://localhost",
        "http://127.0.0.1:8787",
        "https://127.1.2.3",
        "http://[::1]:8080",
        "https://app.localhost",
        "https://localhost.",
        "https://0.0.0.0",
    ] {
        let c = Config::load(&with(prod.clone_vars(), "ALLOWED_ORIGINS", &format!("https://bank.example,{loopback}")));
        assert_eq!(names(&c), [("ALLOWED_ORIGINS", "invalid")], "{loopback}");
        assert!(c.problems()[0].detail.contains("ENVIRONMENT=prod"), "{loopback}");
        let c = Config::load(&with(prod.clone_vars(), "ALLOWED_RETURN_URLS", &format!("{loopback}/return")));
        assert_eq!(names(&c), [("ALLOWED_RETURN_URLS", "invalid")], "{loopback}");
        let c = Config::load(&with(prod.clone_vars(), "PUBLIC_URL", loopback));
        assert_eq!(names(&c), [("PUBLIC_URL", "invalid")], "{loopback}");
    }
    // Outside prod, loopback stays usable for local development.
    assert_eq!(names(&Config::load(&with(base(), "ENVIRONMENT", "test"))), []);
}

#[test]
fn prod_needs_a_public_url_and_origins_are_exact() {
    let prod =
        with(with(base(), "ALLOWED_ORIGINS", "https://bank.example"), "ALLOWED_RETURN_URLS", "https://bank.example/");
    let c = Config::load(&with(prod, "ENVIRONMENT", "prod"));
    assert_eq!(names(&c), [("PUBLIC_URL", "missing")]);
    for bad in ["*", "https://bank.example/path", "ftp://x", "http://bank.example", "https://u:p@bank.example"] {
        let c = Config::load(&with(base(), "ALLOWED_ORIGINS", bad));
        assert_eq!(names(&c), [("ALLOWED_ORIGINS", "invalid")], "{bad}");
    }
    let c = Config::load(&with(base(), "ALLOWED_ORIGINS", "HTTPS://Bank.Example:443/"));
    assert_eq!(c.allowed_origins.unwrap(), ["https://bank.example"]);
}

#[test]
fn return_urls_match_origin_and_path_prefix_exactly() {
    let rules: Vec<UrlRule> =
        ["https://bank.example/netbank", "http://127.0.0.1:8787/"].iter().map(|r| UrlRule::parse(r).unwrap()).collect();
    let ok = |u: &str| allowed_return_url(&rules, u).map(|u| u.to_string());
    assert_eq!(ok("https://bank.example/netbank").as_deref(), Some("https://bank.example/netbank"));
    assert_eq!(ok("https://bank.example/netbank/krav?x=1").as_deref(), Some("https://bank.example/netbank/krav?x=1"));
    assert_eq!(ok("https://BANK.example:443/netbank/").as_deref(), Some("https://bank.example/netbank/"));
    assert!(ok("http://127.0.0.1:8787/?tab=krav").is_some());
    for bad in [
        "https://bank.example/netbankevil",
        "https://bank.example/other",
        "https://bank.example/netbank/../admin",
        "https://bank.example/netbank/%2e%2e/admin",
        "https://bank.example.evil.com/netbank",
        "https://bank.example@evil.com/netbank",
        "https://evil.com/netbank",
        "http://bank.example/netbank",
        "https://bank.example:8443/netbank",
        "https://bank.example/netbank#frag",
        "//evil.com/netbank",
        "/netbank",
        "javascript:alert(1)",
        "https://bank.example/netbank\\@evil.com",
        "https://bank.example/net bank",
        "http://127.0.0.1:8788/",
        "http://localhost:8787/",
        "",
    ] {
        assert_eq!(ok(bad), None, "{bad} must be refused");
    }
    for bad in ["https://bank.example/x?y=1", "https://bank.example/#f", "http://bank.example/", "not a url"] {
        assert!(UrlRule::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn limits_have_defaults_and_bad_values_are_named() {
    let c = Config::load(&base());
    assert_eq!(
        c.limits,
        Limits {
            creates_per_subject: 10,
            creates_per_party: 20,
            create_window_secs: 3_600,
            data_calls_per_minute: 120
        }
    );
    let set = with(with(base(), "CONSENT_CREATES_PER_SUBJECT", "3"), "DATA_CALLS_PER_MINUTE", "5");
    let c = Config::load(&with(with(set, "CONSENT_CREATE_WINDOW_SECS", "60"), "CONSENT_CREATES_PER_PARTY", "4"));
    assert_eq!(
        c.limits,
        Limits { creates_per_subject: 3, creates_per_party: 4, create_window_secs: 60, data_calls_per_minute: 5 }
    );
    for (var, bad) in [
        ("CONSENT_CREATES_PER_SUBJECT", "0"),
        ("CONSENT_CREATES_PER_PARTY", "many"),
        ("CONSENT_CREATE_WINDOW_SECS", "86401"),
        ("DATA_CALLS_PER_MINUTE", "-1"),
        ("UPSTREAM_MAX_BODY_BYTES", "10"),
    ] {
        let c = Config::load(&with(base(), var, bad));
        assert_eq!(names(&c), [(var, "invalid")], "{var}={bad}");
    }
    assert_eq!(Config::load(&with(base(), "UPSTREAM_MAX_BODY_BYTES", "65536")).max_upstream_body, 65_536);
}

#[test]
fn klientid_defaults_to_the_client_id_and_a_bad_one_is_named() {
    assert_eq!(Config::load(&base()).klientid.unwrap().as_str(), "client-1");
    let c = Config::load(&with(base(), "SKATTEETATEN_KLIENTID", "bank-a-netbank"));
    assert_eq!(c.klientid.unwrap().as_str(), "bank-a-netbank");
    let c = Config::load(&with(base(), "SKATTEETATEN_KLIENTID", "bank\u{e6}"));
    assert_eq!(names(&c), [("SKATTEETATEN_KLIENTID", "invalid")]);
    let long = "k".repeat(101);
    assert_eq!(
        names(&Config::load(&with(base(), "SKATTEETATEN_KLIENTID", &long))),
        [("SKATTEETATEN_KLIENTID", "invalid")]
    );
    // Without a client id the problem is the client id's, named once.
    let c = Config::load(&without(base(), "MASKINPORTEN_CLIENT_ID"));
    assert_eq!(names(&c), [("MASKINPORTEN_CLIENT_ID", "missing")]);
    assert!(c.klientid.is_err());
}
