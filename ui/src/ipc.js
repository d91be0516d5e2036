// The app's IPC: typed wrappers over the Rust commands in src-tauri/src/main.rs.
// Errors arrive as the core's `{code, message}`; anything else is turned into that shape.

/** @typedef {import('./types').CredentialSummary} CredentialSummary */
/** @typedef {import('./types').CredentialDetail} CredentialDetail */
/** @typedef {import('./types').ImportReport} ImportReport */
/** @typedef {import('./types').FileReport} FileReport */
/** @typedef {import('./types').Progress} Progress */
/** @typedef {import('./types').Error} CairnError */
/** @typedef {import('./types').SearchQuery} SearchQuery */
/** @typedef {import('./types').SearchHit} SearchHit */
/** @typedef {import('./types').PortfolioSummary} PortfolioSummary */
/** @typedef {import('./types').Portfolio} Portfolio */
/** @typedef {import('./types').Goal} Goal */
/** @typedef {import('./types').DetectedStack} DetectedStack */
/** @typedef {import('./types').Skill} Skill */
/** @typedef {import('./types').PrepSummary} PrepSummary */
/** @typedef {import('./types').PostingMatch} PostingMatch */
/** @typedef {import('./types').Identity} Identity */

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

/** @returns {Promise<void>} asks the running import to stop before its next file */
export const cancelImport = () => call('cancel_import');

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
 * @param {SearchQuery} query
 * @returns {Promise<SearchHit[]>}
 */
export const searchCredentials = (query) => call('search_credentials', { query });

/** @returns {Promise<[string, number][]>} every tag with how many credentials carry it */
export const tagCounts = () => call('tag_counts');

/**
 * @param {string} id
 * @param {string[]} tags
 * @returns {Promise<string[]>} the credential's tags
 */
export const addTags = (id, tags) => call('add_tags', { id, tags });

/**
 * @param {string} id
 * @param {string[]} tags
 * @returns {Promise<string[]>} the credential's tags
 */
export const removeTags = (id, tags) => call('remove_tags', { id, tags });

/**
 * @param {string} id
 * @returns {Promise<[string[], string | null]>} tags and note
 */
export const annotationsOf = (id) => call('annotations_of', { id });

/**
 * @param {string} id
 * @param {string} note empty clears it
 * @returns {Promise<void>}
 */
export const setNote = (id, note) => call('set_note', { id, note });

/** @returns {Promise<PortfolioSummary[]>} */
export const listPortfolios = () => call('list_portfolios');

/**
 * @param {string} portfolio number or name
 * @returns {Promise<Portfolio>}
 */
export const showPortfolio = (portfolio) => call('show_portfolio', { portfolio });

/**
 * @param {string} name
 * @returns {Promise<number>} the new portfolio's number
 */
export const createPortfolio = (name) => call('create_portfolio', { name, purpose: null });

/**
 * @param {string} portfolio
 * @param {string} name
 * @returns {Promise<void>}
 */
export const renamePortfolio = (portfolio, name) => call('rename_portfolio', { portfolio, name });

/**
 * @param {string} portfolio
 * @returns {Promise<void>}
 */
export const deletePortfolio = (portfolio) => call('delete_portfolio', { portfolio });

/**
 * @param {string} portfolio
 * @param {string[]} credentials
 * @returns {Promise<string[]>}
 */
export const addToPortfolio = (portfolio, credentials) => call('add_to_portfolio', { portfolio, credentials });

/**
 * @param {string} portfolio
 * @param {string[]} credentials
 * @returns {Promise<string[]>}
 */
export const removeFromPortfolio = (portfolio, credentials) =>
  call('remove_from_portfolio', { portfolio, credentials });

/**
 * @param {string} portfolio
 * @param {string} credential
 * @param {number} position 1 = first, within its section
 * @returns {Promise<void>}
 */
export const moveInPortfolio = (portfolio, credential, position) =>
  call('move_in_portfolio', { portfolio, credential, position });

/**
 * @param {string} portfolio
 * @param {Goal | null} goal
 * @returns {Promise<void>}
 */
export const setGoal = (portfolio, goal) => call('set_goal', { portfolio, goal });

/** @returns {Promise<DetectedStack[]>} */
export const detectStacks = () => call('detect_stacks');

/**
 * @param {string} key
 * @returns {Promise<number>}
 */
export const portfolioFromStack = (key) => call('portfolio_from_stack', { key });

/** @returns {Promise<Skill[]>} */
export const listSkills = () => call('list_skills');

/**
 * @param {{skill?: string, portfolio?: string}} what
 * @returns {Promise<PrepSummary>}
 */
export const prep = (what) => call('prep', { skill: what.skill ?? null, portfolio: what.portfolio ?? null });

/**
 * @param {string} posting
 * @returns {Promise<PostingMatch>}
 */
export const matchPosting = (posting) => call('match_posting', { posting });

/**
 * @param {string} name
 * @param {string} posting
 * @param {number} limit
 * @returns {Promise<number>}
 */
export const portfolioFromPosting = (name, posting, limit) =>
  call('portfolio_from_posting', { name, posting, limit });

/** @returns {Promise<Identity[]>} */
export const identities = () => call('identities');

/**
 * @param {string} kind
 * @param {string} value
 * @returns {Promise<number>} how many credentials are now known to be the learner's
 */
export const addIdentity = (kind, value) => call('add_identity', { kind, value });

/**
 * @param {string} kind
 * @param {string} value
 * @returns {Promise<void>}
 */
export const removeIdentity = (kind, value) => call('remove_identity', { kind, value });

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
 * Opens the native file dialog (from the Rust side: the page may open no dialog itself);
 * resolves to the chosen paths (empty when cancelled).
 * @param {boolean} folders pick folders instead of files
 * @returns {Promise<string[]>}
 */
export const pickPaths = (folders) => call('pick_import_paths', { folders });

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

/** @typedef {import('./types').Report} Report */
/** @typedef {import('./types').Verification} Verification */
/** @typedef {import('./types').Verdict} Verdict */
/** @typedef {{done: number, total: number, id: string, verdict: Verdict}} VerifyProgress */

/**
 * Verifies a stored credential again and records it in its history.
 * @param {string} id
 * @param {boolean} online fetch what the checks need (else only what the wallet holds)
 * @returns {Promise<Report>}
 */
export const verifyCredential = (id, online) => call('verify_credential', { id, online });

/**
 * Verifies every stored credential, with `verify-progress` events.
 * @param {boolean} online
 * @returns {Promise<number>} how many were verified
 */
export const verifyAll = (online) => call('verify_all', { online });

/**
 * @param {string} id
 * @returns {Promise<Verification[]>} newest first
 */
export const verificationHistory = (id) => call('verification_history', { id });

/**
 * @param {string[]} ids
 * @returns {Promise<(import('./types').Label | null)[]>} each one's latest verdict as the core
 *   words it ("Expired" once its period has ended), null when never verified
 */
export const latestVerdicts = (ids) => call('latest_verdicts', { ids });

/**
 * The original file, byte for byte.
 * @param {string} id
 * @returns {Promise<Uint8Array>}
 */
export async function originalBytes(id) {
  /** @type {ArrayBuffer | number[]} */
  const raw = await call('original_bytes', { id });
  return raw instanceof ArrayBuffer ? new Uint8Array(raw) : Uint8Array.from(raw);
}

/**
 * Calls `handler` with each "Verify all" progress event; resolves to a function that stops listening.
 * @param {(progress: VerifyProgress) => void} handler
 * @returns {Promise<() => void>}
 */
export function onVerifyProgress(handler) {
  return tauri().event.listen('verify-progress', (/** @type {{payload: VerifyProgress}} */ event) =>
    handler(event.payload),
  );
}

/** @typedef {import('./types').Certification} Certification */
/** @typedef {import('./types').RestoreReport} RestoreReport */
/** @typedef {import('./types').Settings} Settings */
/** @typedef {{file: string, bytes: number, credentials: number, holder: string | null, skipped: [string, string][]}} Exported */
/** @typedef {{did: string, created_at: string}} HolderKey */
/**
 * A file the learner picked in a dialog: `token` is the only way a file command can name it,
 * and works once; `file` is its path, to show.
 * @typedef {{token: string, file: string}} Picked
 */
/** @typedef {'transcript' | 'package' | 'presentation' | 'backup' | 'badge_image' | 'baked'} SaveKind */

/**
 * Imports the badge at a URL through the wallet's network policy (HTTPS only).
 * @param {string} url
 * @returns {Promise<FileReport>}
 */
export const importUrl = (url) => call('import_url', { url });

/**
 * @param {string[]} ids
 * @returns {Promise<Certification[]>} each credential's LinkedIn entry, in order
 */
export const linkedinQueue = (ids) => call('linkedin_queue', { ids });

/**
 * @param {string} id
 * @param {string | null} certUrl a lasting verification URL the learner supplies, or null for the credential's own
 * @returns {Promise<Certification>} the credential's LinkedIn entry with that URL
 */
export const linkedinEntry = (id, certUrl) => call('linkedin_entry', { id, certUrl });

/**
 * @param {string} id
 * @param {string} pick the token of a `badge_image` pick
 * @returns {Promise<number>} bytes written
 */
export const saveBadgeImage = (id, pick) => call('save_badge_image', { id, pick });

/**
 * @param {string} pick the token of a `transcript` pick
 * @param {string | null} portfolio null: the whole wallet
 * @param {boolean} [includeInvalid] the learner confirmed including what the verdict withholds
 * @returns {Promise<Exported>}
 */
export const exportTranscript = (pick, portfolio, includeInvalid = false) =>
  call('export_transcript', { pick, portfolio, includeInvalid });

/**
 * @param {string} pick the token of a `package` pick
 * @param {string | null} portfolio null: the whole wallet
 * @param {string | null} passphrase the holder key's, to sign a presentation into the package; null: unsigned
 * @param {boolean} [includeInvalid] the learner confirmed including what the verdict withholds
 * @returns {Promise<Exported>}
 */
export const exportPackage = (pick, portfolio, passphrase, includeInvalid = false) =>
  call('export_package', { pick, portfolio, passphrase, includeInvalid });

/**
 * @param {{pick: string, portfolio: string, passphrase: string, challenge: string | null, domain: string | null}} what
 *   `pick`: the token of a `presentation` pick
 * @returns {Promise<Exported>}
 */
export const exportPresentation = (what) => call('export_presentation', what);

/**
 * @param {string} id
 * @param {string} pick the token of a `baked` pick (a file ending in .png or .svg)
 * @returns {Promise<Exported>}
 */
export const exportBaked = (id, pick) => call('export_baked', { id, pick });

/**
 * @param {string} pick the token of a `backup` pick
 * @param {string[]} ids empty: the whole wallet
 * @param {string} passphrase
 * @returns {Promise<Exported>}
 */
export const backupWallet = (pick, ids, passphrase) => call('backup_wallet', { pick, ids, passphrase });

/**
 * @param {string} pick the token of a backup picked in the open dialog
 * @param {string} passphrase
 * @returns {Promise<RestoreReport>}
 */
export const restoreBackup = (pick, passphrase) => call('restore_backup', { pick, passphrase });

/**
 * Opens a file the app wrote in this session with the system's default app.
 * @param {string} pick the token its file was written with
 * @returns {Promise<void>}
 */
export const openWritten = (pick) => call('open_written', { pick });

/** @returns {Promise<Settings>} */
export const getSettings = () => call('get_settings');

/**
 * @param {string} name empty removes it
 * @returns {Promise<Settings>}
 */
export const setLearnerName = (name) => call('set_learner_name', { name });

/**
 * @param {boolean} offline
 * @returns {Promise<Settings>}
 */
export const setOffline = (offline) => call('set_offline', { offline });

/**
 * @param {boolean} fetch
 * @returns {Promise<Settings>}
 */
export const setFetchContexts = (fetch) => call('set_fetch_contexts', { fetch });

/** @returns {Promise<HolderKey | null>} */
export const holderKey = () => call('holder_key');

/**
 * @param {string} passphrase
 * @returns {Promise<HolderKey>}
 */
export const createHolderKey = (passphrase) => call('create_holder_key', { passphrase });

/**
 * Opens LinkedIn's add-to-profile form in the default browser (the only URL the app may open).
 * @param {string} url
 * @returns {Promise<void>}
 */
export async function openLinkedIn(url) {
  try {
    await tauri().opener.openUrl(url);
  } catch (err) {
    throw asCairnError(err);
  }
}

/**
 * Puts text on the clipboard (the app never reads it).
 * @param {string} text
 * @returns {Promise<void>}
 */
export async function copyText(text) {
  try {
    await tauri().clipboardManager.writeText(text);
  } catch (err) {
    throw asCairnError(err);
  }
}

/**
 * The native save dialog for this kind of file (opened by the Rust side, with its title and
 * file types); resolves to the pick, or null when cancelled.
 * @param {SaveKind} kind
 * @param {string} suggestedName a file name to start from (a folder in it is ignored)
 * @returns {Promise<Picked | null>}
 */
export const pickSavePath = (kind, suggestedName) => call('pick_save_path', { kind, suggestedName });

/**
 * The native open dialog for a backup to restore; resolves to the pick, or null when cancelled.
 * @param {'backup'} kind
 * @returns {Promise<Picked | null>}
 */
export const pickOpenPath = (kind) => call('pick_open_path', { kind });
