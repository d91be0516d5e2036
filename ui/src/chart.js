// A horizontal bar chart drawn as SVG with DOM APIs: attributes only, no inline styles (the
// content security policy refuses them) and no markup strings. Colours come from styles.css.

const SVG = 'http://www.w3.org/2000/svg';

/**
 * An SVG element with attributes.
 * @param {string} tag
 * @param {Record<string, string | number>} attrs
 * @param {string} [text]
 * @returns {SVGElement}
 */
function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text != null) node.textContent = text;
  return node;
}

/**
 * Shortens a label to `max` characters with an ellipsis.
 * @param {string} text
 * @param {number} max
 * @returns {string}
 */
function shorten(text, max) {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Draws one bar per item, longest first as given.
 * @param {{label: string, value: number, key: string}[]} items
 * @param {{title: string, unit: (n: number) => string, select: (key: string) => void, selected?: string | null}} options
 * @returns {SVGElement}
 */
export function barChart(items, options) {
  const row = 30;
  const labelWidth = 210;
  const barMax = 380;
  const width = labelWidth + barMax + 60;
  const height = Math.max(row, items.length * row) + 8;
  const max = Math.max(1, ...items.map((i) => i.value));
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    class: 'bar-chart',
    role: 'img',
    'aria-label': `${options.title}: ${items.map((i) => `${i.label} ${options.unit(i.value)}`).join(', ')}`,
    'data-testid': 'bar-chart',
  });
  items.forEach((item, n) => {
    const y = 4 + n * row;
    const length = Math.max(4, Math.round((item.value / max) * barMax));
    const group = svg('g', { class: item.key === options.selected ? 'bar-row selected' : 'bar-row', 'data-key': item.key, 'data-testid': 'bar' });
    group.append(
      svg('title', {}, `${item.label}: ${options.unit(item.value)}`),
      svg('rect', { class: 'bar-hit', x: 0, y, width, height: row - 2, rx: 6 }),
      svg('text', { class: 'bar-label', x: labelWidth - 10, y: y + row / 2 + 1, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, shorten(item.label, 28)),
      svg('rect', { class: 'bar', x: labelWidth, y: y + 5, width: length, height: row - 12, rx: 5 }),
      svg('text', { class: 'bar-value', x: labelWidth + length + 8, y: y + row / 2 + 1, 'dominant-baseline': 'middle' }, String(item.value)),
    );
    group.addEventListener('click', () => options.select(item.key));
    root.append(group);
  });
  return root;
}
