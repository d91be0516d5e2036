// The detail view: everything the wallet knows about one credential.

import { el, clear, dataImage } from './dom.js';
import { badgeArt } from './library.js';
import { formatDate, formatLabel, formatFamily } from './format.js';

/** @typedef {import('./types').CredentialDetail} CredentialDetail */
/** @typedef {import('./types').CredentialSummary} CredentialSummary */
/** @typedef {import('./types').Recipient} Recipient */

/**
 * A definition list of the rows that have a value.
 * @param {[string, string | null | undefined | Node, string?][]} rows label, value, test id
 * @returns {HTMLElement | null}
 */
function facts(rows) {
  const present = rows.filter(([, value]) => value != null && value !== '');
  if (present.length === 0) return null;
  const dl = el('dl', { class: 'facts' });
  for (const [label, value, testId] of present) {
    const dd = el('dd', testId ? { attrs: { 'data-testid': testId } } : {});
    if (value instanceof Node) dd.append(value);
    else dd.textContent = /** @type {string} */ (value);
    dl.append(el('dt', { text: label }), dd);
  }
  return dl;
}

/**
 * A titled section, or null when it has no content.
 * @param {string} title
 * @param {(HTMLElement | null)[]} content
 * @returns {HTMLElement | null}
 */
function section(title, content) {
  const parts = content.filter(Boolean);
  if (parts.length === 0) return null;
  return el('section', { class: 'detail-section' }, [el('h3', { text: title }), ...parts]);
}

/**
 * Text kept as written, line breaks included.
 * @param {string | null | undefined} text
 * @returns {HTMLElement | null}
 */
function prose(text) {
  return text ? el('p', { class: 'prose', text }) : null;
}

/**
 * A URL or identifier shown as selectable text (the app opens no links).
 * @param {string | null | undefined} value
 * @returns {HTMLElement | null}
 */
function ident(value) {
  return value ? el('code', { class: 'ident', text: value }) : null;
}

/**
 * @param {Recipient | null} recipient
 * @returns {string | null}
 */
function recipientText(recipient) {
  if (!recipient) return null;
  const who = recipient.hashed ? `${recipient.kind} (hashed): ${recipient.identity}` : `${recipient.kind}: ${recipient.identity}`;
  const salted = recipient.salt ? `, salt ${recipient.salt}` : '';
  return recipient.name ? `${recipient.name} — ${who}${salted}` : `${who}${salted}`;
}

/**
 * A validity line: the date, and whether it has passed.
 * @param {string | null} until
 * @returns {HTMLElement | null}
 */
function validUntil(until) {
  if (!until) return null;
  const expired = new Date(until).getTime() < Date.now();
  return el('span', {}, [
    document.createTextNode(formatDate(until)),
    expired ? el('span', { class: 'chip warn', text: 'expired' }) : null,
  ]);
}

/**
 * Renders one credential into `root`.
 * @param {HTMLElement} root
 * @param {CredentialDetail} detail
 * @param {Map<string, CredentialSummary>} known summaries by id, to name nested credentials
 * @param {(id: string) => void} open opens another credential (a nested one)
 */
export function renderDetail(root, detail, known, open) {
  const { summary, credential: c } = detail;
  const a = c.achievement;
  const issuerName = c.issuer.name ?? c.issuer.id ?? 'Unknown issuer';
  clear(root);

  const chips = el('p', { class: 'chips' }, [
    el('span', { class: `chip fam-${formatFamily(c.format)}`, text: formatLabel(c.format), attrs: { 'data-testid': 'detail-format' } }),
    a.achievement_type ? el('span', { class: 'chip', text: a.achievement_type }) : null,
  ]);
  const issuerLogo = dataImage(c.issuer.image, 'issuer-logo', '');
  root.append(
    el('header', { class: 'detail-hero' }, [
      badgeArt(summary.image, summary.title, 'hero-art'),
      el('div', { class: 'hero-text' }, [
        el('h2', { text: c.title, attrs: { id: 'detail-title', 'data-testid': 'detail-title' } }),
        el('p', { class: 'hero-issuer' }, [
          issuerLogo,
          el('span', { text: `Issued by ${issuerName}`, attrs: { 'data-testid': 'detail-issuer' } }),
          c.issued_on ? el('span', { class: 'hero-date', text: ` · ${formatDate(c.issued_on)}` }) : null,
        ]),
        chips,
      ]),
    ]),
  );

  const description = c.description ?? a.description;
  const alignments = a.alignments.length
    ? el(
        'ul',
        { class: 'alignments', attrs: { 'data-testid': 'detail-alignments' } },
        a.alignments.map((al) =>
          el('li', {}, [
            el('span', { class: 'alignment-name', text: al.target_name }),
            al.target_framework || al.target_code
              ? el('span', { class: 'hint', text: [al.target_framework, al.target_code].filter(Boolean).join(' · ') })
              : null,
            prose(al.target_description),
            ident(al.target_url),
          ]),
        ),
      )
    : null;
  const tags = a.tags.length
    ? el('p', { class: 'chips', attrs: { 'data-testid': 'detail-tags' } }, a.tags.map((t) => el('span', { class: 'chip', text: t })))
    : null;
  const evidence = c.evidence.length
    ? el(
        'ul',
        { class: 'plain-list' },
        c.evidence.map((ev) =>
          el('li', {}, [
            ev.name ? el('strong', { text: ev.name }) : null,
            prose(ev.description),
            prose(ev.narrative),
            ident(ev.id),
          ]),
        ),
      )
    : null;
  const results = c.results.length
    ? el(
        'ul',
        { class: 'plain-list' },
        c.results.map((r) => el('li', { text: [r.name, r.value, r.status].filter(Boolean).join(' — ') })),
      )
    : null;
  const children = detail.children.length
    ? el(
        'ul',
        { class: 'plain-list' },
        detail.children.map((id) => {
          const button = el('button', { class: 'link-button', text: known.get(id)?.title ?? id, attrs: { type: 'button' } });
          button.addEventListener('click', () => open(id));
          return el('li', {}, [button]);
        }),
      )
    : null;

  const sections = [
    section('About', [prose(description)]),
    section('Details', [
      facts([
        ['Issuer', c.issuer.name],
        ['Issuer id', ident(c.issuer.id)],
        ['Issuer website', ident(c.issuer.url)],
        ['Issuer e-mail', c.issuer.email],
        ['Issued', formatDate(c.issued_on)],
        ['Valid from', formatDate(c.valid_from)],
        ['Valid until', validUntil(c.valid_until)],
        ['Recipient', recipientText(c.recipient), 'detail-recipient'],
        ['Credential id', ident(c.credential_id), 'detail-credential-id'],
        ['Types', c.types.join(', ')],
        ['Achievement', a.name && a.name !== c.title ? a.name : null],
        ['Achievement id', ident(a.id)],
        ['Wallet id', ident(summary.id)],
      ]),
    ]),
    section('Criteria', [prose(a.criteria_narrative), ident(a.criteria_url)]),
    section('Skills and alignments', [alignments]),
    section('Tags', [tags]),
    section('Evidence', [evidence]),
    section('Results', [results]),
    section('Contains', [children]),
  ];
  for (const part of sections) if (part) root.append(part);
}
