// The last step of `npm test`, which needs no database server: says which suites it left to
// `npm run test:pg` (the Jest project `pg`), as Jest itself finds them, so none is skipped silently.
import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';

const found = execFileSync(process.execPath, ['node_modules/jest/bin/jest.js', '--selectProjects', 'pg', '--listTests', '--json'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
});
const files = JSON.parse(found)
  .map((file) => relative(process.cwd(), file))
  .sort();
process.stdout.write(
  files.length > 0 ? `Left to npm run test:pg (they need PostgreSQL): ${files.join(', ')}\n` : 'No suite needs PostgreSQL.\n',
);
