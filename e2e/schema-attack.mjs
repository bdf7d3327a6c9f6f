#!/usr/bin/env node
// The schema-driven attack: schemathesis (in .venv-tools, from scripts/setup) runs its checks over every operation
// of worker/openapi.json (positive and negative data, all phases, stateful links) against `wrangler dev` and the
// simulator, with consents granted for four test parties, twice: with a demo session on every request and with
// none. Afterwards the wrangler log must hold no panic and no request the runtime cancelled. Exits non-zero on any
// failure.
//
//   node e2e/schema-attack.mjs [--max-examples N] [--phases examples,coverage,fuzzing,stateful] [--seed N]
//                              [--max-time SECONDS] [--report-dir DIR]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startStack } from './worker-harness.mjs';
import { ROOT } from './stack.mjs';

const { values: opt } = parseArgs({
  options: {
    'max-examples': { type: 'string', default: '20' },
    phases: { type: 'string', default: 'examples,coverage,fuzzing,stateful' },
    seed: { type: 'string' },
    'max-time': { type: 'string' },
    'report-dir': { type: 'string', default: join(ROOT, 'artifacts/schema-attack') },
  },
});

const ST = join(ROOT, '.venv-tools/bin/st');
if (!existsSync(ST)) {
  console.error(`${ST} is missing: run scripts/setup`);
  process.exit(2);
}

/** Runs schemathesis once; resolves with its exit status. */
function schemathesis(url, label, env) {
  const reports = join(opt['report-dir'], label);
  mkdirSync(reports, { recursive: true });
  const args = ['--config-file', join(ROOT, 'e2e/schemathesis/schemathesis.toml'), 'run', join(ROOT, 'worker/openapi.json'),
    // Every check but use_after_free: the only DELETE (/v1/parties/{party}/consent) forgets the Worker's record of
    // the party's consent, and the party's consent view always exists, reading `status: none` (200) afterwards, as
    // docs/worker-api.md says, not 404.
    '--url', url, '--checks', 'all', '--exclude-checks', 'use_after_free', '--mode', 'all', '--phases', opt.phases, '--max-examples', opt['max-examples'],
    '--workers', '1', '--request-timeout', '30', '--no-color', '--report', 'junit', '--report-dir', reports];
  if (opt.seed) args.push('--seed', opt.seed);
  if (opt['max-time']) args.push('--max-time', opt['max-time']);
  console.log(`\n== schemathesis, ${label}: st ${args.slice(2).join(' ')}`);
  const child = spawn(ST, args, {
    stdio: 'inherit',
    env: { ...process.env, ...env, PYTHONPATH: join(ROOT, 'e2e/schemathesis'), SCHEMATHESIS_HOOKS: 'kravkit_hooks' },
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

// Consented parties, so that data calls reach Skatteetaten (the simulator) and its answers are checked against the
// schemas: a busy firm, the documented example (a person's claim among the firm's), a party with nothing, a shielded
// one. Consents are per party, so a demo session uses them too (until a generated DELETE forgets one).
const CONSENTED = ['313367002', '212201782', '311851381', '314961900'];

const s = await startStack({ mode: 'altinn3' });
let failed = false;
try {
  for (const party of CONSENTED) {
    const { location } = await s.consent(party);
    if (!location?.includes('kravkitConsent=granted')) throw new Error(`consent for ${party}: ${location}`);
  }
  const runs = [
    ['with-session', { KRAVKIT_DEMO_SESSION_URL: `${s.url}/demo/session` }],
    ['without-session', {}],
  ];
  for (const [label, env] of runs) {
    const code = await schemathesis(s.url, label, env);
    console.log(`== schemathesis, ${label}: exit ${code}`);
    if (code !== 0) failed = true;
  }
  const log = readFileSync(s.worker.logFile, 'utf8');
  // What the Worker answered, from its request log: how deep the generated requests got.
  const answered = {};
  for (const line of log.split('\n').filter((l) => l.startsWith('{"service":"kravkit"'))) {
    const { status, code } = JSON.parse(line);
    const key = `${status}${code ? ` ${code}` : ''}`;
    answered[key] = (answered[key] ?? 0) + 1;
  }
  console.log('\n== the Worker answered (status and problem code: requests)');
  for (const [k, n] of Object.entries(answered).sort()) console.log(`   ${k}: ${n}`);
  for (const bad of [/panicked/, /canceled this request because it detected that your Worker's code had hung/, /RuntimeError/]) {
    if (bad.test(log)) {
      console.error(`the wrangler log (${s.worker.logFile}) matches ${bad}`);
      failed = true;
    }
  }
} finally {
  await s.stop();
}
console.log(failed ? '\nschema attack: FAILED' : '\nschema attack: 0 failures');
process.exit(failed ? 1 : 0);
