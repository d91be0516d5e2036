// The learner's own tags and note on the credential shown in the detail view.

import { el, byId } from './dom.js';
import * as ipc from './ipc.js';

/** The credential the panel is about. */
let current = /** @type {string | null} */ (null);
/** Called after a change that the library shows (tags). */
let changed = () => {};

/**
 * Renders the tag chips, each with a button that removes it.
 * @param {string[]} tags
 */
function renderTags(tags) {
  const list = byId('my-tags');
  list.replaceChildren(
    ...tags.map((tag) => {
      const remove = el('button', { class: 'chip-remove', text: '×', attrs: { type: 'button', 'aria-label': `Remove the tag ${tag}`, 'data-testid': 'tag-remove' } });
      remove.addEventListener('click', () => update(ipc.removeTags(/** @type {string} */ (current), [tag])));
      return el('li', { class: 'chip tag', attrs: { 'data-testid': 'my-tag' } }, [el('span', { text: tag }), remove]);
    }),
  );
  if (tags.length === 0) list.append(el('li', { class: 'hint', text: 'No tags yet.' }));
}

/**
 * Shows the result of a tag change, or its error.
 * @param {Promise<string[]>} pending
 */
async function update(pending) {
  const status = byId('note-status');
  try {
    renderTags(await pending);
    status.textContent = '';
    changed();
  } catch (err) {
    status.textContent = ipc.asCairnError(err).message;
  }
}

/**
 * Loads the tags and note of a credential into the panel.
 * @param {string} id
 */
export async function showAnnotations(id) {
  current = id;
  byId('note-status').textContent = '';
  const [tags, note] = await ipc.annotationsOf(id);
  if (current !== id) return;
  renderTags(tags);
  /** @type {HTMLTextAreaElement} */ (byId('note-input')).value = note ?? '';
}

/**
 * Wires the panel's controls.
 * @param {() => void} onChange called after tags change
 */
export function setupAnnotations(onChange) {
  changed = onChange;
  const input = /** @type {HTMLInputElement} */ (byId('tag-input'));
  const add = () => {
    const tag = input.value.trim();
    if (!current || !tag) return;
    input.value = '';
    update(ipc.addTags(current, [tag]));
  };
  byId('tag-add').addEventListener('click', add);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  });
  byId('note-save').addEventListener('click', async () => {
    if (!current) return;
    const status = byId('note-status');
    try {
      await ipc.setNote(current, /** @type {HTMLTextAreaElement} */ (byId('note-input')).value);
      status.textContent = 'Note saved.';
      changed();
    } catch (err) {
      status.textContent = ipc.asCairnError(err).message;
    }
  });
}
