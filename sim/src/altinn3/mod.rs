//! Altinn 3 consent (`/altinn3`): the enterprise consent request API and the consent page.

pub mod api;
pub mod model;
pub mod page;

use std::sync::Arc;

use axum::{
    routing::{get, post},
    Router,
};

use crate::state::State as Sim;

const BASE: &str = "/accessmanagement/api/v1/enterprise/consentrequests";

/// The routes under `/altinn3`.
pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route(BASE, post(api::create))
        .route(&format!("{BASE}/"), post(api::create))
        .route(&format!("{BASE}/events"), get(api::events))
        .route(&format!("{BASE}/{{id}}"), get(api::get_one))
        .route("/ui/consent/request", get(page::show))
        .route("/ui/consent/request/{id}/approve", post(page::approve))
        .route("/ui/consent/request/{id}/reject", post(page::reject))
}
