//! The consent records and callback states in D1 (schema in `worker/migrations`).
//!
//! A person's id is never stored: `party` holds its keyed pseudonym (`consent::pseudonym`), an organisation number
//! is stored as it is; the session subject is a keyed pseudonym too.
//!
//! `consents`: one row per (party, mode): the Altinn 3 consent id or Altinn 2 authorization code, the status
//! (`pending`, `granted`, `denied`, `revoked`, `expired`), until when it is valid, and timestamps.
//! `consent_states`: one row per started consent flow, keyed by the callback state's nonce, used once.
//!
//! Data calls read a party's *granted* consent through a small per-isolate cache ([`GRANT_TTL_MS`]); every write
//! in this isolate drops the party's entry. Only grants are cached: a stale grant costs at most an upstream call
//! that the revocation check then catches, while a stale refusal would hide a fresh consent.

use std::{cell::RefCell, collections::HashMap};

use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

use crate::{context::now_ms, log::RequestLog, problem::Problem};

/// How long a granted consent read from D1 is reused by this isolate.
pub const GRANT_TTL_MS: f64 = 30_000.0;

thread_local! {
    static GRANTS: RefCell<HashMap<(String, String), (ConsentRecord, f64)>> = RefCell::new(HashMap::new());
}

fn forget(party: &str) {
    GRANTS.with(|g| g.borrow_mut().retain(|(p, _), _| p != party));
}

/// A consent as recorded.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ConsentRecord {
    /// Altinn 3 consent request id, or Altinn 2 authorization code.
    pub consent_ref: String,
    /// `pending`, `granted`, `denied`, `revoked` or `expired`.
    pub status: String,
    /// Until when it is valid (seconds since the epoch).
    pub valid_to: Option<f64>,
    /// Last change (seconds since the epoch).
    pub updated_at: f64,
}

/// A started consent flow, found by the nonce in the callback's state.
#[derive(Debug, Clone, Deserialize)]
pub struct StateRow {
    /// The party the consent is for.
    pub party: String,
    /// `altinn3` or `altinn2`.
    pub mode: String,
    /// The consent id or authorization code created at Altinn.
    pub consent_ref: String,
    /// The session subject that started it, as a keyed pseudonym (`consent::pseudonym::subject`).
    pub sub_hash: String,
    /// Where to send the browser afterwards (already checked against the allow-list).
    pub return_url: String,
    /// When the state expires (seconds since the epoch).
    pub expires_at: f64,
}

fn js(s: &str) -> JsValue {
    JsValue::from_str(s)
}

fn num(n: i64) -> JsValue {
    JsValue::from_f64(n as f64)
}

/// A D1 failure as a problem (missing tables are a configuration problem).
pub fn d1_problem(e: worker::Error) -> Problem {
    let text = e.to_string();
    if text.contains("no such table") {
        Problem::new(
            "config_missing",
            "DB: the consents tables are missing; apply worker/migrations (wrangler d1 migrations apply DB)",
        )
    } else {
        Problem::internal(format!("D1: {}", text.chars().take(200).collect::<String>()))
    }
}

fn bind(db: &D1Database, sql: &str, args: &[JsValue]) -> Result<D1PreparedStatement, Problem> {
    db.prepare(sql).bind(args).map_err(d1_problem)
}

async fn run(stmt: D1PreparedStatement) -> Result<usize, Problem> {
    let result = stmt.run().await.map_err(d1_problem)?;
    Ok(result.meta().ok().flatten().and_then(|m| m.changes).unwrap_or(0))
}

async fn select_consent(db: &D1Database, party: &str, mode: &str) -> Result<Option<ConsentRecord>, Problem> {
    bind(
        db,
        "SELECT consent_ref, status, valid_to, updated_at FROM consents WHERE party = ?1 AND mode = ?2",
        &[js(party), js(mode)],
    )?
    .first::<ConsentRecord>(None)
    .await
    .map_err(d1_problem)
}

/// The party's consent in `mode`, if any. `party` is the stored form (a person's pseudonym); `legacy` is the plain
/// id a row written before pseudonyms may still be under: such rows are moved to `party` when found.
pub async fn get_consent(
    db: &D1Database,
    party: &str,
    legacy: Option<&str>,
    mode: &str,
) -> Result<Option<ConsentRecord>, Problem> {
    let found = select_consent(db, party, mode).await?;
    let Some(plain) = legacy.filter(|l| found.is_none() && *l != party) else { return Ok(found) };
    let Some(old) = select_consent(db, plain, mode).await? else { return Ok(None) };
    forget(plain);
    let moves = vec![
        bind(db, "UPDATE OR IGNORE consents SET party = ?1 WHERE party = ?2", &[js(party), js(plain)])?,
        bind(db, "DELETE FROM consents WHERE party = ?1", &[js(plain)])?,
    ];
    db.batch(moves).await.map_err(d1_problem)?;
    Ok(Some(old))
}

/// The party's consent for a data call: a granted one from this isolate's cache if fresh, else from D1 (and
/// cached when granted and still valid).
pub async fn get_consent_for_use(
    db: &D1Database,
    party: &str,
    legacy: Option<&str>,
    mode: &str,
    now_secs: i64,
    log: &RequestLog,
) -> Result<Option<ConsentRecord>, Problem> {
    let key = (party.to_owned(), mode.to_owned());
    let now = now_ms();
    let hit = GRANTS.with(|g| g.borrow().get(&key).filter(|(_, at)| now - at < GRANT_TTL_MS).map(|(r, _)| r.clone()));
    if let Some(r) = hit.filter(|r| r.valid_to.is_some_and(|v| v as i64 > now_secs)) {
        log.cache("consent", "hit");
        return Ok(Some(r));
    }
    log.cache("consent", "miss");
    let record = get_consent(db, party, legacy, mode).await?;
    GRANTS.with(|g| {
        let mut g = g.borrow_mut();
        match &record {
            Some(r) if r.status == "granted" && r.valid_to.is_some_and(|v| v as i64 > now_secs) => {
                if g.len() > 10_000 {
                    g.clear();
                }
                g.insert(key, (r.clone(), now));
            }
            _ => {
                g.remove(&key);
            }
        }
    });
    Ok(record)
}

/// Records a started flow as `pending`, unless a granted consent is still valid (it stays usable until the new
/// one is answered).
pub async fn start_pending(
    db: &D1Database,
    party: &str,
    mode: &str,
    consent_ref: &str,
    now: i64,
) -> Result<(), Problem> {
    forget(party);
    let stmt = bind(
        db,
        "INSERT INTO consents (party, mode, consent_ref, status, valid_to, created_at, updated_at) \
         VALUES (?1, ?2, ?3, 'pending', NULL, ?4, ?4) \
         ON CONFLICT (party, mode) DO UPDATE SET consent_ref = excluded.consent_ref, status = 'pending', \
         valid_to = NULL, updated_at = excluded.updated_at \
         WHERE NOT (consents.status = 'granted' AND consents.valid_to > ?4)",
        &[js(party), js(mode), js(consent_ref), num(now)],
    )?;
    run(stmt).await.map(drop)
}

/// Records a granted consent (replacing whatever was there).
pub async fn record_granted(
    db: &D1Database,
    party: &str,
    mode: &str,
    consent_ref: &str,
    valid_to: i64,
    now: i64,
) -> Result<(), Problem> {
    forget(party);
    let stmt = bind(
        db,
        "INSERT INTO consents (party, mode, consent_ref, status, valid_to, created_at, updated_at) \
         VALUES (?1, ?2, ?3, 'granted', ?4, ?5, ?5) \
         ON CONFLICT (party, mode) DO UPDATE SET consent_ref = excluded.consent_ref, status = 'granted', \
         valid_to = excluded.valid_to, updated_at = excluded.updated_at",
        &[js(party), js(mode), js(consent_ref), num(valid_to), num(now)],
    )?;
    run(stmt).await.map(drop)
}

/// Records a refusal (`denied`), unless a granted consent is still valid.
pub async fn record_denied(
    db: &D1Database,
    party: &str,
    mode: &str,
    consent_ref: &str,
    now: i64,
) -> Result<(), Problem> {
    forget(party);
    let stmt = bind(
        db,
        "INSERT INTO consents (party, mode, consent_ref, status, valid_to, created_at, updated_at) \
         VALUES (?1, ?2, ?3, 'denied', NULL, ?4, ?4) \
         ON CONFLICT (party, mode) DO UPDATE SET consent_ref = excluded.consent_ref, status = 'denied', \
         valid_to = NULL, updated_at = excluded.updated_at \
         WHERE NOT (consents.status = 'granted' AND consents.valid_to > ?4)",
        &[js(party), js(mode), js(consent_ref), num(now)],
    )?;
    run(stmt).await.map(drop)
}

/// Marks one consent `revoked` or `expired` (only the row still holding that consent).
pub async fn set_status(
    db: &D1Database,
    party: &str,
    mode: &str,
    consent_ref: &str,
    status: &str,
    now: i64,
) -> Result<(), Problem> {
    forget(party);
    let stmt = bind(
        db,
        "UPDATE consents SET status = ?4, updated_at = ?5 WHERE party = ?1 AND mode = ?2 AND consent_ref = ?3",
        &[js(party), js(mode), js(consent_ref), js(status), num(now)],
    )?;
    run(stmt).await.map(drop)
}

/// Forgets the party's consents (every mode), under its stored form and a `legacy` plain id.
pub async fn delete_consents(db: &D1Database, party: &str, legacy: Option<&str>) -> Result<(), Problem> {
    forget(party);
    let plain = legacy.unwrap_or(party);
    forget(plain);
    run(bind(db, "DELETE FROM consents WHERE party = ?1 OR party = ?2", &[js(party), js(plain)])?).await.map(drop)
}

/// Stores a started flow under its state nonce, and drops states that expired over a day ago.
pub async fn insert_state(db: &D1Database, nonce: &str, row: &StateRow, page: &str, now: i64) -> Result<(), Problem> {
    let insert = bind(
        db,
        "INSERT INTO consent_states \
         (nonce, party, mode, consent_ref, sub_hash, return_url, expires_at, created_at, page) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        &[
            js(nonce),
            js(&row.party),
            js(&row.mode),
            js(&row.consent_ref),
            js(&row.sub_hash),
            js(&row.return_url),
            JsValue::from_f64(row.expires_at),
            num(now),
            js(page),
        ],
    )?;
    let purge = bind(db, "DELETE FROM consent_states WHERE expires_at < ?1", &[num(now - 86_400)])?;
    db.batch(vec![insert, purge]).await.map_err(d1_problem).map(drop)
}

/// The consent page of a flow this subject started for this party and return URL that is still pending at Altinn
/// (the party's record names its consent) and has at least `min_left` seconds of its state left.
pub async fn reusable_flow(
    db: &D1Database,
    row: &StateRow,
    now: i64,
    min_left: i64,
) -> Result<Option<String>, Problem> {
    #[derive(Deserialize)]
    struct Page {
        page: String,
    }
    let found = bind(
        db,
        "SELECT s.page AS page FROM consent_states s JOIN consents c \
         ON c.party = s.party AND c.mode = s.mode AND c.consent_ref = s.consent_ref AND c.status = 'pending' \
         WHERE s.party = ?1 AND s.mode = ?2 AND s.sub_hash = ?3 AND s.return_url = ?4 AND s.used_at IS NULL \
         AND s.page IS NOT NULL AND s.expires_at > ?5 ORDER BY s.created_at DESC LIMIT 1",
        &[js(&row.party), js(&row.mode), js(&row.sub_hash), js(&row.return_url), num(now + min_left)],
    )?
    .first::<Page>(None)
    .await
    .map_err(d1_problem)?;
    Ok(found.map(|p| p.page))
}

/// The flow a nonce names, if it is still unused.
pub async fn get_state(db: &D1Database, nonce: &str) -> Result<Option<StateRow>, Problem> {
    bind(
        db,
        "SELECT party, mode, consent_ref, sub_hash, return_url, expires_at FROM consent_states \
         WHERE nonce = ?1 AND used_at IS NULL",
        &[js(nonce)],
    )?
    .first::<StateRow>(None)
    .await
    .map_err(d1_problem)
}

/// Marks a state used; `false` if it already was (a replay), so exactly one callback wins.
pub async fn consume_state(db: &D1Database, nonce: &str, now: i64) -> Result<bool, Problem> {
    let stmt = bind(
        db,
        "UPDATE consent_states SET used_at = ?2 WHERE nonce = ?1 AND used_at IS NULL",
        &[js(nonce), num(now)],
    )?;
    Ok(run(stmt).await? == 1)
}
