// The demo as scripts/demo runs it, for end-to-end tests and benchmarks: the simulator with a fresh Maskinporten
// client, and `wrangler dev` serving the Worker and www/ in demo mode, same-origin, with the demo page itself as
// the allowed consent return URL. Built on the Worker's harness (e2e/sim.mjs, e2e/stack.mjs).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim } from './sim.mjs';
import { freePort, startWorker } from './stack.mjs';
import { CLIENT_ID, KID, ORG, RELAXED_LIMITS, SCOPES, clientKey } from './worker-harness.mjs';

/** Starts sim + Worker (consent `mode` altinn3 or altinn2). Returns { url, sim, worker, session(), api(), stop }. */
export async function startDemo({ mode = 'altinn3', vars = {} } = {}) {
  const key = clientKey();
  const secrets = { MASKINPORTEN_KEY: key.pem, STATE_KEY: randomBytes(32).toString('base64url'), ALTINN_API_KEY: randomBytes(24).toString('base64url') };
  const sim = await startSim({
    quiet: true,
    config: {
      clients: [{ clientId: CLIENT_ID, org: ORG, scopes: SCOPES, keys: [key.jwk] }],
      altinn2ApiKeys: [{ key: secrets.ALTINN_API_KEY, org: ORG }],
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'kravkit-demo-'));
  const envFile = join(dir, 'worker.env');
  const line = (k, v) => `${k}="${String(v).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`;
  writeFileSync(envFile, `${Object.entries(secrets).map(([k, v]) => line(k, v)).join('\n')}\n`, { mode: 0o600 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let worker;
  try {
    worker = await startWorker({
      port,
      envFile,
      vars: {
        ENVIRONMENT: 'sim', SIM_URL: sim.url, MASKINPORTEN_CLIENT_ID: CLIENT_ID, MASKINPORTEN_KID: KID, ORG_NUMBER: ORG,
        CONSENT_MODE: mode, ALLOWED_ORIGINS: '', ALLOWED_RETURN_URLS: `${url}/`, DEMO_MODE: 'true', PUBLIC_URL: url,
        UPSTREAM_TIMEOUT_MS: '5000', ...RELAXED_LIMITS, ...vars,
      },
    });
  } catch (e) {
    await sim.stop();
    throw e;
  }
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
  const stop = async () => {
    await worker?.stop();
    await sim.stop();
  };
  return { url, sim, worker, session, api, stop };
}
