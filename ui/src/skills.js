// The skills view: every skill across issuers as a bar chart, a skill's evidence, interview
// preparation (for a skill or a portfolio) and the job-posting match.

import { el, byId } from './dom.js';
import { formatDate } from './format.js';
import { barChart } from './chart.js';
import * as ipc from './ipc.js';

/** @typedef {import('./types').Skill} Skill */
/** @typedef {import('./types').PrepSummary} PrepSummary */
/** @typedef {import('./types').PostingMatch} PostingMatch */
/** @typedef {import('./types').Error} CairnError */

/** Bars in the chart; the rest are listed as buttons only. */
const CHART_MAX = 15;

/** Plain words for where a skill's evidence comes from. */
const SOURCE_WORDS = { alignment: 'aligned by the issuer', result: 'a result', criteria: 'named in the criteria', tag: 'tagged by the issuer' };

/**
 * How many distinct credentials evidence a skill.
 * @param {Skill} skill
 * @returns {number}
 */
function credentialCount(skill) {
  return new Set(skill.evidence.map((e) => e.credential)).size;
}

/**
 * @param {number} n
 * @returns {string}
 */
const credentials = (n) => (n === 1 ? '1 credential' : `${n} credentials`);

/** The skills view. */
export class Skills {
  /**
   * @param {(err: CairnError) => void} showError
   * @param {(id: string) => void} open opens a credential
   * @param {() => Promise<void>} portfoliosChanged called after a portfolio is made here
   */
  constructor(showError, open, portfoliosChanged) {
    this.showError = showError;
    this.open = open;
    this.portfoliosChanged = portfoliosChanged;
    /** @type {Skill[]} */
    this.skills = [];
    this.selected = /** @type {string | null} */ (null);
    byId('posting-match').addEventListener('click', () => this.match());
    byId('prep-portfolio-go').addEventListener('click', () => {
      const value = /** @type {HTMLSelectElement} */ (byId('prep-portfolio')).value;
      if (value) this.prepare({ portfolio: value });
    });
  }

  /** Reloads the skills and the portfolio choices. */
  async refresh() {
    try {
      const [skills, portfolios] = await Promise.all([ipc.listSkills(), ipc.listPortfolios()]);
      this.skills = skills;
      byId('skills-count').textContent = skills.length ? `${skills.length} ${skills.length === 1 ? 'skill' : 'skills'} across your credentials` : '';
      const select = byId('prep-portfolio');
      select.replaceChildren(...portfolios.map((p) => el('option', { text: p.name, attrs: { value: String(p.id) } })));
      byId('prep-portfolio-go').toggleAttribute('disabled', portfolios.length === 0);
      if (portfolios.length === 0) select.append(el('option', { text: 'No portfolios yet', attrs: { value: '' } }));
      this.renderChart();
      if (this.selected && skills.some((s) => s.key === this.selected)) this.select(this.selected);
      else byId('skill-detail').hidden = true;
    } catch (err) {
      this.showError(ipc.asCairnError(err));
    }
  }

  renderChart() {
    const chart = byId('skills-chart');
    const list = byId('skill-list');
    if (this.skills.length === 0) {
      chart.replaceChildren(el('p', { class: 'hint', text: 'No skills yet. Skills come from the alignments, tags, results and criteria of your credentials; import some to see them here.' }));
      list.replaceChildren();
      return;
    }
    const top = this.skills.slice(0, CHART_MAX).map((s) => ({ label: s.name, value: credentialCount(s), key: s.key }));
    chart.replaceChildren(barChart(top, { title: 'Credentials behind each skill', unit: credentials, select: (key) => this.select(key), selected: this.selected }));
    list.replaceChildren(
      ...this.skills.map((s) => {
        const button = el('button', { class: 'chip skill-chip', text: `${s.name} · ${credentialCount(s)}`, attrs: { type: 'button', 'data-testid': 'skill-button', 'data-key': s.key, 'aria-pressed': String(s.key === this.selected) } });
        button.addEventListener('click', () => this.select(s.key));
        return el('li', {}, [button]);
      }),
    );
  }

  /**
   * Shows a skill's evidence.
   * @param {string} key
   */
  select(key) {
    const skill = this.skills.find((s) => s.key === key);
    if (!skill) return;
    this.selected = key;
    this.renderChart();
    const prep = el('button', { class: 'button primary', text: 'Prepare for an interview', attrs: { type: 'button', 'data-testid': 'prep-skill' } });
    prep.addEventListener('click', () => this.prepare({ skill: skill.key }));
    const panel = byId('skill-detail');
    const parts = [
      el('div', { class: 'portfolio-head' }, [el('h3', { class: 'portfolio-title', text: skill.name, attrs: { 'data-testid': 'skill-name' } }), prep]),
      el('p', { class: 'hint', text: `${credentials(credentialCount(skill))} from ${skill.issuers.join(', ') || 'unknown issuers'}` }),
      skill.aliases.length ? el('p', { class: 'hint', text: `Also called: ${skill.aliases.join(', ')}` }) : null,
      el('ul', { class: 'plain-list evidence', attrs: { 'data-testid': 'skill-evidence' } }, skill.evidence.map((e) => {
        const open = el('button', { class: 'link-button', text: e.title, attrs: { type: 'button' } });
        open.addEventListener('click', () => this.open(e.credential));
        return el('li', { attrs: { 'data-testid': 'evidence-item' } }, [
          open,
          el('span', { class: 'hint', text: [e.issuer, formatDate(e.issued_on), e.sources.map((s) => SOURCE_WORDS[s] ?? s).join(', ')].filter(Boolean).join(' · ') }),
          e.via ? el('span', { class: 'hint', text: `within ${e.via}` }) : null,
        ]);
      })),
    ];
    panel.replaceChildren(...parts.filter((p) => p != null));
    panel.hidden = false;
  }

  /**
   * Shows the interview-preparation sheet for a skill or a portfolio.
   * @param {{skill?: string, portfolio?: string}} what
   */
  async prepare(what) {
    const view = byId('prep-view');
    try {
      const sheet = await ipc.prep(what);
      view.replaceChildren(...this.prepSheet(sheet));
      view.hidden = false;
      view.scrollIntoView({ block: 'nearest' });
    } catch (err) {
      view.replaceChildren(el('p', { class: 'field-error', text: ipc.asCairnError(err).message }));
      view.hidden = false;
    }
  }

  /**
   * @param {PrepSummary} sheet
   * @returns {HTMLElement[]}
   */
  prepSheet(sheet) {
    return [
      el('h3', { class: 'portfolio-title', text: `Interview preparation: ${sheet.title}`, attrs: { 'data-testid': 'prep-title' } }),
      sheet.purpose ? el('p', { class: 'prose', text: sheet.purpose }) : null,
      sheet.skills.length === 0 ? el('p', { class: 'hint', text: 'No skills to prepare yet.' }) : null,
      ...sheet.skills.map((s) =>
        el('section', { class: 'prep-skill', attrs: { 'data-testid': 'prep-skill-section' } }, [
          el('h4', { text: s.name }),
          el('p', { class: 'prose', text: s.summary, attrs: { 'data-testid': 'prep-summary' } }),
          s.note ? el('p', { class: 'prose hint', text: `Your note: ${s.note}` }) : null,
          el('ol', { class: 'talking-points' }, s.talking_points.map((t) =>
            el('li', {}, [
              el('strong', { text: t.title }),
              el('dl', { class: 'facts star' }, [
                el('dt', { text: 'Situation' }), el('dd', { text: t.situation }),
                el('dt', { text: 'Task' }), el('dd', { text: t.task }),
                el('dt', { text: 'Action' }), el('dd', { text: t.action }),
                el('dt', { text: 'Result' }), el('dd', { text: t.result }),
              ]),
              t.note ? el('p', { class: 'prose hint', text: `Your note: ${t.note}` }) : null,
            ]),
          )),
        ]),
      ),
    ].filter((n) => n != null);
  }

  /** Matches the pasted posting and shows matched skills, ranked credentials and gaps. */
  async match() {
    const posting = /** @type {HTMLTextAreaElement} */ (byId('posting-text')).value;
    const error = byId('posting-error');
    const out = byId('posting-result');
    if (!posting.trim()) {
      error.textContent = 'Paste the text of a job posting first.';
      error.hidden = false;
      return;
    }
    try {
      const found = await ipc.matchPosting(posting);
      error.hidden = true;
      out.replaceChildren(...this.matchResult(found, posting));
      out.hidden = false;
    } catch (err) {
      error.textContent = ipc.asCairnError(err).message;
      error.hidden = false;
    }
  }

  /**
   * @param {PostingMatch} found
   * @param {string} posting
   * @returns {HTMLElement[]}
   */
  matchResult(found, posting) {
    const name = /** @type {HTMLInputElement} */ (el('input', { attrs: { type: 'text', value: found.title || 'Job application', 'aria-label': 'Name of the new portfolio', 'data-testid': 'match-portfolio-name' } }));
    const create = el('button', { class: 'button primary', text: 'Create portfolio from match', attrs: { type: 'button', 'data-testid': 'match-create' } });
    const status = el('p', { class: 'hint', attrs: { role: 'status', 'data-testid': 'match-status' } });
    create.addEventListener('click', async () => {
      try {
        await ipc.portfolioFromPosting(name.value.trim() || 'Job application', posting, 10);
        status.textContent = `Portfolio “${name.value.trim()}” created with the best credentials and the asked-for skills as its goal.`;
        await this.portfoliosChanged();
        await this.refresh();
      } catch (err) {
        status.textContent = ipc.asCairnError(err).message;
      }
    });
    return [
      el('p', { class: 'match-title', text: found.title, attrs: { 'data-testid': 'match-title' } }),
      el('h4', { class: 'mini-title', text: `You show ${found.matched.length} of the skills asked for` }),
      el('ul', { class: 'chips', attrs: { 'data-testid': 'match-skills' } }, found.matched.map((m) => el('li', { class: 'chip status-yours', text: m.skill, attrs: { title: `asked as “${m.found_as}”`, 'data-testid': 'matched-skill' } }))),
      el('h4', { class: 'mini-title', text: 'Credentials to present, best first' }),
      el('ol', { class: 'ranked', attrs: { 'data-testid': 'match-ranked' } }, found.ranked.map((r) => {
        const open = el('button', { class: 'link-button', text: r.title, attrs: { type: 'button' } });
        open.addEventListener('click', () => this.open(r.id));
        return el('li', { attrs: { 'data-testid': 'ranked-credential' } }, [open, el('span', { class: 'hint', text: `${r.issuer ?? 'Unknown issuer'} · ${r.skills.join(', ')}${r.validity === 'expired' ? ' · expired' : ''}` })]);
      })),
      el('h4', { class: 'mini-title', text: found.gaps.length ? 'Gaps: asked for, no evidence yet' : 'No gaps found' }),
      el('ul', { class: 'chips', attrs: { 'data-testid': 'match-gaps' } }, found.gaps.map((g) => el('li', { class: 'chip status-expired', text: g, attrs: { 'data-testid': 'gap' } }))),
      el('div', { class: 'inline-form' }, [name, create]),
      status,
    ];
  }
}
