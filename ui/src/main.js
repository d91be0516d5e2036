// Cairn's UI: wires the views (library, detail, portfolios, skills, export, settings) and the importer
// to the wallet over Tauri IPC.

import { byId } from './dom.js';
import * as ipc from './ipc.js';
import { Library } from './library.js';
import { renderDetail } from './detail.js';
import { setupImport } from './importer.js';
import { setupAnnotations, showAnnotations } from './notes.js';
import { Portfolios } from './portfolios.js';
import { Skills } from './skills.js';
import { Settings } from './settings.js';
import { VerificationPanel, markVerdicts } from './verification.js';
import { renderOriginal } from './original.js';
import { Exporter, setupDetailExports } from './exporter.js';

/** @typedef {import('./types').Error} CairnError */

/** The views the sidebar switches between. */
const VIEWS = ['library', 'portfolios', 'skills', 'export', 'settings'];

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

const library = new Library(openCredential, showError);
const portfolios = new Portfolios(showError, openCredential);
const skills = new Skills(showError, openCredential, () => portfolios.refresh());
const settings = new Settings(showError, () => library.refresh());
const exporter = new Exporter(showError, () => refreshLibrary(), (name) => showView(name, false));
/** Refreshes the cards' verdict chips in place (the cards, and the focus, stay). */
const refreshVerdicts = () => markVerdicts(byId('credential-list')).catch((err) => showError(ipc.asCairnError(err)));
const verification = new VerificationPanel(byId('verification'), showError, refreshVerdicts);

async function refreshLibrary() {
  try {
    await Promise.all([library.refresh(), library.refreshTags()]);
  } catch (err) {
    showError(ipc.asCairnError(err));
  } finally {
    // The first load is over, whatever its outcome (the end-to-end tests wait for this, and
    // read when the first frame with the cards was painted, in ms since the page started).
    if (!document.body.dataset.ready) {
      requestAnimationFrame(() => {
        document.body.dataset.firstPaintMs = String(Math.round(performance.now()));
      });
    }
    document.body.dataset.ready = 'true';
  }
}

/**
 * Shows one of the sidebar's views, reloading it unless `reload` is false.
 * @param {string} name
 * @param {boolean} [reload]
 */
function showView(name, reload = true) {
  byId('detail-view').hidden = true;
  shownId = null;
  for (const view of VIEWS) byId(`${view}-view`).hidden = view !== name;
  for (const item of document.querySelectorAll('.nav-item')) {
    if (item instanceof HTMLElement) {
      if (item.dataset.view === name) item.setAttribute('aria-current', 'page');
      else item.removeAttribute('aria-current');
    }
  }
  document.body.dataset.view = name;
  if (!reload) return;
  if (name === 'library') library.refresh();
  if (name === 'portfolios') portfolios.refresh();
  if (name === 'skills') skills.refresh();
  if (name === 'export') exporter.refresh();
  if (name === 'settings') settings.refresh();
}

/** @param {string} id */
async function openCredential(id) {
  try {
    const detail = await ipc.getCredential(id);
    const original = await ipc.originalBytes(detail.summary.id);
    clearError();
    shownId = detail.summary.id;
    renderDetail(byId('detail'), detail, library.known, openCredential);
    renderOriginal(byId('original'), detail, original);
    await showAnnotations(detail.summary.id);
    verification.show(detail.summary.id).catch((err) => showError(ipc.asCairnError(err)));
    cancelRemove();
    byId('detail-export-status').textContent = '';
    for (const view of VIEWS) byId(`${view}-view`).hidden = true;
    byId('detail-view').hidden = false;
    window.scrollTo(0, 0);
    byId('back-button').focus();
  } catch (err) {
    showError(ipc.asCairnError(err));
  }
}

function showLibrary() {
  const previous = shownId;
  // The cards are current (notes and tags refresh them as they change): keep them, and the focus.
  showView('library', false);
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
  setupDetailExports(() => shownId, exporter);
  setupAnnotations(() => {
    library.refresh();
    library.refreshTags().catch((err) => showError(ipc.asCairnError(err)));
  });
}

function setupVerifyAll() {
  const button = byId('verify-all');
  const status = byId('verify-all-status');
  ipc
    .onVerifyProgress((p) => {
      status.textContent = `Verified ${p.done} of ${p.total}…`;
    })
    .catch((err) => showError(ipc.asCairnError(err)));
  button.addEventListener('click', async () => {
    /** @type {HTMLButtonElement} */ (button).disabled = true;
    status.textContent = 'Verifying…';
    try {
      const n = await ipc.verifyAll(false);
      status.textContent = n === 1 ? 'Verified 1 credential offline.' : `Verified ${n} credentials offline.`;
      await refreshVerdicts();
    } catch (err) {
      status.textContent = '';
      showError(ipc.asCairnError(err));
    } finally {
      /** @type {HTMLButtonElement} */ (button).disabled = false;
    }
  });
}

function setupNavigation() {
  for (const item of document.querySelectorAll('.nav-item')) {
    if (item instanceof HTMLElement) item.addEventListener('click', () => showView(item.dataset.view ?? 'library'));
  }
}

async function start() {
  setupNavigation();
  setupDetail();
  setupVerifyAll();
  setupImport({ afterImport: refreshLibrary, showError });
  ipc
    .walletLocation()
    .then((location) => {
      byId('wallet-location').textContent = location;
      byId('settings-location').textContent = location;
    })
    .catch((err) => showError(ipc.asCairnError(err)));
  await refreshLibrary();
}

start();
