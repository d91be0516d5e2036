// The library view: one card per credential, newest first (the order the wallet gives).

import { el, clear, dataImage } from './dom.js';
import { formatDate, formatLabel, formatFamily, tintOf } from './format.js';

/** @typedef {import('./types').CredentialSummary} CredentialSummary */

/**
 * A badge image, or a monogram tile when the credential has none.
 * @param {string | null} image
 * @param {string} title
 * @param {string} className
 * @returns {HTMLElement}
 */
export function badgeArt(image, title, className) {
  const img = dataImage(image, `${className} badge-image`, '');
  if (img) return img;
  const letter = (title.trim()[0] ?? '?').toUpperCase();
  return el('span', { class: `${className} monogram tint-${tintOf(title)}`, text: letter, attrs: { 'aria-hidden': 'true' } });
}

/**
 * One card.
 * @param {CredentialSummary} item
 * @param {(id: string) => void} open
 * @returns {HTMLLIElement}
 */
function card(item, open) {
  const issued = formatDate(item.issued_on);
  const button = el(
    'button',
    { class: 'card', attrs: { type: 'button', 'data-testid': 'credential-card', 'data-id': item.id } },
    [
      badgeArt(item.image, item.title, 'card-art'),
      el('span', { class: 'card-body' }, [
        el('span', { class: 'card-title', text: item.title, attrs: { 'data-testid': 'card-title' } }),
        el('span', {
          class: 'card-issuer',
          text: item.issuer ?? 'Unknown issuer',
          attrs: { 'data-testid': 'card-issuer' },
        }),
        el('span', { class: 'card-meta' }, [
          el('span', {
            class: `chip fam-${formatFamily(item.format)}`,
            text: formatLabel(item.format),
            attrs: { 'data-testid': 'card-format' },
          }),
          issued ? el('span', { class: 'card-date', text: issued }) : null,
        ]),
      ]),
    ],
  );
  button.addEventListener('click', () => open(item.id));
  return /** @type {HTMLLIElement} */ (el('li', {}, [button]));
}

/**
 * Renders the library: the cards, or the empty-wallet hint.
 * @param {{list: HTMLElement, empty: HTMLElement, count: HTMLElement}} parts
 * @param {CredentialSummary[]} items every credential in the wallet
 * @param {(id: string) => void} open called with a credential's id when its card is chosen
 */
export function renderLibrary(parts, items, open) {
  // Credentials nested in another (CLR members) are shown inside their container's detail.
  const top = items.filter((item) => !item.parent_id);
  clear(parts.list);
  parts.empty.hidden = top.length > 0;
  parts.list.hidden = top.length === 0;
  parts.count.textContent =
    top.length === 0 ? '' : top.length === 1 ? '1 credential' : `${top.length} credentials`;
  for (const item of top) parts.list.append(card(item, open));
}
