// Small DOM helpers: the page has no framework, only these.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

/** An element with attributes (``on*`` keys become listeners, ``data-*`` stay attributes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'value' && 'value' in el) {
      (el as HTMLInputElement).value = String(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'object' ? child : String(child));
  }
  return el;
}

/** A labelled number input; returns [label wrapper, input]. */
export function numberField(label: string, role: string, value: number, step = 'any'): [HTMLElement, HTMLInputElement] {
  const input = h('input', { type: 'number', 'data-role': role, value, step, inputmode: 'decimal' });
  return [h('label', { class: 'field' }, h('span', {}, label), input), input];
}

/** A labelled range slider with its value shown beside it. */
export function slider(
  label: string,
  role: string,
  min: number,
  max: number,
  value: number,
  unit: string,
): [HTMLElement, HTMLInputElement] {
  const input = h('input', { type: 'range', 'data-role': role, min, max, step: 1, value });
  const shown = h('output', {}, `${value}${unit}`);
  input.addEventListener('input', () => {
    shown.textContent = `${input.value}${unit}`;
  });
  return [h('label', { class: 'field slider' }, h('span', {}, label), input, shown), input];
}

/** A read-only "name: value" line whose value is updated by ``set``. */
export function readout(label: string, role: string): [HTMLElement, (value: string) => void] {
  const value = h('span', { class: 'value', 'data-role': role }, '…');
  return [
    h('div', { class: 'readout' }, h('span', { class: 'label' }, label), value),
    (text: string) => {
      if (value.textContent !== text) value.textContent = text;
    },
  ];
}

export function fmt(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

/** A JSON value as short readable text for a readings table. */
export function show(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The message of any thrown thing (Connect errors carry "[code] message"). */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
