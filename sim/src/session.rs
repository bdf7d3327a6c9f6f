//! A bank's session key set (`/session/jwks.json`), as a Worker configured with `SESSION_JWKS_URL` fetches it:
//! set with `sessionJwks` in `/config`, so faults can be injected on it like on any other upstream.

use std::sync::Arc;

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use serde_json::json;

use crate::state::State as Sim;

/// The routes under `/session`.
pub fn routes() -> Router<Arc<Sim>> {
    Router::new().route("/jwks.json", get(jwks))
}

/// The configured key set, or 404 while none is set.
async fn jwks(State(state): State<Arc<Sim>>) -> Response {
    match state.lock().session_jwks.clone() {
        Some(set) => Json(set).into_response(),
        None => (StatusCode::NOT_FOUND, Json(json!({"error": "no sessionJwks configured"}))).into_response(),
    }
}
