//! Demo mode only (`DEMO_MODE=true`, not in prod): `POST /demo/session` issues a session for the simulator's test
//! parties, and `GET /demo/jwks.json` publishes the key that signs them.

use serde::Deserialize;
use serde_json::json;
use worker::{Request, Response};

use kravkit::api::present;

use super::{json, optional_body};
use crate::{
    auth::demo::{self, DEMO_PARTIES},
    context::{now, Ctx},
    problem::Problem,
};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SessionRequest {
    #[serde(default, deserialize_with = "present")]
    parties: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    sub: Option<String>,
}

/// Issues a demo session.
pub async fn session(ctx: &Ctx, req: &mut Request) -> Result<Response, Problem> {
    let asked: SessionRequest = optional_body::<SessionRequest>(req).await?.unwrap_or_default();
    let parties: Vec<String> = match asked.parties {
        None => DEMO_PARTIES.iter().map(|p| (*p).to_owned()).collect(),
        Some(list) if list.iter().all(|p| DEMO_PARTIES.contains(&p.as_str())) => list,
        Some(_) => {
            return Err(Problem::invalid_request(format!(
                "demo sessions may only name the test parties {}",
                DEMO_PARTIES.join(", ")
            )))
        }
    };
    let sub = asked.sub.unwrap_or_else(|| "demo-user".to_owned());
    if sub.is_empty() || sub.len() > 64 || !sub.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.@".contains(&b)) {
        return Err(Problem::invalid_request("sub must be 1 to 64 letters, digits or -_.@"));
    }
    let now = now().secs();
    let (token, exp) = demo::issue(&sub, &parties, ctx.config.demo_audience(), now).await?;
    json(200, &json!({"token": token, "expiresAt": kravkit::UnixTime::from_secs(exp).to_rfc3339(), "parties": parties}))
}

/// The demo key set.
pub async fn jwks() -> Result<Response, Problem> {
    json(200, &demo::jwks().await?)
}
