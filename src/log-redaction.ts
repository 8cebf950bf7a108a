/**
 * What of a request's URL may go into the log. People type ID-card and phone numbers into the
 * search (`q=13912345678`), with or without spaces and dashes, so in the query every run of six
 * or more digits (of any script, with anything but letters between them) becomes
 * asterisks, separators kept (a date written YYYY-MM-DD is kept). In the path only runs longer than any id (ten digits) are: a
 * household id is the one thing an engineer needs to read there.
 */

/** A decimal digit of any script: ASCII, full-width, Arabic-Indic… */
const DIGIT = '\\p{Nd}';
/**
 * What may stand between the digits of one number: anything but a letter, a digit or the
 * query's own `&` and `=` (spaces, dashes, dots, slashes, brackets, zero-width characters…).
 */
const SEPARATOR = '[^\\p{L}\\p{Nd}&=]*';
/** Six digits or more in a query value: the shortest ID-card or phone fragment worth hiding. */
const QUERY_DIGIT_RUN = new RegExp(`${DIGIT}(?:${SEPARATOR}${DIGIT}){5,}`, 'gu');
/** Eleven digits or more in the path: longer than MAX_ID (2147483647), so never an id. */
const PATH_DIGIT_RUN = new RegExp(`${DIGIT}(?:${SEPARATOR}${DIGIT}){10,}`, 'gu');
const ANY_DIGIT = new RegExp(DIGIT, 'gu');

/** Dates (`asOf=2021-12-23`) are in every report URL and never personal data. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const starDigits = (run: string) => (DATE.test(run) ? run : run.replace(ANY_DIGIT, '*'));

/** Decoded for matching (so `%20` and `+` count as the spaces they are); the raw text when it doesn't decode. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** `url` (path and query, as a request line has it) with the digit runs that could be personal data starred. */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  const safePath = decoded(path).replace(PATH_DIGIT_RUN, starDigits);
  if (mark < 0) return safePath;
  return `${safePath}?${decoded(url.slice(mark + 1)).replace(QUERY_DIGIT_RUN, starDigits)}`;
}

/** Free text a person typed (a username tried at sign-in), with runs of six or more digits starred. */
export function redactDigits(text: string): string {
  return text.replace(QUERY_DIGIT_RUN, starDigits);
}
