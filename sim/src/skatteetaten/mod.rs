//! Skatteetaten "Krav og betalinger" (`/skatteetaten/v1/...`): the four endpoints, both consent styles, the
//! documented error codes, and the test data.

pub mod consent;
pub mod data;
pub mod errors;
pub mod generate;
pub mod load;
pub mod routes;
pub mod xml;

use std::{path::Path, sync::Arc};

use axum::{routing::get, Router};
use chrono::NaiveDate;

use crate::state::State as Sim;

/// The routes under `/skatteetaten`.
pub fn routes() -> Router<Arc<Sim>> {
    Router::new().route("/v1/{package}/{party}/{endpoint}", get(routes::endpoint))
}

/// The built-in parties dated from `today`, then the parties of `dir` (replacing built-in ones with the same id).
pub fn dataset(today: NaiveDate, dir: Option<&Path>) -> Result<data::Dataset, String> {
    let mut parties = generate::builtin(today);
    if let Some(dir) = dir {
        parties.extend(load::load_dir(dir, today)?);
    }
    Ok(data::Dataset { today: Some(today), parties })
}
