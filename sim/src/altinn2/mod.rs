//! Altinn 2 consent (`/altinn2`): pre-registered requests, the consent page, the 30-second consent token and the
//! key that signs it (separate from the Maskinporten key).

pub mod api;
pub mod model;
pub mod page;

use std::sync::Arc;

use axum::{
    routing::{get, post},
    Router,
};

use crate::state::State as Sim;

/// The routes under `/altinn2`.
pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/api/consentRequests", post(api::create))
        .route("/api/consentRequest/{code}", get(api::get_one))
        .route("/api/authorization/token", get(api::token_by_query))
        .route("/api/authorization/token/{code}", get(api::token))
        .route("/api/metadata/jwk", get(api::jwk))
        .route("/ui/AccessConsent/request", get(page::show))
        .route("/ui/AccessConsent/request/{code}/approve", post(page::approve))
        .route("/ui/AccessConsent/request/{code}/reject", post(page::reject))
}
