import { drawableText } from '../common/readable-text.js';

/**
 * `value` with every string in it, however deep, made drawable (drawableText): what the
 * renderers get, so that a character stored before the input rules (a NUL in a village name)
 * shows as □ instead of failing a PDF or a picture or making an SVG invalid XML.
 *
 * Arrays and objects are copied, an object of a class as a plain object of its own fields (as a
 * structured clone would send it to a worker); numbers, booleans, null, Dates and binary data are
 * kept as they are. Object keys are the program's own and are left alone.
 */
export function drawableStrings<T>(value: T): T {
  return drawable(value) as T;
}

function drawable(value: unknown): unknown {
  if (typeof value === 'string') return drawableText(value);
  if (Array.isArray(value)) return value.map(drawable);
  if (value === null || typeof value !== 'object' || value instanceof Date || ArrayBuffer.isView(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, drawable(v)]));
}
