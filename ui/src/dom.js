// Small DOM helpers. Every piece of text goes in through `textContent`, never `innerHTML`,
// so text taken from a credential can never become markup or script.

/**
 * Creates an element with optional class, text and attributes, and appends children.
 * @param {string} tag
 * @param {{class?: string, text?: string | null, attrs?: Record<string, string>}} [options]
 * @param {(Node | null | undefined | false)[]} [children]
 * @returns {HTMLElement}
 */
export function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.class) node.className = options.class;
  if (options.text != null) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child) node.append(child);
  }
  return node;
}

/**
 * The element with the given id; throws when the page lacks it (a bug in index.html).
 * @template {HTMLElement} T
 * @param {string} id
 * @returns {T}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`index.html has no #${id}`);
  return /** @type {T} */ (node);
}

/**
 * Removes every child of `node`.
 * @param {Element} node
 */
export function clear(node) {
  node.replaceChildren();
}

/**
 * An `<img>` for a `data:` URI image, or null for anything else: the app never loads remote
 * images (the CSP would refuse them anyway).
 * @param {string | null | undefined} src
 * @param {string} className
 * @param {string} alt
 * @returns {HTMLImageElement | null}
 */
export function dataImage(src, className, alt) {
  if (!src || !src.startsWith('data:image/')) return null;
  const img = /** @type {HTMLImageElement} */ (el('img', { class: className, attrs: { alt } }));
  img.src = src;
  img.decoding = 'async';
  return img;
}
