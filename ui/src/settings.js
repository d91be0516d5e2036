// The settings view: the learner's identities (for telling which badges are theirs) and where
// the wallet file is.

import { el, byId } from './dom.js';
import * as ipc from './ipc.js';

/** @typedef {import('./types').Error} CairnError */

/** Plain names of identity kinds. */
const KIND_WORDS = /** @type {Record<string, string>} */ ({ email: 'E-mail', url: 'Web address', did: 'DID', telephone: 'Telephone' });

/** The settings view. */
export class Settings {
  /**
   * @param {(err: CairnError) => void} showError
   * @param {() => void} recipientsChanged called after identities change (the library re-checks)
   */
  constructor(showError, recipientsChanged) {
    this.showError = showError;
    this.recipientsChanged = recipientsChanged;
    byId('identity-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const kind = /** @type {HTMLSelectElement} */ (byId('identity-kind')).value;
      const input = /** @type {HTMLInputElement} */ (byId('identity-value'));
      await this.change(async () => {
        const yours = await ipc.addIdentity(kind, input.value.trim());
        input.value = '';
        return `Added. ${yours === 1 ? '1 credential is' : `${yours} credentials are`} now known to be yours.`;
      });
    });
  }

  /**
   * Runs a change to the identities, then shows its outcome and reloads.
   * @param {() => Promise<string>} work resolves to the status line
   */
  async change(work) {
    const error = byId('identity-error');
    try {
      byId('identity-status').textContent = await work();
      error.hidden = true;
      this.recipientsChanged();
    } catch (err) {
      const e = ipc.asCairnError(err);
      error.textContent = e.message;
      error.dataset.code = e.code;
      error.hidden = false;
    }
    await this.refresh();
  }

  /** Reloads the identities. */
  async refresh() {
    try {
      const list = await ipc.identities();
      const box = byId('identity-list');
      box.replaceChildren(
        ...list.map((id) => {
          const remove = el('button', { class: 'button quiet small', text: 'Remove', attrs: { type: 'button', 'aria-label': `Remove ${id.value}`, 'data-testid': 'identity-remove' } });
          remove.addEventListener('click', () => this.change(async () => {
            await ipc.removeIdentity(id.kind, id.value);
            return `Removed ${id.value}.`;
          }));
          return el('li', { class: 'identity', attrs: { 'data-testid': 'identity' } }, [
            el('span', { class: 'chip', text: KIND_WORDS[id.kind] ?? id.kind }),
            el('span', { class: 'identity-value', text: id.value, attrs: { 'data-testid': 'identity-value-shown' } }),
            remove,
          ]);
        }),
      );
      if (list.length === 0) box.append(el('li', { class: 'hint', text: 'None yet. Add the e-mail addresses your badges were sent to.' }));
    } catch (err) {
      this.showError(ipc.asCairnError(err));
    }
  }
}
