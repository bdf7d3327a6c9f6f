//! Maskinporten (`/maskinporten`): metadata, its signing key, and `/token` for RFC 7523 JWT grants.

pub mod grant_check;
pub mod token;

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::State,
    http::{header, HeaderMap},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde_json::{json, Value};

use crate::state::State as Sim;

/// The only grant type Maskinporten takes.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// The routes under `/maskinporten`.
pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/.well-known/oauth-authorization-server", get(well_known))
        .route("/jwk", get(jwk))
        .route("/token", post(token_endpoint))
}

/// The authorization server metadata, as test.maskinporten.no publishes it, with the simulator's URLs.
pub fn metadata(state: &Sim) -> Value {
    json!({
        "issuer": state.issuer(),
        "token_endpoint": state.url("/maskinporten/token"),
        "jwks_uri": state.url("/maskinporten/jwk"),
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "grant_types_supported": [JWT_BEARER],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "RS384", "RS512"],
        "authorization_details_types_supported": ["urn:altinn:consent"],
    })
}

async fn well_known(State(state): State<Arc<Sim>>) -> Json<Value> {
    Json(metadata(&state))
}

async fn jwk(State(state): State<Arc<Sim>>) -> Json<Value> {
    Json(json!({"keys": [state.keys.maskinporten.public_jwk()]}))
}

async fn token_endpoint(State(state): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    match grant_check::check(&state, content_type, &body) {
        Err(rejection) => {
            state.lock().stats.reject(rejection.reason);
            rejection.into_response()
        }
        Ok(granted) => {
            let (access_token, expires_in) = token::issue(&state, &granted);
            state.lock().stats.issue(&granted.client_id, &granted.kid, &granted.scope, granted.consent.is_some());
            state.record_token(|t| t.access_tokens.push(access_token.clone()));
            let body = json!({
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": expires_in,
                "scope": granted.scope,
            });
            ([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
        }
    }
}
