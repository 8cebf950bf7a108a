import { parseArgs } from 'node:util';

export interface ImportArgs {
  file: string;
  commit: boolean;
  skipInvalid: boolean;
  replacePlaceholders: boolean;
  /** The account the import is recorded as (its scope and role apply). */
  user: string;
}

export const IMPORT_USAGE = `Usage: npm run import -- LEDGER.xlsx|LEDGER.csv [--commit] [--skip-invalid] [--replace-placeholders] [--user USERNAME]
  Validates the ledger and prints its summary and invalid rows; with --commit also imports it
  (all rows or none; --skip-invalid imports the valid rows when some are invalid).
  --replace-placeholders removes the placeholder households of the villages the file fills.
  --user: the account the import is recorded as, with its role and scope (default admin).
  Exit codes: 0 done, 1 invalid rows (nothing imported), 2 wrong arguments, 3 file refused or import failed.`;

/** Exit codes of `npm run import`. */
export const IMPORT_EXIT = { done: 0, invalidRows: 1, usage: 2, failed: 3 } as const;

/** Reads the import command's arguments; throws an Error whose message says what is wrong. */
export function parseImportArgs(argv: string[]): ImportArgs {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        commit: { type: 'boolean' },
        'skip-invalid': { type: 'boolean' },
        'replace-placeholders': { type: 'boolean' },
        user: { type: 'string' },
      },
    });
  } catch (error) {
    throw new Error(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const { values, positionals } = parsed;
  const problems: string[] = [];
  if (positionals.length !== 1) problems.push('name exactly one ledger file (.xlsx or .csv)');
  const skipInvalid = values['skip-invalid'] === true;
  const commit = values.commit === true;
  if (skipInvalid && !commit) problems.push('--skip-invalid only means something with --commit');
  const user = (values.user as string | undefined) ?? 'admin';
  if (user.trim() === '') problems.push('--user must name an account');
  if (problems.length > 0) throw new Error(problems.join('; '));
  return { file: positionals[0], commit, skipInvalid, replacePlaceholders: values['replace-placeholders'] === true, user };
}
