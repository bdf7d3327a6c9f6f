// The Worker's end-to-end harness: a simulator with a freshly generated Maskinporten client, `wrangler dev` with
// secrets in a temporary --env-file (never argv), bank-issued session tokens signed with jose, an HTTP client that
// records every response and validates it against worker/openapi.json (ajv), and the consent page clicked through
// with plain HTTP.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { SignJWT, exportJWK, importPKCS8 } from 'jose';
import { keyPair } from './keys.mjs';
import { isFodselsnummer, isOrganisasjonsnummer } from './party-ids.mjs';
import { startSim } from './sim.mjs';
import { ROOT, envLine, freePort, startWorker } from './stack.mjs';

export const ORG = '991825827';
export const CLIENT_ID = 'kravkit-e2e';
export const KID = 'kravkit-e2e-1';
export const BANK_ISSUER = 'https://bank.example';
export const BANK_ORIGIN = 'https://bank.example';
export const AUDIENCE = 'kravkit';
export const SCOPES = ['skatteetaten:kravogbetalinger', 'altinn:consentrequests.write', 'altinn:consentrequests.read'];
/** Limits high enough for suites that are not about limits. */
export const RELAXED_LIMITS = { CONSENT_CREATES_PER_SUBJECT: '10000', CONSENT_CREATES_PER_PARTY: '10000', DATA_CALLS_PER_MINUTE: '1000000' };
/** The simulator's test parties. */
export const TEST_PARTIES = ['313367002', '311851381', '314961900', '314055403', '212201782'];
/** Synthetic fødselsnumre (the sim's sole proprietor's owner, and another valid one) that must never be logged. */
export const TEST_FNR = ['04827896468', '21818297804'];

/** A fresh 2048-bit RSA client key: PKCS#8 PEM, the private JWK, and the public JWK to register. */
export function clientKey(kid = KID) {
  const { privateKey, publicKey, pem } = keyPair('RS256');
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256' };
  return { pem, jwk, privateJwk, d: privateJwk.d };
}

// ---------------------------------------------------------------------------------------------------------------
// OpenAPI validation of every response.

const openapi = JSON.parse(readFileSync(join(ROOT, 'worker/openapi.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('organisasjonsnummer', isOrganisasjonsnummer);
ajv.addFormat('fodselsnummer', isFodselsnummer);
ajv.addSchema(openapi, 'openapi.json');
// Concrete paths (`/v1/parties/_/consent`) match before templated ones (`/v1/parties/{party}/consent`), as in OpenAPI.
const templates = Object.keys(openapi.paths).map((t) => ({
  template: t,
  re: new RegExp(`^${t.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
})).sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
const validators = new Map();

const pointer = (...parts) => parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** A response object, following a `$ref` into `components` (with the JSON pointer it was found at). */
function deref(obj) {
  if (!obj?.$ref) return obj;
  const parts = obj.$ref.replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return { ...parts.reduce((o, p) => o[p], openapi), $pointer: pointer(...parts) };
}

/**
 * Validates one response against the document: the operation must exist, the status must be documented, and a
 * JSON body must match the schema. Returns a list of errors (empty when valid); undefined for paths not in the API.
 */
export function validateResponse(method, path, status, contentType, body) {
  const t = templates.find((x) => x.re.test(path));
  const problemJson = (contentType ?? '').startsWith('application/problem+json');
  // Unknown routes (404) and methods (405) answer with a problem, which must still match the Problem schema.
  const asProblem = () => {
    if (method === 'HEAD' && body === undefined) return []; // a HEAD answer has the headers, never the body
    const validate = ajv.getSchema('openapi.json#/components/schemas/Problem');
    return validate(body) ? [] : validate.errors.map((e) => `${method} ${path} ${status}: ${e.instancePath} ${e.message}`);
  };
  if (!t) return problemJson && status === 404 ? asProblem() : undefined;
  const op = openapi.paths[t.template][method.toLowerCase()];
  if (!op && status === 405 && problemJson) return asProblem();
  if (!op) return [`${method} ${t.template} is not documented`];
  const key = op.responses[String(status)] ? String(status) : (op.responses.default ? 'default' : null);
  if (!key) return [`${method} ${t.template} does not document status ${status}`];
  const response = deref(op.responses[key]);
  const content = response.content;
  if (!content) return body ? [`${method} ${t.template} ${status} documents no body but got one`] : [];
  const type = (contentType ?? '').split(';')[0].trim();
  if (!content[type]) return [`${method} ${t.template} ${status}: content type ${type} is not documented`];
  const ref = `openapi.json#/${response.$pointer ?? pointer('paths', t.template, method.toLowerCase(), 'responses', key)}/${pointer('content', type, 'schema')}`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate(body) ? [] : validate.errors.map((e) => `${method} ${path} ${status}: ${e.instancePath} ${e.message}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The stack.

/**
 * Starts the simulator and the Worker, wired together: the one way every e2e test and benchmark starts them. `mode`
 * is the CONSENT_MODE; `vars` override Worker vars (an object, or a function of the started simulator and the
 * Worker's URL giving one; a var set to `undefined` is left out); `sim` is merged into the simulator's config file;
 * `simKeys` is its --keys directory; `quietSim` keeps its request log out of the output; `keyAs` is the form of
 * MASKINPORTEN_KEY (`pem` or `jwk`); `edge` puts the edge stand-in in front (see startWorker); `assets` is another static assets directory. The result's `simConfig` is that config file's content (to restart the
 * simulator with).
 */
export async function startStack({ mode = 'altinn3', vars = {}, sim: simExtra = {}, simKeys, quietSim = false, secrets: secretOverrides = {}, keyAs = 'pem', edge = false, assets } = {}) {
  const key = clientKey();
  const secrets = {
    MASKINPORTEN_KEY: keyAs === 'jwk' ? JSON.stringify(key.privateJwk) : key.pem,
    STATE_KEY: randomBytes(32).toString('base64url'),
    ALTINN_API_KEY: randomBytes(24).toString('base64url'),
    ...secretOverrides,
  };
  const simConfig = {
    clients: [{ clientId: CLIENT_ID, org: ORG, scopes: SCOPES, keys: [key.jwk] }],
    altinn2ApiKeys: [{ key: secrets.ALTINN_API_KEY, org: ORG }],
    ...simExtra,
  };
  const sim = await startSim({ config: simConfig, keys: simKeys, quiet: quietSim });
  const es = keyPair('ES256');
  const rs = keyPair('RS256');
  const jwks = {
    keys: [
      { ...(await exportJWK(es.publicKey)), kid: 'bank-es', alg: 'ES256', use: 'sig' },
      { ...(await exportJWK(rs.publicKey)), kid: 'bank-rs', alg: 'RS256', use: 'sig' },
    ],
  };
  const dir = mkdtempSync(join(tmpdir(), 'kravkit-secrets-'));
  const envFile = join(dir, 'worker.env');
  writeFileSync(envFile, `${Object.entries(secrets).filter(([, v]) => v !== undefined).map(([k, v]) => envLine(k, v)).join('\n')}\n`, { mode: 0o600 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let worker;
  let workerVars;
  try {
    workerVars = {
        ENVIRONMENT: 'sim',
        SIM_URL: sim.url,
        MASKINPORTEN_CLIENT_ID: CLIENT_ID,
        MASKINPORTEN_KID: KID,
        ORG_NUMBER: ORG,
        CONSENT_MODE: mode,
        ALLOWED_ORIGINS: BANK_ORIGIN,
        ALLOWED_RETURN_URLS: `${url}/return,https://bank.example/netbank`,
        SESSION_ISSUER: BANK_ISSUER,
        SESSION_AUDIENCE: AUDIENCE,
        SESSION_JWKS: JSON.stringify(jwks),
        DEMO_MODE: 'true',
        PUBLIC_URL: url,
        UPSTREAM_TIMEOUT_MS: '2000',
        // The limits have their own suite (worker-security); the others make more calls than one person would.
        ...RELAXED_LIMITS,
        ...(typeof vars === 'function' ? vars(sim, url) : vars),
    };
    workerVars = Object.fromEntries(Object.entries(workerVars).filter(([, v]) => v !== undefined));
    worker = await startWorker({ port, envFile, vars: workerVars, edge, assets });
  } catch (e) {
    await sim.stop();
    throw e;
  }

  const recorded = [];
  const invalid = [];
  const minted = new Set();

  /** A bank session token. */
  async function session({ parties = TEST_PARTIES, sub = 'user-1', alg = 'ES256', iat, exp, iss = BANK_ISSUER, aud = AUDIENCE, kid, claims = {}, key: signKey } = {}) {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss, aud, sub, iat: iat ?? now, exp: exp ?? (iat ?? now) + 600, parties, ...claims };
    const header = { alg, kid: kid ?? (alg === 'ES256' ? 'bank-es' : 'bank-rs'), typ: 'JWT' };
    const token = await new SignJWT(payload).setProtectedHeader(header).sign(signKey ?? (alg === 'ES256' ? es.privateKey : rs.privateKey));
    minted.add(token);
    return token;
  }

  /** Calls the Worker; records the response and validates it against the OpenAPI document. */
  async function api(method, path, { token, body, headers = {}, raw } = {}) {
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    let payload;
    if (raw !== undefined) payload = raw;
    else if (body !== undefined) { payload = JSON.stringify(body); h['content-type'] = 'application/json'; }
    const r = await fetch(`${url}${path}`, { method, headers: h, body: payload, redirect: 'manual' });
    const text = await r.text();
    const contentType = r.headers.get('content-type');
    let json;
    if (/json/.test(contentType ?? '') && text) json = JSON.parse(text);
    const res = { status: r.status, headers: r.headers, text, json };
    recorded.push({ method, path, status: r.status, headers: [...r.headers.entries()], text });
    const pathOnly = path.split('?')[0];
    const errors = validateResponse(method, pathOnly, r.status, contentType, json);
    if (errors?.length) invalid.push(...errors);
    if (errors) res.validated = true;
    return res;
  }

  /** Starts a consent, clicks the sim's consent page (`approve` or `reject`) and follows to the Worker callback. */
  async function consent(party, { token, action = 'approve', returnUrl = `${url}/return` } = {}) {
    const tok = token ?? await session();
    const start = await api('POST', '/v1/consents', { token: tok, body: { party, returnUrl } });
    assert.equal(start.status, 201, start.text);
    const page = await fetch(start.json.redirectUrl);
    assert.equal(page.status, 200);
    const html = await page.text();
    const form = html.match(new RegExp(`<form method="post" action="([^"]+/${action})"`));
    assert.ok(form, `the consent page has an ${action} form`);
    const answer = await fetch(new URL(form[1], start.json.redirectUrl), { method: 'POST', redirect: 'manual' });
    assert.equal(answer.status, 303);
    const callback = answer.headers.get('location');
    assert.ok(callback.startsWith(`${url}/v1/consents/callback?`), callback);
    const cb = await api('GET', callback.slice(url.length));
    return { start, callback, cb, location: cb.headers.get('location') };
  }

  const stop = async () => {
    await worker?.stop();
    await sim.stop();
  };
  /**
   * Restarts `wrangler dev` (a fresh isolate: empty memory) on the same port, D1 and Cache API. `between` runs while
   * it is down (e.g. to change files under `worker.stateDir`).
   */
  const restartWorker = async (between) => {
    await worker.stop({ keepState: true });
    await between?.(worker.stateDir);
    worker = await startWorker({ port, envFile, vars: workerVars, stateDir: worker.stateDir, edge, assets });
    result.worker = worker;
  };
  /**
   * A Skatteetaten token for `party`'s Altinn 3 consent `consentId`, fetched from the simulator's Maskinporten the
   * way the Worker does (a grant signed with the Worker's key): for calling the simulator's Skatteetaten directly.
   */
  const directToken = async (party, consentId) => {
    const signing = await importPKCS8(secrets.MASKINPORTEN_KEY, 'RS256');
    const now = Math.floor(Date.now() / 1000);
    const grant = await new SignJWT({
      aud: `${sim.url}/maskinporten/`, iss: CLIENT_ID, scope: 'skatteetaten:kravogbetalinger', iat: now, exp: now + 60, jti: randomUUID(),
      authorization_details: [{ type: 'urn:altinn:consent', id: consentId, from: `urn:altinn:organization:identifier-no:${party}` }],
    }).setProtectedHeader({ alg: 'RS256', kid: KID }).sign(signing);
    const r = await fetch(`${sim.url}/maskinporten/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: grant }),
    });
    assert.equal(r.status, 200, 'the simulator issued a token');
    return (await r.json()).access_token;
  };
  const result = { url, sim, simConfig, worker, secrets, key, jwks, session, api, consent, directToken, recorded, invalid, minted, stop, restartWorker, bankKeys: { es, rs } };
  return result;
}

/** The query of a URL as an object. */
export function query(location) {
  return Object.fromEntries(new URL(location).searchParams);
}
