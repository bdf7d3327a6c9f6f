//! `GET /healthz`: liveness and whether the configuration is complete. The public answer is only `status` and
//! `config.ok`; the details (version, environment, modes, the variables that are missing or malformed, never a
//! value) are shown outside prod, or in prod to `Authorization: Bearer <OPERATOR_TOKEN>`.

use serde_json::{json, Value};
use worker::{Headers, Response};

use super::json;
use crate::{
    config::{Config, Deployment},
    context::Ctx,
    problem::Problem,
};

/// Whether the caller may see the details: always outside prod; in prod only with the operator token.
pub fn may_see_details(cfg: &Config, authorization: Option<&str>) -> bool {
    if cfg.deployment != Ok(Deployment::Prod) {
        return true;
    }
    let presented = authorization.and_then(|a| a.strip_prefix("Bearer ")).map(str::trim);
    match (&cfg.operator_token, presented) {
        (Some(token), Some(p)) => token.matches(p),
        _ => false,
    }
}

/// The answer: `{status, config: {ok}}`, plus the details when `detailed`.
pub fn body(cfg: &Config, detailed: bool) -> Value {
    let problems = cfg.problems();
    if !detailed {
        return json!({"status": "ok", "config": {"ok": problems.is_empty()}});
    }
    json!({
        "status": "ok",
        "service": "kravkit-worker",
        "version": env!("CARGO_PKG_VERSION"),
        "environment": cfg.environment_name,
        "consentMode": cfg.consent_mode.as_ref().map_or("invalid", |m| m.as_str()),
        "demoMode": cfg.demo_mode,
        "config": {"ok": problems.is_empty(), "problems": problems},
    })
}

/// Reports liveness and the configuration check.
pub fn get(ctx: &Ctx, headers: &Headers) -> Result<Response, Problem> {
    let authorization = headers.get("authorization").ok().flatten();
    let detailed = may_see_details(&ctx.config, authorization.as_deref());
    json(200, &body(&ctx.config, detailed))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::config::VarSource;

    struct Vars(HashMap<&'static str, &'static str>);

    impl VarSource for Vars {
        fn get(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|v| (*v).to_owned())
        }
    }

    const TOKEN: &str = "operator-0123456789abcdef0123456789";

    fn prod(token: bool) -> Config {
        let mut vars = HashMap::from([("ENVIRONMENT", "prod"), ("CONSENT_MODE", "altinn2")]);
        if token {
            vars.insert("OPERATOR_TOKEN", TOKEN);
        }
        Config::load(&Vars(vars))
    }

    #[test]
    fn in_prod_the_public_answer_is_status_and_config_ok_only() {
        for cfg in [prod(false), prod(true)] {
            for auth in [None, Some("Bearer wrong-token-0123456789abcdef0123"), Some("Basic x"), Some(TOKEN)] {
                assert!(!may_see_details(&cfg, auth), "{auth:?}");
                let b = body(&cfg, may_see_details(&cfg, auth));
                assert_eq!(b, json!({"status": "ok", "config": {"ok": false}}), "{auth:?}");
                let text = b.to_string();
                for leak in ["prod", "altinn2", "version", "MASKINPORTEN_KEY", "problems"] {
                    assert!(!text.contains(leak), "{leak} in {text}");
                }
            }
        }
    }

    #[test]
    fn the_operator_token_shows_the_details_in_prod_and_outside_prod_they_are_shown() {
        let cfg = prod(true);
        let auth = format!("Bearer {TOKEN}");
        assert!(may_see_details(&cfg, Some(&auth)));
        let b = body(&cfg, true);
        assert_eq!(b["environment"], "prod");
        assert_eq!(b["consentMode"], "altinn2");
        assert!(b["config"]["problems"].as_array().unwrap().iter().any(|p| p["variable"] == "MASKINPORTEN_KEY"));
        let sim = Config::load(&Vars(HashMap::from([("ENVIRONMENT", "sim")])));
        assert!(may_see_details(&sim, None));
    }

    #[test]
    fn a_short_operator_token_is_a_config_problem_and_unlocks_nothing() {
        let cfg = Config::load(&Vars(HashMap::from([("ENVIRONMENT", "prod"), ("OPERATOR_TOKEN", "short")])));
        assert!(cfg.operator_token.is_none());
        assert!(cfg.problems().iter().any(|p| p.variable == "OPERATOR_TOKEN" && p.problem == "invalid"));
        assert!(!may_see_details(&cfg, Some("Bearer short")));
    }
}
