/** A small element builder: the pages are plain DOM, with no framework to download. */

export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Handler = (event: Event) => void;
export type Props = Record<string, string | number | boolean | Handler | null | undefined>;

/**
 * `h('button', { type: 'button', onclick: save, 'aria-describedby': 'x' }, '保存')`.
 * `on…` functions become listeners, `true` an empty attribute, `false`/null/undefined nothing.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'value' && 'value' in element) (element as HTMLInputElement).value = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === 'string' || typeof child === 'number') parent.appendChild(document.createTextNode(String(child)));
    else if (child instanceof Node) parent.appendChild(child);
    else append(parent, child);
  }
}

/** Replaces everything inside `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let ids = 0;
/** A fresh id for pairing a <label> with its input. */
export function uid(prefix: string): string {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form field: <div class="field"><label for=…>…</label>{control}</div>. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLDivElement {
  const id = control.id || uid('f');
  control.id = id;
  const hintId = hint ? `${id}-hint` : undefined;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('p', { class: 'hint', id: hintId }, hint) : null);
}

/** A <select> with its options; `selected` picks one by value. */
export function select(name: string, options: readonly { value: string; label: string }[], selected = ''): HTMLSelectElement {
  const element = h('select', { name });
  for (const option of options) {
    element.appendChild(h('option', { value: option.value, selected: option.value === selected }, option.label));
  }
  return element;
}
