-- Consent records: one row per party and consent mode. Applied with
--   wrangler d1 migrations apply DB --local   (development)
--   wrangler d1 migrations apply DB --remote  (deployed)
CREATE TABLE consents (
  party       TEXT    NOT NULL,                -- organisasjonsnummer or fødselsnummer
  mode        TEXT    NOT NULL CHECK (mode IN ('altinn3', 'altinn2')),
  consent_ref TEXT    NOT NULL,                -- Altinn 3 consent request id, or Altinn 2 authorization code
  status      TEXT    NOT NULL CHECK (status IN ('pending', 'granted', 'denied', 'revoked', 'expired')),
  valid_to    INTEGER,                         -- unix seconds; set when granted
  created_at  INTEGER NOT NULL,                -- unix seconds
  updated_at  INTEGER NOT NULL,                -- unix seconds
  PRIMARY KEY (party, mode)
);

-- One row per started consent flow, keyed by the nonce in the signed callback state. used_at makes a state
-- single-use; rows are purged a day after they expire.
CREATE TABLE consent_states (
  nonce       TEXT    PRIMARY KEY,
  party       TEXT    NOT NULL,
  mode        TEXT    NOT NULL,
  consent_ref TEXT    NOT NULL,
  sub_hash    TEXT    NOT NULL,                -- base64url SHA-256 of the session subject
  return_url  TEXT    NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER,
  created_at  INTEGER NOT NULL
);
CREATE INDEX consent_states_expires_at ON consent_states (expires_at);
