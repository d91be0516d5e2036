// The library view: search box, filters and sort over the wallet's search API, one card per
// credential with status chips, paged so a wallet of 10,000 credentials stays quick.

import { el, clear, dataImage, byId } from './dom.js';
import { formatDate, formatLabel, formatFamily, tintOf } from './format.js';
import * as ipc from './ipc.js';
import { markVerdicts } from './verification.js';

/** @typedef {import('./types').CredentialSummary} CredentialSummary */
/** @typedef {import('./types').SearchHit} SearchHit */
/** @typedef {import('./types').SearchQuery} SearchQuery */
/** @typedef {import('./types').SortKey} SortKey */
/** @typedef {import('./types').Format} Format */

/** Cards shown per page; "Show more" adds another page. */
export const PAGE = 60;
/** How long typing pauses before a search runs, in milliseconds: long enough to merge a paste
 * or a held key, shorter than the gap between a typist's keystrokes. */
const DEBOUNCE_MS = 15;

/** @type {Format[]} */
const FORMATS = [
  'ob3-json', 'ob3-jwt', 'ob3-baked-png', 'ob3-baked-svg', 'ob2-json', 'ob2-jws', 'ob2-baked-png',
  'ob2-baked-svg', 'ob1-json', 'ob05-json', 'clr2-json', 'clr2-jwt', 'vc-json', 'vc-jwt',
];

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
 * The status chips of a credential: validity and whose it is.
 * @param {SearchHit} hit
 * @returns {HTMLElement[]}
 */
export function statusChips(hit) {
  const chips = [];
  if (hit.validity === 'expired') chips.push(el('span', { class: 'chip status-expired', text: 'Expired', attrs: { 'data-testid': 'chip-expired' } }));
  if (hit.validity === 'expiring_soon') chips.push(el('span', { class: 'chip status-expiring', text: 'Expiring soon', attrs: { 'data-testid': 'chip-expiring' } }));
  const who = hit.summary.recipient_status;
  if (who === 'yours') chips.push(el('span', { class: 'chip status-yours', text: 'Issued to you', attrs: { 'data-testid': 'chip-yours' } }));
  if (who === 'someone_else') chips.push(el('span', { class: 'chip status-other', text: 'Issued to someone else', attrs: { 'data-testid': 'chip-someone-else' } }));
  return chips;
}

/**
 * One card.
 * @param {SearchHit} hit
 * @param {(id: string) => void} open
 * @returns {HTMLLIElement}
 */
function card(hit, open) {
  const item = hit.summary;
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
          ...statusChips(hit),
          ...hit.tags.map((t) => el('span', { class: 'chip tag', text: `# ${t}`, attrs: { 'data-testid': 'card-tag' } })),
          issued ? el('span', { class: 'card-date', text: issued }) : null,
        ]),
      ]),
    ],
  );
  button.addEventListener('click', () => open(item.id));
  return /** @type {HTMLLIElement} */ (el('li', {}, [button]));
}

/** The library's controls and state. */
export class Library {
  /**
   * @param {(id: string) => void} open called with a credential's id when its card is chosen
   * @param {(err: import('./types').Error) => void} showError
   */
  constructor(open, showError) {
    this.open = open;
    this.showError = showError;
    this.pages = 1;
    this.sequence = 0;
    /** Whether the wallet holds anything at all (decides between the empty hint and "no match"). */
    this.walletEmpty = true;
    /** @type {number | undefined} */
    this.timer = undefined;
    /** When the last keystroke or change came (for the keystroke-to-result time). */
    this.inputAt = /** @type {number | null} */ (null);
    /** Summaries by wallet id, as last listed. */
    this.known = /** @type {Map<string, CredentialSummary>} */ (new Map());
    const format = /** @type {HTMLSelectElement} */ (byId('filter-format'));
    for (const f of FORMATS) format.append(el('option', { text: formatLabel(f), attrs: { value: f } }));
    const form = byId('library-filters');
    form.addEventListener('submit', (e) => e.preventDefault());
    form.addEventListener('input', () => {
      this.inputAt = performance.now();
      this.schedule();
    });
    form.addEventListener('change', () => this.schedule());
    byId('show-more').addEventListener('click', () => {
      this.pages += 1;
      this.refresh();
    });
  }

  /** Runs the search shortly after the last change, from the first page. */
  schedule() {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.pages = 1;
      this.refresh();
    }, DEBOUNCE_MS);
  }

  /** @returns {SearchQuery} the query the controls describe */
  query() {
    const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id)).value.trim();
    const status = value('filter-status');
    byId('days-field').hidden = status !== 'expiring';
    const days = Number.parseInt(value('filter-days'), 10);
    const tag = value('filter-tag');
    return {
      text: value('search-text') || null,
      tags: tag ? [tag] : [],
      issuer: value('filter-issuer') || null,
      format: value('filter-format') || null,
      expired: status === 'expired',
      expiring_within_days: status === 'expiring' ? (Number.isFinite(days) && days > 0 ? days : 90) : null,
      sort: /** @type {SortKey} */ (value('sort') || 'relevance'),
      // One more than shown tells whether there is another page.
      limit: this.pages * PAGE + 1,
      as_of: null,
      issued_to_you: /** @type {HTMLInputElement} */ (byId('filter-yours')).checked,
    };
  }

  /** Whether any filter or search text narrows the list. */
  filtered() {
    const q = this.query();
    return Boolean(q.text || q.tags.length || q.issuer || q.format || q.expired || q.expiring_within_days || q.issued_to_you);
  }

  /** Searches with the current controls and renders the result; stale answers are dropped. */
  async refresh() {
    const mine = ++this.sequence;
    const started = performance.now();
    try {
      const query = this.query();
      const filtered = this.filtered();
      const hits = await ipc.searchCredentials(query);
      if (mine !== this.sequence) return;
      if (!filtered) this.walletEmpty = hits.length === 0;
      this.render(hits, query.limit ?? hits.length);
      const now = performance.now();
      document.body.dataset.searchMs = String(Math.round(now - started));
      if (this.inputAt != null) {
        document.body.dataset.keystrokeMs = String(Math.round(now - this.inputAt));
        this.inputAt = null;
      }
      document.body.dataset.searches = String(Number(document.body.dataset.searches ?? 0) + 1);
    } catch (err) {
      this.showError(ipc.asCairnError(err));
    }
  }

  /** Refreshes the tag filter's choices from the wallet. */
  async refreshTags() {
    const select = /** @type {HTMLSelectElement} */ (byId('filter-tag'));
    const chosen = select.value;
    const counts = await ipc.tagCounts();
    select.replaceChildren(el('option', { text: 'Any', attrs: { value: '' } }));
    for (const [tag, n] of counts) select.append(el('option', { text: `${tag} (${n})`, attrs: { value: tag } }));
    select.value = counts.some(([t]) => t === chosen) ? chosen : '';
  }

  /**
   * @param {SearchHit[]} hits
   * @param {number} limit
   */
  render(hits, limit) {
    const more = hits.length >= limit;
    const shown = hits.slice(0, this.pages * PAGE);
    for (const hit of shown) this.known.set(hit.summary.id, hit.summary);
    // Credentials nested in another (CLR members) are shown inside their container's detail.
    const top = shown.filter((hit) => !hit.summary.parent_id);
    const list = byId('credential-list');
    clear(list);
    for (const hit of top) list.append(card(hit, this.open));
    byId('empty-state').hidden = !this.walletEmpty;
    byId('library-filters').hidden = this.walletEmpty;
    byId('no-match').hidden = this.walletEmpty || top.length > 0;
    list.hidden = top.length === 0;
    byId('show-more').hidden = !more;
    byId('verify-all').hidden = this.walletEmpty;
    markVerdicts(list).catch((err) => this.showError(ipc.asCairnError(err)));
    const n = top.length;
    byId('library-count').textContent =
      n === 0 ? '' : `${n === 1 ? '1 credential' : `${n} credentials`}${more ? ' shown, more below' : ''}`;
  }
}
