// Independent check of a Maskinporten grant with the npm `jose` library (as Maskinporten would verify it).
//
//   node tests/js/verify-grant.mjs <jwt-file> <jwk-file> [<audience> [<issuer> [<now-unix-seconds>]]]
//
// Verifies the signature with the public JWK, `aud` against <audience> and `iss` against <issuer> when given,
// and `iat`/`exp` at <now> (default: the real clock). Prints {"protectedHeader": ..., "payload": ...,
// "thumbprint": ...} as JSON on stdout and exits 0; on any failure prints the reason on stderr and exits 1.
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, importJWK, jwtVerify } from 'jose';

const [jwtFile, jwkFile, audience, issuer, now] = process.argv.slice(2);
if (!jwtFile || !jwkFile) {
  console.error('usage: verify-grant.mjs <jwt-file> <jwk-file> [<audience> [<issuer> [<now>]]]');
  process.exit(2);
}

try {
  const jwt = readFileSync(jwtFile, 'utf8').trim();
  const jwk = JSON.parse(readFileSync(jwkFile, 'utf8'));
  const key = await importJWK(jwk, jwk.alg);
  const options = { algorithms: ['RS256', 'RS384', 'RS512'], maxTokenAge: '120s' };
  if (audience) options.audience = audience;
  if (issuer) options.issuer = issuer;
  if (now) options.currentDate = new Date(Number(now) * 1000);
  const { payload, protectedHeader } = await jwtVerify(jwt, key, options);
  const thumbprint = await calculateJwkThumbprint(jwk, 'sha256');
  console.log(JSON.stringify({ protectedHeader, payload, thumbprint }));
} catch (err) {
  console.error(`verification failed: ${err.code ?? ''} ${err.message}`);
  process.exit(1);
}
