// Verifies a Verifiable Presentation with Digital Bazaar's reference libraries
// (@digitalbazaar/vc + eddsa-rdfc-2022), the way a relying party would.
// Usage: node verify_presentation.mjs VP.json CHALLENGE DOMAIN CONFORMANCE_DIR
// Prints {"presentation": true|false, "errors": [...]} on stdout.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {securityLoader} from '@digitalbazaar/security-document-loader';
import fs from 'node:fs';
import path from 'node:path';

const [vpPath, challenge, domain, conformance] = process.argv.slice(2);
const loader = securityLoader();
// Contexts of the embedded credentials come from the local conformance copies, never the web.
const expected = JSON.parse(fs.readFileSync(path.join(conformance, 'expected.json'), 'utf8'));
for (const [url, entry] of Object.entries(expected.contexts)) {
  if (entry.kind !== 'context') continue;
  try {
    loader.addStatic(url, JSON.parse(fs.readFileSync(path.join(conformance, entry.file), 'utf8')));
  } catch (e) {
    // A context the loader already has built in is fine.
  }
}
const documentLoader = loader.build();
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const presentation = JSON.parse(fs.readFileSync(vpPath, 'utf8'));
const result = await vc.verify({presentation, challenge, domain, suite, documentLoader});
const errors = [];
const collect = e => {
  if (!e) return;
  if (Array.isArray(e)) return e.forEach(collect);
  errors.push(String(e.message || e));
  if (e.errors) collect(e.errors);
};
collect(result.presentationResult?.results?.map(r => r.error).filter(Boolean));
console.log(JSON.stringify({presentation: result.presentationResult?.verified === true, errors}));
