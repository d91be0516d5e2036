// Presentation of values for people: dates, sizes, format names.

/** @typedef {import('./types').Format} Format */

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * A date (RFC 3339 or any string Date understands) for display; the text itself when unparsable.
 * @param {string | null | undefined} value
 * @param {boolean} [withTime]
 * @returns {string}
 */
export function formatDate(value, withTime = false) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return (withTime ? dateTimeFormat : dateFormat).format(date);
}

/**
 * A byte count for people ("1.4 KB").
 * @param {number | bigint} bytes
 * @returns {string}
 */
export function formatSize(bytes) {
  const n = Number(bytes);
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** @type {Record<Format, string>} */
const FORMAT_LABELS = {
  'ob05-json': 'Open Badges 0.5',
  'ob1-json': 'Open Badges 1.x',
  'ob2-json': 'Open Badges 2.0',
  'ob2-jws': 'Open Badges 2.0 · signed',
  'ob2-baked-png': 'Open Badges 2.0 · PNG',
  'ob2-baked-svg': 'Open Badges 2.0 · SVG',
  'ob3-json': 'Open Badges 3.0',
  'ob3-jwt': 'Open Badges 3.0 · JWT',
  'ob3-baked-png': 'Open Badges 3.0 · PNG',
  'ob3-baked-svg': 'Open Badges 3.0 · SVG',
  'clr2-json': 'CLR 2.0',
  'clr2-jwt': 'CLR 2.0 · JWT',
  'vc-json': 'Verifiable Credential',
  'vc-jwt': 'Verifiable Credential · JWT',
};

/**
 * A short label for a credential format.
 * @param {Format} format
 * @returns {string}
 */
export function formatLabel(format) {
  return FORMAT_LABELS[format] ?? format;
}

/**
 * The family of a format, used to colour its label ("ob2", "ob3", "clr", "vc", "ob1").
 * @param {Format} format
 * @returns {string}
 */
export function formatFamily(format) {
  if (format.startsWith('ob3')) return 'ob3';
  if (format.startsWith('ob2')) return 'ob2';
  if (format.startsWith('clr')) return 'clr';
  if (format.startsWith('vc')) return 'vc';
  return 'ob1';
}

/**
 * One of six tints for a placeholder, stable for the same text.
 * @param {string} text
 * @returns {number}
 */
export function tintOf(text) {
  let h = 0;
  for (const ch of text) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return h % 6;
}
