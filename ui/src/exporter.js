// The export view: LinkedIn add-to-profile links one credential after another, the PDF
// transcript and evidence package, a signed presentation, encrypted backups and restores; and
// the credential view's "Add to LinkedIn" and "Save as baked badge".

import { el, byId } from './dom.js';
import * as ipc from './ipc.js';

/** @typedef {import('./types').Certification} Certification */
/** @typedef {import('./types').CredentialSummary} CredentialSummary */
/** @typedef {import('./types').Error} CairnError */
/** @typedef {import('./ipc.js').Exported} Exported */

/** The LinkedIn link's parameters, in the order shown, with plain names. */
const PARAMS = /** @type {[string, string][]} */ ([
  ['name', 'Name'],
  ['organizationName', 'Organisation'],
  ['organizationId', 'Organisation id'],
  ['issueYear', 'Issued (year)'],
  ['issueMonth', 'Issued (month)'],
  ['expirationYear', 'Expires (year)'],
  ['expirationMonth', 'Expires (month)'],
  ['certUrl', 'Verification URL'],
  ['certId', 'Credential id'],
]);

/**
 * A file name made from a title: letters, digits and dashes only.
 * @param {string} title
 * @returns {string}
 */
function fileName(title) {
  const base = title.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').toLowerCase();
  return (base || 'credential').slice(0, 60);
}

/**
 * Runs `work` with `button` disabled and busy, showing the outcome in `status` (errors name
 * the file and what to do). Resolves to what `work` resolved to, or null after an error.
 * @template T
 * @param {HTMLElement} button
 * @param {HTMLElement} status
 * @param {string} busy what is shown while working
 * @param {() => Promise<T>} work
 * @returns {Promise<T | null>}
 */
async function working(button, status, busy, work) {
  const b = /** @type {HTMLButtonElement} */ (button);
  b.disabled = true;
  b.setAttribute('aria-busy', 'true');
  status.textContent = busy;
  delete status.dataset.code;
  status.classList.remove('field-error');
  try {
    return await work();
  } catch (err) {
    const e = ipc.asCairnError(err);
    status.textContent = e.message;
    status.dataset.code = e.code;
    status.classList.add('field-error');
    return null;
  } finally {
    b.disabled = false;
    b.removeAttribute('aria-busy');
  }
}

/**
 * @param {number} n
 * @param {string} one
 * @param {string} many
 */
const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** The export view. */
export class Exporter {
  /**
   * @param {(err: CairnError) => void} showError
   * @param {() => Promise<void>} afterRestore reloads the library after a restore
   * @param {(view: string) => void} showView
   */
  constructor(showError, afterRestore, showView) {
    this.showError = showError;
    this.afterRestore = afterRestore;
    this.showView = showView;
    /** @type {Certification[]} */
    this.queue = [];
    this.position = 0;
    /** The pick of the last transcript or package written, for "Open it". */
    this.written = /** @type {{token: string, file: string} | null} */ (null);
    /** The kind of the last document written, which "Include them" writes again. */
    this.lastKind = /** @type {'transcript' | 'package' | null} */ (null);
    this.wire();
  }

  wire() {
    byId('picks-all').addEventListener('click', () => this.tickAll(true));
    byId('picks-none').addEventListener('click', () => this.tickAll(false));
    byId('linkedin-start').addEventListener('click', () => this.startQueue(this.picked()));
    byId('linkedin-next').addEventListener('click', () => this.step(1));
    byId('linkedin-prev').addEventListener('click', () => this.step(-1));
    byId('linkedin-open').addEventListener('click', () => {
      const c = this.queue[this.position];
      if (c) working(byId('linkedin-open'), byId('linkedin-status'), 'Opening LinkedIn in your browser…', async () => {
        await ipc.openLinkedIn(c.url);
        byId('linkedin-status').textContent = 'Opened in your browser. Come back here for the next one.';
      });
    });
    byId('linkedin-copy').addEventListener('click', () => {
      const c = this.queue[this.position];
      if (c) working(byId('linkedin-copy'), byId('linkedin-status'), 'Copying…', async () => {
        await ipc.copyText(c.post_text);
        byId('linkedin-status').textContent = 'The post text is on the clipboard.';
      });
    });
    byId('linkedin-image').addEventListener('click', () => {
      const c = this.queue[this.position];
      if (c) this.saveBadgeImage(c);
    });
    byId('linkedin-cert-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const c = this.queue[this.position];
      if (c) this.useCertUrl(c);
    });
    byId('transcript-save').addEventListener('click', () => this.saveDocument('transcript'));
    byId('package-save').addEventListener('click', () => this.saveDocument('package'));
    // Including what the verdict withholds is an explicit, confirmed choice, one save at a time.
    byId('include-invalid').addEventListener('click', () => {
      byId('include-invalid').hidden = true;
      byId('include-invalid-confirm').hidden = false;
      byId('include-invalid-no').focus();
    });
    byId('include-invalid-no').addEventListener('click', () => {
      byId('include-invalid-confirm').hidden = true;
      byId('include-invalid').hidden = false;
      byId('include-invalid').focus();
    });
    byId('include-invalid-yes').addEventListener('click', () => {
      byId('include-invalid-confirm').hidden = true;
      if (this.lastKind) this.saveDocument(this.lastKind, true);
    });
    byId('written-open').addEventListener('click', () => {
      const written = this.written;
      if (written) working(byId('written-open'), byId('documents-status'), 'Opening…', async () => {
        await ipc.openWritten(written.token);
        byId('documents-status').textContent = `Opened ${written.file}.`;
      });
    });
    byId('presentation-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.savePresentation();
    });
    byId('backup-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.saveBackup();
    });
    byId('restore-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.restore();
    });
  }

  /** Reloads the credential picker and the portfolio choices. */
  async refresh() {
    try {
      const [credentials, portfolios] = await Promise.all([ipc.listCredentials(), ipc.listPortfolios()]);
      this.renderPicks(credentials.filter((c) => !c.parent_id));
      const scope = /** @type {HTMLSelectElement} */ (byId('export-scope'));
      const chosen = scope.value;
      scope.replaceChildren(
        el('option', { text: 'The whole wallet', attrs: { value: '' } }),
        ...portfolios.map((p) => el('option', { text: `Portfolio: ${p.name}`, attrs: { value: p.name } })),
      );
      scope.value = portfolios.some((p) => p.name === chosen) ? chosen : '';
      const present = /** @type {HTMLSelectElement} */ (byId('presentation-portfolio'));
      const was = present.value;
      present.replaceChildren(...portfolios.map((p) => el('option', { text: p.name, attrs: { value: p.name } })));
      if (portfolios.some((p) => p.name === was)) present.value = was;
      /** @type {HTMLButtonElement} */ (byId('presentation-save')).disabled = portfolios.length === 0;
      if (portfolios.length === 0) byId('presentation-status').textContent = 'Make a portfolio first (Portfolios, on the left).';
    } catch (err) {
      this.showError(ipc.asCairnError(err));
    }
  }

  /** @param {CredentialSummary[]} credentials */
  renderPicks(credentials) {
    const box = byId('export-picks');
    const ticked = new Set(this.picked());
    box.replaceChildren(
      ...credentials.map((c) => {
        const box = /** @type {HTMLInputElement} */ (el('input', { attrs: { type: 'checkbox', value: c.id, 'data-testid': 'export-pick' } }));
        box.checked = ticked.has(c.id);
        return el('li', {}, [
          el('label', {}, [box, el('span', { text: c.title }), el('span', { class: 'pick-issuer', text: c.issuer ?? '' })]),
        ]);
      }),
    );
    if (credentials.length === 0) box.append(el('li', { class: 'hint', text: 'Your wallet is empty.' }));
  }

  /** @returns {string[]} the ticked credentials' ids, in the order listed */
  picked() {
    return Array.from(byId('export-picks').querySelectorAll('input[type=checkbox]:checked'), (b) => /** @type {HTMLInputElement} */ (b).value);
  }

  /** @param {boolean} on */
  tickAll(on) {
    for (const b of byId('export-picks').querySelectorAll('input[type=checkbox]')) /** @type {HTMLInputElement} */ (b).checked = on;
  }

  /**
   * Starts the LinkedIn queue over these credentials, showing the first.
   * @param {string[]} ids
   */
  async startQueue(ids) {
    const status = byId('linkedin-status');
    if (ids.length === 0) {
      byId('linkedin-step').hidden = false;
      byId('linkedin-step-heading').textContent = 'Nothing ticked';
      status.textContent = 'Tick one or more credentials above first.';
      this.queue = [];
      this.renderStep();
      return;
    }
    await working(byId('linkedin-start'), status, 'Preparing the links…', async () => {
      this.queue = await ipc.linkedinQueue(ids);
      this.position = 0;
      status.textContent = '';
      this.renderStep();
      byId('linkedin-step-heading').focus();
    });
  }

  /**
   * Opens the export view with the LinkedIn queue of one credential (the credential view's action).
   * @param {string} id
   */
  async linkedinFor(id) {
    this.showView('export');
    await this.refresh();
    for (const b of byId('export-picks').querySelectorAll('input[type=checkbox]')) {
      const box = /** @type {HTMLInputElement} */ (b);
      box.checked = box.value === id;
    }
    await this.startQueue([id]);
  }

  /** @param {number} delta */
  step(delta) {
    const next = this.position + delta;
    if (next < 0 || next >= this.queue.length) return;
    this.position = next;
    this.renderStep();
    byId('linkedin-step-heading').focus();
  }

  renderStep() {
    const c = this.queue[this.position];
    const step = byId('linkedin-step');
    const controls = ['linkedin-open', 'linkedin-copy', 'linkedin-image', 'linkedin-prev', 'linkedin-next', 'linkedin-cert-apply'];
    if (!c) {
      for (const id of controls) /** @type {HTMLButtonElement} */ (byId(id)).disabled = true;
      byId('linkedin-params').replaceChildren();
      byId('linkedin-warnings').replaceChildren();
      byId('linkedin-name').textContent = '';
      /** @type {HTMLInputElement} */ (byId('linkedin-url')).value = '';
      /** @type {HTMLTextAreaElement} */ (byId('linkedin-post')).value = '';
      /** @type {HTMLInputElement} */ (byId('linkedin-cert-url')).value = '';
      return;
    }
    step.hidden = false;
    for (const id of controls) /** @type {HTMLButtonElement} */ (byId(id)).disabled = false;
    /** @type {HTMLButtonElement} */ (byId('linkedin-prev')).disabled = this.position === 0;
    /** @type {HTMLButtonElement} */ (byId('linkedin-next')).disabled = this.position === this.queue.length - 1;
    const n = this.position + 1;
    byId('linkedin-step-heading').textContent = this.queue.length > 1 ? `Next: ${n} of ${this.queue.length}` : 'Your credential';
    byId('linkedin-name').textContent = c.name;
    // The parameters exactly as the link carries them (read back from the link itself).
    const params = new URL(c.url).searchParams;
    const rows = [];
    for (const [key, label] of PARAMS) {
      const value = params.get(key);
      if (value == null) continue;
      rows.push(el('dt', { text: label }), el('dd', { text: value, attrs: { 'data-param': key } }));
    }
    byId('linkedin-params').replaceChildren(...rows);
    /** @type {HTMLInputElement} */ (byId('linkedin-url')).value = c.url;
    /** @type {HTMLTextAreaElement} */ (byId('linkedin-post')).value = c.post_text;
    byId('linkedin-warnings').replaceChildren(...c.warnings.map((w) => el('li', { text: w })));
    /** @type {HTMLInputElement} */ (byId('linkedin-cert-url')).value = params.get('certUrl') ?? '';
    const status = byId('linkedin-status');
    status.textContent = '';
    delete status.dataset.code;
    status.classList.remove('field-error');
  }

  /**
   * Rebuilds the current entry's link with the verification URL the learner typed (or the
   * credential's own when the field is empty); the core refuses anything but an https address.
   * @param {Certification} c
   */
  async useCertUrl(c) {
    const typed = /** @type {HTMLInputElement} */ (byId('linkedin-cert-url')).value.trim();
    const position = this.position;
    const status = byId('linkedin-status');
    await working(byId('linkedin-cert-apply'), status, 'Updating the link…', async () => {
      const entry = await ipc.linkedinEntry(c.wallet_id, typed || null);
      this.queue[position] = entry;
      if (this.position !== position) return;
      this.renderStep();
      status.textContent = typed ? 'The link now carries your verification URL.' : "The link uses the credential's own address.";
    });
  }

  /** @param {Certification} c */
  async saveBadgeImage(c) {
    const status = byId('linkedin-status');
    await working(byId('linkedin-image'), status, 'Choosing where to save…', async () => {
      const picked = await ipc.pickSavePath('badge_image', `${fileName(c.name)}.png`);
      if (!picked) {
        status.textContent = '';
        return;
      }
      status.textContent = 'Saving…';
      const bytes = await ipc.saveBadgeImage(c.wallet_id, picked.token);
      status.textContent = `Saved ${picked.file} (${bytes} bytes).`;
    });
  }

  /**
   * Lists what the last document left out for its verdict, and offers to include it.
   * @param {[string, string][]} skipped `(wallet id, "title: reason")`
   * @param {boolean} included whether this save included them (labelled)
   */
  showLeftOut(skipped, included) {
    const list = byId('documents-left-out');
    list.replaceChildren(...skipped.map(([id, why]) => el('li', { text: why, attrs: { 'data-id': id } })));
    list.hidden = skipped.length === 0;
    byId('include-invalid').hidden = skipped.length === 0 || included;
    byId('include-invalid-confirm').hidden = true;
  }

  /**
   * Saves the transcript or the evidence package of the chosen scope.
   * @param {'transcript' | 'package'} kind
   * @param {boolean} [includeInvalid] the learner confirmed including what the verdict withholds
   */
  async saveDocument(kind, includeInvalid = false) {
    const scope = /** @type {HTMLSelectElement} */ (byId('export-scope')).value || null;
    const status = byId('documents-status');
    const open = byId('written-open');
    const button = byId(kind === 'transcript' ? 'transcript-save' : 'package-save');
    const other = /** @type {HTMLButtonElement} */ (byId(kind === 'transcript' ? 'package-save' : 'transcript-save'));
    open.hidden = true;
    other.disabled = true;
    try {
      await working(button, status, 'Choosing where to save…', async () => {
        const base = scope ? fileName(scope) : 'cairn';
        const picked = await ipc.pickSavePath(kind, kind === 'transcript' ? `${base}-transcript.pdf` : `${base}-evidence.zip`);
        if (!picked) {
          status.textContent = '';
          return;
        }
        status.textContent = kind === 'transcript' ? 'Writing the transcript (each credential is verified)…' : 'Writing the package…';
        const pass = /** @type {HTMLInputElement} */ (byId('package-pass'));
        const done = kind === 'transcript'
          ? await ipc.exportTranscript(picked.token, scope, includeInvalid)
          : await ipc.exportPackage(picked.token, scope, pass.value || null, includeInvalid);
        const signed = kind === 'package'
          ? (done.holder ? ` The presentation inside is signed by ${done.holder}.` : ' No signed presentation inside.')
          : '';
        if (kind === 'package') pass.value = '';
        const left = done.skipped.length
          ? ` ${count(done.skipped.length, 'credential', 'credentials')} left out for their verdict:`
          : includeInvalid ? ' Credentials withheld for their verdict are included, each labelled.' : '';
        status.textContent = `Saved ${done.file}: ${count(done.credentials, 'credential', 'credentials')}, ${done.bytes} bytes.${signed}${left}`;
        this.written = { token: picked.token, file: done.file };
        this.lastKind = kind;
        this.showLeftOut(done.skipped, includeInvalid);
        open.hidden = false;
      });
    } finally {
      other.disabled = false;
    }
  }

  async savePresentation() {
    const status = byId('presentation-status');
    const portfolio = /** @type {HTMLSelectElement} */ (byId('presentation-portfolio')).value;
    const pass = /** @type {HTMLInputElement} */ (byId('presentation-pass'));
    const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id)).value.trim() || null;
    await working(byId('presentation-save'), status, 'Choosing where to save…', async () => {
      const picked = await ipc.pickSavePath('presentation', `${fileName(portfolio)}-presentation.json`);
      if (!picked) {
        status.textContent = '';
        return;
      }
      status.textContent = 'Signing…';
      const done = await ipc.exportPresentation({
        pick: picked.token,
        portfolio,
        passphrase: pass.value,
        challenge: value('presentation-challenge'),
        domain: value('presentation-domain'),
      });
      pass.value = '';
      const left = done.skipped.map(([id, why]) => ` Left out ${id}: ${why}`).join('');
      status.textContent = `Saved ${done.file}: ${count(done.credentials, 'credential', 'credentials')}, signed by ${done.holder}.${left}`;
    });
  }

  async saveBackup() {
    const status = byId('backup-status');
    const pass = /** @type {HTMLInputElement} */ (byId('backup-pass'));
    const again = /** @type {HTMLInputElement} */ (byId('backup-pass2'));
    const onlyPicked = /** @type {HTMLInputElement} */ (byId('backup-picked')).checked;
    const ids = onlyPicked ? this.picked() : [];
    await working(byId('backup-save'), status, 'Choosing where to save…', async () => {
      if (pass.value !== again.value) {
        throw { code: 'invalid_input', message: 'The two passphrases differ; type the same one twice. Nothing was written.' };
      }
      if (onlyPicked && ids.length === 0) {
        throw { code: 'invalid_input', message: 'No credential is ticked; tick some in the list above, or untick "Only the credentials ticked above".' };
      }
      const today = new Date().toISOString().slice(0, 10);
      const picked = await ipc.pickSavePath('backup', `cairn-backup-${today}.cairn`);
      if (!picked) {
        status.textContent = '';
        return;
      }
      status.textContent = 'Encrypting (this takes a few seconds)…';
      const done = await ipc.backupWallet(picked.token, ids, pass.value);
      pass.value = '';
      again.value = '';
      status.textContent = `Saved ${done.file}: ${count(done.credentials, 'original file', 'original files')}, encrypted.`;
    });
  }

  async restore() {
    const status = byId('backup-status');
    const pass = /** @type {HTMLInputElement} */ (byId('restore-pass'));
    const report = await working(byId('restore-open'), status, 'Choosing the backup…', async () => {
      const picked = await ipc.pickOpenPath('backup');
      if (!picked) {
        status.textContent = '';
        return null;
      }
      status.textContent = 'Decrypting and checking…';
      const r = await ipc.restoreBackup(picked.token, pass.value);
      pass.value = '';
      const failed = r.failed.length;
      const added = r.portfolios_added || r.annotations_added
        ? ` ${count(r.portfolios_added, 'portfolio', 'portfolios')} and ${count(r.annotations_added, 'tag, note or setting', 'tags, notes and settings')} added.`
        : '';
      const conflicts = r.conflicts.length
        ? ` ${count(r.conflicts.length, 'difference', 'differences')} kept as in this wallet: ${r.conflicts.map((c) => `${c.kind} ${c.name} (${c.detail})`).join('; ')}.`
        : '';
      status.textContent = `${count(r.originals, 'original', 'originals')} in the backup: ${r.added} restored, ${r.duplicates} already in the wallet (skipped)${failed ? `, ${failed} failed` : ''}.${added}${conflicts}`;
      status.dataset.restored = String(r.added);
      status.dataset.skipped = String(r.duplicates);
      status.dataset.conflicts = String(r.conflicts.length);
      return r;
    });
    if (report) {
      await this.afterRestore();
      await this.refresh();
    }
  }
}

/**
 * Wires the credential view's export actions.
 * @param {() => string | null} shown the wallet id of the credential shown
 * @param {Exporter} exporter
 */
export function setupDetailExports(shown, exporter) {
  const status = byId('detail-export-status');
  byId('detail-linkedin').addEventListener('click', () => {
    const id = shown();
    if (id) exporter.linkedinFor(id);
  });
  byId('detail-baked').addEventListener('click', async () => {
    const id = shown();
    if (!id) return;
    const title = byId('detail').querySelector('h2')?.textContent ?? 'badge';
    await working(byId('detail-baked'), status, 'Choosing where to save…', async () => {
      const picked = await ipc.pickSavePath('baked', `${fileName(title)}.png`);
      if (!picked) {
        status.textContent = '';
        return;
      }
      status.textContent = 'Baking…';
      const done = await ipc.exportBaked(id, picked.token);
      status.textContent = `Saved ${done.file}.`;
    });
  });
}
