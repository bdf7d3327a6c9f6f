-- Limits (see docs/worker-api.md, "Limits"):
-- * consent_states.page: the consent page Altinn named for the flow, so that a recent pending flow of the same
--   session, party and return URL is handed out again instead of creating another request at Altinn.
-- * indexes for counting the flows a session subject or a party started in the window.
-- * rate_counters: data calls per session and fixed window (the key is a keyed pseudonym of the session subject).
ALTER TABLE consent_states ADD COLUMN page TEXT;
CREATE INDEX consent_states_subject ON consent_states (sub_hash, created_at);
CREATE INDEX consent_states_party ON consent_states (party, created_at);

CREATE TABLE rate_counters (
  key          TEXT    NOT NULL,
  window_start INTEGER NOT NULL,               -- unix seconds
  count        INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);
