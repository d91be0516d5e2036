// The app's IPC: typed wrappers over the Rust commands in src-tauri/src/main.rs.
// Errors arrive as the core's `{code, message}`; anything else is turned into that shape.

/** @typedef {import('./types').CredentialSummary} CredentialSummary */
/** @typedef {import('./types').CredentialDetail} CredentialDetail */
/** @typedef {import('./types').ImportReport} ImportReport */
/** @typedef {import('./types').FileReport} FileReport */
/** @typedef {import('./types').Progress} Progress */
/** @typedef {import('./types').Error} CairnError */

/**
 * The Tauri API the app uses, from `window.__TAURI__` (`app.withGlobalTauri`).
 * @returns {any}
 */
function tauri() {
  const api = /** @type {any} */ (window).__TAURI__;
  if (!api) {
    throw { code: 'internal', message: 'This page must run inside the Cairn app (no Tauri API found).' };
  }
  return api;
}

/**
 * Any thrown value as `{code, message}`.
 * @param {unknown} err
 * @returns {CairnError}
 */
export function asCairnError(err) {
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    return /** @type {CairnError} */ (err);
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}

/**
 * Calls a command, rejecting with `{code, message}`.
 * @template T
 * @param {string} command
 * @param {Record<string, unknown>} [args]
 * @returns {Promise<T>}
 */
async function call(command, args) {
  try {
    return await tauri().core.invoke(command, args);
  } catch (err) {
    throw asCairnError(err);
  }
}

/** @returns {Promise<string>} where the wallet file is */
export const walletLocation = () => call('wallet_location');

/** @returns {Promise<CredentialSummary[]>} */
export const listCredentials = () => call('list_credentials');

/**
 * @param {string} id
 * @returns {Promise<CredentialDetail>}
 */
export const getCredential = (id) => call('get_credential', { id });

/**
 * @param {string[]} paths files and folders
 * @returns {Promise<ImportReport>}
 */
export const importPaths = (paths) => call('import_paths', { paths });

/**
 * @param {string} text credential JSON or a compact JWS/JWT
 * @returns {Promise<FileReport>}
 */
export const importText = (text) => call('import_text', { text });

/**
 * @param {string} id
 * @returns {Promise<string[]>} the ids removed
 */
export const removeCredential = (id) => call('remove_credential', { id });

/**
 * Calls `handler` with each import progress event; resolves to a function that stops listening.
 * @param {(progress: Progress) => void} handler
 * @returns {Promise<() => void>}
 */
export function onImportProgress(handler) {
  return tauri().event.listen('import-progress', (/** @type {{payload: Progress}} */ event) =>
    handler(event.payload),
  );
}

/**
 * Opens the native file dialog; resolves to the chosen paths (empty when cancelled).
 * @param {boolean} folders pick folders instead of files
 * @returns {Promise<string[]>}
 */
export async function pickPaths(folders) {
  const chosen = await tauri().dialog.open({
    multiple: true,
    directory: folders,
    title: folders ? 'Add folders of credentials' : 'Add credential files',
  });
  if (!chosen) return [];
  return Array.isArray(chosen) ? chosen : [chosen];
}

/**
 * Listens to files and folders dragged over and dropped on the window.
 * @param {{over: () => void, leave: () => void, drop: (paths: string[]) => void}} handlers
 * @returns {Promise<() => void>}
 */
export function onDragDrop(handlers) {
  return tauri()
    .webview.getCurrentWebview()
    .onDragDropEvent((/** @type {{payload: {type: string, paths?: string[]}}} */ event) => {
      const { type, paths } = event.payload;
      if (type === 'enter' || type === 'over') handlers.over();
      else if (type === 'drop') handlers.drop(paths ?? []);
      else handlers.leave();
    });
}
