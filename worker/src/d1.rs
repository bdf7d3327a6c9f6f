//! The consent records and callback states in D1 (schema in `worker/migrations`).
//!
//! A person's id is never stored: `party` holds its keyed pseudonym (`consent::pseudonym`), an organisation number
//! is stored as it is; the session subject is a keyed pseudonym too.
//!
//! `consents`: one row per (party, mode): the Altinn 3 consent id or Altinn 2 authorization code, the status
//! (`pending`, `granted`, `denied`, `revoked`, `expired`), until when it is valid, and timestamps. Each row is read
//! once into the core's [`ConsentRecord`] (an unknown mode, status or reference is an error); the writes are the
//! core's [`Store`] values.
//! `consent_states`: one row per started consent flow, keyed by the callback state's nonce, used once.
//!
//! Data calls read a party's *granted* consent through a small per-isolate cache ([`GRANT_TTL_MS`]); every write
//! in this isolate drops the party's entry. Only grants are cached: a stale grant costs at most an upstream call
//! that the revocation check then catches, while a stale refusal would hide a fresh consent.

use kravkit::api::problem::ProblemCode;
use std::{cell::RefCell, collections::HashMap};

use kravkit::{
    consent::{machine, ConsentMode, ConsentRecord, ConsentRef, ConsentStatus, Guard, RecordError, Store},
    UnixTime,
};
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

use crate::{context::now_ms, log::RequestLog, problem::Problem};

/// How long a granted consent read from D1 is reused by this isolate.
pub const GRANT_TTL_MS: f64 = 30_000.0;

/// What this module keeps per isolate (one part of [`crate::isolate::Isolate`]).
#[derive(Default)]
pub struct Kept {
    grants: RefCell<HashMap<(String, ConsentMode), (ConsentRecord, f64)>>,
}

fn kept() -> &'static Kept {
    &crate::isolate::get().grants
}

fn forget(party: &str) {
    kept().grants.borrow_mut().retain(|(p, _), _| p != party);
}

/// A `consents` row as D1 gives it; read once, by [`ConsentRow::parse`], into the core's record.
#[derive(Deserialize)]
struct ConsentRow {
    consent_ref: String,
    status: String,
    valid_to: Option<f64>,
    updated_at: f64,
}

impl ConsentRow {
    fn parse(self, mode: ConsentMode) -> Result<ConsentRecord, Problem> {
        let secs = |t: f64| t as i64;
        ConsentRecord::from_stored(
            mode.as_str(),
            &self.consent_ref,
            &self.status,
            self.valid_to.map(secs),
            secs(self.updated_at),
        )
        .map_err(|e| unreadable("consents", &e))
    }
}

/// A row that does not parse: an error, never read as something else.
fn unreadable(table: &str, e: &RecordError) -> Problem {
    Problem::internal(format!("D1: a {table} row cannot be read: {e}"))
}

/// What a consent flow's state is bound to (and signed over): everything of the flow but the consent Altinn knows
/// it by, which for Altinn 2 exists only after the state is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// The party the consent is for (stored form).
    pub party: String,
    /// The consent generation.
    pub mode: ConsentMode,
    /// The session subject that started it, as a keyed pseudonym (`consent::pseudonym::subject`).
    pub sub_hash: String,
    /// Where to send the browser afterwards (already checked against the allow-list).
    pub return_url: String,
    /// When the state expires (seconds since the epoch).
    pub expires_at: i64,
}

/// A started consent flow, found by the nonce in the callback's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateRow {
    /// What the state is bound to.
    pub flow: Flow,
    /// The consent created at Altinn.
    pub consent_ref: ConsentRef,
}

/// A `consent_states` row as D1 gives it.
#[derive(Deserialize)]
struct RawStateRow {
    party: String,
    mode: String,
    consent_ref: String,
    sub_hash: String,
    return_url: String,
    expires_at: f64,
}

impl RawStateRow {
    fn parse(self) -> Result<StateRow, Problem> {
        let bad = |e: RecordError| unreadable("consent_states", &e);
        let mode = ConsentMode::parse(&self.mode).map_err(bad)?;
        let consent_ref = ConsentRef::parse(mode, &self.consent_ref).map_err(bad)?;
        let flow = Flow {
            party: self.party,
            mode,
            sub_hash: self.sub_hash,
            return_url: self.return_url,
            expires_at: self.expires_at as i64,
        };
        Ok(StateRow { flow, consent_ref })
    }
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
            ProblemCode::ConfigMissing,
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

async fn select_consent(db: &D1Database, party: &str, mode: ConsentMode) -> Result<Option<ConsentRecord>, Problem> {
    bind(
        db,
        "SELECT consent_ref, status, valid_to, updated_at FROM consents WHERE party = ?1 AND mode = ?2",
        &[js(party), js(mode.as_str())],
    )?
    .first::<ConsentRow>(None)
    .await
    .map_err(d1_problem)?
    .map(|row| row.parse(mode))
    .transpose()
}

/// The party's consent in `mode`, if any. `party` is the stored form (a person's pseudonym); `legacy` is the plain
/// id a row written before pseudonyms may still be under: such rows are moved to `party` when found.
pub async fn get_consent(
    db: &D1Database,
    party: &str,
    legacy: Option<&str>,
    mode: ConsentMode,
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
    mode: ConsentMode,
    now: UnixTime,
    log: &RequestLog,
) -> Result<Option<ConsentRecord>, Problem> {
    let key = (party.to_owned(), mode);
    let at = now_ms();
    let hit = kept().grants.borrow().get(&key).filter(|(_, t)| at - t < GRANT_TTL_MS).map(|(r, _)| r.clone());
    if let Some(r) = hit.filter(|r| r.is_usable(now)) {
        log.cache("consent", "hit");
        return Ok(Some(r));
    }
    log.cache("consent", "miss");
    let record = get_consent(db, party, legacy, mode).await?;
    remember_for_use(party, mode, record.as_ref(), now);
    Ok(record)
}

/// Keeps `record`, just read from D1, for the data calls of the next [`GRANT_TTL_MS`] (a record that is not usable
/// drops what was kept). `party` is the stored form.
pub fn remember_for_use(party: &str, mode: ConsentMode, record: Option<&ConsentRecord>, now: UnixTime) {
    let key = (party.to_owned(), mode);
    let mut g = kept().grants.borrow_mut();
    match record {
        Some(r) if r.is_usable(now) => {
            if g.len() > 10_000 {
                g.clear();
            }
            g.insert(key, (r.clone(), now_ms()));
        }
        _ => {
            g.remove(&key);
        }
    }
}

fn time(t: Option<UnixTime>) -> JsValue {
    t.map_or(JsValue::NULL, |t| num(t.secs()))
}

/// Applies a write the lifecycle asked for to the party's records (`legacy`: the plain id a person's rows from
/// before pseudonyms may be under, for [`Store::Forget`]). The guard and the reference check are part of the
/// statement, so a concurrent write cannot slip between a read and this.
pub async fn store(db: &D1Database, party: &str, legacy: Option<&str>, write: &Store) -> Result<(), Problem> {
    forget(party);
    let stmt = match write {
        Store::Put { record, guard } => {
            let always = num(i64::from(*guard == Guard::Always));
            bind(
                db,
                "INSERT INTO consents (party, mode, consent_ref, status, valid_to, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) \
                 ON CONFLICT (party, mode) DO UPDATE SET consent_ref = excluded.consent_ref, status = excluded.status, \
                 valid_to = excluded.valid_to, updated_at = excluded.updated_at \
                 WHERE ?7 = 1 OR NOT (consents.status = ?8 AND consents.valid_to > ?6)",
                &[
                    js(party),
                    js(record.mode().as_str()),
                    js(&record.reference.to_string()),
                    js(record.status.as_str()),
                    time(record.valid_to),
                    num(record.updated_at.secs()),
                    always,
                    js(ConsentStatus::Granted.as_str()),
                ],
            )?
        }
        Store::Update(record) => bind(
            db,
            "UPDATE consents SET status = ?4, updated_at = ?5 WHERE party = ?1 AND mode = ?2 AND consent_ref = ?3",
            &[
                js(party),
                js(record.mode().as_str()),
                js(&record.reference.to_string()),
                js(record.status.as_str()),
                num(record.updated_at.secs()),
            ],
        )?,
        Store::Forget => {
            let plain = legacy.unwrap_or(party);
            forget(plain);
            bind(db, "DELETE FROM consents WHERE party = ?1 OR party = ?2", &[js(party), js(plain)])?
        }
    };
    run(stmt).await.map(drop)
}

/// Stores a started flow under its state nonce, and drops states that expired over a day ago.
pub async fn insert_state(db: &D1Database, nonce: &str, row: &StateRow, page: &str, now: i64) -> Result<(), Problem> {
    let flow = &row.flow;
    let insert = bind(
        db,
        "INSERT INTO consent_states \
         (nonce, party, mode, consent_ref, sub_hash, return_url, expires_at, created_at, page) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        &[
            js(nonce),
            js(&flow.party),
            js(flow.mode.as_str()),
            js(&row.consent_ref.to_string()),
            js(&flow.sub_hash),
            js(&flow.return_url),
            num(flow.expires_at),
            num(now),
            js(page),
        ],
    )?;
    let purge = bind(db, "DELETE FROM consent_states WHERE expires_at < ?1", &[num(now - 86_400)])?;
    db.batch(vec![insert, purge]).await.map_err(d1_problem).map(drop)
}

/// The consent page of a flow this subject started for this party and return URL that is still pending at Altinn
/// (the party's record names its consent) and whose state outlives [`machine::reuse_bound`].
pub async fn reusable_flow(db: &D1Database, flow: &Flow, now: UnixTime) -> Result<Option<String>, Problem> {
    #[derive(Deserialize)]
    struct Page {
        page: String,
    }
    let found = bind(
        db,
        "SELECT s.page AS page FROM consent_states s JOIN consents c \
         ON c.party = s.party AND c.mode = s.mode AND c.consent_ref = s.consent_ref AND c.status = ?6 \
         WHERE s.party = ?1 AND s.mode = ?2 AND s.sub_hash = ?3 AND s.return_url = ?4 AND s.used_at IS NULL \
         AND s.page IS NOT NULL AND s.expires_at > ?5 ORDER BY s.created_at DESC LIMIT 1",
        &[
            js(&flow.party),
            js(flow.mode.as_str()),
            js(&flow.sub_hash),
            js(&flow.return_url),
            num(machine::reuse_bound(now).secs()),
            js(ConsentStatus::Pending.as_str()),
        ],
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
    .first::<RawStateRow>(None)
    .await
    .map_err(d1_problem)?
    .map(RawStateRow::parse)
    .transpose()
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
