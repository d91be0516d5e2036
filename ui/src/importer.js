// Importing: from the file dialog, from files dropped on the window, from pasted text and
// from a URL.
// Shows progress while the wallet works and then what happened to each file.

import { el, byId, clear } from './dom.js';
import * as ipc from './ipc.js';

/** @typedef {import('./types').FileReport} FileReport */
/** @typedef {import('./types').ImportReport} ImportReport */
/** @typedef {import('./types').Outcome} Outcome */
/** @typedef {import('./types').Progress} Progress */
/** @typedef {import('./types').Error} CairnError */

/** @type {Record<Outcome, string>} */
const OUTCOME_LABELS = {
  imported: 'Imported',
  duplicate: 'Already in the wallet',
  failed: 'Failed',
  no_badge: 'No badge found',
  cancelled: 'Not imported (cancelled)',
};

/** Called after anything may have been stored. */
let afterImport = async () => {};
/** Shows an app-wide error. */
let showError = (/** @type {CairnError} */ _err) => {};

/**
 * Wires the import controls of index.html.
 * @param {{afterImport: () => Promise<void>, showError: (err: CairnError) => void}} hooks
 */
export function setupImport(hooks) {
  afterImport = hooks.afterImport;
  showError = hooks.showError;
  byId('import-files').addEventListener('click', () => pickAndImport(false));
  byId('import-folder').addEventListener('click', () => pickAndImport(true));
  byId('report-close').addEventListener('click', () => {
    byId('import-report').hidden = true;
  });
  setupPaste();
  setupUrl();
  byId('import-cancel').addEventListener('click', async () => {
    const cancel = /** @type {HTMLButtonElement} */ (byId('import-cancel'));
    cancel.disabled = true;
    cancel.textContent = 'Stopping after this file…';
    try {
      await ipc.cancelImport();
    } catch (err) {
      showError(ipc.asCairnError(err));
    }
  });
  ipc.onImportProgress(showProgress).catch((err) => showError(ipc.asCairnError(err)));
  setupDrop();
}

/**
 * Opens the native file dialog and imports what is chosen.
 * @param {boolean} folders
 */
async function pickAndImport(folders) {
  try {
    const paths = await ipc.pickPaths(folders);
    if (paths.length > 0) await importPaths(paths);
  } catch (err) {
    showError(ipc.asCairnError(err));
  }
}

function setupDrop() {
  const overlay = byId('drop-overlay');
  ipc
    .onDragDrop({
      over: () => {
        overlay.hidden = false;
      },
      leave: () => {
        overlay.hidden = true;
      },
      drop: (paths) => {
        overlay.hidden = true;
        if (paths.length > 0) importPaths(paths).catch((err) => showError(ipc.asCairnError(err)));
      },
    })
    .catch((err) => showError(ipc.asCairnError(err)));
}

/**
 * Imports files and folders, showing progress and then the per-file report. This is what the
 * file dialog and dropping on the window both call.
 * @param {string[]} paths
 * @returns {Promise<ImportReport>}
 */
export async function importPaths(paths) {
  const progress = byId('import-progress');
  const bar = /** @type {HTMLProgressElement} */ (byId('progress-bar'));
  bar.max = 1;
  bar.removeAttribute('value'); // indeterminate until the first file is done
  byId('progress-label').textContent = 'Reading files…';
  const cancel = /** @type {HTMLButtonElement} */ (byId('import-cancel'));
  cancel.disabled = false;
  cancel.textContent = 'Cancel';
  progress.hidden = false;
  byId('import-report').hidden = true;
  try {
    const report = await ipc.importPaths(paths);
    renderReport(report.files);
    return report;
  } finally {
    progress.hidden = true;
    await afterImport();
  }
}

/** @param {Progress} p */
function showProgress(p) {
  const bar = /** @type {HTMLProgressElement} */ (byId('progress-bar'));
  bar.max = Math.max(p.total, 1);
  bar.value = p.done;
  byId('progress-label').textContent = `Importing ${p.done} of ${p.total}: ${baseName(p.source)}`;
}

/**
 * The last part of a path, for short progress lines.
 * @param {string} path
 * @returns {string}
 */
function baseName(path) {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/**
 * Shows what happened to each file.
 * @param {FileReport[]} files
 */
function renderReport(files) {
  const list = byId('report-list');
  clear(list);
  /** @type {Record<Outcome, number>} */
  const counts = { imported: 0, duplicate: 0, failed: 0, no_badge: 0, cancelled: 0 };
  for (const file of files) {
    counts[file.outcome] += 1;
    list.append(
      el('li', { class: `report-item outcome-${file.outcome}`, attrs: { 'data-testid': 'report-item', 'data-outcome': file.outcome } }, [
        el('span', { class: 'outcome', text: OUTCOME_LABELS[file.outcome] }),
        el('span', { class: 'report-source', text: file.source }),
        el('span', { class: 'report-message', text: file.message }),
      ]),
    );
  }
  const parts = [];
  if (counts.imported) parts.push(`${counts.imported} imported`);
  if (counts.duplicate) parts.push(`${counts.duplicate} already in the wallet`);
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.no_badge) parts.push(`${counts.no_badge} without a badge`);
  if (counts.cancelled) parts.push(`${counts.cancelled} not imported (cancelled)`);
  byId('report-summary').textContent = files.length === 0 ? 'No files found.' : `${parts.join(', ')}.`;
  byId('import-report').hidden = false;
}

function setupPaste() {
  const panel = byId('paste-panel');
  const toggle = byId('paste-toggle');
  const text = /** @type {HTMLTextAreaElement} */ (byId('paste-text'));
  const error = byId('paste-error');
  const setOpen = (/** @type {boolean} */ open) => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) text.focus();
  };
  toggle.addEventListener('click', () => setOpen(panel.hidden));
  byId('paste-cancel').addEventListener('click', () => {
    setOpen(false);
    toggle.focus();
  });
  byId('paste-import').addEventListener('click', async () => {
    error.hidden = true;
    if (!text.value.trim()) {
      showPasteError({ code: 'invalid_input', message: 'Paste the text of a credential first.' });
      return;
    }
    try {
      // Sent as typed: the wallet keeps the original bytes verbatim.
      const report = await ipc.importText(text.value);
      text.value = '';
      setOpen(false);
      renderReport([report]);
    } catch (err) {
      showPasteError(ipc.asCairnError(err));
    } finally {
      await afterImport();
    }
  });
}

/** @param {CairnError} err */
function showPasteError(err) {
  const error = byId('paste-error');
  error.textContent = err.message;
  error.dataset.code = err.code;
  error.hidden = false;
}

function setupUrl() {
  const panel = byId('url-panel');
  const toggle = byId('url-toggle');
  const input = /** @type {HTMLInputElement} */ (byId('url-input'));
  const error = byId('url-error');
  const button = /** @type {HTMLButtonElement} */ (byId('url-import'));
  const setOpen = (/** @type {boolean} */ open) => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open) input.focus();
  };
  toggle.addEventListener('click', () => setOpen(panel.hidden));
  byId('url-cancel').addEventListener('click', () => {
    setOpen(false);
    toggle.focus();
  });
  byId('url-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    button.disabled = true;
    button.textContent = 'Fetching…';
    try {
      const report = await ipc.importUrl(input.value);
      input.value = '';
      setOpen(false);
      renderReport([report]);
    } catch (err) {
      const e = ipc.asCairnError(err);
      error.textContent = e.message;
      error.dataset.code = e.code;
      error.hidden = false;
    } finally {
      button.disabled = false;
      button.textContent = 'Import';
      await afterImport();
    }
  });
}
