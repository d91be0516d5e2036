// Cairn's UI: wires the library, detail and import views to the wallet over Tauri IPC.

import { byId } from './dom.js';
import * as ipc from './ipc.js';
import { renderLibrary } from './library.js';
import { renderDetail } from './detail.js';
import { setupImport } from './importer.js';

/** @typedef {import('./types').CredentialSummary} CredentialSummary */
/** @typedef {import('./types').Error} CairnError */

/** Summaries by wallet id, as last listed. */
const known = /** @type {Map<string, CredentialSummary>} */ (new Map());
/** The credential shown in the detail view, if any. */
let shownId = /** @type {string | null} */ (null);

/** @param {CairnError} err */
function showError(err) {
  const banner = byId('app-error');
  banner.textContent = err.message;
  banner.dataset.code = err.code;
  banner.hidden = false;
}

function clearError() {
  byId('app-error').hidden = true;
}

async function refreshLibrary() {
  try {
    const items = await ipc.listCredentials();
    known.clear();
    for (const item of items) known.set(item.id, item);
    renderLibrary(
      { list: byId('credential-list'), empty: byId('empty-state'), count: byId('library-count') },
      items,
      openCredential,
    );
  } catch (err) {
    showError(ipc.asCairnError(err));
  } finally {
    // The first load is over, whatever its outcome (the end-to-end tests wait for this).
    document.body.dataset.ready = 'true';
  }
}

/** @param {string} id */
async function openCredential(id) {
  try {
    const detail = await ipc.getCredential(id);
    clearError();
    shownId = detail.summary.id;
    renderDetail(byId('detail'), detail, known, openCredential);
    cancelRemove();
    byId('library-view').hidden = true;
    byId('detail-view').hidden = false;
    window.scrollTo(0, 0);
    byId('back-button').focus();
  } catch (err) {
    showError(ipc.asCairnError(err));
  }
}

function showLibrary() {
  const previous = shownId;
  shownId = null;
  byId('detail-view').hidden = true;
  byId('library-view').hidden = false;
  const card = previous && document.querySelector(`[data-id="${CSS.escape(previous)}"]`);
  if (card instanceof HTMLElement) card.focus();
}

function cancelRemove() {
  byId('remove-confirm').hidden = true;
  byId('remove-button').hidden = false;
}

function setupDetail() {
  byId('back-button').addEventListener('click', showLibrary);
  byId('remove-button').addEventListener('click', () => {
    byId('remove-button').hidden = true;
    byId('remove-confirm').hidden = false;
    byId('remove-no').focus();
  });
  byId('remove-no').addEventListener('click', () => {
    cancelRemove();
    byId('remove-button').focus();
  });
  byId('remove-yes').addEventListener('click', async () => {
    if (!shownId) return;
    try {
      await ipc.removeCredential(shownId);
      shownId = null;
      showLibrary();
      await refreshLibrary();
    } catch (err) {
      showError(ipc.asCairnError(err));
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !byId('detail-view').hidden) showLibrary();
  });
}

async function start() {
  setupDetail();
  setupImport({ afterImport: refreshLibrary, showError });
  ipc
    .walletLocation()
    .then((location) => {
      byId('wallet-location').textContent = location;
    })
    .catch((err) => showError(ipc.asCairnError(err)));
  await refreshLibrary();
}

start();
