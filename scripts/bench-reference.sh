#!/usr/bin/env bash
# Times the JavaScript reference verifier (@digitalbazaar/vc with the eddsa-rdfc-2022
# cryptosuite, on Node) on the same credentials as `cargo bench --bench verify`, with a static
# document loader serving the same contexts Cairn embeds. Installs the npm packages into a
# temporary folder, which is removed afterwards.
#
# Usage: scripts/bench-reference.sh [ITERATIONS]   (default 200 per credential)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
conformance="$(cd "$repo/../shared/conformance" && pwd)"
iterations="${1:-200}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund \
  @digitalbazaar/vc@7.3.0 \
  @digitalbazaar/data-integrity@2.5.0 \
  @digitalbazaar/eddsa-rdfc-2022-cryptosuite@1.3.0 \
  @digitalbazaar/ed25519-multikey@1.3.1 \
  jsonld-signatures@11.6.0 >/dev/null

cat > bench.mjs <<'JS'
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsigs from 'jsonld-signatures';

const [repo, conformance, iterations] = process.argv.slice(2);
const {AssertionProofPurpose} = jsigs.purposes;

// The same contexts Cairn embeds: URL -> file under assets/contexts (see SOURCES.md).
const sources = readFileSync(join(repo, 'src/verify/contexts.rs'), 'utf8');
const contexts = new Map();
for (const m of sources.matchAll(/url: "([^"]+)",\s*file: "([^"]+)"/g)) {
  contexts.set(m[1], JSON.parse(readFileSync(join(repo, 'assets/contexts', m[2]), 'utf8')));
}

// Keys named as <controller>#<publicKeyMultibase> (the 1EdTech convention) are served as a
// Multikey verification method and a controller document listing it.
function documentLoader(url) {
  if (contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  const [base, fragment] = url.split('#');
  const key = fragment || null;
  if (key && key.startsWith('z6Mk')) {
    return {contextUrl: null, documentUrl: url, document: {
      '@context': 'https://w3id.org/security/multikey/v1',
      id: url, type: 'Multikey', controller: base, publicKeyMultibase: key,
    }};
  }
  if (controllers.has(url)) {
    return {contextUrl: null, documentUrl: url, document: controllers.get(url)};
  }
  throw new Error(`static loader: ${url} is not available`);
}

const controllers = new Map();
const files = [
  '1edtech-validator/ob30/simple.json',
  '1edtech-validator/ob30/simple-context-alias.json',
  '1edtech-validator/ob30/simple-did-web-method.json',
  '1edtech-validator/ob30/bit-string-list/testlist',
  '1edtech-validator/clr20/simple.json',
];
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const median = xs => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

for (const file of files) {
  const credential = JSON.parse(readFileSync(join(conformance, file), 'utf8'));
  const proofs = [].concat(credential.proof);
  for (const p of proofs) {
    const [base] = p.verificationMethod.split('#');
    controllers.set(base, {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: base, assertionMethod: [p.verificationMethod],
    });
  }
  const check = await vc.verifyCredential({credential, suite, documentLoader,
    purpose: new AssertionProofPurpose()});
  if (!check.verified) {
    console.log(`${file}\tnot verified by the reference: ${JSON.stringify(check.error?.errors?.map(e => e.message) ?? check.error?.message)}`);
    continue;
  }
  for (let i = 0; i < 20; i++) {
    await vc.verifyCredential({credential, suite, documentLoader, purpose: new AssertionProofPurpose()});
  }
  const times = [];
  for (let i = 0; i < Number(iterations); i++) {
    const t = process.hrtime.bigint();
    await vc.verifyCredential({credential, suite, documentLoader, purpose: new AssertionProofPurpose()});
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  console.log(`${file}\tmedian ${median(times).toFixed(3)} ms\t(${iterations} runs)`);
}
JS

echo "node $(node --version); $(npm ls --depth=0 2>/dev/null | grep -E 'vc@|cryptosuite@|data-integrity@' | tr -d '├└─ ' | tr '\n' ' ')"
# One core, as for the Rust benchmark.
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi
"${pin[@]}" node bench.mjs "$repo" "$conformance" "$iterations"
