// The settings view: the learner's name (for transcripts), offline mode, the holder key (its
// did:key only; secrets never reach the page), the learner's identities (for telling which
// badges are theirs) and where the wallet file is.

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
    this.wireOwn();
  }

  /** Wires the name, offline and holder key controls. */
  wireOwn() {
    byId('name-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = /** @type {HTMLInputElement} */ (byId('name-input'));
      await this.own('name-status', async () => {
        const saved = await ipc.setLearnerName(input.value);
        input.value = saved.learner_name ?? '';
        return saved.learner_name ? `Saved. Transcripts will show "${saved.learner_name}".` : 'Removed. Transcripts will show no name.';
      });
    });
    const fetchContexts = /** @type {HTMLInputElement} */ (byId('fetch-contexts-input'));
    fetchContexts.addEventListener('change', async () => {
      await this.own('fetch-contexts-status', async () => {
        const saved = await ipc.setFetchContexts(fetchContexts.checked);
        fetchContexts.checked = saved.fetch_contexts;
        return saved.fetch_contexts
          ? 'Online verification will fetch and pin vocabularies Cairn does not ship.'
          : 'Only the vocabularies Cairn ships are used.';
      });
    });
    const offline = /** @type {HTMLInputElement} */ (byId('offline-input'));
    offline.addEventListener('change', async () => {
      await this.own('offline-status', async () => {
        const saved = await ipc.setOffline(offline.checked);
        offline.checked = saved.offline;
        return saved.offline ? 'Offline mode is on: Cairn will not use the network.' : 'Offline mode is off.';
      });
    });
    byId('holder-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const pass = /** @type {HTMLInputElement} */ (byId('holder-pass'));
      const again = /** @type {HTMLInputElement} */ (byId('holder-pass2'));
      await this.own('holder-status', async () => {
        if (pass.value !== again.value) {
          throw { code: 'invalid_input', message: 'The two passphrases differ; type the same one twice. No key was created.' };
        }
        const key = await ipc.createHolderKey(pass.value);
        pass.value = '';
        again.value = '';
        this.showHolder(key);
        return 'Your holder key was created. Keep the passphrase safe: it cannot be recovered.';
      });
    });
  }

  /**
   * Runs a change to the name, offline mode or holder key, showing its outcome in `statusId`
   * or the error under the heading.
   * @param {string} statusId
   * @param {() => Promise<string>} work
   */
  async own(statusId, work) {
    const error = byId('settings-error');
    try {
      byId(statusId).textContent = await work();
      error.hidden = true;
    } catch (err) {
      const e = ipc.asCairnError(err);
      byId(statusId).textContent = '';
      error.textContent = e.message;
      error.dataset.code = e.code;
      error.hidden = false;
    }
  }

  /** @param {import('./ipc.js').HolderKey | null} key */
  showHolder(key) {
    byId('holder-none').hidden = key !== null;
    byId('holder-form').hidden = key !== null;
    byId('holder-shown').hidden = key === null;
    byId('holder-did').textContent = key ? key.did : '';
  }

  /** Reloads the name, offline mode and holder key. */
  async refreshOwn() {
    const [settings, key] = await Promise.all([ipc.getSettings(), ipc.holderKey()]);
    /** @type {HTMLInputElement} */ (byId('name-input')).value = settings.learner_name ?? '';
    /** @type {HTMLInputElement} */ (byId('offline-input')).checked = settings.offline;
    /** @type {HTMLInputElement} */ (byId('fetch-contexts-input')).checked = settings.fetch_contexts;
    this.showHolder(key);
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

  /** Reloads the view. */
  async refresh() {
    try {
      await this.refreshOwn();
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
