import { getMetadataStorage, type ValidationError } from 'class-validator';
import { checkInContext, explainCheckedString } from './checked-string.decorator.js';
import { ValidationFailedException } from './errors.js';
import { type FieldIssue, type FieldProblem, isFieldCode } from './messages/catalogue.js';
import { issue } from './messages/problem.js';

/**
 * class-validator's failures as catalogue field problems, so that their messages can be given
 * in the request's language: each constraint by its name (class-validator's own, isInt, min,
 * maxLength …, and ours), with the decorator's parameters (the 50 of `@MaxLength(50)`).
 *
 * A field reports one problem, the most basic one it has: `villageId: "x"` fails isInt, min and
 * max, and is told it must be an integer; a field left out (undefined) that is not
 * `@IsOptional()` is told it is required, whatever its rules; an unknown key is named as it was
 * sent (`villageId[]`), not by the label of a field it resembles.
 */

type Constraints = readonly unknown[];

/** Where a failure was found: the key as sent, and the path of the object that held it ('' at the top). */
interface Place {
  readonly key: string;
  readonly within: string;
}

/** In the order a field reports them: the first that failed is the one it reports. */
const CONSTRAINT_ISSUES: readonly (readonly [string, (constraints: Constraints, place: Place) => FieldIssue])[] = [
  ['whitelistValidation', (_, place) => issue('unknown_field', { key: place.key, within: place.within })],
  ['isDefined', () => issue('required')],
  ['isNotEmpty', () => issue('required')],
  // Before nestedValidation: a list of items sent as a string (`scope: "x"`) fails both, and is
  // told it must be a list, not an object.
  ['isArray', () => issue('not_an_array')],
  ['nestedValidation', () => issue('not_an_object')],
  ['isObject', () => issue('not_an_object')],
  ['isString', () => issue('not_a_string')],
  ['isInt', () => issue('not_an_integer')],
  ['isBoolean', () => issue('not_a_boolean')],
  ['isIn', ([allowed]) => issue('not_one_of', { allowed: Array.isArray(allowed) ? allowed.map(String) : [] })],
  ['isCalendarDate', () => issue('not_a_date')],
  ['min', ([min]) => issue('too_small', { min: Number(min) })],
  ['max', ([max]) => issue('too_large', { max: Number(max) })],
  ['minLength', ([min]) => issue('too_short', { min: Number(min) })],
  ['maxLength', ([max]) => issue('too_long', { max: Number(max) })],
  ['arrayMaxSize', ([max]) => issue('too_many_items', { max: Number(max) })],
];

const RANK = new Map(CONSTRAINT_ISSUES.map(([name], i) => [name, i]));

/** The constraint names this module knows by name (others are known by their context: see below). */
export const KNOWN_CONSTRAINTS: ReadonlySet<string> = new Set(RANK.keys());

/** The 400 the validation pipe answers with: every field that failed, and why. */
export function validationException(errors: readonly ValidationError[]): ValidationFailedException {
  return new ValidationFailedException(fieldProblems(errors));
}

/** Flattens class-validator errors, nested ones included, into one problem per failing field. */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = fieldPath(parent, error.property);
    const own = firstProblem(error, field, { key: error.property, within: parent });
    return [...(own ? [own] : []), ...fieldProblems(error.children ?? [], field)];
  });
}

/** `scope` + `0` → `scope[0]`; `scope[0]` + `level` → `scope[0].level`. */
function fieldPath(parent: string, property: string): string {
  if (!parent) return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

function firstProblem(error: ValidationError, field: string, place: Place): FieldProblem | null {
  const names = Object.keys(error.constraints ?? {});
  if (names.length === 0) return null;
  const [first] = [...names].sort((a, b) => (RANK.get(a) ?? RANK.size) - (RANK.get(b) ?? RANK.size));
  // class-validator skips an @IsOptional() property that is undefined, so a failure with the
  // value undefined is a required field left out (`isString` would say it must be text). An
  // unknown key always has a value: it was sent.
  if (first !== 'whitelistValidation' && error.value === undefined) return { ...issue('required'), field };
  return problemOf(error, first, field, place);
}

/**
 * A constraint's problem:
 * - a CheckedString rule (readable text, ID-card and phone numbers) carries its check in its
 *   context, and says itself what is wrong with the value (for a rule declared with
 *   `{ each: true }`, with the array's first bad item);
 * - a decorator may name its field code in its context (`@Matches(re, { context: { code:
 *   'invalid_username' } })`);
 * - else the constraint by name, and `invalid_value` for one this module does not know.
 */
function problemOf(error: ValidationError, constraint: string, field: string, place: Place): FieldProblem {
  const context = error.contexts?.[constraint] as { code?: unknown } | undefined;
  const checked = checkInContext(context);
  if (checked) {
    const { index, issue: found } = explainCheckedString(checked.check, error.value, checked.each);
    return { ...found, field: index === null ? field : `${field}[${index}]` };
  }
  const code = context?.code;
  if (isFieldCode(code)) return { ...(issue as (code: string) => FieldIssue)(code), field };
  const known = CONSTRAINT_ISSUES.find(([name]) => name === constraint);
  return { ...(known ? known[1](constraintValues(error, constraint), place) : issue('invalid_value')), field };
}

/**
 * The parameters the decorator was given (`@MaxLength(50)` → [50]), read from class-validator's
 * metadata for the object that failed (errors carry it as `target`).
 */
function constraintValues(error: ValidationError, constraint: string): Constraints {
  const target = error.target;
  if (!target) return [];
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === error.property && m.name === constraint);
  return metadata?.constraints ?? [];
}
