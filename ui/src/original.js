// The credential view's original: the file exactly as imported, shown safely. JSON is
// pretty-printed, a compact JWS/JWT is shown with its decoded header and payload, and a baked
// PNG or SVG is shown as an image from a `data:` URI (an SVG is never put into the page, so a
// script inside it cannot run).

import { el, clear, dataImage } from './dom.js';
import { formatDate, formatSize } from './format.js';

/** @typedef {import('./types').CredentialDetail} CredentialDetail */

/**
 * Base64 of bytes, in chunks (no recursion or argument limits on large images).
 * @param {Uint8Array} bytes
 * @returns {string}
 */
function base64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Text of a base64url segment, or null when it is not base64url.
 * @param {string} segment
 * @returns {string | null}
 */
function base64url(segment) {
  try {
    const b64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/**
 * JSON text pretty-printed, or null when it is not JSON.
 * @param {string} text
 * @returns {string | null}
 */
export function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

/**
 * A block of code-like text.
 * @param {string} text
 * @param {string} testId
 * @param {string} label
 * @returns {HTMLElement}
 */
function block(text, testId, label) {
  return el('pre', { class: 'original-text', text, attrs: { 'data-testid': testId, 'aria-label': label, tabindex: '0' } });
}

/**
 * What the original holds, drawn for people.
 * @param {Uint8Array} bytes
 * @param {string} mediaType
 * @param {CredentialDetail} detail
 * @returns {HTMLElement[]}
 */
function body(bytes, mediaType, detail) {
  if (mediaType === 'image/png' || mediaType === 'image/svg+xml') {
    const img = dataImage(`data:${mediaType};base64,${base64(bytes)}`, 'original-image badge-image', `The badge image of ${detail.credential.title}`);
    const inside = prettyJson(detail.document) ?? detail.document;
    return [
      el('figure', { class: 'original-figure' }, [
        img,
        el('figcaption', { class: 'hint', text: 'The baked badge as imported. The credential it carries:' }),
      ]),
      block(inside, 'original-embedded', 'The credential inside the image'),
    ];
  }
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '').trim();
  const parts = text.split('.');
  if (!text.startsWith('{') && parts.length === 3 && parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p))) {
    const header = base64url(parts[0]);
    const payload = base64url(parts[1]);
    return [
      el('h4', { class: 'original-sub', text: 'Signed token (compact JWS)' }),
      block(text, 'original-token', 'The signed token'),
      el('h4', { class: 'original-sub', text: 'Header' }),
      block((header && prettyJson(header)) ?? header ?? 'not readable', 'original-header', 'The token header'),
      el('h4', { class: 'original-sub', text: 'Payload' }),
      block((payload && prettyJson(payload)) ?? payload ?? 'not readable', 'original-payload', 'The token payload'),
    ];
  }
  return [block(prettyJson(text) ?? text, 'original-json', 'The original file')];
}

/**
 * Renders the original of a credential into `root`.
 * @param {HTMLElement} root
 * @param {CredentialDetail} detail
 * @param {Uint8Array} bytes the original file, verbatim
 */
export function renderOriginal(root, detail, bytes) {
  const { original } = detail;
  clear(root);
  const facts = el('dl', { class: 'facts' });
  /** @type {[string, string, string?][]} */
  const rows = [
    ['File', original.file_name, 'detail-file-name'],
    ['Type', original.media_type],
    ['Size', `${formatSize(original.size)} (${Number(original.size).toLocaleString()} bytes)`, 'original-size'],
    ['SHA-256', original.sha256, 'detail-sha256'],
    ['Imported', formatDate(original.imported_at, true)],
  ];
  for (const [label, value, testId] of rows) {
    const dd = el('dd', testId ? { attrs: { 'data-testid': testId } } : {});
    if (label === 'SHA-256') dd.append(el('code', { class: 'ident', text: value }));
    else dd.textContent = value;
    facts.append(el('dt', { text: label }), dd);
  }
  root.append(
    el('h3', { class: 'section-title', text: 'The original', attrs: { id: 'original-title' } }),
    facts,
    ...body(bytes, original.media_type, detail),
  );
}
