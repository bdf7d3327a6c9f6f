//! Limits on what one session can make the Worker do, counted in D1 (which `wrangler dev` runs locally, and which
//! every isolate of a deployment shares):
//!
//! - consent requests created at Altinn (each is visible to the party, and a D1 row): at most
//!   `CONSENT_CREATES_PER_SUBJECT` per session subject and `CONSENT_CREATES_PER_PARTY` per party in
//!   `CONSENT_CREATE_WINDOW_SECS`; a recent pending flow of the same subject, party and return URL is handed out
//!   again instead of creating another (see `consent::flow::start`);
//! - data calls: at most `DATA_CALLS_PER_MINUTE` per session subject in each clock minute.
//!
//! Past a limit: 429 `rate_limited` with `Retry-After`.

use kravkit::api::problem::ProblemCode;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::D1Database;

use crate::{
    config::{need, Limits},
    consent::pseudonym,
    context::Ctx,
    crypto,
    d1::d1_problem,
    problem::Problem,
};

/// The window of the data-call counter, in seconds.
pub const DATA_WINDOW_SECS: i64 = 60;

/// 429 `rate_limited`, to be retried after `retry_after` seconds (at least 1).
pub fn rate_limited(detail: impl Into<String>, retry_after: i64) -> Problem {
    Problem::new(ProblemCode::RateLimited, detail).with_retry_after(retry_after.clamp(1, 86_400) as u32)
}

#[derive(Deserialize)]
struct Window {
    n: f64,
    oldest: Option<f64>,
}

async fn started_since(db: &D1Database, column: &str, value: &str, since: i64) -> Result<Window, Problem> {
    let sql = format!(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM consent_states WHERE {column} = ?1 AND created_at > ?2"
    );
    let stmt =
        db.prepare(&sql).bind(&[JsValue::from_str(value), JsValue::from_f64(since as f64)]).map_err(d1_problem)?;
    Ok(stmt.first::<Window>(None).await.map_err(d1_problem)?.unwrap_or(Window { n: 0.0, oldest: None }))
}

/// Whether the subject (`sub_hash`, a pseudonym) and the party (its stored form) may start another consent request.
pub async fn check_consent_creation(
    db: &D1Database,
    limits: &Limits,
    sub_hash: &str,
    party: &str,
    now: i64,
) -> Result<(), Problem> {
    let since = now - limits.create_window_secs;
    for (column, value, limit, who) in [
        ("sub_hash", sub_hash, limits.creates_per_subject, "this session"),
        ("party", party, limits.creates_per_party, "this party"),
    ] {
        let w = started_since(db, column, value, since).await?;
        if w.n as u32 >= limit {
            let retry = w.oldest.map_or(limits.create_window_secs, |o| o as i64 + limits.create_window_secs - now);
            return Err(rate_limited(
                format!("{who} started {limit} consent requests in {} s; try again later", limits.create_window_secs),
                retry,
            ));
        }
    }
    Ok(())
}

#[derive(Deserialize)]
struct Count {
    count: f64,
}

/// Counts one data call of the session `sub`; past `DATA_CALLS_PER_MINUTE` in this minute, `rate_limited`.
pub async fn count_data_call(ctx: &Ctx, sub: &str, now: i64) -> Result<(), Problem> {
    let limits = &ctx.config.limits;
    let key = format!("data:{}", pseudonym::subject(need(&ctx.config.state_key)?, sub));
    let window = now - now.rem_euclid(DATA_WINDOW_SECS);
    let db = ctx.db()?;
    let count = db
        .prepare(
            "INSERT INTO rate_counters (key, window_start, count) VALUES (?1, ?2, 1) \
             ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING count",
        )
        .bind(&[JsValue::from_str(&key), JsValue::from_f64(window as f64)])
        .map_err(d1_problem)?
        .first::<Count>(None)
        .await
        .map_err(d1_problem)?
        .map_or(1, |c| c.count as u32);
    // Now and then, drop counters of windows long gone.
    if crypto::random::<1>().is_ok_and(|b| b[0] == 0) {
        let purge = db.prepare("DELETE FROM rate_counters WHERE window_start < ?1");
        if let Ok(stmt) = purge.bind(&[JsValue::from_f64((window - 3_600) as f64)]) {
            let _ = stmt.run().await;
        }
    }
    if count > limits.data_calls_per_minute {
        return Err(rate_limited(
            format!("more than {} data calls in a minute from this session", limits.data_calls_per_minute),
            window + DATA_WINDOW_SECS - now,
        ));
    }
    Ok(())
}
