// The credential view's verification panel: the verdict, each check in plain words, the
// history, and "Verify again" (offline unless the learner ticks "Online"). Also the verdict
// chips on library cards.

import { el, clear } from './dom.js';
import { formatDate } from './format.js';
import * as ipc from './ipc.js';

/** @typedef {import('./types').Report} Report */
/** @typedef {import('./types').Verification} Verification */
/** @typedef {import('./types').Verdict} Verdict */
/** @typedef {import('./types').CheckName} CheckName */
/** @typedef {import('./types').CheckStatus} CheckStatus */
/** @typedef {import('./types').Error} CairnError */

/** @type {Record<CheckName, string>} */
const CHECK_NAMES = {
  format: 'Credential format',
  signature: 'Signature',
  issuer_key: 'Issuer’s key',
  validity: 'Validity period',
  status: 'Revocation status',
  recipient: 'Recipient',
};

/** @type {Record<CheckStatus, string>} */
const STATUS_WORDS = { pass: 'Passed', fail: 'Failed', warn: 'Warning', skip: 'Skipped' };

/** @typedef {import('./types').Label} Label */
/** @typedef {import('./types').Tone} Tone */

/** The banner's icon for each tone; the words come from the core's label. @type {Record<Tone, string>} */
const ICONS = { good: '✓', caution: '!', bad: '✕', unknown: '?' };

/**
 * The library chip for a credential's latest verdict, in the core's words and tone.
 * @param {Label | null} label null when it was never verified
 * @returns {HTMLElement}
 */
export function verdictChip(label) {
  return el('span', {
    class: `chip verdict-chip tone-${label?.tone ?? 'none'}`,
    text: label?.word ?? 'Unverified yet',
    attrs: {
      'data-testid': 'chip-verdict',
      'data-verdict': label?.verdict ?? 'none',
      'data-reason': label?.reason ?? '',
      title: label?.says ?? 'Not verified yet',
    },
  });
}

/**
 * Adds the latest verdict chip to each card in `list`.
 * @param {HTMLElement} list the library's card list
 */
export async function markVerdicts(list) {
  const cards = [...list.querySelectorAll('[data-testid="credential-card"]')].filter(
    (card) => card instanceof HTMLElement,
  );
  const ids = cards.map((card) => /** @type {HTMLElement} */ (card).dataset.id ?? '');
  if (ids.length === 0) return;
  const verdicts = await ipc.latestVerdicts(ids);
  cards.forEach((card, i) => {
    card.querySelector('.verdict-chip')?.remove();
    const label = verdicts[i] ?? null;
    const expiredChip = card.querySelector('[data-testid="chip-expired"]');
    if (label?.reason === 'expired' && expiredChip) {
      // The card already says "Expired" (amber): one chip, with the core's sentence.
      expiredChip.setAttribute('title', label.says);
      return;
    }
    card.querySelector('.card-meta')?.prepend(verdictChip(label));
  });
}

/**
 * One check as a list item.
 * @param {import('./types').Check} check
 * @returns {HTMLElement}
 */
function checkItem(check) {
  return el('li', { class: `check check-${check.status}`, attrs: { 'data-testid': 'check', 'data-check': check.name, 'data-status': check.status } }, [
    el('span', { class: `chip check-chip status-${check.status}`, text: STATUS_WORDS[check.status], attrs: { 'data-testid': 'check-status' } }),
    el('span', { class: 'check-name', text: CHECK_NAMES[check.name] ?? check.name, attrs: { 'data-testid': 'check-name' } }),
    el('span', { class: 'check-message', text: check.message, attrs: { 'data-testid': 'check-message' } }),
  ]);
}

/**
 * The history table, newest first.
 * @param {Verification[]} entries
 * @returns {HTMLElement}
 */
function historyTable(entries) {
  const rows = entries.map((entry) =>
    el('tr', { attrs: { 'data-testid': 'history-row', 'data-verdict': entry.report.verdict } }, [
      el('td', { text: formatDate(entry.report.checked_at, true) }),
      el('td', {}, [el('span', { class: `chip verdict-chip tone-${entry.label.tone}`, text: entry.label.word })]),
      el('td', { text: entry.online ? 'Online' : 'Offline' }),
    ]),
  );
  return el('table', { class: 'history', attrs: { 'data-testid': 'history' } }, [
    el('thead', {}, [el('tr', {}, [el('th', { text: 'Checked', attrs: { scope: 'col' } }), el('th', { text: 'Verdict', attrs: { scope: 'col' } }), el('th', { text: 'How', attrs: { scope: 'col' } })])]),
    el('tbody', {}, rows),
  ]);
}

/** The verification panel of the credential view. */
export class VerificationPanel {
  /**
   * @param {HTMLElement} root where the panel is drawn
   * @param {(err: CairnError) => void} showError
   * @param {() => void} changed called after a verification (the library's chips change)
   */
  constructor(root, showError, changed) {
    this.root = root;
    this.showError = showError;
    this.changed = changed;
    /** The credential shown. */
    this.id = /** @type {string | null} */ (null);
    this.online = false;
    this.busy = false;
  }

  /**
   * Shows a credential's latest verification; one never verified is verified offline first.
   * @param {string} id
   */
  async show(id) {
    this.id = id;
    clear(this.root);
    delete this.root.dataset.credential;
    this.root.append(el('p', { class: 'hint', text: 'Checking…' }));
    let entries = await ipc.verificationHistory(id);
    if (entries.length === 0) {
      await ipc.verifyCredential(id, false);
      entries = await ipc.verificationHistory(id);
      this.changed();
    }
    if (this.id === id) this.render(entries);
  }

  /** Verifies the shown credential again, online if asked. */
  async again() {
    const id = this.id;
    if (!id || this.busy) return;
    this.busy = true;
    const button = this.root.querySelector('#verify-again');
    if (button instanceof HTMLButtonElement) {
      button.disabled = true;
      button.textContent = 'Verifying…';
    }
    try {
      await ipc.verifyCredential(id, this.online);
      const entries = await ipc.verificationHistory(id);
      if (this.id === id) this.render(entries);
      this.changed();
    } catch (err) {
      this.showError(ipc.asCairnError(err));
    } finally {
      this.busy = false;
      const again = this.root.querySelector('#verify-again');
      if (again instanceof HTMLButtonElement) {
        again.disabled = false;
        again.textContent = 'Verify again';
      }
    }
  }

  /**
   * Draws the latest report and the history.
   * @param {Verification[]} entries newest first
   */
  render(entries) {
    clear(this.root);
    if (this.id) this.root.dataset.credential = this.id;
    const latest = entries[0];
    if (!latest) return;
    const { report } = latest;
    const { label } = latest;
    const online = /** @type {HTMLInputElement} */ (el('input', { attrs: { type: 'checkbox', id: 'verify-online', 'data-testid': 'verify-online' } }));
    online.checked = this.online;
    online.addEventListener('change', () => {
      this.online = online.checked;
    });
    const again = el('button', { class: 'button', text: 'Verify again', attrs: { type: 'button', id: 'verify-again', 'data-testid': 'verify-again' } });
    again.addEventListener('click', () => this.again());
    this.root.append(
      el('div', { class: `verdict-banner tone-${label.tone}`, attrs: { 'data-testid': 'verdict', 'data-verdict': report.verdict, 'data-reason': report.reason ?? '' } }, [
        el('span', { class: 'verdict-icon', text: ICONS[label.tone], attrs: { 'aria-hidden': 'true' } }),
        el('div', { class: 'verdict-text' }, [
          el('h3', { class: 'verdict-word', text: label.word, attrs: { id: 'verification-title', 'data-testid': 'verdict-word' } }),
          el('p', { class: 'verdict-says', text: label.says }),
          el('p', { class: 'hint', text: `Checked ${formatDate(report.checked_at, true)}, ${latest.online ? 'online' : 'offline'}.` }),
        ]),
        el('div', { class: 'verify-actions' }, [
          el('label', { class: 'online-toggle', attrs: { title: 'Fetch issuer keys and revocation lists over the network' } }, [online, el('span', { text: 'Online' })]),
          again,
        ]),
      ]),
      el('ol', { class: 'checks', attrs: { 'data-testid': 'checks', 'aria-label': 'Checks' } }, report.checks.map(checkItem)),
      el('details', { class: 'history-box' }, [
        el('summary', { text: entries.length === 1 ? 'History: 1 verification' : `History: ${entries.length} verifications`, attrs: { 'data-testid': 'history-summary' } }),
        historyTable(entries),
      ]),
    );
  }
}
