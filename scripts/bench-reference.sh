#!/usr/bin/env bash
# Times the JavaScript reference verifier (@digitalbazaar/vc on Node, with the eddsa-rdfc-2022,
# eddsa-jcs-2022 and Ed25519Signature2020 suites) against Cairn, with a static document loader
# serving the same contexts Cairn embeds (and acting as the did:key resolver). Installs the npm
# packages into a temporary folder, which is removed afterwards.
#
# 1. The conformance files also timed by `cargo bench --bench verify` (JS side only).
# 2. Side by side, in one run, on the SAME generated credentials (examples/corpus.rs, seed 1,
#    CORPUS credentials, one in five of each kind): Cairn (`corpus time`, release, mimalloc)
#    and the reference, both pinned to core 0; prints the median per suite and the ratio.
#
# Usage: scripts/bench-reference.sh [ITERATIONS] [CORPUS]   (defaults 200 and 50)
# Uses $CARGO_TARGET_DIR (default ./target) for the release build of the corpus example.
set -euo pipefail
# Benchmarks reach nothing past this machine (see NetPolicy::loopback_only).
export CAIRN_LOOPBACK_ONLY=1

repo="$(cd "$(dirname "$0")/.." && pwd)"
conformance="$(cd "$repo/../shared/conformance" && pwd)"
iterations="${1:-200}"
corpus_count="${2:-50}"
target="${CARGO_TARGET_DIR:-$repo/target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$repo" && cargo build --release -p cairn --example corpus)
"$target/release/examples/corpus" generate --seed 1 --count "$corpus_count" --out "$work/corpus" >/dev/null

cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund \
  @digitalbazaar/vc@7.3.0 \
  @digitalbazaar/data-integrity@2.5.0 \
  @digitalbazaar/eddsa-rdfc-2022-cryptosuite@1.3.0 \
  @digitalbazaar/eddsa-jcs-2022-cryptosuite@1.0.0 \
  @digitalbazaar/ed25519-signature-2020@5.4.0 \
  @digitalbazaar/ed25519-multikey@1.3.1 \
  jsonld-signatures@11.6.0 >/dev/null

cat > bench.mjs <<'JS'
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createVerifyCryptosuite as eddsaJcs2022Verify} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import jsigs from 'jsonld-signatures';
import {readdirSync} from 'node:fs';

const [repo, conformance, iterations, corpusDir, jsOut] = process.argv.slice(2);
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
  if (key && key.startsWith('z6Mk') && keyType === 'Ed25519VerificationKey2020') {
    return {contextUrl: null, documentUrl: url, document: {
      '@context': 'https://w3id.org/security/suites/ed25519-2020/v1',
      id: url, type: keyType, controller: base, publicKeyMultibase: key,
    }};
  }
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
// The key type the loader serves: Multikey, or Ed25519VerificationKey2020 for that suite.
let keyType = 'Multikey';
function addController(verificationMethod, type) {
  const [base] = verificationMethod.split('#');
  const ctx = type === 'Ed25519VerificationKey2020'
    ? 'https://w3id.org/security/suites/ed25519-2020/v1' : 'https://w3id.org/security/multikey/v1';
  controllers.set(base, {
    '@context': ['https://www.w3.org/ns/did/v1', ctx],
    id: base, assertionMethod: [verificationMethod],
  });
}
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

// The generated corpus, per suite: the median over every credential of that kind.
const suites = {
  rdfc: {suite: new DataIntegrityProof({cryptosuite: eddsaRdfc2022}), keyType: 'Multikey'},
  jcs: {suite: new DataIntegrityProof({cryptosuite: eddsaJcs2022Verify()}), keyType: 'Multikey'},
  '2020': {suite: new Ed25519Signature2020(), keyType: 'Ed25519VerificationKey2020'},
};
const lines = [];
for (const [kind, {suite: kindSuite, keyType: type}] of Object.entries(suites)) {
  keyType = type;
  const credentials = readdirSync(corpusDir).filter(n => n.endsWith(`-${kind}.json`)).sort()
    .map(n => JSON.parse(readFileSync(join(corpusDir, n), 'utf8')));
  const opts = c => ({credential: c, suite: kindSuite, documentLoader, purpose: new AssertionProofPurpose()});
  for (const credential of credentials) {
    addController(credential.proof.verificationMethod, type);
    const check = await vc.verifyCredential(opts(credential));
    if (!check.verified) {
      throw new Error(`${kind} ${credential.id} not verified by the reference: ${JSON.stringify(check.error?.errors?.map(e => e.message) ?? check.error?.message ?? check)}`);
    }
  }
  for (let i = 0; i < 10; i++) for (const c of credentials) await vc.verifyCredential(opts(c));
  const times = [];
  for (let i = 0; i < Number(iterations); i++) {
    for (const c of credentials) {
      const t = process.hrtime.bigint();
      await vc.verifyCredential(opts(c));
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  lines.push(`${kind}\t${median(times).toFixed(3)}\t${credentials.length} credentials x ${iterations}`);
}
(await import('node:fs')).writeFileSync(jsOut, lines.join('\n') + '\n');
JS

echo "node $(node --version); $(npm ls --depth=0 2>/dev/null | grep -E 'vc@|cryptosuite@|data-integrity@' | tr -d '├└─ ' | tr '\n' ' ')"
# One core, as for the Rust benchmark.
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi
echo "== conformance files (JavaScript reference)"
"${pin[@]}" node bench.mjs "$repo" "$conformance" "$iterations" "$work/corpus" "$work/js.tsv"

"${pin[@]}" "$target/release/examples/corpus" time --dir "$work/corpus" --iterations "$iterations" >"$work/rust.tsv"
echo "== generated corpus ($corpus_count credentials, seed 1): median per verification, one core"
printf '%-6s %12s %12s %8s\n' suite "Cairn (ms)" "JS (ms)" ratio
while IFS=$'\t' read -r kind js _; do
  rust="$(awk -F'\t' -v k="$kind" '$1 == k {print $2}' "$work/rust.tsv")"
  printf '%-6s %12s %12s %7.1fx\n' "$kind" "$rust" "$js" "$(echo "$js / $rust" | bc -l)"
done <"$work/js.tsv"
echo "Cairn only (no reference run for these):"
awk -F'\t' '$1 == "jwt" || $1 == "ob2" {printf "%-6s %12s ms  (%s)\n", $1, $2, $3}' "$work/rust.tsv"
