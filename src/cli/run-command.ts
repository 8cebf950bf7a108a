import { errorText } from '../common/errors.js';

/**
 * Runs a command's `main` on its arguments and exits with the code it answers; if it throws,
 * writes `failure` and the error's text to standard error and exits with `failureExitCode`.
 */
export function runCommand(main: (argv: string[]) => Promise<number>, failure: string, failureExitCode = 1): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${failure}${errorText(error)}\n`);
      process.exit(failureExitCode);
    },
  );
}
