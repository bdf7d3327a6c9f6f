// Test key pairs, generated at test time. They are generated already encoded and then imported as fresh key
// objects: on Node 20, exporting a key object made by generateKeyPair(Sync) (as a JWK, or through jose's
// exportJWK) can deadlock the process when the garbage collector frees the key's generation job during the export
// (the job's destructor takes the lock the export holds). Keys imported from PEM share no lock with any job.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';

const encoding = { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } };

/** A key pair for `alg` (RS256: RSA 2048; ES256: P-256) as { privateKey, publicKey } key objects, and the PKCS#8 PEM. */
export function keyPair(alg) {
  const { privateKey: pem } = alg === 'ES256'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256', ...encoding })
    : generateKeyPairSync('rsa', { modulusLength: 2048, ...encoding });
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKey: createPublicKey(pem), pem };
}
