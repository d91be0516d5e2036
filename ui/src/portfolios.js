// The portfolios view: create, rename, delete; add, remove and reorder credentials (keyboard
// and drag); a goal with its progress; detected stacks turned into a portfolio in one step.

import { el, byId } from './dom.js';
import { formatLabel, formatFamily } from './format.js';
import { badgeArt } from './library.js';
import * as ipc from './ipc.js';

/** @typedef {import('./types').Portfolio} Portfolio */
/** @typedef {import('./types').PortfolioEntry} PortfolioEntry */
/** @typedef {import('./types').Goal} Goal */
/** @typedef {import('./types').Requirement} Requirement */
/** @typedef {import('./types').Error} CairnError */

/**
 * Parses one goal line: `skill:NAME`, `achievement:NAME`, or an achievement name.
 * @param {string} line
 * @returns {Requirement}
 */
function requirement(line) {
  const m = /^\s*(skill|achievement)\s*:\s*(.+)$/i.exec(line);
  if (m && m[1].toLowerCase() === 'skill') return { kind: 'skill', value: m[2].trim() };
  return { kind: 'achievement', value: (m ? m[2] : line).trim() };
}

/**
 * A goal requirement as the learner writes it.
 * @param {Requirement} r
 * @returns {string}
 */
function requirementText(r) {
  return r.kind === 'skill' ? `skill:${r.value}` : r.value;
}

/** The portfolios view. */
export class Portfolios {
  /**
   * @param {(err: CairnError) => void} showError
   * @param {(id: string) => void} open opens a credential
   */
  constructor(showError, open) {
    this.showError = showError;
    this.open = open;
    /** The portfolio shown, by number. */
    this.selected = /** @type {string | null} */ (null);
    /** The credential to focus after the next render (keeps the focus while reordering). */
    this.focusAfter = /** @type {string | null} */ (null);
    /** The credential being dragged. */
    this.dragging = /** @type {string | null} */ (null);
    byId('portfolio-create').addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = /** @type {HTMLInputElement} */ (byId('portfolio-name'));
      const name = input.value.trim();
      if (!name) return;
      const id = await this.attempt(ipc.createPortfolio(name));
      if (id === undefined) return;
      input.value = '';
      this.selected = String(id);
      await this.refresh();
    });
  }

  /**
   * Runs a call, showing its error under the create form; resolves to its result, or to
   * `undefined` when it failed (commands without a result give `null`).
   * @template T
   * @param {Promise<T>} pending
   * @returns {Promise<T | undefined>}
   */
  async attempt(pending) {
    const box = byId('portfolio-error');
    try {
      const out = await pending;
      box.hidden = true;
      return out;
    } catch (err) {
      const e = ipc.asCairnError(err);
      box.textContent = e.message;
      box.dataset.code = e.code;
      box.hidden = false;
      return undefined;
    }
  }

  /** Reloads the list, the stacks and the selected portfolio. */
  async refresh() {
    try {
      const [list, stacks] = await Promise.all([ipc.listPortfolios(), ipc.detectStacks()]);
      if (this.selected && !list.some((p) => String(p.id) === this.selected)) this.selected = null;
      if (!this.selected && list.length > 0) this.selected = String(list[0].id);
      const side = byId('portfolio-list');
      side.replaceChildren(
        ...list.map((p) => {
          const button = el('button', { class: 'side-item', attrs: { type: 'button', 'data-testid': 'portfolio-item', 'data-id': String(p.id) } }, [
            el('span', { class: 'side-name', text: p.name }),
            el('span', { class: 'hint', text: `${p.credentials} ${p.credentials === 1 ? 'credential' : 'credentials'}${p.has_goal ? ' · goal' : ''}` }),
          ]);
          if (String(p.id) === this.selected) button.setAttribute('aria-current', 'true');
          button.addEventListener('click', () => {
            this.selected = String(p.id);
            this.refresh();
          });
          return el('li', {}, [button]);
        }),
      );
      if (list.length === 0) side.append(el('li', { class: 'hint', text: 'No portfolios yet: name one above, or make one from a stack below.' }));
      this.renderStacks(stacks);
      if (this.selected) await this.show(this.selected);
      else byId('portfolio-detail').replaceChildren(el('div', { class: 'empty small' }, [
        el('h3', { text: 'Gather credentials for a purpose' }),
        el('p', { text: 'A portfolio groups credentials for a job application, a course or a goal you are working toward. Create one to begin.' }),
      ]));
    } catch (err) {
      this.showError(ipc.asCairnError(err));
    }
  }

  /** @param {import('./types').DetectedStack[]} stacks */
  renderStacks(stacks) {
    const list = byId('stack-list');
    list.replaceChildren(
      ...stacks.map((s) => {
        const make = el('button', { class: 'button', text: 'Make a portfolio', attrs: { type: 'button', 'data-testid': 'stack-make', 'aria-label': `Make a portfolio of ${s.name}` } });
        make.addEventListener('click', async () => {
          const id = await this.attempt(ipc.portfolioFromStack(s.key));
          if (id === undefined) return;
          this.selected = String(id);
          await this.refresh();
        });
        return el('li', { class: 'stack', attrs: { 'data-testid': 'stack' } }, [
          el('strong', { text: s.name }),
          el('span', { class: 'hint', text: `${s.issuer ?? 'Unknown issuer'} · you hold ${s.held} of ${s.members.length}` }),
          make,
        ]);
      }),
    );
    if (stacks.length === 0) list.append(el('li', { class: 'hint', text: 'None yet: a CLR or a badge pathway shows up here.' }));
  }

  /** @param {string} id */
  async show(id) {
    const [p, all] = await Promise.all([ipc.showPortfolio(id), ipc.searchCredentials({ text: null, tags: [], issuer: null, format: null, expired: false, expiring_within_days: null, sort: 'title', limit: 2000, as_of: null, issued_to_you: false })]);
    const root = byId('portfolio-detail');
    const held = new Set(p.sections.flatMap((s) => s.credentials.map((c) => c.summary.id)));

    const nameInput = /** @type {HTMLInputElement} */ (el('input', { attrs: { type: 'text', value: p.name, 'aria-label': 'Portfolio name', 'data-testid': 'portfolio-rename-input' } }));
    const rename = el('button', { class: 'button', text: 'Rename', attrs: { type: 'button', 'data-testid': 'portfolio-rename' } });
    rename.addEventListener('click', async () => {
      if ((await this.attempt(ipc.renamePortfolio(id, nameInput.value.trim()))) !== undefined) await this.refresh();
    });
    const del = el('button', { class: 'button danger', text: 'Delete…', attrs: { type: 'button', 'data-testid': 'portfolio-delete' } });
    const confirm = el('span', { class: 'confirm', attrs: { hidden: '' } }, [el('span', { text: 'Delete this portfolio? Its credentials stay in the wallet.' })]);
    const yes = el('button', { class: 'button danger', text: 'Delete', attrs: { type: 'button', 'data-testid': 'portfolio-delete-confirm' } });
    const no = el('button', { class: 'button quiet', text: 'Keep', attrs: { type: 'button' } });
    confirm.append(yes, no);
    del.addEventListener('click', () => { del.hidden = true; confirm.hidden = false; no.focus(); });
    no.addEventListener('click', () => { del.hidden = false; confirm.hidden = true; del.focus(); });
    yes.addEventListener('click', async () => {
      if ((await this.attempt(ipc.deletePortfolio(id))) !== undefined) {
        this.selected = null;
        await this.refresh();
      }
    });

    const candidates = all.filter((h) => !held.has(h.summary.id) && !h.summary.parent_id);
    const picker = /** @type {HTMLSelectElement} */ (el('select', { attrs: { 'aria-label': 'Credential to add', 'data-testid': 'portfolio-add-select' } }, candidates.map((h) => el('option', { text: `${h.summary.title} — ${h.summary.issuer ?? 'Unknown issuer'}`, attrs: { value: h.summary.id } }))));
    const addButton = el('button', { class: 'button primary', text: 'Add', attrs: { type: 'button', 'data-testid': 'portfolio-add' } });
    addButton.addEventListener('click', async () => {
      if (!picker.value) return;
      if ((await this.attempt(ipc.addToPortfolio(id, [picker.value]))) !== undefined) await this.refresh();
    });

    root.replaceChildren(
      el('div', { class: 'panel-card' }, [
        el('div', { class: 'portfolio-head' }, [
          el('h3', { class: 'portfolio-title', text: p.name, attrs: { 'data-testid': 'portfolio-title' } }),
          el('div', { class: 'inline-form' }, [nameInput, rename, del, confirm]),
        ]),
        p.purpose ? el('p', { class: 'prose', text: p.purpose }) : null,
      ]),
      this.goalPanel(id, p),
      el('section', { class: 'panel-card', attrs: { 'aria-labelledby': 'pf-credentials' } }, [
        el('h3', { class: 'mini-title', text: 'Credentials', attrs: { id: 'pf-credentials' } }),
        el('p', { class: 'hint', text: 'Reorder with the Move buttons, Alt + ↑ / ↓ on a focused row, or by dragging.' }),
        ...p.sections.map((s) => this.sectionList(id, s)),
        held.size === 0 ? el('p', { class: 'hint', text: 'No credentials yet: add some below.' }) : null,
        candidates.length > 0 ? el('div', { class: 'inline-form' }, [picker, addButton]) : el('p', { class: 'hint', text: 'Every credential in the wallet is in this portfolio.' }),
      ]),
    );
    if (this.focusAfter) {
      const row = root.querySelector(`[data-credential="${CSS.escape(this.focusAfter)}"]`);
      if (row instanceof HTMLElement) row.focus();
      this.focusAfter = null;
    }
  }

  /**
   * The goal editor and its progress.
   * @param {string} id
   * @param {Portfolio} p
   * @returns {HTMLElement}
   */
  goalPanel(id, p) {
    const text = /** @type {HTMLTextAreaElement} */ (el('textarea', { attrs: { rows: '3', 'aria-label': 'Goal requirements, one per line', 'data-testid': 'goal-input', placeholder: 'One per line: an achievement name, or skill:NAME' } }));
    text.value = p.goal ? p.goal.requirements.map(requirementText).join('\n') : '';
    const atLeast = /** @type {HTMLInputElement} */ (el('input', { class: 'days', attrs: { type: 'number', min: '1', 'aria-label': 'How many must be met (empty for all)', 'data-testid': 'goal-at-least', placeholder: 'all' } }));
    if (p.goal?.at_least != null) atLeast.value = String(p.goal.at_least);
    const save = el('button', { class: 'button primary', text: 'Save goal', attrs: { type: 'button', 'data-testid': 'goal-save' } });
    save.addEventListener('click', async () => {
      const requirements = text.value.split('\n').map((l) => l.trim()).filter(Boolean).map(requirement);
      const n = Number.parseInt(atLeast.value, 10);
      /** @type {Goal | null} */
      const goal = requirements.length ? { requirements, at_least: Number.isFinite(n) && n > 0 ? n : null } : null;
      if ((await this.attempt(ipc.setGoal(id, goal))) !== undefined) await this.refresh();
    });
    const progress = p.progress;
    return el('section', { class: 'panel-card', attrs: { 'aria-labelledby': 'pf-goal' } }, [
      el('h3', { class: 'mini-title', text: 'Goal', attrs: { id: 'pf-goal' } }),
      progress
        ? el('div', { class: 'goal-progress', attrs: { 'data-testid': 'goal-progress' } }, [
            el('p', { class: 'goal-count', text: `${progress.done} of ${progress.needed} done${progress.complete ? ' — complete' : ''}`, attrs: { 'data-testid': 'goal-count' } }),
            el('progress', { attrs: { max: String(progress.needed), value: String(Math.min(progress.done, progress.needed)), 'aria-label': 'Goal progress' } }),
            el('ul', { class: 'requirements' }, progress.requirements.map((r) => el('li', { class: r.met ? 'met' : 'missing', attrs: { 'data-testid': r.met ? 'requirement-met' : 'requirement-missing' } }, [
              el('span', { class: 'mark', text: r.met ? '✓' : '○', attrs: { 'aria-hidden': 'true' } }),
              el('span', { text: r.label }),
              el('span', { class: 'hint', text: r.met ? `done: ${r.met_by.map((c) => c.title).join(', ')}` : r.expired.length ? 'missing (only expired evidence)' : 'missing' }),
            ]))),
          ])
        : el('p', { class: 'hint', text: 'No goal yet. Say what this portfolio stacks toward and Cairn tracks what is done and what is missing.' }),
      text,
      el('div', { class: 'inline-form' }, [el('label', { class: 'field' }, [el('span', { text: 'At least' }), atLeast]), save]),
    ]);
  }

  /**
   * One section's credentials, reorderable.
   * @param {string} id
   * @param {import('./types').Section} section
   * @returns {HTMLElement}
   */
  sectionList(id, section) {
    const entries = section.credentials;
    const move = async (/** @type {string} */ cid, /** @type {number} */ to) => {
      if (to < 1 || to > entries.length) return;
      this.focusAfter = cid;
      if ((await this.attempt(ipc.moveInPortfolio(id, cid, to))) !== undefined) await this.show(id);
    };
    const list = el('ol', { class: 'pf-list', attrs: { 'data-testid': 'portfolio-credentials' } });
    entries.forEach((entry, i) => list.append(this.row(id, entry, i, entries.length, move)));
    return el('div', {}, [section.name ? el('h4', { class: 'section-name', text: section.name }) : null, list]);
  }

  /**
   * @param {string} id
   * @param {PortfolioEntry} entry
   * @param {number} i
   * @param {number} count
   * @param {(cid: string, to: number) => Promise<void>} move
   * @returns {HTMLElement}
   */
  row(id, entry, i, count, move) {
    const s = entry.summary;
    const up = el('button', { class: 'button quiet small', text: '↑', attrs: { type: 'button', 'aria-label': `Move ${s.title} up`, 'data-testid': 'move-up' } });
    const down = el('button', { class: 'button quiet small', text: '↓', attrs: { type: 'button', 'aria-label': `Move ${s.title} down`, 'data-testid': 'move-down' } });
    const open = el('button', { class: 'link-button', text: s.title, attrs: { type: 'button' } });
    const remove = el('button', { class: 'button quiet small', text: 'Remove', attrs: { type: 'button', 'aria-label': `Remove ${s.title} from the portfolio`, 'data-testid': 'portfolio-remove' } });
    if (i === 0) up.setAttribute('disabled', '');
    if (i === count - 1) down.setAttribute('disabled', '');
    up.addEventListener('click', () => move(s.id, i));
    down.addEventListener('click', () => move(s.id, i + 2));
    open.addEventListener('click', () => this.open(s.id));
    remove.addEventListener('click', async () => {
      if ((await this.attempt(ipc.removeFromPortfolio(id, [s.id]))) !== undefined) await this.refresh();
    });
    const li = el('li', { class: 'pf-row', attrs: { tabindex: '0', draggable: 'true', 'data-credential': s.id, 'data-testid': 'portfolio-credential', 'aria-label': `${i + 1} of ${count}: ${s.title}` } }, [
      el('span', { class: 'grip', text: '⋮⋮', attrs: { 'aria-hidden': 'true' } }),
      badgeArt(s.image, s.title, 'row-art'),
      el('span', { class: 'pf-text' }, [open, el('span', { class: 'hint', text: s.issuer ?? 'Unknown issuer' })]),
      entry.validity === 'expired' ? el('span', { class: 'chip status-expired', text: 'Expired' }) : null,
      el('span', { class: `chip fam-${formatFamily(s.format)}`, text: formatLabel(s.format) }),
      up, down, remove,
    ]);
    li.addEventListener('keydown', (event) => {
      if (event.target !== li || !event.altKey) return;
      if (event.key === 'ArrowUp') { event.preventDefault(); move(s.id, i); }
      if (event.key === 'ArrowDown') { event.preventDefault(); move(s.id, i + 2); }
    });
    li.addEventListener('dragstart', (event) => {
      this.dragging = s.id;
      event.dataTransfer?.setData('text/plain', s.id);
    });
    li.addEventListener('dragover', (event) => {
      if (this.dragging && this.dragging !== s.id) event.preventDefault();
    });
    li.addEventListener('drop', (event) => {
      event.preventDefault();
      const dragged = this.dragging;
      this.dragging = null;
      if (dragged && dragged !== s.id) move(dragged, i + 1);
    });
    return li;
  }
}
