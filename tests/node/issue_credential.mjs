// Issues a credential with Digital Bazaar's reference libraries (@digitalbazaar/vc, Data Integrity,
// eddsa-rdfc-2022), as an issuer running the Digital Credentials Consortium stack would.
// Usage: node issue_credential.mjs CONTEXTS.json CREDENTIAL.json
//   CONTEXTS.json: {"URL": <context document>, ...} given to the document loader (never the web)
//   CREDENTIAL.json: the unsigned credential; its `issuer` (string or object id) is replaced by
//   the did:key of a fresh key, which signs it.
// Prints the signed credential on stdout.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {securityLoader} from '@digitalbazaar/security-document-loader';
import fs from 'node:fs';

const [contextsPath, credentialPath] = process.argv.slice(2);
const loader = securityLoader();
for (const [url, doc] of Object.entries(JSON.parse(fs.readFileSync(contextsPath, 'utf8')))) {
  try {
    loader.addStatic(url, doc);
  } catch (e) {
    // Already built into the loader.
  }
}
const documentLoader = loader.build();
const key = await Ed25519Multikey.generate();
const did = `did:key:${key.publicKeyMultibase}`;
key.controller = did;
key.id = `${did}#${key.publicKeyMultibase}`;
const credential = JSON.parse(fs.readFileSync(credentialPath, 'utf8'));
if (typeof credential.issuer === 'object' && credential.issuer !== null) {
  credential.issuer.id = did;
} else {
  credential.issuer = did;
}
const suite = new DataIntegrityProof({signer: key.signer(), cryptosuite: eddsaRdfc2022});
const signed = await vc.issue({credential, suite, documentLoader});
console.log(JSON.stringify(signed, null, 2));
