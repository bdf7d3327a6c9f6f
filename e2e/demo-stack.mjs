// The demo as scripts/demo runs it, for end-to-end tests and benchmarks: the Worker's harness (startStack) in demo
// mode, with no bank session issuer (the demo page logs in through /demo/session), same-origin, and the demo page
// itself as the allowed consent return URL.
import { startStack } from './worker-harness.mjs';

/**
 * Starts sim + Worker (consent `mode` altinn3 or altinn2). Returns { url, sim, worker, session(), api(), consent(),
 * directToken(), stop } (`consent` and `directToken` are the harness's).
 */
export async function startDemo({ mode = 'altinn3', vars = {} } = {}) {
  const stack = await startStack({
    mode,
    quietSim: true,
    vars: (_sim, url) => ({
      ALLOWED_ORIGINS: '', ALLOWED_RETURN_URLS: `${url}/`, UPSTREAM_TIMEOUT_MS: '5000',
      SESSION_ISSUER: undefined, SESSION_AUDIENCE: undefined, SESSION_JWKS: undefined,
      ...vars,
    }),
  });
  const { url } = stack;
  /** A demo session for every test company. */
  const session = async () => {
    const r = await fetch(`${url}/demo/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (!r.ok) throw new Error(`POST /demo/session: ${r.status} ${await r.text()}`);
    return (await r.json()).token;
  };
  /** GET from the Worker with a demo session; the parsed JSON. */
  const api = async (path, token) => {
    const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token ?? await session()}` } });
    const body = await r.json();
    if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(body)}`);
    return body;
  };
  const consent = (party, opts = {}) => stack.consent(party, { returnUrl: `${url}/`, ...opts });
  return { url, sim: stack.sim, worker: stack.worker, session, api, consent, directToken: stack.directToken, stop: stack.stop };
}
