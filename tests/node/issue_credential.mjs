// Issues a credential with Digital Bazaar's reference libraries (@digitalbazaar/vc, Data Integrity,
// eddsa-rdfc-2022), as an issuer running the Digital Credentials Consortium stack would.
// Usage: node issue_credential.mjs CONTEXTS.json CREDENTIAL.json
//   CONTEXTS.json: {"URL": <context document>, ...} given to the document loader (never the web)
//   CREDENTIAL.json: the unsigned credential (or an array of them); its `issuer` (string or
//   object id) is replaced by the did:key of a fresh key, which signs it (all of them).
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
const input = JSON.parse(fs.readFileSync(credentialPath, 'utf8'));
const suite = new DataIntegrityProof({signer: key.signer(), cryptosuite: eddsaRdfc2022});
const sign = async (credential) => {
  if (typeof credential.issuer === 'object' && credential.issuer !== null) {
    credential.issuer.id = did;
  } else {
    credential.issuer = did;
  }
  return vc.issue({credential, suite, documentLoader});
};
// An array is signed credential by credential, all by the one key (an issuer and its status
// lists); the output is then an array too.
let signed;
if (Array.isArray(input)) {
  signed = [];
  for (const credential of input) {
    signed.push(await sign(credential));
  }
} else {
  signed = await sign(input);
}
console.log(JSON.stringify(signed, null, 2));
